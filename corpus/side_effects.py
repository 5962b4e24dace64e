"""Which side-effect terms a synthetic drug lists, and in which frequency tier.

Terms follow a Zipf-like popularity (headache on most drugs, a rare term on a handful),
with realistic shares of each frequency tier (very common to not known) and of serious
links.
"""

from monographs.models import DrugSideEffect

# Zipf exponent of side-effect popularity: the k-th most popular term is drawn 1/k^s as often.
POPULARITY_EXPONENT = 1.05
SIDE_EFFECTS_PER_DRUG = (5, 25)

Frequency = DrugSideEffect.Frequency
# About the shares of the RxHive sample's links on the CIOMS scale.
FREQUENCY_WEIGHTS = {
    Frequency.VERY_COMMON: 10,
    Frequency.COMMON: 45,
    Frequency.UNCOMMON: 30,
    Frequency.RARE: 8,
    Frequency.VERY_RARE: 2,
    Frequency.NOT_KNOWN: 5,
}
# About 20% serious overall, mostly among the uncommon and rarer.
SERIOUS_CHANCE = {
    Frequency.VERY_COMMON: 0.02,
    Frequency.COMMON: 0.05,
    Frequency.UNCOMMON: 0.35,
    Frequency.RARE: 0.45,
    Frequency.VERY_RARE: 0.5,
    Frequency.NOT_KNOWN: 0.15,
}
# Terms real monographs list most; the rest of the vocabulary follows in a seeded order.
POPULAR_SIDE_EFFECTS = (
    "Headache", "Nausea", "Dizziness", "Diarrhea", "Fatigue (tiredness)", "Vomiting", "Rash",
    "Abdominal pain", "Drowsiness", "Constipation", "Dry mouth", "Insomnia",
    "Pruritus (itching)", "Upset stomach", "Weakness", "Muscle pain", "Joint pain",
    "Back pain", "Loss of appetite", "Indigestion", "Edema (swelling)", "Cough",
    "Sweating", "Fever", "Hypotension (low blood pressure)", "Anxiety", "Flushing",
    "Upper respiratory tract infection", "Weight gain", "Blurred vision",
)  # fmt: skip
SIDE_EFFECT_NOTES = (
    "usually mild", "usually mild and temporary", "mostly in the first weeks of treatment",
    "more likely at higher doses", "tell your doctor if it persists", "may need medical attention",
)  # fmt: skip


def rank_side_effects(rng, terms):
    """Term ids, most popular first: the usual suspects, then reviewed terms in a seeded order.

    terms are (pk, name, is_reviewed). Unreviewed terms (often odd phrases an import could
    not resolve) are used only when there are too few reviewed ones, and come last.
    """
    popular = {name: rank for rank, name in enumerate(POPULAR_SIDE_EFFECTS)}
    head = sorted((t for t in terms if t[1] in popular), key=lambda t: popular[t[1]])
    reviewed = [t for t in terms if t[1] not in popular and t[2]]
    unreviewed = [t for t in terms if t[1] not in popular and not t[2]]
    rng.shuffle(reviewed)
    rng.shuffle(unreviewed)
    ranked = head + reviewed
    if len(ranked) < SIDE_EFFECTS_PER_DRUG[1]:
        ranked += unreviewed
    return [pk for pk, _, _ in ranked]


def zipf_cumulative_weights(count):
    """Cumulative weights for random.choices: rank k is drawn 1/k^s as often as rank 1."""
    weights, total = [], 0.0
    for rank in range(1, count + 1):
        total += rank**-POPULARITY_EXPONENT
        weights.append(total)
    return weights
