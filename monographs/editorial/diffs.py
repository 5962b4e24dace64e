"""A readable diff between two revision snapshots (see editorial.revisions), inlines included.

Each changed section of the drug page becomes a list of lines: text fields line by line,
inline rows (dosages, side effects, ...) one line per row with the choice labels spelled
out. A changed line carries a word-level diff, as plain-text segments the template
escapes and wraps in <ins>/<del>, so no diff output is ever marked safe.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher

from monographs.models import Dosage, Drug, DrugSideEffect, Interaction, Precaution

# Unchanged lines kept either side of a change; longer unchanged runs become one gap.
CONTEXT = 1
# How alike (0..1, by words) the keys of a removed and an added line must be to show
# them as one changed line.
SIMILAR = 0.5


@dataclass
class LineDiff:
    kind: str  # "same", "added", "removed", "changed", or "gap" for unchanged lines left out
    segments: list  # [(op, text)], op in "same", "ins", "del"


@dataclass
class SectionDiff:
    title: str
    lines: list  # [LineDiff]


def diff_snapshots(old, new):
    """The sections that differ between two snapshots, in the order of the drug page."""
    old, new = old or {}, new or {}
    sections = []
    for title, lines_of in SECTIONS:
        lines = diff_lines(lines_of(old), lines_of(new))
        if any(line.kind != "same" for line in lines):
            sections.append(SectionDiff(title, collapse(lines)))
    return sections


def summarise(sections):
    """One line for a revision list: "3 sections changed: Dosage, Side effects, FAQs"."""
    if not sections:
        return "No changes"
    count = len(sections)
    titles = ", ".join(section.title for section in sections)
    return f"{count} section{'' if count == 1 else 's'} changed: {titles}"


def diff_lines(old, new):
    """Diff two lists of (key, text) lines, matched by key: for a row, what identifies it
    (the side effect, the FAQ question), so an edited row shows as one changed line."""
    matcher = SequenceMatcher(None, [key for key, _ in old], [key for key, _ in new], False)
    lines = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pairs = zip(old[i1:i2], new[j1:j2], strict=True)
            lines += [compare(a, b) for (_, a), (_, b) in pairs]
        else:
            lines += replaced(old[i1:i2], new[j1:j2])
    return lines


def replaced(before, after):
    """Pair each old line with the next new line of a similar key (a reworded question);
    the rest were removed or added."""
    lines, j = [], 0
    for key, text in before:
        k = next((k for k in range(j, len(after)) if similar(key, after[k][0])), None)
        if k is None:
            lines.append(LineDiff("removed", [("del", text)]))
            continue
        lines += [LineDiff("added", [("ins", b)]) for _, b in after[j:k]]
        lines.append(compare(text, after[k][1]))
        j = k + 1
    return lines + [LineDiff("added", [("ins", b)]) for _, b in after[j:]]


def similar(a, b):
    return SequenceMatcher(None, a.split(), b.split(), False).ratio() >= SIMILAR


def compare(a, b):
    """The line as it was and is: "same" if equal, else a word-level diff."""
    if a == b:
        return LineDiff("same", [("same", a)])
    # Whitespace is kept as tokens of its own so the segments join back into the text.
    a_words, b_words = re.findall(r"\s+|\S+", a), re.findall(r"\s+|\S+", b)
    segments = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a_words, b_words, False).get_opcodes():
        if op == "equal":
            segments.append(("same", "".join(a_words[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("del", "".join(a_words[i1:i2])))
        if j2 > j1:
            segments.append(("ins", "".join(b_words[j1:j2])))
    return LineDiff("changed", segments)


def collapse(lines):
    """Keep changes and CONTEXT lines around them; each longer unchanged run is one gap."""
    near = {
        i + offset
        for i, line in enumerate(lines)
        if line.kind != "same"
        for offset in range(-CONTEXT, CONTEXT + 1)
    }
    result = []
    for i, line in enumerate(lines):
        if i in near:
            result.append(line)
        elif not result or result[-1].kind != "gap":
            result.append(LineDiff("gap", []))
    return result


# What each section shows, as a function from a snapshot to its [(key, text)] lines.


def flat(text):
    """Text on one line with single spaces: whitespace-only edits are not changes."""
    return " ".join(str(text or "").split())


def text_field(name):
    # Blank lines only separate Markdown paragraphs; they would be noise in the diff.
    def lines(data):
        text = (data.get("fields") or {}).get(name) or ""
        return [(line, line) for line in map(flat, text.splitlines()) if line]

    return lines


def choice_field(name, choices):
    def lines(data):
        value = (data.get("fields") or {}).get(name) or ""
        return [(value, label(choices, value))] if value else []

    return lines


def links(name):
    def lines(data):
        entries = (data.get("fields") or {}).get(name) or []
        names = sorted(entry["name"] for entry in entries)
        return list(zip(names, names, strict=True))

    return lines


def rows(part, describe):
    def lines(data):
        ordered = sorted(data.get(part) or [], key=lambda row: row.get("order") or 0)
        return [describe(row) for row in ordered]

    return lines


def label(choices, value):
    return dict(choices.choices).get(value, value or "")


def joined(*parts, sep=" — "):
    return sep.join(flat(part) for part in parts if flat(part))


def dosage(row):
    # Stored with four decimals: "0.1250" reads as 0.125. A range reads "10–20".
    amount = "–".join(
        f"{Decimal(str(value)).normalize():f}"
        for value in (row.get("amount"), row.get("amount_max"))
        if value not in (None, "")
    )
    population = label(Dosage.Population, row.get("population"))
    dose = joined(amount, row.get("unit"), row.get("frequency"), sep=" ")
    parts = (row.get("indication"), population, row.get("label"), dose, row.get("route"))
    head = joined(*parts, sep=" · ")
    return joined(*parts[:3], sep=" · "), joined(head, row.get("instructions"))


def side_effect(row):
    name = flat(row.get("side_effect_name"))
    tier = label(DrugSideEffect.Frequency, row.get("frequency"))
    how = joined(tier, "serious" if row.get("serious") else "", sep=", ")
    wording = flat(row.get("source_text"))
    return name, joined(name, how, row.get("note"), f"worded “{wording}”" if wording else "")


def precaution(row):
    kind = label(Precaution.Kind, row.get("kind"))
    head = joined(kind, row.get("topic"), sep=": ")
    return head, joined(head, row.get("text"))


def interaction(row):
    name, severity = flat(row.get("name")), row.get("severity")
    head = f"{name} ({label(Interaction.Severity, severity).lower()})" if severity else name
    return name, joined(head, row.get("description"))


def faq(row):
    question, answer = flat(row.get("question")), flat(row.get("answer"))
    return question, f"Q: {question} A: {answer}" if answer else f"Q: {question}"


SECTIONS = [
    ("Name", text_field("name")),
    ("Generic name", text_field("generic_name")),
    ("Brand names", text_field("brand_names")),
    ("Drug class", text_field("drug_class")),
    ("Availability", choice_field("availability", Drug.Availability)),
    ("Summary", text_field("summary")),
    ("Ingredients", links("ingredients")),
    ("Usage", text_field("usage")),
    ("Conditions", links("conditions")),
    ("Dosage notes", text_field("dosage_notes")),
    ("Dosage", rows("dosages", dosage)),
    ("Side effects", rows("side_effect_links", side_effect)),
    ("Side effect notes", text_field("side_effect_notes")),
    ("How it works", text_field("mechanism")),
    ("Precautions", rows("precautions", precaution)),
    ("Interactions intro", text_field("interaction_notes")),
    ("Interactions", rows("interactions", interaction)),
    ("FAQs", rows("faqs", faq)),
    ("Other notes", text_field("other_notes")),
    ("Set aside for editors", text_field("editor_notes")),
]
