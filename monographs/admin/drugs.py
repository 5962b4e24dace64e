"""The Drug admin: its options and permissions, the save hooks that record a revision and
take the workflow step chosen with the save button, and the change list's actions. Its own
pages (drafts, preview, history, workflow steps) are in drug_views."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime

from monographs.admin.changelists import StrictChangeListMixin
from monographs.admin.drug_views import (
    DrugWorkflowViewsMixin,
    change_url,
    compare_url,
    workflow_context,
)
from monographs.admin.duplicates import remove_duplicates
from monographs.admin.filters import (
    FirstLetterFilter,
    QualityFilter,
    ReviewDueFilter,
    WorkflowFilter,
)
from monographs.admin.forms import MARKDOWN_WIDGETS, DrugAdminForm
from monographs.admin.inlines import (
    DosageInline,
    DrugSideEffectInline,
    FAQInline,
    InteractionInline,
    PrecautionInline,
)
from monographs.editorial import autosave, workflow
from monographs.editorial.changes import changing
from monographs.importing.linking import link_conditions
from monographs.models import Drug, Revision


@admin.register(Drug)
class DrugAdmin(DrugWorkflowViewsMixin, StrictChangeListMixin, admin.ModelAdmin):
    form = DrugAdminForm
    formfield_overrides = MARKDOWN_WIDGETS
    list_display = ["name", "workflow_state", "last_review", "is_combination", "updated"]
    list_filter = [
        WorkflowFilter,
        ReviewDueFilter,
        QualityFilter,
        FirstLetterFilter,
        "conditions",
        "updated_at",
    ]
    list_select_related = ["draft"]
    search_fields = ["name", "slug", "generic_name", "brand_names"]
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
    actions = ["publish", "unpublish", "sign_off", "link_conditions", remove_duplicates]
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
                    "brand_names",
                    ("drug_class", "availability"),
                    "summary",
                    "base_version",
                    "base_revision",
                ]
            },
        ),
        (
            "Monograph",
            {
                "fields": [
                    "usage",
                    "dosage_notes",
                    "side_effect_notes",
                    "mechanism",
                    "interaction_notes",
                ]
            },
        ),
        # Not collapsed: an editor should meet what the import set aside.
        ("Set aside for editors", {"fields": ["editor_notes"]}),
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
        signed = date_format(drug.last_reviewed_at, "j F Y")
        return f"{signed} by {drug.last_reviewer_name}" if drug.last_reviewer_name else signed

    @admin.display(description="last review", ordering="last_reviewed_at")
    def last_review(self, drug):
        if not drug.last_reviewed_at:
            return "—"
        return date_format(localtime(drug.last_reviewed_at), "j M Y")

    @admin.display(description="updated at", ordering="updated_at")
    def updated(self, drug):
        return date_format(localtime(drug.updated_at), "j M Y, H:i")

    @admin.display(boolean=True, description="combination")
    def is_combination(self, drug):
        return drug.is_combination

    # Saving: a revision for every save, after the inlines are saved.
    def save_model(self, request, obj, form, change):
        if change:
            workflow.record_baseline(obj.monograph)
            obj.version = form.stored_version + 1
            if obj.publish_at and "_publish" not in request.POST:
                # A schedule publishes the version the reviewer saw, not a later one.
                workflow.unschedule(obj, request.user, "the draft was saved after scheduling")
                self.message_user(
                    request,
                    "Saving cancelled the scheduled publishing: schedule it again to "
                    "publish this version.",
                    messages.WARNING,
                )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        submitting = "_submit" in request.POST
        action = Revision.Action.SUBMITTED if submitting else Revision.Action.SAVED
        workflow.record_revision(form.instance, action, request.user)
        autosave.forget(form.instance, request.user)

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
            # A draft is saved, submitted or published; another drug is not its next step.
            show_save_and_add_another=add,
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
                replaced = workflow.import_since_draft(obj)
                monograph = workflow.publish(obj, request.user, sign_off=sign_off)
                signed = " and your medical review is signed off" if sign_off else ""
                self.message_user(request, f"“{monograph}” is published{signed}.")
                if replaced:
                    self.warn_replaced_import(request, monograph, replaced)
                return redirect(change_url(monograph))
        except workflow.WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect(change_url(obj))
        return None

    def warn_replaced_import(self, request, monograph, replaced):
        """Say that publishing a draft replaced a later import's text, with the diff."""
        published = monograph.revisions.first()
        self.message_user(
            request,
            format_html(
                "“{}”: publishing its draft replaced the text imported after the draft was "
                'started (revision #{}, kept in the history). <a href="{}">Compare it with '
                "what is published now</a>.",
                monograph,
                replaced.number,
                compare_url(monograph, replaced.number, published.number),
            ),
            messages.WARNING,
        )

    @admin.action(
        description="Publish the selected monographs (their drafts, where they have one)",
        permissions=["publish"],
    )
    def publish(self, request, queryset):
        drafts = Drug.objects.filter(draft_of__in=queryset.without_working_drafts()).select_related(
            "draft_of", "draft_base"
        )
        replacing = [(draft.draft_of, workflow.import_since_draft(draft)) for draft in drafts]
        published = workflow.publish_many(queryset, request.user)
        self.message_user(request, f"Published {published} monographs.")
        for monograph, replaced in replacing:
            if replaced:
                self.warn_replaced_import(request, monograph, replaced)

    @admin.action(description="Unpublish the selected monographs", permissions=["publish"])
    def unpublish(self, request, queryset):
        drugs = list(queryset.published())
        if drugs and request.POST.get("post") != "yes":
            return self.unpublish_confirmation(
                request, drugs, cancel_url=request.get_full_path(), action="unpublish"
            )
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
