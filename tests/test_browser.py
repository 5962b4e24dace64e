"""Real-browser journeys in the system Chromium, driven by Playwright."""

import os
import re
import secrets

import pytest
from django.core.management import call_command

from tests.chromium import CHROMIUM, launched_chromium, new_page
from tests.conftest import SEEDS

if not CHROMIUM.exists() and not os.environ.get("CI"):
    pytest.skip(
        f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium, or set "
        "CHROMIUM_PATH); CI installs it and runs them",
        allow_module_level=True,
    )

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    with launched_chromium() as browser:
        yield browser


@pytest.fixture
def page(browser):
    with new_page(browser) as page:
        yield page


@pytest.fixture
def seeded(transactional_db):
    call_command("import_monographs", str(SEEDS), verbosity=0)


def test_visitor_follows_a_side_effect_to_a_drug(live_server, seeded, page):
    page.goto(live_server.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Drug information in plain language")
    page.get_by_role("link", name=re.compile(r"^Headache \d+ drugs$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Headache")
    page.get_by_role("link", name="Interferon beta-1b", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Interferon beta-1b")
    expect(page.locator("#side-effects")).to_contain_text("fever, chills, muscle aches")
    expect(page.locator("#dosage")).to_contain_text("Initial dose")


def test_editor_changes_a_faq_answer_and_the_public_page_shows_it(
    live_server, seeded, page, django_user_model
):
    password = secrets.token_urlsafe(16)
    django_user_model.objects.create_superuser("editor", "editor@example.org", password)

    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Drugs").first.click()
    page.get_by_role("searchbox").fill("interferon")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Interferon beta-1b").click()

    answer = page.locator("textarea[name='faqs-1-answer']")
    answer.fill("Keep it in the refrigerator; it may stay at room temperature for up to a week.")
    page.locator("input[name='_save']").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(f"{live_server.url}/drugs/interferon-beta-1b/")
    expect(page.locator("#faqs")).to_contain_text("room temperature for up to a week")


def test_visitor_finds_drugs_that_commonly_cause_throwing_up(live_server, seeded, page):
    page.goto(live_server.url)
    box = page.get_by_label("Which drugs can cause…")
    box.press_sequentially("throwing up", delay=30)
    expect(page.get_by_role("option").first).to_contain_text("Vomiting")
    box.press("ArrowDown")
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vomiting")
    page.get_by_label("How common").select_option(label="Common")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"frequency=1"))
    headings = page.locator("main h2").all_inner_texts()
    assert headings and all(
        text.startswith("Common") for text in headings if text != "Related side effects"
    )
    first = page.locator("main .drug-list a").first
    name = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.locator("#side-effects")).to_contain_text("Vomiting")


def test_visitor_compares_the_drugs_for_a_condition(live_server, seeded, page):
    page.goto(f"{live_server.url}/conditions/")
    page.get_by_role("link", name=re.compile(r"^High blood pressure")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("High blood pressure")
    table = page.get_by_role("table")
    expect(table).to_be_visible()
    rows = table.locator("tbody tr")
    assert rows.count() >= 3
    page.get_by_label("Sort drugs by").select_option(label="Fewest common side effects")
    page.get_by_role("button", name="Sort").click()
    counts = [
        int(text.split(" of ")[0])
        for text in table.locator("tbody tr td:nth-child(2)").all_inner_texts()
    ]
    assert counts == sorted(counts)
    table.locator("tbody tr th a").first.click()
    expect(page.locator("#usage")).to_contain_text("blood pressure")
