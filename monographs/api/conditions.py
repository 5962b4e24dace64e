"""/api/v1/conditions/{slug}/: the drugs for a condition compared side effect by side
effect, as the condition's page shows them (public.comparison)."""

from typing import Literal

from ninja import Router

from monographs.api import schemas
from monographs.api.drugs import link_to, tier_fields
from monographs.api.errors import not_found
from monographs.api.paging import PageNumber, PageSize, page_of
from monographs.models import Condition, Drug
from monographs.public.comparison import compare
from monographs.public.listing import CountedPaginator
from monographs.public.views import ConditionDetailView

router = Router(tags=["conditions"])

Sort = Literal[tuple(ConditionDetailView.SORTS)]


@router.get(
    "/{slug:slug}/",
    response={200: schemas.ConditionComparison, 400: schemas.Error, 404: schemas.Error},
    url_name="condition-detail",
    summary="A condition's drugs compared by the side effects most of them list",
)
def condition_comparison(
    request, slug: str, sort: Sort = "name", page: PageNumber = 1, page_size: PageSize = 25
):
    condition = Condition.objects.filter(slug=slug).first()
    if condition is None:
        raise not_found("condition", slug)
    drugs = Drug.objects.published().for_condition(condition)
    rows = drugs.compared(ConditionDetailView.SORTS[sort])
    paginator = CountedPaginator(rows, page_size, condition.published_drug_count)
    page, fields = page_of(paginator, page)
    comparison = compare(condition, list(page.object_list))
    return {
        **fields,
        "name": condition.name,
        "slug": condition.slug,
        "url": condition.get_absolute_url(),
        "description": condition.description,
        "sort": sort,
        "side_effects": [link_to(term) for term in comparison.side_effects],
        "results": [
            {
                "drug": link_to(row.drug),
                "side_effect_count": row.drug.side_effect_count,
                "common_side_effect_count": row.drug.common_side_effect_count,
                "cells": [tier_fields(cell) if cell else None for cell in row.cells],
            }
            for row in comparison.rows
        ],
    }
