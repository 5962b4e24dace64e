"""The admin's forms: the Markdown widgets, text stored without invisible characters, the
drug form that refuses a stale save or a second monograph's name, and the editor's text
read back out of a POST for the not-saved page."""

import re

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from markdownx.models import MarkdownxField
from markdownx.widgets import AdminMarkdownxWidget

from monographs.limits import MAX_FIELD_CHARACTERS
from monographs.models import Drug
from monographs.text import clean_line, without_invisible


def within_field_limit(text):
    """Refuse a text longer than one field may hold (the import refuses the same)."""
    if len(text) > MAX_FIELD_CHARACTERS:
        raise ValidationError(
            f"This text is {len(text):,} characters long, and one field may hold "
            f"{MAX_FIELD_CHARACTERS:,}. Shorten it, or move part of it to another field; "
            "your text is still here.",
            code="max_length",
        )


# No max_length on the form field: a browser would cut a longer paste short without a
# word, where the validator refuses it and gives the editor's text back whole.
MARKDOWN_WIDGETS = {
    MarkdownxField: {"widget": AdminMarkdownxWidget, "validators": [within_field_limit]}
}


class CleanTextMixin:
    """For a model form: single-line text (names, titles, labels) is saved as
    text.clean_line leaves it, so that a name with zero-width characters in it is saved
    without them; longer text (Markdown) keeps its lines but loses them too."""

    def clean(self):
        cleaned_data = super().clean()
        for name, value in list(cleaned_data.items()):
            cleaner = self.text_cleaner(name)
            cleaned = cleaner(value) if cleaner and isinstance(value, str) else value
            if cleaned == value:
                continue
            try:
                # Again through the form field: what is left may be empty, or (NFKC makes
                # "ﬃ" three letters) too long.
                cleaned_data[name] = self.fields[name].clean(cleaned)
            except ValidationError as error:
                self.add_error(name, error)
        return cleaned_data

    def text_cleaner(self, name):
        try:
            field = self._meta.model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if isinstance(field, models.TextField):
            return without_invisible
        if isinstance(field, models.CharField) and not field.choices:
            return None if isinstance(field, models.SlugField) else clean_line
        return None


class CleanTextForm(CleanTextMixin, forms.ModelForm):
    """The admin's model form for everything but the drug form."""


class DrugAdminForm(CleanTextMixin, forms.ModelForm):
    """The drug form, refusing a save made from an older version than the one stored, and
    a name another monograph has."""

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
        if "name" in self.changed_data and cleaned_data.get("name"):
            self.refuse_a_second_monographs_name(cleaned_data["name"])
        if cleaned_data.get("ingredients"):
            self.refuse_ingredients_no_combination_has(cleaned_data)
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

    def refuse_a_second_monographs_name(self, name):
        """Names compare as text.clean_line leaves them (the name is cleaned already), so a
        look-alike of another monograph's name is refused like the name itself."""
        others = Drug.objects.without_working_drafts().filter(name__iexact=name)
        if self.instance.pk is not None:
            others = others.exclude(pk=self.instance.monograph.pk)
        other = others.only("name", "slug").first()
        if other is not None:
            self.add_error(
                "name",
                f"Another monograph is named “{other.name}” (/drugs/{other.slug}/). "
                "Give this one a name that tells them apart.",
            )

    def refuse_ingredients_no_combination_has(self, cleaned_data):
        """A combination product ("A + B") has ingredients, each a single-ingredient
        monograph; the drug page fetches only that side (DrugQuerySet.get_monograph)."""
        name = cleaned_data.get("name") or self.instance.name
        ingredients = cleaned_data["ingredients"]
        if not Drug(name=name).is_combination:
            self.add_error(
                "ingredients",
                "Only a combination product has ingredients: its name joins them with “+” "
                "(“Amlodipine + Valsartan”).",
            )
        if combined := [drug.name for drug in ingredients if drug.is_combination]:
            self.add_error(
                "ingredients",
                "An ingredient is a single-ingredient monograph, not a combination product: "
                f"{', '.join(combined)}.",
            )


def latest_revision_number(drug):
    latest = drug.monograph.revisions.first()
    return latest.number if latest else 0


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
