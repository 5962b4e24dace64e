"""The drug page's "At a glance" box and "When to get medical help", and the small-screen
shapes of /drugs/ and a condition's comparison (their looks: tests/test_browser.py)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from monographs.models import Condition, Dosage, Drug, DrugSideEffect
from monographs.public.at_a_glance import MOST_COMMON, MOST_SERIOUS, at_a_glance
from tests.factories import DrugFactory, DrugSideEffectFactory, SideEffectFactory
from tests.test_views import PAGES

pytestmark = pytest.mark.django_db

Population = Dosage.Population
Frequency = DrugSideEffect.Frequency


def dosage(drug, population, amount=None, instructions="", **fields):
    return Dosage.objects.create(
        drug=drug,
        population=population,
        amount=None if amount is None else Decimal(amount),
        unit="mg" if amount is not None else "",
        instructions=instructions,
        **fields,
    )


def link(drug, name, frequency=Frequency.COMMON, serious=False, **fields):
    side_effect = SideEffectFactory(name=name)
    return DrugSideEffectFactory(
        drug=drug, side_effect=side_effect, frequency=frequency, serious=serious, **fields
    )


def fetched(drug):
    return Drug.objects.published().with_monograph().get(pk=drug.pk)


def section(html, element_id):
    """The HTML of the <section> (or element) with this id, up to its end tag."""
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def drug():
    """A monograph with every part the box draws on, in an order that tests the choices."""
    drug = DrugFactory(name="Glancetamab")
    drug.conditions.add(Condition.objects.create(name="Test cough", slug="test-cough"))
    dosage(drug, Population.CHILDREN, "5", frequency="once daily")
    dosage(drug, Population.GENERAL, "20", frequency="once daily")
    dosage(drug, Population.ADULTS, instructions="Take *one* tablet with food.")
    dosage(drug, Population.ADULTS, "10", frequency="twice daily", label="Starting dose")
    link(drug, "Glance rash", Frequency.UNCOMMON)
    link(drug, "Glance yawning", Frequency.COMMON)
    link(drug, "Glance hiccups", Frequency.VERY_COMMON)
    link(drug, "Glance fainting", Frequency.RARE, serious=True, note="sudden")
    link(drug, "Glance bleeding", Frequency.UNCOMMON, serious=True)
    return drug


class TestAtAGlanceData:
    def test_usual_dose_is_the_first_adult_entry_that_states_an_amount(self, drug):
        # Not the children's, not the general one, not the adults' text without an amount.
        dose = at_a_glance(fetched(drug)).usual_dose
        assert (dose.population, dose.amount) == (Population.ADULTS, Decimal("10"))

    def test_without_an_adult_amount_the_general_entry_with_one_is_next(self, drug):
        drug.dosages.filter(population=Population.ADULTS, amount__isnull=False).delete()
        assert at_a_glance(fetched(drug)).usual_dose.amount == Decimal("20")

    def test_without_any_adult_amount_the_first_adult_text_stands(self, drug):
        drug.dosages.exclude(population=Population.CHILDREN).update(amount=None, unit="")
        dose = at_a_glance(fetched(drug)).usual_dose
        assert dose.instructions == "Take *one* tablet with food."

    def test_a_childrens_dose_is_never_the_usual_adult_dose(self, drug):
        drug.dosages.exclude(population=Population.CHILDREN).delete()
        assert at_a_glance(fetched(drug)).usual_dose is None

    def test_common_side_effects_are_the_very_common_and_common_ones_first(self, drug):
        glance = at_a_glance(fetched(drug))
        names = [link.side_effect.name for link in glance.common_side_effects]
        assert names == ["Glance hiccups", "Glance yawning"]
        assert glance.more_common_side_effects == 0

    def test_a_long_list_of_common_ones_is_cut_with_a_count_of_the_rest(self, drug):
        for number in range(MOST_COMMON + 1):
            link(drug, f"Glance common {number}")
        glance = at_a_glance(fetched(drug))
        assert len(glance.common_side_effects) == MOST_COMMON
        assert glance.more_common_side_effects == 3  # 2 + 7 common ones, 6 named

    def test_one_more_is_named_rather_than_counted(self, drug):
        for number in range(MOST_COMMON - 1):
            link(drug, f"Glance common {number}")
        glance = at_a_glance(fetched(drug))
        assert len(glance.common_side_effects) == MOST_COMMON + 1
        assert glance.more_common_side_effects == 0

    def test_serious_side_effects_are_the_serious_ones_most_common_first(self, drug):
        serious = at_a_glance(fetched(drug)).serious_side_effects
        assert [link.side_effect.name for link in serious] == [
            "Glance bleeding",
            "Glance fainting",
        ]

    def test_a_long_list_of_serious_ones_is_cut_in_the_box_only(self, drug):
        for number in range(MOST_SERIOUS + 1):
            link(drug, f"Glance serious {number}", Frequency.RARE, serious=True)
        glance = at_a_glance(fetched(drug))
        assert len(glance.serious_in_box) == MOST_SERIOUS
        assert glance.more_serious_side_effects == 3  # 2 + 9 serious ones, 8 named
        assert len(glance.serious_side_effects) == MOST_SERIOUS + 3

    def test_a_monograph_with_none_of_the_parts_has_no_box(self):
        assert not at_a_glance(fetched(DrugFactory()))

    def test_it_makes_no_query_of_its_own(self, drug, django_assert_num_queries):
        drug = fetched(drug)
        with django_assert_num_queries(0):
            assert at_a_glance(drug)


class TestDrugPage:
    def test_box_shows_what_it_treats_dose_and_side_effects(self, drug, client):
        html = client.get(drug.get_absolute_url()).content.decode()
        box = section(html, "glance-title")
        assert '<a href="/conditions/test-cough/">Test cough</a>' in box
        assert "<strong>10 mg, twice daily</strong>" in box
        assert "Starting dose" in box
        assert "20 mg" not in box and "5 mg" not in box
        assert re.search(r"Glance hiccups</a>, <a[^>]*>Glance yawning</a>", box)
        assert "Glance rash" not in box  # uncommon and not serious
        assert re.search(r"Glance bleeding</a>, <a[^>]*>Glance fainting</a>", box)
        assert html.index("glance-title") < html.index('id="usage"')

    def test_a_dose_in_words_is_rendered_as_markdown(self, drug, client):
        drug.dosages.update(amount=None, unit="")
        html = client.get(drug.get_absolute_url()).content.decode()
        assert "Take <em>one</em> tablet with food." in section(html, "glance-title")

    def test_medical_help_lists_the_serious_side_effects_for_visitors(self, drug, client):
        html = client.get(drug.get_absolute_url()).content.decode()
        help_section = section(html, "medical-help")
        assert "When to get medical help" in help_section
        assert "get medical help straight away" in help_section
        items = re.findall(r"<li>(.*?)</li>", help_section, re.S)
        assert len(items) == 2
        assert "Glance bleeding" in items[0] and "Uncommon: up to 1 in 100 people" in items[0]
        assert "(sudden)" in items[1]
        assert '<a href="#medical-help">When to get medical help</a>' in html  # jump link
        assert "does not constitute medical advice" in html  # the disclaimer stays

    def test_no_serious_side_effects_no_medical_help_section(self, drug, client):
        DrugSideEffect.objects.filter(drug=drug).update(serious=False)
        html = client.get(drug.get_absolute_url()).content.decode()
        assert 'id="medical-help"' not in html
        assert "#medical-help" not in html
        assert "Serious warning signs" not in html

    def test_a_visitor_sees_an_unreviewed_term_in_the_sources_words_unlinked(self, drug, client):
        term = SideEffectFactory(name="Glance wobble", is_reviewed=False)
        DrugSideEffectFactory(drug=drug, side_effect=term, serious=True, source_text="Wobbly knees")
        html = client.get(drug.get_absolute_url()).content.decode()
        box = section(html, "glance-title")
        assert "Wobbly knees" in box
        assert term.get_absolute_url() not in html

    def test_share_and_print(self, drug, client):
        html = client.get(drug.get_absolute_url()).content.decode()
        assert (
            '<a href="mailto:?subject=Glancetamab%20%C2%B7%20MedSite&amp;body='
            'http%3A%2F%2Ftestserver%2Fdrugs%2Fglancetamab%2F" '
            'data-share="http://testserver/drugs/glancetamab/">Share this page</a>'
        ) in html
        # The print button needs the script: hidden until it runs.
        assert '<li data-print hidden><button type="button">Print this page</button></li>' in html
        assert "monographs/page-tools.js" in html
        assert '<a href="#top">Back to top</a>' in html
        assert 'id="top"' in html

    def test_the_box_adds_no_query(self, drug, client, django_assert_num_queries):
        # The same budget as the seeds' drug page: the box reads what the page fetched.
        url, budget = PAGES["drug page"]
        with django_assert_num_queries(budget):
            assert client.get(url).status_code == 200
        with django_assert_num_queries(budget):
            assert client.get(drug.get_absolute_url()).status_code == 200

    def test_a_monograph_without_the_parts_has_no_box(self, client):
        html = client.get(DrugFactory().get_absolute_url()).content.decode()
        assert "At a glance" not in html


class TestDrugListOnSmallScreens:
    def test_count_and_active_filters_come_before_the_collapsed_filters(self, client):
        html = client.get(reverse("monographs:drug-list"), {"kind": "single"}).content.decode()
        assert html.index('class="result-count"') < html.index('class="active-filters"')
        assert html.index('class="active-filters"') < html.index("<details")
        assert '<details class="filter-panel">' in html  # closed
        assert "Filter the drugs" in html and "(1 active)" in html

    @pytest.mark.parametrize(
        "params", [{"side_effect": "no-such-term"}, {"unknown": "florp"}], ids=str
    )
    def test_filters_open_when_there_is_something_to_read_in_them(self, client, params):
        html = client.get(reverse("monographs:drug-list"), params).content.decode()
        assert '<details class="filter-panel" open>' in html

    def test_back_to_top_on_a_long_page_only(self, client):
        long_page = client.get(reverse("monographs:drug-list")).content.decode()
        short_page = client.get(reverse("monographs:drug-list"), {"q": "ibuprofen"})
        assert '<a href="#top">Back to top</a>' in long_page
        assert b"Back to top" not in short_page.content
