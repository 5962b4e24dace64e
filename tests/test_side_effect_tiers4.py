"""Side-effect tiers taken from the wrong words, and links that say more than their source
(issue 13 audit, shapes 1, 5 and 7), on text written here in each shape."""

import pytest

from monographs.importing.parser import parse_monograph
from monographs.importing.parser.frequency import tier_of
from monographs.models import DrugSideEffect

Frequency = DrugSideEffect.Frequency
VERY_COMMON, COMMON, UNCOMMON = Frequency.VERY_COMMON, Frequency.COMMON, Frequency.UNCOMMON
RARE, VERY_RARE, NOT_KNOWN = Frequency.RARE, Frequency.VERY_RARE, Frequency.NOT_KNOWN


def parse(side_effects, title="Testazol"):
    text = f"---\ntitle: {title}\n---\n\n# {title}\n\n### Side Effects\n\n{side_effects}\n"
    return parse_monograph(text.encode())


def found(side_effects):
    return [(m.term, m.frequency, m.serious) for m in parse(side_effects).side_effects]


# --- an upper bound caps the word's tier -----------------------------------------------------


@pytest.mark.parametrize(
    "label, tier",
    [
        # The bound allows no more than uncommon: the word's "common" cannot stand.
        ("Common side effects (occurring in less than 1% of patients)", UNCOMMON),
        ("Common (< 1 %)", UNCOMMON),
        ("Very common side effects (under 10% of people)", COMMON),
        ("Common (0–1 %)", UNCOMMON),
        # A word at or below what the bound allows stands.
        ("Less common, but serious (< 10 %)", UNCOMMON),
        ("Rare (< 1%)", RARE),
        ("Common side effects (less than 50% of patients)", COMMON),
        # A bound alone, without a word, gives no tier; a lower bound does not cap.
        ("Side effects (< 1 %)", None),
        ("Common side effects (> 1 %)", COMMON),
    ],
)
def test_an_upper_bound_caps_the_tier_word(label, tier):
    assert tier_of(label) == tier


def test_a_heading_whose_bound_is_below_its_word_gives_the_capped_tier():
    assert found(
        "Common side effects of Testazol (seen in fewer than 1% of people) may include:\n\n"
        "* Hiccups\n* Yawning\n"
    ) == [("Hiccups", UNCOMMON, False), ("Yawning", UNCOMMON, False)]
