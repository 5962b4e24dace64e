"""Side-effect shapes that lost a tier the source states, or whose mentions became junk
terms or were lost (issue 13, shapes 4 and 6), on text written here in each shape."""

from monographs.importing.parser import parse_monograph
from monographs.importing.parser.frequency import own_words
from monographs.models import DrugSideEffect

Frequency = DrugSideEffect.Frequency
NOT_KNOWN, VERY_COMMON, COMMON, UNCOMMON, RARE = (
    Frequency.NOT_KNOWN,
    Frequency.VERY_COMMON,
    Frequency.COMMON,
    Frequency.UNCOMMON,
    Frequency.RARE,
)


def parse(side_effects, title="Testazol"):
    text = f"---\ntitle: {title}\n---\n\n# {title}\n### Side Effects\n{side_effects}\n"
    return parse_monograph(text.encode())


def found(side_effects):
    return [(m.term, m.frequency, m.serious) for m in parse(side_effects).side_effects]


# --- the tier a labelled item's detail states in a sentence --------------------------------


def test_a_sentence_of_a_labelled_item_states_its_tier():
    assert found(
        "* **Heartburn:** This is a fairly common side effect that passes.\n"
        "* **Joint pain:** While rare, long use can make the joints ache.\n"
        "* **Tiredness:** Some people feel tired after a dose. This is relatively uncommon.\n"
        "* **Bruising:** Bruising where the needle went in was common.\n"
        "* **Hives:** Rare hives on the arms (e.g., on the wrists) are possible.\n"
        "* **Cramps:** Cramps can occur in some people.\n"
    ) == [
        ("Heartburn", COMMON, False),
        ("Joint pain", RARE, False),
        ("Tiredness", UNCOMMON, False),
        ("Bruising", COMMON, False),
        ("Hives", RARE, False),
        ("Cramps", NOT_KNOWN, False),  # "in some people" names no tier
    ]


def test_a_tier_sentence_stays_in_the_note_when_it_says_more():
    assert own_words("Rare hives on the arms are possible") == (
        RARE,
        False,
        "Rare hives on the arms are possible",
    )
    # A tier word that describes the noun, in no statement, is no tier.
    assert own_words("rare hepatitis") == (None, False, "rare hepatitis")
    # A comparison states no tier.
    assert own_words("Rash was more common than with the old tablet")[0] is None


# --- a tier word on a label or a term ------------------------------------------------------


def test_a_label_of_a_tier_word_and_a_known_side_effect_is_that_side_effect():
    monograph = parse(
        "* **Rare skin reactions:** Although rare, they can be serious. "
        "See a doctor if you notice blistering, peeling or fever.\n"
    )
    assert [(m.term, m.frequency) for m in monograph.side_effects] == [("Skin reactions", RARE)]


def test_a_tier_word_before_a_known_term_is_the_links_tier_not_the_terms():
    assert found("* Uncommon cases of tinnitus\n* Rare allergic reactions\n") == [
        ("Tinnitus", UNCOMMON, False),
        ("Allergic reactions", RARE, False),
    ]
    # The vocabulary knows "Frequent urination" as one side effect: it stays one.
    assert found("* Frequent urination\n") == [("Frequent urination", NOT_KNOWN, False)]


# --- lists that were lost or became junk terms ---------------------------------------------


def test_a_group_that_included_the_risk_of_a_side_effect():
    assert found(
        "**Rare but serious side effects included the risk of kidney failure.** "
        "Stop the drug at once.\n"
    ) == [("kidney failure", RARE, True)]


def test_a_bullet_that_says_what_the_group_included():
    assert found(
        "* Nausea\n* **Serious but uncommon side effects included seizures and tremor.**\n"
    ) == [("Nausea", NOT_KNOWN, False), ("seizures and tremor", UNCOMMON, True)]


def test_a_drug_that_carries_a_risk_of_side_effects_names_each():
    assert found(
        "**Less common but serious:** Testazol carries a risk of pancreatitis (inflamed "
        "pancreas) and neutropenia (low white cells).\n"
    ) == [("pancreatitis", UNCOMMON, True), ("neutropenia", UNCOMMON, True)]


def test_a_group_with_examples_gives_the_examples_not_the_group():
    monograph = parse(
        "* Rash\n"
        "* Rare cases of more serious reactions such as hepatitis and pancreatitis, "
        "which need urgent care.\n"
    )
    assert [(m.term, m.frequency) for m in monograph.side_effects] == [
        ("Rash", NOT_KNOWN),
        ("hepatitis and pancreatitis", RARE),
    ]
    assert "which need urgent care." in monograph.side_effect_notes


def test_and_other_effects_at_a_lists_end_is_no_term():
    assert found("Less common side effects include insomnia and other nervous effects.\n") == [
        ("insomnia", UNCOMMON, False)
    ]


def test_any_before_a_side_effect_is_no_part_of_it():
    assert found("**Serious (less common):** Any sudden chest pain, any unusual bleeding.\n") == [
        ("sudden chest pain", UNCOMMON, True),
        ("unusual bleeding", UNCOMMON, True),
    ]


def test_a_condition_after_a_mention_is_its_note_and_the_mention_stays():
    monograph = parse(
        "Some people may experience rash (such as small red spots) if they are sensitive "
        "to the dye in the tablet.\n"
    )
    [rash] = monograph.side_effects
    assert (rash.term, rash.frequency) == ("rash", NOT_KNOWN)
    assert "if they are sensitive to the dye in the tablet" in rash.note
