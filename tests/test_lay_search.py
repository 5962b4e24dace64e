"""The public side-effect search understands people's own words: lay words, typos,
British usage, body-part paraphrases and whole sentences (issue 14, "Lay search").

The queries are our own, written the way visitors type, before the ranking was tuned;
every reviewed term competes for each of them (each is listed by a published drug)."""

import pytest

from monographs.editorial.changes import changing
from monographs.editorial.merging import merge
from monographs.models import Drug, DrugSideEffect, SideEffect, SideEffectAlias
from monographs.public.search import CLOSE_MATCH, search_side_effects
from monographs.public.side_effect_index import build_index, side_effect_index
from monographs.vocabulary.everyday_words import lay_parts, lexicon, root, roots
from tests.factories import DrugSideEffectFactory, SideEffectFactory

pytestmark = pytest.mark.django_db

LAY_QUERIES = [
    # plain words and short phrases
    ("the runs", "Diarrhea"),
    ("no appetite", "Loss of appetite"),
    ("stuffy nose", "Nasal congestion"),
    ("shaky hands", "Tremor"),
    ("seeing double", "Double vision"),
    ("loads of wind", "Flatulence (gas)"),
    ("bloated tummy", "Bloating"),
    ("room spinning", "Vertigo"),
    ("chest pains", "Chest pain"),
    ("high blood sugar", "Hyperglycemia (high blood sugar)"),
    # typos
    ("vomitting", "Vomiting"),
    ("diarhea", "Diarrhea"),
    ("constipaton", "Constipation"),
    ("headach", "Headache"),
    ("feeling dizy", "Dizziness"),
    ("insomina", "Insomnia"),
    # British usage
    ("having hot flushes", "Hot flashes"),
    ("knackered all the time", "Fatigue (tiredness)"),
    ("feeling poorly", "Malaise (feeling unwell)"),
    ("water infection", "Urinary tract infection"),
    ("sore arm where i had the jab", "Injection site pain"),
    ("diarrhoea and tummy cramps", "Diarrhea"),
    # whole sentences, the way people type them
    ("i keep throwing up after meals", "Vomiting"),
    ("I feel sick all the time", "Nausea"),
    ("cant sleep at night even when im tired", "Insomnia"),
    ("I passed out at work yesterday", "Syncope (fainting)"),
    ("my hair is coming out in clumps", "Hair loss"),
    ("ive put on loads of weight since starting it", "Weight gain"),
    ("i bruise really easily now", "Bruising"),
    ("buzzing noise in my ears that wont stop", "Tinnitus (ringing in the ears)"),
    ("everything looks blurry", "Blurred vision"),
    ("im so sleepy during the day", "Drowsiness"),
    # body-part paraphrases and everyday words for body functions
    ("my tummy hurts", "Abdominal pain"),
    ("pain when i wee", "Painful urination"),
    ("blood in my pee", "Hematuria (blood in urine)"),
    ("peeing all the time", "Frequent urination"),
    ("cant poo", "Constipation"),
    ("sore boobs", "Breast tenderness"),
    ("pins and needles in my fingers", "Paresthesia (tingling)"),
    ("bleeding from my nose", "Nosebleeds"),
]


@pytest.fixture
def every_term_listed():
    """Every reviewed term listed by a published drug, so each competes for each query."""
    drug = Drug.objects.published().get(slug="metformin")
    unlisted = SideEffect.objects.filter(is_reviewed=True, published_drug_count=0)
    DrugSideEffect.objects.bulk_create(
        DrugSideEffect(drug=drug, side_effect=term, frequency=2) for term in unlisted
    )
    unlisted.refresh_published_drug_counts()


def test_forty_lay_queries_of_our_own():
    assert len(LAY_QUERIES) == 40
    assert len({query for query, _ in LAY_QUERIES}) == 40


def test_lay_queries_find_the_right_term(every_term_listed, capsys):
    expected_terms = {name for _, name in LAY_QUERIES}
    assert expected_terms <= set(SideEffect.objects.values_list("name", flat=True))
    top, top_three, misses = 0, 0, []
    for query, expected in LAY_QUERIES:
        names = [match.side_effect.name for match in search_side_effects(query, limit=3)]
        top += names[:1] == [expected]
        top_three += expected in names
        if names[:1] != [expected]:
            misses.append(f"{query!r}: expected {expected!r}, got {names}")
    with capsys.disabled():
        print(f"\nlay search: top 1 {top}/40, top 3 {top_three}/40")
        print("\n".join(misses))
    assert top_three >= 0.9 * len(LAY_QUERIES), misses
    assert top >= 0.8 * len(LAY_QUERIES), misses


# --- the words of a query ----------------------------------------------------------------


@pytest.mark.parametrize(
    "forms",
    [
        ("bleeding", "bleeds", "bleed"),
        ("itchy", "itching", "itch"),
        ("aching", "aches", "ache"),
        ("tiredness", "tired"),
        ("allergies", "allergy"),
        ("urination", "urine"),
    ],
)
def test_the_forms_of_a_word_meet_at_one_root(forms):
    assert len({root(word) for word in forms}) == 1


def test_everyday_stop_words_go_and_british_spellings_are_the_terms():
    assert roots("I keep getting really bad diarrhoea when I feel") == ["diarrhea"]
    assert roots("Anaemia") == roots("anemia")


def test_the_lexicon_replaces_lay_words_and_phrases_with_medical_words():
    being_sick, feeling_sick = lay_parts("I've been being sick"), lay_parts("feel really sick")
    assert [meaning for meaning, weight in being_sick[0].meanings if weight == 1.0] == [
        (root("vomiting"),)
    ]
    # a stop word inside a phrase ("really") does not hide it
    assert (root("nausea"),) in [meaning for meaning, _ in feeling_sick[0].meanings]
    # a medical phrase counts as a whole: "urinary tract infection"
    assert (root("urinary"), "tract", "infection") in lay_parts("water infection")[0].meanings[0]


def test_a_lay_word_matches_on_its_forms_not_on_a_shared_root():
    assert lay_parts("peeing")[0].from_lexicon  # a form of "pee"
    assert not lay_parts("hair")[0].from_lexicon  # "hairy" is in the lexicon, "hair" is not


def test_every_lay_word_has_a_meaning_the_vocabulary_uses():
    index = build_index()
    known = lexicon()
    entries = [*known.words.items()]
    entries += [(key, meanings) for found in known.phrases.values() for key, meanings in found]
    unknown = [
        lay
        for lay, meanings in entries
        if not any(all(r in index.postings for r in meaning) for meaning in meanings)
    ]
    assert unknown == []


# --- what the search finds, and when its index is built -----------------------------------


def listed_term(name, alias=None, is_reviewed=True):
    term = SideEffectFactory(name=name, is_reviewed=is_reviewed)
    if alias:
        SideEffectAlias.objects.create(side_effect=term, name=alias)
    DrugSideEffectFactory(side_effect=term, drug=Drug.objects.published().get(slug="metformin"))
    SideEffect.objects.filter(pk=term.pk).refresh_published_drug_counts()
    return term


def names(query, **options):
    return [match.side_effect.name for match in search_side_effects(query, **options)]


def test_only_reviewed_terms_are_results():
    with changing(side_effects=[]):
        listed_term("Zorblatt fever", is_reviewed=False)
        listed_term("Zorblatt rash")
    assert names("zorblatt") == ["Zorblatt rash"]


def test_a_change_to_the_vocabulary_rebuilds_the_index(admin_user):
    index = side_effect_index()
    assert side_effect_index() is index  # one build per vocabulary state
    assert "Quibbling" not in names("quibbly knees")
    with changing(side_effects=[]):
        term = listed_term("Quibbling", alias="quibbly knees")
    assert side_effect_index() is not index
    assert names("quibbly knees")[0] == "Quibbling"
    with changing(side_effects=[]):
        other = listed_term("Wobbling")
    merge([other, term], other, admin_user)
    assert names("quibbly knees")[0] == "Wobbling"  # the alias moved with the merge


def test_the_matched_words_are_the_alias_typed():
    match = search_side_effects("throwing up")[0]
    assert (match.side_effect.name, match.matched) == ("Vomiting", "throwing up")


@pytest.mark.parametrize("query", ["", "   ", "the my i", "x", "'; --", "\x00", "é" * 300])
def test_queries_without_words_find_nothing_and_do_not_fail(query):
    assert search_side_effects(query) == []


def test_words_no_term_uses_find_nothing_confidently():
    assert names("glowing toenails", min_score=CLOSE_MATCH) == []
