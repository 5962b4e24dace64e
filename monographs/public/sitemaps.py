"""The sitemap: every public page, in sections paginated for sites with 20,000+ drugs.

``/sitemap.xml`` is the index of the sections' pages; each section lists at most
``limit`` URLs per page and reads only the columns its URLs need.
"""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max
from django.http import Http404
from django.urls import reverse

from monographs.models import Condition, Drug, SideEffect
from monographs.public.listing import MAX_PAGE
from monographs.text import parse_positive_int

PAGE_SIZE = 5000


class DrugSitemap(Sitemap):
    limit = PAGE_SIZE

    def items(self):
        return Drug.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, drug):
        return drug.updated_at

    def get_latest_lastmod(self):
        # The default walks every item; one aggregate does it for the index.
        return Drug.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class SideEffectSitemap(Sitemap):
    limit = PAGE_SIZE

    def items(self):
        terms = SideEffect.objects.public().with_published_drug_counts()
        return terms.only("slug").order_by("pk")


class ConditionSitemap(Sitemap):
    limit = PAGE_SIZE

    def items(self):
        return Condition.objects.with_published_drug_counts().only("slug").order_by("pk")


class StaticPageSitemap(Sitemap):
    def items(self):
        return [
            "monographs:home",
            "monographs:drug-list",
            "monographs:side-effect-list",
            "monographs:condition-list",
        ]

    def location(self, url_name):
        return reverse(url_name)


SITEMAPS = {
    "pages": StaticPageSitemap,
    "drugs": DrugSitemap,
    "side-effects": SideEffectSitemap,
    "conditions": ConditionSitemap,
}


def sitemap_section(request, **kwargs):
    """One page of a section: Django's view, once ?p= is a page number in ASCII digits."""
    page = request.GET.get("p")
    if page is not None and parse_positive_int(page, MAX_PAGE) is None:
        raise Http404("No such page.")
    return sitemap_views.sitemap(request, **kwargs)
