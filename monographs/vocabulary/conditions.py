"""Find the conditions a drug is used for in its usage text, and load the curated list.

"Used to treat hypertension (high blood pressure)." names "High blood pressure".
Names and aliases come from `monographs/vocabulary/conditions.yaml`; like the
interaction finder, each run of up to N words is looked up in a dict instead of
matching one regular expression with thousands of alternatives.
"""

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from pathlib import Path

import yaml
from django.db import transaction
from django.utils.text import slugify

from monographs.models import Condition
from monographs.text import clean_inline, longest_phrase_at, word_prefixes

CONDITIONS_FILE = Path(__file__).resolve().parent / "conditions.yaml"
WORD = re.compile(r"[\w']+(?:-[\w']+)*")
# Paragraphs, list items and headings are separate sentences even without a full stop.
BLOCK = re.compile(r"\n\s*\n|\n(?=[ \t]*(?:[-*+]|\d+[.)]|#+)\s)")
# Not after a lone letter: "H. pylori", "C. difficile", "e.g." stay in their sentence.
SENTENCE = re.compile(r"(?<=[.!?;])(?<!\b\w\.)\s+")
# A mention after one of these cues is what the drug is NOT used for ("It is not used
# for type 1 diabetes."); the cue reaches to the end of the sentence or to a turn such
# as "but". "Does not cure" is no cue: the drug may still ease the condition.
NEGATION = re.compile(
    r"\b(?:not|never|cannot|can't|isn't|aren't|doesn't|don't|won't)\s+(?:be\s+)?"
    r"(?:used\s+(?:to\s+treat|for|in\s+the\s+treatment\s+of)|indicated\s+for|intended\s+for"
    r"|approved\s+(?:for|to\s+treat)"
    r"|effective\s+(?:against|for|in\s+treating)|(?:a\s+)?treatment\s+for|treat|for)\b"
    r"|\bineffective\s+(?:against|for)\b",
    re.IGNORECASE,
)
TURN = re.compile(r"\b(?:but|however|instead|although|though|whereas|while)\b|[:;]", re.I)
# "While not a treatment for any disease, it may ease diarrhea": a cue in a leading
# clause reaches only to that clause's comma.
LEADING_CLAUSE = re.compile(r"\W*(?:while|whilst|although|though|even though)\b", re.I)
# Phrases that contain a condition's words but name something else; matched like
# aliases so that their words are used up, then dropped.
NOT_CONDITIONS = frozenset(
    {
        "respiratory depression",
        "cns depression",
        "central nervous system depression",
        "bone marrow depression",
        "tumor necrosis factor",
        "tumour necrosis factor",
    }
)


def key_of(phrase):
    """The lookup key of a phrase: its words, lower case, one space apart."""
    return " ".join(WORD.findall(phrase.lower().replace("’", "'")))


def plural_of(key):
    """The key with its last word made plural ("urinary tract infections")."""
    last = key.rsplit(" ", 1)[-1]
    if len(last) < 3 or not last.isalpha() or last.endswith("s"):
        return None
    if last.endswith("y") and last[-2] not in "aeiou":
        return key[:-1] + "ies"
    if last.endswith(("ch", "sh", "x", "z")):
        return key + "es"
    return key + "s"


def read_entries(path=CONDITIONS_FILE):
    """The curated entries: [{"name": ..., "aliases": [...]}]."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or []


@lru_cache(maxsize=1)
def condition_index():
    """{key: canonical name} for every name, alias and their plurals; the most words of a key."""
    index = dict.fromkeys(NOT_CONDITIONS)
    for entry in read_entries():
        for phrase in [entry["name"], *(entry.get("aliases") or [])]:
            key = key_of(phrase)
            index.setdefault(key, entry["name"])
    for key, name in list(index.items()):
        plural = plural_of(key)
        if name and plural:
            index.setdefault(plural, name)
    return index, max(len(key.split()) for key in index)


def sentences(text):
    """The plain-text sentences of Markdown text."""
    for block in BLOCK.split(text.replace("’", "'")):
        yield from SENTENCE.split(clean_inline(block))


@lru_cache(maxsize=1)
def condition_prefixes():
    index, _ = condition_index()
    return word_prefixes(index)


def negated_spans(sentence):
    """(start, end) of each stretch of the sentence that says what the drug is not for.

    Turns and commas are found once for the sentence, not again from every cue.
    """
    spans = []
    turns = [turn.start() for turn in TURN.finditer(sentence)]
    leading = LEADING_CLAUSE.match(sentence)
    commas = [comma.start() for comma in re.finditer(",", sentence)] if leading else []
    for cue in NEGATION.finditer(sentence):
        turn = bisect_left(turns, cue.end())
        end = turns[turn] if turn < len(turns) else len(sentence)
        # A cue in a leading clause ("While not a treatment for x, ...") ends at its comma.
        if leading and leading.end() <= cue.start():
            comma = bisect_left(commas, leading.end())
            in_clause = comma == len(commas) or commas[comma] >= cue.start()
            after = bisect_left(commas, cue.end())
            if in_clause and after < len(commas) and commas[after] < end:
                end = commas[after]
        spans.append((cue.end(), end))
    return spans


def within(spans):
    """A test of whether a position lies in any of the spans, in logarithmic time."""
    merged = []
    for low, high in sorted(spans):
        if merged and low <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], high)
        elif low < high:
            merged.append([low, high])
    lows = [low for low, _ in merged]

    def contains(position):
        index = bisect_right(lows, position) - 1
        return index >= 0 and position < merged[index][1]

    return contains


def conditions_in(text, extra=None):
    """Canonical names of the conditions a usage text names, once each, in order of appearance.

    Matches whole words, case-insensitively, longest phrase first ("type 2 diabetes", not
    "diabetes"). `extra` maps further aliases to names ({"ms flare": "Multiple sclerosis"}),
    e.g. conditions an editor added; it wins over the file. A condition named only where
    the text says the drug is not used for it is left out.
    """
    index, _ = condition_index()
    prefixes = condition_prefixes()
    if extra:
        added = {key_of(alias): name for alias, name in extra.items() if key_of(alias)}
        index = {**index, **added}
        prefixes = prefixes | word_prefixes(added)
    found = {}
    for sentence in sentences(text or ""):
        negated = within(negated_spans(sentence))
        words = list(WORD.finditer(sentence))
        lowered = [word[0].lower() for word in words]
        position = 0
        while position < len(words):
            size = longest_phrase_at(lowered, position, index, prefixes)
            if not size:
                position += 1
                continue
            name, start = (
                index[" ".join(lowered[position : position + size])],
                words[position].start(),
            )
            if name and name not in found and not negated(start):
                found[name] = None
            position += size
    return list(found)


@transaction.atomic
def load_conditions(path=CONDITIONS_FILE):
    """Add the curated conditions that are missing and return how many were added.

    A condition counts as present under its name in any case or under its slug (an
    editor renamed it); existing rows are never changed.
    """
    names = {name.casefold() for name in Condition.objects.values_list("name", flat=True)}
    slugs = set(Condition.objects.values_list("slug", flat=True))
    new = []
    for entry in read_entries(path):
        name = entry["name"]
        slug = slugify(name)[:200]
        if name.casefold() in names or slug in slugs:
            continue
        names.add(name.casefold())
        slugs.add(slug)
        new.append(Condition(name=name, slug=slug))
    Condition.objects.bulk_create(new)
    return len(new)
