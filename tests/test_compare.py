"""Two drugs side by side (/compare/): the union of their side effects, shared ones first,
with the tier and seriousness in each drug's column; the summary counts; uses, adult doses
and interactions; bad lists answered; a fixed number of queries. The monographs are small
ones written here, with made-up names."""

import re

import pytest

from monographs.editorial import workflow
from monographs.editorial.changes import changing
from monographs.models import Dosage, DrugSideEffect
from monographs.public.side_by_side import compare_url, side_by_side
from tests.factories import (
    DrugFactory,
    DrugSideEffectFactory,
    FAQFactory,
    InteractionFactory,
    SideEffectFactory,
)

pytestmark = pytest.mark.django_db

VERY_COMMON = DrugSideEffect.Frequency.VERY_COMMON
COMMON = DrugSideEffect.Frequency.COMMON
RARE = DrugSideEffect.Frequency.RARE


def text(response):
    main = re.search(r"<main.*?</main>", response.content.decode(), re.S).group(0)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def url(*slugs):
    return compare_url(list(slugs))


@pytest.fixture
def two_drugs():
    """Alphamab and Betamab: Test rash shared, Test nausea and Test fatigue only
    Alphamab's, Test cough only Betamab's (made-up terms: the vocabulary has the real ones)."""
    alpha, beta = DrugFactory(name="Alphamab"), DrugFactory(name="Betamab")
    rash, nausea, fatigue, cough = (
        SideEffectFactory(name=f"Test {name}") for name in ("rash", "nausea", "fatigue", "cough")
    )
    DrugSideEffectFactory(drug=alpha, side_effect=rash, frequency=RARE, serious=True)
    DrugSideEffectFactory(drug=beta, side_effect=rash, frequency=COMMON)
    DrugSideEffectFactory(drug=alpha, side_effect=fatigue, frequency=COMMON)
    DrugSideEffectFactory(drug=alpha, side_effect=nausea, frequency=VERY_COMMON)
    DrugSideEffectFactory(drug=beta, side_effect=cough, frequency=RARE)
    return alpha, beta


class TestSideEffects:
    def test_rows_are_the_union_shared_first_then_each_drugs_own(self, two_drugs):
        comparison = side_by_side(["alphamab", "betamab"])
        assert [row.side_effect.name for row in comparison.rows] == [
            "Test rash",
            "Test nausea",  # Alphamab's own, the most common first
            "Test fatigue",
            "Test cough",  # Betamab's own
        ]
        assert [heading for heading, _ in comparison.groups] == [
            "Listed by both",
            "Listed by Alphamab only",
            "Listed by Betamab only",
        ]

    def test_each_cell_is_that_drugs_link(self, two_drugs):
        rash, *_, cough = side_by_side(["alphamab", "betamab"]).rows
        alpha_rash, beta_rash = rash.cells
        assert (alpha_rash.frequency, alpha_rash.serious) == (RARE, True)
        assert (beta_rash.frequency, beta_rash.serious) == (COMMON, False)
        assert cough.cells[0] is None and cough.cells[1].frequency == RARE

    def test_the_order_asked_is_the_order_of_the_columns(self, two_drugs):
        comparison = side_by_side(["betamab", "alphamab"])
        assert [drug.name for drug in comparison.drugs] == ["Betamab", "Alphamab"]
        assert [row.side_effect.name for row in comparison.rows] == [
            "Test rash",
            "Test cough",
            "Test nausea",
            "Test fatigue",
        ]

    def test_the_summary_counts(self, two_drugs):
        alpha, _ = two_drugs
        FAQFactory(drug=alpha), FAQFactory(drug=alpha, question="And another?")
        alpha_column, beta_column = side_by_side(["alphamab", "betamab"]).columns
        assert (
            alpha_column.side_effect_count,
            alpha_column.common_count,
            alpha_column.serious_count,
            alpha_column.faq_count,
        ) == (3, 2, 1, 2)
        assert (beta_column.side_effect_count, beta_column.common_count) == (2, 1)
        assert beta_column.faq_count == 0


class TestUsesDosesAndInteractions:
    def test_adult_doses_only_and_interactions_most_severe_first(self, two_drugs):
        alpha, _ = two_drugs
        Dosage.objects.create(drug=alpha, population=Dosage.Population.ADULTS, label="Adult")
        Dosage.objects.create(drug=alpha, population=Dosage.Population.CHILDREN, label="Child")
        InteractionFactory(drug=alpha, name="Minormab", severity="minor")
        InteractionFactory(drug=alpha, name="Majormab", severity="major")
        alpha_column, beta_column = side_by_side(["alphamab", "betamab"]).columns
        assert [dose.label for dose in alpha_column.adult_doses] == ["Adult"]
        assert [i.name for i in alpha_column.interactions] == ["Majormab", "Minormab"]
        assert beta_column.adult_doses == [] and beta_column.interactions == []

    def test_the_page_shows_both_columns(self, client, two_drugs):
        alpha, beta = two_drugs
        alpha.usage = "Alphamab treats **testing**."
        alpha.save()
        InteractionFactory(drug=beta, name="Warfarin", severity="major")
        page = text(client.get(url("alphamab", "betamab")))
        assert "Alphamab and Betamab compared" in page
        assert "Alphamab : 3 side effects listed, 2 of them common, 1 serious" in page
        assert "1 side effect is listed by both" in page
        assert "Alphamab treats testing" in page
        assert "Warfarin Major" in page
        assert "No adult dose stated" in page


class TestTheList:
    def test_one_drug_asks_for_the_second(self, client, two_drugs):
        page = text(client.get(url("alphamab")))
        assert "Choose a second drug to compare Alphamab with" in page
        assert "Compare Alphamab with" in page

    def test_more_than_two_compares_the_first_two_and_says_so(self, client, two_drugs):
        DrugFactory(name="Gammab")
        response = client.get(url("alphamab", "betamab", "gammab"))
        page = text(response)
        assert "Alphamab and Betamab compared" in page
        assert "gammab is left out" in page
        assert 'href="/interactions/?drug=alphamab&amp;drug=betamab&amp;drug=gammab"' in (
            response.content.decode()
        )

    def test_unknown_or_unpublished_drugs_are_not_found_with_near_matches(
        self, client, two_drugs, page_cache, admin_user
    ):
        response = client.get(url("alphamab", "betamabb"))
        assert "Not found: “betamabb”" in text(response)
        assert 'href="/compare/?drug=alphamab&amp;drug=betamab"' in response.content.decode()
        assert "no-store" in response["Cache-Control"]
        workflow.unpublish(two_drugs[1], admin_user)
        assert "Not found: “betamab”" in text(client.get(url("alphamab", "betamab")))

    @pytest.mark.parametrize(
        "query",
        [
            "drug=%00&drug=<script>",
            "drug=" + "x" * 5000,
            "drug=alphamab&drug=alphamab",
            "drug[]=1&page=-1",
            "&".join(["drug=a"] * 200),
        ],
    )
    def test_junk_gets_a_page(self, client, two_drugs, query):
        response = client.get(f"/compare/?{query}")
        assert response.status_code == 200
        assert "<script>" not in text(response)

    def test_without_javascript_a_name_is_added_by_words(self, client, two_drugs):
        response = client.get("/compare/", {"drug": "alphamab", "add": "betam"})
        assert response["Location"] == url("alphamab", "betamab")
        # PostgreSQL refuses a NUL in a query: the words are cleaned as a name is.
        response = client.get("/compare/", {"drug": "alphamab", "add": "beta\x00mab"})
        assert response["Location"] == url("alphamab", "betamab")

    def test_suggestions_lead_to_the_comparison(self, client, two_drugs):
        with changing(drugs=[drug.pk for drug in two_drugs]):  # as a publish: the name index
            pass
        data = client.get("/compare/suggest/", {"q": "betam", "drug": "alphamab"}).json()
        assert [result["url"] for result in data["results"]] == [url("alphamab", "betamab")]


class TestReachingIt:
    def test_from_a_drug_page(self, client):
        assert 'href="/compare/?drug=warfarin"' in client.get("/drugs/warfarin/").content.decode()

    def test_from_a_condition_page_by_ticking_two(self, client):
        page = client.get("/conditions/pain/").content.decode()
        assert '<form id="compare-two" method="get" action="/compare/"' in page
        assert 'name="drug" value="ibuprofen" form="compare-two"' in page

    def test_from_the_listing(self, client):
        assert 'href="/compare/"' in client.get("/drugs/").content.decode()


def test_the_query_count_does_not_grow_with_the_monographs(
    client, two_drugs, django_assert_num_queries
):
    alpha, beta = two_drugs
    with django_assert_num_queries(4):
        client.get(url("alphamab", "betamab"))
    for n in range(30):
        DrugSideEffectFactory(drug=alpha, side_effect=SideEffectFactory())
        InteractionFactory(drug=beta)
        Dosage.objects.create(drug=beta, population=Dosage.Population.ADULTS, label=f"{n}")
    with django_assert_num_queries(4):
        response = client.get(url("alphamab", "betamab"))
    assert "Alphamab : 33 side effects listed" in text(response)
