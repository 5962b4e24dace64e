"""How the words before side effects say which group they belong to: a group label, a
lead-in sentence and the sentences it reaches back to, a leading adverb ("Rarely, ..."), a
concession ("Although uncommon, ..."). Pure functions of the text; side_effects.py adds the
mentions."""

import html
import re

from monographs.importing.parser.common import split_outside_parentheses
from monographs.importing.parser.frequency import (
    group_words,
    states_frequency,
    tier_of,
    tier_of_words,
)
from monographs.models import DrugSideEffect
from monographs.text import clean_inline

Frequency = DrugSideEffect.Frequency

GROUP_WORDS = (
    "side effect", "common", "rare", "serious", "severe", "frequent", "adverse", "reaction",
    "effects",
)  # fmt: skip
# A paragraph ending in ":" with a verb is a lead-in sentence ("Serious side effects are rare,
# but may include:"), not a group label ("Rare (< 0.1 %):").
LEAD_IN_VERB = re.compile(
    r"\b(?:include[sd]?|including|are|is|were|was|may|can|could|might|have|has|had|"
    r"occur\w*|report\w*|experience\w*|follow\w*)\b",
    re.IGNORECASE,
)
# A lead-in's lead: at most this many sentences, back to the one that names a tier.
LEAD_SENTENCES = 3
CONTRAST = re.compile(r"^(?:however|but|still|nevertheless|that said)\b", re.IGNORECASE)
# A lead that says the sentence lists side effects without naming a group: "Some people
# may experience dryness, redness or itching."
CAUSES = re.compile(
    r"\b(?:may|can|might|could|will|sometimes|occasionally|rarely)\s+(?:also\s+)?"
    r"(?:cause|experience|develop|lead to|result in|produce|trigger|include|notice)\b",
    re.IGNORECASE,
)
# "Rarely, liver damage." in a group: the adverb is that sentence's tier.
LEADING_ADVERB = re.compile(
    r"^(?:rarely|very rarely|in (?:very )?rare (?:cases|instances)|in some (?:cases|instances)|"
    r"occasionally|commonly|frequently|less commonly|"
    r"less frequently|infrequently|uncommonly),?\s*(?:(?P<context>at (?:high|higher) doses|"
    r"with (?:prolonged|long-term) use|in some (?:cases|people|patients)),\s*)?",
    re.IGNORECASE,
)
# "Serious side effects are rare. These can include X.": the lead refers to the sentence before.
ANAPHORIC_LEAD = re.compile(r"^(?:these|they|those|such effects)\b", re.IGNORECASE)


def is_group_label(text):
    lowered = html.unescape(text).lower()
    return len(text) < 200 and (
        any(word in lowered for word in GROUP_WORDS) or states_frequency(lowered)
    )


def introduces_a_list(text):
    """A paragraph that ends in ":" and whose lead speaks of side effects: "Side effects
    vary. Less common, but serious ones include:"."""
    return text.endswith(":") and is_group_label(lead_sentences(text)[1])


def lead_sentences(text):
    """(the sentences before, the lead) of a paragraph that introduces a list.

    The lead is the last sentence, with those before it up to the one that names a tier
    ("Less common but serious side effects may occur. Get help at once if you have:"),
    at most LEAD_SENTENCES. A sentence that turns away ("However, some people get:") or
    names its own group without a tier ("Other side effects include:") starts the lead.
    """
    sentences = split_outside_parentheses(clean_inline(text), separators=".") or [""]
    start = len(sentences) - 1
    while start and len(sentences) - start < LEAD_SENTENCES:
        sentence = sentences[start]
        names_group = is_group_label(sentence) and not ANAPHORIC_LEAD.match(sentence)
        if tier_of(sentence) or CONTRAST.match(sentence) or names_group:
            break
        start -= 1
    return sentences[:start], ". ".join(sentences[start:])


def group_for(label, frequency, serious):
    """A sub-group keeps the outer tier and seriousness unless its label states its own."""
    return within(group_words(label), frequency, serious)


def within(words, frequency, serious):
    """The (tier, serious) of a group whose words state (tier or None, serious), inside a
    group of (frequency, serious)."""
    tier, group_serious = words
    return tier or frequency, group_serious or serious


# "Although uncommon with topical use, absorption can lead to X": the tier is conceded in
# passing, before the clause that lists.
CONCESSION = re.compile(r"^(?:although|though|while|whilst|even though)\s[^,]+", re.IGNORECASE)
# "Rare cases of poisoning can occur. Symptoms of poisoning include X": the symptoms of what
# the sentence before named.
SYMPTOMS_OF = re.compile(
    r"^(?:the\s+)?(?:(?:signs\s+(?:and|or)\s+)?symptoms|signs)\s+of\s+"
    r"(?:(?:the|this|that|such|an?)\s+)?(?P<what>[\w-]{3,})",
    re.IGNORECASE,
)


def refers_back(lead, previous):
    """Whether a prose list's lead speaks of what the sentence before it, which names a
    group, spoke of: "These include", "Symptoms of toxicity include" after "Rare cases of
    salicylate toxicity can occur"."""
    if not is_group_label(previous):
        return False
    if ANAPHORIC_LEAD.match(lead):
        return True
    named = SYMPTOMS_OF.match(lead)
    return bool(named and re.search(rf"\b{re.escape(named['what'])}\b", previous, re.I))


def lead_group(lead, frequency, serious):
    """The (tier, serious) of a prose list with this lead inside a group of (frequency,
    serious): group_for, but a tier conceded in passing ("Although uncommon with topical
    use, ...") makes a group that states its own tier ("**Serious (Rare):**") no more
    common; it is no more than a cap."""
    tier, lead_serious = group_words(lead)
    conceded = CONCESSION.match(lead)
    if tier and frequency != Frequency.NOT_KNOWN and conceded and tier_of_words(conceded[0]):
        tier = Frequency(max(tier, frequency))
    return within((tier, lead_serious), frequency, serious)
