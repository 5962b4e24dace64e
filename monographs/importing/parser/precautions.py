"""Parse a Precautions section into precautions of a kind, and the interacting drugs
that each one names."""

import re

from monographs.importing.data import PrecautionEntry
from monographs.importing.parser.common import is_disclaimer, item_body, split_label
from monographs.importing.parser.interaction_names import (
    INTERACTION_CUE,
    find_interactions,
    topic_interactions,
)
from monographs.models import Precaution
from monographs.text import clean_inline

Kind = Precaution.Kind

# Whole words from the start: "Precautions" is no caution, "Calcium Lactate" no lactation.
PRECAUTION_KINDS = [
    (re.compile(r"\bcontraindicat|\bdo not use\b|\bwho should not\b"), Kind.CONTRAINDICATION),
    (re.compile(r"\binteract"), Kind.INTERACTION),
    (re.compile(r"\bpregnan|\bbreast|\blactation\b|\blactating\b|\bnursing\b"), Kind.PREGNANCY),
    (re.compile(r"\bwarnings?\b|\bcautions?\b|\bmonitor|\bboxed\b"), Kind.WARNING),
]


def precaution_kind(topic):
    lowered = topic.lower()
    for pattern, kind in PRECAUTION_KINDS:
        if pattern.search(lowered):
            return kind
    return Precaution.Kind.OTHER


def add_precaution(monograph, topic, text, default_kind=Precaution.Kind.OTHER):
    kind = precaution_kind(topic) if topic else default_kind
    monograph.precautions.append(
        PrecautionEntry(text=text, topic=clean_inline(topic)[:200], kind=kind)
    )
    if kind == Precaution.Kind.INTERACTION:
        add_interactions(monograph, find_interactions(text, exclude=monograph.title))
    else:
        # Other precautions name interactions too: their topic ("Alcohol"), or sentences
        # that say so ("Avoid concomitant use of ketoconazole").
        cued = not INTERACTION_CUE.search(topic)
        add_interactions(monograph, topic_interactions(topic, text, monograph.title))
        add_interactions(monograph, find_interactions(text, monograph.title, cued=cued))


def add_interactions(monograph, found):
    """Add the interactions found; a drug named again is dropped once the parse is done
    (distinct_interactions), since a check against all the others here would make a
    list of thousands quadratic."""
    monograph.interactions.extend(found)


def distinct_interactions(entries):
    """The first interaction of each name (in any case), in order."""
    seen, kept = set(), []
    for entry in entries:
        if entry.name.lower() not in seen:
            seen.add(entry.name.lower())
            kept.append(entry)
    return kept


def parse_precautions(monograph, section):
    for block in section.blocks:
        if is_disclaimer(block):
            continue
        if block.kind == "list":
            for item in block.items:
                label, rest = split_label(item.text)
                text = item_body(item, rest) if label else item.source
                add_precaution(monograph, label, text)
        elif block.kind == "paragraph":
            label, rest = split_label(block.text)
            add_precaution(monograph, label, rest if label else block.source)
        else:
            add_precaution(monograph, "", block.source)
