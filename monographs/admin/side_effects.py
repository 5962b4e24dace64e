"""The side-effect vocabulary in the admin: terms with their aliases, merging duplicate
terms into one, undoing a merge from its entry in the audit trail, and the vocabulary
review page (admin/vocabulary_review.py)."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from monographs.admin.changelists import StrictChangeListMixin
from monographs.admin.forms import CleanTextForm
from monographs.admin.vocabulary_review import VocabularyReviewMixin, can_review
from monographs.editorial import merging
from monographs.editorial.changes import changing
from monographs.models import AuditEntry, Drug, DrugSideEffect, SideEffect, SideEffectAlias


class SideEffectAliasInline(admin.TabularInline):
    model = SideEffectAlias
    form = CleanTextForm
    extra = 1


@admin.register(SideEffect)
class SideEffectAdmin(VocabularyReviewMixin, StrictChangeListMixin, admin.ModelAdmin):
    form = CleanTextForm
    list_display = ["name", "body_system", "is_reviewed", "drug_count"]
    list_filter = ["is_reviewed", "body_system"]
    ordering = ["name"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    # An id typed in a box: a list of HPO's 19,000 terms would be no help.
    raw_id_fields = ["hpo"]
    inlines = [SideEffectAliasInline]
    list_per_page = 100

    actions = ["merge"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "hpo":
            field.error_messages["invalid_choice"] = (
                "Not a current HPO id: HP: and seven digits, for example HP:0002315, of a "
                "term that is not obsolete."
            )
        return field

    def has_merge_permission(self, request):
        return request.user.has_perm("monographs.merge_sideeffect")

    @admin.action(
        description="Merge the selected side effects into one of them…", permissions=["merge"]
    )
    def merge(self, request, queryset):
        """Ask which term to keep, then merge the others into it (see editorial.merging)."""
        terms = list(queryset.order_by("-is_reviewed", "name"))
        if len(terms) < 2:
            self.message_user(request, "Select at least two side effects to merge.", "warning")
            return None
        target_pk = request.POST.get("target")
        target = next((term for term in terms if str(term.pk) == target_pk), None)
        if "apply" in request.POST and target is not None:
            try:
                entry = merging.merge(terms, target, request.user)
            except merging.MergeError as error:
                self.message_user(request, str(error), messages.ERROR)
                return None
            names = ", ".join(term.name for term in terms if term.pk != target.pk)
            self.message_user(
                request,
                format_html(
                    'Merged {} into {}. <a href="{}">Undo this merge</a> (also from the audit '
                    "trail).",
                    names,
                    target.name,
                    undo_merge_url(entry),
                ),
            )
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

    def get_urls(self):
        undo = self.admin_site.admin_view(self.undo_merge_view)
        return [
            path("merges/<int:entry_id>/undo/", undo, name="monographs_sideeffect_undo_merge"),
            *self.review_urls(),
            *super().get_urls(),
        ]

    def undo_merge_view(self, request, entry_id):
        """What a merge did, term by term and link by link; on POST, undo it."""
        if not self.has_merge_permission(request):
            raise PermissionDenied
        entry = get_object_or_404(AuditEntry, pk=entry_id, action=AuditEntry.Action.MERGED)
        problem = merging.why_not_undoable(entry)
        if request.method == "POST" and not problem:
            try:
                undone, warnings = merging.undo_merge(entry, request.user)
            except merging.MergeError as error:
                self.message_user(request, str(error), messages.ERROR)
                return redirect(request.path)
            self.message_user(request, f"{undone.detail}.")
            for warning in warnings:
                self.message_user(request, warning, messages.WARNING)
            return redirect("admin:monographs_sideeffect_changelist")
        return TemplateResponse(
            request,
            "admin/monographs/sideeffect/undo_merge.html",
            {
                **self.admin_site.each_context(request),
                "title": "Undo a merge of side effects",
                "opts": self.model._meta,
                "entry": entry,
                "target": entry.undo_data["target"],
                "terms": merged_terms_for_display(entry.undo_data["merged"]),
                "problem": problem,
            },
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {"may_review": can_review(request.user), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

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


def undo_merge_url(entry):
    return reverse("admin:monographs_sideeffect_undo_merge", args=[entry.pk])


def merged_terms_for_display(records):
    """The merge's records with each link's drug name and tier in words."""
    drug_ids = {link["drug_id"] for record in records for link in record["links"]}
    drug_names = {
        pk: f"{name} (working draft)" if draft_of else name
        for pk, name, draft_of in Drug.objects.filter(pk__in=drug_ids).values_list(
            "pk", "name", "draft_of"
        )
    }
    tiers = dict(DrugSideEffect.Frequency.choices)
    return [
        {
            **record,
            "links": [
                {
                    **link,
                    "drug_name": drug_names.get(link["drug_id"], "a deleted monograph"),
                    "tier": tiers.get(link["frequency"], ""),
                    "combined_tier": link["combined_with"]
                    and tiers.get(link["combined_with"]["frequency"], ""),
                }
                for link in record["links"]
            ],
        }
        for record in records
    ]
