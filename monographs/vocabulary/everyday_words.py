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
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
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


@lru_cache(maxsize=100_000)  # the vocabulary's words recur in every build of the index
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
    # A lay word, in each of its forms ("pee", "pees", "peeing") -> its meanings; each
    # meaning a tuple of roots ("urinary tract infection" for "water infection").
    words: dict
    # The first root of each lay phrase -> [(the phrase's roots, its meanings)], longest
    # first. Phrases match on roots ("throw up": "throwing up"); single words on their
    # forms, since a root can be another word's too ("hairy" and "hair").
    phrases: dict


def forms(word):
    """The word with the endings of English plurals and verbs: pee, pees, peeing, peed."""
    stems = {word, word[:-1]} if word.endswith("e") else {word, word + word[-1]}
    found = {word, word + "s", word + "es", word + "ed"}
    found |= {stem + ending for stem in stems for ending in ("ing", "ed")}
    if word.endswith("y"):
        found |= {word[:-1] + "ies", word[:-1] + "ied"}
    return found


@cache
def lexicon():
    """everyday_words.yaml, analysed: read once per process."""
    data = yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))
    spellings = {word: tuple(words(spelt)) for word, spelt in data["spellings"].items()}
    stop_roots = frozenset(root(word) for word in data["stop_words"].split())

    def analysed(text):
        return tuple(root(w) for word in words(text) for w in spellings.get(word, (word,)))

    single, phrases = {}, defaultdict(list)
    for lay, medical in data["words"].items():
        meanings = [tuple(r for r in analysed(text) if r not in stop_roots) for text in medical]
        meanings = list(dict.fromkeys(meaning for meaning in meanings if meaning))
        lay_words = words(lay)
        if len(lay_words) == 1:
            for form in forms(lay_words[0]):
                single.setdefault(form, meanings)
            single[lay_words[0]] = meanings  # a word's own entry before another's form
        else:
            key = analysed(lay)
            phrases[key[0]].append((key, meanings))
    for candidates in phrases.values():
        candidates.sort(key=lambda candidate: -len(candidate[0]))
    return Lexicon(stop_roots, spellings, single, dict(phrases))


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

    meanings: the ways a term may match it, each a tuple of roots that count together
    (the lexicon's "urinary tract infection" for "water infection"), with a weight.
    """

    typed: tuple  # the words as typed, lower case
    meanings: list  # [(roots, weight)]
    from_lexicon: bool = False


def lay_parts(text):
    """A query's parts, in order. The lexicon's medical words replace the lay words and
    phrases it knows (weight 1.0), the typed words staying beside them
    (TYPED_BESIDE_LEXICON); stop words go. A phrase is taken before its words, the
    longest first, and may have a few stop words inside it ("hair is coming out")."""
    known = lexicon()
    typed = _spelt(text)
    sequence = [root(word) for word in typed]
    parts = []
    position = 0
    while position < len(sequence):
        found = _phrase_at(sequence, position, known)
        if not found and typed[position] in known.words:
            found = position + 1, known.words[typed[position]]
        if found:
            end, meanings = found
            beside = tuple(r for r in sequence[position:end] if r not in known.stop_roots)
            weighted = [(meaning, 1.0) for meaning in meanings]
            if beside:
                weighted.append((beside, TYPED_BESIDE_LEXICON))
            parts.append(QueryPart(tuple(typed[position:end]), weighted, from_lexicon=True))
            position = end
            continue
        if sequence[position] not in known.stop_roots:
            parts.append(QueryPart((typed[position],), [((sequence[position],), 1.0)]))
        position += 1
    return parts


MAX_SKIPPED = 2  # stop words a lay phrase may have inside it in a query


def _phrase_at(sequence, position, known):
    """(the end, the meanings) of the longest lay phrase starting at the position."""
    for key, meanings in known.phrases.get(sequence[position], ()):
        at, skipped = position + 1, 0
        for wanted in key[1:]:
            while (
                at < len(sequence)
                and sequence[at] != wanted
                and sequence[at] in known.stop_roots
                and skipped < MAX_SKIPPED
            ):
                at, skipped = at + 1, skipped + 1
            if at >= len(sequence) or sequence[at] != wanted:
                break
            at += 1
        else:
            return at, meanings
    return None
