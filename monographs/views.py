from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from monographs.filters import LETTERS, DrugFilter
from monographs.models import Drug, DrugSideEffect, SideEffect


class HomeView(TemplateView):
    template_name = "monographs/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            letters=LETTERS,
            drug_count=Drug.objects.published().count(),
            recent_drugs=Drug.objects.published().order_by("-updated_at")[:8],
            common_side_effects=SideEffect.objects.with_published_drug_counts().order_by(
                "-drug_count", "name"
            )[:12],
            **kwargs,
        )


class DrugListView(FilterView):
    filterset_class = DrugFilter
    template_name = "monographs/drug_list.html"
    context_object_name = "drugs"
    paginate_by = 50

    def get_queryset(self):
        return Drug.objects.published().only("name", "slug", "summary").order_by("name")

    def get_context_data(self, **kwargs):
        return super().get_context_data(letters=LETTERS, **kwargs)


class DrugDetailView(DetailView):
    template_name = "monographs/drug_detail.html"
    context_object_name = "drug"

    def get_queryset(self):
        return Drug.objects.published().with_monograph()


class SideEffectListView(ListView):
    template_name = "monographs/side_effect_list.html"
    context_object_name = "side_effects"
    paginate_by = 200

    def get_queryset(self):
        return SideEffect.objects.with_published_drug_counts().only("name", "slug").order_by("name")


class SideEffectDetailView(ListView):
    """The drugs that list one side effect, most common first."""

    template_name = "monographs/side_effect_detail.html"
    context_object_name = "links"
    paginate_by = 100

    def get_queryset(self):
        self.side_effect = get_object_or_404(SideEffect, slug=self.kwargs["slug"])
        return DrugSideEffect.objects.for_side_effect_page(self.side_effect)

    def get_context_data(self, **kwargs):
        return super().get_context_data(side_effect=self.side_effect, **kwargs)
