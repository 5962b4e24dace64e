"""The editorial workflow through the admin: roles, drafts of published monographs,
preview, publishing, revisions, sign-off, the audit trail and concurrent editing."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from monographs.editorial import workflow
from monographs.editorial.revisions import snapshot
from monographs.models import AuditEntry, Drug, Revision, SideEffect
from tests.admin_forms import change_url, draft_form, form_data, row_index, start_draft

pytestmark = pytest.mark.django_db

NEW_INSTRUCTIONS = "Take 0.125 mg every other day from week 3."


def make_user(django_user_model, username, group=None, **flags):
    user = django_user_model.objects.create_user(
        username, password="x", is_staff=True, first_name=username.title(), **flags
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def users(django_user_model):
    return {
        "editor": make_user(django_user_model, "edna", "Editor"),
        "reviewer": make_user(django_user_model, "rita", "Reviewer"),
        "superuser": make_user(django_user_model, "sam", is_superuser=True),
        "staff": make_user(django_user_model, "stan"),  # staff, in no group
    }


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def interferon():
    return Drug.objects.get(slug="interferon-beta-1b")


def change_first_dose(client, drug, submit=True):
    """An editor changes the first dosage entry's amount and instructions in a draft."""
    draft, data = draft_form(client, drug)
    first = draft.dosages.first()
    index = row_index(data, "dosages", first.pk)
    data[f"dosages-{index}-amount"] = "0.125"
    data[f"dosages-{index}-instructions"] = NEW_INSTRUCTIONS
    if submit:
        data["_submit"] = "Save and submit for review"
    response = client.post(change_url(draft), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Drug.objects.get(pk=draft.pk)


def publish_draft(client, draft, sign_off=False):
    data = form_data(client.get(change_url(draft)))
    data["_publish"] = "Save and publish"
    if sign_off:
        data["_sign_off"] = "on"
    return client.post(change_url(draft), data)


class TestPermissions:
    """Each role × each step, asked of the server directly (no buttons involved)."""

    ROLES = ["editor", "reviewer", "superuser", "staff"]

    def step(self, client, drug, step):
        return client.post(reverse("admin:monographs_drug_step", args=[drug.pk, step]))

    @pytest.mark.parametrize(
        "action, allowed",
        [
            ("view change list", {"editor", "reviewer", "superuser"}),
            ("add a monograph", {"editor", "reviewer", "superuser"}),
            ("start a draft", {"editor", "reviewer", "superuser"}),
            ("save a draft", {"editor", "reviewer", "superuser"}),
            ("submit for review", {"editor", "reviewer", "superuser"}),
            ("preview", {"editor", "reviewer", "superuser"}),
            ("see history", {"editor", "reviewer", "superuser"}),
            ("restore a revision", {"editor", "reviewer", "superuser"}),
            ("publish", {"reviewer", "superuser"}),
            ("publish by action", {"reviewer", "superuser"}),
            ("return to draft", {"reviewer", "superuser"}),
            ("unpublish", {"reviewer", "superuser"}),
            ("sign off", {"reviewer", "superuser"}),
            ("see audit trail", {"reviewer", "superuser"}),
            ("delete a monograph", {"superuser"}),
        ],
    )
    def test_matrix(self, users, interferon, action, allowed):
        for role in self.ROLES:
            client = client_for(users[role])
            ok = self.attempt(client, users, interferon, action)
            assert ok == (role in allowed), f"{role} {action}: {'allowed' if ok else 'refused'}"
            Drug.objects.filter(draft_of__isnull=False).delete()
            Drug.objects.filter(pk=interferon.pk).update(status=Drug.Status.PUBLISHED)

    def attempt(self, client, users, drug, action):  # noqa: PLR0911, C901 - one branch per action
        """Try the action as the client; True if the server let it happen."""
        if action == "view change list":
            return client.get(reverse("admin:monographs_drug_changelist")).status_code == 200
        if action == "add a monograph":
            response = client.post(reverse("admin:monographs_drug_add"), new_drug_data())
            return Drug.objects.filter(slug="permission-probe").delete()[0] > 0
        if action == "start a draft":
            client.post(reverse("admin:monographs_drug_edit", args=[drug.pk]))
            return Drug.objects.filter(draft_of=drug).exists()
        # The other steps start from a draft the superuser made.
        admin = client_for(users["superuser"])
        draft = start_draft(admin, drug)
        if action == "save a draft":
            data = form_data(admin.get(change_url(draft)))
            data["summary"] = "Changed by a permission probe."
            client.post(change_url(draft), data)
            return Drug.objects.get(pk=draft.pk).summary == data["summary"]
        if action == "submit for review":
            self.step(client, draft, "submit")
            return Drug.objects.get(pk=draft.pk).status == Drug.Status.IN_REVIEW
        if action == "preview":
            url = reverse("admin:monographs_drug_preview", args=[draft.pk])
            return client.get(url).status_code == 200
        if action == "see history":
            url = reverse("admin:monographs_drug_history", args=[drug.pk])
            return client.get(url).status_code == 200
        if action == "restore a revision":
            revision = drug.revisions.first()
            url = reverse("admin:monographs_drug_restore", args=[drug.pk, revision.number])
            before = Drug.objects.get(pk=draft.pk).version
            client.post(url)
            return Drug.objects.get(pk=draft.pk).version > before
        if action == "publish":
            data = form_data(admin.get(change_url(draft)))
            data["_publish"] = "Save and publish"
            response = client.post(change_url(draft), data)
            published = not Drug.objects.filter(pk=draft.pk).exists()
            assert published or response.status_code == 403
            return published
        if action == "publish by action":
            client.post(
                reverse("admin:monographs_drug_changelist"),
                {"action": "publish", "_selected_action": [drug.pk]},
            )
            return not Drug.objects.filter(pk=draft.pk).exists()
        if action == "return to draft":
            self.step(admin, draft, "submit")
            self.step(client, draft, "return")
            return Drug.objects.get(pk=draft.pk).status == Drug.Status.DRAFT
        if action == "unpublish":
            self.step(client, drug, "unpublish")
            return Drug.objects.get(pk=drug.pk).status == Drug.Status.UNPUBLISHED
        if action == "sign off":
            response = self.step(client, drug, "sign-off")
            return response.status_code == 302 and bool(
                Drug.objects.get(pk=drug.pk).last_reviewed_at
            )
        if action == "see audit trail":
            return client.get(reverse("admin:monographs_auditentry_changelist")).status_code == 200
        if action == "delete a monograph":
            probe, _ = Drug.objects.get_or_create(name="Deletable", slug="deletable")
            client.post(reverse("admin:monographs_drug_delete", args=[probe.pk]), {"post": "yes"})
            return not Drug.objects.filter(pk=probe.pk).exists()
        raise AssertionError(action)

    def test_a_published_monograph_cannot_be_changed_directly(self, users, interferon):
        admin = client_for(users["superuser"])
        data = form_data(admin.get(change_url(interferon)))
        data["summary"] = "Changed without review."
        response = admin.post(change_url(interferon), data)
        assert response.status_code == 409
        assert "Changed without review." in response.content.decode()  # handed back
        assert Drug.objects.get(pk=interferon.pk).summary != "Changed without review."

    def test_an_editor_cannot_publish_from_the_add_form(self, users):
        editor = client_for(users["editor"])
        data = {**new_drug_data(), "_publish": "Save and publish"}
        assert editor.post(reverse("admin:monographs_drug_add"), data).status_code == 403
        assert not Drug.objects.filter(slug="permission-probe").exists()


def new_drug_data():
    data = {"name": "Permission probe", "slug": "permission-probe"}
    for prefix in ["dosages", "side_effect_links", "precautions", "interactions", "faqs"]:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


class TestDraftsOfPublishedMonographs:
    def test_public_page_keeps_the_published_version_until_publish(self, users, interferon, client):
        old_amount = interferon.dosages.first().amount
        rash = SideEffect.objects.get(slug="rash")
        rash_count = rash.published_drug_count
        editor = client_for(users["editor"])
        draft, data = draft_form(editor, interferon)
        # The draft changes a dose and adds a side effect (an inline of each kind would do).
        index = row_index(data, "dosages", draft.dosages.first().pk)
        data[f"dosages-{index}-instructions"] = NEW_INSTRUCTIONS
        total = int(data["side_effect_links-TOTAL_FORMS"])
        data |= {
            "side_effect_links-TOTAL_FORMS": str(total + 1),
            f"side_effect_links-{total}-side_effect": str(rash.pk),
            f"side_effect_links-{total}-frequency": "1",
            f"side_effect_links-{total}-order": "99",
            "_submit": "Save and submit for review",
        }
        assert editor.post(change_url(draft), data).status_code == 302

        page = client.get(interferon.get_absolute_url()).content.decode()
        assert NEW_INSTRUCTIONS not in page
        assert interferon.dosages.first().amount == old_amount
        side_effect_page = client.get(rash.get_absolute_url()).content.decode()
        assert interferon.name not in side_effect_page
        listing = client.get(reverse("monographs:drug-list"), {"side_effect": "rash"})
        assert interferon.slug not in listing.content.decode()
        assert SideEffect.objects.get(pk=rash.pk).published_drug_count == rash_count
        # The draft is no public page of its own.
        assert client.get(f"/drugs/{interferon.slug}/").status_code == 200
        assert Drug.objects.published().filter(slug=interferon.slug).count() == 1

        reviewer = client_for(users["reviewer"])
        assert publish_draft(reviewer, draft, sign_off=True).status_code == 302
        page = client.get(interferon.get_absolute_url()).content.decode()
        assert NEW_INSTRUCTIONS in page
        assert "Last reviewed on" in page and "by Rita" in page
        assert interferon.name in client.get(rash.get_absolute_url()).content.decode()
        assert SideEffect.objects.get(pk=rash.pk).published_drug_count == rash_count + 1
        assert not Drug.objects.filter(draft_of=interferon).exists()

    def test_preview_shows_the_draft_as_the_public_page_will(self, users, interferon, client):
        editor = client_for(users["editor"])
        draft = change_first_dose(editor, interferon)
        preview = editor.get(reverse("admin:monographs_drug_preview", args=[draft.pk]))
        assert preview.status_code == 200
        assert NEW_INSTRUCTIONS in preview.content.decode()
        assert "Preview" in preview.content.decode()
        assert preview["X-Robots-Tag"] == "noindex"
        assert "no-cache" in preview["Cache-Control"]
        assert (
            client.get(reverse("admin:monographs_drug_preview", args=[draft.pk])).status_code == 302
        )

    def test_publish_applies_every_inline_and_field(self, users, interferon, client):
        before = snapshot(interferon)
        editor = client_for(users["editor"])
        draft = change_first_dose(editor, interferon)
        draft_content = snapshot(draft)
        publish_draft(client_for(users["reviewer"]), draft)
        after = snapshot(Drug.objects.get(pk=interferon.pk))
        assert after == draft_content
        assert after != before
        assert Drug.objects.get(pk=interferon.pk).dosages.first().amount == Decimal("0.125")
        assert "<strong>0.125" in client.get(interferon.get_absolute_url()).content.decode()

    def test_draft_is_opened_again_not_duplicated(self, users, interferon):
        editor = client_for(users["editor"])
        first = start_draft(editor, interferon)
        again = editor.post(reverse("admin:monographs_drug_edit", args=[interferon.pk]))
        assert again["Location"] == change_url(first)
        assert Drug.objects.filter(draft_of=interferon).count() == 1

    def test_returned_draft_and_discarded_draft(self, users, interferon):
        editor, reviewer = client_for(users["editor"]), client_for(users["reviewer"])
        draft = change_first_dose(editor, interferon)
        reviewer.post(
            reverse("admin:monographs_drug_step", args=[draft.pk, "return"]),
            {"comment": "Check the titration."},
        )
        assert Drug.objects.get(pk=draft.pk).status == Drug.Status.DRAFT
        entry = AuditEntry.objects.get(action=AuditEntry.Action.RETURNED)
        assert entry.detail == "Check the titration." and entry.username == "rita"
        editor.post(reverse("admin:monographs_drug_step", args=[draft.pk, "discard"]))
        assert not Drug.objects.filter(pk=draft.pk).exists()
        assert NEW_INSTRUCTIONS not in snapshot(interferon)["dosages"][0]["instructions"]

    def test_new_monograph_goes_from_draft_to_review_to_published(self, users, client):
        editor, reviewer = client_for(users["editor"]), client_for(users["reviewer"])
        editor.post(reverse("admin:monographs_drug_add"), new_drug_data())
        drug = Drug.objects.get(slug="permission-probe")
        assert drug.status == Drug.Status.DRAFT
        assert client.get("/drugs/permission-probe/").status_code == 404
        editor.post(reverse("admin:monographs_drug_step", args=[drug.pk, "submit"]))
        assert Drug.objects.get(pk=drug.pk).status == Drug.Status.IN_REVIEW
        publish_draft(reviewer, drug)
        assert client.get("/drugs/permission-probe/").status_code == 200
        reviewer.post(reverse("admin:monographs_drug_step", args=[drug.pk, "unpublish"]))
        assert client.get("/drugs/permission-probe/").status_code == 404


class TestRevisions:
    def test_every_save_and_publish_records_a_revision(self, users, interferon):
        editor = client_for(users["editor"])
        draft = change_first_dose(editor, interferon)
        publish_draft(client_for(users["reviewer"]), draft)
        actions = list(interferon.revisions.order_by("number").values_list("action", "number"))
        assert actions == [
            (Revision.Action.IMPORTED, 1),
            (Revision.Action.SUBMITTED, 2),
            (Revision.Action.SAVED, 3),  # the reviewer's save that came with publishing
            (Revision.Action.PUBLISHED, 4),
        ]
        imported = interferon.revisions.get(number=1).snapshot
        assert imported["dosages"][0]["instructions"] != NEW_INSTRUCTIONS
        assert interferon.revisions.get(number=2).created_by == users["editor"]

    def test_history_and_diff_show_the_inline_change(self, users, interferon):
        editor = client_for(users["editor"])
        change_first_dose(editor, interferon)
        history = editor.get(reverse("admin:monographs_drug_history", args=[interferon.pk]))
        assert "Submitted for review" in history.content.decode()
        compare = reverse("admin:monographs_drug_compare", args=[interferon.pk])
        page = editor.get(compare, {"from": 1, "to": 2}).content.decode()
        assert "Dosage" in page
        assert "0.125" in page and "0.0625" in page
        assert "<del" in page and "<ins" in page

    @pytest.mark.parametrize("query", [{}, {"from": "x", "to": "1"}, {"from": 1, "to": 99}])
    def test_compare_with_bad_numbers_is_404(self, users, interferon, query):
        editor = client_for(users["editor"])
        change_first_dose(editor, interferon)
        compare = reverse("admin:monographs_drug_compare", args=[interferon.pk])
        assert editor.get(compare, query).status_code == 404

    def test_restore_brings_back_fields_and_inlines_as_a_new_draft(self, users, interferon, client):
        editor, reviewer = client_for(users["editor"]), client_for(users["reviewer"])
        original = snapshot(interferon)
        publish_draft(reviewer, change_first_dose(editor, interferon))
        changed = snapshot(Drug.objects.get(pk=interferon.pk))
        assert changed != original
        restore = reverse("admin:monographs_drug_restore", args=[interferon.pk, 1])
        response = editor.post(restore)
        draft = Drug.objects.get(draft_of=interferon)
        assert response["Location"] == change_url(draft)
        assert snapshot(draft) == original
        assert draft.status == Drug.Status.DRAFT
        # Restoring is a draft: the public page still shows the published change.
        assert NEW_INSTRUCTIONS in client.get(interferon.get_absolute_url()).content.decode()
        latest = interferon.revisions.first()
        assert (latest.action, latest.comment) == (Revision.Action.RESTORED, "Restored revision #1")
        assert AuditEntry.objects.filter(action=AuditEntry.Action.RESTORED).count() == 1

    def test_restore_survives_a_merged_and_a_deleted_term(self, users, interferon):
        editor = client_for(users["editor"])
        draft = start_draft(editor, interferon)
        revision = workflow.record_revision(draft, Revision.Action.SAVED, users["editor"])
        names = [row["side_effect_name"] for row in revision.snapshot["side_effect_links"]]
        merged, deleted = (SideEffect.objects.get(name=name) for name in names[:2])
        target = SideEffect.objects.create(name="Merge target", slug="merge-target")
        merged.merge_into(target)
        Drug.objects.filter(draft_of=interferon).delete()
        deleted.drug_links.all().delete()
        deleted.delete()
        row, warnings = workflow.restore(revision, users["editor"])
        terms = set(row.side_effect_links.values_list("side_effect__name", flat=True))
        assert "Merge target" in terms
        assert deleted.name in terms
        assert any(deleted.name in warning for warning in warnings)


class TestReviewAndAudit:
    def test_sign_off_shows_on_the_public_page_and_in_the_audit_trail(
        self, users, interferon, client
    ):
        assert (
            "Not yet medically reviewed"
            in client.get(interferon.get_absolute_url()).content.decode()
        )
        reviewer = client_for(users["reviewer"])
        reviewer.post(reverse("admin:monographs_drug_step", args=[interferon.pk, "sign-off"]))
        page = client.get(interferon.get_absolute_url()).content.decode()
        assert "Last reviewed on" in page and "by Rita" in page
        entry = AuditEntry.objects.get()
        assert (entry.action, entry.username, entry.monograph) == (
            AuditEntry.Action.SIGNED_OFF,
            "rita",
            interferon,
        )

    def test_publish_and_unpublish_are_audited(self, users, interferon):
        editor, reviewer = client_for(users["editor"]), client_for(users["reviewer"])
        publish_draft(reviewer, change_first_dose(editor, interferon), sign_off=True)
        reviewer.post(reverse("admin:monographs_drug_step", args=[interferon.pk, "unpublish"]))
        actions = list(AuditEntry.objects.order_by("at", "pk").values_list("action", "username"))
        assert actions == [
            (AuditEntry.Action.DRAFT_STARTED, "edna"),
            (AuditEntry.Action.SUBMITTED, "edna"),
            (AuditEntry.Action.PUBLISHED, "rita"),
            (AuditEntry.Action.SIGNED_OFF, "rita"),
            (AuditEntry.Action.UNPUBLISHED, "rita"),
        ]
        trail = reviewer.get(reverse("admin:monographs_auditentry_changelist")).content.decode()
        assert "Signed off medical review" in trail

    def test_the_audit_trail_cannot_be_edited(self, users):
        admin = client_for(users["superuser"])
        assert admin.get(reverse("admin:monographs_auditentry_add")).status_code == 403


class TestConcurrentEditing:
    def test_the_second_save_is_refused_and_keeps_the_text(self, users, interferon):
        first, second = client_for(users["editor"]), client_for(users["reviewer"])
        draft = start_draft(first, interferon)
        first_data = form_data(first.get(change_url(draft)))
        second_data = form_data(second.get(change_url(draft)))
        first_data["summary"] = "Summary by the first editor."
        assert first.post(change_url(draft), first_data).status_code == 302

        second_data["summary"] = "Summary by the second editor."
        response = second.post(change_url(draft), second_data)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Someone else saved this monograph while you were editing" in page
        assert "Summary by the second editor." in page  # the text is still in the form
        assert "See what they changed" in page
        assert Drug.objects.get(pk=draft.pk).summary == "Summary by the first editor."
        compare = response.context["conflict"]
        assert compare["latest"].created_by == users["editor"]

        # Saving again, knowing, replaces the first editor's version.
        again = form_data(response)
        assert second.post(change_url(draft), again).status_code == 302
        assert Drug.objects.get(pk=draft.pk).summary == "Summary by the second editor."

    def test_a_save_after_the_draft_was_published_hands_the_text_back(self, users, interferon):
        editor, reviewer = client_for(users["editor"]), client_for(users["reviewer"])
        draft, data = draft_form(editor, interferon)
        publish_draft(reviewer, draft)
        data["summary"] = "Typed while it was being published."
        response = editor.post(change_url(draft), data)
        assert response.status_code == 409
        assert "Typed while it was being published." in response.content.decode()
        assert "no longer exists" in response.content.decode()


def test_import_keeps_a_monograph_with_a_draft_in_progress(users, interferon, tmp_path):
    from django.core.management import call_command

    from tests.conftest import SEEDS

    source = SEEDS / "interferon-beta-1b.md"
    start_draft(client_for(users["editor"]), interferon)
    changed = tmp_path / source.name
    changed.write_text(source.read_text().replace("every other day", "every second day", 1))
    # The file is the monograph's: a file is known by its name when imported alone.
    assert interferon.source_path == changed.name
    call_command("import_monographs", str(changed), verbosity=0)
    assert Drug.objects.get(pk=interferon.pk).source_hash == interferon.source_hash
    assert Drug.objects.without_working_drafts().filter(name=interferon.name).count() == 1


def test_publish_action_publishes_drafts_and_unpublished_monographs(users, interferon):
    editor, reviewer = client_for(users["editor"]), client_for(users["reviewer"])
    draft = change_first_dose(editor, interferon)
    hidden = Drug.objects.exclude(pk=interferon.pk).without_working_drafts()[:3]
    hidden_ids = [drug.pk for drug in hidden]
    Drug.objects.filter(pk__in=hidden_ids).unpublish()
    response = reviewer.post(
        reverse("admin:monographs_drug_changelist"),
        {"action": "publish", "_selected_action": [interferon.pk, *hidden_ids]},
        follow=True,
    )
    assert "Published 4 monographs." in response.content.decode()
    assert not Drug.objects.filter(pk=draft.pk).exists()
    assert Drug.objects.published().filter(pk__in=[interferon.pk, *hidden_ids]).count() == 4
    audited = AuditEntry.objects.filter(action=AuditEntry.Action.PUBLISHED)
    assert set(audited.values_list("monograph_id", flat=True)) == {interferon.pk, *hidden_ids}


class TestLabelsAndConfirmations:
    def test_a_working_draft_is_named_without_a_repeated_word(self, users, interferon):
        editor = client_for(users["editor"])
        draft = start_draft(editor, interferon)
        page = editor.get(change_url(draft)).content.decode()
        assert "Workflow: Draft of a published monograph</h2>" in page
        preview = editor.get(reverse("admin:monographs_drug_preview", args=[draft.pk]))
        assert "Preview: draft of a published monograph." in preview.content.decode()
        submit_url = reverse("admin:monographs_drug_step", args=[draft.pk, "submit"])
        editor.post(submit_url)
        page = editor.get(change_url(draft)).content.decode()
        assert "Workflow: Draft of a published monograph, in review</h2>" in page
        assert "draft draft" not in page.lower() and "review draft" not in page.lower()
        assert "Workflow: Published</h2>" in editor.get(change_url(interferon)).content.decode()

    def test_unpublish_asks_first(self, users, interferon, client):
        reviewer = client_for(users["reviewer"])
        url = reverse("admin:monographs_drug_step", args=[interferon.pk, "unpublish"])
        page = reviewer.get(change_url(interferon)).content.decode()
        assert f'href="{url}">Unpublish' in page  # a link to the question, not a step
        question = reviewer.get(url)
        assert question.status_code == 200
        html = question.content.decode()
        assert "Unpublish this monograph?" in html and interferon.name in html
        assert 'value="Yes, unpublish"' in html and f'action="{url}"' in html
        assert Drug.objects.get(pk=interferon.pk).is_published
        assert client.get(interferon.get_absolute_url()).status_code == 200
        assert reviewer.post(url).status_code == 302
        assert Drug.objects.get(pk=interferon.pk).status == Drug.Status.UNPUBLISHED

    def test_the_confirmation_page_checks_the_permission(self, users, interferon):
        editor = client_for(users["editor"])
        url = reverse("admin:monographs_drug_step", args=[interferon.pk, "unpublish"])
        assert editor.get(url).status_code == 403
        other = reverse("admin:monographs_drug_step", args=[interferon.pk, "submit"])
        assert editor.get(other).status_code == 405

    def test_the_unpublish_action_asks_first(self, users, interferon):
        reviewer = client_for(users["reviewer"])
        others = list(Drug.objects.published().exclude(pk=interferon.pk)[:2])
        selected = [interferon.pk, *(drug.pk for drug in others)]
        url = reverse("admin:monographs_drug_changelist")
        response = reviewer.post(url, {"action": "unpublish", "_selected_action": selected})
        html = response.content.decode()
        assert "Unpublish these 3 monographs?" in html
        for pk in selected:
            assert f'name="_selected_action" value="{pk}"' in html
        assert Drug.objects.published().filter(pk__in=selected).count() == 3
        reviewer.post(url, {"action": "unpublish", "post": "yes", "_selected_action": selected})
        assert not Drug.objects.published().filter(pk__in=selected).exists()
