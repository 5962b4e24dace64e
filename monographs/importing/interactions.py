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


@lru_cache(maxsize=1)
def names_pattern():
    names = [line.strip() for line in NAMES_FILE.read_text(encoding="utf-8").splitlines()]
    names = sorted({name for name in names if name}, key=len, reverse=True)
    alternatives = "|".join(re.escape(name) for name in names)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def severity_of(text):
    return next((level for level, pattern in SEVERITY if pattern.search(text)), "")


def find_interactions(text, exclude=""):
    """[InteractionEntry] for each named drug, with the sentences that name it."""
    excluded = {part.strip().lower() for part in exclude.split("+")} | {exclude.lower()}
    found = {}
    for sentence in SENTENCE.split(clean_inline(text)):
        for match in names_pattern().finditer(sentence):
            name = match[0]
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
