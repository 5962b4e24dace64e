"""How far mentions reach HPO's concepts and our reviewed terms: HPO's names in another
wording (word order, "of the", plurals, British spelling, the body part as an adjective),
our terms in another wording, lists that share words, and the reviewed HPO codes of
curated terms. Against the real HPO release that conftest loads."""

import pytest

from monographs.models import SideEffect
from monographs.ontology import HpoTerm
from monographs.vocabulary import hpo
from monographs.vocabulary.resolver import SideEffectResolver

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolver(db):
    return SideEffectResolver()


def named(resolver, mention):
    """The names of what a mention finds: a term's name, or an HPO concept's label."""
    names = []
    for pk, reviewed in resolver.known(mention):
        assert reviewed, mention
        names.append(HpoTerm.objects.get(pk=pk).name if isinstance(pk, str) else resolver.names[pk])
    return names


@pytest.mark.parametrize(
    ("mention", "label"),
    [
        ("Hepatic neoplasm", "Neoplasm of the liver"),  # the organ's adjective, word order
        ("Liver neoplasms", "Neoplasm of the liver"),  # a plural
        ("Renal neoplasm", "Renal neoplasm"),
        ("Neoplasm of the kidney", "Renal neoplasm"),
        ("Haemorrhage of the retina", "Retinal hemorrhage"),  # British spelling, "of the"
        ("Increased eyelash length", "Long eyelashes"),  # "Increased length of eyelashes"
        ("Decreased libido in males", "Decreased male libido"),
        ("Low albumin", "Hypoalbuminemia"),  # "Low blood albumin"
        ("Bleeding from the gums", "Gingival bleeding"),  # not any Bleeding
    ],
)
def test_a_mention_finds_hpos_concept_in_another_wording(resolver, mention, label):
    assert not SideEffect.objects.filter(name__iexact=mention).exists()
    assert named(resolver, mention) == [label]


def test_the_concept_becomes_one_reviewed_term_named_after_hpos_label(resolver):
    [(concept, _)] = resolver.known("Hepatic neoplasm")
    assert not SideEffect.objects.filter(hpo_id=concept).exists()  # a dry run writes nothing
    [(term_id, reviewed)] = resolver.resolve("Hepatic neoplasm")
    term = SideEffect.objects.get(pk=term_id)
    assert reviewed and term.is_reviewed
    assert (term.name, term.hpo_id) == ("Neoplasm of the liver", concept)
    resolver.commit()
    assert resolver.resolve("Liver neoplasms") == [(term_id, True)]


def test_a_wording_two_hpo_concepts_share_names_neither(monkeypatch):
    names = {
        "liver neoplasm": "HP:1000001",
        "neoplasm of the liver": "HP:1000002",
        "vomiting blood": "HP:1000003",
    }
    monkeypatch.setattr(hpo, "names_of_release", lambda release: names)
    by_wording, by_any_order = hpo.wordings_of_release.__wrapped__("test")
    assert "liver neoplasm" not in by_wording
    assert by_any_order == {"blood vomiting": "HP:1000003"}


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("Swelling of the hands", ["Peripheral edema"]),  # its alias "swollen hands"
        ("Swelling in the hands or feet", ["Peripheral edema"]),
        ("Irritation to the skin", ["Skin irritation"]),
        ("Painful joints", ["Joint pain"]),
        ("GI disturbances", ["Gastrointestinal problems"]),
        ("Eye disease", ["Eye problems"]),
        ("Increased levels of certain liver enzymes", ["Elevated liver enzymes"]),
        ("Ulceration of the oesophagus", ["Esophageal ulceration"]),  # HPO's, not Esophagitis
    ],
)
def test_a_variant_wording_finds_the_reviewed_term(resolver, mention, expected):
    assert named(resolver, mention) == expected


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        (
            "Increased blood pressure and heart rate",
            ["Hypertension (high blood pressure)", "Tachycardia (fast heartbeat)"],
        ),
        (
            "Decreased serum calcium and potassium levels",
            ["Hypocalcemia (low calcium)", "Hypokalemia (low potassium)"],
        ),
        (
            "Reduced levels of white blood cells and/or platelets",
            ["Leukopenia (low white blood cell count)", "Thrombocytopenia (low platelet count)"],
        ),
        (
            "Changes in blood pressure or heart rate",
            ["Blood pressure changes", "Arrhythmia (irregular heartbeat)"],
        ),
        ("Neurological symptoms and cardiac issues", ["Neurological problems", "Heart problems"]),
        ("Constipation or diarrhea", ["Constipation", "Diarrhea"]),
        ("Increased risk of heart attack or stroke", ["Heart attack", "Stroke"]),
        ("Muscle and bone pain", ["Muscle pain", "Bone pain"]),  # a list, not a word order
    ],
)
def test_a_list_that_shares_words_names_each_term(resolver, mention, expected):
    assert named(resolver, mention) == expected


@pytest.mark.parametrize(
    ("mention", "expected"),
    [
        ("Heart toxicity", ["Cardiotoxicity (heart damage)"]),  # toxicity is no mere problem
        ("Fluid around the lungs", ["Pleural effusion"]),  # not "Fluid in the lungs"
        ("Changes in smell", ["Abnormality of the sense of smell"]),  # not Loss of smell
    ],
)
def test_a_variant_wording_does_not_reach_a_wrong_term(resolver, mention, expected):
    assert named(resolver, mention) == expected


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Increased appetite", "Polyphagia"),
        ("Suicidal thoughts and behavior", "Suicidal ideation"),
        ("Paradoxical bronchospasm", "Bronchoconstriction"),
        ("Worsening of asthma", "Asthma"),
        ("Heart problems", "Abnormality of the cardiovascular system"),
    ],
)
def test_the_reviewed_table_codes_the_curated_terms_hpo_has(name, label):
    term = SideEffect.objects.select_related("hpo").get(name=name)
    assert term.hpo.name == label and not term.hpo.is_obsolete and term.hpo.is_phenotype


@pytest.mark.parametrize("name", ["Dizziness", "Upset stomach", "Injection site reactions"])
def test_a_curated_term_hpo_has_no_concept_for_stays_uncoded(name):
    # Vertigo has "Dizziness" only as RELATED; HPO has no adverse-event concepts.
    assert SideEffect.objects.get(name=name).hpo_id is None
