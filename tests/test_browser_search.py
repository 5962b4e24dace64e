"""Real-browser journeys of drug-name search (issue 15, defect 5): a typo with "did you
mean", a brand name, the drug box's suggestions. System Chromium, driven by Playwright."""

import re

import pytest
from django.db import connection

from tests.chromium import skip_module_without_chromium

skip_module_without_chromium()

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def record_brands(slug, brands):
    from monographs.editorial.changes import changing
    from monographs.models import Drug

    drug = Drug.objects.get(slug=slug)
    with changing(drugs=[drug.pk]):
        Drug.objects.filter(pk=drug.pk).update(brand_names=brands)


def test_visitor_mistypes_a_drug_and_follows_did_you_mean(live_server, seeded, page):
    page.goto(live_server.url)
    box = page.get_by_role("combobox", name="Find a drug by name")
    box.fill("ibuprofin")
    page.get_by_role("button", name="Search drugs").click()
    expect(page).to_have_url(re.compile(r"/drugs/\?q=ibuprofin"))
    expect(page.locator(".result-count")).to_have_text("0 drugs match")
    page.locator(".did-you-mean").get_by_role("link", name="Ibuprofen").click()
    expect(page).to_have_url(re.compile(r"q=Ibuprofen"))
    page.locator("main .drug-list").get_by_role("link", name="Ibuprofen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ibuprofen")

    page.goto(f"{live_server.url}/search/?q=metformn")
    if connection.vendor == "sqlite":
        # FTS5 matches words and their starts, so the typo finds nothing and the page
        # offers the name; PostgreSQL's trigram similarity on names finds it at once.
        page.locator(".did-you-mean").get_by_role("link", name="Metformin", exact=True).click()
        expect(page.get_by_role("status")).to_contain_text("match")
    expect(
        page.locator(".search-results").get_by_role("link", name="Metformin", exact=True)
    ).to_be_visible()


def test_visitor_finds_a_generic_monograph_by_its_brand(live_server, seeded, page):
    record_brands("atorvastatin", "Lipitor")
    page.goto(live_server.url)
    box = page.get_by_role("combobox", name="Find a drug by name")
    box.press_sequentially("lipit", delay=30)
    option = page.get_by_role("listbox", name="Suggested drugs").get_by_role("option").first
    expect(option).to_contain_text("Atorvastatin")
    expect(option).to_contain_text("Lipitor")
    box.press("ArrowDown")
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Atorvastatin")
    expect(page.locator(".monograph-header")).to_contain_text("Brand names: Lipitor")

    page.goto(f"{live_server.url}/search/?q=Lipitor")
    page.get_by_role("region", name="Drugs named “Lipitor”").get_by_role(
        "link", name="Atorvastatin"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Atorvastatin")
