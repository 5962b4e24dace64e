"""The index behind the public side-effect search: reviewed terms ranked on words.

Each reviewed term is a document of four fields: its name, its aliases, the label and
EXACT synonyms of the HPO term it is coded with (layperson ones weigh more), and its
plain-language description. The words of each (roots, vocabulary/everyday_words.py) are
weighed with BM25F: a word that few terms use says more than one many use, a word in
the name more than one in the description, and a long field's words count less each.

A query's parts (words, or lexicon phrases with their medical words) are scored against
each term, and a term whose whole name, alias or synonym is in the query scores more.
A word the index does not know is read as a typo of the closest words it does know
(rapidfuzz) or as the start of a word ("dizz"), and two words as one ("head ache").

The index is built once per vocabulary state: it is kept per process under the
generations that every change to the vocabulary bumps (serving.caching), so a merge, a
new term or an alias rebuilds it at the next search.
"""

import bisect
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from monographs.models import SideEffect, SideEffectAlias
from monographs.ontology import HpoSynonym
from monographs.serving.caching import SIDE_EFFECTS, SITE, built_per_generation
from monographs.vocabulary.everyday_words import (
    TYPED_BESIDE_LEXICON,
    QueryPart,
    lay_parts,
    roots,
    words,
)

# (weight, length normalisation b) of each field, BM25F's; k1 saturates repeated words.
FIELDS = {
    "name": (3.0, 0.5),
    "aliases": (2.0, 0.3),
    "hpo": (1.5, 0.3),
    "description": (0.5, 0.75),
}
LAYPERSON_SYNONYM = 2.0  # an HPO layperson synonym counts twice among the HPO words
K1 = 1.2
# A term whose whole name or alias is in the query (the query holding more words), and
# one whose name or alias is exactly the query.
CONTAINED_PHRASE = 0.25
SAME_PHRASE = 0.2
TYPO_CUTOFF = 80  # rapidfuzz ratio, 0..100: "diziness" reads as "dizziness"
TYPO_WEIGHT = 0.8  # a typo's closest words weigh this much times their similarity
PREFIX_WEIGHT = 0.7  # the words a fragment starts ("dizz": "dizziness")
OF_THE_BEST = 0.6  # a result needs this share of the best result's relevance
# The share of a term's relevance it keeps when the query holds none of its name's words.
UNEXPLAINED_TERM = 0.5
MIN_FRAGMENT = 3  # letters a word needs before it is read as a typo or a fragment
MAX_RANKED = 250
SPELT_LIKE = 75  # rapidfuzz token_sort_ratio a missed query needs to a name or alias


@dataclass
class Phrase:
    text: str  # as the vocabulary writes it, shown beside the term: "Vomiting (throwing up)"
    roots: frozenset


@dataclass
class TermDocument:
    term_id: int
    fields: dict = field(default_factory=lambda: {name: [] for name in FIELDS})
    phrases: list = field(default_factory=list)


@dataclass
class Ranked:
    term_id: int
    score: float  # about 0..1: how much of the query the term explains, and how well
    matched: str  # the name or alias that matched


class SideEffectIndex:
    def __init__(self, documents):
        self.documents = documents
        count = max(len(documents), 1)
        lengths = {name: [len(d.fields[name]) for d in documents] for name in FIELDS}
        average = {name: (sum(values) / count) or 1.0 for name, values in lengths.items()}
        frequency = Counter(r for d in documents for r in {r for f in d.fields.values() for r in f})
        self.idf = {r: math.log(1 + (count - df + 0.5) / (df + 0.5)) for r, df in frequency.items()}
        # root -> {document number: its BM25F score for that root}
        self.postings = defaultdict(dict)
        for number, document in enumerate(documents):
            weighted = Counter()
            for name, (weight, b) in FIELDS.items():
                field_roots = document.fields[name]
                norm = 1 - b + b * len(field_roots) / average[name]
                for r, tf in Counter(field_roots).items():
                    weighted[r] += weight * tf / norm
            for r, tf in weighted.items():
                self.postings[r][number] = self.idf[r] * tf * (K1 + 1) / (tf + K1)
        self.best = {r: max(scores.values()) for r, scores in self.postings.items()}
        self.typical_best = sorted(self.best.values())[len(self.best) // 2] if self.best else 1.0
        # The phrases of each document by each of their roots, to find the whole ones.
        self.phrases_by_root = defaultdict(list)
        for number, document in enumerate(documents):
            for phrase in document.phrases:
                for r in phrase.roots:
                    self.phrases_by_root[r].append((number, phrase))
        self.surface = {}  # each word the names and aliases use, as written -> its roots
        for document in documents:
            for phrase in document.phrases:
                for word in words(phrase.text):
                    if word not in self.surface:
                        self.surface[word] = set(roots(word))
        self.surface = {word: found for word, found in self.surface.items() if found}
        self.sorted_surface = sorted(self.surface)
        # Every name and alias as written, for spelt_like().
        self.phrase_texts, self.phrase_terms = [], []
        for document in documents:
            for phrase in document.phrases:
                self.phrase_texts.append(phrase.text.lower())
                self.phrase_terms.append(document.term_id)

    # --- reading the query ----------------------------------------------------------------

    def known_meanings(self, part):
        """The part's meanings in the roots the index knows; for an unknown typed word, the
        known words it is a typo or the start of."""
        meanings = []
        for meaning, weight in part.meanings:
            known = tuple(r for r in meaning if r in self.postings)
            if known:
                meanings.append((known, weight))
        if meanings or part.from_lexicon:
            return meanings
        word = part.typed[0]
        if len(word) < MIN_FRAGMENT:
            return []
        guesses = {}
        start = bisect.bisect_left(self.sorted_surface, word)
        for known in self.sorted_surface[start : start + 20]:
            if not known.startswith(word):
                break
            for r in self.surface[known]:
                guesses[r] = max(guesses.get(r, 0), PREFIX_WEIGHT)
        close = process.extract(
            word, self.sorted_surface, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF, limit=5
        )
        for known, similarity, _ in close:
            if known[0] != word[0]:
                continue  # people seldom mistype the first letter: "glowing" is no "slowing"
            for r in self.surface[known]:
                guesses[r] = max(guesses.get(r, 0), TYPO_WEIGHT * similarity / 100)
        return [((r,), weight) for r, weight in guesses.items() if r in self.postings]

    def parts(self, query):
        """The query's parts, two typed words that are one word joined ("head ache")."""
        joined = []
        for part in lay_parts(query):
            if joined and not part.from_lexicon:
                together = joined[-1].typed[-1] + part.typed[0]
                if together in self.surface:
                    previous = joined[-1]
                    meanings = [*previous.meanings, *part.meanings]
                    meanings.append((tuple(self.surface[together]), 1.0))
                    joined[-1] = QueryPart((*previous.typed, *part.typed), meanings, True)
                    continue
            joined.append(part)
        return joined

    # --- ranking -------------------------------------------------------------------------

    def rank(self, query, min_score=0.0):
        """The terms that match the query, best first."""
        parts = [self.known_meanings(part) for part in self.parts(query)]
        if not any(parts):
            return []
        # Each part counts once, by its best meaning, against what the best term for it
        # could score had the visitor typed its words: a typo's guess explains less of
        # the query than the word itself. A part no term knows counts as a typical word.
        ideal = 0.0
        scores = defaultdict(float)
        for meanings in parts:
            ideal += max(
                (sum(self.best[r] for r in meaning) for meaning, _ in meanings),
                default=self.typical_best,
            )
            best_of_part = defaultdict(float)
            for meaning, weight in meanings:
                for number, score in self.score_meaning(meaning, weight).items():
                    best_of_part[number] = max(best_of_part[number], score)
            for number, score in best_of_part.items():
                scores[number] += score
        # A whole name or alias in the query earns more; the typed words the lexicon put
        # its own words beside do not count for that, but show which alias was meant.
        query_roots, typed_roots = {}, set()
        for meanings in parts:
            for meaning, weight in meanings:
                if weight == TYPED_BESIDE_LEXICON:
                    typed_roots.update(meaning)
                    continue
                for r in meaning:
                    query_roots[r] = max(query_roots.get(r, 0.0), weight)
        ranked = []
        for number, score in scores.items():
            phrase, bonus, covered = self.best_phrase(number, query_roots, typed_roots)
            # How much of the term the query explains weighs too: "sleepy" names only
            # half of "Sleep apnea", and a term only its description shares words with
            # is a weak guess however well those words fit.
            # A whole alias in the query earns its bonus as far as the term explains
            # the query: "the runs" is in "nose running", which is not about Diarrhea.
            of_query = min(1.0, score / ideal)
            explained = of_query * (UNEXPLAINED_TERM + (1 - UNEXPLAINED_TERM) * covered)
            relevance = min(1.0, explained + bonus * of_query)
            if relevance >= min_score:
                ranked.append(Ranked(self.documents[number].term_id, relevance, phrase))
        ranked.sort(key=lambda hit: -hit.score)
        # Of one word or lay phrase, a term far below the best one is a weaker reading
        # of the same words, not a second answer: "sleepy" is Drowsiness, not also Sleep
        # disturbances. Several parts may name several side effects: all are kept.
        if ranked and len(parts) == 1:
            floor = ranked[0].score * OF_THE_BEST
            ranked = [hit for hit in ranked if hit.score >= floor]
        return ranked[:MAX_RANKED]

    def spelt_like(self, query, limit=5):
        """For a query nothing matches: the terms whose name or alias is spelt like it,
        best first, none when nothing is close (no unrelated "try these")."""
        if not self.phrase_texts:
            return []
        close = process.extract(
            query.lower(),
            self.phrase_texts,
            scorer=fuzz.token_sort_ratio,
            score_cutoff=SPELT_LIKE,
            limit=limit * 3,
        )
        found = []
        for _, _, position in close:
            term_id = self.phrase_terms[position]
            if term_id not in found:
                found.append(term_id)
        return found[:limit]

    def score_meaning(self, meaning, weight):
        """Document number -> its score for the roots of one meaning, together."""
        scores = defaultdict(float)
        for r in meaning:
            for number, score in self.postings[r].items():
                scores[number] += weight * score
        return scores

    def best_phrase(self, number, query_roots, typed_roots):
        """The document's phrase most like the words typed, the bonus it earns (less
        for a phrase only a typo's guess completes), and how much of that phrase the
        query holds (0..1, its words weighed by how rare they are).

        query_roots: root -> how sure the query holds it (1.0 typed); typed_roots: the
        words the lexicon put its own beside."""
        best, best_key, bonus, covered = None, None, 0.0, 0.0
        for phrase in self.documents[number].phrases:
            shared = phrase.roots & query_roots.keys()
            typed = phrase.roots & typed_roots
            if not shared and not typed:
                continue
            key = (
                sum(self.idf.get(r, 0.0) for r in shared | typed),
                -len(phrase.roots - shared - typed),
            )
            if best_key is None or key > best_key:
                best, best_key = phrase, key
            held = sum(
                self.idf.get(r, 0.0) * query_roots.get(r, TYPED_BESIDE_LEXICON)
                for r in shared | typed
            )
            whole = sum(self.idf.get(r, 0.0) for r in phrase.roots) or 1.0
            covered = max(covered, min(1.0, held / whole))
            if shared and shared == phrase.roots:
                same = phrase.roots == query_roots.keys()
                sure = min(query_roots[r] for r in shared)
                bonus = max(bonus, sure * (CONTAINED_PHRASE + (SAME_PHRASE if same else 0.0)))
        text = best.text if best else self.documents[number].phrases[0].text
        return text, bonus, covered


def build_index():
    """The index of the reviewed terms, from the database: four queries."""
    reviewed = SideEffect.objects.filter(is_reviewed=True)
    documents = {}
    hpo_terms = defaultdict(list)
    for pk, name, description, hpo_id, hpo_name in reviewed.values_list(
        "pk", "name", "description", "hpo_id", "hpo__name"
    ):
        document = documents[pk] = TermDocument(pk)
        add(document, "name", name)
        document.fields["description"] = roots(description)
        if hpo_id:
            hpo_terms[hpo_id].append(document)
            add(document, "hpo", hpo_name)
    aliases = SideEffectAlias.objects.filter(side_effect__is_reviewed=True)
    for term_id, name in aliases.values_list("side_effect_id", "name"):
        add(documents[term_id], "aliases", name)
    synonyms = HpoSynonym.objects.filter(term__in=list(hpo_terms))
    for hpo_id, name, is_layperson in synonyms.values_list("term_id", "name", "is_layperson"):
        for document in hpo_terms[hpo_id]:
            add(document, "hpo", name, repeat=LAYPERSON_SYNONYM if is_layperson else 1)
    return SideEffectIndex([d for d in documents.values() if d.phrases])


def add(document, field_name, text, repeat=1):
    found = roots(text)
    if not found:
        return
    document.fields[field_name].extend(found * int(repeat))
    document.phrases.append(Phrase(text, frozenset(found)))


# The index of the vocabulary as it is now: built again after a change to it.
side_effect_index = built_per_generation([SITE, SIDE_EFFECTS], build_index)
