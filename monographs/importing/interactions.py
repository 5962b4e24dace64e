"""Find the drugs and drug classes named in interaction prose.

"Use caution when combining interferon beta-1b with cladribine." names cladribine.
Names come from the curated list in `monographs/vocabulary/interacting_drugs.txt`.
"""

import re
from functools import lru_cache
from pathlib import Path

from monographs.importing.data import InteractionEntry
from monographs.importing.text import clean_inline

NAMES_FILE = Path(__file__).resolve().parent.parent / "vocabulary" / "interacting_drugs.txt"
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


@lru_cache(maxsize=1)
def known_names():
    """The names, lower case, and the most words any of them has."""
    lines = NAMES_FILE.read_text(encoding="utf-8").splitlines()
    names = {" ".join(WORD.findall(line.lower())) for line in lines if line.strip()}
    return names, max(len(name.split()) for name in names)


def names_in(sentence):
    """The known names in a sentence, longest match first, as written in the sentence.

    A lookup of each run of up to N words in a set: much faster than one regular
    expression with a thousand alternatives.
    """
    names, longest = known_names()
    words = list(WORD.finditer(sentence))
    lowered = [word[0].lower() for word in words]
    found, index = [], 0
    while index < len(words):
        for size in range(min(longest, len(words) - index), 0, -1):
            if " ".join(lowered[index : index + size]) in names:
                found.append(sentence[words[index].start() : words[index + size - 1].end()])
                index += size
                break
        else:
            index += 1
    return found


def severity_of(text):
    return next((level for level, pattern in SEVERITY if pattern.search(text)), "")


def find_interactions(text, exclude=""):
    """[InteractionEntry] for each named drug, with the sentences that name it."""
    excluded = {part.strip().lower() for part in exclude.split("+")} | {exclude.lower()}
    found = {}
    for sentence in SENTENCE.split(clean_inline(text)):
        for name in names_in(sentence):
            key = name.lower()
            if key in excluded or any(key in part.split() for part in excluded):
                continue
            entry = found.get(key)
            if entry is None:
                display = name[0].upper() + name[1:] if name.islower() else name
                found[key] = InteractionEntry(display, sentence, severity_of(sentence))
            elif sentence not in entry.description:
                entry.description = f"{entry.description} {sentence}"
                entry.severity = entry.severity or severity_of(sentence)
    return list(found.values())
