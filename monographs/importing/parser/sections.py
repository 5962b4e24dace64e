"""Split a monograph's blocks into sections: the section kinds, the names and headings
that open them, and the sections whose text is kept as it is (usage, how it works)."""

import re
from typing import NamedTuple

from monographs.importing.parser.blocks import Block
from monographs.importing.parser.common import (
    is_disclaimer,
    item_body,
    join,
    keep_blocks,
    names_ingredient,
    normalise_label,
    split_label,
)
from monographs.importing.parser.meta_text import add_editor_note
from monographs.text import clean_inline

GENERIC, USAGE, DOSAGE, SIDE_EFFECTS, MECHANISM = "generic", "usage", "dosage", "side", "mech"
PRECAUTIONS, INTERACTIONS, FAQS, DISCLAIMER, OTHER = "prec", "inter", "faqs", "disc", "other"
EDITOR_NOTES = "editor"

# Exact section names, for bold labels that stand for a heading (`**Usage:**`).
SECTION_NAMES = {
    "generic name": GENERIC, "generic names": GENERIC,
    "usage": USAGE, "uses": USAGE, "indications": USAGE, "indications and usage": USAGE,
    "dosage": DOSAGE, "dosing": DOSAGE, "dosage and administration": DOSAGE,
    "side effects": SIDE_EFFECTS, "adverse effects": SIDE_EFFECTS,
    "adverse reactions": SIDE_EFFECTS,
    "how it works": MECHANISM, "mechanism of action": MECHANISM, "mechanism": MECHANISM,
    "precautions": PRECAUTIONS, "warnings and precautions": PRECAUTIONS,
    "precautions and warnings": PRECAUTIONS,
    "interactions": INTERACTIONS, "drug interactions": INTERACTIONS,
    "faqs": FAQS, "faq": FAQS, "frequently asked questions": FAQS,
    "disclaimer": DISCLAIMER,
    # What the export writes of the editor notes, as a quotation (exporting.py).
    "notes for editors": EDITOR_NOTES,
}  # fmt: skip

# Keywords for headings that name a section in other words ("Side Effects of Aspirin").
HEADING_KEYWORDS = [
    (("side effect", "adverse"), SIDE_EFFECTS),
    (("how it works", "how does it work", "mechanism"), MECHANISM),
    (("faq", "frequently asked", "questions"), FAQS),
    (("dosage", "dosing", "dose"), DOSAGE),
    (("interaction",), INTERACTIONS),
    (("precaution", "warning", "contraindication"), PRECAUTIONS),
    (("generic name",), GENERIC),
    (("usage", "uses", "indication", "used for", "what is"), USAGE),
    (("disclaimer",), DISCLAIMER),
]


def label_kind(text):
    """The section a label names: "Usage", or one with a remark ("FAQs (for each part)")."""
    name = normalise_label(text)
    if name in SECTION_NAMES:
        return SECTION_NAMES[name]
    before, bracket, _ = name.partition(" (")
    return SECTION_NAMES.get(before) if bracket else None


def heading_kind(text):
    # "Generic Name: Aspirin" names its section before the colon, whatever the value says.
    kind = label_kind(text) or label_kind(text.partition(":")[0])
    if kind:
        return kind
    name = normalise_label(text)
    for keywords, kind in HEADING_KEYWORDS:
        if any(keyword in name for keyword in keywords):
            return kind
    return OTHER


class Section(NamedTuple):
    kind: str
    heading: str
    blocks: list
    # The ingredient that a combination's per-ingredient sections describe ("Citicoline").
    part: str = ""


def split_sections(blocks, monograph):
    """[Section] in document order; text before any heading is OTHER.

    A combination may describe each ingredient in turn: a heading or a bold label with
    nothing under it but sections (`### Citicoline`, then its own Generic Name, Usage...).
    Those sections carry the ingredient as their part.
    """
    sections = [Section(OTHER, "", [])]
    for block in blocks:
        if block.kind == "heading" and block.level == 1:
            continue
        if block.kind == "heading":
            kind = heading_kind(block.text)
            # "**Tamsulosin:**" then "### Generic Name": the label names the ingredient.
            label = bare_label(sections[-1].blocks[-1]) if sections[-1].blocks else ""
            part = None
            if kind != OTHER and label and names_ingredient(label, monograph):
                part = pop_part_label(sections[-1])
            start_section(sections, kind, clean_inline(block.text), part)
            continue
        if block.kind == "list" and section_items(block) >= 2:
            part = pop_part_label(sections[-1])
            for item in block.items:
                label, rest = split_label(item.text)
                kind = label_kind(label) if label else None
                if kind and kind != DISCLAIMER:
                    start_section(sections, kind, label, part)
                    if rest:
                        sections[-1].blocks.append(Block("paragraph", item_body(item, rest), rest))
                    if item.children:
                        sections[-1].blocks.append(Block("list", "", items=item.children))
                else:
                    sections[-1].blocks.append(Block("list", f"* {item.source}", items=[item]))
            continue
        if block.kind == "paragraph":
            label, rest = split_label(block.text)
            kind = label_kind(label) if label else None
            if kind == sections[-1].kind and normalise_label(label) not in SECTION_NAMES:
                kind = None  # "**Side Effects (1-10%):**" in Side Effects labels a group
            if kind and kind != DISCLAIMER and not rest:
                start_section(sections, kind, label)
                continue
            # "**Interactions:** text" among precautions is a precaution, not a new section.
            inside_precautions = sections[-1].kind == PRECAUTIONS and kind == INTERACTIONS
            if kind and kind != DISCLAIMER and not inside_precautions:
                if kind != sections[-1].kind:
                    start_section(sections, kind, label)
                block = Block("paragraph", rest, rest)
        sections[-1].blocks.append(block)
    return [section for section in sections if section.blocks or section.kind != OTHER]


def start_section(sections, kind, heading, part=None):
    """Open a section; it keeps the current part unless a new one is given or begins."""
    current = sections[-1]
    if part is None:
        if current.kind == OTHER and current.heading and not current.blocks:
            part = current.heading  # an empty heading over sections names their ingredient
        else:
            part = "" if kind == OTHER else current.part
    sections.append(Section(kind, heading, [], part))


def pop_part_label(section):
    """The bare `**Ingredient:**` label that ends a section, removed; else its part."""
    label = bare_label(section.blocks[-1]) if section.blocks else ""
    if not label or label_kind(label):
        return section.part
    section.blocks.pop()
    return label


# Possessive white space: a run of spaces is read once, not once for every way to split it.
BARE_LABEL = re.compile(r"^\*\*(?P<label>[^*\n]{1,150}?)\s*+:?\s*+\*\*\s*:?$")


def bare_label(block):
    """'**Citric Acid**' or '**Citric Acid:**' as a whole paragraph -> "Citric Acid"."""
    match = BARE_LABEL.match(block.text.strip()) if block.kind == "paragraph" else None
    return clean_inline(match["label"]) if match else ""


def section_items(block):
    """How many items of a list are labelled with a section name (`* **Usage:** ...`)."""
    labels = (split_label(item.text)[0] for item in block.items)
    return sum(1 for label in labels if label and label_kind(label))


def keep_unstructured(monograph, section):
    """Text that fits no field stays in the monograph, under its section's heading."""
    keep_blocks(monograph, section.heading, section.blocks)


def parse_usage(monograph, section):
    monograph.usage = join([monograph.usage, body_of(section.blocks)])


def parse_mechanism(monograph, section):
    monograph.mechanism = join([monograph.mechanism, body_of(section.blocks)])


QUOTE_MARK = re.compile(r"^ {0,3}> ?", re.MULTILINE)


def parse_editor_notes(monograph, section):
    """The editor notes as exported: quoted, so that no heading in them opens a section."""
    for block in section.blocks:
        add_editor_note(monograph, QUOTE_MARK.sub("", block.source))


def parse_disclaimer(monograph, section):
    """The medical disclaimer is site-wide text, shown on every page: not stored per drug."""


def body_of(blocks):
    return join(block.source for block in blocks if not is_disclaimer(block))
