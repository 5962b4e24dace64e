"""The public FilterSets, driven with GET data; expected results computed independently
from the links themselves, in Python."""

import itertools
import re

import pytest
from django.http import QueryDict

from monographs.models import Condition, Drug, DrugSideEffect, SideEffect, SideEffectListing
from monographs.public.filters import (
    TIER_SLUGS,
    DrugFilter,
    SideEffectFilter,
    SideEffectLinkFilter,
)
from monographs.public.listing import ListingPaginator, active_filters, loosening
from tests.factories import DrugSideEffectFactory, SideEffectFactory, recount_and_list

pytestmark = pytest.mark.django_db

Frequency = DrugSideEffect.Frequency
# "Only where common": 1 in 100 people or more.
COMMON_TIERS = {Frequency.VERY_COMMON, Frequency.COMMON}


def slugs(filterset):
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("slug", flat=True))


def drug_filter(**data):
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return DrugFilter(query, queryset=Drug.objects.published())


def count_from_links(filterset):
    return ListingPaginator(filterset.qs, 50, filterset=filterset).count_from_links()


@pytest.fixture
def links():
    """{drug slug: {side effect slug: (frequency, serious)}} for published drugs."""
    table = {}
    rows = DrugSideEffect.objects.filter(drug__status="published").values_list(
        "drug__slug", "side_effect__slug", "frequency", "serious"
    )
    for drug, side_effect, frequency, serious in rows:
        table.setdefault(drug, {})[side_effect] = (frequency, serious)
    for drug in Drug.objects.published().values_list("slug", flat=True):
        table.setdefault(drug, {})
    return table


TERMS = ["headache", "nausea", "dizziness", "diarrhea", "rash"]


@pytest.mark.parametrize("pair", list(itertools.combinations(TERMS, 2)))
def test_any_and_all_of_two_side_effects(pair, links):
    any_expected = {drug for drug, terms in links.items() if set(pair) & set(terms)}
    all_expected = {drug for drug, terms in links.items() if set(pair) <= set(terms)}
    assert slugs(drug_filter(side_effect=list(pair))) == any_expected
    assert slugs(drug_filter(side_effect=list(pair), match="all")) == all_expected
    assert all_expected < any_expected or all_expected == any_expected


@pytest.mark.parametrize("term", TERMS)
def test_only_common_and_only_serious(term, links):
    common = {d for d, terms in links.items() if terms.get(term, (0,))[0] in COMMON_TIERS}
    serious = {d for d, terms in links.items() if term in terms and terms[term][1]}
    assert slugs(drug_filter(side_effect=term, common_only="on")) == common
    assert slugs(drug_filter(side_effect=term, serious_only="on")) == serious


def test_without_side_effects(links):
    expected = {d for d, terms in links.items() if not {"drowsiness", "dizziness"} & set(terms)}
    assert slugs(drug_filter(without=["drowsiness", "dizziness"])) == expected
    assert expected and len(expected) < len(links)


def test_with_one_and_without_another(links):
    expected = {d for d, t in links.items() if "headache" in t and "nausea" not in t}
    assert slugs(drug_filter(side_effect="headache", without="nausea")) == expected


def test_name_letter_kind_and_condition():
    assert slugs(drug_filter(q="METFORMIN")) == {"metformin", "sitagliptin-metformin"}
    assert slugs(drug_filter(letter="0-9")) == set()
    combinations = {"amlodipine-benazepril", "sitagliptin-metformin"}
    assert slugs(drug_filter(kind="combination")) == combinations
    single = slugs(drug_filter(kind="single"))
    assert not single & combinations and len(single) == Drug.objects.published().count() - 2
    condition = Condition.objects.create(name="Test condition", slug="test-condition")
    condition.drugs.add(*Drug.objects.filter(slug__in=["ibuprofen", "naproxen"]))
    assert slugs(drug_filter(condition="test-condition")) == {"ibuprofen", "naproxen"}


def test_drafts_never_appear():
    Drug.objects.filter(slug="ibuprofen").unpublish()
    assert "ibuprofen" not in slugs(drug_filter(side_effect="headache"))


@pytest.mark.parametrize(
    "data",
    [
        {"side_effect": "headache"},
        {"side_effect": ["headache", "nausea"]},
        {"side_effect": ["headache", "nausea", "liver-problems"]},
        {"side_effect": ["headache", "nausea"], "common_only": "on", "sort": "updated"},
        {"side_effect": ["liver-problems", "bleeding"], "serious_only": "on"},
    ],
)
def test_side_effects_alone_are_counted_from_their_links(data, client):
    Drug.objects.filter(slug="ibuprofen").unpublish()
    for status in (Drug.Status.DRAFT, Drug.Status.IN_REVIEW, Drug.Status.UNPUBLISHED):
        for term in ("headache", "nausea", "liver-problems"):
            DrugSideEffectFactory(
                drug__status=status, side_effect=SideEffect.objects.get(slug=term), serious=True
            )
    filterset = drug_filter(**data)
    expected = len(slugs(filterset))
    assert expected and count_from_links(filterset) == expected
    response = client.get("/drugs/", data)
    assert response.context["paginator"].count == expected


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"side_effect": ["headache", "nausea"], "match": "all"},
        {"side_effect": "headache", "letter": "I"},
        {"side_effect": "headache", "without": "nausea"},
        {"side_effect": "not-a-term"},
    ],
)
def test_other_filters_count_the_drugs(data):
    assert count_from_links(drug_filter(**data)) is None


def test_sort_by_recently_updated():
    Drug.objects.filter(slug="warfarin").update(updated_at="2099-01-01T00:00:00Z")
    filterset = drug_filter(sort="updated")
    assert filterset.is_valid()
    assert filterset.qs.first().slug == "warfarin"


@pytest.mark.parametrize(
    "data",
    [
        {"side_effect": "no-such-term"},
        {"letter": "ZZ"},
        {"kind": "neither"},
        {"sort": "price"},
        {"condition": "nowhere"},
        {"match": "some"},
    ],
)
def test_junk_is_a_form_error_not_a_crash(data, client):
    assert not drug_filter(**data).is_valid()
    response = client.get("/drugs/", data)
    assert response.status_code == 200
    # The unusable filter is left out, with a message: the listing shows every drug.
    assert response.context["paginator"].count == Drug.objects.published().count()
    assert b"Some filters could not be used" in response.content


@pytest.mark.parametrize("letter", ["m", "M", " m "])
def test_the_letter_filter_ignores_case(letter, client):
    expected = {slug for slug in Drug.objects.published().values_list("slug", flat=True)}
    expected = {slug for slug in expected if slug.startswith("m")}
    assert expected
    assert slugs(drug_filter(letter=letter)) == expected
    response = client.get("/drugs/", {"letter": letter})
    assert {drug.slug for drug in response.context["drugs"]} == expected
    assert b"Some filters could not be used" not in response.content
    assert b'href="/drugs/?letter=M" aria-current="page"' in response.content


def test_an_invalid_letter_keeps_the_other_filters(client, links):
    expected = {drug for drug, terms in links.items() if "headache" in terms}
    response = client.get("/drugs/", {"letter": "mm", "side_effect": "headache"})
    assert response.status_code == 200
    assert {drug.slug for drug in response.context["drugs"]} == expected
    assert response.context["paginator"].count == len(expected)
    html = response.content.decode()
    assert "First letter: “MM” is not one of A–Z or 0–9." in html
    assert "Lists Headache" in html
    assert 'name="side_effect" value="headache"' in html
    # The unusable value is not carried on, in the form or in the links that remove a filter.
    assert "mm" not in {
        value
        for _, remaining in response.context["active_filters"]
        for value in QueryDict(remaining).values()
    }
    assert 'name="letter"' not in html


def test_the_side_effect_page_letter_ignores_case():
    headache = SideEffect.objects.get(slug="headache")
    lines = SideEffectListing.objects.for_page(headache)
    filterset = SideEffectLinkFilter(QueryDict("letter=i"), queryset=lines, side_effect=headache)
    assert filterset.is_valid()
    names = [line.link.drug.name for line in filterset.qs]
    assert names and all(name[0] in "iI" for name in names)


def test_active_filters_describe_and_remove_each_filter():
    filterset = drug_filter(side_effect=["headache", "nausea"], match="all", common_only="on")
    filterset.is_valid()
    described = dict(active_filters(filterset))
    assert set(described) == {
        "Lists Headache",
        "Lists Nausea",
        "Lists all of them",
        "Only where common",
    }
    assert "side_effect=nausea" in described["Lists Headache"]
    assert "side_effect=headache" not in described["Lists Headache"]


def test_loosening_counts_what_each_removal_would_show(links):
    filterset = drug_filter(side_effect="headache", q="zzz")
    filterset.is_valid()
    suggested = loosening(filterset, active_filters(filterset))
    counts = {description: count for description, count, _ in suggested}
    assert counts["Name contains “zzz”"] == sum("headache" in t for t in links.values())
    assert "Lists Headache" not in counts  # removing it would still show nothing


def test_side_effect_filter_by_body_system():
    filterset = SideEffectFilter(
        QueryDict("body_system=digestive"), queryset=SideEffect.objects.all()
    )
    assert filterset.is_valid()
    assert set(filterset.qs.values_list("body_system", flat=True)) == {"digestive"}


def test_side_effect_page_filter(links):
    headache = SideEffect.objects.get(slug="headache")
    queryset = SideEffectListing.objects.for_page(headache)
    filterset = SideEffectLinkFilter(QueryDict("tier=very-common&tier=common"), queryset=queryset)
    expected = {d for d, terms in links.items() if terms.get("headache", (0,))[0] in COMMON_TIERS}
    assert expected and {line.link.drug.slug for line in filterset.qs} == expected


@pytest.fixture
def one_drug_per_tier():
    """A side effect that one drug lists in each tier: {tier: drug slug}."""
    term = SideEffectFactory(name="Tiered effect")
    drugs = {
        tier: DrugSideEffectFactory(side_effect=term, frequency=tier).drug.slug
        for tier in Frequency
    }
    recount_and_list()
    return term, drugs


def test_only_where_common_means_very_common_or_common(one_drug_per_tier):
    term, drugs = one_drug_per_tier
    found = slugs(drug_filter(side_effect=term.slug, common_only="on"))
    assert found == {drugs[Frequency.VERY_COMMON], drugs[Frequency.COMMON]}
    filterset = drug_filter(side_effect=term.slug, common_only="on")
    assert count_from_links(filterset) == 2


@pytest.mark.parametrize(
    "tiers",
    [["very-common"], ["uncommon", "rare"], ["very-rare"], ["not-known"], list(TIER_SLUGS)],
)
def test_side_effect_page_filters_by_the_tiers_ticked(one_drug_per_tier, tiers):
    term, drugs = one_drug_per_tier
    queryset = SideEffectListing.objects.for_page(term)
    data = QueryDict(mutable=True)
    data.setlist("tier", tiers)
    filterset = SideEffectLinkFilter(data, queryset=queryset)
    found = {line.link.drug.slug for line in filterset.qs}
    assert found == {drugs[TIER_SLUGS[slug]] for slug in tiers}


def test_an_unknown_tier_is_a_form_error_not_a_500(one_drug_per_tier):
    term, _ = one_drug_per_tier
    queryset = SideEffectListing.objects.for_page(term)
    filterset = SideEffectLinkFilter(QueryDict("tier=often"), queryset=queryset)
    assert not filterset.is_valid()


@pytest.mark.parametrize(
    "data", [{"side_effect": "headache"}, {"side_effect": ["headache", "nausea"], "match": "all"}]
)
def test_a_dense_page_lists_the_same_drugs_checked_drug_by_drug(data, client, monkeypatch):
    sparse = client.get("/drugs/", data).context
    monkeypatch.setattr(ListingPaginator, "DENSE", 1)
    dense = client.get("/drugs/", data).context
    assert "EXISTS" in str(dense["page_obj"].object_list.query)
    assert "EXISTS" not in str(sparse["page_obj"].object_list.query)
    names = [drug.name for drug in dense["drugs"]]
    assert names and names == [drug.name for drug in sparse["drugs"]]


def test_the_ingredients_select_reads_in_short_whole_words(client):
    html = client.get("/drugs/").content.decode()
    select = html.split('name="kind"')[1].split("</select>")[0]
    options = re.findall(r"<option[^>]*>([^<]*)</option>", select)
    assert options == ["Any", "Single ingredient", "Combination products"]


def test_any_of_the_side_effects_shows_as_chosen_when_the_url_says_neither(client):
    both = ["headache", "nausea"]
    html = client.get("/drugs/", {"side_effect": both}).content.decode()
    assert re.search(r'<input type="radio" name="match" value="any"[^>]* checked', html)
    assert not re.search(r'<input type="radio" name="match" value="all"[^>]* checked', html)
    html = client.get("/drugs/", {"side_effect": both, "match": "all"}).content.decode()
    assert re.search(r'<input type="radio" name="match" value="all"[^>]* checked', html)
    assert not re.search(r'<input type="radio" name="match" value="any"[^>]* checked', html)
