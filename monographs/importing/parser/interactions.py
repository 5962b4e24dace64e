"""Parse an Interactions section: labelled drugs, or prose that names them."""

from monographs.importing.data import InteractionEntry
from monographs.importing.parser.common import is_disclaimer, split_label
from monographs.importing.parser.interaction_names import find_interactions
from monographs.importing.parser.precautions import add_interactions, add_precaution
from monographs.models import Precaution
from monographs.text import clean_inline


def parse_interactions(monograph, section):
    """An Interactions section: '**Drug:** description' bullets, or prose naming drugs."""
    heading = section.heading
    for block in section.blocks:
        if is_disclaimer(block):
            continue
        items = block.items if block.kind == "list" else []
        for item in items:
            label, rest = split_label(item.text)
            if label:
                found = find_interactions(rest, exclude=monograph.title)
                severity = found[0].severity if found else ""
                add_interactions(
                    monograph, [InteractionEntry(clean_inline(label)[:200], rest, severity)]
                )
            else:
                add_precaution(monograph, heading, item.source, Precaution.Kind.INTERACTION)
        if not items:
            add_precaution(monograph, heading, block.source, Precaution.Kind.INTERACTION)
