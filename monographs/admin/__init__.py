import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.text import capfirst
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from monographs.admin.filters import QualityFilter, ReviewDueFilter, WorkflowFilter
from monographs.editorial import workflow
from monographs.editorial.changes import changing
from monographs.editorial.diffs import diff_snapshots
from monographs.importing.linking import link_conditions
from monographs.models import (
    FAQ,
    LETTERS,
    AuditEntry,
    Condition,
    Dosage,
    Drug,
    DrugSideEffect,
    Interaction,
    Precaution,
    Revision,
    SideEffect,
    SideEffectAlias,
)

MARKDOWN_WIDGETS = {MarkdownxField: {"widget": AdminMarkdownxWidget}}


class WorkflowInlineMixin:
    """Inlines follow their monograph: a published one changes only through its draft."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (obj is None or obj.is_editable)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_editable)


class MarkdownInline(WorkflowInlineMixin):
    formfield_overrides = MARKDOWN_WIDGETS
    extra = 0


class DosageInline(MarkdownInline, admin.StackedInline):
    model = Dosage
    fields = [
        ("order", "population", "label"),
        "indication",
        ("route", "amount", "unit", "frequency"),
        "instructions",
    ]


class DrugSideEffectInline(WorkflowInlineMixin, admin.TabularInline):
    model = DrugSideEffect
    fields = ["order", "side_effect", "frequency", "serious", "note"]
    autocomplete_fields = ["side_effect"]
    extra = 0


class PrecautionInline(MarkdownInline, admin.StackedInline):
    model = Precaution
    fields = [("order", "kind", "topic"), "text"]


class InteractionInline(MarkdownInline, admin.StackedInline):
    model = Interaction
    fk_name = "drug"
    fields = [("order", "name", "interacting_drug", "severity"), "description"]
    autocomplete_fields = ["interacting_drug"]


class FAQInline(MarkdownInline, admin.StackedInline):
    model = FAQ
    fields = ["order", "question", "answer"]
    formfield_overrides = {
        **MARKDOWN_WIDGETS,
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"})},
    }


class FirstLetterFilter(admin.SimpleListFilter):
    title = "first letter"
    parameter_name = "letter"

    def lookups(self, request, model_admin):
        return LETTERS

    def queryset(self, request, queryset):
        if self.value():
            return queryset.starting_with(self.value())
        return queryset


class DrugAdminForm(forms.ModelForm):
    """The drug form, refusing a save made from an older version than the one stored."""

    # The version and latest revision the editor's form was loaded from.
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version
            self.fields["base_revision"].initial = latest_revision_number(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            return cleaned_data
        # Locked until the admin's transaction ends (IMMEDIATE on SQLite), so no other
        # save can slip in between this check and the save.
        stored = Drug.objects.select_for_update().get(pk=self.instance.pk)
        self.stored_version = stored.version
        if cleaned_data.get("base_version") == stored.version:
            return cleaned_data
        self.conflict = {
            "since": cleaned_data.get("base_revision") or 1,
            "latest": stored.monograph.revisions.first(),
        }
        # The form comes back with the editor's text; saving it again is a choice made
        # knowing the other change, so it carries the stored version from now on.
        self.data = self.data.copy()
        self.data["base_version"] = stored.version
        self.data["base_revision"] = latest_revision_number(stored)
        raise forms.ValidationError(
            "Someone else saved this monograph while you were editing, so your changes "
            "were not saved. They are still in the form below: see the note at the top."
        )


def latest_revision_number(drug):
    latest = drug.monograph.revisions.first()
    return latest.number if latest else 0


@admin.register(Drug)
class DrugAdmin(admin.ModelAdmin):
    form = DrugAdminForm
    formfield_overrides = MARKDOWN_WIDGETS
    list_display = ["name", "workflow_state", "last_reviewed_at", "is_combination", "updated_at"]
    list_filter = [
        WorkflowFilter,
        ReviewDueFilter,
        QualityFilter,
        FirstLetterFilter,
        "conditions",
        "updated_at",
    ]
    list_select_related = ["draft"]
    search_fields = ["name", "slug", "generic_name"]
    autocomplete_fields = ["ingredients", "conditions"]
    readonly_fields = [
        "status",
        "review",
        "created_at",
        "updated_at",
        "source_path",
        "imported_at",
    ]
    list_per_page = 50
    show_full_result_count = False
    date_hierarchy = "updated_at"
    save_on_top = True
    actions = ["publish", "unpublish", "sign_off", "link_conditions"]
    inlines = [DosageInline, DrugSideEffectInline, PrecautionInline, InteractionInline, FAQInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    ("status", "review"),
                    "generic_name",
                    "summary",
                    "base_version",
                    "base_revision",
                ]
            },
        ),
        ("Monograph", {"fields": ["usage", "dosage_notes", "side_effect_notes", "mechanism"]}),
        ("Links", {"fields": ["conditions", "ingredients"]}),
        (
            "Other text and provenance",
            {
                "classes": ["collapse"],
                "fields": ["other_notes", "source_path", "imported_at", "created_at", "updated_at"],
            },
        ),
    ]

    # Permissions: Editors change drafts; Reviewers also publish and sign off. A
    # published monograph is read-only: it changes through its working draft.
    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable)

    def has_delete_permission(self, request, obj=None):
        # A working draft is discarded (and audited), not deleted.
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or not obj.is_working_draft)

    def has_publish_permission(self, request):
        return request.user.has_perm("monographs.publish_drug")

    def has_sign_off_permission(self, request):
        return request.user.has_perm("monographs.sign_off_drug")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and (obj.is_working_draft or obj.published_at):
            fields.append("slug")  # a URL visitors may have bookmarked stays put
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        return {} if "slug" in self.get_readonly_fields(request, obj) else {"slug": ["name"]}

    def get_search_results(self, request, queryset, search_term):
        # Used by the change list and by autocompletes: one row per monograph, never a
        # working draft (it is reached from its monograph).
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.without_working_drafts(), may_have_duplicates

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_published else None

    @admin.display(description="state")
    def workflow_state(self, drug):
        state = drug.get_status_display()
        draft = getattr(drug, "draft", None)
        if draft is not None:
            state += f" · draft {draft.get_status_display().lower()}"
        return state

    @admin.display(description="medical review")
    def review(self, drug):
        if not drug.last_reviewed_at:
            return "Not yet signed off"
        return f"{date_format(drug.last_reviewed_at, 'j F Y')} by {drug.last_reviewer_name}"

    @admin.display(boolean=True, description="combination")
    def is_combination(self, drug):
        return drug.is_combination

    # Saving: a revision for every save, after the inlines are saved.
    def save_model(self, request, obj, form, change):
        if change:
            workflow.record_baseline(obj.monograph)
            obj.version = form.stored_version + 1
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        submitting = "_submit" in request.POST
        action = Revision.Action.SUBMITTED if submitting else Revision.Action.SAVED
        workflow.record_revision(form.instance, action, request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST":
            if "_publish" in request.POST and not self.has_publish_permission(request):
                raise PermissionDenied
            obj = self.get_object(request, unquote(object_id)) if object_id else None
            stale = object_id and (obj is None or not obj.is_editable)
            if stale and self.has_change_permission(request):
                return self.not_saved_response(request, obj)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(
            workflow_context(request, obj, self),
            conflict=context["adminform"].form.conflict,
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_add(self, request, obj, post_url_continue=None):
        return self.after_save(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self.after_save(request, obj) or super().response_change(request, obj)

    def after_save(self, request, obj):
        """The workflow step chosen with the save button, if any; its redirect."""
        try:
            if "_submit" in request.POST:
                workflow.submit_for_review(obj, request.user)
                self.message_user(request, f"“{obj}” is saved and submitted for review.")
                return redirect(change_url(obj))
            if "_publish" in request.POST:
                sign_off = "_sign_off" in request.POST
                monograph = workflow.publish(obj, request.user, sign_off=sign_off)
                signed = " and your medical review is signed off" if sign_off else ""
                self.message_user(request, f"“{monograph}” is published{signed}.")
                return redirect(change_url(monograph))
        except workflow.WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect(change_url(obj))
        return None

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
                "audit_entries": monograph.audit_entries.select_related("revision")[:50],
                "can_restore": self.has_change_permission(request),
            },
        )

    def compare_view(self, request, pk):
        monograph = get_object_or_404(Drug.objects.without_working_drafts(), pk=pk)
        if not self.has_view_permission(request, monograph):
            raise PermissionDenied
        numbers = [request.GET.get("from", ""), request.GET.get("to", "")]
        if not all(number.isdigit() for number in numbers):
            raise Http404("Choose two revisions to compare.")
        revisions = {r.number: r for r in monograph.revisions.filter(number__in=numbers)}
        older, newer = (revisions.get(int(number)) for number in numbers)
        if older is None or newer is None:
            raise Http404("No such revision.")
        return TemplateResponse(
            request,
            "admin/monographs/drug/compare.html",
            {
                **self.admin_site.each_context(request),
                "title": f"{monograph}: revision #{older.number} → #{newer.number}",
                "opts": self.opts,
                "original": monograph,
                "older": older,
                "newer": newer,
                "pair": [older, newer],
                "sections": diff_snapshots(older.snapshot, newer.snapshot),
                "can_restore": self.has_change_permission(request),
            },
        )

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
    }

    def step_view(self, request, pk, step):
        """One workflow step from a button on the change page (POST only)."""
        if step not in self.STEPS:
            raise Http404("No such step.")
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        permission, function, done = self.STEPS[step]
        if not getattr(self, permission)(request):
            raise PermissionDenied
        row = get_object_or_404(Drug, pk=pk)
        monograph = row.monograph
        try:
            if step == "return":
                function(row, request.user, request.POST.get("comment", ""))
            else:
                function(row, request.user)
        except workflow.WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect(change_url(row))
        self.message_user(request, f"“{monograph}”: {done}.")
        return redirect(change_url(monograph if step == "discard" else row))

    @admin.action(
        description="Publish the selected monographs (their drafts, where they have one)",
        permissions=["publish"],
    )
    def publish(self, request, queryset):
        published = workflow.publish_many(queryset, request.user)
        self.message_user(request, f"Published {published} monographs.")

    @admin.action(description="Unpublish the selected monographs", permissions=["publish"])
    def unpublish(self, request, queryset):
        drugs = list(queryset.published())
        for drug in drugs:
            workflow.unpublish(drug, request.user)
        self.message_user(request, f"Unpublished {len(drugs)} monographs.")

    @admin.action(
        description="Sign off the medical review of the selected monographs",
        permissions=["sign_off"],
    )
    def sign_off(self, request, queryset):
        drugs = list(queryset.published())
        for drug in drugs:
            workflow.sign_off_review(drug, request.user)
        self.message_user(request, f"Signed off {len(drugs)} published monographs.")

    @admin.action(
        description="Link the selected monographs to the conditions their usage names",
        permissions=["publish"],
    )
    def link_conditions(self, request, queryset):
        with changing(drugs=queryset.values_list("pk", flat=True)):
            added = link_conditions(queryset)
        self.message_user(request, f"Added {added} links to conditions.")

    # Deleting a published monograph changes the side-effect drug counts and pages.
    def delete_queryset(self, request, queryset):
        with changing(drugs=queryset.values_list("pk", flat=True)):
            super().delete_queryset(request, queryset)

    def delete_model(self, request, obj):
        self.delete_queryset(request, Drug.objects.filter(pk=obj.pk))


def change_url(drug):
    return reverse("admin:monographs_drug_change", args=[drug.pk])


def workflow_context(request, obj, model_admin):
    """What the change page's workflow banner and buttons need."""
    if obj is None:
        return {"can_submit": True, "can_publish": model_admin.has_publish_permission(request)}
    draft = getattr(obj, "draft", None) if not obj.is_working_draft else None
    can_change = model_admin.has_change_permission(request)  # as a role, whatever the state
    return {
        "monograph": obj.monograph,
        "working_draft": draft,
        "can_start_draft": can_change and obj.is_published and draft is None,
        "can_submit": can_change and obj.status == Drug.Status.DRAFT,
        "can_publish": model_admin.has_publish_permission(request) and obj.is_editable,
        "can_return": model_admin.has_publish_permission(request)
        and obj.status == Drug.Status.IN_REVIEW,
        "can_unpublish": model_admin.has_publish_permission(request) and obj.is_published,
        "can_sign_off": model_admin.has_sign_off_permission(request) and obj.is_published,
        "can_discard": can_change and obj.is_working_draft,
        "preview_url": reverse("admin:monographs_drug_preview", args=[obj.pk]),
    }


# Form keys that are bookkeeping, not something an editor typed.
BOOKKEEPING = re.compile(
    r"^(csrfmiddlewaretoken|base_version|base_revision|_.*)$"
    r"|-(TOTAL_FORMS|INITIAL_FORMS|MIN_NUM_FORMS|MAX_NUM_FORMS|id|drug|DELETE|order)$"
)


def submitted_text(post):
    """The non-empty values an editor submitted, by form key, for the not-saved page."""
    return [
        (key, value)
        for key in post
        if not BOOKKEEPING.search(key)
        for value in post.getlist(key)
        if value.strip()
    ]


class SideEffectAliasInline(admin.TabularInline):
    model = SideEffectAlias
    extra = 1


@admin.register(SideEffect)
class SideEffectAdmin(admin.ModelAdmin):
    list_display = ["name", "body_system", "is_reviewed", "drug_count"]
    list_filter = ["is_reviewed", "body_system"]
    ordering = ["name"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SideEffectAliasInline]
    list_per_page = 100

    actions = ["merge"]

    @admin.action(description="Merge the selected side effects into one of them…")
    def merge(self, request, queryset):
        """Ask which term to keep, then merge the others into it (see SideEffect.merge_into)."""
        terms = list(queryset.order_by("-is_reviewed", "name"))
        if len(terms) < 2:
            self.message_user(request, "Select at least two side effects to merge.", "warning")
            return None
        target_pk = request.POST.get("target")
        target = next((term for term in terms if str(term.pk) == target_pk), None)
        if "apply" in request.POST and target is not None:
            merged = [term for term in terms if term.pk != target.pk]
            with changing(side_effects=[term.pk for term in terms]):
                for term in merged:
                    term.merge_into(target)
            names = ", ".join(term.name for term in merged)
            self.message_user(request, f"Merged {names} into {target.name}.")
            return None
        return TemplateResponse(
            request,
            "admin/monographs/sideeffect/merge.html",
            {
                **self.admin_site.each_context(request),
                "title": "Merge side effects",
                "terms": terms,
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    # A rename, a new alias or a deletion changes the pages that show the term.
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        term = self.get_object(request, unquote(object_id)) if object_id else None
        with changing(side_effects=[term.pk] if term else []):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_queryset(self, request, queryset):
        with changing(side_effects=queryset.values_list("pk", flat=True)):
            super().delete_queryset(request, queryset)

    def delete_model(self, request, obj):
        self.delete_queryset(request, SideEffect.objects.filter(pk=obj.pk))

    def get_queryset(self, request):
        # distinct: searching by alias joins the aliases, which would multiply the count.
        return super().get_queryset(request).annotate(drug_count=Count("drug_links", distinct=True))

    @admin.display(description="drugs", ordering="drug_count")
    def drug_count(self, side_effect):
        return side_effect.drug_count


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin):
    formfield_overrides = MARKDOWN_WIDGETS
    list_display = ["name", "drug_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(drug_count=Count("drugs"))

    # A condition has no inlines: its own row is all an edit changes.
    def save_model(self, request, obj, form, change):
        with changing(conditions=[obj.pk] if change else []) as condition_change:
            super().save_model(request, obj, form, change)
            condition_change.add_conditions([obj.pk])

    def delete_queryset(self, request, queryset):
        with changing(conditions=queryset.values_list("pk", flat=True)):
            super().delete_queryset(request, queryset)

    def delete_model(self, request, obj):
        self.delete_queryset(request, Condition.objects.filter(pk=obj.pk))

    @admin.display(description="drugs", ordering="drug_count")
    def drug_count(self, condition):
        return condition.drug_count


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail: read-only, for reviewers and superusers."""

    list_display = ["at", "username", "action", "monograph_link", "detail"]
    list_filter = ["action", "at"]
    search_fields = ["username", "monograph_name", "detail"]
    date_hierarchy = "at"
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="monograph", ordering="monograph_name")
    def monograph_link(self, entry):
        return entry.monograph_name
