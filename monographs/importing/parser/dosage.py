"""Parse a Dosage section into dosage entries: label, indication, population, route,
and the amount and frequency of a dose."""

import re
from decimal import Decimal, InvalidOperation

from monographs.importing.data import DosageEntry
from monographs.importing.parser.common import (
    NOTE_LABELS,
    is_disclaimer,
    item_body,
    join,
    split_label,
    split_outside_parentheses,
)
from monographs.models import Dosage
from monographs.text import clean_inline

Population = Dosage.Population

POPULATION_KEYWORDS = [
    (("pediatric", "paediatric", "child", "infant", "adolescent", "neonat"), Population.CHILDREN),
    (("elderly", "geriatric", "older", "senior"), Population.OLDER_ADULTS),
    (("renal", "kidney"), Population.RENAL),
    (("hepatic", "liver"), Population.HEPATIC),
    (("adult",), Population.ADULTS),
]
ROUTES = [
    ("subcutaneous", "subcutaneous"), ("under the skin", "subcutaneous"),
    ("intravenous", "intravenous"), ("intramuscular", "intramuscular"),
    ("by mouth", "oral"), ("orally", "oral"), ("oral", "oral"), ("tablet", "oral"),
    ("capsule", "oral"), ("inhal", "inhaled"), ("intranasal", "nasal"), ("nasal spray", "nasal"),
    ("topical", "topical"), ("apply", "topical"), ("transdermal", "transdermal"),
    ("rectal", "rectal"), ("eye drop", "ophthalmic"), ("ophthalmic", "ophthalmic"),
]  # fmt: skip
DOSE_AMOUNT = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?)\s*(mg|mcg|µg|g|mL|ml|units?|IU|mmol|%)(?![\w])", re.IGNORECASE
)
DOSE_FREQUENCY = re.compile(
    r"every other day|once (?:a |per )?(?:day|daily|week|weekly|month)|"
    r"(?:twice|two times|three times|four times) (?:a |per )?(?:day|daily|week|weekly)|"
    r"(?<!\d)\d+(?:\s*(?:-|to)\s*\d+)? times (?:a |per )?(?:day|daily|week|weekly)|"
    r"every \d+(?:\s*(?:-|to)\s*\d+)? (?:hours|days|weeks|months)|at bedtime|as needed|"
    r"\bdaily\b|\bweekly\b|\bmonthly\b",
    re.IGNORECASE,
)


def population_for(*texts):
    for text in texts:
        lowered = text.lower()
        for keywords, population in POPULATION_KEYWORDS:
            if any(keyword in lowered for keyword in keywords):
                return population
        if "adjust" in lowered:
            return Population.OTHER
    return Population.GENERAL


def route_in(text):
    lowered = text.lower()
    return next((route for word, route in ROUTES if word in lowered), "")


def dosage_entry(instructions, label="", indication="", group_route=""):
    entry = DosageEntry(
        instructions=instructions,
        label=clean_inline(label)[:200],
        indication=clean_inline(indication)[:300],
        population=population_for(label, indication),
        route=route_in(instructions) or group_route,
    )
    # Only a label that names a dose ("Initial dose") says the first amount is the dose;
    # under "Titration" it is a step, not a dose.
    names_a_dose = re.search(r"\bdos(?:e|age|ing)\b", label, re.IGNORECASE)
    amount = names_a_dose and DOSE_AMOUNT.search(clean_inline(instructions)[:80])
    if amount:
        try:
            entry.amount = Decimal(amount[1])
        except InvalidOperation:  # pragma: no cover - the pattern only admits numbers
            entry.amount = None
        entry.unit = amount[2]
        frequency = DOSE_FREQUENCY.search(instructions)
        entry.frequency = frequency[0].lower() if frequency else ""
    return entry


def parse_dosage(monograph, section):
    """Entries from labelled paragraphs and list items; other text goes to the notes.

    A bare label opens a group of the list items after it. A paragraph right under a
    population's label (`**Children:**`) is that population's entry, as in
    `**Children:** text`; under another label it is the group's first entry. After the
    list, a paragraph is an entry only when it states an amount. A lead sentence that
    names a population ("Dosage in adults depends on:") holds for entries that name none.
    """
    first_entry = len(monograph.dosages)
    indication, group_route, listed, lead_population = "", "", False, ""
    for block in section.blocks:
        if is_disclaimer(block):
            continue
        if block.kind == "paragraph":
            label, rest = split_label(block.text)
            if label and not rest:
                indication, group_route, listed = label, "", False
            elif label and NOTE_LABELS.match(clean_inline(label).strip(" :")):
                monograph.dosage_notes = join([monograph.dosage_notes, block.source])
            elif label:
                indication, group_route = "", ""
                monograph.dosages.append(dosage_entry(rest, label))
            elif indication and not listed and population_for(indication) != Population.GENERAL:
                monograph.dosages.append(dosage_entry(block.source, indication))
            elif indication and (not listed or DOSE_AMOUNT.search(clean_inline(block.text))):
                group_route = route_in(block.text) or group_route
                label, rest = plain_label(block.text)
                text = rest if label else block.source
                monograph.dosages.append(dosage_entry(text, label, indication, group_route))
            else:
                if block.text.rstrip().endswith(":"):
                    lead_population = lead_population or named_population(block.text)
                monograph.dosage_notes = join([monograph.dosage_notes, block.source])
        elif block.kind == "list":
            listed = True
            add_dosage_items(monograph, block.items, indication, group_route)
        elif block.kind == "heading":
            indication, group_route = clean_inline(block.text), ""
        else:
            monograph.dosages.append(dosage_entry(block.source, "", indication, group_route))
    if lead_population:
        for entry in monograph.dosages[first_entry:]:
            if entry.population == Population.GENERAL:
                entry.population = lead_population


def add_dosage_items(monograph, items, indication, group_route):
    for item in items:
        label, rest = split_label(item.text)
        if item.children and label and not rest:
            for child in item.children:
                child_label, child_rest = item_label(child)
                text = child_rest if child_label else child.source
                monograph.dosages.append(
                    dosage_entry(text, child_label, indication or label, group_route)
                )
            continue
        label, rest = item_label(item)
        text = item_body(item, rest) if label else item.source
        monograph.dosages.append(dosage_entry(text, label, indication, group_route))


def item_label(item):
    """An item's bold label, or a plain one ("Children over 5: 10 mg daily")."""
    label, rest = split_label(item.text)
    return (label, rest) if label else plain_label(item.text)


def plain_label(text):
    """'Children over 5: 10 mg daily' -> ("Children over 5", "10 mg daily"); else ("", text)."""
    head, colon, rest = text.partition(": ")
    head, rest = head.strip(), rest.strip()
    is_label = (
        colon
        and rest
        and head[:1].isupper()
        and len(head.split()) <= 10
        and head.count("(") == head.count(")")
        and not re.search(r"[.;*_`\[]", head)
    )
    return (head, rest) if is_label else ("", text.strip())


NEGATION = re.compile(r"\b(?:no|not|never)\b", re.IGNORECASE)


def named_population(text):
    """The one population that the sentence introducing a list names, if it names one only
    and does not deny it ("Dosage in adults depends on:", not "No dosage for children:")."""
    sentence = split_outside_parentheses(clean_inline(text), separators=".")[-1].lower()
    named = {
        population
        for keywords, population in POPULATION_KEYWORDS
        if any(keyword in sentence for keyword in keywords)
    }
    return named.pop() if len(named) == 1 and not NEGATION.search(sentence) else ""
