"""Details of the public pages a visitor reads: what each tier means, what a count counts,
where a condition leads, the conditions filter, and what "Recently updated" lists."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from monographs.editorial import workflow
from monographs.editorial.changes import changing
from monographs.models import Condition, Drug, DrugSideEffect
from tests.factories import DrugFactory, DrugSideEffectFactory
from tests.roles import account

pytestmark = pytest.mark.django_db

Frequency = DrugSideEffect.Frequency


def visible_text(html):
    """The page's text without tags and without what only screen readers get."""
    html = re.sub(r'<span class="visually-hidden">.*?</span>', "", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_every_tier_on_a_drug_page_says_how_many_people(client):
    drug = DrugFactory(name="Tiered test drug")
    for tier in Frequency:
        DrugSideEffectFactory(drug=drug, frequency=tier)
    html = client.get(drug.get_absolute_url()).content.decode()
    headings = re.findall(r"<h3>([^<]*)</h3>", html)
    assert [heading.split(":")[0] for heading in headings] == [tier.label for tier in Frequency]
    for heading in headings:
        if not heading.startswith(Frequency.NOT_KNOWN.label):
            assert re.search(r": (more than |up to )?1 in [\d,]+ people$", heading), heading


def test_side_effect_search_results_label_their_count(client):
    html = client.get("/side-effects/", {"q": "headache"}).content.decode()
    count = DrugSideEffect.objects.filter(
        side_effect__slug="headache", drug__status=Drug.Status.PUBLISHED
    ).count()
    assert count > 1
    assert f"listed by {count} drugs" in visible_text(html)
    html = client.get("/search/", {"q": "headache"}).content.decode()
    assert f"Headache {count} drugs" in visible_text(html)


def test_used_for_links_each_condition_to_its_page(client):
    drug = Drug.objects.get(slug="ibuprofen")
    first = Condition.objects.create(name="Acute testitis", slug="acute-testitis")
    second = Condition.objects.create(name="Chronic testitis", slug="chronic-testitis")
    drug.conditions.set([first, second])
    html = client.get(drug.get_absolute_url()).content.decode()
    assert (
        '<p>Used for: <a href="/conditions/acute-testitis/">Acute testitis</a>, '
        '<a href="/conditions/chronic-testitis/">Chronic testitis</a></p>'
    ) in html
    assert client.get("/conditions/acute-testitis/").status_code == 200


class TestConditionsFilter:
    @pytest.fixture(autouse=True)
    def conditions(self):
        drug = Drug.objects.get(slug="ibuprofen")
        with changing(drugs=[drug.pk]):
            for name in ("Rheumatoid testitis", "Knee testitis", "Fictional fever"):
                condition = Condition.objects.create(name=name, slug=name.lower().replace(" ", "-"))
                condition.drugs.add(drug)

    def test_the_filter_box_narrows_the_list_without_javascript(self, client):
        response = client.get("/conditions/", {"q": "TESTITIS"})
        names = [condition.name for condition in response.context["conditions"]]
        assert names == ["Knee testitis", "Rheumatoid testitis"]
        html = response.content.decode()
        assert '<form method="get"' in html and 'name="q" value="TESTITIS"' in html
        assert "2 conditions match “TESTITIS”" in html

    def test_no_match_says_so_and_offers_all(self, client):
        html = client.get("/conditions/", {"q": "zzz"}).content.decode()
        assert "No condition matches “zzz”" in html
        assert "Fictional fever" not in html

    def test_the_page_without_a_filter_lists_every_condition(self, client):
        response = client.get("/conditions/")
        assert {"Fictional fever", "Knee testitis", "Rheumatoid testitis"} <= {
            condition.name for condition in response.context["conditions"]
        }


class TestRecentlyUpdated:
    def recent(self, client):
        return client.get("/").context["recent_drugs"]

    def test_editorial_changes_come_first_newest_first(self, client):
        reviewer = account("reviewer")
        older, newer = Drug.objects.get(slug="warfarin"), Drug.objects.get(slug="acetaminophen")
        for drug in (older, newer):
            Drug.objects.filter(pk=drug.pk).unpublish()
            workflow.publish(Drug.objects.get(pk=drug.pk), reviewer)
        Drug.objects.filter(pk=older.pk).update(published_at=timezone.now() - timedelta(days=1))
        # An import after the edits is no editorial change: it comes after them.
        Drug.objects.filter(slug="naproxen").update(updated_at=timezone.now() + timedelta(days=1))
        recent = list(self.recent(client))
        assert [drug.slug for drug in recent[:2]] == ["acetaminophen", "warfarin"]
        assert all(drug.published_at is None for drug in recent[2:])

    def test_a_monograph_no_editor_changed_says_imported(self, client):
        html = client.get("/").content.decode()
        section = html.split('id="recent-title"')[1].split("</section>")[0]
        assert section.count("imported <time") == 8
        assert "updated <time" not in section
        Drug.objects.filter(slug="warfarin").unpublish()
        workflow.publish(Drug.objects.get(slug="warfarin"), account("reviewer"))
        html = client.get("/").content.decode()
        section = html.split('id="recent-title"')[1].split("</section>")[0]
        assert re.search(r'Warfarin</a> <span class="muted">updated <time', section)

    def test_the_listing_sorts_the_same_way(self, client):
        Drug.objects.filter(slug="warfarin").unpublish()
        workflow.publish(Drug.objects.get(slug="warfarin"), account("reviewer"))
        response = client.get("/drugs/", {"sort": "updated"})
        drugs = list(response.context["drugs"])
        assert drugs[0].slug == "warfarin"
        assert [drug.slug for drug in drugs[:8]] == [drug.slug for drug in self.recent(client)]


def test_the_not_found_page_has_a_search_box(client):
    response = client.get("/drugs/no-such-drug/")
    assert response.status_code == 404
    html = response.content.decode()
    form = re.search(r'<form action="([^"]+)" method="get"[^>]*role="search".*?</form>', html, re.S)
    assert form and form.group(1) == "/search/"
    box = re.search(
        r'<label for="([^"]+)">[^<]+</label>\s*<input id="\1" type="search" name="q"', form.group(0)
    )
    assert box
    assert client.get(form.group(1), {"q": "ibuprofen"}).status_code == 200
