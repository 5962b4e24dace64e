"""/api/v1/drugs/: the A–Z listing with its filters, and each published monograph whole."""

from typing import Literal

from ninja import Query, Router, Schema
from pydantic import Field

from monographs.api import schemas
from monographs.api.errors import not_found
from monographs.api.filtering import filtered
from monographs.api.paging import PageNumber, PageSize, page_of
from monographs.models import Drug
from monographs.public.filters import TIER_SLUGS, DrugFilter
from monographs.public.listing import ListingPaginator

router = Router(tags=["drugs"])

TIER_NAMES = {tier: slug for slug, tier in TIER_SLUGS.items()}


class DrugFilters(Schema):
    """The public listing's filters (public.filters.DrugFilter), documented: the FilterSet
    itself reads them from the query string."""

    q: str | None = Field(None, description="Words in the name or generic name.")
    letter: str | None = Field(None, description="First letter, A–Z, or 0-9 for the others.")
    side_effect: list[str] = Field(
        [], description="Slugs of side effects the drugs list (repeat for more)."
    )
    match: Literal["any", "all"] | None = Field(
        None, description="Drugs that list any (the default) or all of the side effects."
    )
    common_only: bool = Field(False, description="Only where the drug lists it as common.")
    serious_only: bool = Field(False, description="Only where the drug lists it as serious.")
    narrower: Literal["", "no"] | None = Field(
        None, description="no: the side effects themselves, not their narrower terms."
    )
    without: list[str] = Field([], description="Slugs of side effects the drugs do not list.")
    condition: str | None = Field(None, description="Slug of a condition the drugs are used for.")
    kind: Literal["single", "combination"] | None = None
    sort: Literal["name", "updated"] | None = Field(
        None, description="name (the default) or updated: most recently changed first."
    )


@router.get(
    "/",
    response={200: schemas.DrugList, 400: schemas.Error, 404: schemas.Error},
    url_name="drug-list",
    summary="Published drugs, filtered like the A–Z listing",
)
def drug_list(request, filters: Query[DrugFilters], page: PageNumber = 1, page_size: PageSize = 50):
    drugs = Drug.objects.published().only("name", "slug", "summary").order_by("name")
    filterset = filtered(DrugFilter, request, queryset=drugs)
    paginator = ListingPaginator(filterset.qs, page_size, filterset=filterset)
    page, fields = page_of(paginator, page)
    results = [
        {
            "name": drug.name,
            "slug": drug.slug,
            "summary": drug.summary,
            "url": drug.get_absolute_url(),
        }
        for drug in page.object_list
    ]
    return {**fields, "results": results}


@router.get(
    "/{slug:slug}/",
    response={200: schemas.Monograph, 404: schemas.Error},
    url_name="drug-detail",
    summary="A published monograph, whole",
)
def drug_detail(request, slug: str):
    try:
        drug = Drug.objects.published().get_monograph(slug=slug)
    except Drug.DoesNotExist:
        raise not_found("monograph", slug) from None
    return monograph(drug)


def monograph(drug):
    review = None
    if drug.last_reviewed_at:
        review = {"reviewed_at": drug.last_reviewed_at, "reviewed_by": drug.last_reviewer_name}
    return {
        "name": drug.name,
        "slug": drug.slug,
        "url": drug.get_absolute_url(),
        "generic_name": drug.generic_name,
        "drug_class": drug.drug_class,
        "availability": drug.availability,
        "summary": drug.summary,
        "usage": drug.usage,
        "dosage_notes": drug.dosage_notes,
        "dosage": [dosage_entry(dosage) for dosage in drug.dosages.all()],
        "side_effect_notes": drug.side_effect_notes,
        "side_effects": [side_effect_link(link) for link in drug.side_effect_links.all()],
        "mechanism": drug.mechanism,
        "precautions": [
            {"topic": p.topic, "kind": p.kind, "text": p.text} for p in drug.precautions.all()
        ],
        "interactions": [interaction(i) for i in drug.interactions.all()],
        "faqs": [{"question": faq.question, "answer": faq.answer} for faq in drug.faqs.all()],
        "other_notes": drug.other_notes,
        "conditions": [link_to(condition) for condition in drug.conditions.all()],
        "is_combination": drug.is_combination,
        "ingredients": sorted_links(drug.ingredients.all()),
        "combinations": sorted_links(drug.combinations.all()),
        "last_medical_review": review,
        "published_at": drug.published_at,
        "updated_at": drug.updated_at,
    }


def dosage_entry(dosage):
    return {
        "indication": dosage.indication,
        "population": dosage.population,
        "population_label": dosage.get_population_display(),
        "label": dosage.label,
        "route": dosage.route,
        "amount": dosage.amount,
        "amount_max": dosage.amount_max,
        "unit": dosage.unit,
        "frequency": dosage.frequency,
        "dose": dosage.dose,
        "instructions": dosage.instructions,
    }


def side_effect_link(link):
    """A drug's side effect; a term not yet reviewed is shown as the page shows it: in the
    source's words, with no link and no codes."""
    term = link.side_effect
    reviewed = term.is_reviewed
    return {
        "term": term.name if reviewed else (link.source_text or term.name),
        "slug": term.slug if reviewed else None,
        "codes": codes(term) if reviewed else None,
        **tier_fields(link),
    }


def tier_fields(link):
    tier = link.Frequency(link.frequency)
    return {
        "tier": TIER_NAMES[tier],
        "tier_in_words": tier.in_plain_words,
        "serious": link.serious,
        "note": link.note,
    }


def codes(term):
    return {
        "hpo_id": term.hpo_id or None,
        "umls_cui": term.umls_cui or None,
        "meddra_code": term.meddra_code or None,
    }


def interaction(item):
    other = item.interacting_drug
    published = item.public_link is not None
    return {
        "name": item.name,
        "severity": item.severity,
        "description": item.description,
        "drug": link_to(other) if published else None,
    }


def link_to(thing):
    return {"name": thing.name, "slug": thing.slug}


def sorted_links(drugs):
    # Prefetched unordered (see DrugQuerySet.with_monograph): sorted here, as the page does.
    return [link_to(drug) for drug in sorted(drugs, key=lambda drug: drug.name)]
