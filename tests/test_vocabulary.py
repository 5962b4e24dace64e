"""Side-effect mentions resolve to canonical terms of the curated vocabulary."""

import pytest

from monographs.models import SideEffect
from monographs.vocabulary.resolver import SideEffectResolver, key_variants, normalise

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolve():
    resolver = SideEffectResolver()

    def names_of(term):
        return [
            (SideEffect.objects.get(pk=pk).name, reviewed)
            for pk, reviewed in resolver.resolve(term)
        ]

    return names_of


@pytest.mark.parametrize(
    "first, second",
    [
        ("itching", "pruritus"),
        ("high blood pressure", "hypertension"),
        ("throwing up", "Vomiting"),
        ("Allergic reactions", "hypersensitivity reactions"),
        ("severe allergic reactions", "allergic reaction"),
        ("Headaches", "headache"),
        ("Dizziness.", "DIZZINESS"),
    ],
)
def test_synonyms_reach_one_reviewed_term(resolve, first, second):
    assert resolve(first) == resolve(second)
    [(name, reviewed)] = resolve(first)
    assert reviewed is True


@pytest.mark.parametrize(
    "mention, expected",
    [
        ("Nausea and vomiting", ["Nausea", "Vomiting"]),
        ("Headache, dizziness", ["Headache", "Dizziness"]),
        ("Mild skin rash", ["Rash"]),
        ("Pain, redness, or swelling at the injection site", ["Injection site reactions"]),
    ],
)
def test_normalisation_of_mentions(resolve, mention, expected):
    assert [name for name, _ in resolve(mention)] == expected


def test_a_phrase_with_an_unknown_part_stays_one_new_term(resolve):
    assert resolve("Headache and glowing toenails") == [("Headache and glowing toenails", False)]


def test_unknown_mention_becomes_an_unreviewed_term(resolve):
    assert resolve("glowing toenails") == [("Glowing toenails", False)]
    assert SideEffect.objects.get(name="Glowing toenails").is_reviewed is False


def test_normalise():
    assert normalise("  Flu-like   Symptoms! ") == "flu like symptoms"
    assert key_variants("Allergies") == ("allergies", "allergy")
    assert key_variants("Rashes") == ("rashes", "rash", "rashe")
    assert key_variants("Tinnitus") == ("tinnitus",)
