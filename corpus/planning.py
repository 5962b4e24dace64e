"""Which drugs to create: invented generic names, their classes, and "A + B" combinations.

Names are a pronounceable stem plus a real stem of the drug's class ("ravo" + "azole" ->
"Ravazole"), unique among the slugs already taken. corpus.synthetic writes the plans.
"""

from dataclasses import dataclass, field

from corpus.drug_classes import DRUG_CLASSES, DrugClass
from monographs.models import Drug

# Share of drugs that are "A + B" of two earlier single drugs.
COMBINATION_SHARE = 0.08
# Syllables of invented stems: an onset and a vowel (vowels weighted as in real names).
ONSETS = (
    "b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "z",
    "br", "cl", "dr", "fl", "pr", "tr", "k", "st", "x", "ch",
)  # fmt: skip
VOWELS = ("a", "a", "e", "e", "i", "o", "o", "u")


@dataclass
class PlannedDrug:
    """A drug to create: its name, class, and for a combination, its ingredients' plans."""

    name: str
    slug: str
    drug_class: DrugClass
    ingredients: tuple["PlannedDrug", ...] = ()
    pk: int | None = None
    conditions: list[tuple[int | None, str]] = field(default_factory=list)

    @property
    def is_combination(self):
        return bool(self.ingredients)


def invent_stem(rng):
    """A pronounceable stem of two or three syllables ("ravo", "teleni")."""
    syllables = 2 if rng.random() < 0.7 else 3
    parts = [rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(syllables)]
    if rng.random() < 0.15:
        parts[0] = rng.choice(VOWELS)
    return "".join(parts)


def join_stem(stem, suffix):
    """Stem + suffix without a doubled letter or a vowel clash ("ravo" + "azole" -> "ravazole")."""
    if stem[-1] == suffix[0] or (stem[-1] in "aeiou" and suffix[0] in "aeiou"):
        stem = stem[:-1]
    return (stem + suffix).capitalize()


def invent_name(rng, drug_class):
    return join_stem(invent_stem(rng), rng.choice(drug_class.suffixes))


def plan_drugs(rng, count, taken_slugs):
    """Unique names for count drugs; about 8% are "A + B" of two earlier single drugs.

    taken_slugs is updated with every slug planned.
    """
    plans, singles = [], []
    while len(plans) < count:
        if len(singles) >= 2 and rng.random() < COMBINATION_SHARE:
            plan = plan_combination(rng, singles, taken_slugs)
        else:
            plan = plan_single(rng, taken_slugs)
            singles.append(plan)
        if plan is not None:
            taken_slugs.add(plan.slug)
            plans.append(plan)
    return plans


def plan_single(rng, taken_slugs):
    drug_class = rng.choice(DRUG_CLASSES)
    while True:
        name = invent_name(rng, drug_class)
        slug = Drug.slug_for(name)
        if slug not in taken_slugs:
            return PlannedDrug(name, slug, drug_class)


def plan_combination(rng, singles, taken_slugs):
    """Two different single drugs as "A + B", or None when that name is taken."""
    first, second = rng.sample(singles, 2)
    name = f"{first.name} + {second.name}"
    slug = Drug.slug_for(name)
    if slug in taken_slugs:
        return None
    return PlannedDrug(name, slug, first.drug_class, ingredients=(first, second))
