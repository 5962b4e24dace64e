"""Interactions a monograph should not have, for the quality report: one that names the
drug itself or its ingredient, two that name the same drug or class, and a name whose
brackets do not pair up.

Names compare normalised (text.normalise: case, punctuation and hyphens aside) and less a
plural "s". Two names of one drug are duplicates when
- they compare equal ("Beta-blockers", "beta blocker");
- one is the other's gloss: "NSAIDs (non-steroidal anti-inflammatory drugs)" beside
  "NSAIDs" or beside "Non-steroidal anti-inflammatory drugs";
- one is the other's abbreviation: a word written in capitals whose letters (less a
  plural "s") are, in order, letters of the other name, starting with its first and
  holding the first letter of each of its words ("NSAIDs" and "Non-steroidal
  anti-inflammatory drugs", "MAOIs" and "Monoamine oxidase inhibitors"), after the words
  both end with ("MAO inhibitors", "CNS depressants").
Synonyms with nothing in common ("Anticoagulants", "Blood thinners") are not found.
"""

import re
from collections import Counter
from functools import lru_cache
from itertools import combinations, groupby
from operator import itemgetter

from monographs.models import Drug, Interaction
from monographs.text import normalise

GLOSS = re.compile(r"^(?P<head>[^()]+?)\s*\((?P<gloss>[^()]+)\)\s*$")
PAIRS = {")": "(", "]": "["}
BRACKET = re.compile(r"[][()]")


def interaction_counts(drugs):
    """The interaction figures of a quality report for a Drug queryset, in two queries."""
    ingredients = {}
    through = Drug.ingredients.through.objects.filter(from_drug__in=drugs)
    for drug_id, *ingredient in through.values_list("from_drug_id", "to_drug_id", "to_drug__name"):
        ingredients.setdefault(drug_id, []).append(ingredient)
    rows = (
        Interaction.objects.filter(drug__in=drugs)
        .order_by("drug_id")
        .values_list("drug_id", "drug__name", "name", "interacting_drug_id")
    )
    counts = Counter()
    for drug_id, group in groupby(rows.iterator(chunk_size=2000), key=itemgetter(0)):
        group = list(group)
        interactions = [(name, other_id) for _, _, name, other_id in group]
        counts.update(drug_counts(drug_id, group[0][1], ingredients.get(drug_id, []), interactions))
    return counts


def drug_counts(drug_id, drug_name, ingredients, interactions):
    """One drug's figures, from its ingredients [(id, name)] and its interactions
    [(name, interacting drug id)]."""
    own_ids = {drug_id} | {pk for pk, _ in ingredients}
    own_names = names_of(drug_name) | {key(name) for _, name in ingredients}
    named = [(name, gloss_forms(name)) for name, _ in interactions]
    return {
        "interactions": len(interactions),
        "interactions_naming_own_drug": sum(
            1
            for (_, other_id), (_, forms) in zip(interactions, named, strict=True)
            if other_id in own_ids or forms & own_names
        ),
        "interaction_duplicate_pairs": sum(
            1
            for (a, a_forms), (b, b_forms) in combinations(named, 2)
            if a_forms & b_forms or abbreviates(a, b) or abbreviates(b, a)
        ),
        "interactions_unbalanced_brackets": sum(
            1 for name, _ in interactions if not balanced(name)
        ),
    }


@lru_cache(maxsize=2**16)  # names of drug classes recur in many monographs
def key(name):
    """A name as names compare: normalised, less a plural "s"."""
    name = normalise(name)
    return name[:-1] if name.endswith("s") else name


def names_of(drug_name):
    """The keys of the names a drug goes by: its own, without a parenthetical ("Acyclovir
    (Systemic)"), and each part of a combination ("A + B")."""
    names = {key(drug_name)} | {key(part) for part in drug_name.split("+")}
    match = GLOSS.match(drug_name)
    if match:
        names.add(key(match["head"]))
    names.discard("")
    return names


def gloss_forms(name):
    """The keys an interaction name goes by: its own, and for "X (Y)" those of X and Y."""
    forms = {key(name)}
    match = GLOSS.match(name)
    if match:
        forms |= {key(match["head"]), key(match["gloss"])}
    forms.discard("")
    return forms


def abbreviates(short, long):
    """Whether the name short is an abbreviation of the name long (see the module's doc)."""
    first = short.split(maxsplit=1)[0] if short.strip() else ""
    if sum(1 for char in first if char.isupper()) < 2:
        return False
    short_words, long_words = normalise(short).split(), normalise(long).split()
    while (
        len(short_words) > 1
        and len(long_words) > 2
        and short_words[-1].removesuffix("s") == long_words[-1].removesuffix("s")
    ):
        short_words.pop()
        long_words.pop()
    if len(short_words) != 1 or len(long_words) < 2:
        return False
    letters, initials = short_words[0], "".join(word[0] for word in long_words)
    return any(
        abbreviation[0] == initials[0]
        and in_order(initials, abbreviation)
        and in_order(abbreviation, "".join(long_words))
        for abbreviation in {letters, letters.removesuffix("s")}
        if len(abbreviation) > 1
    )


def in_order(letters, text):
    """Whether the letters appear in text in this order (not necessarily together)."""
    remaining = iter(text)
    return all(letter in remaining for letter in letters)


def balanced(name):
    """Whether every bracket of the name, ( ) or [ ], closes one of its kind opened before."""
    if not BRACKET.search(name):
        return True
    opened = []
    for char in name:
        if char in "([":
            opened.append(char)
        elif char in PAIRS and (not opened or opened.pop() != PAIRS[char]):
            return False
    return not opened
