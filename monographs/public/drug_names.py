"""Published drugs by the names people type: the name, the generic name, a brand name,
or a word of a combination's name, as written, begun ("ibup") or mistyped ("ibuprofin").

One code path on both databases: rapidfuzz over the names, held per process and built
again when the listings' generation moves (every publish, unpublish and import bumps it
through editorial.changes), like the side-effect index.
"""

import bisect
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from monographs.models import Drug
from monographs.serving.caching import LISTINGS, SITE, built_per_generation
from monographs.text import clean_line

EXACT = 100.0
PREFIX = 90.0  # the words begin a name: what typing ahead looks like
TYPO_CUTOFF = 80.0  # rapidfuzz ratio: "ibuprofin" is 89 from "ibuprofen", "advil" 40
MIN_TYPO_LETTERS = 4  # fewer letters are too many names' typos
MIN_PREFIX_LETTERS = 2
WORD_OF_NAME = 0.95  # a word of a longer name counts a little less than the whole name
MIN_WORD_LETTERS = 4  # words of a name shorter than this ("and", "acid") are not keys
SEPARATOR = re.compile(r"[\s+/,()]+")


@dataclass(frozen=True)
class NameMatch:
    name: str  # the drug's name
    slug: str
    matched: str  # the name or brand name the words are close to
    score: float  # 0..100
    is_brand: bool

    @property
    def is_exact(self):
        return self.score >= EXACT

    def get_absolute_url(self):
        return Drug(slug=self.slug).get_absolute_url()


def key(text):
    """A stored name as the index holds it (names are cleaned when they are written)."""
    return " ".join(text.lower().split())


class DrugNameIndex:
    def __init__(self, rows):
        """rows: (name, slug, generic_name, brand_names) of each published drug."""
        self.drugs = []
        self.keys = {}  # key -> [(drug number, the text as written, is_brand, weight)]
        for number, (name, slug, generic_name, brand_names) in enumerate(rows):
            self.drugs.append((name, slug))
            self.add(name, number, False)
            if generic_name and key(generic_name) != key(name):
                self.add(generic_name, number, False)
            for brand in brand_names.split(","):
                if brand.strip():
                    self.add(brand.strip(), number, True)
        self.sorted_keys = sorted(self.keys)

    def add(self, text, number, is_brand):
        self.keys.setdefault(key(text), []).append((number, text, is_brand, 1.0))
        parts = [part for part in SEPARATOR.split(key(text)) if len(part) >= MIN_WORD_LETTERS]
        if len(parts) > 1:
            for part in parts:
                self.keys.setdefault(part, []).append((number, text, is_brand, WORD_OF_NAME))

    def closest(self, query, limit=5, prefixes=False):
        """The drugs whose names the words name, best first: exactly, then (with
        prefixes, for typing ahead) names they begin, then names they are a typo of."""
        query = key(clean_line(query))  # a visitor's words: look-alike letters too
        scores = {}
        if not query:
            return []
        self.score(scores, query, EXACT)
        if prefixes and len(query) >= MIN_PREFIX_LETTERS:
            start = bisect.bisect_left(self.sorted_keys, query)
            for found in self.sorted_keys[start : start + 50]:
                if not found.startswith(query):
                    break
                self.score(scores, found, PREFIX + 10 * len(query) / len(found) - 0.01)
        if len(query) >= MIN_TYPO_LETTERS:
            close = process.extract(
                query, self.sorted_keys, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF, limit=20
            )
            for found, similarity, _ in close:
                self.score(scores, found, min(similarity, EXACT - 0.5))
        ranked = sorted(scores.items(), key=lambda item: (-item[1][0], self.drugs[item[0]][0]))
        return [
            NameMatch(*self.drugs[number], matched, round(score, 1), is_brand)
            for number, (score, matched, is_brand) in ranked[:limit]
        ]

    def score(self, scores, found, score):
        for number, text, is_brand, weight in self.keys.get(found, []):
            weighted = score * weight
            if weighted > scores.get(number, (0,))[0]:
                scores[number] = (weighted, text, is_brand)


def build_index():
    """The names of the published drugs: one query."""
    rows = (
        Drug.objects.published()
        .order_by("name")
        .values_list("name", "slug", "generic_name", "brand_names")
    )
    return DrugNameIndex(rows)


# The index of the published drugs' names as they are now.
drug_names = built_per_generation([SITE, LISTINGS], build_index)


FEW_RESULTS = 3  # a name search finding fewer drugs than this offers close names


def names_for_search(query, found_slugs, limit=3):
    """For a search that found few drugs: (the drugs a brand or name in the words names
    exactly, the drug names the words may be a typo of), leaving out the drugs found."""
    matches = [m for m in drug_names().closest(query, limit=limit) if m.slug not in found_slugs]
    return [m for m in matches if m.is_exact], [m for m in matches if not m.is_exact]
