"""Read a monograph file: its bytes as text, the YAML front matter, the title, then each
section handed to its parser."""

import re

import yaml

from monographs.importing.data import Monograph, MonographError
from monographs.importing.files import refuse_if_too_large
from monographs.importing.parser.blocks import parse_blocks
from monographs.importing.parser.brand_names import find_brand_names
from monographs.importing.parser.common import first_sentence
from monographs.importing.parser.dosage import parse_dosage
from monographs.importing.parser.drug_class import set_class_and_availability
from monographs.importing.parser.faqs import parse_faqs
from monographs.importing.parser.generic_name import parse_generic
from monographs.importing.parser.interactions import parse_interactions, settle_interactions
from monographs.importing.parser.meta_text import set_aside_meta_text
from monographs.importing.parser.precautions import parse_precautions
from monographs.importing.parser.sections import (
    DISCLAIMER,
    DOSAGE,
    EDITOR_NOTES,
    FAQS,
    GENERIC,
    INTERACTIONS,
    MECHANISM,
    OTHER,
    PRECAUTIONS,
    SIDE_EFFECTS,
    USAGE,
    keep_unstructured,
    parse_disclaimer,
    parse_editor_notes,
    parse_mechanism,
    parse_usage,
    split_sections,
)
from monographs.importing.parser.side_effects import parse_side_effects
from monographs.limits import MAX_MONOGRAPH_LINES, MAX_NAME_CHARACTERS
from monographs.text import clean_inline, without_invisible

# libyaml's loader where PyYAML was built with it: the same safe subset, much faster.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

FRONT_MATTER_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)


def decode(data: bytes) -> str:
    """File bytes -> text, or a MonographError saying why they are not a monograph."""
    if not data.strip():
        raise MonographError("the file is empty")
    refuse_if_too_large(len(data))
    if b"\x00" in data:
        raise MonographError("binary file, not Markdown text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex()
        raise MonographError(
            f"not UTF-8 text: invalid byte 0x{bad} at position {error.start}"
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Refused before the Markdown is parsed: markdown-it spends about 0.1 ms on a line.
    lines = text.count("\n") + 1
    if lines > MAX_MONOGRAPH_LINES:
        raise MonographError(
            f"the file is too long: {lines:,} lines, where a monograph may have "
            f"{MAX_MONOGRAPH_LINES:,}"
        )
    # Zero-width and bidi control characters go from every field, so that no title or
    # term is a look-alike of another (text.clean_line folds the rest in single lines).
    return without_invisible(text)


def split_front_matter(text: str) -> tuple[dict, str]:
    if not text.startswith("---"):
        raise MonographError("no YAML front matter: the file must start with a '---' line")
    first_line_end = text.find("\n")
    if first_line_end == -1 or text[:first_line_end].strip() != "---":
        raise MonographError("no YAML front matter: the file must start with a '---' line")
    closing = FRONT_MATTER_FENCE.search(text, first_line_end + 1)
    if closing is None:
        raise MonographError("the YAML front matter is not closed by a '---' line")
    raw = text[first_line_end + 1 : closing.start()]
    try:
        data = yaml.load(raw, Loader=SafeLoader) if raw.strip() else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        problem = getattr(error, "problem", None) or "invalid syntax"
        raise MonographError(f"the front matter is not valid YAML: {problem}{where}") from None
    if not isinstance(data, dict):
        raise MonographError("the front matter must be YAML keys and values (like 'title: ...')")
    return data, text[closing.end() :]


# A file without sections but with this much text is still a monograph (some sources say
# in prose why they cannot describe a product): it is kept as text for an editor to review.
MIN_UNSECTIONED_TEXT = 200


def parse_monograph(data: bytes) -> Monograph:
    """Parse a monograph file's bytes, raising MonographError for a file that is unusable."""
    text = decode(data)
    front_matter, body = split_front_matter(text)
    blocks = parse_blocks(body)

    title = front_matter.get("title")
    if title is not None and not isinstance(title, str | int | float):
        raise MonographError("the front matter 'title' must be text")
    title = clean_inline(str(title)) if title is not None else ""
    if not title:
        title = next(
            (clean_inline(b.text) for b in blocks if b.kind == "heading" and b.level == 1), ""
        )
    if not title:
        raise MonographError("no title: neither a 'title' in the front matter nor a '# Title' line")
    if len(title) > MAX_NAME_CHARACTERS:
        raise MonographError(
            f"the title is {len(title):,} characters long; a title may have {MAX_NAME_CHARACTERS:,}"
        )

    monograph = Monograph(title=title, front_matter=front_matter)
    sections = split_sections(set_aside_meta_text(blocks, monograph), monograph)
    monograph.has_sections = any(section.kind != OTHER for section in sections)
    text = len(monograph.editor_notes) + sum(
        len(block.source) for section in sections for block in section.blocks
    )
    if not monograph.has_sections and text < MIN_UNSECTIONED_TEXT:
        raise MonographError(
            "no sections: expected headings such as '### Usage', '### Dosage', '### Side Effects'"
        )
    for section in sections:
        SECTION_PARSERS[section.kind](monograph, section)
    settle_interactions(monograph)
    monograph.brand_names = find_brand_names(
        front_matter, body, own_names=(title, monograph.generic_name)
    )
    set_class_and_availability(monograph)
    monograph.summary = first_sentence(monograph.usage)
    return monograph


SECTION_PARSERS = {
    GENERIC: parse_generic,
    USAGE: parse_usage,
    DOSAGE: parse_dosage,
    SIDE_EFFECTS: parse_side_effects,
    MECHANISM: parse_mechanism,
    PRECAUTIONS: parse_precautions,
    INTERACTIONS: parse_interactions,
    FAQS: parse_faqs,
    DISCLAIMER: parse_disclaimer,
    EDITOR_NOTES: parse_editor_notes,
    OTHER: keep_unstructured,
}
