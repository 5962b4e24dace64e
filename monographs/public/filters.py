import django_filters
from django import forms
from django.http import QueryDict

from monographs.models import (
    LETTERS,
    Condition,
    Drug,
    DrugSideEffect,
    SideEffect,
    name_starts_with,
)


class SideEffectSlugsFilter(django_filters.ModelMultipleChoiceFilter):
    """Side effects by slug (`?side_effect=headache&side_effect=nausea`), applied by the
    FilterSet as a whole because "any or all", "only common" and "only serious" qualify it."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=SideEffect.objects.all(),
            to_field_name="slug",
            method="filter_nothing",
            widget=forms.MultipleHiddenInput,
            **kwargs,
        )


class DrugFilter(django_filters.FilterSet):
    """The public A–Z listing. Every state is a query string that can be shared."""

    q = django_filters.CharFilter(
        label="Name", method="filter_name", widget=forms.TextInput(attrs={"type": "search"})
    )
    letter = django_filters.ChoiceFilter(
        label="First letter", choices=LETTERS, method="filter_letter", empty_label="Any letter"
    )
    side_effect = SideEffectSlugsFilter(label="Side effects")
    match = django_filters.ChoiceFilter(
        label="Drugs that list",
        choices=[("any", "any of these side effects"), ("all", "all of these side effects")],
        method="filter_nothing",
        empty_label=None,
        widget=forms.RadioSelect,
    )
    common_only = django_filters.BooleanFilter(
        label="only where common (more than 1 in 10)",
        method="filter_nothing",
        widget=forms.CheckboxInput,
    )
    serious_only = django_filters.BooleanFilter(
        label="only where serious", method="filter_nothing", widget=forms.CheckboxInput
    )
    without = SideEffectSlugsFilter(label="Without side effects")
    condition = django_filters.ModelChoiceFilter(
        label="Used for",
        queryset=Condition.objects.all(),
        to_field_name="slug",
        method="filter_condition",
        empty_label="Any condition",
    )
    kind = django_filters.ChoiceFilter(
        label="Ingredients",
        choices=[("single", "Single ingredient"), ("combination", "Combination products")],
        method="filter_kind",
        empty_label="Single or combination",
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=[("name", "Name (A–Z)"), ("updated", "Recently updated")],
        method="filter_sort",
        empty_label=None,
    )

    class Meta:
        model = Drug
        fields = []

    def filter_queryset(self, queryset, per_row=False):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        if data.get("side_effect"):
            queryset = queryset.with_side_effects(
                data["side_effect"],
                match_all=data.get("match") == "all",
                common_only=bool(data.get("common_only")),
                serious_only=bool(data.get("serious_only")),
                per_row=per_row,
            )
        if data.get("without"):
            queryset = queryset.without_side_effects(data["without"])
        return queryset

    def count_from_links(self):
        """When the side effects ("any of these") and how common or serious they are
        are the only filters in use: the number of drugs in the result, counted from the
        links, faster than counting the drugs (DrugSideEffectQuerySet.published_drug_count).
        Otherwise None."""
        if not self.is_bound or not self.form.is_valid():
            return None
        data = self.form.cleaned_data
        in_use = {name for name, value in data.items() if value} - {"match", "sort"}
        if not data.get("side_effect") or data.get("match") == "all":
            return None
        if in_use - {"side_effect", "common_only", "serious_only"}:
            return None
        links = DrugSideEffect.objects.qualified(
            common_only=bool(data.get("common_only")), serious_only=bool(data.get("serious_only"))
        )
        return links.published_drug_count(data["side_effect"])

    def page_queryset(self):
        """The same drugs, side effects checked drug by drug (see with_side_effects):
        for fetching one page when most drugs match."""
        return self.filter_queryset(self.queryset.all(), per_row=True)

    def filter_nothing(self, queryset, name, value):
        return queryset  # applied together in filter_queryset

    def filter_name(self, queryset, name, value):
        return queryset.matching_name(value.strip()[:100])

    def filter_letter(self, queryset, name, value):
        return queryset.starting_with(value)

    def filter_condition(self, queryset, name, value):
        return queryset.for_condition(value)

    def filter_sort(self, queryset, name, value):
        return queryset.order_by("-updated_at", "name") if value == "updated" else queryset

    def filter_kind(self, queryset, name, value):
        return queryset.combinations() if value == "combination" else queryset.single_ingredient()

    def active_filters(self):
        """[(description, query string without that filter)] for each filter in use."""
        if not self.is_bound or not self.form.is_valid():
            return []
        data = self.form.cleaned_data

        def without(key, value=None):
            params = self.data.copy()
            if value is None:
                params.pop(key, None)
            else:
                params.setlist(key, [v for v in params.getlist(key) if v != value])
            params.pop("page", None)
            return params.urlencode()

        active = []
        if data.get("q"):
            active.append((f"Name contains “{data['q']}”", without("q")))
        if data.get("letter"):
            active.append((f"Starts with {data['letter']}", without("letter")))
        for side_effect in data.get("side_effect") or []:
            active.append((f"Lists {side_effect.name}", without("side_effect", side_effect.slug)))
        if data.get("match") == "all" and len(data.get("side_effect") or []) > 1:
            active.append(("Lists all of them", without("match")))
        if data.get("common_only"):
            active.append(("Only where common", without("common_only")))
        if data.get("serious_only"):
            active.append(("Only where serious", without("serious_only")))
        for side_effect in data.get("without") or []:
            active.append((f"Without {side_effect.name}", without("without", side_effect.slug)))
        if data.get("condition"):
            active.append((f"Used for {data['condition'].name}", without("condition")))
        if data.get("kind"):
            active.append(
                (dict(self.filters["kind"].extra["choices"])[data["kind"]], without("kind"))
            )
        return active

    def loosening(self):
        """For an empty result: each active filter whose removal would show drugs, with
        how many, most first."""
        suggestions = []
        for description, remaining in self.active_filters():
            data = QueryDict(remaining)
            count = type(self)(data, queryset=self.queryset).qs.count()
            suggestions.append((description, count, remaining))
        useful = [suggestion for suggestion in suggestions if suggestion[1]]
        return sorted(useful, key=lambda suggestion: -suggestion[1])


class SideEffectFilter(django_filters.FilterSet):
    """The side-effect A–Z: by body system and first letter."""

    body_system = django_filters.ChoiceFilter(
        label="Body system", choices=SideEffect.BodySystem.choices, empty_label="All body systems"
    )
    letter = django_filters.ChoiceFilter(
        label="First letter", choices=LETTERS, method="filter_letter", empty_label="Any letter"
    )

    class Meta:
        model = SideEffect
        fields = []

    def filter_letter(self, queryset, name, value):
        return queryset.filter(name_starts_with(value))


class SideEffectLinkFilter(django_filters.FilterSet):
    """The drugs on a side effect's page: by how common, only serious, first letter."""

    frequency = django_filters.ChoiceFilter(
        label="How common",
        choices=DrugSideEffect.Frequency.choices,
        empty_label="Any frequency",
    )
    serious = django_filters.BooleanFilter(
        label="Only where serious", method="filter_serious", widget=forms.CheckboxInput
    )
    letter = django_filters.ChoiceFilter(
        label="Drug name starts with",
        choices=LETTERS,
        method="filter_letter",
        empty_label="Any letter",
    )

    class Meta:
        model = DrugSideEffect
        fields = []

    def filter_serious(self, queryset, name, value):
        return queryset.filter(serious=True) if value else queryset

    def filter_letter(self, queryset, name, value):
        return queryset.filter(name_starts_with(value, field="drug__name"))
