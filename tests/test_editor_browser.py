"""The editors' tools in the system Chromium: the leave-page warning, autosave and its
restore, the draft form at 1280 px with its save bar in view (and the link to it on a
phone), scheduled publishing with time moved forward, reordering inline rows (drag, or the
keyboard's buttons), and axe-core on the admin pages they changed."""

import secrets
from datetime import timedelta
from importlib import import_module

import pytest
from django.core.management import call_command
from django.utils import timezone

from monographs.models import DraftAutosave, Drug
from tests.chromium import new_page, skip_module_without_chromium
from tests.conftest import SEEDS

skip_module_without_chromium()

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor_page(browser, live_server, django_user_model):
    """A page signed in as an editor, on a seeded database."""
    from django.contrib.auth.models import Group, Permission

    call_command("import_monographs", str(SEEDS), verbosity=0)
    roles = import_module("monographs.migrations.0008_editor_and_reviewer_groups")
    roles.grant_roles(Group, Permission)
    password = secrets.token_urlsafe(16)
    user = django_user_model.objects.create_user(
        "edna", password=password, is_staff=True, first_name="Edna"
    )
    user.groups.add(Group.objects.get(name="Reviewer"))
    with new_page(browser, viewport={"width": 1280, "height": 900}, bypass_csp=True) as page:
        page.goto(f"{live_server.url}/admin/")
        page.get_by_label("Username").fill("edna")
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("button", name="Log out")).to_be_visible()
        yield page


def open_draft(page, live_server):
    """Start the working draft of a published monograph in the admin; returns it."""
    drug = Drug.objects.get(slug="interferon-beta-1b")
    page.goto(f"{live_server.url}/admin/monographs/drug/{drug.pk}/change/")
    page.get_by_role("button", name="Edit a draft").click()
    expect(page.locator(".workflow-panel")).to_contain_text("working draft")
    return Drug.objects.get(draft_of=drug)


def test_leaving_a_changed_form_asks_first_but_saving_does_not(live_server, editor_page):
    page = editor_page
    open_draft(page, live_server)
    url = page.url
    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    # Untouched, the form lets the editor go.
    page.get_by_role("link", name="Preview").click()
    expect(page.locator(".preview-banner")).to_be_visible()
    assert dialogs == []
    page.go_back()
    page.locator("[name='summary']").fill("Typed, not saved.")
    page.get_by_role("link", name="Preview").click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url == url  # she stayed, with her text
    expect(page.locator("[name='summary']")).to_have_value("Typed, not saved.")
    # Saving is no leaving.
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert dialogs == ["beforeunload"]


def test_autosave_is_kept_apart_and_offered_back(live_server, editor_page):
    page = editor_page
    page.clock.install()
    draft = open_draft(page, live_server)
    revisions = draft.monograph.revisions.count()
    page.locator("[name='summary']").fill("Autosaved words.")
    page.clock.run_for(21_000)
    expect(page.locator(".autosave-status")).to_contain_text("Autosaved at")
    kept = DraftAutosave.objects.get(drug=draft)
    assert ["summary", "Autosaved words.", ""] in kept.fields
    assert draft.monograph.revisions.count() == revisions  # not a revision
    assert Drug.objects.get(pk=draft.pk).summary != "Autosaved words."

    page.on("dialog", lambda dialog: dialog.accept())  # she leaves without saving
    page.goto(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/monographs/drug/{draft.pk}/change/")
    offer = page.locator("#autosave-offer")
    expect(offer).to_be_visible()
    expect(page.locator("[name='summary']")).not_to_have_value("Autosaved words.")
    offer.get_by_role("button", name="Restore my changes").click()
    expect(page.locator("[name='summary']")).to_have_value("Autosaved words.")
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert Drug.objects.get(pk=draft.pk).summary == "Autosaved words."
    assert not DraftAutosave.objects.filter(drug=draft).exists()


def test_the_draft_form_fits_1280_px_with_its_save_bar_in_view(live_server, editor_page):
    page = editor_page
    open_draft(page, live_server)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    publish = page.locator(".save-bar").get_by_role("button", name="Save and publish")
    expect(publish).to_be_in_viewport()  # at the top of a form thousands of pixels tall
    page.mouse.wheel(0, 4000)
    expect(publish).to_be_in_viewport()
    page.goto(f"{live_server.url}/admin/monographs/drug/")
    cell = page.locator("#result_list td.field-updated").first
    box, table = cell.bounding_box(), page.locator("#changelist-form").bounding_box()
    assert box["x"] + box["width"] <= table["x"] + table["width"] + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_on_a_phone_a_link_in_view_leads_to_the_save_bar(live_server, editor_page):
    page = editor_page
    open_draft(page, live_server)
    page.set_viewport_size({"width": 390, "height": 844})
    jump = page.get_by_role("link", name="Save or publish ↓")
    publish = page.locator(".save-bar").get_by_role("button", name="Save and publish")
    expect(jump).to_be_in_viewport()
    expect(publish).not_to_be_in_viewport()  # the bar sits at the foot of the long form
    page.mouse.wheel(0, 4000)
    expect(jump).to_be_in_viewport()
    jump.click()
    expect(publish).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_scheduled_draft_is_published_when_the_time_has_come(live_server, editor_page, browser):
    page = editor_page
    draft = open_draft(page, live_server)
    page.locator("textarea[name='dosages-0-instructions']").fill("Scheduled dose text.")
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist")).to_be_visible()
    when = timezone.localtime() + timedelta(days=1)
    page.get_by_label("Publish this version at").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Schedule publishing").click()
    expect(page.locator(".scheduled-note")).to_contain_text("Scheduled to be published on")
    drug_url = f"{live_server.url}/drugs/interferon-beta-1b/"
    with new_page(browser) as visitor:
        call_command("publish_scheduled", f"--now={(when - timedelta(hours=1)).isoformat()}")
        visitor.goto(drug_url)
        expect(visitor.locator("#dosage")).not_to_contain_text("Scheduled dose text.")
        # The clock moves past the chosen time; the timer runs the command.
        call_command("publish_scheduled", f"--now={(when + timedelta(minutes=1)).isoformat()}")
        visitor.goto(drug_url)
        expect(visitor.locator("#dosage")).to_contain_text("Scheduled dose text.")
    assert not Drug.objects.filter(pk=draft.pk).exists()


def assert_no_serious_violations_in(page, selectors):
    """axe-core on the parts of the page the editors' tools added or changed. (Django's
    own admin widgets have violations of their own: select2 and the tabular inlines'
    unlabelled fields; they are not these tools'.)"""
    from tests import test_accessibility as axe

    page.add_script_tag(path=str(axe.AXE_JS))
    context = {"include": [[selector] for selector in selectors]}
    results = page.evaluate(
        "([context, options]) => axe.run(context, options)", [context, axe.AXE_OPTIONS]
    )
    blocking = [v for v in results["violations"] if v["impact"] in axe.BLOCKING_IMPACTS]
    assert not blocking, axe.describe(blocking)
    return results


@pytest.mark.parametrize("width", [1280, 390])
def test_changed_admin_parts_have_no_serious_wcag_violations(
    live_server, editor_page, django_user_model, width
):
    page = editor_page
    page.set_viewport_size({"width": width, "height": 900})
    draft = open_draft(page, live_server)
    editor = django_user_model.objects.get(username="edna")
    DraftAutosave.objects.create(drug=draft, user=editor, fields=[["summary", "x", ""]])
    page.reload()
    expect(page.locator("#autosave-offer")).to_be_visible()
    results = assert_no_serious_violations_in(
        page, [".save-bar", "#autosave-offer", ".workflow-panel", ".order-controls"]
    )
    assert results["passes"]  # axe looked at something
    page.goto(f"{live_server.url}/admin/monographs/drug/{draft.draft_of_id}/history/")
    assert_no_serious_violations_in(page, ["#content-main"])
    page.goto(f"{live_server.url}/admin/monographs/drug/")
    assert_no_serious_violations_in(page, ["#result_list"])


def faq_questions(page):
    return page.locator("#faqs-group .dynamic-faqs textarea[name$='-question']").evaluate_all(
        "(fields) => fields.map((field) => field.value)"
    )


def faq_orders(page):
    return page.locator("#faqs-group .dynamic-faqs input[name$='-order']").evaluate_all(
        "(fields) => fields.map((field) => field.value)"
    )


def test_an_faq_dragged_above_the_first_is_published_first(live_server, editor_page, browser):
    page = editor_page
    draft = open_draft(page, live_server)
    questions = list(draft.faqs.values_list("question", flat=True))
    assert len(questions) >= 3
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    rows = page.locator("#faqs-group .dynamic-faqs")
    handle = rows.nth(2).get_by_role("img", name="Drag to move this entry")
    expect(handle).to_have_css("cursor", "grab")
    handle.drag_to(rows.nth(0), target_position={"x": 20, "y": 5})
    wanted = [questions[2], questions[0], questions[1], *questions[3:]]
    assert faq_questions(page) == wanted
    assert faq_orders(page) == [str(number) for number in range(len(questions))]
    expect(page.get_by_role("status").filter(has_text="Moved")).to_have_text(
        f"Moved to position 1 of {len(questions)}."
    )
    # The leave-page warning notices a reorder alone.
    page.get_by_role("link", name="Preview").click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]

    page.locator(".save-bar").get_by_role("button", name="Save and publish").click()
    expect(page.locator(".messagelist")).to_contain_text("is published")
    assert list(draft.draft_of.faqs.values_list("question", flat=True)) == wanted
    with new_page(browser) as visitor:
        visitor.goto(f"{live_server.url}/drugs/interferon-beta-1b/")
        shown = visitor.locator("#faqs h3").all_text_contents()
    assert [text.strip() for text in shown] == wanted


def test_keyboard_moves_a_row_with_its_buttons_and_autosave_keeps_the_order(
    live_server, editor_page
):
    page = editor_page
    page.clock.install()
    draft = open_draft(page, live_server)
    questions = list(draft.faqs.values_list("question", flat=True))
    third = page.locator("#faqs-group .dynamic-faqs").nth(2)
    up = third.get_by_role("button", name="Move up")
    up.focus()
    page.keyboard.press("Enter")
    moved_up = (
        page.locator("#faqs-group .dynamic-faqs").nth(1).get_by_role("button", name="Move up")
    )
    expect(moved_up).to_be_focused()  # the focus goes with the row
    page.keyboard.press("Enter")
    first = page.locator("#faqs-group .dynamic-faqs").nth(0)
    expect(first.get_by_role("button", name="Move up")).to_be_focused()
    expect(first.get_by_role("button", name="Move up")).to_have_attribute("aria-disabled", "true")
    wanted = [questions[2], questions[0], questions[1], *questions[3:]]
    assert faq_questions(page) == wanted

    page.clock.run_for(21_000)
    expect(page.locator(".autosave-status")).to_contain_text("Autosaved at")
    kept = dict((name, value) for name, value, _ in DraftAutosave.objects.get(drug=draft).fields)
    by_question = {
        kept[name[: -len("question")] + "order"]: value
        for name, value in kept.items()
        if name.startswith("faqs-") and name.endswith("-question")
    }
    assert [by_question[str(number)] for number in range(len(questions))] == wanted

    # A row added with "Add another" joins at the end, and moves like the others.
    page.locator("#faqs-group .add-row a").click()
    added = page.locator("#faqs-group .dynamic-faqs").last
    expect(added.locator("input[name$='-order']")).to_have_value(str(len(questions)))
    added.locator("textarea[name$='-question']").fill("Typed in a new row?")
    added.locator("textarea[name$='-answer']").fill("Yes.")
    added.get_by_role("button", name="Move up").click()
    assert faq_questions(page)[-2:] == ["Typed in a new row?", questions[-1]]
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist")).to_be_visible()
    saved = list(Drug.objects.get(pk=draft.pk).faqs.values_list("question", flat=True))
    assert saved == [*wanted[:-1], "Typed in a new row?", wanted[-1]]


def test_a_typed_number_moves_the_row_and_a_restored_autosave_keeps_the_order(
    live_server, editor_page
):
    page = editor_page
    page.clock.install()
    draft = open_draft(page, live_server)
    questions = list(draft.faqs.values_list("question", flat=True))
    last = len(questions) - 1
    rows = page.locator("#faqs-group .dynamic-faqs")
    rows.nth(last).locator("input[name$='-order']").fill("0")
    page.keyboard.press("Tab")  # typing another row's number takes that row's place
    assert faq_questions(page) == [questions[last], *questions[:last]]
    expect(rows.nth(0).get_by_role("button", name="Move up")).to_be_focused()
    rows.nth(0).locator("input[name$='-order']").fill("2")
    page.keyboard.press("Tab")
    wanted = [questions[0], questions[1], questions[last], *questions[2:last]]
    assert faq_questions(page) == wanted
    assert faq_orders(page) == [str(number) for number in range(len(questions))]

    page.clock.run_for(21_000)
    expect(page.locator(".autosave-status")).to_contain_text("Autosaved at")
    page.on("dialog", lambda dialog: dialog.accept())  # she leaves without saving
    page.goto(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/monographs/drug/{draft.pk}/change/")
    assert faq_questions(page) == questions
    page.get_by_role("button", name="Restore my changes").click()
    assert faq_questions(page) == wanted
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert list(Drug.objects.get(pk=draft.pk).faqs.values_list("question", flat=True)) == wanted


def test_a_new_row_dragged_above_saved_ones_survives_removing_another_new_row(
    live_server, editor_page
):
    """Removing a new row makes Django rename the rows by their place on the page; a new
    row dragged first must not take a saved row's name (its id) there."""
    page = editor_page
    draft = open_draft(page, live_server)
    questions = list(draft.faqs.values_list("question", flat=True))
    page.locator("#faqs-group .add-row a").click()
    page.locator("#faqs-group .add-row a").click()
    rows = page.locator("#faqs-group .dynamic-faqs")
    added = rows.last
    added.locator("textarea[name$='-question']").fill("Dragged to the top?")
    added.locator("textarea[name$='-answer']").fill("Yes.")
    handle = added.get_by_role("img", name="Drag to move this entry")
    handle.drag_to(rows.first, target_position={"x": 20, "y": 5})
    rows.last.get_by_role("button", name="Remove").click()  # the other new row, blank
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")
    saved = list(Drug.objects.get(pk=draft.pk).faqs.values_list("question", flat=True))
    assert saved == ["Dragged to the top?", *questions]
