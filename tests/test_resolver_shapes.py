"""The resolver's general shapes for mentions no term names as written: a spelling
variant of a reviewed or HPO name, less of something in HPO's words ("Impaired X" is
"Decreased X"), more of an effect ("Increased X" is X), "Changes in X" as our terms say
it, and vague groups of effects kept as text. Against the real HPO release that conftest
loads; the mentions are our own."""

import pytest

from monographs.ontology import HpoTerm
from monographs.vocabulary.readings import intensified
from monographs.vocabulary.resolver import SideEffectResolver, opposite_direction
from monographs.vocabulary.spelling import SpellingIndex, is_spelling_variant
from tests.test_side_effect_shapes import parse, terms


def named(resolver, mention):
    """The names of what a mention finds (a term's, or an HPO concept's label)."""
    names = []
    for pk, reviewed in resolver.known(mention):
        assert reviewed, mention
        names.append(HpoTerm.objects.get(pk=pk).name if isinstance(pk, str) else resolver.names[pk])
    return names


@pytest.fixture
def resolver(db):
    return SideEffectResolver()


# --- spelling --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("crystaluria", "crystalluria"),  # a doubled letter
        ("tachyarrythmia", "tachyarrhythmia"),  # an "h"
        ("pseudarthrosis", "pseudoarthrosis"),  # a joining vowel
        ("extra systoles", "extrasystoles"),  # apart or together
        ("acute hepatitis", "acute hepatittis"),  # one word of several
    ],
)
def test_a_letter_in_or_out_is_a_spelling_variant(one, other):
    assert is_spelling_variant(one, other)
    assert is_spelling_variant(other, one)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("hypotension", "hypertension"),  # a prefix
        ("hyperkalemia", "hypokalemia"),
        ("tachycardia", "bradycardia"),
        ("dysphagia", "dysphasia"),  # a changed letter
        ("cheilosis", "chemosis"),
        ("vitamin k deficiency", "vitamin a deficiency"),  # a short word
        ("ventricular tachyarrhythmia", "supraventricular tachyarrhythmia"),
        ("ileus", "ileums"),  # too short
        ("mastitis", "mastoiditis"),  # more than a letter
        ("acute hepatitis", "acute hepatitis b"),  # a word more
        ("type 1 reaction", "type 2 reaction"),
    ],
)
def test_another_concept_is_no_spelling_variant(one, other):
    assert not is_spelling_variant(one, other)


def test_a_near_spelling_of_two_things_names_neither():
    index = SpellingIndex({"pseudoarthrosis": 1, "pseudarthrossis": 2})
    assert index.find("pseudarthrosis") is None
    assert SpellingIndex({"pseudoarthrosis": 1}).find("pseudarthrosis") == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("Crystaluria", ["Crystalluria"]),  # HPO's label
        ("Hypokalemmia", ["Hypokalemia (low potassium)"]),  # our term, not Hyperkalemia
        ("Thrombocytopeniia", ["Thrombocytopenia (low platelet count)"]),
    ],
)
def test_a_spelling_variant_finds_the_reviewed_term_or_hpo_concept(resolver, mention, expected):
    assert named(resolver, mention) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("mention", ["Dysphasia", "Hypertenssion of the eye"])
def test_a_near_spelling_of_another_concept_is_not_found(resolver, mention):
    assert "Dysphagia (difficulty swallowing)" not in [
        resolver.names.get(pk) for pk, _ in resolver.known(mention)
    ]
    assert all(not isinstance(pk, str) or pk != "HP:0002015" for pk, _ in resolver.known(mention))


# --- directions and changes ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("Reduced exercise tolerance", ["Exercise intolerance"]),  # HPO's "poor"
        ("Impaired reflexes", ["Hyporeflexia"]),  # HPO's "decreased"
        ("Heightened anxiety", ["Anxiety"]),  # more of an effect
        ("Increased nosebleeds", ["Nosebleeds"]),
        ("Increased sleepiness or nervousness", ["Drowsiness", "Nervousness"]),
        ("Alterations of menstrual bleeding", ["Menstrual changes"]),  # "altered ..."
        ("Enlargement of the heart", ["Cardiomegaly"]),  # HPO's "Enlarged heart"
        ("Nail thickening", ["Onychogryposis"]),  # HPO's "Thickened nails"
    ],
)
def test_a_change_of_an_effect_finds_its_term(resolver, mention, expected):
    assert named(resolver, mention) == expected


@pytest.mark.parametrize(
    ("mention", "core"),
    [
        ("Increased eye dryness", "eye dryness"),
        ("Heightened anxiety", "anxiety"),
        ("Increased blood flow", None),  # more of a body function is no effect named
        ("Increased bone density", None),
        ("Increased heart rate", None),
        ("Increased energy", None),
        ("Decreased anxiety", None),  # less is not more
    ],
)
def test_more_of_an_effect_is_the_effect_but_more_of_a_measure_is_not(mention, core):
    assert intensified(mention) == core


def test_more_never_finds_a_term_of_the_other_direction():
    assert opposite_direction("Loss of appetite")
    assert opposite_direction("Hypoglycemia (low blood sugar)")
    assert not opposite_direction("Anxiety")


# --- vague groups ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "item",
    [
        "Various unpleasant effects",  # "various" and a plural head
        "Serious vascular events",  # group words, a body system, a plural head
        "Hormonal disturbances",
        "Neuropsychiatric events",
        "Signs of systemic absorption of the cream",  # how effects come about
    ],
)
def test_a_vague_group_of_effects_stays_text(item):
    monograph = parse(f"* Nausea\n* {item}\n")
    assert terms(monograph) == ["Nausea"]
    assert item in monograph.side_effect_notes  # nothing lost: shown as text


@pytest.mark.parametrize(
    ("item", "term"),
    [
        ("Skin reactions", "Skin reactions"),  # a curated term of that name
        ("Serious nervous system effects", "Serious nervous system effects"),  # we have one
        ("Various kidney disturbances", "Various kidney disturbances"),  # Kidney problems
        ("Bone abnormalities", "Bone abnormalities"),  # HPO's Abnormality of the skeleton
        ("Kidney disturbance", "Kidney disturbance"),  # one, not a group
        ("Signs of infection", "Signs of infection"),
    ],
)
def test_a_group_our_vocabulary_names_is_a_mention(item, term):
    assert terms(parse(f"* Nausea\n* {item}\n")) == ["Nausea", term]
