"""Everything an editor types is sanitized before a visitor sees it."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from corpus import pathological
from monographs import rendering
from monographs.limits import MAX_FIELD_CHARACTERS
from monographs.models import Drug
from monographs.rendering import (
    RenderCache,
    beyond_markdown,
    plain_paragraphs,
    render_cache,
    render_markdown,
)

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
        # The site's own script files (page-tools.js): no text of a field reaches them.
        is_own_file = tag == "script" and (dict(attrs).get("src") or "").startswith("/static/")
        if tag in self.DANGEROUS_TAGS and not (is_data or is_own_file):
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


class TestBoundedRendering:
    """Text that Python-Markdown would take seconds over is shown as plain text, at once."""

    @pytest.mark.parametrize("name, text", pathological.texts().items())
    def test_pathological_text_at_the_limit_shows_as_plain_text(self, name, text):
        assert beyond_markdown(text)
        html = render_markdown(text)
        assert html.startswith("<p>") and is_inert(html)
        assert "<li>" not in html and "<blockquote>" not in html
        assert "a" in html or "x" in html

    def test_real_markdown_is_rendered(self):
        text = "**Common:**\n\n* nausea\n    * mild\n* rash\n\n> Note: see [the label](https://a.example)."
        assert beyond_markdown(text) == ""
        assert "<li>nausea" in render_markdown(text)

    @pytest.mark.parametrize(
        "text, reason",
        [
            ("a\n" * 1_000, "more than 1,000 lines"),
            ("*a* " * 5_001, "more than 10,000 Markdown marks"),
            ("word " * 2_001, "more than 10,000 characters between two blank lines"),
            ("[a](b) " * 1_000, "too many links in one paragraph"),
            ("* " * 11 + "a", "nest more than 10 deep"),
            (" " * 44 + "* a", "nest more than 10 deep"),
        ],
    )
    def test_reasons(self, text, reason):
        assert reason in beyond_markdown(text)

    def test_plain_text_is_escaped_and_keeps_lines(self):
        html = plain_paragraphs("<b>x</b>\nsecond line\n\nnext")
        assert html == "<p>&lt;b&gt;x&lt;/b&gt;<br>\nsecond line</p>\n<p>next</p>"

    def test_text_over_the_field_limit_is_cut_short_visibly(self):
        html = render_markdown("word " * (MAX_FIELD_CHARACTERS // 5 + 10))
        assert html.endswith("<p>[…]</p>")
        assert len(html) < MAX_FIELD_CHARACTERS + 100


class TestRenderCache:
    def test_holds_no_more_bytes_than_its_budget(self):
        cache = RenderCache(budget=2_000, largest=1_000)
        for number in range(50):
            cache.put(cache.key(str(number)), f"<p>{number}</p>" + "x" * 200)
        assert 0 < cache.size <= 2_000
        assert len(cache.entries) < 50

    def test_keeps_the_recently_used(self):
        cache = RenderCache(budget=450, largest=450)
        first, second, third = (cache.key(str(n)) for n in range(3))
        cache.put(first, "a" * 150)
        cache.put(second, "b" * 150)
        assert cache.get(first)  # now the most recently used
        cache.put(third, "c" * 150)
        assert cache.get(first) and cache.get(third) and cache.get(second) is None

    def test_a_result_larger_than_its_largest_is_not_kept(self):
        cache = RenderCache(budget=10_000, largest=1_000)
        cache.put(cache.key("big"), "x" * 2_000)
        assert cache.get(cache.key("big")) is None and cache.size == 0

    def test_rendering_large_texts_keeps_the_process_cache_within_budget(self):
        for number in range(60):
            render_markdown(f"{number} " + "word " * 30_000)
        assert render_cache.size <= render_cache.budget

    def test_a_repeated_text_is_rendered_once(self, monkeypatch):
        render_markdown("**cached** once")
        monkeypatch.setattr(rendering, "sanitized_html", lambda text: pytest.fail("rendered"))
        assert render_markdown("**cached** once") == "<p><strong>cached</strong> once</p>"
