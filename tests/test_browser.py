"""Real-browser journeys in the system Chromium, driven by Playwright."""

import re
import secrets
from importlib import import_module

import pytest

from tests.chromium import new_page, skip_module_without_chromium

skip_module_without_chromium()

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_follows_a_side_effect_to_a_drug(live_server, seeded, page):
    page.goto(live_server.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Drug information in plain language")
    page.get_by_role("link", name=re.compile(r"^Headache \d+ drugs$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Headache")
    page.get_by_role("link", name="Interferon beta-1b", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Interferon beta-1b")
    expect(page.locator("#side-effects")).to_contain_text("fever, chills, muscle aches")
    expect(page.locator("#dosage")).to_contain_text("Initial dose")


def test_visitor_finds_drugs_that_commonly_cause_throwing_up(live_server, seeded, page):
    page.goto(live_server.url)
    box = page.get_by_label("Which drugs can cause…")
    box.press_sequentially("throwing up", delay=30)
    expect(page.get_by_role("option").first).to_contain_text("Vomiting")
    box.press("ArrowDown")
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vomiting")
    page.get_by_role("checkbox", name="Very common: more than 1 in 10 people", exact=True).check()
    page.get_by_role("checkbox", name="Common: up to 1 in 10 people", exact=True).check()
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"tier=very-common&tier=common"))
    headings = page.locator("main h2").all_inner_texts()
    assert headings and all(
        text.startswith(("Very common:", "Common:"))
        for text in headings
        if text != "Related side effects"
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


@pytest.fixture
def editorial_team(seeded, django_user_model):
    """An editor and a reviewer with passwords (flushing emptied the migration's groups)."""
    from django.contrib.auth.models import Group, Permission

    roles = import_module("monographs.migrations.0008_editor_and_reviewer_groups")
    roles.grant_roles(Group, Permission)
    team = {}
    for username, name, group in [("edna", "Edna", "Editor"), ("rita", "Rita", "Reviewer")]:
        password = secrets.token_urlsafe(16)
        user = django_user_model.objects.create_user(
            username, password=password, is_staff=True, first_name=name, last_name="Example"
        )
        user.groups.add(Group.objects.get(name=group))
        team[username] = password
    return team


def log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(
        page.get_by_role("link", name="Log out").or_(page.get_by_role("button", name="Log out"))
    ).to_be_visible()


def test_editor_changes_a_dose_and_a_reviewer_publishes_it(live_server, editorial_team, browser):
    new_dose = "Inject 0.125 mg every other day from week 3 (changed in review)."
    drug_url = f"{live_server.url}/drugs/interferon-beta-1b/"
    with new_page(browser) as editor, new_page(browser) as reviewer, new_page(browser) as visitor:
        # The editor opens the published monograph, starts a draft and changes a dose.
        log_in(editor, live_server, "edna", editorial_team["edna"])
        editor.get_by_role("link", name="Drugs").first.click()
        editor.get_by_role("searchbox").fill("interferon")
        editor.keyboard.press("Enter")
        editor.get_by_role("link", name="Interferon beta-1b").click()
        expect(editor.locator(".workflow-panel")).to_contain_text("Visitors see this version")
        editor.get_by_role("button", name="Edit a draft").click()
        expect(editor.locator(".workflow-panel")).to_contain_text("working draft")
        editor.locator("input[name='dosages-0-amount']").fill("0.125")
        editor.locator("textarea[name='dosages-0-instructions']").fill(new_dose)
        editor.get_by_role("button", name="Save and submit for review").click()
        expect(editor.locator(".messagelist")).to_contain_text("submitted for review")

        # Visitors still see the published dose.
        visitor.goto(drug_url)
        expect(visitor.locator("#dosage")).to_be_visible()
        expect(visitor.locator("#dosage")).not_to_contain_text(new_dose)

        # The reviewer finds it in the worklist, previews it and publishes it.
        log_in(reviewer, live_server, "rita", editorial_team["rita"])
        reviewer.get_by_role("link", name=re.compile(r"^1 awaiting review")).click()
        reviewer.get_by_role("link", name="Interferon beta-1b").click()
        reviewer.get_by_role("link", name=re.compile("open the draft")).click()
        reviewer.get_by_role("link", name="Preview").click()
        expect(reviewer.locator(".preview-banner")).to_contain_text(
            "Preview: draft of a published monograph, in review"
        )
        expect(reviewer.locator("#dosage")).to_contain_text(new_dose)
        reviewer.go_back()
        reviewer.get_by_label("Sign off my medical review of this version").check()
        reviewer.get_by_role("button", name="Save and publish").click()
        expect(reviewer.locator(".messagelist")).to_contain_text("is published")

        # The public page shows the new dose and the review line.
        visitor.goto(drug_url)
        expect(visitor.locator("#dosage")).to_contain_text(new_dose)
        expect(visitor.locator(".review-line")).to_contain_text(
            re.compile(r"Last reviewed on \d+ \w+ \d{4} by Rita Example")
        )


def add_with_keyboard(page, words, name, box_name="Add a drug"):
    box = page.get_by_role("combobox", name=box_name)
    box.press_sequentially(words, delay=20)
    option = page.get_by_role("listbox", name="Suggested drugs").get_by_role("option").first
    expect(option).to_contain_text(name)
    box.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_visitor_checks_three_drugs_from_a_drug_page(live_server, seeded, page):
    page.goto(f"{live_server.url}/drugs/ciprofloxacin/")
    page.get_by_role("link", name=re.compile(r"^Check interactions with")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Interaction checker")
    expect(page.locator(".empty")).to_contain_text("Add at least one more drug")
    add_with_keyboard(page, "warf", "Warfarin")
    add_with_keyboard(page, "napro", "Naproxen")
    expect(page).to_have_url(
        re.compile(r"/interactions/\?drug=ciprofloxacin&drug=warfarin&drug=naproxen$")
    )
    pairs = page.locator("article.pair")
    expect(pairs).to_have_count(3)
    class_pair = pairs.filter(has_text="Ciprofloxacin and Naproxen")
    expect(class_pair).to_contain_text("through the class NSAIDs, which includes Naproxen")
    class_pair.get_by_role("link", name="Ciprofloxacin’s monograph").first.click()
    expect(page).to_have_url(re.compile(r"/drugs/ciprofloxacin/#interactions$"))


def test_visitor_compares_two_drugs_from_a_condition_page(live_server, seeded, page):
    page.goto(f"{live_server.url}/conditions/pain/")
    page.get_by_role("checkbox", name="Compare Ibuprofen").check()
    page.get_by_role("checkbox", name="Compare Naproxen").check()
    page.get_by_role("button", name="Compare the two ticked").click()
    expect(page).to_have_url(re.compile(r"/compare/\?drug=ibuprofen&drug=naproxen$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ibuprofen and Naproxen compared")
    table = page.get_by_role("table", name="Side effects of Ibuprofen and Naproxen")
    shared = table.locator("tbody").first
    expect(shared.locator(".group")).to_contain_text("Listed by both")
    expect(shared.get_by_role("row").nth(1).get_by_role("cell")).to_have_count(2)
    # Another drug in place of one: remove it, then choose by typing.
    page.get_by_role("link", name="Remove Naproxen").click()
    add_with_keyboard(page, "warf", "Warfarin", box_name="Compare Ibuprofen with")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ibuprofen and Warfarin compared")
    page.get_by_role("link", name=re.compile("^Check what Ibuprofen and Warfarin state")).click()
    expect(page.locator("article.pair")).to_contain_text("Warfarin’s monograph")
