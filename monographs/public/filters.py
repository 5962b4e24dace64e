import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.text import slugify
from django_filters.fields import ChoiceField

from monographs.models import (
    LETTERS,
    Condition,
    Drug,
    DrugSideEffect,
    SideEffect,
    SideEffectListing,
    name_starts_with,
)

Frequency = DrugSideEffect.Frequency

# "Include narrower terms" is the default, so it is the empty value: an old URL, or one
# without the parameter, includes them; ?narrower=no asks for the terms themselves only.
NARROWER_CHOICES = [("", "include narrower terms"), ("no", "only the terms themselves")]


class SideEffectSlugsFilter(django_filters.ModelMultipleChoiceFilter):
    """Side effects by slug (`?side_effect=headache&side_effect=nausea`), of the terms a
    visitor may see: the name of a term only a draft lists is shown nowhere."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=SideEffect.objects.public(),
            to_field_name="slug",
            widget=forms.MultipleHiddenInput,
            **kwargs,
        )


class LetterField(ChoiceField):
    """A first letter of LETTERS in either case: ?letter=m is M."""

    default_error_messages = {"invalid_choice": "“%(value)s” is not one of A–Z or 0–9."}

    def to_python(self, value):
        return super().to_python(value).strip().upper()

    def validate(self, value):
        if value and not self.valid_value(value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value[:10]},  # a long junk value is not repeated whole
            )
        super().validate(value)


class LetterFilter(django_filters.ChoiceFilter):
    field_class = LetterField

    def __init__(self, label="First letter", **kwargs):
        super().__init__(
            label=label, choices=LETTERS, method="filter_letter", empty_label="Any letter", **kwargs
        )


class DefaultFirstRadioSelect(forms.RadioSelect):
    """Radio buttons whose first choice shows as chosen when the query string has none,
    as the filter then behaves: a group with no button checked says nothing."""

    def format_value(self, value):
        return [v for v in super().format_value(value) if v] or [str(self.choices[0][0])]


class SideEffectQualifiersForm(forms.Form):
    """How the listing's side effects apply: fields of the form, not filters, because
    they qualify the side-effect filter rather than filter on their own."""

    match = forms.ChoiceField(
        label="Drugs that list",
        choices=[("any", "any of these side effects"), ("all", "all of these side effects")],
        required=False,
        widget=DefaultFirstRadioSelect,
    )
    common_only = forms.BooleanField(
        label="only where common (1 in 100 people or more)", required=False
    )
    serious_only = forms.BooleanField(label="only where serious", required=False)
    narrower = forms.ChoiceField(
        label="Narrower terms",
        choices=NARROWER_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )


class DrugFilter(django_filters.FilterSet):
    """The public A–Z listing. Every state is a query string that can be shared."""

    q = django_filters.CharFilter(
        label="Name", method="filter_name", widget=forms.TextInput(attrs={"type": "search"})
    )
    letter = LetterFilter()
    side_effect = SideEffectSlugsFilter(label="Side effects", method="filter_side_effects")
    without = SideEffectSlugsFilter(label="Without side effects", method="filter_without")
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
        # Short: a long label is cut off in a narrow select ("Single or combinatior").
        empty_label="Any",
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
        form = SideEffectQualifiersForm

    # Set by listing.ListingPaginator to fetch a page of a dense result (see there).
    per_row = False

    def filter_queryset(self, queryset):
        # Only filters filter: the qualifiers' fields are read by filter_side_effects.
        for name, value in self.form.cleaned_data.items():
            if name in self.filters:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    # A multiple choice left empty cleans to an empty QuerySet, which django-filter's
    # method filters do not skip.
    def filter_side_effects(self, queryset, name, value):
        if not value:
            return queryset
        data = self.form.cleaned_data
        return queryset.with_side_effects(
            value,
            match_all=data.get("match") == "all",
            common_only=bool(data.get("common_only")),
            serious_only=bool(data.get("serious_only")),
            per_row=self.per_row,
            narrower=data.get("narrower") != "no",
        )

    def filter_without(self, queryset, name, value):
        return queryset.without_side_effects(value) if value else queryset

    def filter_name(self, queryset, name, value):
        return queryset.matching_name(value.strip()[:100])

    def filter_letter(self, queryset, name, value):
        return queryset.starting_with(value)

    def filter_condition(self, queryset, name, value):
        return queryset.for_condition(value)

    def filter_sort(self, queryset, name, value):
        return queryset.recently_changed() if value == "updated" else queryset

    def filter_kind(self, queryset, name, value):
        return queryset.combinations() if value == "combination" else queryset.single_ingredient()


class SideEffectFilter(django_filters.FilterSet):
    """The side-effect A–Z: by body system and first letter."""

    body_system = django_filters.ChoiceFilter(
        label="Body system", choices=SideEffect.BodySystem.choices, empty_label="All body systems"
    )
    letter = LetterFilter()

    class Meta:
        model = SideEffect
        fields = []

    def filter_letter(self, queryset, name, value):
        return queryset.filter(name_starts_with(value))


class ConditionFilter(django_filters.FilterSet):
    """The conditions page: by words in the name (`?q=arthritis`)."""

    q = django_filters.CharFilter(
        label="Filter conditions",
        method="filter_name",
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    class Meta:
        model = Condition
        fields = []

    def filter_name(self, queryset, name, value):
        return queryset.filter(name__icontains=value.strip()[:100])


# The tiers in a side-effect page's URL, by name: "?tier=very-common&tier=common".
TIER_SLUGS = {slugify(tier.label): tier for tier in Frequency}
# The side-effect page's filter before the CIOMS scale: ?frequency=1 (Common), 2 (Less
# common), 3 (Rare), 4 (Frequency not stated), and the tiers of the scale each now means.
# Migration 0016 made old common links common and old rare ones rare; a re-import finds
# the very common and very rare among them, so "Common" is both, "Rare" both.
OLD_FREQUENCIES = {
    "1": [Frequency.VERY_COMMON, Frequency.COMMON],
    "2": [Frequency.UNCOMMON],
    "3": [Frequency.RARE, Frequency.VERY_RARE],
    "4": [Frequency.NOT_KNOWN],
}


def with_current_tiers(params):
    """A side-effect page's query with an old ?frequency= as the ?tier= of the same
    meaning, or None when it has no old one (a bookmarked URL keeps its meaning)."""
    old = params.get("frequency", "").strip()
    if old not in OLD_FREQUENCIES:
        return None
    params = params.copy()
    params.pop("frequency")
    params.pop("page", None)
    slugs = {tier: slug for slug, tier in TIER_SLUGS.items()}
    params.setlist("tier", [slugs[tier] for tier in OLD_FREQUENCIES[old]])
    return params


class SideEffectLinkFilter(django_filters.FilterSet):
    """The drugs on a side effect's page: by how common, only serious, first letter, and,
    for a term that has narrower terms, whether the drugs listing those count too.

    The view passes the term's lines (SideEffectListing.objects.for_page): its own
    links and, when it has narrower terms (has_narrower), theirs; a page of several
    terms shows each drug once, through its most telling link among those filtered."""

    narrower = django_filters.ChoiceFilter(
        label="Drugs that list",
        choices=[("", "this side effect or a narrower one"), ("no", "this side effect only")],
        widget=forms.RadioSelect,
        method="filter_narrower",
        empty_label=None,
    )

    tier = django_filters.MultipleChoiceFilter(
        label="How common",
        choices=[(slug, tier.in_plain_words) for slug, tier in TIER_SLUGS.items()],
        widget=forms.CheckboxSelectMultiple,
        method="filter_tier",
    )
    serious = django_filters.BooleanFilter(
        label="Only where serious", method="filter_serious", widget=forms.CheckboxInput
    )
    letter = LetterFilter(label="Drug name starts with")

    class Meta:
        model = SideEffectListing
        fields = []

    def __init__(self, data=None, *args, side_effect=None, has_narrower=False, **kwargs):
        # Always bound, also without parameters: an unbound FilterSet skips
        # filter_queryset, where a page of several terms keeps each drug once.
        super().__init__(QueryDict() if data is None else data, *args, **kwargs)
        self.side_effect = side_effect
        if not has_narrower:
            del self.filters["narrower"]

    @property
    def includes_narrower(self):
        if "narrower" not in self.filters:
            return False
        return self.form.is_valid() and self.form.cleaned_data.get("narrower") != "no"

    def filter_queryset(self, queryset):
        lines = super().filter_queryset(queryset)
        if not self.includes_narrower:
            return lines  # one line per drug: the term's own link
        # A drug's stored most telling line (of all, or of the serious ones) stays so when
        # the filters keep whole drugs (a letter) or the most common tiers, not others.
        tiers = sorted(TIER_SLUGS[slug] for slug in self.form.cleaned_data.get("tier") or ())
        if tiers != list(range(Frequency.VERY_COMMON, len(tiers) + 1)):
            return lines.one_per_drug_of_these()
        if self.form.cleaned_data.get("serious"):
            return lines.one_per_drug_where_serious()
        return lines.one_per_drug()

    def filter_narrower(self, queryset, name, value):
        return queryset.own() if value == "no" else queryset

    def filter_tier(self, queryset, name, value):
        tiers = [TIER_SLUGS[slug] for slug in value]
        return queryset.filter(frequency__in=tiers) if tiers else queryset

    def filter_serious(self, queryset, name, value):
        return queryset.filter(serious=True) if value else queryset

    def filter_letter(self, queryset, name, value):
        return queryset.filter(name_starts_with(value, field="drug_name"))
