"""The side-effect vocabulary in the admin: terms with their aliases, and merging
duplicate terms into one."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import Count
from django.template.response import TemplateResponse

from monographs.admin.changelists import StrictChangeListMixin
from monographs.admin.forms import CleanTextForm
from monographs.editorial.changes import changing
from monographs.models import SideEffect, SideEffectAlias


class SideEffectAliasInline(admin.TabularInline):
    model = SideEffectAlias
    form = CleanTextForm
    extra = 1


@admin.register(SideEffect)
class SideEffectAdmin(StrictChangeListMixin, admin.ModelAdmin):
    form = CleanTextForm
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
