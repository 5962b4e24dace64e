"""Usage text names conditions from the curated list; the list loads without touching edits."""

import re

import pytest

from monographs.models import Condition
from monographs.vocabulary.conditions import (
    condition_index,
    conditions_in,
    key_of,
    load_conditions,
    read_entries,
)
from tests.conftest import SAMPLE_CORPUS

USAGE = re.compile(r"^###\s+Usage\b[^\n]*\n(.*?)(?=^#{1,3}\s|\Z)", re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Used to treat type 2 diabetes.", ["Type 2 diabetes"]),
        ("Improves control of type II diabetes mellitus.", ["Type 2 diabetes"]),
        ("A treatment for diabetes.", ["Diabetes"]),
        ("Lowers hypertension (high blood pressure).", ["High blood pressure"]),
        ("Relieves HEARTBURN and GERD.", ["Acid reflux (GERD)"]),
        ("For relapsing-remitting multiple sclerosis (MS).", ["Multiple sclerosis"]),
        ("Treats urinary tract infections (UTIs).", ["Urinary tract infections"]),
        ("Treats Crohn’s disease.", ["Crohn's disease"]),
        ("Part of the therapy for *H. pylori* infection.", ["H. pylori infection"]),
        ("Relieves allergic rhinitis (hay fever).", ["Allergic rhinitis (hay fever)"]),
        ("Eases hay fever; also lowers fever.", ["Allergic rhinitis (hay fever)", "Fever"]),
        # A condition of its own, not a broader or another one it names.
        ("Prevents attacks of Familial Mediterranean Fever.", ["Familial Mediterranean fever"]),
        ("Treats chronic bacterial prostatitis.", ["Prostatitis"]),
    ],
)
def test_longest_match_aliases_case_and_punctuation(text, expected):
    assert conditions_in(text) == expected


def test_each_condition_once_in_order_of_first_appearance():
    text = "Prevents migraine.\n\n* **Epilepsy:** partial seizures.\n* Migraine headaches."
    assert conditions_in(text) == ["Migraine", "Epilepsy"]


@pytest.mark.parametrize(
    "text",
    [
        "An anti-anxiety effect; a painful injection.",
        "It may cause respiratory depression.",
        "It blocks tumor necrosis factor.",
        # A symptom it relieves is no disease of its own: itchy eyes are not conjunctivitis.
        "It relieves watery and itchy eyes.",
    ],
)
def test_only_whole_words_and_phrases_count(text):
    assert conditions_in(text) == []


@pytest.mark.parametrize("text", ["", None, "   \n\n"])
def test_empty_text(text):
    assert conditions_in(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Used for type 2 diabetes. It is not used for type 1 diabetes.", ["Type 2 diabetes"]),
        ("Used for type 2 diabetes, not for type 1 diabetes.", ["Type 2 diabetes"]),
        ("It is not for asthma, but for COPD.", ["COPD"]),
        ("It is *not* effective against viral infections like the flu.", []),
        ("It doesn't treat the underlying infection (like a bacterial infection).", []),
        ("It relieves the common cold but does not cure the common cold.", ["Common cold"]),
        ("While not a treatment for any disease, it may ease diarrhea.", ["Diarrhea"]),
        (
            "Treats BPH. It is not approved for the prevention of prostate cancer.",
            ["Enlarged prostate (BPH)"],
        ),
    ],
)
def test_what_the_drug_is_not_used_for_is_left_out(text, expected):
    assert conditions_in(text) == expected


def test_a_condition_also_named_plainly_is_kept():
    text = "Salmeterol controls asthma. It is not for the relief of acute asthma attacks."
    assert conditions_in(text) == ["Asthma"]


def test_extra_aliases_from_the_database():
    extra = {"Sly syndrome": "Mucopolysaccharidosis type VII", "MS": "MS (multiple sclerosis)"}
    text = "Treats Sly syndrome and MS."
    assert conditions_in(text, extra) == [
        "Mucopolysaccharidosis type VII",
        "MS (multiple sclerosis)",
    ]
    assert conditions_in(text) == ["Multiple sclerosis"]


def test_vocabulary_is_well_formed():
    entries = read_entries()
    assert 150 <= len(entries) <= 250
    owners = {}
    for entry in entries:
        assert set(entry) == {"name", "aliases"}
        assert entry["name"][0].isupper()
        for alias in entry["aliases"]:
            assert alias == alias.lower().strip(), alias
        for phrase in [entry["name"], *entry["aliases"]]:
            assert owners.setdefault(key_of(phrase), entry["name"]) == entry["name"], phrase
    index, _ = condition_index()
    assert index["urinary tract infections"] == "Urinary tract infections"


@pytest.mark.skipif(not SAMPLE_CORPUS.is_dir(), reason=f"no sample corpus at {SAMPLE_CORPUS}")
def test_most_sample_usage_sections_name_a_condition():
    usages = {}
    for path in sorted(SAMPLE_CORPUS.rglob("*.md")):
        match = USAGE.search(path.read_text(encoding="utf-8", errors="replace"))
        if match:
            usages[path.name] = match[1]
    without = sorted(name for name, usage in usages.items() if not conditions_in(usage))
    share = 1 - len(without) / len(usages)
    print(f"{share:.1%} of {len(usages)} usage sections name a condition")
    assert share >= 0.75, f"only {share:.1%} name a condition; none in: {without}"


@pytest.mark.django_db
def test_load_conditions_adds_the_missing_ones_once():
    added = load_conditions()
    assert load_conditions() == 0
    names = {name.casefold() for name in Condition.objects.values_list("name", flat=True)}
    assert all(entry["name"].casefold() in names for entry in read_entries())
    assert added <= len(read_entries())


@pytest.mark.django_db
def test_load_conditions_counts_what_it_adds(tmp_path):
    path = tmp_path / "conditions.yaml"
    path.write_text("- {name: Glowing toenails}\n- {name: Purple hiccups, aliases: [ph]}\n")
    assert load_conditions(path) == 2
    assert load_conditions(path) == 0
    assert Condition.objects.get(slug="glowing-toenails").name == "Glowing toenails"


@pytest.mark.django_db
def test_load_conditions_keeps_an_editors_rows():
    Condition.objects.filter(slug__in=["multiple-sclerosis", "high-blood-pressure"]).delete()
    Condition.objects.filter(name__iexact="multiple sclerosis").delete()
    Condition.objects.filter(name__iexact="high blood pressure").delete()
    renamed = Condition.objects.create(
        name="MS (multiple sclerosis)", slug="multiple-sclerosis", description="Edited."
    )
    Condition.objects.create(name="HIGH BLOOD PRESSURE", slug="hbp")
    load_conditions()
    renamed.refresh_from_db()
    assert (renamed.name, renamed.description) == ("MS (multiple sclerosis)", "Edited.")
    assert not Condition.objects.filter(name="Multiple sclerosis").exists()
    assert not Condition.objects.filter(name="High blood pressure").exists()
