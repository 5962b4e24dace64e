"""`import_monographs --force` onto a published monograph whose draft is in progress: the
imported text is kept as a revision, and publishing the draft, which replaces it, warns
and shows the difference. No text is lost either way."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from monographs.editorial import workflow
from monographs.editorial.revisions import snapshot
from monographs.models import AuditEntry, Drug, Revision
from tests.admin_forms import change_url, form_data, start_draft
from tests.conftest import SEEDS
from tests.roles import client_as

pytestmark = pytest.mark.django_db

IMPORTED_TEXT = "every second day, as the new file says"


@pytest.fixture
def interferon():
    return Drug.objects.get(slug="interferon-beta-1b")


@pytest.fixture
def reviewer():
    return client_as("reviewer")


def force_import(drug, folder):
    """Import a changed file of the drug with --force; returns the command's output."""
    source = SEEDS / "interferon-beta-1b.md"
    changed = folder / source.name
    changed.write_text(source.read_text().replace("every other day", IMPORTED_TEXT, 1))
    assert drug.source_path == changed.name  # the file's identity: its name, imported alone
    out = StringIO()
    call_command("import_monographs", str(changed), "--force", stdout=out)
    return out.getvalue()


def imported_revision(drug):
    return drug.revisions.filter(action=Revision.Action.IMPORTED).order_by("-number").first()


def text_of(revision):
    return str(revision.snapshot)


@pytest.fixture
def overtaken_draft(interferon, tmp_path):
    """A draft started by an editor, then a forced import of a changed file."""
    draft = start_draft(client_as("editor"), interferon)
    force_import(interferon, tmp_path)
    return Drug.objects.get(pk=draft.pk)


def test_the_imported_text_is_kept_as_a_revision(interferon, tmp_path):
    draft = start_draft(client_as("editor"), interferon)
    output = force_import(interferon, tmp_path)
    revision = imported_revision(interferon)
    assert IMPORTED_TEXT in text_of(revision)
    assert revision.number > Drug.objects.get(pk=draft.pk).draft_base.number
    assert "while a draft was in progress" in revision.comment
    assert f"the imported text is revision #{revision.number}" in output
    # The published version has it, the draft does not (yet).
    assert IMPORTED_TEXT in str(snapshot(Drug.objects.get(pk=interferon.pk)))
    assert IMPORTED_TEXT not in str(snapshot(Drug.objects.get(pk=draft.pk)))
    assert workflow.import_since_draft(Drug.objects.get(pk=draft.pk)) == revision


def test_the_draft_page_warns_and_links_to_the_difference(overtaken_draft, reviewer):
    revision = imported_revision(overtaken_draft.draft_of)
    page = reviewer.get(change_url(overtaken_draft))
    assert "An import changed the published version" in page.content.decode()
    diff_url = page.context["import_since_draft_diff_url"]
    assert diff_url.endswith(f"?from={revision.number}&to=draft")
    diff = reviewer.get(diff_url).content.decode()
    assert "The working draft as it is now" in diff
    assert "<del" in diff and "day, as the new file says" in diff


def test_publishing_the_draft_warns_and_loses_no_text(overtaken_draft, reviewer, client):
    monograph = overtaken_draft.draft_of
    revision = imported_revision(monograph)
    data = form_data(reviewer.get(change_url(overtaken_draft)))
    data["_publish"] = "Save and publish"
    response = reviewer.post(change_url(overtaken_draft), data, follow=True)
    page = response.content.decode()
    assert "is published" in page
    assert (
        f"replaced the text imported after the draft was started (revision #{revision.number}"
        in page
    )
    published = monograph.revisions.first()
    diff_url = reverse("admin:monographs_drug_compare", args=[monograph.pk])
    diff_url += f"?from={revision.number}&amp;to={published.number}"
    assert diff_url in page
    assert IMPORTED_TEXT not in client.get(monograph.get_absolute_url()).content.decode()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PUBLISHED, monograph=monograph)
    assert entry.detail == f"replaced the imported text of revision #{revision.number}"
    # Nothing lost: the imported version is still there, and restores as a draft.
    assert IMPORTED_TEXT in text_of(Revision.objects.get(pk=revision.pk))
    row, _ = workflow.restore(revision, published.created_by)
    assert IMPORTED_TEXT in str(snapshot(row))


def test_the_publish_action_warns_too(overtaken_draft, reviewer):
    monograph = overtaken_draft.draft_of
    response = reviewer.post(
        reverse("admin:monographs_drug_changelist"),
        {"action": "publish", "_selected_action": [monograph.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "Published 1 monographs." in page
    assert "replaced the text imported after the draft was started" in page


def test_a_draft_started_after_the_import_is_not_warned(interferon, tmp_path, reviewer):
    force_import(interferon, tmp_path)
    draft = start_draft(client_as("editor"), interferon)
    assert workflow.import_since_draft(draft) is None
    page = reviewer.get(change_url(draft)).content.decode()
    assert "An import changed the published version" not in page
