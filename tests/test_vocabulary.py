"""Side-effect mentions resolve to canonical terms of the curated vocabulary."""

import pytest

from monographs.importing.vocabulary import SideEffectResolver, key_variants, normalise
from monographs.models import SideEffect

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolve():
    resolver = SideEffectResolver()

    def name_of(term):
        pk, reviewed = resolver.resolve(term)
        return SideEffect.objects.get(pk=pk).name, reviewed

    return name_of


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
    assert resolve(first)[1] is True


def test_unknown_mention_becomes_an_unreviewed_term(resolve):
    name, reviewed = resolve("glowing toenails")
    assert (name, reviewed) == ("Glowing toenails", False)
    assert SideEffect.objects.get(name="Glowing toenails").is_reviewed is False


def test_normalise():
    assert normalise("  Flu-like   Symptoms! ") == "flu like symptoms"
    assert key_variants("Allergies") == ["allergies", "allergy"]
    assert key_variants("Rashes") == ["rashes", "rash", "rashe"]
    assert key_variants("Tinnitus") == ["tinnitus"]
