"""Public pages, as a visitor gets them: status codes, content, query budgets, junk input."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from monographs.editorial.changes import changing
from monographs.models import Drug, DrugSideEffect, SideEffect
from monographs.public.side_effect_index import side_effect_index
from tests.factories import DrugFactory, DrugSideEffectFactory, FAQFactory, recount_and_list

pytestmark = pytest.mark.django_db


def drug_url(slug):
    return reverse("monographs:drug-detail", kwargs={"slug": slug})


def side_effect_url(slug):
    return reverse("monographs:side-effect-detail", kwargs={"slug": slug})


def add_drugs(count, side_effect):
    """More published drugs, each with a side effect, a FAQ and a draft beside them."""
    for _ in range(count):
        link = DrugSideEffectFactory(side_effect=side_effect)
        FAQFactory(drug=link.drug)
    DrugFactory(status=Drug.Status.DRAFT)
    recount_and_list()


class TestDrugPage:
    def test_shows_every_part_of_the_monograph(self, client):
        response = client.get(drug_url("interferon-beta-1b"))
        assert response.status_code == 200
        html = response.content.decode()
        for text in (
            "<h1>Interferon beta-1b</h1>",
            "primarily used to treat multiple sclerosis",  # usage
            "Initial dose",  # dosage entries
            "0.0625 mg (2 million units or 0.25 mL) every other day",
            "Very common: more than 1 in 10 people",  # side effects by tier, in plain words
            "(fever, chills, muscle aches)",
            "Serious",
            "How it works",
            "Contraindications",  # precautions
            "Cladribine",  # interactions
            "How is interferon beta-1b stored?",  # FAQs
            "does not constitute medical advice",  # the site-wide disclaimer
        ):
            assert text in html, text

    def test_side_effects_are_grouped_by_tier_with_serious_marked(self, client):
        html = client.get(drug_url("interferon-beta-1b")).content.decode()
        # The seed's "(occurring in >10% of patients)" group is very common, its "less
        # common, but serious (<10%)" one uncommon: in the scale's order, in plain words.
        section = html[html.index('id="side-effects"') : html.index('id="how-it-works"')]
        assert re.findall(r"<h3>(.*?)</h3>", section) == [
            "Very common: more than 1 in 10 people",
            "Uncommon: up to 1 in 100 people",
        ]
        very_common = html.index("<h3>Very common")
        uncommon = html.index("<h3>Uncommon")
        # (The "At a glance" box above names Headache too: find it in the section.)
        assert very_common < html.index(">Headache</a>", very_common) < uncommon
        assert uncommon < html.index("(including anaphylaxis)")
        serious_section = html[uncommon : html.index('id="how-it-works"')]
        # Seven bullets; "Neuropsychiatric effects (depression, ...)" lists three more
        # (its depression is very common, above).
        assert serious_section.count('class="badge serious"') == 9

    def test_interactions_link_to_other_monographs(self, client):
        html = client.get(drug_url("ibuprofen")).content.decode()
        assert f'<a href="{drug_url("warfarin")}">Warfarin</a>' in html

    def test_combination_links_its_ingredients(self, client):
        html = client.get(drug_url("sitagliptin-metformin")).content.decode()
        assert f'<a href="{drug_url("metformin")}">Metformin</a>' in html

    def test_unpublished_monograph_is_not_found(self, client):
        Drug.objects.filter(slug="warfarin").unpublish()
        assert client.get(drug_url("warfarin")).status_code == 404
        assert "Warfarin" not in client.get(reverse("monographs:drug-list")).content.decode()

    def test_link_to_an_unpublished_drug_is_not_shown(self, client):
        Drug.objects.filter(slug="warfarin").unpublish()
        html = client.get(drug_url("ibuprofen")).content.decode()
        assert drug_url("warfarin") not in html
        assert "Warfarin" in html  # still named

    def test_unknown_drug_is_not_found(self, client):
        response = client.get(drug_url("no-such-drug"))
        assert response.status_code == 404
        assert b"Page not found" in response.content


class TestListings:
    def test_home(self, client):
        html = client.get("/").content.decode()
        assert 'action="/drugs/"' in html and 'action="/side-effects/"' in html
        assert 'href="/drugs/?letter=A"' in html
        assert "Recently updated" in html
        assert side_effect_url("headache") in html

    def test_drug_list_is_alphabetical_and_paginated(self, client):
        add_drugs(60, SideEffect.objects.get(slug="headache"))
        response = client.get(reverse("monographs:drug-list"))
        names = [drug.name for drug in response.context["drugs"]]
        assert names == sorted(names, key=str.lower) or names == sorted(names)
        assert len(names) == 50
        assert response.context["paginator"].count == Drug.objects.published().count()
        assert 'href="?page=2"' in response.content.decode()

    def test_drug_list_filters(self, client):
        url = reverse("monographs:drug-list")
        assert [d.slug for d in client.get(url, {"q": "statin"}).context["drugs"]] == [
            "atorvastatin",
            "simvastatin",
        ]
        by_letter = client.get(url, {"letter": "W"}).context["drugs"]
        assert [drug.slug for drug in by_letter] == ["warfarin"]
        headache = client.get(url, {"side_effect": "headache"}).context["drugs"]
        expected = Drug.objects.published().filter(side_effect_links__side_effect__slug="headache")
        assert {drug.slug for drug in headache} == set(expected.values_list("slug", flat=True))

    def test_pagination_keeps_the_filters(self, client):
        add_drugs(60, SideEffect.objects.get(slug="headache"))
        html = client.get(reverse("monographs:drug-list"), {"side_effect": "headache"}).content
        assert b'href="?side_effect=headache&amp;page=2"' in html

    def test_empty_result_says_which_filter_to_loosen(self, client):
        response = client.get(
            reverse("monographs:drug-list"), {"q": "zzzz-nothing", "side_effect": "headache"}
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "No drugs match all of these filters. Loosen one of them:" in html
        headache_drugs = Drug.objects.published().with_side_effect(
            SideEffect.objects.get(slug="headache")
        )
        assert (
            f"Remove the filter Name contains “zzzz-nothing”</a>: "
            f"{headache_drugs.count()} drugs would match"
        ) in html

    def test_side_effect_list_counts_published_drugs(self, client):
        headache = SideEffect.objects.get(slug="headache")
        Drug.objects.filter(slug="warfarin").unpublish()
        response = client.get(reverse("monographs:side-effect-list"))
        listed = {term.slug: term.drug_count for term in response.context["side_effects"]}
        expected = DrugSideEffect.objects.filter(side_effect=headache, drug__status="published")
        assert listed["headache"] == expected.count()
        assert all(count > 0 for count in listed.values())

    def test_side_effect_page_lists_drugs_by_tier(self, client):
        response = client.get(side_effect_url("headache"))
        links = list(response.context["links"])
        assert [link.frequency for link in links] == sorted(link.frequency for link in links)
        assert "interferon-beta-1b" in {link.drug.slug for link in links}
        assert b"Drugs that can cause headache" in response.content

    def test_side_effect_page_leaves_out_drafts(self, client):
        Drug.objects.filter(slug="interferon-beta-1b").unpublish()
        response = client.get(side_effect_url("headache"))
        assert "interferon-beta-1b" not in {link.drug.slug for link in response.context["links"]}


PAGES = {
    "home": ("/", 3),
    "drug list": ("/drugs/", 3),
    "filtered drug list": ("/drugs/?side_effect=headache&letter=A&q=a", 4),
    "drug page": ("/drugs/interferon-beta-1b/", 9),  # with "Similar monographs"
    "side effect list": ("/side-effects/", 2),
    # Broader and narrower terms are a query each. No drug of the seeds lists a narrower
    # term of headache, so its count is the one kept on the term (with narrower terms
    # listed, 7: test_public_vocabulary).
    "side effect page": ("/side-effects/headache/", 6),
    "side effect search": ("/side-effects/?q=throwing+up", 3),
    "suggestions": ("/side-effects/suggest/?q=dizzy", 2),
    "filtered side effect page": (
        "/side-effects/headache/?tier=very-common&tier=common&serious=on",
        6,
    ),
    "listing with every filter": (
        "/drugs/?side_effect=headache&side_effect=nausea&match=all&common_only=on"
        "&without=rash&kind=single&sort=updated",
        5,
    ),
}


@pytest.mark.parametrize("page", PAGES, ids=list(PAGES))
def test_query_budget_does_not_grow_with_the_number_of_drugs(
    page, client, django_assert_num_queries
):
    url, budget = PAGES[page]
    side_effect_index()  # built once per vocabulary state, not per page
    with django_assert_num_queries(budget):
        assert client.get(url).status_code == 200
    add_drugs(30, SideEffect.objects.get(slug="headache"))
    with django_assert_num_queries(budget):
        assert client.get(url).status_code == 200


JUNK = [
    "/drugs/?page=999",
    "/drugs/?page=abc",
    "/drugs/?page=-1",
    "/drugs/?letter=%00",
    "/drugs/?letter=ZZ",
    "/drugs/?side_effect=no-such-term",
    "/drugs/?side_effect=%27%3B--",
    "/drugs/?q=" + "x" * 5000,
    "/drugs/?q=%00%ff",
    "/drugs/?q[]=1&letter[]=2",
    "/side-effects/?page=0",
    "/side-effects/?page=99999999999999999999",
    "/side-effects/headache/?page=last",
    "/side-effects/headache/?page=abc",
    "/side-effects/headache/?tier=often",
    "/side-effects/headache/?tier=1",
    "/side-effects/headache/?frequency=9",
    "/side-effects/headache/?frequency=%00",
    "/drugs/interferon-beta-1b/?anything=%ff%fe",
    "/?q=<script>alert(1)</script>",
]


@pytest.mark.parametrize("url", JUNK)
def test_junk_parameters_never_give_a_server_error(url, client):
    response = client.get(url)
    assert response.status_code in (200, 400, 404)
    assert b"<script>alert(1)</script>" not in response.content


def test_invalid_filter_shows_the_form_error(client):
    response = client.get("/drugs/?side_effect=no-such-term")
    assert response.status_code == 200
    assert b"Some filters could not be used" in response.content


@pytest.mark.parametrize(
    "url, budget",
    [
        ("/conditions/", 1),
        ("/conditions/test-pain/", 4),
        ("/conditions/test-pain/?sort=fewest-common", 4),
        ("/search/?q=blood+pressure", 6),
    ],
)
def test_query_budget_of_conditions_and_search(url, budget, client, django_assert_num_queries):
    from monographs.models import Condition

    if url.startswith("/search/") and connection.vendor == "postgresql":
        budget -= 1  # the page's query makes the snippets too; SQLite needs a third query
    drugs = Drug.objects.filter(slug__in=["ibuprofen", "naproxen"])
    with changing(drugs=drugs.values_list("pk", flat=True)):
        condition = Condition.objects.create(name="Test pain", slug="test-pain")
        condition.drugs.add(*drugs)
    side_effect_index()  # built once per vocabulary state, not per page
    with django_assert_num_queries(budget):
        assert client.get(url).status_code == 200
    for link in [
        DrugSideEffectFactory(side_effect=SideEffect.objects.get(slug="headache"))
        for _ in range(20)
    ]:
        condition.drugs.add(link.drug)
    with django_assert_num_queries(budget):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "fields, words",
    [
        (
            {"amount": Decimal("0.1250"), "unit": "mg", "frequency": "every other day"},
            "0.125 mg, every other day",
        ),
        ({"amount": Decimal("10"), "unit": "mg", "route": "oral"}, "10 mg, oral"),
        (
            {"amount": Decimal("10"), "amount_max": Decimal("20.5000"), "unit": "mg"},
            "10–20.5 mg",
        ),
        ({"frequency": "twice daily"}, "twice daily"),
        ({}, ""),
    ],
)
def test_dosage_dose_in_words(fields, words):
    from monographs.models import Dosage

    assert Dosage(**fields).dose == words


def test_side_effect_page_count_is_the_number_of_published_drugs(client):
    from monographs.models import DrugSideEffect

    response = client.get("/side-effects/headache/")
    listed = DrugSideEffect.objects.filter(
        side_effect__slug="headache", drug__status=Drug.Status.PUBLISHED
    ).count()
    assert response.context["paginator"].count == listed > 0


# --- the frequency scale ------------------------------------------------------------------------

Frequency = DrugSideEffect.Frequency


@pytest.mark.parametrize(
    "old, tiers",
    [
        ("1", "tier=very-common&tier=common"),  # "Common"
        ("2", "tier=uncommon"),  # "Less common"
        ("3", "tier=rare&tier=very-rare"),  # "Rare"
        ("4", "tier=not-known"),  # "Frequency not stated"
    ],
)
def test_an_old_side_effect_page_url_moves_to_the_tiers_of_the_same_meaning(old, tiers, client):
    response = client.get(f"/side-effects/headache/?frequency={old}&serious=on&page=2")
    assert response.status_code == 301
    assert response["Location"] == f"/side-effects/headache/?serious=on&{tiers}"
    assert client.get(response["Location"]).status_code == 200


def test_an_old_listing_url_only_where_common_keeps_working(client):
    headache = SideEffect.objects.get(slug="headache")
    common = DrugSideEffectFactory(side_effect=headache, frequency=Frequency.COMMON).drug
    uncommon = DrugSideEffectFactory(side_effect=headache, frequency=Frequency.UNCOMMON).drug
    recount_and_list()
    response = client.get("/drugs/?side_effect=headache&common_only=on")
    listed = {drug.slug for drug in response.context["drugs"]}
    assert common.slug in listed and uncommon.slug not in listed
    assert "1 in 100 people or more" in response.content.decode()


def test_the_side_effect_page_shows_each_tier_in_plain_words(client):
    term = SideEffect.objects.get(slug="headache")
    for tier in Frequency:
        DrugSideEffectFactory(side_effect=term, frequency=tier, drug__name=f"Tierazol {tier}")
    recount_and_list()
    html = client.get(side_effect_url("headache")).content.decode()
    headings = re.findall(r'<h2 id="tier-\d+">(.*?)</h2>', html)
    assert headings == [
        "Very common: more than 1 in 10 people",
        "Common: up to 1 in 10 people",
        "Uncommon: up to 1 in 100 people",
        "Rare: up to 1 in 1,000 people",
        "Very rare: up to 1 in 10,000 people",
        "Not known: frequency not stated",
    ]
    # The filter offers the same words, as checkboxes in a fieldset.
    assert "<legend>How common</legend>" in html
    assert html.count('name="tier"') == len(Frequency)


def test_the_condition_comparison_explains_the_scale_and_counts_common(client):
    from monographs.models import Condition

    condition = Condition.objects.create(name="Test pain", slug="test-pain")
    drug = DrugFactory()
    condition.drugs.add(drug)
    for tier in Frequency:
        DrugSideEffectFactory(drug=drug, frequency=tier)
    recount_and_list()
    response = client.get(condition.get_absolute_url())
    html = response.content.decode()
    for tier in Frequency:
        assert f"<li>{tier.in_plain_words}</li>" in html
    [row] = response.context["drugs"]
    assert (row.common_side_effect_count, row.side_effect_count) == (2, 6)
