"""Split Markdown into top-level blocks with markdown-it's tokens, keeping each block's source.

The importer reasons about blocks (headings, paragraphs, list items) rather than lines,
so a list item that wraps over several lines, or holds a nested list, stays one unit.
"""

import re
import textwrap
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

# Only the block structure is needed: an inline token's content is its raw Markdown,
# which is what the importer keeps, so inline parsing (most of the time) is skipped.
_md = MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])

LIST_MARKER = re.compile(r"^\s*(?:[*+-]|\d{1,3}[.)])\s+")


@dataclass
class Item:
    """One list item: the text of its first paragraph, nested items, and its whole source."""

    text: str
    children: list["Item"] = field(default_factory=list)
    source: str = ""


@dataclass
class Block:
    kind: str  # "heading", "paragraph", "list" or "other"
    source: str
    text: str = ""
    level: int = 0
    ordered: bool = False
    items: list[Item] = field(default_factory=list)


def _close_index(tokens, start):
    """Index of the token that closes tokens[start] (itself when it closes nothing)."""
    opener = tokens[start]
    if opener.nesting != 1:
        return start
    for index in range(start + 1, len(tokens)):
        token = tokens[index]
        if token.nesting == -1 and token.level == opener.level:
            return index
    return len(tokens) - 1


def _source(lines, token):
    if not token.map:
        return token.content
    begin, end = token.map
    return textwrap.dedent("\n".join(lines[begin:end])).strip("\n").rstrip()


def _item_source(lines, token):
    """A list item's source with its marker removed and its body dedented."""
    begin, end = token.map
    first, *rest = lines[begin:end]
    marker = LIST_MARKER.match(first)
    width = marker.end() if marker else 0
    body = [first[width:]] + [line[width:] if line[:width].strip() == "" else line for line in rest]
    return textwrap.dedent("\n".join(body)).strip()


def _items(tokens, lines, start, end):
    items = []
    index = start
    while index < end:
        token = tokens[index]
        close = _close_index(tokens, index)
        if token.type == "list_item_open":
            items.append(_item(tokens, lines, index, close))
        index = close + 1
    return items


def _item(tokens, lines, start, end):
    item = Item(text="", source=_item_source(lines, tokens[start]))
    index = start + 1
    while index < end:
        token = tokens[index]
        close = _close_index(tokens, index)
        if token.type == "paragraph_open" and not item.text:
            item.text = tokens[index + 1].content.strip()
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            item.children.extend(_items(tokens, lines, index + 1, close))
        index = close + 1
    return item


def parse_blocks(markdown_text):
    """The top-level blocks of a Markdown document, in order."""
    lines = markdown_text.split("\n")
    tokens = _md.parse(markdown_text)
    blocks = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        close = _close_index(tokens, index)
        if token.type == "heading_open":
            text = tokens[index + 1].content.strip()
            blocks.append(Block("heading", _source(lines, token), text, level=int(token.tag[1])))
        elif token.type == "paragraph_open":
            text = tokens[index + 1].content.strip()
            blocks.append(Block("paragraph", _source(lines, token), text))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            blocks.append(
                Block(
                    "list",
                    _source(lines, token),
                    ordered=token.type == "ordered_list_open",
                    items=_items(tokens, lines, index + 1, close),
                )
            )
        elif token.type != "hr":
            blocks.append(Block("other", _source(lines, token)))
        index = close + 1
    return blocks
