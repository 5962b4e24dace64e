"""Parse an Interactions section (labelled drugs, or prose that names them), and settle
the interactions a whole monograph names."""

from collections import defaultdict

from monographs.importing.data import InteractionEntry
from monographs.importing.parser.common import (
    as_label,
    is_disclaimer,
    split_label,
    without_parentheses,
)
from monographs.importing.parser.interaction_names import (
    ACRONYM,
    find_interactions,
    is_advice,
    is_own,
    match_key,
    own_names,
    same_interaction,
)
from monographs.importing.parser.precautions import (
    add_interactions,
    add_precaution,
    sentences,
    without_sentences,
)
from monographs.models import Precaution

# How many earlier names one name is compared with to find the name it abbreviates (or
# that abbreviates it): enough for any monograph, and no quadratic time on a machine-made
# list of thousands of names.
MAX_ACRONYM_CANDIDATES = 20


def parse_interactions(monograph, section):
    """An Interactions section: '**Drug:** description' bullets, or prose naming drugs.

    A label that is advice ("**Herbal supplements:**", "**Other medications:**") or the
    drug itself is no interaction: its item is kept as text, like an unlabelled one, and
    the drugs its text names are the interactions.
    """
    heading = section.heading
    own = own_names(monograph.title, monograph.generic_name)
    for block in section.blocks:
        if is_disclaimer(block):
            continue
        items = block.items if block.kind == "list" else []
        for item in items:
            label, rest = split_label(item.text)
            name = as_label(label)
            if name and not is_advice(name) and not is_own(name, own):
                found = find_interactions(rest, exclude=monograph.title)
                severity = found[0].severity if found else ""
                add_interactions(monograph, [InteractionEntry(name, rest, severity)])
            else:
                add_precaution(monograph, heading, item.source, Precaution.Kind.INTERACTION)
        if not items:
            add_precaution(monograph, heading, block.source, Precaution.Kind.INTERACTION)


def settle_interactions(monograph):
    """The monograph's interactions, once each: none that is advice or the drug itself,
    and a name with its acronym ("NSAIDs", "Nonsteroidal anti-inflammatory drugs") is one
    interaction, the first, described by both. No description repeats the section's
    lead-in."""
    own = own_names(monograph.title, monograph.generic_name)
    kept, seen = [], {}
    acronyms, spelled_out = defaultdict(list), defaultdict(list)  # by first letter
    for entry in monograph.interactions:
        # "NSAIDs (non-steroidal anti-inflammatory drugs)" as a label is "NSAIDs".
        name = without_parentheses(entry.name).strip()
        key = match_key(name)
        if key in seen:
            # Named again: what the first naming lacks (one named in a lead-in has no
            # description of its own) or does not say comes from the later one.
            first = seen[key]
            if entry.description not in first.description:
                first.description = " ".join(filter(None, [first.description, entry.description]))
            first.severity = first.severity or entry.severity
            continue
        if not key or is_advice(name) or is_own(name, own):
            continue
        twin = acronym_twin(name, key, acronyms, spelled_out)
        if twin is not None:
            describe_also(twin[1], entry)
            continue
        kept.append(entry)
        seen[key] = entry
        if is_acronym(name):
            acronyms[key[0]].append((name, entry))
        elif " " in key:
            spelled_out[key[0]].append((name, entry))
    monograph.interactions = kept
    lead_in = set(sentences(monograph.interaction_notes))
    for entry in kept if lead_in else []:
        if lead_in.intersection(sentences(entry.description)):
            entry.description = without_sentences(entry.description, lead_in)


def is_acronym(name):
    return ACRONYM.fullmatch(name.split()[0]) is not None


def acronym_twin(name, key, acronyms, spelled_out):
    """The earlier (name, entry) that this name abbreviates, or that abbreviates it."""
    others = spelled_out if is_acronym(name) else acronyms
    candidates = others.get(key[0], [])[:MAX_ACRONYM_CANDIDATES]
    return next((other for other in candidates if same_interaction(name, other[0])), None)


def describe_also(entry, twin):
    """Add what the twin's description says to the entry's; an entry only named (in a
    lead-in) takes the name of the twin that describes it too."""
    if twin.description and not entry.description:
        entry.name = twin.name
    if twin.description and twin.description not in entry.description:
        entry.description = " ".join(filter(None, [entry.description, twin.description]))
    entry.severity = entry.severity or twin.severity
