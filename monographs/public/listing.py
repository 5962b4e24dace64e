"""The A–Z listing beyond its FilterSet: what a visitor sees of the filters in use, what
would loosen an empty result, the paginator that keeps large results fast, and the page
numbers every listing accepts."""

from functools import cached_property

from django.core.paginator import Paginator
from django.http import Http404, QueryDict

from monographs.models import DrugSideEffect, SideEffectListing
from monographs.public.drug_names import drug_names
from monographs.text import parse_positive_int

# Far beyond the last page of any listing, and small enough for any SQL OFFSET.
MAX_PAGE = 1_000_000


def page_number(text):
    """The page a ?page= (or the sitemap's ?p=) asks for: 1..MAX_PAGE in ASCII digits,
    else 404. An absent or empty one is the first page."""
    if not text:
        return 1
    number = parse_positive_int(text, MAX_PAGE)
    if number is None:
        raise Http404("No such page.")
    return number


class StrictPageNumbers:
    """For a paginated list view: the page number goes through page_number() first.
    Django's own reading takes int(), which accepts "٣", " 1" and "1_000"."""

    def paginate_queryset(self, queryset, page_size):
        page_number(self.request.GET.get(self.page_kwarg))
        return super().paginate_queryset(queryset, page_size)


# Filters that only qualify another, or order the result: not filters of their own.
QUALIFIERS = {"match", "common_only", "serious_only", "narrower", "sort"}


class CountedPaginator(Paginator):
    """Pages of a list whose length is stored already (Condition.published_drug_count):
    no COUNT, which at 100,000 drugs read 8,000 rows for a large condition."""

    def __init__(self, object_list, per_page, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.stored_count = count

    @cached_property
    def count(self):
        return self.stored_count


class ListingPaginator(Paginator):
    """Pages of a DrugFilter's result (the listing passes its filterset).

    Counting: when side effects ("any of these", perhaps only where common or serious)
    are the only filter in use, the drugs are counted from the side-effect pages' stored
    lines, which take in the narrower terms (SideEffectListingQuerySet.
    published_drug_count), or without them from the links
    (DrugSideEffectQuerySet.published_drug_count): faster than counting drugs.

    Paging: with DENSE or more matches, a page is fetched with the side effects checked
    drug by drug in name order (DrugQuerySet.with_side_effects(per_row=True)), which
    stops after the page: at 20,000 drugs on SQLite, 0.1 ms instead of 9 ms to sort
    every match. Sparse results keep the one subquery, which finds few matches fast.
    """

    DENSE = 2000

    def __init__(self, drugs, per_page, filterset, **kwargs):
        super().__init__(drugs, per_page, **kwargs)
        self.filterset = filterset
        self.criteria = usable_criteria(filterset)

    @cached_property
    def count(self):
        counted = self.count_from_links()
        return super().count if counted is None else counted

    def count_from_links(self):
        """The number of drugs, from the side-effect links, or None where that does not
        apply (other filters in use, "all of these", no side effects)."""
        data = self.criteria
        in_use = {name for name, value in data.items() if value} - QUALIFIERS
        if in_use != {"side_effect"} or data.get("match") == "all":
            return None
        qualifiers = {
            "common_only": bool(data.get("common_only")),
            "serious_only": bool(data.get("serious_only")),
        }
        if data.get("narrower") != "no":
            return SideEffectListing.objects.published_drug_count(data["side_effect"], **qualifiers)
        links = DrugSideEffect.objects.qualified(**qualifiers)
        return links.published_drug_count(data["side_effect"])

    def page(self, number):
        page = super().page(number)
        if self.criteria.get("side_effect") and self.count >= self.DENSE:
            self.filterset.per_row = True
            drugs = self.filterset.filter_queryset(self.filterset.queryset.all())
            page.object_list = drugs[page.start_index() - 1 : page.end_index()]
        return page


def usable_criteria(filterset):
    """The cleaned values of the filters that could be used: a field with an error is
    left out of them (and out of the filtering, the listing not being strict)."""
    if not filterset.is_bound:
        return {}
    filterset.form.is_valid()
    return filterset.form.cleaned_data


def active_filters(filterset):
    """[(description, query string without that filter)] for each filter in use. The
    query strings leave out the values that could not be used."""
    data = usable_criteria(filterset)
    if not data:
        return []
    usable = filterset.data.copy()
    for key in filterset.form.errors:
        usable.pop(key, None)

    def without(key, value=None):
        params = usable.copy()
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
    if data.get("narrower") == "no" and data.get("side_effect"):
        active.append(("Not narrower terms", without("narrower")))
    if data.get("common_only"):
        active.append(("Only where common", without("common_only")))
    if data.get("serious_only"):
        active.append(("Only where serious", without("serious_only")))
    for side_effect in data.get("without") or []:
        active.append((f"Without {side_effect.name}", without("without", side_effect.slug)))
    if data.get("condition"):
        active.append((f"Used for {data['condition'].name}", without("condition")))
    if data.get("kind"):
        kinds = dict(filterset.filters["kind"].extra["choices"])
        active.append((kinds[data["kind"]], without("kind")))
    return active


def loosening(filterset, active):
    """For an empty result: each active filter whose removal would show drugs, with how
    many, most first."""
    suggestions = []
    for description, remaining in active:
        looser = type(filterset)(QueryDict(remaining), queryset=filterset.queryset)
        suggestions.append((description, looser.qs.count(), remaining))
    useful = [suggestion for suggestion in suggestions if suggestion[1]]
    return sorted(useful, key=lambda suggestion: -suggestion[1])


def respellings(filterset, found):
    """For a name search that finds few drugs: [(a drug name the words may be a typo
    of, the query string searching for it instead)], leaving out the drugs found."""
    words = usable_criteria(filterset).get("q")
    if not words:
        return []
    shown = {drug.slug for drug in found}
    suggestions = []
    for match in drug_names().closest(words, limit=3):
        if match.slug in shown or match.is_exact:
            continue
        params = filterset.data.copy()
        params["q"] = match.name
        params.pop("page", None)
        suggestions.append((match.name, params.urlencode()))
    return suggestions
