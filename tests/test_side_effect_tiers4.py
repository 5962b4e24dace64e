"""Side-effect tiers taken from the wrong words, and links that say more than their source
(issue 13 audit, shapes 1, 5 and 7), on text written here in each shape."""

import pytest

from monographs.importing.mapping import side_effect_rows
from monographs.importing.parser import parse_monograph
from monographs.importing.parser.frequency import tier_of
from monographs.models import DrugSideEffect
from monographs.vocabulary.resolver import SideEffectResolver

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


# --- a hedge in the item's sentence does not beat the item's own tier label -----------------


def test_a_concession_does_not_make_a_labelled_tier_more_common():
    assert found(
        "* **Common:** Mild stinging where it is applied.\n"
        "* **Serious (Rare):** Although uncommon with eye drops, absorption into the body can "
        "lead to more serious side effects such as hearing loss or tremor.\n"
    ) == [
        ("Mild stinging where it is applied", COMMON, False),
        ("hearing loss or tremor", RARE, True),
    ]


def test_a_concession_rarer_than_the_label_or_without_one_gives_its_tier():
    assert found(
        "* **Common:** Headache. Although rare, it can cause side effects such as seizures.\n"
        "* **Serious:** Although rare, it can cause side effects such as fainting.\n"
    ) == [("Headache", COMMON, False), ("seizures", RARE, False), ("fainting", RARE, True)]


# --- a sentence that states its own tier inside a group of another ---------------------------


def test_the_symptoms_of_a_rare_effect_named_before_are_rare():
    assert found(
        "* **Less common but serious side effects:** Rash, sensitivity to sunlight.  Rare "
        "cases of bromide poisoning can occur with heavy use.  Symptoms of poisoning can "
        "include confusion, tremor, and hiccups.\n"
    ) == [
        ("Rash", UNCOMMON, True),
        ("sensitivity to sunlight", UNCOMMON, True),
        ("confusion", RARE, True),
        ("tremor", RARE, True),
        ("hiccups", RARE, True),
    ]


def test_symptoms_of_something_the_sentence_before_does_not_name_keep_the_group_tier():
    assert found(
        "* **Less common:** Rash.  Rare cases of bromide poisoning can occur with heavy use.  "
        "Symptoms of overdose can include confusion and tremor.\n"
    ) == [("Rash", UNCOMMON, False), ("confusion and tremor", UNCOMMON, False)]


# --- a severe form of a side effect listed before: one link, and nothing overstated ---------


def rows(side_effects, terms, aliases=()):
    resolver = SideEffectResolver(terms=terms, aliases=list(aliases))
    resolved = [
        (mention, [pk for pk, _ in resolver.known(mention.term)])
        for mention in parse(side_effects).side_effects
    ]
    return {
        resolver.names[row["side_effect_id"]]: (
            row["frequency"],
            row["serious"],
            row["note"],
            row["source_text"],
        )
        for row in side_effect_rows(1, resolved, resolver)
    }


def test_a_severe_form_in_the_serious_list_is_noted_on_the_common_link_and_stays_a_warning():
    assert rows(
        "**Common side effects:**\n\n* Headache\n* Dizziness\n\n"
        "**Less common but serious side effects:**\n\n"
        "* Severe headache\n* Severe dizziness or fainting\n",
        terms=[(7, "Headache", True), (8, "Dizziness", True), (9, "Syncope (fainting)", True)],
        aliases=[(9, "fainting")],
    ) == {
        # The common links stay common; the note says what the severe form is, in the
        # source's words, and the link stays among the warning signs.
        "Headache": (COMMON, True, "Severe headache: uncommon and serious", ""),
        "Dizziness": (COMMON, True, "Severe dizziness: uncommon and serious", ""),
        # A link keeps words the source used, not "Severe fainting".
        "Syncope (fainting)": (UNCOMMON, True, "", "Severe dizziness or fainting"),
    }


def test_a_severe_form_keeps_its_own_note_in_the_statement():
    assert rows(
        "**Common:** nausea, allergic reactions (rash, itching).\n\n"
        "**Rare but serious:** severe allergic reactions (anaphylaxis), nausea.\n",
        terms=[(7, "Allergic reaction", True), (8, "Nausea", True)],
    ) == {
        # The same side effect in the serious list is serious; its other tier is noted.
        "Nausea": (COMMON, True, "also listed as rare", "nausea"),
        "Allergic reaction": (
            COMMON,
            True,
            "rash, itching; severe allergic reactions (anaphylaxis): rare and serious",
            "allergic reactions",
        ),
    }


def test_a_kind_in_the_serious_list_says_in_the_note_that_it_alone_is_serious():
    assert rows(
        "**Very common:** Pain.\n\n**Less common but serious:** Perineal pain.\n",
        terms=[(7, "Pain", True)],
    ) == {
        # One link to the term; the note keeps which words the serious listing was for.
        "Pain": (
            DrugSideEffect.Frequency.VERY_COMMON,
            True,
            "Perineal pain: uncommon and serious",
            "",
        ),
    }


def test_the_same_words_again_complete_a_link_that_stated_nothing():
    assert rows(
        "* Nausea (frequency not known)\n* Nausea (rare, serious)\n* Nausea, also common\n",
        terms=[(7, "Nausea", True)],
    ) == {"Nausea": (RARE, True, "", "")}


def test_a_statement_in_a_note_reads_back_as_a_note_not_as_the_links_own_words():
    assert [
        (m.term, m.frequency, m.serious, m.note)
        for m in parse(
            "**Common:**\n\n* Headache (Severe headache: uncommon and serious)\n"
        ).side_effects
    ] == [("Headache", COMMON, False, "Severe headache: uncommon and serious")]


# --- a bullet of two side effects, each with its parenthetical ------------------------------


def test_a_bullet_of_two_glossed_side_effects_is_two_mentions():
    assert [
        (m.term, m.frequency, m.note)
        for m in parse(
            "**Less common:**\n\n* Hiccups (singultus) and skin rash (dermatologic)\n"
            "* Yawning (more with higher doses)\n"
        ).side_effects
    ] == [
        ("Hiccups", UNCOMMON, "singultus"),
        ("skin rash", UNCOMMON, "dermatologic"),
        ("Yawning", UNCOMMON, "more with higher doses"),
    ]
