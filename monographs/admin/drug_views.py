"""The drug admin's own pages: opening a draft, the preview, the revision history with its
comparisons and restores, the workflow steps, and the page an unsaved edit comes back on.

Each view checks its permission on the server. The mixin expects the model admin's
has_publish_permission() and has_sign_off_permission() besides Django's own checks.
"""

import json
from datetime import datetime

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.text import capfirst
from django.utils.timezone import is_naive, localtime, make_aware

from monographs.admin.forms import submitted_text
from monographs.editorial import autosave, workflow
from monographs.editorial.diffs import diff_snapshots
from monographs.editorial.revisions import default_comparison, snapshot
from monographs.models import Drug, Revision, display_name
from monographs.text import parse_positive_int

# A revision number is a PositiveIntegerField: 32 bits on every database.
MAX_REVISION = 2**31 - 1


class DrugWorkflowViewsMixin:
    """DrugAdmin's workflow pages and steps, and its revision history in place of Django's."""

    # Workflow pages and steps, each checking its permission on the server.
    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        return [
            path("<int:pk>/edit/", view(self.edit_view), name="monographs_drug_edit"),
            path("<int:pk>/preview/", view(self.preview_view), name="monographs_drug_preview"),
            path(
                "<int:pk>/history/compare/",
                view(self.compare_view),
                name="monographs_drug_compare",
            ),
            path(
                "<int:pk>/history/<int:number>/restore/",
                view(self.restore_view),
                name="monographs_drug_restore",
            ),
            path("<int:pk>/step/<str:step>/", view(self.step_view), name="monographs_drug_step"),
            path("<int:pk>/autosave/", view(self.autosave_view), name="monographs_drug_autosave"),
            *super().get_urls(),
        ]

    def edit_view(self, request, pk):
        """Open the editable version: the monograph, or its working draft (made now)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request):
            raise PermissionDenied
        row = workflow.editable_version(get_object_or_404(Drug, pk=pk), request.user)
        return redirect(change_url(row))

    def preview_view(self, request, pk):
        """The version as the public page will show it, before it is published."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        drug = get_object_or_404(Drug.objects.with_monograph(), pk=pk)
        response = TemplateResponse(
            request, "monographs/drug_detail.html", {"drug": drug, "preview": True}
        )
        response["X-Robots-Tag"] = "noindex"
        add_never_cache_headers(response)
        return response

    def history_view(self, request, object_id, extra_context=None):
        drug = get_object_or_404(Drug, pk=unquote(object_id))
        if not self.has_view_permission(request, drug):
            raise PermissionDenied
        monograph = drug.monograph
        revisions = monograph.revisions.select_related("created_by").defer("snapshot")
        draft = Drug.objects.filter(draft_of=monograph).only("pk", "updated_at").first()
        compare_from, compare_to = default_comparison(monograph, draft)
        return TemplateResponse(
            request,
            "admin/monographs/drug/object_history.html",
            {
                **self.admin_site.each_context(request),
                "title": f"History of {monograph}",
                "opts": self.opts,
                "module_name": str(capfirst(self.opts.verbose_name_plural)),
                "object": monograph,
                "original": monograph,
                "revisions": revisions,
                "draft": draft,
                # As text, to match the radio buttons' values.
                "compare_from": str(compare_from),
                "compare_to": str(compare_to),
                "audit_entries": monograph.audit_entries.select_related(
                    "revision", "user__reviewer_profile"
                )[:50],
                "can_restore": self.has_change_permission(request),
            },
        )

    def compare_view(self, request, pk):
        monograph = get_object_or_404(Drug.objects.without_working_drafts(), pk=pk)
        if not self.has_view_permission(request, monograph):
            raise PermissionDenied
        older, newer = (
            compared_version(monograph, request.GET.get(end, "")) for end in ("from", "to")
        )
        return TemplateResponse(
            request,
            "admin/monographs/drug/compare.html",
            {
                **self.admin_site.each_context(request),
                "title": f"{monograph}: {version_label(older)} → {version_label(newer)}",
                "opts": self.opts,
                "original": monograph,
                "ends": [("From", older), ("To", newer)],
                "pair": [version for version in (older, newer) if version.pk],
                "sections": diff_snapshots(older.snapshot, newer.snapshot),
                "can_restore": self.has_change_permission(request),
                "publishable": self.has_publish_permission(request)
                and publishable_version(monograph),
            },
        )

    def autosave_view(self, request, pk):
        """Keep what the editor has typed in the form (the admin's script sends it), or
        with ?discard, forget it. Answers JSON."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        row = get_object_or_404(Drug, pk=pk)
        if not self.has_change_permission(request, row):
            raise PermissionDenied
        if "discard" in request.GET:
            autosave.forget(row, request.user)
            return JsonResponse({"discarded": True})
        try:
            fields = json.loads(request.body).get("fields")
            kept = autosave.keep(row, request.user, fields)
        except (ValueError, AttributeError) as error:  # JSONDecodeError and AutosaveError
            return JsonResponse({"error": str(error)}, status=400)
        return JsonResponse({"saved_at": localtime(kept.saved_at).strftime("%H:%M")})

    def restore_view(self, request, pk, number):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request):
            raise PermissionDenied
        revision = get_object_or_404(Revision, monograph_id=pk, number=number)
        row, warnings = workflow.restore(revision, request.user)
        self.message_user(
            request, f"Revision #{number} is restored as a draft. Check it, then submit it."
        )
        for warning in warnings:
            self.message_user(request, warning, messages.WARNING)
        return redirect(change_url(row))

    STEPS = {
        # step: (permission check, function, message)
        "submit": ("has_change_permission", workflow.submit_for_review, "submitted for review"),
        "return": ("has_publish_permission", workflow.return_to_draft, "returned to its editors"),
        "unpublish": ("has_publish_permission", workflow.unpublish, "unpublished"),
        "sign-off": ("has_sign_off_permission", workflow.sign_off_review, "signed off"),
        "discard": ("has_change_permission", workflow.discard_draft, "draft discarded"),
        "withdraw": ("has_change_permission", workflow.withdraw, "withdrawn from review"),
        "schedule": ("has_publish_permission", workflow.schedule, "publishing scheduled"),
        "unschedule": ("has_publish_permission", workflow.unschedule, "schedule cancelled"),
        "publish": ("has_publish_permission", workflow.publish, "published"),
    }
    # Steps after which the row is gone or public: back to the monograph.
    TO_MONOGRAPH = {"discard", "publish"}

    # Steps that ask first: their button is a link to a confirmation page (GET), whose
    # form then POSTs the step.
    CONFIRMED_STEPS = {"unpublish"}

    def step_view(self, request, pk, step):
        """One workflow step from a button on the change page (POST; a confirmation page
        on GET for the steps that ask first)."""
        if step not in self.STEPS:
            raise Http404("No such step.")
        allowed = ["GET", "POST"] if step in self.CONFIRMED_STEPS else ["POST"]
        if request.method not in allowed:
            return HttpResponseNotAllowed(allowed)
        permission, function, done = self.STEPS[step]
        if not getattr(self, permission)(request):
            raise PermissionDenied
        row = get_object_or_404(Drug, pk=pk)
        if request.method == "GET":
            return self.unpublish_confirmation(request, [row], cancel_url=change_url(row))
        monograph = row.monograph
        try:
            if step == "return":
                function(row, request.user, request.POST.get("comment", ""))
            elif step == "schedule":
                function(row, request.user, local_datetime(request.POST.get("publish_at", "")))
            else:
                function(row, request.user)
        except workflow.WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect(change_url(row))
        self.message_user(request, f"“{monograph}”: {done}.")
        return redirect(change_url(monograph if step in self.TO_MONOGRAPH else row))

    def unpublish_confirmation(self, request, drugs, cancel_url, action=None):
        """The page that asks before unpublishing the drugs: its form POSTs the step, or
        with an action's name, the change list's action again with post=yes."""
        return TemplateResponse(
            request,
            "admin/monographs/drug/unpublish_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": "Unpublish?",
                "opts": self.opts,
                "drugs": drugs,
                "action": action,
                "confirm_url": request.get_full_path(),
                "cancel_url": cancel_url,
            },
        )

    def not_saved_response(self, request, obj):
        """The editor's text, back, when the version they edited stopped being editable."""
        return TemplateResponse(
            request,
            "admin/monographs/drug/not_saved.html",
            {
                **self.admin_site.each_context(request),
                "title": "Your changes were not saved",
                "opts": self.opts,
                "drug": obj,
                "submitted": submitted_text(request.POST),
                "name": request.POST.get("name", ""),
            },
            status=409,
        )


def local_datetime(text):
    """A datetime-local input's value (the site's time zone) as an aware datetime."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise workflow.WorkflowError("Choose a date and time to publish.") from None
    return make_aware(value) if is_naive(value) else value


def compared_version(monograph, number):
    """A revision of the monograph by its number; for "draft", its working draft as it is
    now, as an unsaved revision (e.g. to compare with an import that publishing it replaces)."""
    if number == "draft":
        draft = Drug.objects.filter(draft_of=monograph).first()
        if draft is None:
            raise Http404("This monograph has no draft.")
        return Revision(
            monograph=monograph,
            action=Revision.Action.SAVED,
            created_at=draft.updated_at,
            snapshot=snapshot(draft),
        )
    number = parse_positive_int(number, MAX_REVISION)
    if number is None:
        raise Http404("Choose two revisions to compare.")
    revision = monograph.revisions.filter(number=number).first()
    if revision is None:
        raise Http404("No such revision.")
    return revision


def publishable_version(monograph):
    """The row that publishing would make public: its working draft, or the monograph
    itself when it is not public; None when it is published without a draft."""
    if monograph.is_editable:
        return monograph
    return Drug.objects.filter(draft_of=monograph).first()


def version_label(version):
    return f"revision #{version.number}" if version.pk else "the draft"


def compare_url(monograph, older, newer):
    url = reverse("admin:monographs_drug_compare", args=[monograph.pk])
    return f"{url}?from={older}&to={newer}"


def change_url(drug):
    return reverse("admin:monographs_drug_change", args=[drug.pk])


def workflow_context(request, obj, model_admin):
    """What the change page's workflow banner and buttons need."""
    if obj is None:
        return {"can_submit": True, "can_publish": model_admin.has_publish_permission(request)}
    draft = getattr(obj, "draft", None) if not obj.is_working_draft else None
    can_change = model_admin.has_change_permission(request)  # as a role, whatever the state
    since_draft = workflow.import_since_draft(obj)
    return {
        "monograph": obj.monograph,
        "working_draft": draft,
        "import_since_draft": since_draft,
        "import_since_draft_diff_url": since_draft
        and compare_url(obj.monograph, since_draft.number, "draft"),
        "can_start_draft": can_change and obj.is_published and draft is None,
        "can_submit": can_change and obj.status == Drug.Status.DRAFT,
        "can_publish": model_admin.has_publish_permission(request) and obj.is_editable,
        "can_return": model_admin.has_publish_permission(request)
        and obj.status == Drug.Status.IN_REVIEW,
        "can_unpublish": model_admin.has_publish_permission(request) and obj.is_published,
        "can_sign_off": model_admin.has_sign_off_permission(request) and obj.is_published,
        "can_discard": can_change and obj.is_working_draft,
        "can_withdraw": can_change and obj.status == Drug.Status.IN_REVIEW,
        "can_schedule": model_admin.has_publish_permission(request) and obj.is_editable,
        "returned": workflow.latest_return(obj),
        "scheduled_by": display_name(obj.publish_scheduled_by) if obj.publish_scheduled_by else "",
        "preview_url": reverse("admin:monographs_drug_preview", args=[obj.pk]),
        "autosave_url": reverse("admin:monographs_drug_autosave", args=[obj.pk]),
        "autosave": obj.is_editable and autosave.waiting(obj, request.user),
    }
