"""Text about writing the page, not about the drug: set aside for editors, never published.

Machine-written monographs keep remarks of their writer: that it cannot give what was
asked, about "the format requested" or "the template", that the reader should "please
provide" a better name, a note about how a section was written. They are kept, whole,
in the monograph's editor notes, and what visitors read goes on without them. So is a
heading or label left with nothing under it ("**FAQs:**" whose questions were read into
the FAQs).
"""

import re

from monographs.importing.parser.blocks import Block, Item
from monographs.text import clean_inline

# The writer speaking of its own writing: "I cannot provide", "I am unable to find",
# "I will address each ...", "As an AI". Questions a reader asks ("Can I take it if I
# have ...?") have no such verb after the "I".
WRITER = (
    r"\bI\s+(?:cannot|can ?not|can't|could not|couldn't|am unable to|am not able to|"
    r"was unable to|do not have|don't have|will(?: now)?|have (?:not )?(?:included|provided|"
    r"written|assumed|omitted|focused))\s+(?:be able to\s+)?(?:provide|give|offer|find|create|"
    r"write|generate|recommend|answer|fulfil|fulfill|complete|address|focus|outline|"
    r"access|assume|present|describe|include|list|information|specific|detailed)\b|"
    r"\bI'm (?:sorry|unable|not able)\b|\bI apologi[sz]e\b|"
    r"\bas an AI\b|\b(?:AI|large) language model\b"
)
# The request the page was written from: "the format requested", "the template", "the
# prompt", and asking the reader for a better one.
REQUEST = (
    r"\b(?:the|this|your|requested) (?:template|prompt|format requested|requested format)\b|"
    r"\btemplate (?:requests?|requires|asks)\b|\b(?:you|as) requested\b|\byour (?:request|query)\b|"
    r"\bformat (?:you )?requested\b|\bin the (?:requested|specified|given) format\b|"
    r"\bplease (?:provide|specify|clarify|double-check|double check|check the spelling)\b|"
    r"\bif you (?:can )?provide (?:me )?(?:with )?(?:more|additional|the|a)\b"
)
# A note on how the page itself was written: "Note: this section ...", a placeholder.
PAGE_NOTE = (
    r"\bnote:?\s+this (?:section|page|response|monograph)\b|"
    r"\bthis (?:section|response) (?:is|was|has been|will be) (?:left|omitted|intentionally|"
    r"not (?:applicable|included|provided|filled)|a placeholder)\b|"
    r"\[(?:insert|add|specific|placeholder)[^\]]{0,60}\]"
)
META_TEXT = re.compile(f"{WRITER}|{REQUEST}|{PAGE_NOTE}", re.IGNORECASE)


def is_meta_text(text):
    """Whether the text is a remark about writing the page rather than about the drug."""
    return META_TEXT.search(clean_inline(text)) is not None


def set_aside_meta_text(blocks, monograph):
    """The blocks without the paragraphs, headings and list items that are meta-text;
    those go whole to the monograph's editor notes, in their order."""
    kept = []
    for block in blocks:
        if block.kind in ("paragraph", "heading") and is_meta_text(block.text):
            add_editor_note(monograph, block.source)
        elif block.kind == "list" and any(is_meta_text(item.source) for item in block.items):
            items = []
            for item in block.items:
                if is_meta_text(item.source):
                    add_editor_note(monograph, bullet(item))
                else:
                    items.append(item)
            if items:
                kept.append(list_of(block, items))
        else:
            kept.append(block)
    return kept


def add_editor_note(monograph, text):
    monograph.editor_notes = "\n\n".join(filter(None, [monograph.editor_notes, text.strip()]))


def list_of(block, items):
    """The list block with only these items, its source written again from theirs."""
    markers = (f"{number}." if block.ordered else "*" for number in range(1, len(items) + 1))
    source = "\n".join(bullet(item, marker) for item, marker in zip(items, markers, strict=True))
    return Block("list", source, block.text, block.level, block.ordered, items)


def bullet(item: Item, marker="*"):
    first, *rest = item.source.split("\n")
    indent = " " * (len(marker) + 1)
    return "\n".join([f"{marker} {first}", *(f"{indent}{line}" if line else "" for line in rest)])


def heading_rank(block):
    """A heading's level, a bare bold label ("**Sertindole FAQs:**") ranking below every
    heading; None for a block of text."""
    if block.kind == "heading":
        # "### Dosage: not for internal use" says something itself.
        return None if clean_inline(block.text).partition(": ")[2].strip() else block.level
    if block.kind == "paragraph" and BARE_LABEL.match(block.text.strip()):
        return 7
    return None


# "**Label:**" or "**Label**:" alone; a bold line without the colon may be a value.
BARE_LABEL = re.compile(r"^\*\*[^*\n]{1,150}?(?::\*\*|\*\*\s*:)$")


def without_empty_headings(blocks):
    """(kept, empty): headings and bare labels with nothing under them, before the next
    heading of their rank or above, are empty."""
    kept, empty = [], []
    for block in reversed(blocks):
        rank = heading_rank(block)
        following = heading_rank(kept[0]) if kept else 0
        if rank is not None and (not kept or (following is not None and following <= rank)):
            empty.insert(0, block)
        else:
            kept.insert(0, block)
    return kept, empty
