"""/api/v1/side-effects/: the lay-word search of the public page, and each term with its
codes, its broader and narrower terms and its drugs."""

from typing import Literal

from django.core.paginator import Paginator
from ninja import Query, Router, Schema
from pydantic import Field

from monographs.api import schemas
from monographs.api.drugs import codes, link_to, tier_fields
from monographs.api.errors import not_found
from monographs.api.filtering import filtered
from monographs.api.paging import PageNumber, PageSize, page_of
from monographs.models import SideEffect, SideEffectListing
from monographs.public.filters import TIER_SLUGS, SideEffectLinkFilter
from monographs.public.search import MAX_QUERY_LENGTH, search_side_effects
from monographs.public.views import NEARBY_TERMS

router = Router(tags=["side effects"])

SEARCH_RESULTS = 30  # as many as the public page shows


@router.get(
    "/",
    response={200: schemas.SideEffectSearch, 400: schemas.Error},
    url_name="side-effect-search",
    summary="Side effects by the words people use (“throwing up”, “dizzyness”)",
)
def side_effect_search(
    request,
    q: str = Query(..., min_length=1, max_length=MAX_QUERY_LENGTH, description="The words."),
):
    matches = search_side_effects(q.strip(), limit=SEARCH_RESULTS)
    results = [
        {
            "name": match.side_effect.name,
            "slug": match.side_effect.slug,
            "matched": match.matched,
            "score": round(match.score, 4),
            "drug_count": match.side_effect.drug_count,
            "url": match.side_effect.get_absolute_url(),
        }
        for match in matches
    ]
    return {"query": q.strip(), "results": results}


class DrugFilters(Schema):
    """The side-effect page's filters (public.filters.SideEffectLinkFilter)."""

    tier: list[Literal[tuple(TIER_SLUGS)]] = Field([], description="How common (repeat for more).")
    serious: bool | None = Field(None, description="true: only where serious.")
    letter: str | None = Field(None, description="Drug name's first letter, A–Z or 0-9.")
    narrower: Literal["", "no"] | None = Field(
        None, description="no: drugs that list this term itself, not a narrower one."
    )


@router.get(
    "/{slug:slug}/",
    response={200: schemas.SideEffectDetail, 400: schemas.Error, 404: schemas.Error},
    url_name="side-effect-detail",
    summary="A side effect: codes, broader and narrower terms, its drugs by tier",
)
def side_effect_detail(
    request, slug: str, filters: Query[DrugFilters], page: PageNumber = 1, page_size: PageSize = 50
):
    term = SideEffect.objects.public().filter(slug=slug).first()
    if term is None:
        raise not_found("side effect", slug)
    broader = list(SideEffect.objects.broader_than(term)[:NEARBY_TERMS])
    narrower = list(SideEffect.objects.narrower_than(term)[:NEARBY_TERMS])
    filterset = filtered(
        SideEffectLinkFilter,
        request,
        queryset=SideEffectListing.objects.for_page(term),
        side_effect=term,
        has_narrower=bool(narrower),
    )
    page, fields = page_of(Paginator(filterset.qs, page_size), page)
    return {
        **fields,
        "term": term.name,
        "slug": term.slug,
        "url": term.get_absolute_url(),
        "description": term.description,
        "body_system": term.body_system,
        "codes": codes(term),
        "broader": [nearby(other) for other in broader],
        "narrower": [nearby(other) for other in narrower],
        "results": [
            {
                "drug": link_to(link.drug),
                "side_effect": link_to(link.side_effect),
                **tier_fields(link),
            }
            for link in (line.link for line in page.object_list)
        ],
    }


def nearby(term):
    return {"name": term.name, "slug": term.slug, "distance": term.distance}
