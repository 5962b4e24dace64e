"""A Drug and its rows <-> the importer's plain data (importing.data.Monograph).

The import turns a Monograph into a drug's fields and child rows; the export turns a drug
back into a Monograph (`monograph_of`). Both directions are derived from the declarations
below, so a field added to Drug.CONTENT_FIELDS (and to Monograph), or to an entry class
(and the column of the same name), is mapped both ways.
"""

import re
from dataclasses import fields
from decimal import Decimal

from monographs.importing.data import (
    DosageEntry,
    FAQEntry,
    InteractionEntry,
    Monograph,
    PrecautionEntry,
    SideEffectMention,
)
from monographs.limits import MAX_FIELD_CHARACTERS
from monographs.models import MONOGRAPH_PARTS, Dosage, Drug, DrugSideEffect
from monographs.text import normalise

# Drug field -> Monograph field, for every field an editor writes. Only the name differs.
CONTENT = {name: {"name": "title"}.get(name, name) for name in Drug.CONTENT_FIELDS}

# Monograph list -> its entry class. Each list is the drug's inline of the same related
# name (MONOGRAPH_PARTS), and each entry field a column of the same name. In the order
# the rows are written.
ENTRIES = {
    "dosages": DosageEntry,
    "precautions": PrecautionEntry,
    "faqs": FAQEntry,
    "interactions": InteractionEntry,
}
ENTRY_FIELDS = {cls: tuple(f.name for f in fields(cls)) for cls in ENTRIES.values()}

# Side effects are links to vocabulary terms: a mention's term is the term's name (or the
# source's words, see source_text()), its other fields are columns of the link
# (side_effect_links).
MENTION_COLUMNS = tuple(f.name for f in fields(SideEffectMention) if f.name != "term")

MAX_AMOUNT = Decimal(10) ** (
    Dosage._meta.get_field("amount").max_digits - Dosage._meta.get_field("amount").decimal_places
)


def fit_amount(amount):
    """A structured dose the column can hold; an absurd number stays only in the text."""
    if amount is None or abs(amount) >= MAX_AMOUNT:
        return None
    return amount.quantize(Decimal("0.0001"))


# --- Drug -> plain data ------------------------------------------------------------------


def monograph_of(drug):
    """A drug (with its relations prefetched) as the importer's plain data."""
    entries = {
        name: [entry_of(cls, row) for row in getattr(drug, name).all()]
        for name, cls in ENTRIES.items()
    }
    side_effects = [
        SideEffectMention(
            term=link.side_effect.name, **{f: getattr(link, f) for f in MENTION_COLUMNS}
        )
        for link in drug.side_effect_links.all()
    ]
    return Monograph(
        **{field: getattr(drug, name) for name, field in CONTENT.items()},
        **entries,
        side_effects=side_effects,
    )


def entry_of(cls, row):
    return cls(**{name: getattr(row, name) for name in ENTRY_FIELDS[cls]})


# --- plain data -> Drug ------------------------------------------------------------------


def set_content(drug, monograph):
    """Set the drug's content fields (Drug.CONTENT_FIELDS) from the monograph."""
    for name, field in CONTENT.items():
        setattr(drug, name, getattr(monograph, field))


def child_rows(drug_id, monograph, drug_ids):
    """[(model, rows)] for the monograph's entry lists, side effects apart (side_effect_rows).

    drug_ids: slug -> id of the drugs there are, to link an interaction to its monograph.
    """
    return [
        (
            MONOGRAPH_PARTS[name],
            [
                {"drug_id": drug_id, "order": order, **vars(entry), **more_columns(entry, drug_ids)}
                for order, entry in enumerate(getattr(monograph, name))
            ],
        )
        for name in ENTRIES
    ]


def more_columns(entry, drug_ids):
    """Columns a row gets besides its entry's fields, or in place of them."""
    if isinstance(entry, DosageEntry):
        amount, amount_max = fit_amount(entry.amount), fit_amount(entry.amount_max)
        if amount is None or amount_max is None or amount_max <= amount:
            amount_max = None  # dose_range_above_its_amount
        return {"amount": amount, "amount_max": amount_max}
    if isinstance(entry, InteractionEntry):
        return {"interacting_drug_id": drug_ids.get(Drug.slug_for(entry.name))}
    return {}


def side_effect_rows(drug_id, resolved, resolver):
    """DrugSideEffect rows for [(mention, [term id])], the mentions resolved in order by
    the resolver (a vocabulary.resolver.SideEffectResolver).

    One link per term: the first mention of a term makes its link (merged() for the
    others). A link's wording is the words of its mention that name its term ("Nausea and
    vomiting" gives "Nausea" and "vomiting"), none when they are the term's name, and
    always words of the source: "Severe dizziness or fainting" keeps all of them for
    Syncope, not "Severe fainting".
    """
    links, first_words = {}, {}
    for mention, term_ids in resolved:
        wording = mention.source_text or mention.term
        parts = resolver.wordings(wording) if len(term_ids) > 1 else {}
        for term_id in term_ids:
            words = words_of(parts.get(term_id, wording), wording)
            link = links.get(term_id)
            if link is not None:
                merged(link, mention, words, first_words[term_id])
                continue
            first_words[term_id] = words
            links[term_id] = {
                "drug_id": drug_id,
                "side_effect_id": term_id,
                **{f: getattr(mention, f) for f in MENTION_COLUMNS},
                "frequency": int(mention.frequency),
                "source_text": source_text(words, resolver.names.get(term_id, "")),
                "order": len(links),
            }
    return list(links.values())


def words_of(part, wording):
    """The part of a mention's wording that names a term, when the source says it so; else
    the whole wording (a reading that shares a word out, "Severe fainting", is not)."""
    return part if normalise(part) in normalise(wording) else wording


# "Severe headache", "serious infections": a form of a side effect, not the side effect.
SEVERE_FORM = re.compile(r"\b(?:severe|serious|life[- ]threatening)\b", re.IGNORECASE)


def merged(link, mention, words, first_words):
    """Another mention of a link's term, into the link.

    The same side effect again completes the link: a link that stated no tier takes the
    mention's, and one the source also lists as serious is serious. A severe form of it
    ("Severe headache" after "Headache") is not the side effect: the link keeps its tier,
    and its note says what the mention states, in the mention's words ("Severe headache:
    uncommon and serious"). A serious form still makes the link serious, so that it stays
    among the warning signs ("When to get medical help"), where that note says which form
    is. Another tier than the link's goes to the note too ("also listed as rare"), and so
    do other words for it that alone are serious ("Perineal pain: uncommon and serious").
    """
    other_words = normalise(words) != normalise(first_words)
    if SEVERE_FORM.search(words) and not SEVERE_FORM.search(first_words):
        stated = says_more(link, mention.frequency, mention.serious)
        link["serious"] = link["serious"] or mention.serious
    else:
        # Other words for it ("Perineal pain" after "Pain") that alone are serious: the
        # link is a warning sign, and its note says for which words.
        serious_words = mention.serious and not link["serious"] and other_words
        if link["frequency"] == DrugSideEffect.Frequency.NOT_KNOWN:
            link["frequency"] = int(mention.frequency)
        link["serious"] = link["serious"] or mention.serious
        stated = says_more(link, mention.frequency, serious=False)
        if serious_words:
            stated = " and ".join(filter(None, [stated, "serious"]))
    notes = [mention.note]
    if stated:
        noted = set(link["note"].split("; "))
        own = "; ".join(part for part in mention.note.split("; ") if part not in noted)
        if not other_words:
            notes = [own, f"also listed as {stated}"]
        else:
            notes = [f"{words} ({own}): {stated}" if own else f"{words}: {stated}"]
    for note in notes:
        if note and note not in link["note"]:
            link["note"] = "; ".join(filter(None, [link["note"], note]))[:500]


def says_more(link, frequency, serious):
    """What a mention of (frequency, serious) says of its term that its link does not, in
    plain words: "rare and serious"; "" when nothing."""
    frequency = DrugSideEffect.Frequency(frequency)
    stated = []
    if frequency not in (DrugSideEffect.Frequency.NOT_KNOWN, link["frequency"]):
        stated.append(frequency.label.lower())
    if serious and not link["serious"]:
        stated.append("serious")
    return " and ".join(stated)


def source_text(wording, name):
    """The wording a link keeps: none when it is the term's name, or the name before its
    parenthesis ("Fatigue" for "Fatigue (tiredness)"), which the export writes anyway."""
    if wording in (name, name.partition(" (")[0].strip()):
        return ""
    return wording[: DrugSideEffect._meta.get_field("source_text").max_length]


def mentions_as_text(notes, mentions):
    """Side-effect notes with the mentions added as a list ("* Term: note"), which an import
    of the exported monograph reads back as mentions."""
    listed = "\n".join(
        f"* {mention.term}: {mention.note}" if mention.note else f"* {mention.term}"
        for mention in mentions
    )
    return "\n\n".join(part for part in (notes.strip(), listed) if part)


def oversized_field(monograph):
    """What is wrong when a field of the monograph holds more than one field may (the
    admin refuses the same), naming the field; "" when none does."""
    for name, field in CONTENT.items():
        size = len(getattr(monograph, field))
        if size > MAX_FIELD_CHARACTERS:
            return too_long(f"the {Drug._meta.get_field(name).verbose_name}", size)
    for name, cls in ENTRIES.items():
        model = MONOGRAPH_PARTS[name]
        for number, entry in enumerate(getattr(monograph, name), start=1):
            for column in ENTRY_FIELDS[cls]:
                value = getattr(entry, column)
                if isinstance(value, str) and len(value) > MAX_FIELD_CHARACTERS:
                    what = f"{model._meta.get_field(column).verbose_name} of"
                    return too_long(f"the {what} {model._meta.verbose_name} {number}", len(value))
    return ""


def too_long(what, size):
    return (
        f"{what} is too long: {size:,} characters, where one field may hold "
        f"{MAX_FIELD_CHARACTERS:,}"
    )
