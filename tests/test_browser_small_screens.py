"""Visitor pages on a phone (390 px) and a desktop (1280 px), in the system Chromium: what
is on the first screen, what stays in view, and that nothing runs past the page's edge."""

import re

import pytest

from monographs.editorial.changes import changing
from monographs.models import Condition, Drug
from tests.chromium import new_page
from tests.test_browser import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def phone(browser):
    with new_page(browser, viewport=PHONE) as page:
        yield page


@pytest.fixture
def desktop(browser):
    with new_page(browser, viewport=DESKTOP) as page:
        yield page


def overflows_the_page(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def assert_nav_links_on_one_line_each(page):
    links = page.locator("nav[aria-label='Main'] a")
    assert links.count() == 4
    for index in range(links.count()):
        # A link broken over two lines ("Drugs A–" / "Z") has two boxes.
        assert links.nth(index).evaluate("link => link.getClientRects().length") == 1


def test_phone_listing_shows_the_count_and_results_first(live_server, seeded, phone):  # noqa: F811
    phone.goto(f"{live_server.url}/drugs/?kind=single")
    assert_nav_links_on_one_line_each(phone)
    expect(phone.locator(".result-count")).to_be_visible()
    filters = phone.locator("details.filter-panel")
    expect(filters.locator("summary")).to_contain_text("Filter the drugs (1 active)")
    expect(phone.get_by_label("Sort by")).to_be_hidden()
    first_result = phone.locator(".drug-list a").first
    expect(first_result).to_be_visible()
    box = first_result.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], box
    assert not overflows_the_page(phone)

    # Opened, the filters work as before.
    filters.locator("summary").click()
    phone.get_by_label("Name", exact=True).fill("in")
    phone.get_by_role("button", name="Apply filters").click()
    expect(phone).to_have_url(re.compile(r"q=in"))
    expect(phone.locator("details.filter-panel summary")).to_contain_text("(2 active)")


def test_desktop_listing_shows_the_filters_open(live_server, seeded, desktop):  # noqa: F811
    desktop.goto(f"{live_server.url}/drugs/")
    assert_nav_links_on_one_line_each(desktop)
    expect(desktop.get_by_label("Sort by")).to_be_visible()
    expect(desktop.locator("details.filter-panel summary")).to_be_hidden()


def condition_with_seed_drugs():
    drugs = Drug.objects.published()
    with changing(drugs=drugs.values_list("pk", flat=True)):
        condition = Condition.objects.create(
            name="Small screen test pain", slug="small-screen-pain"
        )
        condition.drugs.add(*drugs)
    return condition


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_comparison_scrolls_in_its_box_with_drug_names_in_view(
    live_server,
    seeded,  # noqa: F811
    browser,  # noqa: F811
    viewport,
):
    condition = condition_with_seed_drugs()
    with new_page(browser, viewport=viewport) as page:
        page.goto(live_server.url + condition.get_absolute_url())
        scroller = page.locator(".table-scroll")
        first_name = page.locator(".comparison tbody th").first
        first_cell = page.locator(".comparison tbody td").first
        expect(first_name).to_be_visible()
        assert not overflows_the_page(page)
        wider = scroller.evaluate("box => box.scrollWidth - box.clientWidth")
        if viewport is PHONE:
            assert wider > 200, "the table should be wider than a phone"
        if wider <= 0:
            return  # it fits: nothing is cut off
        first_name.scroll_into_view_if_needed()
        name_at, cell_at = first_name.bounding_box()["x"], first_cell.bounding_box()["x"]
        scroller.evaluate("box => { box.scrollLeft = 200; }")
        assert first_name.bounding_box()["x"] == name_at  # sticky
        assert first_cell.bounding_box()["x"] < cell_at  # the rest scrolled
        # The name is drawn over the scrolled cells, not under them.
        box = first_name.bounding_box()
        on_top = page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).closest('th')?.scope",
            [box["x"] + 5, box["y"] + 5],
        )
        assert on_top == "row"


def test_phone_drug_page_starts_with_the_essentials(live_server, seeded, phone):  # noqa: F811
    phone.goto(f"{live_server.url}/drugs/interferon-beta-1b/")
    assert_nav_links_on_one_line_each(phone)
    box = phone.get_by_role("region", name="At a glance")
    expect(box).to_be_visible()
    expect(box).to_contain_text("Usual adult dose")
    expect(box).to_contain_text("Serious warning signs")
    assert box.bounding_box()["y"] < PHONE["height"]
    assert not overflows_the_page(phone)
    box.get_by_role("link", name="When to get medical help").click()
    expect(phone).to_have_url(re.compile("#medical-help$"))
    expect(phone.get_by_role("heading", name="When to get medical help")).to_be_in_viewport()
    phone.get_by_role("link", name="Back to top").click()
    expect(phone.get_by_role("heading", level=1)).to_be_in_viewport()


def test_print_button_prints_without_the_navigation(live_server, seeded, desktop):  # noqa: F811
    desktop.add_init_script("window.print = () => { window.printed = true; };")
    desktop.goto(f"{live_server.url}/drugs/interferon-beta-1b/")
    desktop.get_by_role("button", name="Print this page").click()
    assert desktop.evaluate("window.printed") is True
    desktop.emulate_media(media="print")
    expect(desktop.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(desktop.get_by_role("button", name="Print this page")).to_be_hidden()
    expect(desktop.get_by_role("region", name="At a glance")).to_be_visible()
    expect(desktop.get_by_role("complementary", name="Medical disclaimer")).to_be_visible()


def test_without_javascript_print_is_hidden_and_share_is_a_mailto_link(
    live_server,
    seeded,  # noqa: F811
    browser,  # noqa: F811
):
    with new_page(browser, java_script_enabled=False) as page:
        page.goto(f"{live_server.url}/drugs/interferon-beta-1b/")
        expect(page.get_by_role("button", name="Print this page")).to_be_hidden()
        share = page.get_by_role("link", name="Share this page")
        expect(share).to_have_attribute("href", re.compile(r"^mailto:\?subject=Interferon"))
