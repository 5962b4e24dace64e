"""The public pages. Each cached page names, beside its URL, the generations it depends
on (serving.caching): a change bumps exactly those, through editorial.changes."""

from django.urls import path

from monographs.public import views
from monographs.serving.caching import (
    CONDITIONS,
    LISTINGS,
    SIDE_EFFECTS,
    cached,
    condition_tag,
    drug_tag,
    drug_tags_in_query,
    side_effect_tag,
)

app_name = "monographs"

urlpatterns = [
    path("", cached(views.HomeView, LISTINGS, SIDE_EFFECTS), name="home"),
    # The listing's condition menu names every condition.
    path("drugs/", cached(views.DrugListView, LISTINGS, CONDITIONS), name="drug-list"),
    # Before the drug pages: "suggest" is no drug's slug.
    path("drugs/suggest/", cached(views.DrugSuggestView, LISTINGS), name="drug-suggest"),
    path("drugs/<slug:slug>/", cached(views.DrugDetailView, drug_tag), name="drug-detail"),
    path(
        "side-effects/",
        cached(views.SideEffectListView, SIDE_EFFECTS),
        name="side-effect-list",
    ),
    path(
        "side-effects/suggest/",
        cached(views.SideEffectSuggestView, SIDE_EFFECTS),
        name="side-effect-suggest",
    ),
    path(
        "side-effects/<slug:slug>/",
        cached(views.SideEffectDetailView, side_effect_tag),
        name="side-effect-detail",
    ),
    path("conditions/", cached(views.ConditionListView, CONDITIONS), name="condition-list"),
    path("search/", cached(views.SearchView, LISTINGS, SIDE_EFFECTS), name="search"),
    path(
        "conditions/<slug:slug>/",
        cached(views.ConditionDetailView, condition_tag),
        name="condition-detail",
    ),
    path(
        "interactions/",
        cached(views.InteractionCheckView, query_tags=drug_tags_in_query),
        name="interactions",
    ),
    path(
        "interactions/suggest/",
        cached(views.InteractionDrugSuggestView, LISTINGS),
        name="interaction-suggest",
    ),
    path("compare/", cached(views.CompareView, query_tags=drug_tags_in_query), name="compare"),
    path(
        "compare/suggest/",
        cached(views.CompareDrugSuggestView, LISTINGS),
        name="compare-suggest",
    ),
]
