"""How common a side effect is, on the CIOMS / EU SmPC scale, and whether it is serious:
the parser's rules on text written for these tests, in the shapes monographs use."""

import pytest
from django.core.management import call_command

from monographs.importing.mapping import side_effect_rows
from monographs.importing.parser import group_of, parse_monograph
from monographs.importing.parser.frequency import own_words, tier_of
from monographs.models import DrugSideEffect, SideEffect
from monographs.vocabulary.resolver import SideEffectResolver
from tests.conftest import write_monograph

Frequency = DrugSideEffect.Frequency
VERY_COMMON, COMMON, UNCOMMON = Frequency.VERY_COMMON, Frequency.COMMON, Frequency.UNCOMMON
RARE, VERY_RARE, NOT_KNOWN = Frequency.RARE, Frequency.VERY_RARE, Frequency.NOT_KNOWN


def side_effects(section, title="Testazol"):
    text = f"---\ntitle: {title}\n---\n\n# {title}\n\n### Side Effects\n\n{section}"
    monograph = parse_monograph(text.encode())
    return [(m.term, m.frequency, m.serious) for m in monograph.side_effects]


# --- numbers decide, words when there is no number -------------------------------------------


@pytest.mark.parametrize(
    "label, tier",
    [
        ("Common (> 10 %)", VERY_COMMON),
        ("Common (1–10 %)", COMMON),
        ("Less common side effects (1-10% of patients)", COMMON),
        ("(≥ 10 %)", VERY_COMMON),
        ("Side effects in 12% of people", VERY_COMMON),
        ("Less common, but serious (< 10 %)", UNCOMMON),
        ("Rare (< 1%)", RARE),
        ("Common (more than 1 in 10)", VERY_COMMON),
        ("Reported in 1 in 10 people", VERY_COMMON),
        ("Seen in 1/100 patients", COMMON),
        ("Occurring in 0.1–1 % of patients", UNCOMMON),
        ("Occurring in 0,1–1 % of patients", UNCOMMON),
        ("Between 1 and 10 percent", COMMON),
        ("From 1 to 10 % of users", COMMON),
        ("≥ 1/100 to < 1/10", COMMON),
        ("1 in 1,000 to 1 in 100 people", UNCOMMON),
        ("May affect up to 1 in 10 people", COMMON),
        ("May affect up to 1 in 100 people", UNCOMMON),
        ("Up to 1 in 1,000 people", RARE),
        ("Up to 1 in 10,000 people", VERY_RARE),
        ("0,05 % of patients", RARE),
        ("Fewer than 1 in 10,000 people", VERY_RARE),
        ("&gt;10% of patients", VERY_COMMON),
    ],
)
def test_a_number_decides_the_tier(label, tier):
    assert tier_of(label) == tier


@pytest.mark.parametrize(
    "label, tier",
    [
        # A bound alone leaves several tiers open: the word decides, or nothing does.
        ("(< 1 %)", None),
        ("(0–1 %)", None),
        ("Side effects in more than 1% of people", None),
        ("Common side effects (> 1 %)", COMMON),
        ("Uncommon (< 10 %)", UNCOMMON),
        ("Side effects (frequency not known)", NOT_KNOWN),
        ("Frequency unknown", NOT_KNOWN),
        ("Side effects of the skin", None),
        ("Weight gain of 2 kg", None),
    ],
)
def test_a_bound_alone_takes_the_word_or_no_tier(label, tier):
    assert tier_of(label) == tier


@pytest.mark.parametrize(
    "words, tier",
    [
        ("Very common", VERY_COMMON),
        ("Most common side effects", VERY_COMMON),
        ("Very frequent", VERY_COMMON),
        ("Common", COMMON),
        ("Frequent side effects", COMMON),
        ("Side effects that often occur", COMMON),
        ("Less common", UNCOMMON),
        ("Uncommon", UNCOMMON),
        ("Infrequent", UNCOMMON),
        ("Occasional side effects", UNCOMMON),
        ("Rare", RARE),
        ("Rarely reported", RARE),
        ("Very rare", VERY_RARE),
        ("Extremely rare reactions", VERY_RARE),
        ("Isolated reports", VERY_RARE),
        # The longer phrase wins over the word inside it.
        ("Less common but serious", UNCOMMON),
        ("Very rare, serious", VERY_RARE),
        # Words that name no tier.
        ("Symptoms of the common cold", None),
        ("Side effects common to both ingredients", None),
        ("Less common than with other statins", None),
        ("Not common", None),
    ],
)
def test_words_name_a_tier_longest_phrase_first(words, tier):
    assert tier_of(words) == tier


@pytest.mark.parametrize(
    "label, expected",
    [
        ("Less common but potentially serious side effects", (UNCOMMON, True)),
        ("Rare, life-threatening reactions", (RARE, True)),
        ("Common side effects, usually not serious", (COMMON, False)),
        ("Serious side effects", (NOT_KNOWN, True)),
    ],
)
def test_a_group_label_gives_its_members_tier_and_seriousness(label, expected):
    assert group_of(label) == expected


# --- labels, lead-ins and groups ----------------------------------------------------------------


def test_a_label_followed_by_a_parenthesis_is_recognised():
    assert side_effects(
        "**Common (more than 1 in 10):**\n\n* Dry skin\n\n"
        "Rare (< 0.1 %):\n\n* Fainting\n\n"
        "* **Uncommon** (0.1–1 %): itching, hiccups\n"
    ) == [
        ("Dry skin", VERY_COMMON, False),
        ("Fainting", RARE, False),
        ("itching", UNCOMMON, False),
        ("hiccups", UNCOMMON, False),
    ]


def test_a_lead_in_sentence_introduces_its_own_list_only():
    assert side_effects(
        "Serious side effects are rare, but may include:\n\n* Liver damage\n\n"
        "**Skin:** rash, dryness\n\n"
        "* **Nervous system:** headache\n"
    ) == [
        ("Liver damage", RARE, True),
        ("rash", NOT_KNOWN, False),
        ("dryness", NOT_KNOWN, False),
        ("headache", NOT_KNOWN, False),
    ]


def test_a_general_opening_sentence_sets_no_tier():
    assert side_effects(
        "Most side effects are mild; rarely, someone has to stop the treatment.\n\n"
        "**Gastrointestinal:** nausea\n\n"
        "**Very common:**\n\n* Tiredness\n"
    ) == [("nausea", NOT_KNOWN, False), ("Tiredness", VERY_COMMON, False)]


def test_an_opening_sentence_that_turns_away_gives_no_tier():
    assert side_effects(
        "Side effects of this cream are generally rare. However, some people notice:\n\n"
        "* Stinging\n"
    ) == [("Stinging", NOT_KNOWN, False)]


def test_a_lead_in_reaches_back_to_the_sentence_that_names_the_tier():
    assert side_effects(
        "Less common but serious side effects may occur. Get medical help at once if you have:"
        "\n\n* Chest pain\n\n"
        "Other side effects include:\n\n* Hiccups\n"
    ) == [("Chest pain", UNCOMMON, True), ("Hiccups", NOT_KNOWN, False)]


def test_a_group_label_with_a_remark_labels_the_list_below_it():
    assert side_effects(
        "**Common side effects:** These usually pass within a week.\n\n* Headache\n"
    ) == [("Headache", COMMON, False)]


def test_frequency_not_known_is_stated_not_inherited():
    assert side_effects("* **Common:**\n  * Nausea\n  * **Frequency not known:** confusion\n") == [
        ("Nausea", COMMON, False),
        ("confusion", NOT_KNOWN, False),
    ]


def test_a_sub_group_without_a_tier_keeps_the_outer_one():
    assert side_effects("* **Rare:**\n  * **Skin:** blisters\n") == [("blisters", RARE, False)]


# --- a mention's own words -------------------------------------------------------------------


def test_a_mention_states_its_own_tier_and_seriousness():
    assert side_effects(
        "**Common side effects:**\n\n"
        "* Hair thinning (rare)\n"
        "* Dry mouth — rare\n"
        "* Rhabdomyolysis (serious, rare, with muscle pain)\n"
        "* Tremor (very rare, but potentially serious)\n"
        "* Rash (in 2% of patients)\n"
        "* Nasopharyngitis (common cold)\n"
        "* Dry cough (less common than with other drugs)\n"
        "* Swelling (more common with the higher dose)\n"
        "* Dizziness (when standing up)\n"
    ) == [
        ("Hair thinning", RARE, False),
        ("Dry mouth", RARE, False),
        ("Rhabdomyolysis", RARE, True),
        ("Tremor", VERY_RARE, True),
        ("Rash", COMMON, False),
        ("Nasopharyngitis", COMMON, False),
        ("Dry cough", COMMON, False),
        ("Swelling", COMMON, False),
        ("Dizziness", COMMON, False),
    ]


@pytest.mark.parametrize(
    "note, expected",
    [
        ("rare", (RARE, False, "")),
        ("serious, rare, with muscle pain", (RARE, True, "with muscle pain")),
        ("rare but potentially life-threatening", (RARE, True, "")),
        ("rare in children", (RARE, False, "rare in children")),
        ("rare, especially at high doses", (RARE, False, "especially at high doses")),
        ("up to 1 in 1,000 people", (RARE, False, "")),
        ("in 2% of children", (COMMON, False, "in 2% of children")),
        ("0,5 %", (UNCOMMON, False, "")),
        ("frequency not known", (NOT_KNOWN, False, "")),
        ("a rare and serious brain infection", (RARE, True, "a rare and serious brain infection")),
        ("fever, chills", (None, False, "fever, chills")),
        ("severe dizziness, rash", (None, False, "severe dizziness, rash")),
        ("rare hepatitis", (None, False, "rare hepatitis")),
        ("more than 7% of body weight", (None, False, "more than 7% of body weight")),
        ("can be severe; mostly in the first week", (None, True, "mostly in the first week")),
    ],
)
def test_the_parts_of_a_note_that_state_the_tier_become_the_tier(note, expected):
    assert own_words(note) == expected


def test_severe_in_the_mention_makes_the_link_serious():
    assert side_effects("**Common:**\n\n* Severe constipation\n* High fever\n") == [
        ("Severe constipation", COMMON, True),
        ("High fever", COMMON, False),
    ]


# --- the link's flag, the plain term -----------------------------------------------------------


@pytest.mark.django_db
def test_severe_makes_the_link_serious_not_the_term(tmp_path):
    """A "severe constipation" mention is a serious link to Constipation; another drug's
    link to Constipation, and the term itself, stay as they are."""
    write_monograph(
        tmp_path,
        "testazol.md",
        "---\ntitle: Testazol\n---\n\n# Testazol\n\n### Side Effects\n\n"
        "**Common side effects:**\n\n* Severe constipation\n* High fever\n",
    )
    write_monograph(
        tmp_path,
        "placebin.md",
        "---\ntitle: Placebin\n---\n\n# Placebin\n\n### Side Effects\n\n"
        "**Common side effects:**\n\n* Constipation\n",
    )
    call_command("import_monographs", str(tmp_path), verbosity=0)
    links = {
        (link.drug.slug, link.side_effect.name): (link.frequency, link.serious)
        for link in DrugSideEffect.objects.filter(drug__slug__in=["testazol", "placebin"])
    }
    assert links == {
        ("testazol", "Constipation"): (COMMON, True),
        ("testazol", "Fever"): (COMMON, False),
        ("placebin", "Constipation"): (COMMON, False),
    }
    assert not SideEffect.objects.filter(name__in=["Severe constipation", "High fever"]).exists()


@pytest.mark.parametrize(
    "mentions, expected",
    [
        # A term mentioned twice keeps its first stated tier, and is serious if either is.
        (["* Nausea (frequency not known)", "* Nausea (rare, serious)"], (RARE, True)),
        (["* Nausea (uncommon)", "* Nausea (rare)"], (UNCOMMON, False)),
    ],
)
def test_a_term_mentioned_twice_keeps_its_first_stated_tier(mentions, expected):
    monograph = parse_monograph(
        ("---\ntitle: T\n---\n\n# T\n\n### Side Effects\n\n" + "\n".join(mentions)).encode()
    )
    nausea = SideEffectResolver(terms=[(7, "Nausea", True)], aliases=[])
    [row] = side_effect_rows(1, [(mention, [7]) for mention in monograph.side_effects], nausea)
    assert (row["frequency"], row["serious"]) == expected


def test_a_labelled_lead_in_introduces_the_list_below_it():
    assert side_effects(
        "**Placebin:** Side effects of this part of the combination are uncommon. They include:"
        "\n\n* Hiccups\n\n"
        "Other effects:\n\n* Yawning\n",
        title="Testazol + Placebin",
    ) == [("Hiccups", UNCOMMON, False), ("Yawning", NOT_KNOWN, False)]
