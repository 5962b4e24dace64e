"""Parse a Dosage section into dosage entries: label, indication, population, route,
and the amount and frequency of a dose."""

import re

from rapidfuzz.distance import Levenshtein

from monographs.importing.data import DosageEntry
from monographs.importing.parser.common import (
    BAND,
    NOTE_LABELS,
    as_label,
    ingredient_keys,
    is_disclaimer,
    item_body,
    join,
    plain_label,
    split_label,
    split_outside_parentheses,
    without_parentheses,
)
from monographs.importing.parser.doses import (
    ROUTE,
    ROUTE_ABBREVIATION,
    dose_in_plain,
    first_sentence,
    offers_choices,
    plain_start,
    route_in,
    route_in_plain,
    routes_denied,
    states_dose,
)
from monographs.models import Dosage
from monographs.text import clean_inline

Population = Dosage.Population

# The start of a word that names a population: "liver", not the "liver" of "delivery".
POPULATION_KEYWORDS = [
    (re.compile(words), population)
    for words, population in [
        (r"\b(?:pediatric|paediatric|child|infant|adolescent|neonat)", Population.CHILDREN),
        (r"\b(?:elderly|geriatric|older|senior)", Population.OLDER_ADULTS),
        (r"\b(?:renal|kidney)|dialysis", Population.RENAL),
        (r"\b(?:hepatic|liver)", Population.HEPATIC),
        (r"\badult", Population.ADULTS),
    ]
]
# "Adults and Children", "Adult and Pediatric Patients", "Children and adults": both.
CHILDREN = r"(?:pediatric|paediatric|child|children|adolescents?)"
ALL_AGES = re.compile(
    rf"\badults?(?:\s++patients)?\s*+\(?(?:and|&|/|or|,)\s*+{CHILDREN}\b|"
    rf"\b{CHILDREN}(?:\s++patients)?\s*+(?:and|&|/|or|,)\s*+adults?\b",
    re.IGNORECASE,
)
# Between a group's label and the label of a group inside it: "Adults — For heartburn".
GROUP_SEPARATOR = " — "


# What a label denies is no population of it: "Adults (not for children)".
DENIED_POPULATION = re.compile(r"\b(?:not|never|except|excluding)\b[^,;.()]*", re.IGNORECASE)
# An organ names a population when the text is about its impairment ("Kidney disease",
# "Renal dosing", "Hepatic impairment", "Dialysis"), not when it names what is treated
# ("Kidney Transplant", "Renal Osteodystrophy", "Hepatic Encephalopathy").
ORGAN = r"(?:renal|kidney|hepatic|liver)"
ORGAN_IMPAIRED = re.compile(
    rf"\bdialysis\b|\bimpaired {ORGAN}\b|^\W*{ORGAN}\W*$|\b{ORGAN}\s+(?:impairment|"
    r"insufficiency|failure|dysfunction|function|disease|problems?|patients|adjustments?|"
    r"dos\w*)\b",
    re.IGNORECASE,
)
ORGAN_WORD = re.compile(rf"\b{ORGAN}\b")
# Words that may stand before an impaired organ in a population's name ("Patients with
# severe hepatic impairment", "Chronic kidney disease", "Dosage in renal failure"),
# besides POPULATION_WORDS. Any other word there names what is treated: "Cystic
# fibrosis-related liver disease".
ORGAN_QUALIFIERS = frozenset({
    "mild", "moderate", "moderately", "severe", "severely", "significant", "advanced",
    "end", "stage", "chronic", "acute", "known", "existing", "pre", "any", "on", "use",
    "adjustment", "adjustments", "special", "populations", "population", "reduced",
    "decreased", "poor", "based", "according", "depending", "by", "upon",
})  # fmt: skip


def names_impaired_organ(text):
    found = ORGAN_IMPAIRED.search(text)
    if found is None:
        return False
    before = re.findall(r"[a-z]+", text[: found.start()])
    return all(word in POPULATION_WORDS or word in ORGAN_QUALIFIERS for word in before)


def population_for(*texts):
    for text in texts:
        if ALL_AGES.search(text):
            return Population.ALL_AGES
        lowered = DENIED_POPULATION.sub(" ", text).lower()
        if not names_impaired_organ(lowered):
            lowered = ORGAN_WORD.sub(" ", lowered)
        for keywords, population in POPULATION_KEYWORDS:
            if keywords.search(lowered):
                return population
        if "adjust" in lowered:
            return Population.OTHER
    return Population.GENERAL


# Whom an entry is for, as the dose its text states first says when its label does not:
# "The usual adult dose is 50-100 mg", "The dose for both adults and children is 4 mg/kg".
STATED_POPULATIONS = {
    Population.ADULTS, Population.CHILDREN, Population.ALL_AGES, Population.OLDER_ADULTS,
    Population.RENAL, Population.HEPATIC,
}  # fmt: skip


def population_stated(plain):
    first = first_sentence(plain)
    population = population_for(first)
    if population in STATED_POPULATIONS and dose_in_plain(first) is not None:
        return population
    return Population.GENERAL


def dosage_entry(instructions, label="", indication="", group_route="", ingredients=()):
    """An entry; a label or group too long to be one is kept in the instructions.

    Each field holds what its name says: a condition written as the label of an entry
    under a population's group ("**Adults:**" over "* **Pain:** ...") is the indication,
    and the population is the population. The route is the label's when the label names
    a dose, else the route of the group that governs the entry, else the text's.
    """
    plain_label_, plain_indication = as_label(label), as_label(indication)
    if indication and not plain_indication:
        instructions = join([indication, instructions])
    if label and not plain_label_:
        instructions = join([label, instructions])
    plain = plain_start(instructions)
    population = population_for(plain_label_, plain_indication)
    if population == Population.GENERAL:
        population = population_stated(plain)
    route = (
        label_route(plain_label_)
        or route_in_plain(plain_indication)
        or group_route
        or route_in_plain(plain)
        or route_in_plain(plain_label_)
    )
    if route in routes_denied(plain):  # "IV Administration: not given intravenously"
        route = ""
    if names_condition(plain_label_) and not is_ingredient(plain_label_, ingredients):
        plain_label_, plain_indication = condition_as_indication(plain_label_, plain_indication)
    entry = DosageEntry(
        instructions=instructions,
        label=plain_label_,
        indication=without_population_name(plain_indication, population),
        population=population,
        route=route,
    )
    dose = None if offers_choices(plain) else dose_in_plain(plain)
    if dose is not None:
        entry.amount, entry.amount_max = dose.amount, dose.amount_max
        entry.unit, entry.frequency = dose.unit, dose.frequency
    return entry


def is_ingredient(label, ingredients):
    """Whether the label is one of the combination's ingredients, also in another spelling
    of one letter ("Amoxicillin" in "Pantoprazole + Amoxycillin + Tinidazole")."""
    name = label.lower()
    return any(
        name == ingredient or (len(name) >= 6 and Levenshtein.distance(name, ingredient) <= 1)
        for ingredient in ingredients
    )


# Words of a label that names a dose, a step or a way to take it, not what it treats.
DOSE_WORDS = re.compile(
    r"\b(?:doses?|dosage|dosing|initial|initially|start(?:ing)?|maintenance|maximum|max|"
    r"minimum|titrat\w*|loading|usual|typical|standard|recommended|regimen|frequency|"
    r"duration|administration|administered|schedule|single|daily|weekly|monthly|"
    r"infusion|injection|bolus|tablets?|capsules?|solution|suspension|syrup|drops?|"
    r"cream|ointment|gel|patch|inhaler|spray|instructions?|general|notes?|method|"
    r"missed|overdose|adjustments?|weight|age|release|extended|immediate|sustained|"
    r"modified|delayed|controlled|formulations?|forms?|strengths?|products?|"
    r"patients?|people|persons|individuals|those|users|weighing|metaboli[sz]ers?|"
    r"responders?)\b|[<>≤≥]|\d\s*(?:mg|ml|kg|%|mL/min)",
    re.IGNORECASE,
)
# The words of a group that names a population and nothing else ("Adults", "Children
# (2-12 years)", "Adult Dosage", "Patients with kidney impairment").
POPULATION_WORDS = frozenset({
    "adult", "adults", "child", "children", "pediatric", "paediatric", "pediatrics",
    "paediatrics", "infant", "infants", "adolescent", "adolescents", "neonate", "neonates",
    "neonatal", "newborn", "newborns", "teen", "teens", "teenagers", "elderly", "geriatric",
    "older", "senior", "seniors", "renal", "kidney", "hepatic", "liver", "impairment",
    "impaired", "dysfunction", "insufficiency", "failure", "patient", "patients", "people",
    "persons", "individuals", "with", "and", "or", "in", "for", "the", "of", "aged", "age",
    "over", "under", "above", "below", "from", "to", "years", "year", "yrs", "old", "months",
    "weeks", "kg", "dose", "doses", "dosage", "dosing", "usual", "general",
})  # fmt: skip


def names_condition(label):
    """Whether an entry's label names what it treats ("Pain (moderate to severe)"), not a
    dose, a band, a route or a population."""
    return bool(label) and not (
        BAND.match(label)
        or DOSE_WORDS.search(label)
        or names_route(label)
        or population_for(label) != Population.GENERAL
    )


ROUTE_CONNECTORS = frozenset(
    {"and", "or", "use", "only", "route", "routes", "via", "by", "administration"}
)


def label_route(label):
    """The route an entry's label gives it: the whole label ("IM or IV") or a part in
    brackets ("Postpartum bleeding (IM)"), not a condition's word ("Vaginal atrophy")."""
    parts = [label, *re.findall(r"\(([^()]*)\)", label)]
    return next((route_in_plain(part) for part in parts if names_route(part)), "")


def names_route(text):
    """Whether the text is a way to take a drug and nothing else: "Intravenous (IV)
    Administration", "IM or IV", "Oral tablets"; not "Vaginal atrophy"."""
    if not route_in_plain(text):
        return False
    # Abbreviations first: they are capitals ("IV"), not the "iv" of a word.
    rest = ROUTE.sub(" ", ROUTE_ABBREVIATION.sub(" ", without_parentheses(text)).lower())
    rest = DOSE_WORDS.sub(" ", rest)
    return all(word in ROUTE_CONNECTORS for word in re.findall(r"[a-z]+", rest))


def names_population(group):
    """Whether a group's label is about a population ("Children (6 years and older)",
    "Dosage Adjustments"), not a condition that names one ("High Blood Pressure (Adults)")."""
    return population_for(group) != Population.GENERAL and not names_condition(
        without_parentheses(group)
    )


def population_only(text):
    words = re.findall(r"[a-z]+", without_parentheses(text).lower())
    return (
        bool(words)
        and population_for(text) != Population.GENERAL
        and all(word in POPULATION_WORDS for word in words)
    )


def bare_population(text):
    """A population's plain name ("Adults", "Pediatric Dosage"), with no ages or weights."""
    return population_only(text) and "(" not in text and not re.search(r"\d", text)


def without_population_name(indication, population):
    """The indication without a group that only names the entry's population: the
    population says it ("Adults — Gout" -> "Gout")."""
    parts = indication.split(GROUP_SEPARATOR)
    kept = [p for p in parts if not (bare_population(p) and population_for(p) == population)]
    return GROUP_SEPARATOR.join(kept)


def condition_as_indication(condition, indication):
    """(label, indication) with the condition as the indication, when the group over it
    names a population or a route only; the group stays the label when it says more ("Adults
    (≥16 years)"), not when it is the population's bare name."""
    *outer, group = indication.split(GROUP_SEPARATOR) if indication else [""]
    if not (population_only(group) or names_route(group)):
        return condition, indication
    # A route's heading is no label for an entry that names another route: "Intravenous"
    # over "Postpartum bleeding (IM)".
    other_route = label_route(condition) not in ("", route_in_plain(group))
    label = "" if bare_population(group) or other_route else group
    return label, GROUP_SEPARATOR.join([*outer, condition])


def parse_dosage(monograph, section):
    """Entries from labelled paragraphs and list items; other text goes to the notes.

    A bare label opens a group of the list items after it, and so does a population's
    label with text (`**Children:** text`) right over a list of labelled items. A
    paragraph right under a population's label (`**Children:**`) is that population's
    entry, as in `**Children:** text`; under another label it is the group's first
    entry. After the list, a paragraph is an entry only when it states an amount. A lead
    sentence that names a population ("Dosage in adults depends on:") holds for entries
    that name none. In a combination's section for one ingredient, every entry's group
    names it.
    """
    first_entry = len(monograph.dosages)
    part = clean_inline(section.part)
    own = ingredient_keys(monograph)  # "**Pantoprazole:**" in a combination is no condition

    def within(group):
        return GROUP_SEPARATOR.join(filter(None, [part, clean_inline(group)]))

    group, group_route, listed, lead_population = "", "", False, ""
    blocks = [block for block in section.blocks if not is_disclaimer(block)]
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.kind == "paragraph":
            label, rest = split_label(block.text)
            if label and not rest:
                group, group_route, listed = label, "", False
            elif label and NOTE_LABELS.match(clean_inline(label).strip(" :")):
                monograph.dosage_notes = join([monograph.dosage_notes, block.source])
            elif label:
                monograph.dosages.append(dosage_entry(rest, label, within(""), ingredients=own))
                group = label if opens_group(label, following) else ""
                group_route, listed = "", False
            elif group and not listed and names_population(group):
                monograph.dosages.append(dosage_entry(block.source, group, within("")))
            elif group and (not listed or states_dose(block.text)):
                group_route = route_in(block.text) or group_route
                label, rest = plain_label(block.text)
                text = rest if label else block.source
                monograph.dosages.append(dosage_entry(text, label, within(group), group_route, own))
            elif index == 0 and leads_with_dose(block.text):
                # The section's first words: "The typical dose for adults is 0.5 mg
                # once daily."
                monograph.dosages.append(
                    dosage_entry(block.source, "", within(""), ingredients=own)
                )
            else:
                if block.text.rstrip().endswith(":"):
                    lead_population = lead_population or named_population(block.text)
                monograph.dosage_notes = join([monograph.dosage_notes, block.source])
        elif block.kind == "list" and not group and states_no_dose(block.items):
            # Criteria or advice outside any group ("High-risk groups include:"): text.
            monograph.dosage_notes = join([monograph.dosage_notes, block.source])
        elif block.kind == "list":
            listed = True
            add_dosage_items(monograph, block.items, within(group), group_route)
        elif block.kind == "heading" and as_label(block.text):
            group, group_route = clean_inline(block.text), ""
        else:
            monograph.dosages.append(dosage_entry(block.source, "", within(group), group_route))
    if lead_population:
        for entry in monograph.dosages[first_entry:]:
            if entry.population == Population.GENERAL:
                entry.population = lead_population


def leads_with_dose(text):
    """Whether a paragraph's first sentence states a dose, and it introduces nothing."""
    first = first_sentence(text)
    return not text.rstrip().endswith(":") and dose_in_plain(first) is not None


def states_no_dose(items):
    """Whether no item of a list is labelled or states a dose, nor has items of its own."""
    return not any(
        item.children or split_label(item.text)[0] or states_dose(item.text) for item in items
    )


def opens_group(label, following):
    """Whether a population's label with text (`**Children:** Lower doses.`) heads the list
    right after it: one whose items are all labelled, as the entries of a group are."""
    return (
        following is not None
        and following.kind == "list"
        and population_for(label) not in (Population.GENERAL, Population.OTHER)
        and all(item_label(item)[0] for item in following.items)
    )


def add_dosage_items(monograph, items, indication, group_route):
    """An entry per item; a labelled item over a nested list is a group inside the
    group, and its entries belong to both ("Adults — For heartburn")."""
    own = ingredient_keys(monograph)
    for item in items:
        label, rest = split_label(item.text)
        if item.children and label and not rest:
            inner = GROUP_SEPARATOR.join(filter(None, [clean_inline(indication), label]))
            for child in item.children:
                child_label, child_rest = item_label(child)
                text = child_rest if child_label else child.source
                monograph.dosages.append(dosage_entry(text, child_label, inner, group_route, own))
            continue
        label, rest = item_label(item)
        text = item_body(item, rest) if label else item.source
        monograph.dosages.append(dosage_entry(text, label, indication, group_route, own))


def item_label(item):
    """An item's bold label, or a plain one ("Children over 5: 10 mg daily")."""
    label, rest = split_label(item.text)
    return (label, rest) if label else plain_label(item.text)


NEGATION = re.compile(r"\b(?:no|not|never)\b", re.IGNORECASE)


def named_population(text):
    """The one population that the sentence introducing a list names, if it names one only
    and does not deny it ("Dosage in adults depends on:", not "No dosage for children:")."""
    sentence = split_outside_parentheses(clean_inline(text), separators=".")[-1].lower()
    named = {
        population for keywords, population in POPULATION_KEYWORDS if keywords.search(sentence)
    }
    return named.pop() if len(named) == 1 and not NEGATION.search(sentence) else ""
