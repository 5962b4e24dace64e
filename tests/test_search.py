"""Visitors' questions: lay words and typos reach the right side effects; full-text
search; the condition comparison."""

import json

import pytest
from django.urls import reverse

from monographs.editorial.changes import changing
from monographs.limits import SEARCH_TEXT_CHARACTERS
from monographs.models import Condition, Drug, DrugSideEffect, SideEffect
from monographs.public.search import search_monographs, search_side_effects

COMMON = DrugSideEffect.Frequency.COMMON

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(request):
    """Make sure a term is listed by a published drug (some lay words' terms are not in
    the seeds)."""

    def make(name):
        term = SideEffect.objects.get(name=name)
        if not term.drug_links.filter(drug__status="published").exists():
            DrugSideEffect.objects.create(
                drug=Drug.objects.get(slug="metformin"), side_effect=term, frequency=2
            )
            SideEffect.objects.filter(pk=term.pk).refresh_published_drug_counts()
        return term

    return make


@pytest.mark.parametrize(
    "words, expected",
    [
        ("throwing up", "Vomiting"),
        ("hair falling out", "Hair loss"),
        ("dizzyness", "Dizziness"),
        ("diziness", "Dizziness"),
        ("head ache", "Headache"),
        ("itchy skin", "Pruritus (itching)"),
        ("high blood pressure", "Hypertension (high blood pressure)"),
        ("feeling sleepy", "Drowsiness"),
        ("NAUSEA", "Nausea"),
    ],
)
def test_lay_words_and_typos_reach_the_right_term(words, expected, listed, client):
    listed(expected)
    assert search_side_effects(words)[0].side_effect.name == expected
    response = client.get(reverse("monographs:side-effect-list"), {"q": words})
    assert response.context["matches"][0].side_effect.name == expected


def test_unpublished_drugs_do_not_count(client):
    vomiting = SideEffect.objects.get(name="Vomiting")
    Drug.objects.filter(side_effect_links__side_effect=vomiting).unpublish()
    assert not any(m.side_effect == vomiting for m in search_side_effects("throwing up"))


def test_suggestions_are_json(client):
    response = client.get(reverse("monographs:side-effect-suggest"), {"q": "throwing up"})
    data = json.loads(response.content)
    first = data["results"][0]
    assert first["name"] == "Vomiting" and first["matched"] == "throwing up"
    assert first["url"] == "/side-effects/vomiting/"
    assert (
        first["drug_count"]
        == DrugSideEffect.objects.filter(
            side_effect__name="Vomiting", drug__status="published"
        ).count()
    )
    assert client.get("/side-effects/suggest/", {"q": "x"}).json()["results"] == []
    assert client.get("/side-effects/suggest/").json()["results"] == []


def test_adding_a_side_effect_in_words_resolves_it(client):
    response = client.get("/drugs/", {"add_side_effect": "throwing up", "side_effect": "headache"})
    assert response.status_code == 302
    assert response["Location"] == "/drugs/?side_effect=headache&side_effect=vomiting"
    response = client.get("/drugs/", {"add_without": "glowing toenails"}, follow=True)
    assert "No side effect matches “glowing toenails”" in response.content.decode()


class TestFullTextSearch:
    def test_finds_words_in_usage_with_marked_snippets(self, client):
        response = client.get(reverse("monographs:search"), {"q": "multiple sclerosis"})
        names = [hit.drug.name for hit in response.context["results"].hits]
        assert {"Interferon beta-1b", "Glatiramer acetate", "Dimethyl fumarate"} <= set(names)
        assert "<mark>" in response.content.decode()

    def test_name_ranks_first_and_prefixes_match(self):
        results = search_monographs("ibuprofen")
        assert results.hits[0].drug.slug == "ibuprofen"
        assert search_monographs("ibupro").hits[0].drug.slug == "ibuprofen"

    def test_drafts_are_left_out(self):
        Drug.objects.filter(slug="ibuprofen").unpublish()
        assert "ibuprofen" not in {h.drug.slug for h in search_monographs("ibuprofen").hits}

    def test_an_edit_is_searchable_at_once(self):
        drug = Drug.objects.get(slug="warfarin")
        drug.usage = "Now also for zebracorn fever."
        drug.save()
        assert [hit.drug.slug for hit in search_monographs("zebracorn").hits] == ["warfarin"]

    def test_side_effects_matching_the_words_are_offered(self, client):
        response = client.get(reverse("monographs:search"), {"q": "headache"})
        assert "Headache" in [m.side_effect.name for m in response.context["side_effects"]]

    @pytest.mark.parametrize(
        "query",
        ['"', "AND OR NOT", "*", "NEAR(a b)", "<script>alert(1)</script>", "x" * 500, "'; --"],
    )
    def test_hostile_queries(self, query, client):
        response = client.get(reverse("monographs:search"), {"q": query})
        assert response.status_code == 200
        assert b"<script>alert(1)</script>" not in response.content

    @pytest.mark.parametrize("page", ["0", "-1", "abc", "999"])
    def test_bad_pages_are_not_found(self, page, client):
        response = client.get(reverse("monographs:search"), {"q": "the", "page": page})
        assert response.status_code == 404


class TestLongUsage:
    """Search reads the start of a usage only, so one huge text cannot slow every search."""

    def set_usage(self, text):
        Drug.objects.filter(slug="warfarin").update(usage=text)

    def test_words_after_the_start_are_not_read(self):
        self.set_usage("filler " * (SEARCH_TEXT_CHARACTERS // 7 + 1) + "zebracorn")
        assert search_monographs("zebracorn").total == 0

    def test_words_at_the_start_are_found_with_a_short_snippet(self):
        self.set_usage("Zebracorn fever. " + "filler " * 300_000)
        results = search_monographs("zebracorn")
        assert [hit.drug.slug for hit in results.hits] == ["warfarin"]
        assert "\x02Zebracorn\x03" in results.hits[0].snippet
        assert len(results.hits[0].snippet) < 500

    def test_an_edit_out_of_the_start_is_no_longer_found(self):
        self.set_usage("Zebracorn fever. " + "filler " * 5_000)
        self.set_usage("filler " * 5_000 + "Zebracorn fever.")
        assert search_monographs("zebracorn").total == 0


class TestConditionComparison:
    @pytest.fixture
    def condition(self):
        drugs = Drug.objects.filter(slug__in=["ibuprofen", "naproxen", "acetaminophen"])
        with changing(drugs=drugs.values_list("pk", flat=True)):
            condition = Condition.objects.create(name="Test pain", slug="test-pain")
            condition.drugs.add(*drugs)
        return condition

    def test_matrix_shows_each_drugs_tier_for_the_top_side_effects(self, condition, client):
        response = client.get(condition.get_absolute_url())
        comparison = response.context["comparison"]
        drugs = Drug.objects.filter(slug__in=["ibuprofen", "naproxen", "acetaminophen"])
        counts = {}
        for link in DrugSideEffect.objects.filter(drug__in=drugs):
            counts[link.side_effect_id] = counts.get(link.side_effect_id, 0) + 1
        top = sorted(counts.values(), reverse=True)[: len(comparison.side_effects)]
        assert len(comparison.side_effects) == 8
        assert [counts[term.pk] for term in comparison.side_effects] == top
        for row in comparison.rows:
            for term, cell in zip(comparison.side_effects, row.cells, strict=True):
                link = DrugSideEffect.objects.filter(drug=row.drug, side_effect=term).first()
                assert cell == link
        assert "<table" in response.content.decode()

    def test_sort_by_fewest_common_side_effects(self, condition, client):
        response = client.get(condition.get_absolute_url(), {"sort": "fewest-common"})
        rows = list(response.context["drugs"])
        common = [
            DrugSideEffect.objects.filter(drug=drug, frequency__lte=COMMON).count() for drug in rows
        ]
        assert common == sorted(common)

    def test_junk_sort_falls_back_to_name(self, condition, client):
        response = client.get(condition.get_absolute_url(), {"sort": "price"})
        assert response.status_code == 200
        names = [drug.name for drug in response.context["drugs"]]
        assert names == sorted(names)

    def test_list_counts_published_drugs(self, condition, client):
        naproxen = Drug.objects.filter(slug="naproxen")
        with changing(drugs=naproxen.values_list("pk", flat=True)):
            naproxen.unpublish()
        response = client.get(reverse("monographs:condition-list"))
        assert {c.slug: c.drug_count for c in response.context["conditions"]}["test-pain"] == 2

    def test_unknown_condition_is_not_found(self, client):
        assert client.get("/conditions/nowhere/").status_code == 404


def test_drugs_without_frequencies_do_not_win_fewest_common(client):
    graded, ungraded = Drug.objects.filter(slug__in=["ibuprofen", "warfarin"])
    with changing(drugs=[graded.pk, ungraded.pk]):
        condition = Condition.objects.create(name="Test ache", slug="test-ache")
        condition.drugs.add(graded, ungraded)
        ungraded.side_effect_links.update(frequency=DrugSideEffect.Frequency.NOT_KNOWN)
    response = client.get(condition.get_absolute_url(), {"sort": "fewest-common"})
    assert [drug.slug for drug in response.context["drugs"]][-1] == ungraded.slug
