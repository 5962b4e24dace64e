"""The editors' tools of issue 15: reviewer profiles (credit), the history page's default
comparison, the draft form's save bar, autosave, scheduled publishing, withdrawing and
returning a submission, and publishing from the diff page."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from monographs.editorial import workflow
from monographs.models import AuditEntry, DraftAutosave, Drug, ReviewerProfile
from tests.admin_forms import change_url, form_data, start_draft
from tests.test_workflow import NEW_INSTRUCTIONS as NEW_DOSE
from tests.test_workflow import change_first_dose, publish_draft

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def reviewer(django_user_model):
    user = django_user_model.objects.create_user("rlogin", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Reviewer"))
    return user


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("elogin", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    return user


@pytest.fixture
def interferon():
    return Drug.objects.get(slug="interferon-beta-1b")


def public_page(drug):
    return Client().get(drug.get_absolute_url()).content.decode()


class TestReviewerCredit:
    def test_sign_off_credits_display_name_and_credentials(self, reviewer, interferon):
        ReviewerProfile.objects.create(user=reviewer, display_name="Jane Roe", credentials="PharmD")
        workflow.sign_off_review(interferon, reviewer)
        page = public_page(interferon)
        assert "by Jane Roe, PharmD." in page
        assert "rlogin" not in page

    def test_without_a_name_the_login_is_never_shown(self, reviewer, interferon):
        workflow.sign_off_review(interferon, reviewer)
        page = public_page(interferon)
        assert "Last reviewed on" in page
        assert "rlogin" not in page
        assert " by ." not in page

    def test_full_name_without_profile(self, reviewer, interferon):
        reviewer.first_name, reviewer.last_name = "Rita", "Lee"
        reviewer.save()
        workflow.sign_off_review(interferon, reviewer)
        assert "by Rita Lee." in public_page(interferon)

    def test_create_admin_sets_the_profile(self, django_user_model):
        call_command(
            "create_admin",
            "--role=reviewer",
            "--username=jroe",
            "--display-name=Jane Roe",
            "--credentials=PharmD, MPH",
            stdout=StringIO(),
        )
        profile = django_user_model.objects.get(username="jroe").reviewer_profile
        assert (profile.display_name, profile.credentials) == ("Jane Roe", "PharmD, MPH")

    def test_create_admin_updates_an_existing_accounts_profile(self, reviewer):
        out = StringIO()
        call_command("create_admin", "--username=rlogin", "--credentials=MD", stdout=out)
        assert ReviewerProfile.objects.get(user=reviewer).credentials == "MD"
        assert "password" not in out.getvalue()

    def test_the_admin_user_form_edits_the_profile(self, django_user_model, reviewer):
        admin = django_user_model.objects.create_superuser("boss", password="x")
        client = client_for(admin)
        url = reverse("admin:auth_user_change", args=[reviewer.pk])
        response = client.get(url)
        assert "reviewer_profile-0-credentials" in response.content.decode()
        data = form_data(response)
        joined = data.pop("date_joined")  # a split widget: two inputs
        data["date_joined_0"], data["date_joined_1"] = joined.date(), joined.time()
        data["reviewer_profile-0-display_name"] = "Jane Roe"
        data["reviewer_profile-0-credentials"] = "RPh"
        response = client.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert str(ReviewerProfile.objects.get(user=reviewer)) == "Jane Roe, RPh"


def checked_radios(page):
    """The history form's preselected (from, to) values."""
    found = dict(
        (name, value)
        for tag in re.findall(r"<input [^>]*checked[^>]*>", page)
        for name, value in [
            (re.search(r'name="(\w+)"', tag)[1], re.search(r'value="(\w+)"', tag)[1])
        ]
    )
    return found.get("from"), found.get("to")


class TestHistoryDefaultComparison:
    def history(self, client, drug):
        return client.get(reverse("admin:monographs_drug_history", args=[drug.pk])).content.decode()

    def test_the_working_draft_against_the_published_version(self, editor, interferon):
        client = client_for(editor)
        change_first_dose(client, interferon, submit=False)
        change_first_dose(client, interferon, submit=True)
        live = interferon.revisions.filter(action__in=["published", "imported"]).first()
        assert checked_radios(self.history(client, interferon)) == (str(live.number), "draft")
        # ... and that comparison shows the draft's change, not "No changes".
        compare = client.get(
            reverse("admin:monographs_drug_compare", args=[interferon.pk]),
            {"from": live.number, "to": "draft"},
        ).content.decode()
        assert "0.125" in compare

    def test_without_a_draft_the_latest_against_the_last_that_differs(
        self, editor, reviewer, interferon
    ):
        draft = change_first_dose(client_for(editor), interferon)  # saved and submitted
        publish_draft(client_for(reviewer), draft)  # the same content once more
        numbers = list(interferon.revisions.values_list("number", "action"))
        newest = numbers[0][0]
        older, newer = checked_radios(self.history(client_for(editor), interferon))
        assert newer == str(newest)
        older_revision = interferon.revisions.get(number=int(older))
        assert older_revision.snapshot != interferon.revisions.get(number=newest).snapshot
        assert older_revision.action == "imported", numbers


class TestDraftForm:
    def test_the_save_bar_holds_the_workflow_buttons_without_save_and_add_another(
        self, reviewer, interferon
    ):
        client = client_for(reviewer)
        draft = start_draft(client, interferon)
        page = client.get(change_url(draft)).content.decode()
        bar = page[page.index('class="save-bar"') :]
        assert 'name="_publish"' in bar and 'name="_save"' in bar
        assert "_addanother" not in page

    def test_the_add_form_keeps_save_and_add_another(self, reviewer):
        page = client_for(reviewer).get(reverse("admin:monographs_drug_add")).content.decode()
        assert "_addanother" in page

    def test_the_change_list_shows_short_dates(self, reviewer, interferon):
        page = client_for(reviewer).get(reverse("admin:monographs_drug_changelist"))
        assert 'class="field-updated"' in page.content.decode()


class TestAutosave:
    def url(self, row):
        return reverse("admin:monographs_drug_autosave", args=[row.pk])

    def test_kept_apart_not_a_revision_and_forgotten_on_save(self, editor, interferon):
        client = client_for(editor)
        draft = start_draft(client, interferon)
        revisions = interferon.revisions.count()
        fields = [["summary", "Half-typed", ""], ["conditions", "3", "Gout"]]
        response = client.post(self.url(draft), {"fields": fields}, content_type="application/json")
        assert response.status_code == 200
        assert DraftAutosave.objects.get(drug=draft, user=editor).fields == fields
        assert interferon.revisions.count() == revisions
        assert Drug.objects.get(pk=draft.pk).summary != "Half-typed"
        page = client.get(change_url(draft)).content.decode()
        assert 'id="autosave-offer"' in page and "Half-typed" in page
        response = client.post(change_url(draft), form_data(client.get(change_url(draft))))
        assert response.status_code == 302
        assert not DraftAutosave.objects.filter(drug=draft).exists()

    @pytest.mark.parametrize(
        "body",
        ["not json", '{"fields": "text"}', '{"fields": [["a", 1, ""]]}', '{"fields": [["a"]]}'],
    )
    def test_bad_input_is_refused_and_keeps_nothing(self, editor, interferon, body):
        client = client_for(editor)
        draft = start_draft(client, interferon)
        response = client.post(self.url(draft), body, content_type="application/json")
        assert response.status_code == 400
        assert not DraftAutosave.objects.exists()

    def test_a_published_monograph_takes_no_autosave(self, editor, interferon):
        response = client_for(editor).post(
            self.url(interferon), {"fields": []}, content_type="application/json"
        )
        assert response.status_code == 403

    def test_discard(self, editor, interferon):
        client = client_for(editor)
        draft = start_draft(client, interferon)
        DraftAutosave.objects.create(drug=draft, user=editor, fields=[])
        assert client.post(self.url(draft) + "?discard=1").status_code == 200
        assert not DraftAutosave.objects.exists()


def step(client, row, name, **data):
    return client.post(reverse("admin:monographs_drug_step", args=[row.pk, name]), data)


class TestScheduledPublishing:
    def test_a_reviewer_schedules_and_the_command_publishes_when_due(
        self, editor, reviewer, interferon
    ):
        draft = change_first_dose(client_for(editor), interferon)
        when = timezone.now() + timedelta(hours=2)
        local = timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")
        response = step(client_for(reviewer), draft, "schedule", publish_at=local)
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.publish_at is not None and draft.publish_scheduled_by == reviewer
        page = client_for(editor).get(change_url(draft)).content.decode()
        assert "Scheduled to be published on" in page

        # An hour on, nothing is due yet.
        call_command("publish_scheduled", now=(when - timedelta(hours=1)).isoformat())
        assert Drug.objects.filter(pk=draft.pk).exists()
        assert NEW_DOSE not in public_page(interferon)
        # Past the time, it is published as the reviewer, and visitors see it at once.
        out = StringIO()
        call_command("publish_scheduled", now=(when + timedelta(minutes=1)).isoformat(), stdout=out)
        assert "Published Interferon beta-1b" in out.getvalue()
        assert not Drug.objects.filter(pk=draft.pk).exists()
        assert NEW_DOSE in public_page(interferon)
        entry = interferon.audit_entries.filter(action=AuditEntry.Action.PUBLISHED).first()
        assert entry.user == reviewer
        interferon.refresh_from_db()
        assert interferon.publish_at is None
        # Run again: nothing more to do.
        call_command("publish_scheduled", now=(when + timedelta(days=1)).isoformat())

    def test_editors_cannot_schedule_and_the_past_is_refused(self, editor, reviewer, interferon):
        draft = change_first_dose(client_for(editor), interferon)
        later = (timezone.localtime() + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
        assert step(client_for(editor), draft, "schedule", publish_at=later).status_code == 403
        past = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
        step(client_for(reviewer), draft, "schedule", publish_at=past)
        step(client_for(reviewer), draft, "schedule", publish_at="next tuesday")
        draft.refresh_from_db()
        assert draft.publish_at is None

    def test_saving_the_draft_cancels_the_schedule(self, editor, reviewer, interferon):
        draft = change_first_dose(client_for(editor), interferon, submit=False)
        workflow.schedule(draft, reviewer, timezone.now() + timedelta(hours=1))
        change_first_dose(client_for(editor), interferon, submit=False)
        draft.refresh_from_db()
        assert draft.publish_at is None
        assert interferon.audit_entries.filter(action=AuditEntry.Action.UNSCHEDULED).exists()

    def test_returning_a_submission_cancels_its_schedule(self, editor, reviewer, interferon):
        draft = change_first_dose(client_for(editor), interferon)
        workflow.schedule(draft, reviewer, timezone.now() + timedelta(hours=1))
        workflow.return_to_draft(draft, reviewer, "Not yet.")
        draft.refresh_from_db()
        assert draft.publish_at is None and draft.status == Drug.Status.DRAFT
        published, failed = workflow.publish_due(timezone.now() + timedelta(hours=2))
        assert published == [] and failed == []

    def test_a_bad_now_is_a_clear_error(self):
        with pytest.raises(CommandError, match="--now"):
            call_command("publish_scheduled", now="soon")


class TestReturnWithdrawAndPublishFromTheDiff:
    def test_the_editor_sees_the_reviewers_comment(self, editor, reviewer, interferon):
        ReviewerProfile.objects.create(user=reviewer, display_name="Jane Roe")
        draft = change_first_dose(client_for(editor), interferon)
        step(client_for(reviewer), draft, "return", comment="Cite the label for 0.125 mg.")
        page = client_for(editor).get(change_url(draft)).content.decode()
        assert "Returned to its editors by Jane Roe on" in page  # her name, not her login
        history = reverse("admin:monographs_drug_history", args=[interferon.pk])
        assert "<td>Jane Roe</td><td>Returned to draft" in client_for(editor).get(history).text
        assert "Cite the label for 0.125 mg." in page
        # Once submitted again, the note is gone.
        step(client_for(editor), draft, "submit")
        assert "Cite the label" not in client_for(editor).get(change_url(draft)).content.decode()

    def test_an_editor_withdraws_a_submission(self, editor, interferon):
        draft = change_first_dose(client_for(editor), interferon)
        assert draft.status == Drug.Status.IN_REVIEW
        step(client_for(editor), draft, "withdraw")
        draft.refresh_from_db()
        assert draft.status == Drug.Status.DRAFT
        assert interferon.audit_entries.filter(action=AuditEntry.Action.WITHDRAWN).exists()
        assert step(client_for(editor), draft, "withdraw").status_code == 302  # refused, said
        assert draft.monograph.audit_entries.filter(action="withdrawn").count() == 1

    def test_publish_from_the_diff_page(self, editor, reviewer, interferon):
        change_first_dose(client_for(editor), interferon)
        live = interferon.revisions.filter(action__in=["published", "imported"]).first()
        url = reverse("admin:monographs_drug_compare", args=[interferon.pk])
        page = client_for(reviewer).get(url, {"from": live.number, "to": "draft"}).content.decode()
        assert "Publish the working draft as it is now" in page
        editors_page = client_for(editor).get(url, {"from": live.number, "to": "draft"})
        assert "Publish the working draft" not in editors_page.content.decode()
        draft = Drug.objects.get(draft_of=interferon)
        assert step(client_for(editor), draft, "publish").status_code == 403
        assert step(client_for(reviewer), draft, "publish").status_code == 302
        assert NEW_DOSE in public_page(interferon)
