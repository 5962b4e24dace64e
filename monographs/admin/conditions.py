"""Conditions in the admin, each with the number of drugs linked to it."""

from django.contrib import admin
from django.db.models import Count

from monographs.admin.changelists import StrictChangeListMixin
from monographs.admin.forms import MARKDOWN_WIDGETS, CleanTextForm
from monographs.editorial.changes import changing
from monographs.models import Condition


@admin.register(Condition)
class ConditionAdmin(StrictChangeListMixin, admin.ModelAdmin):
    form = CleanTextForm
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
