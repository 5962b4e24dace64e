"""The management commands, run as a user runs them: import_monographs, create_admin."""

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from monographs.limits import MAX_FIELD_CHARACTERS
from monographs.models import (
    FAQ,
    Dosage,
    Drug,
    DrugSideEffect,
    Interaction,
    Precaution,
    SideEffect,
    SideEffectAlias,
)
from monographs.text import normalise
from monographs.vocabulary.loader import VOCABULARY_FILE
from tests.conftest import SEEDS, write_monograph
from tests.factories import DrugFactory

pytestmark = pytest.mark.django_db

SEED = SEEDS / "interferon-beta-1b.md"
GOOD = """---
layout: minimal-medicine
title: Testazol
---

# Testazol
### Usage
Testazol treats test anxiety.

### Side Effects
* Headache
"""


def run_import(*paths, options=(), verbosity=1):
    out, err = StringIO(), StringIO()
    try:
        call_command(
            "import_monographs",
            *map(str, paths),
            *options,
            stdout=out,
            stderr=err,
            verbosity=verbosity,
        )
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def database_state():
    """Everything an import writes, to compare before and after."""
    return {
        model.__name__: sorted(map(str, model.objects.values_list()))
        for model in (
            Drug,
            Dosage,
            DrugSideEffect,
            Precaution,
            FAQ,
            Interaction,
            SideEffect,
            SideEffectAlias,
        )
    }


@pytest.fixture
def empty_site():
    Drug.objects.all().delete()


class TestSeedImport:
    @pytest.fixture
    def drug(self, empty_site):
        out, err, error = run_import(SEED)
        assert error is None, err
        return Drug.objects.get(slug="interferon-beta-1b")

    def test_drug_fields(self, drug):
        assert drug.name == "Interferon beta-1b"
        assert drug.generic_name == "Interferon beta-1b"
        assert drug.status == Drug.Status.PUBLISHED
        assert (
            drug.summary == "Interferon beta-1b is primarily used to treat multiple sclerosis (MS)."
        )
        assert drug.usage.startswith("Interferon beta-1b is primarily used")
        assert "modulate the immune system" in drug.mechanism
        assert "* Reducing pro-inflammatory cytokines" in drug.mechanism
        assert drug.source_path == "interferon-beta-1b.md"
        assert drug.other_notes == ""

    def test_side_effects_by_tier_with_notes(self, drug):
        links = list(drug.side_effect_links.select_related("side_effect"))
        # "Common (occurring in >10% of patients)" is very common on the CIOMS scale,
        # "Less common, but serious (occurring in <10%)" uncommon: the bound leaves the word.
        tiers = DrugSideEffect.Frequency
        very_common = [link for link in links if link.frequency == tiers.VERY_COMMON]
        uncommon = [link for link in links if link.frequency == tiers.UNCOMMON]
        # "Neuropsychiatric effects (depression, suicidal ideation, anxiety, psychosis)" is
        # a category with its effects: each is a link. Depression, very common already,
        # keeps its tier and is serious, as the serious group names it too.
        assert (len(very_common), len(uncommon)) == (7, 9)
        assert [link.side_effect.name for link in very_common if link.serious] == ["Depression"]
        assert all(link.serious for link in uncommon)
        notes = {link.note for link in links}
        assert "fever, chills, muscle aches" in notes
        assert "including anaphylaxis" in notes
        assert "leukopenia, neutropenia, thrombocytopenia" in notes
        flu = next(link for link in links if link.note == "fever, chills, muscle aches")
        assert "flu" in flu.side_effect.name.lower()
        assert [link.side_effect.name for link in very_common][1] == "Headache"
        assert "Important Note" in drug.side_effect_notes

    def test_dosage_entries(self, drug):
        entries = list(drug.dosages.all())
        labelled = [(entry.label, entry.population) for entry in entries if entry.label]
        assert labelled == [
            ("Initial dose", Dosage.Population.GENERAL),
            ("Titration", Dosage.Population.GENERAL),
            ("Pain Management", Dosage.Population.GENERAL),
            ("Pediatric Dosage", Dosage.Population.CHILDREN),
            ("Dosage Adjustments", Dosage.Population.OTHER),
        ]
        initial = entries[1]
        assert initial.indication.startswith("Multiple Sclerosis")
        assert initial.route == "subcutaneous"
        assert (initial.amount, initial.unit, initial.frequency) == (
            Decimal("0.0625"),
            "mg",
            "every other day",
        )
        assert initial.instructions.startswith("0.0625 mg (2 million units or 0.25 mL)")
        assert entries[0].label == "" and "subcutaneously" in entries[0].instructions

    def test_faqs(self, drug):
        faqs = list(drug.faqs.all())
        assert len(faqs) == 6
        assert faqs[0].question == "How long does it take to see results from interferon beta-1b?"
        assert faqs[0].answer.startswith("The effects can vary")
        assert faqs[-1].question == "Can I drive or operate machinery while taking this medication?"

    def test_precautions_and_interactions(self, drug):
        precautions = [(p.topic, p.kind) for p in drug.precautions.all()]
        assert precautions == [
            ("Contraindications", Precaution.Kind.CONTRAINDICATION),
            ("Interactions", Precaution.Kind.INTERACTION),
            ("Warnings", Precaution.Kind.WARNING),
            ("Pregnancy and Breastfeeding", Precaution.Kind.PREGNANCY),
        ]
        interactions = {i.name: i.description for i in drug.interactions.all()}
        assert set(interactions) == {"Cladribine", "Zidovudine"}
        assert "combining interferon beta-1b with cladribine" in interactions["Cladribine"]
        assert "levels or effects of zidovudine" in interactions["Zidovudine"]

    def test_disclaimer_is_not_stored_per_drug(self, drug):
        assert "does not constitute medical advice" not in database_state()["Drug"][0]

    def test_import_twice_changes_nothing(self, drug):
        before = database_state()
        updated_at = drug.updated_at
        out, err, error = run_import(SEED)
        assert error is None
        assert "Nothing to do: all 1 monographs are unchanged since the last import" in out
        assert database_state() == before
        drug.refresh_from_db()
        assert drug.updated_at == updated_at


def test_seeds_folder_imports_without_failures(empty_site):
    out, err, error = run_import(SEEDS)
    assert error is None, err
    files = sorted(SEEDS.glob("*.md"))
    assert len(files) >= 25
    assert Drug.objects.published().count() == len(files)
    assert (
        f"{len(files)} created, 0 updated, 0 unchanged, 0 kept because edited, "
        "0 removed as duplicates, 0 failed" in out
    )
    # Every seed has side effects, and seeds share terms for side-effect search to find.
    assert not Drug.objects.exclude(pk__in=DrugSideEffect.objects.values("drug_id")).exists()
    headache = SideEffect.objects.get(name="Headache")
    assert Drug.objects.with_side_effect(headache).count() >= 10


def test_changed_file_updates_its_monograph(empty_site, tmp_path):
    path = write_monograph(tmp_path, "testazol.md", GOOD)
    run_import(path)
    write_monograph(tmp_path, "testazol.md", GOOD.replace("* Headache", "* Nausea\n* Rash"))
    out, err, error = run_import(path)
    assert error is None
    assert "1 updated" in out
    drug = Drug.objects.get(slug="testazol")
    assert [link.side_effect.name for link in drug.side_effect_links.all()] == ["Nausea", "Rash"]


BROKEN_FILES = {
    "no front matter": ("# Testazol\n### Usage\nText.\n", "no YAML front matter"),
    "broken YAML": ("---\ntitle: [Testazol\n---\n### Usage\nText.\n", "not valid YAML"),
    "front matter not closed": ("---\ntitle: Testazol\n### Usage\nText.\n", "not closed"),
    "empty": ("", "the file is empty"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
    "non-UTF-8": ("---\ntitle: Caf\xe9ine\n---\n### Usage\nText.\n".encode("latin-1"), "not UTF-8"),
    "no sections": ("---\ntitle: Testazol\n---\n# Testazol\nJust a line.\n", "no sections"),
    "no title": ("---\nlayout: x\n---\n### Usage\nText.\n", "no title"),
    "YAML list": ("---\n- a\n- b\n---\n### Usage\nText.\n", "YAML keys and values"),
    "no letters for a URL": ("---\ntitle: '+++'\n---\n### Usage\nText.\n", "no letters or digits"),
}


@pytest.mark.parametrize("case", BROKEN_FILES, ids=list(BROKEN_FILES))
def test_broken_file_is_reported_and_changes_nothing(case, tmp_path):
    content, reason = BROKEN_FILES[case]
    broken = write_monograph(tmp_path, "broken.md", content)
    before = database_state()
    out, err, error = run_import(broken)
    assert error is not None, "a failed file must make the command fail"
    assert f"{broken}: " in err and reason in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in out + err
    assert database_state() == before


def test_other_files_still_import_when_one_fails(empty_site, tmp_path):
    write_monograph(tmp_path, "a-broken.md", "no front matter here\n")
    write_monograph(tmp_path, "b-good.md", GOOD)
    out, err, error = run_import(tmp_path)
    assert "1 of 2 files could not be imported" in str(error)
    assert "a-broken.md: no YAML front matter" in err
    assert (
        "1 created, 0 updated, 0 unchanged, 0 kept because edited, 0 removed as duplicates, "
        "1 failed." in out
    )
    assert Drug.objects.filter(slug="testazol").exists()


def test_two_files_with_one_title_import_under_distinct_stable_slugs(empty_site, tmp_path):
    write_monograph(tmp_path, "one.md", GOOD)
    write_monograph(tmp_path, "two.md", GOOD.replace("test anxiety", "exam nerves"))
    out, err, error = run_import(tmp_path)
    assert error is None
    assert "two.md: title also used by one.md: imported as /drugs/two/" in out
    assert Drug.objects.get(slug="testazol").source_path == "one.md"
    assert "exam nerves" in Drug.objects.get(slug="two").usage
    # Stable: a changed file keeps its slug on the next import.
    write_monograph(tmp_path, "two.md", GOOD.replace("test anxiety", "stage fright"))
    run_import(tmp_path)
    assert "stage fright" in Drug.objects.get(slug="two").usage


def test_title_of_a_monograph_made_in_the_admin(empty_site, tmp_path):
    DrugFactory(name="Testazol", slug="testazol")
    out, err, error = run_import(write_monograph(tmp_path, "testazol.md", GOOD))
    assert error is None
    assert "title also used by a monograph made in the admin: imported as /drugs/testazol-2/" in out


class TestEditorProtection:
    @pytest.fixture
    def imported(self, empty_site, tmp_path):
        path = write_monograph(tmp_path, "testazol.md", GOOD)
        run_import(path)
        return path

    def edit_in_admin(self):
        drug = Drug.objects.get(slug="testazol")
        drug.usage = "An editor's careful rewrite."
        drug.updated_at = drug.imported_at + timedelta(minutes=5)
        Drug.objects.filter(pk=drug.pk).update(usage=drug.usage, updated_at=drug.updated_at)

    def test_changed_file_is_not_applied_over_an_editors_change(self, imported):
        self.edit_in_admin()
        write_monograph(imported.parent, "testazol.md", GOOD.replace("* Headache", "* Rash"))
        out, err, error = run_import(imported)
        assert error is None
        assert "1 kept because edited" in out
        assert "changed in the admin since its last import" in out and "--force" in out
        drug = Drug.objects.get(slug="testazol")
        assert drug.usage == "An editor's careful rewrite."
        assert [link.side_effect.name for link in drug.side_effect_links.all()] == ["Headache"]

    def test_force_overwrites(self, imported):
        self.edit_in_admin()
        write_monograph(imported.parent, "testazol.md", GOOD.replace("* Headache", "* Rash"))
        out, err, error = run_import(imported, "--force")
        assert "1 updated" in out
        drug = Drug.objects.get(slug="testazol")
        assert drug.usage == "Testazol treats test anxiety."
        assert [link.side_effect.name for link in drug.side_effect_links.all()] == ["Rash"]

    def test_unchanged_file_is_skipped_even_after_an_edit(self, imported):
        self.edit_in_admin()
        out, err, error = run_import(imported)
        assert "Nothing to do" in out
        assert Drug.objects.get(slug="testazol").usage == "An editor's careful rewrite."

    def test_an_import_is_not_an_edit(self, imported):
        write_monograph(imported.parent, "testazol.md", GOOD.replace("* Headache", "* Rash"))
        out, err, error = run_import(imported)
        assert "1 updated" in out
        write_monograph(imported.parent, "testazol.md", GOOD.replace("* Headache", "* Nausea"))
        out, err, error = run_import(imported)
        assert "1 updated" in out


def test_file_without_sections_but_with_text_is_kept_as_a_draft(empty_site, tmp_path):
    prose = "This product has no established medical use. " * 6
    path = write_monograph(
        tmp_path, "vague.md", f"---\ntitle: Vaguezol\n---\n# Vaguezol\n{prose}\n"
    )
    out, err, error = run_import(path)
    assert error is None
    assert "no sections: its text was kept as a draft" in out
    drug = Drug.objects.get(slug="vaguezol")
    assert drug.status == Drug.Status.DRAFT
    assert "no established medical use" in drug.other_notes


def test_progress_lines_when_not_on_a_terminal(empty_site):
    out, err, error = run_import(SEEDS)
    files = len(list(SEEDS.glob("*.md")))
    assert f"{files}/{files} files (" in out
    quiet, _, _ = run_import(SEEDS, verbosity=0)
    assert quiet == ""


def test_report_counts_text_kept_as_markdown(empty_site, tmp_path):
    text = GOOD + "\n### Storage\nKeep it cool.\n"
    out, err, error = run_import(write_monograph(tmp_path, "t.md", text))
    assert "Text kept as Markdown because it fits no structured field: 1 blocks." in out
    assert "resolved to reviewed terms (100.0%)" in out


def test_missing_path_is_reported(tmp_path):
    out, err, error = run_import(tmp_path / "nowhere")
    assert error is not None
    assert "nowhere: no such file or folder" in err


def test_failed_file_leaves_no_new_side_effect_terms(empty_site, tmp_path):
    # A mention of a new term is resolved before the file fails on a field over its limit.
    answer = "y" * (MAX_FIELD_CHARACTERS + 1)
    text = (
        GOOD.replace("* Headache", "* Brand-new symptom xyz")
        + f"\n### FAQs\n* **Q: x?** A: {answer}\n"
    )
    write_monograph(tmp_path, "x.md", text)
    _, err, _ = run_import(tmp_path)
    assert "too long" in err
    assert not SideEffect.objects.filter(name__icontains="xyz").exists()


def test_combination_products_link_their_ingredients_in_any_order(empty_site):
    run_import(SEEDS / "sitagliptin-metformin.md")
    run_import(SEEDS / "metformin.md")
    combination = Drug.objects.get(slug="sitagliptin-metformin")
    assert [drug.slug for drug in combination.ingredients.all()] == ["metformin"]


def test_interactions_link_to_monographs_imported_later(empty_site):
    run_import(SEEDS / "ibuprofen.md")
    interaction = Interaction.objects.get(drug__slug="ibuprofen", name__iexact="warfarin")
    assert interaction.interacting_drug is None
    run_import(SEEDS / "warfarin.md")
    interaction.refresh_from_db()
    assert interaction.interacting_drug.slug == "warfarin"


def test_draft_option_keeps_new_monographs_unpublished(empty_site, tmp_path):
    run_import(write_monograph(tmp_path, "t.md", GOOD), "--draft")
    assert Drug.objects.get(slug="testazol").status == Drug.Status.DRAFT


class TestCreateAdmin:
    def test_prints_a_random_password_that_logs_in(self, client):
        out = StringIO()
        call_command("create_admin", stdout=out)
        password = next(
            line.split(":", 1)[1].strip()
            for line in out.getvalue().splitlines()
            if "password:" in line
        )
        assert len(password) >= 16
        response = client.post("/admin/login/", {"username": "admin", "password": password})
        assert response.status_code == 302
        assert client.get("/admin/").status_code == 200

    def test_names_the_port_the_site_runs_on(self, settings):
        settings.MEDSITE_PORT = 8101
        out = StringIO()
        call_command("create_admin", stdout=out)
        assert "Log in at http://127.0.0.1:8101/admin/" in out.getvalue()
        assert ":8000" not in out.getvalue()

    def test_leaves_an_existing_account_alone(self):
        call_command("create_admin", stdout=StringIO())
        before = get_user_model().objects.get(username="admin").password
        out = StringIO()
        call_command("create_admin", stdout=out)
        assert "exists already" in out.getvalue()
        assert get_user_model().objects.get(username="admin").password == before

    def test_two_installs_get_different_passwords(self, django_user_model):
        passwords = set()
        for name in ("first", "second"):
            out = StringIO()
            call_command("create_admin", username=name, stdout=out)
            passwords.add(out.getvalue().split("password:")[1].split()[0])
        assert len(passwords) == 2


def test_load_vocabulary_loads_every_term_and_alias_once():
    entries = yaml.safe_load(VOCABULARY_FILE.read_text())
    names = set(SideEffect.objects.values_list("name", flat=True))
    assert {entry["name"] for entry in entries} <= names
    aliases = dict(SideEffectAlias.objects.values_list("name", "side_effect__name"))
    for entry in entries:
        for alias in entry.get("aliases") or []:
            assert aliases.get(normalise(alias), entry["name"]) == entry["name"]
    out = StringIO()
    call_command("load_vocabulary", stdout=out)
    assert out.getvalue().startswith("Added 0 terms and 0 aliases;")
    assert "coded 0 terms." in out.getvalue()


def test_load_vocabulary_keeps_an_editors_rename():
    term = SideEffect.objects.get(name="Headache")
    term.name = "Headache (head pain)"
    term.save()
    call_command("load_vocabulary", stdout=StringIO())
    assert not SideEffect.objects.filter(name="Headache").exists()
