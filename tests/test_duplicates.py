"""Monographs sharing a title (issue 15, defect 4): each page says what tells them apart,
editors find them in a worklist, and a reviewer keeps one, the others' addresses leading to
it with a 301. The monographs are small ones written here, with made-up names."""

import re
from io import StringIO

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command

from monographs.editorial import workflow
from monographs.editorial.duplicates import DuplicateError, remove_duplicate
from monographs.models import AuditEntry, Dosage, Drug, DrugRedirect
from tests.conftest import write_monograph
from tests.factories import DrugFactory, InteractionFactory
from tests.roles import client_as

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/monographs/drug/"


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def twins():
    """Two published "Zentamab" monographs, one by mouth, one injected."""
    oral = DrugFactory(name="Zentamab", slug="zentamab", source_path="zentamab.md")
    injected = DrugFactory(name="ZENTAMAB", slug="zentamab-2", source_path="z/zentamab.md")
    Dosage.objects.create(drug=oral, route="Oral")
    Dosage.objects.create(drug=injected, route="intravenous")
    return oral, injected


class TestTellingThemApart:
    def test_the_same_title_in_any_letter_case_is_similar(self, twins):
        oral, injected = twins
        DrugFactory(name="Zentamab Plus")
        assert list(Drug.objects.published().titled_like(oral)) == [injected]
        assert list(Drug.objects.published().titled_like(injected)) == [oral]

    def test_each_page_names_the_other_with_its_route_and_source(self, client, twins):
        page = text(client.get("/drugs/zentamab/"))
        assert "Similar monographs" in page
        assert "This page : route oral; source file zentamab.md" in page
        assert "ZENTAMAB (zentamab-2) : route intravenous; source file z/zentamab.md" in page

    def test_a_unique_title_has_no_note(self, client):
        DrugFactory(name="Solomab")
        assert "Similar monographs" not in text(client.get("/drugs/solomab/"))

    def test_an_unpublished_twin_is_not_named(self, client, twins, admin_user):
        workflow.unpublish(twins[1], admin_user)
        assert "Similar monographs" not in text(client.get("/drugs/zentamab/"))

    def test_a_new_twin_renews_the_cached_page(self, client, page_cache, admin_user):
        DrugFactory(name="Zentamab", slug="zentamab")
        assert "Similar monographs" not in text(client.get("/drugs/zentamab/"))
        late = DrugFactory(name="Zentamab", slug="zentamab-2", status=Drug.Status.DRAFT)
        workflow.publish(late, admin_user)
        assert "Similar monographs" in text(client.get("/drugs/zentamab/"))


class TestRemovingADuplicate:
    def test_the_removed_address_redirects_permanently(self, client, twins, admin_user):
        oral, injected = twins
        remove_duplicate(injected, oral, admin_user)
        response = client.get("/drugs/zentamab-2/")
        assert response.status_code == 301
        assert response["Location"] == "/drugs/zentamab/"
        assert not Drug.objects.filter(slug="zentamab-2").exists()
        assert "Similar monographs" not in text(client.get("/drugs/zentamab/"))
        entry = AuditEntry.objects.get(action=AuditEntry.Action.DUPLICATE_REMOVED)
        assert entry.monograph == oral and "z/zentamab.md" in entry.detail

    def test_what_linked_to_it_links_to_the_one_kept(self, twins, admin_user):
        oral, injected = twins
        other = DrugFactory(name="Othermab")
        mention = InteractionFactory(drug=other, name="Zentamab", interacting_drug=injected)
        combination = DrugFactory(name="Othermab + Zentamab")
        combination.ingredients.add(injected)
        remove_duplicate(injected, oral, admin_user)
        mention.refresh_from_db()
        assert mention.interacting_drug == oral
        assert list(combination.ingredients.all()) == [oral]

    def test_earlier_redirects_follow_to_the_one_kept(self, client, twins, admin_user):
        oral, injected = twins
        third = DrugFactory(name="Zentamab", slug="zentamab-3")
        remove_duplicate(third, injected, admin_user)
        remove_duplicate(injected, oral, admin_user)
        assert client.get("/drugs/zentamab-3/")["Location"] == "/drugs/zentamab/"
        assert set(DrugRedirect.objects.values_list("slug", flat=True)) == {
            "zentamab-2",
            "zentamab-3",
        }

    def test_a_redirect_to_an_unpublished_monograph_is_a_404(self, client, twins, admin_user):
        oral, injected = twins
        remove_duplicate(injected, oral, admin_user)
        workflow.unpublish(oral, admin_user)
        assert client.get("/drugs/zentamab-2/").status_code == 404

    def test_refused_for_different_titles_and_kept_intact(self, twins, admin_user):
        other = DrugFactory(name="Othermab")
        with pytest.raises(DuplicateError, match="do not share a title"):
            remove_duplicate(other, twins[0], admin_user)
        assert Drug.objects.filter(pk=other.pk).exists()
        assert not DrugRedirect.objects.exists()

    def test_the_published_one_is_not_removed_for_an_unpublished_one(self, twins, admin_user):
        oral, injected = twins
        workflow.unpublish(injected, admin_user)
        with pytest.raises(DuplicateError, match="keep the published one"):
            remove_duplicate(oral, injected, admin_user)
        assert Drug.objects.filter(pk=oral.pk).exists()

    def test_refused_while_a_working_draft_is_in_progress(self, twins, admin_user):
        oral, injected = twins
        workflow.editable_version(injected, admin_user)  # a working draft
        with pytest.raises(DuplicateError, match="working draft"):
            remove_duplicate(injected, oral, admin_user)
        assert Drug.objects.filter(pk=injected.pk).exists()


ZENTAMAB = """---
layout: minimal-medicine
title: Zentamab
---

# Zentamab
### Usage
Zentamab treats test anxiety.
"""


def test_a_removed_duplicates_file_is_not_imported_again(tmp_path, admin_user):
    folder = tmp_path / "site"
    (folder / "z").mkdir(parents=True)
    write_monograph(folder, "zentamab.md", ZENTAMAB)
    write_monograph(folder / "z", "zentamab.md", ZENTAMAB.replace("test anxiety", "exams"))
    call_command("import_monographs", str(folder), stdout=StringIO())
    kept, removed = Drug.objects.filter(name="Zentamab").order_by("source_path")
    remove_duplicate(removed, kept, admin_user)
    out = StringIO()
    call_command("import_monographs", str(folder), stdout=out)
    assert "1 unchanged, 0 kept because edited, 1 removed as duplicates, 0 failed" in out.getvalue()
    assert f"removed it as a duplicate of /drugs/{kept.slug}/" in out.getvalue()
    assert list(Drug.objects.filter(name="Zentamab")) == [kept]


class TestTheWorklistAndAction:
    def test_the_worklist_counts_and_lists_them(self, twins):
        DrugFactory(name="Solomab")
        reviewer = client_as("reviewer")
        index = text(reviewer.get("/admin/"))
        assert re.search(r"2 sharing a title", index)
        listed = text(reviewer.get(CHANGELIST, {"problem": "shared-title"}))
        assert "Zentamab" in listed and "ZENTAMAB" in listed and "Solomab" not in listed

    def test_a_reviewer_chooses_the_one_to_keep(self, twins):
        oral, injected = twins
        reviewer = client_as("reviewer")
        chosen = {"action": "remove_duplicates", ACTION_CHECKBOX_NAME: [oral.pk, injected.pk]}
        asked = reviewer.post(CHANGELIST, chosen)
        assert 'value="Keep the chosen one, remove the others"' in asked.content.decode()
        assert "route intravenous" in text(asked)
        done = reviewer.post(CHANGELIST, {**chosen, "keep": injected.pk, "apply": "1"}, follow=True)
        assert "Kept ZENTAMAB (/drugs/zentamab-2/); removed /drugs/zentamab/" in text(done)
        assert list(Drug.objects.filter(name__iexact="zentamab")) == [injected]

    def test_one_refusal_removes_none(self, twins, admin_user):
        oral, injected = twins
        third = DrugFactory(name="Zentamab", slug="zentamab-3")
        workflow.editable_version(third, admin_user)  # a working draft: refused
        reviewer = client_as("reviewer")
        chosen = {
            "action": "remove_duplicates",
            ACTION_CHECKBOX_NAME: [oral.pk, injected.pk, third.pk],
            "keep": oral.pk,
            "apply": "1",
        }
        response = reviewer.post(CHANGELIST, chosen, follow=True)
        assert "Nothing was removed" in text(response)
        assert Drug.objects.without_working_drafts().filter(name__iexact="zentamab").count() == 3

    def test_monographs_of_different_titles_are_refused(self, twins):
        other = DrugFactory(name="Othermab")
        reviewer = client_as("reviewer")
        chosen = {
            "action": "remove_duplicates",
            ACTION_CHECKBOX_NAME: [twins[0].pk, other.pk],
            "keep": other.pk,
            "apply": "1",
        }
        response = reviewer.post(CHANGELIST, chosen, follow=True)
        assert "Select two or more monographs with the same title" in text(response)
        assert Drug.objects.filter(pk=twins[0].pk).exists()

    def test_an_editor_cannot_remove(self, twins):
        editor = client_as("editor")
        chosen = {"action": "remove_duplicates", ACTION_CHECKBOX_NAME: [t.pk for t in twins]}
        editor.post(CHANGELIST, {**chosen, "keep": twins[0].pk, "apply": "1"})
        assert Drug.objects.filter(name__iexact="zentamab").count() == 2
