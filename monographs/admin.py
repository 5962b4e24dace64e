import string

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.template.response import TemplateResponse
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from monographs.importing.writer import link_conditions
from monographs.models import (
    FAQ,
    Condition,
    Dosage,
    Drug,
    DrugSideEffect,
    Interaction,
    Precaution,
    SideEffect,
    SideEffectAlias,
)

MARKDOWN_WIDGETS = {MarkdownxField: {"widget": AdminMarkdownxWidget}}


class MarkdownInline:
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


class DrugSideEffectInline(admin.TabularInline):
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
        return [(letter, letter) for letter in string.ascii_uppercase] + [("0-9", "0–9")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.starting_with(self.value())
        return queryset


class HasSideEffectsFilter(admin.SimpleListFilter):
    title = "side effects"
    parameter_name = "has_side_effects"

    def lookups(self, request, model_admin):
        return [("yes", "Some listed"), ("no", "None listed")]

    def queryset(self, request, queryset):
        links = DrugSideEffect.objects.values("drug_id")
        if self.value() == "yes":
            return queryset.filter(pk__in=links)
        if self.value() == "no":
            return queryset.exclude(pk__in=links)
        return queryset


@admin.register(Drug)
class DrugAdmin(admin.ModelAdmin):
    formfield_overrides = MARKDOWN_WIDGETS
    list_display = ["name", "status", "is_combination", "updated_at", "source_path"]
    list_filter = ["status", FirstLetterFilter, HasSideEffectsFilter, "conditions", "updated_at"]
    search_fields = ["name", "slug", "generic_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["ingredients", "conditions"]
    readonly_fields = ["created_at", "updated_at", "source_path", "imported_at"]
    list_per_page = 50
    show_full_result_count = False
    date_hierarchy = "updated_at"
    save_on_top = True
    actions = ["publish", "unpublish", "link_conditions"]
    inlines = [DosageInline, DrugSideEffectInline, PrecautionInline, InteractionInline, FAQInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "status", "generic_name", "summary"]}),
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

    @admin.display(boolean=True, description="combination")
    def is_combination(self, drug):
        return drug.is_combination

    @admin.action(description="Link the selected monographs to the conditions their usage names")
    def link_conditions(self, request, queryset):
        added = link_conditions(queryset)
        self.message_user(request, f"Added {added} links to conditions.")

    @admin.action(description="Publish the selected monographs")
    def publish(self, request, queryset):
        updated = queryset.publish()
        self.message_user(request, f"Published {updated} monographs.")

    @admin.action(description="Unpublish the selected monographs (back to draft)")
    def unpublish(self, request, queryset):
        updated = queryset.unpublish()
        self.message_user(request, f"Unpublished {updated} monographs.")

    # The side-effect drug counts follow every change of a drug's links or status.
    def save_model(self, request, obj, form, change):
        request.terms_before = set(
            obj.side_effect_links.values_list("side_effect_id", flat=True) if change else []
        )
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        drug = form.instance
        terms = request.terms_before | set(
            drug.side_effect_links.values_list("side_effect_id", flat=True)
        )
        SideEffect.objects.filter(pk__in=terms).refresh_published_drug_counts()

    def delete_queryset(self, request, queryset):
        terms = list(
            DrugSideEffect.objects.filter(drug__in=queryset).values_list(
                "side_effect_id", flat=True
            )
        )
        super().delete_queryset(request, queryset)
        SideEffect.objects.filter(pk__in=terms).refresh_published_drug_counts()

    def delete_model(self, request, obj):
        self.delete_queryset(request, Drug.objects.filter(pk=obj.pk))


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

    @admin.display(description="drugs", ordering="drug_count")
    def drug_count(self, condition):
        return condition.drug_count
