"""Helpers that every section parser shares: bold labels, list items, parentheticals,
ingredient names, and joining or shortening text."""

import re

from monographs.importing.parser.meta_text import add_editor_note, without_empty_headings
from monographs.limits import MAX_NAME_CHARACTERS
from monographs.text import clean_inline


def normalise_label(text):
    return re.sub(r"\s+", " ", re.sub(r"[*_#:`]", " ", text)).strip().lower()


BOLD_LABEL = re.compile(
    r"^\*\*(?P<label>[^*\n]{1,150}?)\s*+(?::\s*+\*\*|\*\*\s*+:)\s*(?P<rest>.*)$", re.DOTALL
)


def as_label(text):
    """A label, topic or name as stored: plain text, or "" for one too long to be one (the
    caller keeps that text where it keeps the rest)."""
    label = clean_inline(text)
    return label if len(label) <= MAX_NAME_CHARACTERS else ""


def split_label(text):
    """'**Label:** rest' -> ("Label", "rest"); text without such a label -> ("", text)."""
    match = BOLD_LABEL.match(text.strip())
    if not match:
        return "", text.strip()
    return match["label"].strip(), match["rest"].strip()


# Labels of a remark, not of a dose or a side effect ("**Important Note:** ...").
NOTE_LABELS = re.compile(r"^(?:important\s+)?notes?$|^important$|^remember$|^caution$", re.I)


# A weight or age band as a label: "<60 kg", "10–20 kg", "2 to 6 years".
BAND = re.compile(
    r"^[<>≤≥~]?\s*\d[\d.,]*\s*(?:(?:-|–|to)\s*\d[\d.,]*\s*)?"
    r"(?:kg|lbs?|years?|yrs?|months?|weeks?|m²|m2)\b",
    re.IGNORECASE,
)


def plain_label(text):
    """'Children over 5: 10 mg daily' -> ("Children over 5", "10 mg daily"), and a band:
    '10–20 kg: 5 mL' -> ("10–20 kg", "5 mL"); else ("", text)."""
    head, colon, rest = text.partition(": ")
    head, rest = head.strip(), rest.strip()
    is_label = (
        colon
        and rest
        and (head[:1].isupper() or BAND.match(head))
        and len(head.split()) <= 10
        and head.count("(") == head.count(")")
        and not re.search(r"[.;*_`\[]", head)
    )
    return (head, rest) if is_label else ("", text.strip())


def is_disclaimer(block):
    label, _ = split_label(block.text) if block.kind == "paragraph" else ("", "")
    return normalise_label(label) == "disclaimer"


def keep_blocks(monograph, heading, blocks):
    """Text that fits no field goes to "More information" under its heading; a heading
    or label left empty there goes to the editor notes instead."""
    blocks, empty = without_empty_headings([b for b in blocks if not is_disclaimer(b)])
    if empty:
        add_editor_note(monograph, with_heading(heading, empty))
    if not blocks:
        return
    monograph.unstructured_blocks += len(blocks)
    monograph.other_notes = join([monograph.other_notes, with_heading(heading, blocks)])


def with_heading(heading, blocks):
    body = join(block.source for block in blocks)
    return f"### {heading}\n\n{body}" if heading else body


def item_body(item, rest):
    """A labelled item's text after its label, with any nested list kept as Markdown."""
    source = item.source
    # After the label's colon: a rest that starts with the label's words is not found in it.
    label_end = source.find(rest[:20], source.find(":") + 1) if rest else -1
    return source[label_end:].strip() if label_end >= 0 else rest


def split_outside_parentheses(text, separators=",;"):
    parts, depth, current = [], 0, []
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(depth - 1, 0)
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


PARENTHESIS = re.compile(r"[()]")


def without_parentheses(text):
    """Text with every parenthetical, nested ones included, removed; a parenthesis that
    closes nothing, or is never closed, stays.

    In one pass, each ")" closing the nearest open "(": what removing the innermost
    parentheticals again and again gives, without a pass per level of nesting.
    """
    if "(" not in text:
        return text
    opened, removed = [], []  # removed: (start, end) of the outermost closed pairs so far
    for found in PARENTHESIS.finditer(text):
        if found[0] == "(":
            opened.append(found.start())
        elif opened:
            start = opened.pop()
            while removed and removed[-1][0] > start:
                removed.pop()  # a pair inside this one
            removed.append((start, found.end()))
    kept, position = [], 0
    for start, end in removed:
        kept.append(text[position:start])
        position = end
    return "".join(kept) + text[position:]


def ingredient_keys(monograph):
    """The ingredients of a combination, lower case, without parentheticals; "A/B" is both."""
    return {
        part.strip().lower()
        for name in monograph.ingredient_names
        for part in without_parentheses(name).split("/")
        if part.strip()
    }


def names_ingredient(term, monograph):
    return without_parentheses(term).strip().lower() in ingredient_keys(monograph)


def join(parts):
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def first_sentence(markdown_text):
    if not markdown_text:
        return ""
    first_paragraph = clean_inline(markdown_text.split("\n\n")[0])
    sentence = SENTENCE_END.split(first_paragraph, maxsplit=1)[0]
    return sentence if len(sentence) <= 500 else sentence[:497].rsplit(" ", 1)[0] + "…"
