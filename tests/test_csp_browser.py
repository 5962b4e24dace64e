"""The Content-Security-Policy, enforced, in the system Chromium: public pages, the admin and
markdownx's live preview work under it with no violation.

The tests run with DEBUG on (report-only), so each one enforces the production policy
(settings.MEDSITE_CSP) itself. A violation is caught three ways: the document's
`securitypolicyviolation` event (reported through an exposed function, which CSP does not
govern), Chromium's console message about it, and any uncaught page error.
"""

import json
import re

import pytest

from tests.chromium import closed_at_the_end, skip_module_without_chromium

skip_module_without_chromium()

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN_FOR_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(
    `${event.disposition} ${event.effectiveDirective}: ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}`
    + (event.sample ? ` (${event.sample})` : "")
  );
});
"""


@pytest.fixture
def enforced_csp(settings):
    """The production policy, enforced, whatever DEBUG the tests run with."""
    settings.CONTENT_SECURITY_POLICY = settings.MEDSITE_CSP
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = None


class Watched:
    """A page whose CSP violations, CSP console messages and page errors are recorded."""

    def __init__(self, page):
        self.page = page
        self.violations = []
        self.console = []
        self.errors = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _console(self, message):
        if "Content Security Policy" in message.text:
            self.console.append(f"{message.type}: {message.text}")

    def violation(self, description):
        self.violations.append(description)

    def problems(self):
        return self.violations + self.console + self.errors

    def assert_clean(self):
        # Let any late event (a preview request, a script run after load) arrive.
        self.page.wait_for_timeout(300)
        assert self.problems() == [], "\n".join(self.problems())


@pytest.fixture
def watched(browser, enforced_csp):
    with closed_at_the_end(browser.new_context()) as context:
        page = context.new_page()
        page.set_default_timeout(15_000)
        watched = Watched(page)
        context.expose_function("reportCspViolation", watched.violation)
        context.add_init_script(script=LISTEN_FOR_VIOLATIONS)
        yield watched


def policy_of(response):
    headers = response.all_headers()
    assert "content-security-policy-report-only" not in headers
    return {
        directive.split()[0]: directive.split()[1:]
        for directive in headers["content-security-policy"].split(";")
        if directive.strip()
    }


def test_a_violation_is_caught(live_server, seeded, watched):
    """The detector itself: an inline script and a style attribute are blocked and seen."""
    page = watched.page
    page.goto(live_server.url + "/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.inlineRan = true";
            document.body.append(script);
            document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>');
        }"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.inlineRan") is None  # blocked, not just reported
    blocked = " ".join(watched.violations)
    assert "enforce script-src-elem" in blocked and "enforce style-src-attr" in blocked, blocked
    assert any("Content Security Policy" in line for line in watched.console)


PUBLIC_PAGES = [
    pytest.param("/", 200, id="home"),
    pytest.param("/drugs/?side_effect=headache&common_only=on", 200, id="drug-list"),
    pytest.param("/drugs/interferon-beta-1b/", 200, id="drug-detail"),
    pytest.param("/side-effects/", 200, id="side-effect-list"),
    pytest.param("/side-effects/headache/", 200, id="side-effect-detail"),
    pytest.param("/conditions/", 200, id="condition-list"),
    pytest.param("/search/?q=headache", 200, id="search"),
    pytest.param("/this-page-does-not-exist/", 404, id="not-found"),
]


@pytest.mark.parametrize("path, status", PUBLIC_PAGES)
def test_public_page_has_no_csp_violation(live_server, seeded, watched, path, status):
    page = watched.page
    response = page.goto(live_server.url + path, wait_until="load")
    assert response.status == status
    policy = policy_of(response)
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    # The site's stylesheet applied (a blocked one has no rules in document.styleSheets).
    rules = page.evaluate(
        "() => Array.from(document.styleSheets).reduce((n, s) => n + s.cssRules.length, 0)"
    )
    assert rules > 0
    watched.assert_clean()


def test_drug_page_json_ld_is_not_blocked(live_server, seeded, watched):
    """JSON-LD is a data block: CSP does not govern it, and it stays readable."""
    page = watched.page
    page.goto(live_server.url + "/drugs/interferon-beta-1b/")
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert data["@type"] == "Drug" and data["name"] == "Interferon beta-1b"
    watched.assert_clean()


def test_side_effect_suggestions_work_under_the_policy(live_server, seeded, watched):
    """suggest.js (a file) runs and fetches suggestions from this site (connect-src)."""
    page = watched.page
    page.goto(live_server.url + "/")
    box = page.get_by_role("combobox", name=re.compile("Which drugs can cause"))
    box.press_sequentially("throwing up", delay=20)
    expect(page.get_by_role("option").first).to_contain_text("Vomiting")
    watched.assert_clean()


@pytest.fixture
def superuser(seeded, django_user_model):
    password = "csp-test-password"
    django_user_model.objects.create_superuser("csp-admin", password=password)
    return "csp-admin", password


def log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(
        page.get_by_role("link", name="Log out").or_(page.get_by_role("button", name="Log out"))
    ).to_be_visible()


def test_admin_and_live_preview_work_under_the_policy(live_server, superuser, watched):
    page = watched.page
    log_in(page, live_server, *superuser)
    # The admin index with its worklists (their CSS is a file now).
    worklists = page.locator(".worklists").first
    expect(worklists).to_be_visible()
    assert worklists.evaluate("(element) => getComputedStyle(element).marginBottom") == "30px"

    # The change list, with its actions, filters and search.
    response = page.goto(f"{live_server.url}/admin/monographs/drug/")
    assert policy_of(response)["frame-ancestors"] == ["'none'"]
    page.get_by_role("searchbox").fill("interferon")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Interferon beta-1b").click()

    # A published monograph: read-only, with the workflow panel (its CSS is a file now).
    panel = page.locator(".workflow-panel")
    expect(panel).to_contain_text("Visitors see this version")
    assert panel.evaluate("(element) => getComputedStyle(element).borderLeftWidth") == "4px"
    page.get_by_role("button", name="Edit a draft").click()
    expect(panel).to_contain_text("working draft")

    # The draft's change form: type Markdown, and the live preview shows it rendered.
    editor = page.locator("textarea[name='usage']")
    preview = page.locator(".markdownx", has=editor).locator(".markdownx-preview")
    editor.fill("")
    editor.press_sequentially("Take **with food** and *plenty* of water.", delay=10)
    expect(preview.locator("strong")).to_have_text("with food")
    expect(preview.locator("em")).to_have_text("plenty")

    # An autocomplete (select2, jQuery) in a new side-effect row of the inline.
    page.locator("#side_effect_links-group .add-row a").click()
    row = page.locator(".dynamic-side_effect_links").last
    row.locator(".select2-selection").click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.fill("headache")
    expect(page.locator(".select2-results__option").first).to_contain_text("Headache")
    page.keyboard.press("Escape")
    # The new row moves up a place (admin-order.js, a file) and the numbers follow it.
    row.get_by_role("button", name="Move up").click()
    rows = page.locator(".dynamic-side_effect_links")
    expect(rows.nth(-2)).not_to_have_class(re.compile("has_original"))
    expect(rows.last).to_have_class(re.compile("has_original"))
    numbers = rows.locator("input[name$='-order']").evaluate_all(
        "(fields) => fields.map((field) => Number(field.value))"
    )
    assert numbers == list(range(len(numbers)))

    # The collapsed fieldset opens (collapse is a <details> element, styled by files).
    page.get_by_text("Other text and provenance").click()
    expect(page.locator("textarea[name='other_notes']")).to_be_visible()
    watched.assert_clean()
