"""The Content-Security-Policy header: enforced with debug off, report-only in development,
and never stored with a cached page. tests/test_csp_browser.py shows the pages work under it."""

import secrets

import pytest
from csp.utils import build_policy
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from monographs.serving.csp import CSPMiddleware
from monographs.serving.middleware import NOT_STORED, PublicPageCacheMiddleware
from tests.test_settings import manage

ENFORCED = "Content-Security-Policy"
REPORT_ONLY = "Content-Security-Policy-Report-Only"
DRUG_PAGE = "/drugs/interferon-beta-1b/"

# What a request to robots.txt (no database needed) answers, printed by the settings of
# the environment given to `manage.py shell`.
PRINT_HEADERS = (
    "from django.test import Client; response = Client().get('/robots.txt'); "
    f"print(response.status_code); print(response.get({ENFORCED!r}, '-')); "
    f"print(response.get({REPORT_ONLY!r}, '-'))"
)


def directives(header):
    parts = (directive.split() for directive in header.split(";") if directive.strip())
    return {part[0]: part[1:] for part in parts}


def served_headers(tmp_path, **env):
    result = manage(
        "shell",
        "-c",
        PRINT_HEADERS,
        DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        **env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    status, enforced, report_only = result.stdout.strip().splitlines()[-3:]
    assert status == "200"
    return enforced, report_only


EXPECTED = {
    "default-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def test_production_settings_enforce_the_policy(tmp_path):
    enforced, report_only = served_headers(
        tmp_path,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_SECURE_SSL="0",
    )
    assert directives(enforced) == EXPECTED
    assert report_only == "-"


def test_development_only_reports_violations(tmp_path):
    enforced, report_only = served_headers(tmp_path, DJANGO_DEBUG="1")
    assert enforced == "-"
    assert directives(report_only) == EXPECTED


def test_policy_allows_no_inline_script_or_style(settings):
    policy = settings.MEDSITE_CSP["DIRECTIVES"]
    for sources in policy.values():
        assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources
    assert not {"script-src", "style-src"} & set(policy)  # both fall back to default-src


@pytest.mark.django_db
def test_a_cached_page_gets_the_policy_in_force_not_a_stored_one(
    client, settings, django_assert_num_queries
):
    settings.MEDSITE_PAGE_CACHE = True
    settings.CONTENT_SECURITY_POLICY = settings.MEDSITE_CSP
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = None
    cache.clear()
    first = client.get(DRUG_PAGE)
    assert directives(first[ENFORCED]) == EXPECTED

    # A new policy (a deploy) shows on the page served from the cache.
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**settings.MEDSITE_CSP["DIRECTIVES"], "img-src": ["'self'", "data:"]}
    }
    with django_assert_num_queries(1):  # served from the cache
        second = client.get(DRUG_PAGE)
    assert second.content == first.content
    assert directives(second[ENFORCED])["img-src"] == ["'self'", "data:"]
    assert REPORT_ONLY not in second
    cache.clear()


def test_the_page_cache_never_stores_a_policy():
    assert {ENFORCED, REPORT_ONLY} <= NOT_STORED
    response = HttpResponse("page")
    response[ENFORCED] = "script-src 'nonce-abc'"
    response[REPORT_ONLY] = "script-src 'nonce-abc'"
    headers = dict(PublicPageCacheMiddleware.entry(response)["headers"])
    assert ENFORCED not in headers and REPORT_ONLY not in headers


def answer(response):
    request = RequestFactory().get("/")
    return CSPMiddleware(lambda request: response)(request)


def test_the_policy_built_once_is_the_one_django_csp_builds(settings):
    settings.DEBUG = False
    settings.CONTENT_SECURITY_POLICY = settings.MEDSITE_CSP
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = None
    assert answer(HttpResponse("page"))[ENFORCED] == build_policy()

    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert answer(HttpResponse("page"))[ENFORCED] == "default-src 'none'"


def test_a_response_with_its_own_policy_goes_through_django_csp(settings):
    settings.DEBUG = False
    settings.CONTENT_SECURITY_POLICY = settings.MEDSITE_CSP
    response = HttpResponse("page")
    response._csp_update = {"img-src": ["data:"]}  # what @csp_update sets
    assert "data:" in directives(answer(response)[ENFORCED])["img-src"]

    exempt = HttpResponse("page")
    exempt._csp_exempt = True  # what @csp_exempt sets
    assert ENFORCED not in answer(exempt)
