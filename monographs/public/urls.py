from django.urls import path

from monographs.public import views

app_name = "monographs"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("drugs/", views.DrugListView.as_view(), name="drug-list"),
    path("drugs/<slug:slug>/", views.DrugDetailView.as_view(), name="drug-detail"),
    path("side-effects/", views.SideEffectListView.as_view(), name="side-effect-list"),
    path(
        "side-effects/suggest/",
        views.SideEffectSuggestView.as_view(),
        name="side-effect-suggest",
    ),
    path(
        "side-effects/<slug:slug>/",
        views.SideEffectDetailView.as_view(),
        name="side-effect-detail",
    ),
    path("conditions/", views.ConditionListView.as_view(), name="condition-list"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("conditions/<slug:slug>/", views.ConditionDetailView.as_view(), name="condition-detail"),
]
