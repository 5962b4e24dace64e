"""The inlines of the drug change page: a monograph's dosages, side effects, precautions,
interactions and FAQs, editable only where the monograph is."""

from django import forms
from django.contrib import admin
from django.db import models

from monographs.admin.forms import MARKDOWN_WIDGETS, CleanTextForm, within_field_limit
from monographs.models import FAQ, Dosage, DrugSideEffect, Interaction, Precaution


class WorkflowInlineMixin:
    """Inlines follow their monograph: a published one changes only through its draft."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (obj is None or obj.is_editable)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_editable)


class InlineRowForm(CleanTextForm):
    """A row of an inline. A new row that holds nothing but the place number
    admin-order.js gave it is still blank: neither checked nor saved, like any untouched
    "Add another" row."""

    def has_changed(self):
        if self.instance.pk is None:
            return any(name != "order" for name in self.changed_data)
        return super().has_changed()


class MarkdownInline(WorkflowInlineMixin):
    form = InlineRowForm
    formfield_overrides = MARKDOWN_WIDGETS
    extra = 0


class DosageInline(MarkdownInline, admin.StackedInline):
    model = Dosage
    fields = [
        ("order", "population", "label"),
        "indication",
        ("route", "amount", "amount_max", "unit", "frequency"),
        "instructions",
    ]


class DrugSideEffectInline(WorkflowInlineMixin, admin.TabularInline):
    model = DrugSideEffect
    form = InlineRowForm
    fields = ["order", "side_effect", "source_text", "frequency", "serious", "note"]
    autocomplete_fields = ["side_effect"]
    extra = 0

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "frequency":
            kwargs["choices"] = DrugSideEffect.Frequency.plain_choices()
        return super().formfield_for_choice_field(db_field, request, **kwargs)


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
        models.TextField: {
            "widget": forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
            "validators": [within_field_limit],
        },
    }
