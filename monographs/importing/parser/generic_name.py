"""Parse a Generic Name section: the name (a combination's "A + B"), remarks aside."""

import re

from monographs.importing.parser.blocks import Block
from monographs.importing.parser.common import (
    as_label,
    is_disclaimer,
    keep_blocks,
    split_label,
    without_parentheses,
)
from monographs.text import clean_inline

GENERIC_HEADING_VALUE = re.compile(
    r"^generic names?\s*(?:\([^()]*\))?\s*:\s*(?P<value>\S.*)$", re.IGNORECASE | re.DOTALL
)
# Words that make a line a sentence about the name rather than the name itself.
NOT_A_NAME = re.compile(
    r"^(?:this|these|there|note|please|it|the|a|an|as|because|each|for|since|while)\b|"
    r"\b(?:is|are|was|were|isn't|aren't|doesn't|don't|does|do|has|have|can|cannot|may|might|"
    r"should|will|would|represents?|contains?|refers?|describes?|provides?|exists?)\b|[.!?:;]$",
    re.IGNORECASE,
)
# A parenthetical after the name that comments on it: "(Combination)", "(Note: ...)".
REMARK = re.compile(
    r"^(?:note|this|these|there|it|combination|various|not)\b|"
    r"\b(?:is|are|isn't|aren't|exists?)\b",
    re.IGNORECASE,
)
GENERIC_HEADING = "Generic Name"
# A remark that only says what the " + " of a combination's name says: dropped, as it
# told a visitor nothing under "More information".
RESTATES_COMBINATION = re.compile(
    r"^combination(?: (?:therapy|product|drug|medicine|medication))?$", re.IGNORECASE
)


def parse_generic(monograph, section):
    """The first short line is the name; remarks go to other notes under "Generic Name".

    A combination described ingredient by ingredient has a Generic Name section per
    ingredient, and each adds its name ("A + B"). Any other Generic Name section after
    the first (an export writes the remarks back as one) is all remarks.
    """
    blocks = [block for block in section.blocks if not is_disclaimer(block)]
    value = GENERIC_HEADING_VALUE.match(section.heading)
    if value:
        name, rest = value["value"].strip(), blocks
    elif blocks:
        name, first_rest = name_in(blocks[0])
        rest = [*first_rest, *blocks[1:]]
    else:
        name, rest = "", []
    name, remark = split_remark(name)
    if " + " in name and RESTATES_COMBINATION.match(remark):
        remark = ""
    named = [part.strip().lower() for part in monograph.generic_name.split(" + ") if part]
    joined = " + ".join([*filter(None, [monograph.generic_name]), name])
    if reads_as_name(name) and (not named or section.part) and as_label(joined):
        if name.lower() not in named:
            monograph.generic_name = joined
        remarks = [Block("paragraph", remark, remark)] if remark else []
        keep_blocks(monograph, GENERIC_HEADING, [*remarks, *rest])
    else:
        written = [Block("paragraph", value["value"].strip())] if value else []
        keep_blocks(monograph, GENERIC_HEADING, [*written, *blocks])


def name_in(block):
    """(name, blocks left for remarks) from the first block of a Generic Name section.

    A paragraph is the name when it does not read as a sentence, and so is its first line.
    A list names a combination's components ("* **Povidone-Iodine:** An antiseptic.") and
    is kept as a remark when it describes them.
    """
    if block.kind == "paragraph":
        text = clean_inline(block.text)
        if reads_as_name(text):
            return text, []
        first, _, others = block.source.partition("\n")
        if others.strip() and reads_as_name(clean_inline(first)):
            return clean_inline(first), [Block("paragraph", others.strip(), others.strip())]
    elif block.kind == "list" and block.items:
        components = [component(item.text) for item in block.items]
        if all(name for name, _ in components):
            described = any(description for _, description in components)
            return " + ".join(name for name, _ in components), [block] if described else []
    return "", [block]


def component(text):
    """'**Povidone-Iodine:** An antiseptic.' -> ("Povidone-Iodine", "An antiseptic.")."""
    label, rest = split_label(text)
    if not label:
        label, _, rest = clean_inline(text).partition(": ")
    name = clean_inline(label)
    return (name, rest) if reads_as_name(name) else ("", rest)


def reads_as_name(text):
    plain = without_parentheses(text).strip()
    return 0 < len(plain) <= 200 and not NOT_A_NAME.search(plain)


def split_remark(name):
    """'A + B (Combination)' -> ("A + B", "Combination"); '(Vitamin B1)' stays in the name."""
    start = trailing_parenthetical(name)
    remark = name[start + 1 : -1].strip() if start > 0 else ""
    if not remark or not REMARK.search(remark):
        return name, ""
    return name[:start].rstrip(), remark


def trailing_parenthetical(text):
    """Where the parenthetical that ends the text opens, nesting respected; -1 if none."""
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        if text[index] == ")":
            depth += 1
        elif text[index] == "(" and depth:
            depth -= 1
            if depth == 0:
                return index
        elif not depth:
            return -1
    return -1
