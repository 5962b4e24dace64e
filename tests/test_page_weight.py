"""Every drug page, with all it loads, is at most 60 KB over the wire, from this site only."""

import gzip
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache

from monographs.models import Drug

pytestmark = pytest.mark.django_db

BUDGET = 60 * 1024


class Resources(HTMLParser):
    """The URLs a browser fetches to show the page: stylesheets, scripts, images, fonts."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") in ("stylesheet", "preload", "icon"):
            self.urls.append(attrs["href"])
        elif tag in ("script", "img", "iframe", "source") and attrs.get("src"):
            self.urls.append(attrs["src"])


def over_the_wire(url):
    """A static file's size as whitenoise sends it to a browser that accepts gzip."""
    path = finders.find(url.removeprefix("/static/"))
    assert path, f"{url} is not one of this site's static files"
    with open(path, "rb") as file:
        return len(gzip.compress(file.read(), compresslevel=9))


def test_every_drug_page_fits_the_budget(client, settings):
    settings.MEDSITE_PAGE_CACHE = True
    cache.clear()
    heaviest = (0, "")
    for slug in Drug.objects.published().values_list("slug", flat=True):
        response = client.get(f"/drugs/{slug}/", headers={"Accept-Encoding": "gzip"})
        assert response["Content-Encoding"] == "gzip"
        parser = Resources()
        parser.feed(gzip.decompress(response.content).decode())
        assert all(url.startswith("/static/") for url in parser.urls), parser.urls
        total = len(response.content) + sum(over_the_wire(url) for url in set(parser.urls))
        heaviest = max(heaviest, (total, slug))
    assert heaviest[0] <= BUDGET, heaviest
    cache.clear()
