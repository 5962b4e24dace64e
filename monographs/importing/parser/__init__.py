"""Markdown monograph -> plain data. No database access here.

A monograph is Jekyll Markdown: YAML front matter, a `# Title`, then sections such as
Usage, Dosage, Side Effects, How it Works, Precautions and FAQs, each a `### Heading`
(or a bold label on a line of its own). `reading` parses a file; each kind of section has
its parser module.
"""

from monographs.importing.parser.common import normalise_label, split_label
from monographs.importing.parser.dosage import (
    GROUP_SEPARATOR,
    names_condition,
    population_for,
    population_stated,
)
from monographs.importing.parser.doses import plain_start
from monographs.importing.parser.drug_class import FRONT_MATTER_KEYS as CLASS_KEYS
from monographs.importing.parser.drug_class import stated as stated_class_and_availability
from monographs.importing.parser.frequency import group_of
from monographs.importing.parser.mentions import mention
from monographs.importing.parser.reading import parse_monograph
from monographs.importing.parser.sections import SECTION_NAMES

__all__ = [
    "CLASS_KEYS",
    "GROUP_SEPARATOR",
    "SECTION_NAMES",
    "group_of",
    "mention",
    "names_condition",
    "normalise_label",
    "parse_monograph",
    "plain_start",
    "population_for",
    "population_stated",
    "split_label",
    "stated_class_and_availability",
]
