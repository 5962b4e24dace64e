"""The API's docs page (/api/docs/, Swagger UI) in the system Chromium: it renders every
operation from this site's own files, with no request elsewhere, under the enforced
Content-Security-Policy."""

import pytest

from tests import test_csp_browser

# The CSP browser tests' fixtures (and their skip where Chromium is missing).
enforced_csp = test_csp_browser.enforced_csp
watched = test_csp_browser.watched

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_works_offline_under_the_policy(live_server, seeded, watched, tmp_path):
    page = watched.page
    elsewhere = []

    def only_this_site(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_site)
    response = page.goto(live_server.url + "/api/docs/")
    assert response.status == 200
    page.wait_for_selector(".opblock-summary-path", state="attached")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/drugs/{slug}/" in [path.replace("\u200b", "") for path in paths]
    page.screenshot(path=tmp_path / "api-docs.png", full_page=True)
    assert (tmp_path / "api-docs.png").stat().st_size > 10_000
    assert elsewhere == []
    watched.assert_clean()
