from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView, TemplateView, View
from django_filters.views import FilterView

from monographs.models import (
    LETTERS,
    Condition,
    Drug,
    DrugRedirect,
    DrugSideEffect,
    SideEffect,
    SideEffectListing,
)
from monographs.public import interactions, side_by_side
from monographs.public.comparison import compare
from monographs.public.drug_names import FEW_RESULTS, drug_names, names_for_search
from monographs.public.filters import (
    ConditionFilter,
    DrugFilter,
    SideEffectFilter,
    SideEffectLinkFilter,
    with_current_tiers,
)
from monographs.public.listing import (
    CountedPaginator,
    ListingPaginator,
    StrictPageNumbers,
    active_filters,
    loosening,
    page_number,
    respellings,
)
from monographs.public.search import (
    CLOSE_MATCH,
    search_monographs,
    search_side_effects,
    side_effects_spelt_like,
)
from monographs.text import clean_line

SUGGESTIONS = 8
NEARBY_TERMS = 8  # broader and narrower terms on a side-effect page, each


def sees_unreviewed_terms(request):
    """Editors follow an unreviewed term's link to review it; visitors never meet one.
    Only a signed-in request asks who it is: reading a visitor's session would mark
    every public page Vary: Cookie."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.has_perm(
        "monographs.view_sideeffect"
    )


class HomeView(TemplateView):
    template_name = "monographs/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            letters=LETTERS,
            drug_count=Drug.objects.published().count(),
            recent_drugs=Drug.objects.published()
            .recently_changed()
            .only("name", "slug", "published_at", "updated_at")[:8],
            common_side_effects=SideEffect.objects.public()
            .with_published_drug_counts()
            .order_by("-drug_count", "name")[:12],
            **kwargs,
        )


class DrugListView(StrictPageNumbers, FilterView):
    filterset_class = DrugFilter
    template_name = "monographs/drug_list.html"
    context_object_name = "drugs"
    paginate_by = 50
    paginator_class = ListingPaginator
    # A filter that cannot be used is left out with a message; the others still apply.
    strict = False

    def get(self, request, *args, **kwargs):
        # Without JavaScript, "add a side effect" is a text box: resolve the words to the
        # best-matching term and come back with it in the query string.
        for box, param in (("add_side_effect", "side_effect"), ("add_without", "without")):
            words = request.GET.get(box, "").strip()
            if words:
                params = request.GET.copy()
                params.pop(box)
                params.pop("page", None)
                # Only a term the words name with confidence: a guess would filter wrongly.
                matches = search_side_effects(words, limit=1, min_score=CLOSE_MATCH)
                if matches and matches[0].side_effect.slug not in params.getlist(param):
                    params.appendlist(param, matches[0].side_effect.slug)
                elif not matches:
                    params["unknown"] = words[:100]
                return redirect(f"{request.path}?{params.urlencode()}")
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Drug.objects.published().only("name", "slug", "summary").order_by("name")

    def get_paginator(self, queryset, per_page, **kwargs):
        return super().get_paginator(queryset, per_page, filterset=self.filterset, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            letters=LETTERS,
            condition_options=Condition.objects.values_list("slug", "name"),
            **kwargs,
        )
        context["active_filters"] = active_filters(self.filterset)
        context["unknown_side_effect"] = self.request.GET.get("unknown", "")[:100]
        if not context["paginator"].count and context["active_filters"]:
            context["loosening"] = loosening(self.filterset, context["active_filters"])
        if context["paginator"].count < FEW_RESULTS:
            context["did_you_mean"] = respellings(self.filterset, context["drugs"])
        return context


class DrugDetailView(DetailView):
    """A monograph; the address of one removed as a duplicate leads to the one kept."""

    template_name = "monographs/drug_detail.html"
    context_object_name = "drug"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            kept = DrugRedirect.objects.published_target(kwargs["slug"])
            if kept is None:
                raise
            return redirect("monographs:drug-detail", slug=kept, permanent=True)

    def get_object(self, queryset=None):
        try:
            return Drug.objects.published().get_monograph(slug=self.kwargs["slug"])
        except Drug.DoesNotExist:
            raise Http404("No published monograph at this address.") from None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            links_unreviewed_terms=sees_unreviewed_terms(self.request),
            similar=Drug.objects.published().titled_like(self.object).with_distinctions(),
            **kwargs,
        )


class SideEffectListView(StrictPageNumbers, FilterView):
    """A–Z of side effects with drug counts, or, with ?q=, the ones matching the words."""

    filterset_class = SideEffectFilter
    template_name = "monographs/side_effect_list.html"
    context_object_name = "side_effects"
    paginate_by = 200

    def get_queryset(self):
        terms = SideEffect.objects.public().with_published_drug_counts()
        return terms.only("name", "slug").order_by("name")

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()[:100]
        matches = search_side_effects(query, limit=30) if query else None
        spelt_like = side_effects_spelt_like(query) if query and not matches else []
        return super().get_context_data(
            query=query, matches=matches, spelt_like=spelt_like, letters=LETTERS, **kwargs
        )


class DrugSuggestView(View):
    """Drug names for the drug box as a visitor types: JSON, in the side-effect
    suggestions' shape."""

    def get(self, request, *args, **kwargs):
        query = request.GET.get("q", "").strip()[:100]
        matches = (
            drug_names().closest(query, limit=SUGGESTIONS, prefixes=True) if len(query) >= 2 else []
        )
        results = [
            {"name": match.name, "matched": match.matched, "url": match.get_absolute_url()}
            for match in matches
        ]
        return JsonResponse({"query": query, "results": results})


class SideEffectSuggestView(View):
    """Suggestions for the search box as a visitor types: JSON."""

    def get(self, request, *args, **kwargs):
        query = request.GET.get("q", "").strip()[:100]
        matches = search_side_effects(query, limit=SUGGESTIONS) if len(query) >= 2 else []
        return JsonResponse(
            {
                "query": query,
                "results": [
                    {
                        "name": match.side_effect.name,
                        "matched": match.matched,
                        "url": match.side_effect.get_absolute_url(),
                        "drug_count": match.side_effect.drug_count,
                    }
                    for match in matches
                ],
            }
        )


class SideEffectDetailView(StrictPageNumbers, FilterView):
    """The drugs that list one side effect (or a narrower one), most common first."""

    filterset_class = SideEffectLinkFilter
    template_name = "monographs/side_effect_detail.html"
    context_object_name = "lines"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        current = with_current_tiers(request.GET)
        if current is not None:
            return redirect(f"{request.path}?{current.urlencode()}", permanent=True)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        terms = SideEffect.objects.select_related("hpo")
        if not sees_unreviewed_terms(self.request):
            terms = terms.public()
        self.side_effect = get_object_or_404(terms, slug=self.kwargs["slug"])
        self.broader = list(SideEffect.objects.broader_than(self.side_effect)[:NEARBY_TERMS])
        self.narrower = list(SideEffect.objects.narrower_than(self.side_effect)[:NEARBY_TERMS])
        return SideEffectListing.objects.for_page(self.side_effect)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        return {**kwargs, "side_effect": self.side_effect, "has_narrower": bool(self.narrower)}

    def get_paginator(self, queryset, *args, **kwargs):
        paginator = super().get_paginator(queryset, *args, **kwargs)
        form = self.filterset.form
        unfiltered = not form.is_bound or (form.is_valid() and not any(form.cleaned_data.values()))
        if unfiltered and not self.narrower:
            # Unfiltered, the count is the one kept on the term: no count of its links.
            paginator.count = self.side_effect.published_drug_count
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            side_effect=self.side_effect,
            broader=self.broader,
            narrower=self.narrower,
            includes_narrower=self.filterset.includes_narrower,
            aliases=self.side_effect.aliases.values_list("name", flat=True)[:12],
            related=SideEffect.objects.related_to(self.side_effect)[:8],
            **kwargs,
        )
        context["links"] = [line.link for line in context["lines"]]
        return context


class ConditionListView(FilterView):
    filterset_class = ConditionFilter
    template_name = "monographs/condition_list.html"
    context_object_name = "conditions"

    def get_queryset(self):
        return Condition.objects.with_published_drug_counts().order_by("name")


class ConditionDetailView(StrictPageNumbers, ListView):
    """The drugs for a condition, compared side effect by side effect."""

    template_name = "monographs/condition_detail.html"
    context_object_name = "drugs"
    paginate_by = 25
    # Monographs that give no frequencies have no "common" side effects only for want of
    # information: they come after the ones that do.
    SORTS = {
        "name": ("name",),
        "fewest-common": ("without_frequencies", "common_side_effect_count", "name"),
        "fewest": ("side_effect_count", "name"),
    }

    def get_queryset(self):
        self.condition = get_object_or_404(Condition, slug=self.kwargs["slug"])
        self.sort = self.request.GET.get("sort", "name")
        if self.sort not in self.SORTS:
            self.sort = "name"
        drugs = Drug.objects.published().for_condition(self.condition)
        return drugs.compared(self.SORTS[self.sort])

    def get_paginator(self, queryset, per_page, **kwargs):
        return CountedPaginator(queryset, per_page, self.condition.published_drug_count, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            condition=self.condition,
            sort=self.sort,
            frequency_scale=DrugSideEffect.Frequency.plain_choices(),
            **kwargs,
        )
        context["comparison"] = compare(self.condition, list(context["drugs"]))
        return context


class SearchView(TemplateView):
    """Full-text search over monographs, with the side effects that match the words."""

    template_name = "monographs/search.html"
    per_page = 20

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()[:100]
        number = page_number(self.request.GET.get("page"))
        offset = (number - 1) * self.per_page
        results = search_monographs(query, limit=self.per_page, offset=offset)
        if offset and offset >= results.total:
            raise Http404("No such page.")
        page = Paginator(range(results.total), self.per_page).get_page(number)
        side_effects = search_side_effects(query, limit=5, min_score=CLOSE_MATCH)
        named, did_you_mean = [], []
        if query and results.total < FEW_RESULTS:
            named, did_you_mean = names_for_search(query, {hit.drug.slug for hit in results.hits})
        return super().get_context_data(
            query=query,
            results=results,
            page_obj=page,
            side_effects=side_effects,
            named=named,
            did_you_mean=did_you_mean,
            **kwargs,
        )


class ChoosingDrugs:
    """A page of the drugs its query string lists (?drug=warfarin&drug=ibuprofen); without
    JavaScript, "add" names a drug in words and comes back with its slug in the list."""

    list_url = None  # the page's address for a list of slugs

    def get(self, request, *args, **kwargs):
        if "add" in request.GET:
            # Cleaned as a name is: PostgreSQL refuses a NUL in a query.
            words = clean_line(request.GET.get("add", "")[:100])
            asked = interactions.Request.read(request.GET.getlist("drug"))
            drug = interactions.best_match(words) if words else None
            added = drug.slug if drug else Drug.slug_for(words)
            slugs = [*asked.slugs, *asked.left_out]
            return redirect(self.list_url(slugs + [added] if added else slugs))
        response = super().get(request, *args, **kwargs)
        if response.context_data["not_found"]:
            # Near matches change with any drug published: not worth a cache entry.
            add_never_cache_headers(response)
        return response

    def chosen(self, drugs):
        """Each drug, with the address of the list without it."""
        slugs = [drug.slug for drug in drugs]
        return [
            (drug, self.list_url([slug for slug in slugs if slug != drug.slug])) for drug in drugs
        ]


class InteractionCheckView(ChoosingDrugs, TemplateView):
    """What the monographs of the chosen drugs state about each other, pair by pair."""

    template_name = "monographs/interactions.html"
    list_url = staticmethod(interactions.list_url)

    def get_context_data(self, **kwargs):
        asked = interactions.Request.read(self.request.GET.getlist("drug"))
        check = interactions.check(asked.slugs)
        return super().get_context_data(
            asked=asked,
            check=check,
            not_found=check.not_found,
            chosen=self.chosen(check.drugs),
            suggest_query=self.list_url([drug.slug for drug in check.drugs]).partition("?")[2],
            min_drugs=interactions.MIN_DRUGS,
            max_drugs=interactions.MAX_DRUGS,
            can_add=len(check.drugs) < interactions.MAX_DRUGS,
            **kwargs,
        )


class CompareView(ChoosingDrugs, TemplateView):
    """Two drugs side by side: side effects in one table, then uses, adult doses and
    interactions. More than two named: the first two, and a message saying so."""

    template_name = "monographs/compare.html"
    list_url = staticmethod(side_by_side.compare_url)

    def get_context_data(self, **kwargs):
        asked = interactions.Request.read(self.request.GET.getlist("drug"))
        comparison = side_by_side.side_by_side(asked.slugs)
        found = {drug.slug for drug in comparison.drugs}
        missing = [slug for slug in asked.slugs[: side_by_side.DRUGS] if slug not in found]
        return super().get_context_data(
            asked=asked,
            comparison=comparison,
            not_found=interactions.near_matches(missing),
            too_many=[*asked.slugs, *asked.left_out][side_by_side.DRUGS :],
            all_checked_url=interactions.list_url(asked.slugs),
            chosen=self.chosen(comparison.drugs),
            suggest_query=self.list_url([drug.slug for drug in comparison.drugs]).partition("?")[2],
            frequency_scale=DrugSideEffect.Frequency.plain_choices(),
            links_unreviewed_terms=sees_unreviewed_terms(self.request),
            **kwargs,
        )


class InteractionDrugSuggestView(View):
    """Drugs to add to the interaction checker's list as a visitor types: JSON, each with
    the address of the list with it added."""

    list_url = staticmethod(interactions.list_url)

    def get(self, request, *args, **kwargs):
        query = request.GET.get("q", "").strip()[:100]
        asked = interactions.Request.read(request.GET.getlist("drug"))
        limit = SUGGESTIONS + len(asked.slugs)  # the drugs listed already are left out
        matches = interactions.suggestions(query, limit) if len(query) >= 2 else []
        return JsonResponse(
            {
                "query": query,
                "results": [
                    {
                        "name": match.name,
                        "matched": match.matched,
                        "url": self.list_url([*asked.slugs, match.slug]),
                    }
                    for match in matches
                    if match.slug not in asked.slugs
                ][:SUGGESTIONS],
            }
        )


class CompareDrugSuggestView(InteractionDrugSuggestView):
    """Drugs to compare as a visitor types, each with the comparison's address."""

    list_url = staticmethod(side_by_side.compare_url)
