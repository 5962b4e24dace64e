"""What a side-effect section's leftover text says, for the quality report: whether it
lists side effects (so a drug with no link lost them), and whether it gives side effects
a tier (so a drug whose links are all "not known" lost it).

Much of that text speaks of side effects in general: "Serious side effects are
uncommon", "A complete list is not available". Such a sentence lists no side effect and
gives none a tier; counting it would count what the parser rightly left as a note. A
sentence counts when it names a side effect the curated vocabulary knows, or says it
lists some ("include", "such as", "may cause", a closing colon).
"""

import re

from monographs.importing.parser.labels import names_known_side_effect

# Words that say side effects follow: "Common ones include:", "It may cause X".
LISTS = re.compile(
    r"\b(?:include[sd]?|including|such as|(?:may|can|might|could|will)\s+(?:also\s+)?"
    r"(?:cause|lead to|result in|experience))\b|:\s*$",
    re.IGNORECASE,
)
# "Data on its side effects are not available", "no comprehensive data", "unknown".
NONE_KNOWN = re.compile(
    r"\b(?:not|n't|never)\s+(?:\w+\s+){0,3}?(?:available|established|known|documented|"
    r"determined|accessible|studied)\b|\b(?:unavailable|unknown|insufficient|limited)\b|"
    r"\bno\s+(?:\w+\s+){0,2}?(?:data|information|reports?)\b",
    re.IGNORECASE,
)
SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")
# "These can include X": the sentence goes on from the one before it.
GOES_ON = re.compile(r"^\W*(?:these|they|those|such (?:effects|reactions))\b", re.IGNORECASE)


def speaks_of_side_effects(sentence):
    return bool(LISTS.search(sentence)) or names_known_side_effect(sentence)


def lists_side_effects(text):
    """Whether a section's text lists side effects: it names one, or it says it lists
    some and does not say that none is known."""
    sentences = [sentence for sentence in SENTENCES.split(text) if sentence.strip()]
    if any(names_known_side_effect(sentence) for sentence in sentences):
        return True
    return not NONE_KNOWN.search(text) and any(LISTS.search(s) for s in sentences)


def gives_a_tier(text, names_a_tier):
    """Whether a sentence of the text that names a tier (names_a_tier: a compiled pattern)
    speaks of side effects it names or lists, itself or in the sentence after it ("More
    serious effects are less common. These can include X.")."""
    sentences = [sentence for sentence in SENTENCES.split(text) if sentence.strip()]
    for index, sentence in enumerate(sentences):
        if not names_a_tier.search(sentence):
            continue
        after = sentences[index + 1] if index + 1 < len(sentences) else ""
        if speaks_of_side_effects(sentence) or (
            GOES_ON.match(after) and speaks_of_side_effects(after)
        ):
            return True
    return False
