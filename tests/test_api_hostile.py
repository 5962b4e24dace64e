"""Hostile input to the content API, as tests/test_hostile_input.py sends the pages: every
operation, each parameter set to each hostile value, answers JSON without a server error,
and a bad value is a 400 or a 404, never taken for a good one."""

import json

import pytest
from django.test import Client

from monographs.models import Condition
from tests.test_hostile_input import HOSTILE

pytestmark = pytest.mark.django_db

API = "/api/v1"
PAGING = ["page", "page_size", "zz"]
DRUG_FILTERS = [
    *["q", "letter", "side_effect", "match", "common_only", "serious_only", "narrower"],
    *["without", "condition", "kind", "sort"],
]


def api_parameters():
    condition = Condition.objects.with_published_drug_counts().first().slug
    return {
        f"{API}/drugs/": [*DRUG_FILTERS, *PAGING],
        f"{API}/drugs/ibuprofen/": ["zz"],
        f"{API}/side-effects/": ["q", "zz"],
        f"{API}/side-effects/headache/": ["tier", "serious", "letter", "narrower", *PAGING],
        f"{API}/conditions/{condition}/": ["sort", *PAGING],
        f"{API}/openapi.json": ["zz"],
    }


HOSTILE_PATHS = [
    f"{API}/drugs/%00/",
    f"{API}/drugs/%ED%A0%80/",
    f"{API}/side-effects/%C2%B2/",
    f"{API}/conditions/" + "a" * 5000 + "/",
    f"{API}/drugs/ibuprofen/%00",
    f"{API}/side-effects/%uD800/",
    f"{API}/drugs/a%0Ab/",
    f"{API}/conditions/%0A/",
    "/api/%0A",
]


def fuzz_urls():
    for url, parameters in api_parameters().items():
        for parameter in parameters:
            for value in HOSTILE:
                yield f"{url}?{parameter}={value}"
            yield f"{url}?" + "&".join([f"{parameter}=1"] * 200)
    yield from HOSTILE_PATHS


def test_no_operation_fails_on_hostile_input():
    client = Client(raise_request_exception=False)
    urls = list(fuzz_urls())
    failed = []
    for url in urls:
        response = client.get(url)
        if response.status_code >= 500 or not response["Content-Type"].startswith(
            "application/json"
        ):
            failed.append((url[:200], response.status_code))
    assert len(urls) > 800
    assert failed == [], f"{len(failed)} of {len(urls)} requests failed: {failed[:10]}"


@pytest.mark.parametrize("value", ["%00", "%C2%B2", "1" * 30, "-1", "%D9%A3"])
def test_a_bad_page_number_is_400(client, value):
    response = client.get(f"{API}/drugs/?page={value}")
    assert response.status_code == 400
    assert "page" in json.loads(response.content)["errors"]
