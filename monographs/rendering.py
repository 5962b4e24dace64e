"""Markdown -> safe HTML, in one place, for public pages and the admin's live preview."""

import hashlib
import re
import sys
import threading
from collections import OrderedDict

import markdown
import nh3
from django.utils.html import escape

from monographs.limits import MAX_FIELD_CHARACTERS

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

# Python-Markdown's time grows faster than the text with some of its shapes: 1,000 nested
# lists took 18 s, a 200,000-character paragraph of "[" 7 s, one of "[a](" minutes. Text
# beyond any of these limits is shown as plain paragraphs instead. Real monographs have
# up to 23 lines, 64 Markdown marks and 1,181 characters between blank lines in a field,
# nest lists 2 deep and hold no links.
MAX_LINES = 1_000
MAX_MARKS = 10_000
MAX_BLOCK_CHARACTERS = 10_000
MAX_NESTING = 10
# Every "[text](" makes Python-Markdown read on to its ")" or to the end of the block,
# one character at a time: at most this many characters read in all.
MAX_LINK_READING = 2_000_000

MARKS = re.compile(r"[\\<>\[\]()*_`&!#|~^{}]")
BLANK_LINE = re.compile(r"\n[ \t]*\n")
# One line's indentation and the list and quote markers that open it.
LINE_START = re.compile(r"^([ \t]*)((?:(?:[*+-]|\d{1,9}[.)])[ \t]+|>[ \t]?)*)", re.MULTILINE)
MARKER = re.compile(r"[*+-]|\d{1,9}[.)]|>")


def beyond_markdown(text):
    """Why the text is shown as plain text rather than rendered, or "" when it is not.

    Each test reads the text once, so deciding costs far less than rendering.
    """
    if len(text) > MAX_FIELD_CHARACTERS:
        return f"it is longer than {MAX_FIELD_CHARACTERS:,} characters"
    if text.count("\n") >= MAX_LINES:
        return f"it has more than {MAX_LINES:,} lines"
    if len(MARKS.findall(text)) > MAX_MARKS:
        return f"it has more than {MAX_MARKS:,} Markdown marks"
    blocks = BLANK_LINE.split(text)
    if max(map(len, blocks)) > MAX_BLOCK_CHARACTERS:
        return f"it has more than {MAX_BLOCK_CHARACTERS:,} characters between two blank lines"
    if sum(block.count("](") * len(block) for block in blocks) > MAX_LINK_READING:
        return "it has too many links in one paragraph"
    for indent, markers in LINE_START.findall(text):
        if len(indent.expandtabs(4)) // 4 + len(MARKER.findall(markers)) > MAX_NESTING:
            return f"its lists or quotes nest more than {MAX_NESTING} deep"
    return ""


def plain_paragraphs(text):
    """The text as escaped paragraphs, lines kept: how text beyond Markdown is shown. Text
    longer than a field may be (saved before there were limits) is cut short, visibly."""
    shown = text[:MAX_FIELD_CHARACTERS]
    html = "\n".join(
        "<p>" + escape(paragraph.strip("\n")).replace("\n", "<br>\n") + "</p>"
        for paragraph in BLANK_LINE.split(shown)
        if paragraph.strip()
    )
    return html + "\n<p>[…]</p>" if len(shown) < len(text) else html


class RenderCache:
    """Rendered HTML by a digest of its Markdown, least recently used out first.

    Bounded by the bytes it holds, not by its entries: a worker that renders large texts
    (the live preview posts the whole text again as the editor types) keeps at most
    `budget` bytes of HTML, and a result larger than `largest` is not kept at all.
    """

    def __init__(self, budget, largest):
        self.budget = budget
        self.largest = largest
        self.size = 0
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    @staticmethod
    def key(text):
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()

    def get(self, key):
        with self.lock:
            html = self.entries.get(key)
            if html is not None:
                self.entries.move_to_end(key)
            return html

    def put(self, key, html):
        size = sys.getsizeof(html)
        if size > self.largest:
            return
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = html
            self.size += size
            while self.size > self.budget:
                _, dropped = self.entries.popitem(last=False)
                self.size -= sys.getsizeof(dropped)

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0


# Thousands of real fields (their HTML is a few KB each), in 16 MB per process.
render_cache = RenderCache(budget=16_000_000, largest=256_000)


def render_markdown(text: str) -> str:
    """Render an editor's Markdown to HTML that is safe to show a visitor."""
    if not text:
        return ""
    key = render_cache.key(text)
    html = render_cache.get(key)
    if html is None:
        html = plain_paragraphs(text) if beyond_markdown(text) else sanitized_html(text)
        render_cache.put(key, html)
    return html


def sanitized_html(text):
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
