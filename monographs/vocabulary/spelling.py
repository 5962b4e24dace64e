"""A mention spelled a little differently from a reviewed name or an HPO name:
"Crystaluria" is "Crystalluria", "Pseudarthrosis" "Pseudoarthrosis", "Tachyarrythmia"
"Tachyarrhythmia", "Extra systoles" "Extrasystoles".

Only differences that leave the word's meaning alone count: one letter added or left out
(a doubled letter, an "h", a joining vowel) in a long word, past its first letters, or
words written apart or together. A changed letter never counts, since it so often makes
another concept ("Dysphagia" and "Dysphasia", "Cheilosis" and "Chemosis"), nor does a
prefix ("Hypertension" and "Hypotension") or a number.
"""

from collections import defaultdict

from rapidfuzz import process
from rapidfuzz.distance import Indel

# Words shorter than this are too short for a letter to be a mere spelling ("Ileus").
SHORTEST_WORD = 7
# The letters that must agree at the start: "hyper" and "hypo", "tachy" and "brady".
SAME_START = 5


class SpellingIndex:
    """{normalised name: what it names}, searched for a mention's near spellings. A near
    spelling of two things names neither."""

    def __init__(self, names):
        self.names = names
        # Every variant is one letter (or space) longer or shorter: names by length.
        self.by_length = defaultdict(list)
        for name in names:
            self.by_length[len(name)].append(name)

    def find(self, key):
        """What a mention (a normalised key) names in another spelling, or None."""
        if not key or any(char.isdigit() for char in key):
            return None
        candidates = [*self.by_length[len(key) - 1], *self.by_length[len(key) + 1]]
        found = {
            self.names[name]
            for name, _, _ in process.extract(
                key, candidates, scorer=Indel.distance, score_cutoff=1, limit=None
            )
            if is_spelling_variant(key, name)
        }
        return found.pop() if len(found) == 1 else None


def is_spelling_variant(one, other):
    """Whether two normalised names differ only in spelling (see the module's doc)."""
    joined = one.replace(" ", ""), other.replace(" ", "")
    if joined[0] == joined[1]:
        return len(joined[0]) >= SHORTEST_WORD  # "extra systoles", "extrasystoles"
    words, other_words = one.split(), other.split()
    if len(words) != len(other_words):
        return False
    differing = [(a, b) for a, b in zip(words, other_words, strict=True) if a != b]
    if len(differing) != 1:
        return False
    [(word, other_word)] = differing
    return (
        min(len(word), len(other_word)) >= SHORTEST_WORD
        and word[:SAME_START] == other_word[:SAME_START]
        and Indel.distance(word, other_word) == 1  # one letter in or out, none changed
    )
