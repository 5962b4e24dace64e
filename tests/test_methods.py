"""HTTP methods: TRACE is refused on every URL, and the machines' function views (sitemap,
feed) refuse what they do not answer, like the class-based pages: 405 with Allow."""

import pytest
from django.urls import URLPattern, reverse

from medsite import urls as site_urls
from monographs.models import Condition
from monographs.public import urls as public_urls

pytestmark = pytest.mark.django_db

SLUGS = {
    "drug-detail": "ibuprofen",
    "side-effect-detail": "headache",
}


def sample_url(namespace, pattern):
    kwargs = {}
    for name in pattern.pattern.converters:
        if name == "section":
            kwargs[name] = "drugs"
        elif pattern.name == "condition-detail":
            kwargs[name] = Condition.objects.with_published_drug_counts().first().slug
        else:
            kwargs[name] = SLUGS[pattern.name]
    return reverse(f"{namespace}{pattern.name}", kwargs=kwargs)


def every_url():
    """A URL for every pattern of medsite/urls.py and monographs/public/urls.py, and a few
    of the admin's and of none."""
    urls = [
        sample_url("", pattern)
        for pattern in site_urls.urlpatterns
        if isinstance(pattern, URLPattern)
    ]
    urls += [sample_url("monographs:", pattern) for pattern in public_urls.urlpatterns]
    return [*urls, "/admin/", "/admin/login/", "/admin/monographs/drug/", "/no-such-page/"]


def allowed(response):
    return {method.strip() for method in response["Allow"].split(",")}


def test_every_url_is_covered():
    urls = every_url()
    assert len(urls) == len(set(urls)) == 23
    assert {"/sitemap.xml", "/sitemap-drugs.xml", "/feeds/updated/", "/robots.txt"} <= set(urls)


@pytest.mark.parametrize("method", ["TRACE", "TRACK"])
def test_trace_is_refused_everywhere(client, admin_user, method):
    client.force_login(admin_user)  # the request would echo the session cookie
    for url in every_url():
        response = client.generic(method, url)
        assert response.status_code == 405, url
        assert "GET" in allowed(response) and "TRACE" not in allowed(response), url


MACHINES = ["/sitemap.xml", "/sitemap-drugs.xml", "/feeds/updated/"]


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
def test_the_machines_answer_get_and_head_only(client, method):
    for url in MACHINES:
        response = client.generic(method, url)
        assert response.status_code == 405, url
        assert allowed(response) == {"GET", "HEAD"}, url


def test_the_machines_still_answer_get_and_head(client):
    for url in [*MACHINES, "/robots.txt"]:
        assert client.get(url).status_code == 200, url
        assert client.head(url).status_code == 200, url


def test_a_class_based_page_names_its_own_methods(client):
    response = client.post("/drugs/")
    assert response.status_code == 405
    assert allowed(response) == {"GET", "HEAD", "OPTIONS"}
    assert client.options("/drugs/").status_code == 200


def test_the_admin_still_takes_its_forms(client, admin_user):
    client.force_login(admin_user)
    response = client.post("/admin/markdown-preview/", {"content": "**bold**"})
    assert response.status_code == 200
    assert b"<strong>bold</strong>" in response.content
