"""Where an unreviewed term might belong: up to three suggested targets, each with its
reason, for the vocabulary review page.

A target is a reviewed term (merge into it) or an HPO concept no reviewed term carries
(accept the term with that code). The reasons, strongest first:

- "HPO synonym": the name is, or is close to, an HPO label or EXACT synonym;
- "same words in another order" as a reviewed term's name or alias;
- "an existing alias within a small edit distance" (a typo, a plural): two edits,
  but one in a single word of under ten letters, where two make another concept
  ("cheilosis", "chemosis");
- "shared head noun": the noun the name is about ("pain" in "pain in the legs") is the
  one a reviewed term's name is about. A body part or a vague noun is not what a name
  is about ("oily skin" and "itchy skin", "changes in appetite" and "mood changes"
  are about other things).

``load_candidates()`` reads the reviewed names once; ``suggest()`` is pure.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from monographs.models import SideEffect, SideEffectAlias
from monographs.text import normalise
from monographs.vocabulary.hpo import hpo_names

HPO_SYNONYM = "HPO synonym"
SAME_WORDS = "same words in another order"
NEAR_ALIAS = "an existing alias within a small edit distance"
HEAD_NOUN = "shared head noun"

MAX_SUGGESTIONS = 3
CLOSE_RATIO = 90  # rapidfuzz ratio, 0..100
ROUGH_RATIO = 65  # two names of 6+ letters within two edits of each other score above it
# Fewer letters than this and one edit makes another word ("rash", "ache"); a single
# word of fewer than LETTERS_FOR_TWO_EDITS, and two do.
MIN_LETTERS_FOR_EDITS = 6
LETTERS_FOR_TWO_EDITS = 10
# Words after which the head noun has come: "pain in the legs", "loss of appetite".
PREPOSITIONS = {"of", "in", "on", "at", "to", "from", "with", "after", "during", "around"}
# Words that say nothing of what a name is about.
FILLER_WORDS = PREPOSITIONS | {"the", "a", "an", "and", "or", "your", "my"}
# Nouns a name can end on without being about them: a body part ("oily skin", "red
# eyes") or a word for any kind of finding ("changes in appetite", "brain disorders").
VAGUE_HEAD_WORDS = """
    skin eye eyes eyelid eyelids mouth lip lips tongue gums gum teeth tooth throat nose
    ear ears face head scalp hair nail nails hand hands foot feet leg legs arm arms ankle
    ankles knee knees joint joints muscle muscles back chest breast breasts stomach belly
    abdomen bowel bowels bladder kidney kidneys liver heart lung lungs vein veins blood
    bone bones neck shoulder shoulders finger fingers toe toes body
    change changes disorder disorders problem problems reaction reactions syndrome
    toxicity damage disturbance disturbances feeling feelings sensation sensations
    sensitivity features level levels irritation tenderness enlargement spasm spasms
    lesion lesions instability findings effect effects symptom symptoms abnormality
    abnormalities infection infections swelling discomfort inflammation exacerbation
    exacerbations worsening"""
VAGUE_HEADS = frozenset(VAGUE_HEAD_WORDS.split())


@dataclass(frozen=True)
class Suggestion:
    reason: str
    name: str  # the target's name, or the HPO label
    term_id: int | None = None  # a reviewed term: merge into it
    hpo_id: str = ""  # an HPO concept without a reviewed term: accept with its code
    matched: str = ""  # the name or alias that matched, when not the target's name

    @property
    def key(self):
        """The value a form posts for this target: "term:12" or "hpo:HP:0002315"."""
        return f"term:{self.term_id}" if self.term_id else f"hpo:{self.hpo_id}"


@dataclass
class Candidates:
    """The reviewed vocabulary and HPO's names, indexed for suggest()."""

    # normalised name or alias -> (term id, term name)
    reviewed: dict = field(default_factory=dict)
    # normalised HPO label or EXACT synonym -> (HPO id, label)
    hpo: dict = field(default_factory=dict)
    # HPO id -> (term id, term name) of the reviewed term that carries it
    term_of_hpo: dict = field(default_factory=dict)

    def __post_init__(self):
        self.reviewed_keys = list(self.reviewed)
        self.hpo_keys = list(self.hpo)
        self.by_sorted_words = {}
        self.by_head = defaultdict(list)
        for key, target in self.reviewed.items():
            self.by_sorted_words.setdefault(sorted_words(key), (key, target))
            self.by_head[head_noun(key)].append((key, target))


def load_candidates():
    """Candidates from the reviewed terms and their aliases (two queries) and HPO's names
    (read once per process and release)."""
    reviewed, term_of_hpo = {}, {}
    for pk, name, hpo_id in SideEffect.objects.public().values_list("pk", "name", "hpo_id"):
        reviewed[normalise(name)] = (pk, name)
        if hpo_id:
            term_of_hpo.setdefault(hpo_id, (pk, name))
    names = dict(reviewed.values())
    aliases = SideEffectAlias.objects.filter(side_effect__is_reviewed=True).values_list(
        "side_effect_id", "name"
    )
    for pk, alias in aliases:
        reviewed.setdefault(normalise(alias), (pk, names[pk]))
    return Candidates(reviewed, hpo_labels(), term_of_hpo)


def hpo_labels():
    """{normalised HPO name: (HPO id, the matched name)} from vocabulary.hpo's names."""
    return {key: (hpo_id, key) for key, hpo_id in hpo_names().items()}


def suggest(name, candidates, limit=MAX_SUGGESTIONS):
    """Up to limit suggestions for an unreviewed term's name, the strongest first, each
    target once."""
    key = normalise(name)
    if not key:
        return []
    found = [
        hpo_synonym(key, candidates),
        same_words(key, candidates),
        *near_aliases(key, candidates),
        *shared_head_noun(key, candidates),
    ]
    suggestions, targets = [], set()
    for suggestion in found:
        if suggestion is None or suggestion.key in targets:
            continue
        targets.add(suggestion.key)
        suggestions.append(suggestion)
        if len(suggestions) == limit:
            break
    return suggestions


def hpo_synonym(key, candidates):
    if key in candidates.hpo:
        matched = key
    else:
        matched = next(close_matches(key, candidates.hpo_keys), None)
        if matched is None:
            return None
    hpo_id, label = candidates.hpo[matched]
    if hpo_id in candidates.term_of_hpo:
        term_id, term_name = candidates.term_of_hpo[hpo_id]
        return Suggestion(HPO_SYNONYM, term_name, term_id=term_id, matched=label)
    return Suggestion(HPO_SYNONYM, label, hpo_id=hpo_id)


def same_words(key, candidates):
    """A reviewed name or alias with the words of key in another order (what rapidfuzz's
    token_sort_ratio scores 100), found by its sorted words."""
    match = candidates.by_sorted_words.get(sorted_words(key))
    if match is None or match[0] == key:
        return None
    return to_term(SAME_WORDS, *match)


def near_aliases(key, candidates):
    """Reviewed names and aliases at most two edits away, or at least 90 % alike."""
    for matched in close_matches(key, candidates.reviewed_keys):
        yield to_term(NEAR_ALIAS, matched, candidates.reviewed[matched])


def close_matches(key, choices):
    """The choices (other than key) at least 90 % alike, or within allowed_edits(), the
    closest first."""
    rough = process.extract(
        key, choices, scorer=fuzz.ratio, score_cutoff=ROUGH_RATIO, limit=MAX_SUGGESTIONS
    )
    for matched, ratio, _ in rough:
        if matched == key:
            continue
        edits = min(allowed_edits(key), allowed_edits(matched))
        if ratio >= CLOSE_RATIO or (
            edits and Levenshtein.distance(key, matched, score_cutoff=edits) <= edits
        ):
            yield matched


def allowed_edits(name):
    if len(name) < MIN_LETTERS_FOR_EDITS:
        return 0
    return 1 if " " not in name and len(name) < LETTERS_FOR_TWO_EDITS else 2


def shared_head_noun(key, candidates):
    """Reviewed names and aliases about the same noun, those sharing most words first. A
    name whose noun is vague (VAGUE_HEADS) is about its other words: only a name with no
    word it lacks is offered ("menstrual changes" for "changes in menstrual bleeding"),
    never one that merely shares the noun ("itchy skin" for "oily skin")."""
    head = head_noun(key)
    sharing = candidates.by_head.get(head, [])
    if head in VAGUE_HEADS:
        words = content_words(key)
        sharing = [match for match in sharing if content_words(match[0]) <= words]
    ranked = sorted(sharing, key=lambda match: -fuzz.token_set_ratio(key, match[0]))
    for matched, target in ranked[:MAX_SUGGESTIONS]:
        if matched != key:
            yield to_term(HEAD_NOUN, matched, target)


def content_words(key):
    return set(key.split()) - FILLER_WORDS


def to_term(reason, matched, target):
    term_id, name = target
    return Suggestion(
        reason, name, term_id=term_id, matched="" if matched == normalise(name) else matched
    )


def sorted_words(key):
    return " ".join(sorted(key.split()))


def head_noun(key):
    """The word a name is about: the last word before a preposition, else the last word."""
    words = key.split()
    for position, word in enumerate(words[1:], start=1):
        if word in PREPOSITIONS:
            return words[position - 1]
    return words[-1] if words else ""
