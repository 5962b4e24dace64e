"""Pages for machines: JSON-LD on drug pages, the sitemap, robots.txt and the Atom feed."""

import html
import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from monographs.editorial.changes import changing
from monographs.models import Condition, Dosage, Drug, Precaution, SideEffect
from monographs.public import sitemaps
from monographs.public.structured_data import plain_text
from tests.factories import DrugFactory, DrugSideEffectFactory

pytestmark = pytest.mark.django_db

HOSTILE = "</script><script>alert(1)</script>"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# A browser ends a script element at the first "</script", whatever the JSON says.
JSONLD_SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script', re.S | re.I)


def drug_url(slug):
    return reverse("monographs:drug-detail", kwargs={"slug": slug})


def absolute(path):
    return f"http://testserver{path}"


def head_of(response):
    page = response.content.decode()
    return page[page.index("<head>") : page.index("</head>")]


def jsonld(client, slug):
    """The JSON-LD of a drug page, read from its <head> as a browser would cut it."""
    response = client.get(drug_url(slug))
    assert response.status_code == 200
    (script,) = JSONLD_SCRIPT.findall(head_of(response))
    return json.loads(script)


def names(items):
    return [item["name"] for item in items]


class TestDrugJsonLd:
    def test_describes_the_drug_from_the_database(self, client):
        drug = Drug.objects.get(slug="interferon-beta-1b")
        data = jsonld(client, drug.slug)
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "Drug"
        assert data["name"] == drug.name
        assert data["url"] == absolute(drug_url(drug.slug))
        assert data["description"] == drug.summary
        assert data["nonProprietaryName"] == (drug.generic_name or drug.name)
        assert data["activeIngredient"] == [drug.name]
        assert data["dateModified"] == drug.updated_at.isoformat()

    def test_side_effects_are_split_by_seriousness(self, client):
        drug = Drug.objects.get(slug="interferon-beta-1b")
        data = jsonld(client, drug.slug)
        links = drug.side_effect_links.select_related("side_effect")
        serious = [link.side_effect.name for link in links if link.serious]
        not_serious = [link.side_effect.name for link in links if not link.serious]
        assert serious and not_serious
        assert names(data["seriousAdverseOutcome"]) == serious
        assert names(data["adverseOutcome"]) == not_serious
        headache = next(item for item in data["adverseOutcome"] if item["name"] == "Headache")
        assert headache == {
            "@type": "MedicalSignOrSymptom",
            "name": "Headache",
            "url": absolute(reverse("monographs:side-effect-detail", kwargs={"slug": "headache"})),
            # The codes of the standards that name it: HPO's id, and the UMLS CUI HPO gives.
            "code": [
                {"@type": "MedicalCode", "codeValue": "HP:0002315", "codingSystem": "HPO"},
                {"@type": "MedicalCode", "codeValue": "C0018681", "codingSystem": "UMLS"},
            ],
        }

    def test_combination_lists_each_ingredient(self, client):
        assert Drug.objects.get(slug="sitagliptin-metformin").name == "Sitagliptin + Metformin"
        data = jsonld(client, "sitagliptin-metformin")
        assert data["activeIngredient"] == ["Sitagliptin", "Metformin"]

    def test_interacting_drugs_link_published_monographs_only(self, client):
        data = jsonld(client, "ibuprofen")
        warfarin = {"@type": "Drug", "name": "Warfarin", "url": absolute(drug_url("warfarin"))}
        assert warfarin in data["interactingDrug"]
        linked = Drug.objects.get(slug="ibuprofen").interactions.exclude(interacting_drug=None)
        assert len(data["interactingDrug"]) == linked.count()
        assert "Anticoagulants" not in names(data["interactingDrug"])  # a class, no monograph

        Drug.objects.filter(slug="warfarin").unpublish()
        assert "Warfarin" not in names(jsonld(client, "ibuprofen")["interactingDrug"])

    def test_dose_schedule_from_structured_doses_and_text(self, client):
        drug = Drug.objects.get(slug="ibuprofen")
        data = jsonld(client, drug.slug)
        structured = drug.dosages.filter(
            population=Dosage.Population.ALL_AGES, amount_max=None
        ).exclude(amount=None)[0]
        assert {
            "@type": "DoseSchedule",
            "name": structured.label,
            "targetPopulation": "Adults and children",
            "doseValue": int(structured.amount),
            "doseUnit": structured.unit,
        } in data["doseSchedule"]
        textual = drug.dosages.filter(amount=None).exclude(instructions="")[0]
        assert {
            "@type": "DoseSchedule",
            "name": textual.label,
            "targetPopulation": textual.get_population_display(),
            "description": f"{textual.label}: {plain_text(textual.instructions)}",
        } in data["doseSchedule"]

    def test_fractional_dose_is_a_json_number(self, client):
        drug = DrugFactory()
        Dosage.objects.create(drug=drug, label="Start", amount=Decimal("0.0625"), unit="mg")
        (schedule,) = jsonld(client, drug.slug)["doseSchedule"]
        assert schedule == {
            "@type": "DoseSchedule",
            "name": "Start",
            "doseValue": 0.0625,
            "doseUnit": "mg",
        }

    def test_text_fields_are_plain_text(self, client):
        drug = DrugFactory(
            mechanism="It **blocks** [COX](https://example.org) &amp; more.\n\nSo <b>x</b> < y."
        )
        Precaution.objects.create(
            drug=drug, topic="Kidneys", kind="warning", text="Avoid *NSAIDs*."
        )
        Precaution.objects.create(drug=drug, topic="Alcohol", kind="other", text="Limit it.")
        data = jsonld(client, drug.slug)
        assert data["mechanismOfAction"] == "It blocks COX & more. So x < y."
        assert data["warning"] == ["Kidneys: Avoid NSAIDs."]

    def test_conditions_are_indications(self, client):
        drug = Drug.objects.get(slug="ibuprofen")
        drug.conditions.set(
            [
                Condition.objects.get_or_create(slug="pain", defaults={"name": "Pain"})[0],
                Condition.objects.get_or_create(slug="fever", defaults={"name": "Fever"})[0],
            ]
        )
        assert jsonld(client, drug.slug)["indication"] == [
            {"@type": "MedicalIndication", "name": name, "url": absolute(f"/conditions/{slug}/")}
            for name, slug in [("Fever", "fever"), ("Pain", "pain")]
        ]

    def test_empty_properties_are_left_out(self, client):
        drug = DrugFactory(summary="", usage="")
        assert set(jsonld(client, drug.slug)) == {
            "@context", "@type", "name", "url", "nonProprietaryName", "activeIngredient",
            "dateModified",
        }  # fmt: skip

    def test_hostile_text_cannot_leave_the_script_element(self, client):
        drug = DrugFactory(
            name=f"Evil {HOSTILE} & <!-- ]]>",
            slug="evil",
            summary=HOSTILE,
            generic_name=HOSTILE,
            mechanism=f"`{HOSTILE}`",
        )
        response = client.get(drug_url(drug.slug))
        page = response.content.decode()
        assert "<script>alert(1)" not in page
        (script,) = JSONLD_SCRIPT.findall(head_of(response))
        assert not set("<>&") & set(script)
        data = json.loads(script)  # the whole JSON survived inside the element
        assert data["name"] == drug.name
        assert data["description"] == HOSTILE
        assert data["mechanismOfAction"] == HOSTILE
        assert page.count("<script") - page.count('<script src="/static/') == 1

    def test_hostile_text_in_every_field_stays_in_the_json(self, client):
        """Whatever reaches the JSON-LD from any field, the page keeps one inert script."""
        payload = f"{HOSTILE} <!-- ]]> & <img src=x onerror=alert(1)> `{HOSTILE}`"
        drug = Drug.objects.get(slug="ibuprofen")
        for field in ("summary", "generic_name", "mechanism"):
            setattr(drug, field, payload)
        drug.save()
        drug.dosages.update(label=payload[:190], instructions=payload, amount=None, amount_max=None)
        drug.precautions.update(topic=payload[:190], text=payload)
        drug.conditions.set([Condition.objects.create(name=payload[:190], slug="hostile")])
        Drug.objects.filter(slug="warfarin").update(name=payload[:190])
        side_effect = drug.side_effect_links.first().side_effect
        SideEffect.objects.filter(pk=side_effect.pk).update(name=payload[:190])
        response = client.get(drug_url(drug.slug))
        page = response.content.decode()
        assert page.count("<script") - page.count('<script src="/static/') == 1
        (script,) = JSONLD_SCRIPT.findall(head_of(response))
        data = json.loads(script)
        assert data["description"] == payload
        assert payload[:190] in names(data["interactingDrug"])
        assert names(data["indication"]) == [payload[:190]]
        outcomes = data["adverseOutcome"] + data.get("seriousAdverseOutcome", [])
        assert payload[:190] in names(outcomes)


def test_drug_page_query_budget_is_unchanged(client, django_assert_num_queries):
    drug = Drug.objects.get(slug="sitagliptin-metformin")
    drug.conditions.add(
        Condition.objects.get_or_create(
            slug="type-2-diabetes", defaults={"name": "Type 2 diabetes"}
        )[0]
    )
    for slug in ("interferon-beta-1b", "ibuprofen", "sitagliptin-metformin"):
        with django_assert_num_queries(9):  # test_views.PAGES, with "Similar monographs"
            assert client.get(drug_url(slug)).status_code == 200


def test_drug_page_has_canonical_link_and_meta_description(client):
    drug = Drug.objects.get(slug="warfarin")
    head = head_of(client.get(drug_url(drug.slug)))
    assert f'<link rel="canonical" href="{absolute(drug_url(drug.slug))}">' in head
    assert f'<meta name="description" content="{escape(drug.summary)}">' in head

    nameless = DrugFactory(name="Plainamab", summary="")
    head = head_of(client.get(drug_url(nameless.slug)))
    assert '<meta name="description" content="Plainamab: uses, dosage, side effects' in head


def sitemap_locs(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


class TestSitemap:
    def test_index_lists_every_section(self, client):
        locs = sitemap_locs(client, reverse("sitemap"))
        for section in ("pages", "drugs", "side-effects", "conditions"):
            assert absolute(reverse("sitemap-section", kwargs={"section": section})) in locs

    def test_published_drugs_but_not_drafts(self, client):
        Drug.objects.filter(slug="warfarin").unpublish()
        locs = sitemap_locs(client, reverse("sitemap-section", kwargs={"section": "drugs"}))
        assert absolute(drug_url("ibuprofen")) in locs
        assert absolute(drug_url("warfarin")) not in locs
        assert len(locs) == Drug.objects.published().count()

    def test_drugs_carry_their_last_modification(self, client):
        drug = Drug.objects.get(slug="ibuprofen")
        response = client.get(reverse("sitemap-section", kwargs={"section": "drugs"}))
        root = ET.fromstring(response.content)
        lastmod = {
            url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
            for url in root.iter(f"{SITEMAP}url")
        }
        assert lastmod[absolute(drug_url(drug.slug))] == drug.updated_at.date().isoformat()

    def test_side_effects_of_published_drugs_only(self, client):
        draft_only = DrugSideEffectFactory(drug=DrugFactory(status=Drug.Status.DRAFT)).side_effect
        url = reverse("sitemap-section", kwargs={"section": "side-effects"})
        locs = sitemap_locs(client, url)
        assert absolute(SideEffect.objects.get(slug="headache").get_absolute_url()) in locs
        assert absolute(draft_only.get_absolute_url()) not in locs
        assert len(locs) == SideEffect.objects.public().with_published_drug_counts().count()

    def test_static_pages(self, client):
        locs = sitemap_locs(client, reverse("sitemap-section", kwargs={"section": "pages"}))
        assert locs == [
            absolute(reverse(f"monographs:{name}"))
            for name in ("home", "drug-list", "side-effect-list", "condition-list")
        ]

    def test_conditions_with_published_drugs_only(self, client):
        with changing(everything=True):
            Drug.conditions.through.objects.all().delete()
            pain = Condition.objects.get_or_create(slug="pain", defaults={"name": "Pain"})[0]
            Drug.objects.get(slug="ibuprofen").conditions.add(pain)
            unused = Condition.objects.get_or_create(slug="gout", defaults={"name": "Gout"})[0]
            DrugFactory(status=Drug.Status.DRAFT).conditions.add(unused)
        url = reverse("sitemap-section", kwargs={"section": "conditions"})
        assert sitemap_locs(client, url) == [absolute(pain.get_absolute_url())]

    def test_sections_are_paginated(self, client, monkeypatch):
        monkeypatch.setattr(sitemaps.DrugSitemap, "limit", 10)
        published = Drug.objects.published().count()
        pages = -(-published // 10)
        drugs = absolute(reverse("sitemap-section", kwargs={"section": "drugs"}))
        index = sitemap_locs(client, reverse("sitemap"))
        assert [loc for loc in index if loc.startswith(drugs)] == [drugs] + [
            f"{drugs}?p={page}" for page in range(2, pages + 1)
        ]
        url = reverse("sitemap-section", kwargs={"section": "drugs"})
        seen = [
            loc for page in range(1, pages + 1) for loc in sitemap_locs(client, f"{url}?p={page}")
        ]
        assert len(seen) == len(set(seen)) == published
        assert client.get(f"{url}?p={pages + 1}").status_code == 404

    def test_query_count_does_not_grow_with_the_number_of_drugs(
        self, client, django_assert_max_num_queries
    ):
        """The index counts each section once; a section page counts and reads one page."""
        budgets = {reverse("sitemap"): 4} | {
            reverse("sitemap-section", kwargs={"section": section}): 2
            for section in sitemaps.SITEMAPS
        }
        condition = Condition.objects.create(name="Testitis", slug="testitis")
        for _ in range(2):
            for url, budget in budgets.items():
                with django_assert_max_num_queries(budget):
                    assert client.get(url).status_code == 200
            for _ in range(30):
                DrugSideEffectFactory().drug.conditions.add(condition)

    def test_unknown_section_is_not_found(self, client):
        url = reverse("sitemap-section", kwargs={"section": "nothing"})
        assert client.get(url).status_code == 404


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    lines = response.content.decode().splitlines()
    assert lines[:3] == ["User-agent: *", "Allow: /", "Disallow: /admin/"]
    assert "Sitemap: http://testserver/sitemap.xml" in lines


class TestUpdatedFeed:
    url = "/feeds/updated/"

    def entries(self, client):
        response = client.get(self.url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/atom+xml")
        root = ET.fromstring(response.content)
        assert root.tag == f"{ATOM}feed"
        for required in ("id", "title", "updated", "author"):
            assert root.find(f"{ATOM}{required}") is not None, required
        return root.findall(f"{ATOM}entry")

    def test_entries_newest_first_without_drafts(self, client):
        later = timezone.now() + timedelta(days=1)
        for hours, slug in enumerate(["warfarin", "ibuprofen", "metformin"]):
            Drug.objects.filter(slug=slug).update(updated_at=later - timedelta(hours=hours))
        Drug.objects.filter(slug="warfarin").unpublish()
        entries = self.entries(client)
        links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
        assert links[:2] == [absolute(drug_url("ibuprofen")), absolute(drug_url("metformin"))]
        assert absolute(drug_url("warfarin")) not in links
        updated = [entry.findtext(f"{ATOM}updated") for entry in entries]
        assert updated == sorted(updated, reverse=True)

    def test_entry_fields(self, client):
        Drug.objects.filter(slug="ibuprofen").update(updated_at=timezone.now())
        drug = Drug.objects.get(slug="ibuprofen")
        entry = self.entries(client)[0]
        assert entry.findtext(f"{ATOM}title") == drug.name
        assert entry.findtext(f"{ATOM}id") == absolute(drug_url(drug.slug))
        assert entry.findtext(f"{ATOM}updated") == drug.updated_at.isoformat()
        assert entry.find(f"{ATOM}summary").get("type") == "html"
        assert html.unescape(entry.findtext(f"{ATOM}summary")) == drug.summary

    def test_thirty_entries_at_most(self, client):
        for _ in range(40 - Drug.objects.published().count()):
            DrugFactory()
        assert len(self.entries(client)) == 30

    def test_hostile_text_stays_text(self, client):
        DrugFactory(name=HOSTILE, slug="hostile", summary=HOSTILE)
        entry = self.entries(client)[0]
        assert entry.findtext(f"{ATOM}title") == HOSTILE
        assert entry.findtext(f"{ATOM}summary") == (
            "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
        )

    def test_linked_from_every_page(self, client):
        link = (
            '<link rel="alternate" type="application/atom+xml"'
            f' title="Recently updated monographs" href="{self.url}">'
        )
        assert link in head_of(client.get("/"))
        assert link in head_of(client.get(drug_url("ibuprofen")))
