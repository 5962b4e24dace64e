"""Side-effect shapes that lost a mention or its tier, or made a junk mention, and what the
quality report counts as lost (issue 13, shapes 2, 4 and 6), on text written here in each
shape."""

import pytest

from monographs.importing.parser import parse_monograph
from monographs.importing.quality import TIER_PATTERN
from monographs.importing.side_effect_checks import gives_a_tier, lists_side_effects
from monographs.models import DrugSideEffect

Frequency = DrugSideEffect.Frequency
NOT_KNOWN, COMMON, UNCOMMON, RARE = (
    Frequency.NOT_KNOWN,
    Frequency.COMMON,
    Frequency.UNCOMMON,
    Frequency.RARE,
)


def parse(side_effects, title="Testazol"):
    text = f"---\ntitle: {title}\n---\n\n# {title}\n### Side Effects\n{side_effects}\n"
    return parse_monograph(text.encode())


def found(side_effects):
    return [(m.term, m.frequency, m.serious) for m in parse(side_effects).side_effects]


# --- sentences that name a side effect -----------------------------------------------------


def test_might_or_could_lead_to_names_a_side_effect():
    assert found(
        "Taken as directed it is harmless. Swallowing a great deal could lead to heartburn. "
        "A large dose might cause drowsiness."
    ) == [("heartburn", NOT_KNOWN, False), ("drowsiness", NOT_KNOWN, False)]


def test_side_effects_in_general_are_no_mention():
    monograph = parse("At the strengths used in lotions, side effects are rare.")
    assert monograph.side_effects == []
    assert "side effects are rare" in monograph.side_effect_notes
    # A list before "are rare" is still a list.
    assert found("Nausea and headache are rare.") == [("Nausea and headache", RARE, False)]


def test_rare_instances_of_a_side_effect_are_rare():
    assert found(
        "* **Gastrointestinal:** Mostly well tolerated, but rare instances of cramps might occur."
    ) == [("cramps", RARE, False)]


# --- a lead's tier ---------------------------------------------------------------------------


def test_a_tier_before_a_turn_is_not_the_lists():
    assert found(
        "* **Skin:** Rarely causes trouble, but some users might experience mild itching.\n"
        "* **Liver:** Rare, but serious side effects include jaundice.\n"
        "* **Nervous system:** More serious, though less common, side effects can include "
        "seizures.\n"
        "* **Blood:** Other effects, including but not limited to anaemia, bruising and "
        "nosebleeds.\n"
    ) == [
        ("mild itching", NOT_KNOWN, False),
        ("jaundice", RARE, True),
        ("seizures", UNCOMMON, True),
        ("anaemia", NOT_KNOWN, False),
        ("bruising", NOT_KNOWN, False),
        ("nosebleeds", NOT_KNOWN, False),
    ]


def test_these_can_include_takes_the_tier_of_the_sentence_before():
    monograph = parse(
        "* **Further effects:** More serious effects are possible, though less common, and "
        "need urgent care.  These can include fainting (collapse) or other bodily effects "
        "depending on the dose and the route."
    )
    assert [(m.term, m.frequency, m.serious) for m in monograph.side_effects] == [
        ("fainting", UNCOMMON, True)
    ]
    assert monograph.side_effects[0].note == "collapse"


# --- what the quality report counts as lost ------------------------------------------------


@pytest.mark.parametrize(
    "text, lists",
    [
        ("Large doses could lead to heartburn.", True),  # names a known side effect
        ("Trials noted some effects. Users may experience zorbitis.", True),  # says it lists
        ("A list of its side effects is not available yet.", False),
        ("Its side effects would need to be weighed by a doctor.", False),
        # Says that little is known, but names one.
        ("Data are limited; nausea was seen in one trial.", True),
    ],
)
def test_side_effect_text_that_lists_side_effects(text, lists):
    assert lists_side_effects(text) is lists


@pytest.mark.parametrize(
    "text, tier",
    [
        ("Serious side effects are uncommon.", False),
        ("While less common, graver reactions can occur. See a doctor.", False),
        ("Rarely, nausea was seen.", True),
        ("Less common side effects include zorbitis.", True),
        ("Graver effects are less common. These can include fainting.", True),
        ("Graver effects are less common. See a doctor about fainting.", False),
    ],
)
def test_side_effect_text_that_gives_a_tier(text, tier):
    assert gives_a_tier(text, TIER_PATTERN) is tier


# --- junk terms --------------------------------------------------------------------------


def test_a_body_system_with_side_effects_is_a_label_not_a_term():
    monograph = parse(
        "* Bowel and stomach side effects\n* Kidney-related adverse reactions\n* Hair loss\n"
    )
    assert [m.term for m in monograph.side_effects] == ["Hair loss"]
    assert "Bowel and stomach side effects" in monograph.side_effect_notes
    assert "Kidney-related adverse reactions" in monograph.side_effect_notes


def test_systemic_absorption_is_no_side_effect_but_what_it_leads_to_is():
    monograph = parse(
        "* Systemic absorption of the steroid (rare, leading to moon face)\n"
        "* Systemic absorption (how much is unclear)\n"
        "* **Systemic absorption:** Over large areas it may cause thinning of the skin.\n"
    )
    assert [(m.term, m.frequency, m.note) for m in monograph.side_effects] == [
        ("moon face", RARE, ""),
        ("thinning of the skin", NOT_KNOWN, "Systemic absorption"),
    ]
    assert "Systemic absorption of the steroid (rare, leading to moon face)" in (
        monograph.side_effect_notes
    )
    assert "Systemic absorption (how much is unclear)" in monograph.side_effect_notes


def test_in_severe_cases_is_the_mentions_context():
    assert found("* Fits in severe cases\n* Rash\n") == [
        ("Fits", NOT_KNOWN, True),
        ("Rash", NOT_KNOWN, False),
    ]
