"""Find the drugs and drug classes named in interaction prose.

"Use caution when combining interferon beta-1b with cladribine." names cladribine.
Names come from the curated list in `monographs/vocabulary/interacting_drugs.txt`.
"""

import re
from functools import lru_cache
from pathlib import Path

from monographs.importing.data import InteractionEntry
from monographs.text import clean_inline, longest_phrase_at, word_prefixes

NAMES_FILE = Path(__file__).resolve().parents[2] / "vocabulary" / "interacting_drugs.txt"
SENTENCE = re.compile(r"(?<=[.!?;])\s+")
# Only what the text states: "use caution" is advice, not a severity.
SEVERITY = [
    (
        "major",
        re.compile(r"\b(?:major|contraindicated|life[- ]threatening|fatal|serious|severe)\b", re.I),
    ),
    ("moderate", re.compile(r"\bmoderate\b", re.I)),
    ("minor", re.compile(r"\bminor\b", re.I)),
]


WORD = re.compile(r"[\w'’]+(?:-[\w'’]+)*")
# What says that a sentence outside an interactions topic is about taking drugs together.
# Not "use with caution": it mostly introduces conditions ("in patients with ...").
INTERACTION_CUE = re.compile(
    r"\binteract|\bconcomitant|\bconcurrent|\b(?:combined|combining|together) with\b|"
    r"\b(?:those|patients|people|anyone) (?:who are )?taking\b",
    re.IGNORECASE,
)
# A name followed by these is a lab value or an allergy: "potassium levels".
NOT_A_DRUG_AFTER = {"level", "levels", "deficiency", "allergy", "allergies"}
TOPIC_JOINERS = re.compile(r"\b(?:and|or|with)\b|[,&/]", re.IGNORECASE)


@lru_cache(maxsize=1)
def known_names():
    """The names, lower case."""
    lines = NAMES_FILE.read_text(encoding="utf-8").splitlines()
    return {" ".join(WORD.findall(line.lower())) for line in lines if line.strip()}


@lru_cache(maxsize=1)
def known_name_prefixes():
    return word_prefixes(known_names())


def names_in(sentence):
    """The known names in a sentence, longest match first, as written in the sentence.

    A lookup of each run of words that starts a name in a set: much faster than one
    regular expression with a thousand alternatives.
    """
    names, prefixes = known_names(), known_name_prefixes()
    words = list(WORD.finditer(sentence))
    lowered = [word[0].lower() for word in words]
    found, index = [], 0
    while index < len(words):
        size = longest_phrase_at(lowered, index, names, prefixes)
        if not size:
            index += 1
            continue
        if not names_a_measure(lowered, index + size):
            found.extend(shared_head_names(sentence, words, lowered, index, size))
            found.append(sentence[words[index].start() : words[index + size - 1].end()])
        index += size
    return found


def names_a_measure(lowered, after):
    """Whether the words after a name make it a lab value or an allergy: "potassium levels",
    "low potassium or magnesium levels"."""
    following = lowered[after : after + 3]
    if following[:1] and following[0] in ("or", "and"):
        following = following[2:]
    return bool(following) and following[0] in NOT_A_DRUG_AFTER


def shared_head_names(sentence, words, lowered, index, size):
    """Names that share the found name's last words: "CYP2D6 and CYP3A4 inhibitors" also
    names "CYP2D6 inhibitors", when that is a known name."""
    names = known_names()
    if size < 2 or index < 2 or lowered[index - 1] not in ("and", "or"):
        return []
    tail = " ".join(lowered[index + 1 : index + size])
    written_tail = sentence[words[index + 1].start() : words[index + size - 1].end()]
    shared, before = [], index - 2
    while before >= 0 and f"{lowered[before]} {tail}" in names:
        shared.append(f"{words[before][0]} {written_tail}")
        before -= 1
    return shared[::-1]


def severity_of(text):
    return next((level for level, pattern in SEVERITY if pattern.search(text)), "")


def find_interactions(text, exclude="", cued=False):
    """[InteractionEntry] for each named drug, with the sentences that name it.

    With `cued`, only sentences that say they are about taking drugs together count, and
    only the names after what says so: the drug before it is the sentence's subject
    ("Lovastatin interacts with ...").
    """
    text = clean_inline(text)
    if cued and not INTERACTION_CUE.search(text):
        return []
    excluded = {part.strip().lower() for part in exclude.split("+")} | {exclude.lower()}
    found = {}
    for sentence in SENTENCE.split(text):
        cue = INTERACTION_CUE.search(sentence) if cued else None
        if cued and not cue:
            continue
        # A name again in the same sentence adds nothing: its entry has the sentence.
        named = {}
        for name in names_in(sentence[cue.start() :] if cue else sentence):
            named.setdefault(name.lower(), name)
        for key, name in named.items():
            if key in excluded or any(key in part.split() for part in excluded):
                continue
            entry = found.get(key)
            if entry is None:
                found[key] = InteractionEntry(display(name), sentence, severity_of(sentence))
            elif sentence not in entry.description:
                entry.description = f"{entry.description} {sentence}"
                entry.severity = entry.severity or severity_of(sentence)
    return list(found.values())


def display(name):
    return name[0].upper() + name[1:] if name.islower() else name


def topic_interactions(topic, text, exclude=""):
    """A precaution whose topic is interacting names ("**Alcohol:** Avoid it.") is about them.

    [InteractionEntry] for each name, described by the sentences of the text that name it,
    else by the whole text; [] when the topic says more than names.
    """
    topic = clean_inline(topic)
    names = names_in(topic) if topic else []
    rest = topic
    for name in names:
        rest = rest.replace(name, " ")
    if not names or TOPIC_JOINERS.sub(" ", rest).strip():
        return []
    described = {entry.name.lower(): entry for entry in find_interactions(text, exclude)}
    plain = clean_inline(text)
    excluded = {part.strip().lower() for part in exclude.split("+")}
    return [
        described.get(name.lower()) or InteractionEntry(display(name), plain, severity_of(plain))
        for name in names
        if name.lower() not in excluded
    ]
