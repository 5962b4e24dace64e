"""WCAG 2.2 AA checks of the public pages with axe-core, in the system Chromium.

Each page is loaded with Playwright, axe-core (the npm package, installed into
tests/axe/node_modules by `npm ci --prefix tests/axe`, which `make install` runs) is
injected, and no violation of impact "serious" or "critical" may remain.
"""

import os
import re
from importlib import import_module

import pytest
from django.utils.text import slugify

from tests.chromium import CHROMIUM, launched_chromium, new_page
from tests.conftest import ROOT

AXE_JS = ROOT / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    }
}
BLOCKING_IMPACTS = {"serious", "critical"}

MISSING = []
if not CHROMIUM.exists():
    MISSING.append(f"Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)")
if not AXE_JS.exists():
    MISSING.append(
        f"axe-core at {AXE_JS.relative_to(ROOT)} (npm ci --prefix tests/axe, which "
        "`make install` runs when npm exists)"
    )
MISSING_REASON = "accessibility tests need " + " and ".join(MISSING)

if MISSING and not os.environ.get("CI"):
    pytest.skip(f"{MISSING_REASON}; CI installs them and runs these tests", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    if MISSING:
        # Only reached on CI (CI is set): there a missing tool is a failure, not a skip.
        pytest.fail(MISSING_REASON)
    with launched_chromium() as browser:
        yield browser


@pytest.fixture
def page(browser):
    # bypass_csp: injecting axe must work whatever Content-Security-Policy the site sends.
    with new_page(browser, bypass_csp=True) as page:
        yield page


def make_condition():
    """A condition with three published seed drugs, so its page has something to compare."""
    from monographs.editorial.changes import changing
    from monographs.models import Condition, Drug

    condition = Condition.objects.create(
        name="Accessibility test condition",
        slug=slugify("Accessibility test condition"),
        description="A condition made up by the accessibility tests.",
    )
    drugs = list(
        Drug.objects.published().filter(
            slug__in=["interferon-beta-1b", "glatiramer-acetate", "dimethyl-fumarate"]
        )
    )
    assert len(drugs) >= 2, "the seed drugs the condition page needs were not imported"
    with changing(drugs=[drug.pk for drug in drugs]):
        for drug in drugs:
            drug.conditions.add(condition)
    return condition


def run_axe(page):
    """axe-core's violations on the page as it is now (only WCAG 2.0–2.2 A/AA rules)."""
    # Colour-contrast results mean nothing without the site's CSS: make sure it applied.
    loaded_rules = page.evaluate(
        """() => Array.from(document.styleSheets).reduce((count, sheet) => {
            try { return count + sheet.cssRules.length; } catch (e) { return count; }
        }, 0)"""
    )
    assert loaded_rules > 0, f"no stylesheet applied on {page.url}: check static files"
    page.add_script_tag(path=str(AXE_JS))
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return results["violations"]


def describe(violations, limit=5):
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{len(violation['nodes'])} element(s)] {violation['helpUrl']}"
        )
        for node in violation["nodes"][:limit]:
            target = " ".join(" >>> ".join(t) if isinstance(t, list) else t for t in node["target"])
            why = (node.get("failureSummary") or "").replace("\n", " ").strip()
            lines.append(f"    {target}  —  {why}")
        if len(violation["nodes"]) > limit:
            lines.append(f"    … and {len(violation['nodes']) - limit} more")
    return "\n".join(lines)


def assert_no_serious_violations(page):
    violations = run_axe(page)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, (
        f"{len(blocking)} serious/critical WCAG 2.2 AA violation(s) on {page.url}:\n"
        + describe(blocking)
    )


PAGES = [
    pytest.param("/", 200, id="home"),
    pytest.param(
        "/drugs/?side_effect=headache&common_only=on&kind=single", 200, id="drug-list-filtered"
    ),
    pytest.param("/drugs/interferon-beta-1b/", 200, id="drug-detail"),
    pytest.param("/side-effects/?q=throwing+up", 200, id="side-effect-search"),
    pytest.param("/side-effects/", 200, id="side-effect-a-z"),
    pytest.param("/side-effects/headache/", 200, id="side-effect-detail"),
    pytest.param("/conditions/", 200, id="condition-list"),
    pytest.param("/conditions/?q=pain", 200, id="condition-list-filtered"),
    pytest.param("/drugs/?letter=mm&kind=single", 200, id="drug-list-unusable-letter"),
    pytest.param(None, 200, id="condition-detail"),
    pytest.param("/search/?q=headache", 200, id="site-search"),
    pytest.param("/this-page-does-not-exist/", 404, id="not-found"),
    pytest.param("/interactions/", 200, id="interaction-checker-empty"),
    pytest.param(
        "/interactions/?drug=ciprofloxacin&drug=warfarin&drug=naproxen&drug=amlodipine-benazepril",
        200,
        id="interaction-checker",
    ),
    pytest.param("/interactions/?drug=warfarn&drug=ibuprofen", 200, id="interaction-not-found"),
    pytest.param("/compare/?drug=warfarin", 200, id="compare-one-drug"),
    pytest.param("/compare/?drug=ibuprofen&drug=warfarin", 200, id="compare-two-drugs"),
    pytest.param(
        "/compare/?drug=ibuprofen&drug=naproxn&drug=warfarin", 200, id="compare-not-found"
    ),
]


@pytest.mark.parametrize("path, status", PAGES)
def test_page_has_no_serious_wcag_violations(live_server, seeded, page, path, status):
    condition = make_condition()
    if path is None:
        path = condition.get_absolute_url()
    response = page.goto(live_server.url + path, wait_until="load")
    if path.startswith("/search/") and response.status == 404:
        pytest.skip("/search/ does not exist yet (404): no site-wide search page to check")
    assert response.status == status, f"{path} answered {response.status}, expected {status}"
    if status == 404:
        # The site's own 404 template (tests run with DEBUG off), not Django's debug page.
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    else:
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_serious_violations(page)


SMALL_SCREEN_PAGES = [
    pytest.param("/drugs/?kind=single", False, id="drug-list"),
    pytest.param("/drugs/?kind=single", True, id="drug-list-filters-open"),
    pytest.param("/drugs/interferon-beta-1b/", False, id="drug-detail"),
    pytest.param(None, False, id="condition-detail"),
    pytest.param("/compare/?drug=ibuprofen&drug=warfarin", False, id="compare-two-drugs"),
]


@pytest.mark.parametrize("path, open_filters", SMALL_SCREEN_PAGES)
def test_phone_sized_page_has_no_serious_wcag_violations(
    live_server, seeded, browser, path, open_filters
):
    """At 390 px: the collapsed filters, the At a glance box, the sticky comparison column."""
    condition = make_condition()
    with new_page(browser, bypass_csp=True, viewport={"width": 390, "height": 844}) as page:
        page.goto(live_server.url + (path or condition.get_absolute_url()), wait_until="load")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        if open_filters:
            page.locator("details.filter-panel summary").click()
            expect(page.get_by_label("Sort by")).to_be_visible()
        assert_no_serious_violations(page)


def open_suggestions(page, live_server):
    page.goto(live_server.url + "/", wait_until="load")
    box = page.get_by_role("combobox", name=re.compile("Which drugs can cause"))
    box.press_sequentially("throwing up", delay=20)
    listbox = page.get_by_role("listbox", name="Suggested side effects")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(listbox.get_by_role("option").first).to_contain_text("Vomiting")
    return box, listbox


def test_suggestion_combobox_works_with_the_keyboard(live_server, seeded, page):
    box, listbox = open_suggestions(page, live_server)
    box.press("ArrowDown")
    first = listbox.get_by_role("option").first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/side-effects/vomiting/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Vomiting")


@pytest.mark.parametrize("highlighted", [False, True], ids=["list-open", "option-highlighted"])
def test_home_with_open_suggestions_has_no_serious_wcag_violations(
    live_server, seeded, page, highlighted
):
    box, listbox = open_suggestions(page, live_server)
    if highlighted:
        box.press("ArrowDown")
        expect(listbox.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    assert_no_serious_violations(page)
    expect(listbox).to_be_visible()


def test_interaction_checker_with_open_suggestions_has_no_serious_wcag_violations(
    live_server, seeded, page
):
    page.goto(live_server.url + "/interactions/?drug=warfarin", wait_until="load")
    box = page.get_by_role("combobox", name="Add a drug")
    box.press_sequentially("ibu", delay=20)
    listbox = page.get_by_role("listbox", name="Suggested drugs")
    expect(listbox.get_by_role("option").first).to_contain_text("Ibuprofen")
    box.press("ArrowDown")
    assert_no_serious_violations(page)
    expect(listbox).to_be_visible()


def test_vocabulary_review_page_has_no_serious_wcag_violations(live_server, seeded, page):
    """The admin's vocabulary review page, signed in as a reviewer, with terms to review."""
    from django.contrib.auth.models import Group, Permission

    from monographs.models import Drug, DrugSideEffect, SideEffect
    from tests.roles import account

    # Flushing emptied the migration's groups.
    import_module("monographs.migrations.0008_editor_and_reviewer_groups").grant_roles(
        Group, Permission
    )
    reviewer = account("reviewer")
    reviewer.set_password("a-test-password-only")
    reviewer.save()
    drug = Drug.objects.published().first()
    for name in ["Headache pain", "Painful tummy", "Generally well borne"]:
        term = SideEffect.objects.create(name=name, slug=slugify(name))
        DrugSideEffect.objects.create(drug=drug, side_effect=term, order=99)
    page.goto(live_server.url + "/admin/monographs/sideeffect/review/")
    page.get_by_label("Username").fill(reviewer.username)
    page.get_by_label("Password").fill("a-test-password-only")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vocabulary review")
    expect(page.get_by_role("checkbox", name="Select Painful tummy")).to_be_visible()
    assert_no_serious_violations(page)


def test_home_with_open_drug_suggestions_has_no_serious_wcag_violations(live_server, seeded, page):
    page.goto(live_server.url + "/", wait_until="load")
    box = page.get_by_role("combobox", name="Find a drug by name")
    box.press_sequentially("ibup", delay=20)
    listbox = page.get_by_role("listbox", name="Suggested drugs")
    expect(listbox.get_by_role("option").first).to_contain_text("Ibuprofen")
    expect(box).to_have_attribute("aria-expanded", "true")
    assert_no_serious_violations(page)
    box.press("ArrowDown")
    expect(listbox.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    assert_no_serious_violations(page)


def test_comparison_with_open_suggestions_has_no_serious_wcag_violations(live_server, seeded, page):
    page.goto(live_server.url + "/compare/?drug=ibuprofen", wait_until="load")
    box = page.get_by_role("combobox", name="Compare Ibuprofen with")
    box.press_sequentially("napr", delay=20)
    listbox = page.get_by_role("listbox", name="Suggested drugs")
    expect(listbox.get_by_role("option").first).to_contain_text("Naproxen")
    box.press("ArrowDown")
    assert_no_serious_violations(page)
    expect(listbox).to_be_visible()


def test_drug_page_with_class_availability_and_a_twin_has_no_serious_wcag_violations(
    live_server, seeded, page
):
    """The drug class, the availability badge and the "Similar monographs" note."""
    from monographs.models import Drug
    from tests.factories import DrugFactory

    ibuprofen = Drug.objects.get(slug="ibuprofen")
    assert ibuprofen.drug_class and ibuprofen.availability  # the seed states both
    DrugFactory(name="Ibuprofen", slug="ibuprofen-2")
    page.goto(live_server.url + "/drugs/ibuprofen/", wait_until="load")
    expect(page.get_by_role("complementary", name="Similar monographs")).to_be_visible()
    expect(page.locator(".availability")).to_be_visible()
    assert_no_serious_violations(page)
