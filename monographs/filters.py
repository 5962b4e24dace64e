import string

import django_filters
from django import forms

from monographs.models import Drug, SideEffect

LETTERS = [(letter, letter) for letter in string.ascii_uppercase] + [("0-9", "0–9")]


class DrugFilter(django_filters.FilterSet):
    """The public A–Z listing: search by name, first letter, side effect."""

    q = django_filters.CharFilter(
        label="Name", method="filter_name", widget=forms.TextInput(attrs={"type": "search"})
    )
    letter = django_filters.ChoiceFilter(
        label="First letter", choices=LETTERS, method="filter_letter", empty_label="Any letter"
    )
    side_effect = django_filters.ModelChoiceFilter(
        label="Side effect",
        queryset=SideEffect.objects.all(),
        to_field_name="slug",
        method="filter_side_effect",
        empty_label="Any side effect",
    )

    class Meta:
        model = Drug
        fields = []

    def filter_name(self, queryset, name, value):
        return queryset.matching_name(value.strip()[:100])

    def filter_letter(self, queryset, name, value):
        return queryset.starting_with(value)

    def filter_side_effect(self, queryset, name, value):
        return queryset.with_side_effect(value)
