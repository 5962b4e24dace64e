"""Markdown -> safe HTML, in one place, for public pages and the admin's live preview."""

import re
from functools import lru_cache

import markdown
import nh3
from django.utils.html import escape

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "sub", "sup", "abbr",
    "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# Headings an editor writes as "#" or "##" would clash with the page's own outline,
# so every heading level is pushed below the section headings (h2) of the page.
HEADING_OFFSET = {f"h{level}": f"h{min(level + 2, 6)}" for level in range(1, 7)}


@lru_cache(maxsize=8192)
def render_markdown(text: str) -> str:
    """Render an editor's Markdown to HTML that is safe to show a visitor."""
    if not text:
        return ""
    html = markdown.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    for tag, shifted in sorted(HEADING_OFFSET.items(), reverse=True):
        html = html.replace(f"<{tag}>", f"<{shifted}>").replace(f"</{tag}>", f"</{shifted}>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


def highlight(snippet, start="\x02", end="\x03"):
    """A search snippet (plain text with match markers) as HTML with <mark>ed matches."""
    text = escape(re.sub(r"[*_#`>]+", "", snippet))
    return text.replace(start, "<mark>").replace(end, "</mark>")
