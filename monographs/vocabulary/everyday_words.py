"""Words the way people type them, as roots a search can compare: everyday_words.yaml.

``roots(text)`` is the analysis both sides of the side-effect search share: the words
of a term's name, aliases, HPO synonyms and description, and the words of a visitor's
query. It folds case, spelling ("diarrhoea") and the common endings of English
("bleeding", "bleeds" and "bleed" are one root) and drops the stop words of everyday
speech. ``lay_parts(text)`` does the same for a query, after replacing the lay words
and phrases of the lexicon ("pee", "being sick", "the runs") with the medical words the
terms use.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from monographs.text import clean_line

LEXICON_FILE = Path(__file__).with_name("everyday_words.yaml")
WORD = re.compile(r"[^\W_]+")
APOSTROPHES = re.compile(r"['’‘`]")
VOWELS = set("aeiouy")
ENDINGS = ("ness", "ation", "ary", "ing", "ed", "ly")
# The weight of a word the visitor typed beside the medical words the lexicon put for it.
TYPED_BESIDE_LEXICON = 0.5


def words(text):
    """The words of the text, lower case: "can't" is one word, "cant"."""
    return WORD.findall(APOSTROPHES.sub("", clean_line(text).lower()))


def root(word):
    """The word without the endings of plurals, tenses and adjectives, so that the forms
    of one word meet ("aching"/"aches"/"ache", "itchy"/"itching"). Not a full stemmer:
    both sides of a comparison go through it, so it only has to be consistent."""
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "shes", "ches", "xes", "zes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for _ in range(2):  # "tiredness": "tired", then "tir"
        for ending in ENDINGS:
            stem = word[: -len(ending)]
            if word.endswith(ending) and len(stem) >= 3 and VOWELS & set(stem):
                if ending == "ed" and stem.endswith("e"):
                    continue  # bleed, feed: not a past tense
                word = stem
                break
    if len(word) > 3 and word[-1] in "eiy":
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in VOWELS:
        word = word[:-1]
    return word


@dataclass(frozen=True)
class Lexicon:
    stop_roots: frozenset
    spellings: dict  # word -> the words the terms spell it with
    phrases: dict  # tuple of roots -> the roots of the medical words
    longest: int  # the most roots in one phrase


@cache
def lexicon():
    """everyday_words.yaml, analysed: read once per process."""
    data = yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))
    spellings = {word: tuple(words(spelt)) for word, spelt in data["spellings"].items()}
    stop_roots = frozenset(root(word) for word in data["stop_words"].split())

    def analysed(text):
        return tuple(root(w) for word in words(text) for w in spellings.get(word, (word,)))

    phrases = {}
    for lay, medical in data["words"].items():
        meaning = tuple(
            dict.fromkeys(r for text in medical for r in analysed(text) if r not in stop_roots)
        )
        phrases[analysed(lay)] = meaning
    return Lexicon(stop_roots, spellings, phrases, max(map(len, phrases)))


def _spelt(text):
    spellings = lexicon().spellings
    return [w for word in words(text) for w in spellings.get(word, (word,))]


def roots(text):
    """The roots of the text's words that say something: stop words left out."""
    stop = lexicon().stop_roots
    return [r for r in map(root, _spelt(text)) if r not in stop]


@dataclass
class QueryPart:
    """One thing the visitor said: a word, or a phrase the lexicon knows ("being sick").
    weights: root -> weight, the alternatives a term may match it by."""

    typed: tuple  # the words as typed, lower case
    weights: dict
    from_lexicon: bool = False


def lay_parts(text):
    """A query's parts, in order. The lexicon's medical words replace the lay words and
    phrases it knows (weight 1.0), the typed words staying beside them
    (TYPED_BESIDE_LEXICON); stop words go. A phrase is taken before its words, the
    longest first."""
    known = lexicon()
    typed = _spelt(text)
    sequence = [root(word) for word in typed]
    parts = []
    position = 0
    while position < len(sequence):
        for size in range(min(known.longest, len(sequence) - position), 0, -1):
            span = slice(position, position + size)
            meaning = known.phrases.get(tuple(sequence[span]))
            if meaning is not None:
                weights = {r: TYPED_BESIDE_LEXICON for r in sequence[span]}
                weights = {r: w for r, w in weights.items() if r not in known.stop_roots}
                weights.update(dict.fromkeys(meaning, 1.0))
                parts.append(QueryPart(tuple(typed[span]), weights, from_lexicon=True))
                position += size
                break
        else:
            if sequence[position] not in known.stop_roots:
                parts.append(QueryPart((typed[position],), {sequence[position]: 1.0}))
            position += 1
    return parts
