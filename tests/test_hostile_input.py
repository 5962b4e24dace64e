"""Hostile input: every number read from a URL takes ASCII digits only, within a range, and
every public URL, with each of its parameters set to each hostile value, answers without
a server error."""

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from monographs.editorial import workflow
from monographs.models import Condition, Drug
from monographs.public.filters import DrugFilter, SideEffectFilter, SideEffectLinkFilter
from monographs.text import parse_positive_int

pytestmark = pytest.mark.django_db

NOT_NUMBERS = ["²", "٣", "①", "１", "1e9", "-1", "0", " 1", "1 ", "+1", "1_0", "1.0", "0x1", "last"]
NOT_NUMBERS += ["", "1" * 10_000]


class TestParsePositiveInt:
    @pytest.mark.parametrize("text", NOT_NUMBERS)
    def test_only_ascii_digits_are_a_number(self, text):
        assert parse_positive_int(text, 1000) is None

    def test_numbers_within_the_range(self):
        assert [parse_positive_int(text, 1000) for text in ["1", "07", "1000", "1001"]] == [
            1,
            7,
            1000,
            None,
        ]
        assert parse_positive_int(None, 10) is None


def condition_slug():
    return Condition.objects.with_published_drug_counts().first().slug


def paginated_urls():
    return [
        "/drugs/",
        "/side-effects/",
        "/side-effects/headache/",
        f"/conditions/{condition_slug()}/",
        "/search/?q=pain",
    ]


@pytest.mark.parametrize("text", NOT_NUMBERS[:-2] + ["1" * 10_000, "9" * 30])
def test_a_page_number_in_anything_but_ascii_digits_is_not_found(client, text):
    for url in paginated_urls():
        separator = "&" if "?" in url else "?"
        response = client.get(f"{url}{separator}page={quote(text)}")
        assert response.status_code == 404, (url, text)


def test_page_numbers_in_ascii_digits_still_work(client):
    for url in paginated_urls():
        separator = "&" if "?" in url else "?"
        for page in ["", "1"]:
            assert client.get(f"{url}{separator}page={page}").status_code == 200, url


def test_the_sitemap_pages_take_ascii_digits_only(client):
    assert client.get("/sitemap-drugs.xml?p=1").status_code == 200
    for text in NOT_NUMBERS[:-2] + ["1" * 10_000, ""]:
        response = client.get(f"/sitemap-drugs.xml?p={quote(text)}")
        assert response.status_code == 404, text


def test_the_admin_compares_revisions_by_ascii_numbers_only(admin_client, admin_user):
    drug = Drug.objects.get(slug="warfarin")
    draft = workflow.editable_version(drug, admin_user)
    workflow.publish(draft, admin_user)
    url = reverse("admin:monographs_drug_compare", args=[drug.pk])
    assert admin_client.get(url, {"from": "1", "to": "2"}).status_code == 200
    for text in NOT_NUMBERS + ["9" * 40, "2147483648"]:
        response = admin_client.get(url, {"from": "1", "to": text})
        assert response.status_code == 404, text


@pytest.mark.parametrize("model,field", [("drug", "updated_at"), ("auditentry", "at")])
def test_the_admin_date_hierarchy_refuses_years_out_of_range(admin_client, model, field):
    url = reverse(f"admin:monographs_{model}_changelist")
    assert admin_client.get(url, {f"{field}__year": "2024"}).status_code == 200
    for year in ["99999999999999999999", "2147483648", "9999", "0"]:
        response = admin_client.get(url, {f"{field}__year": year, f"{field}__month": "12"})
        assert response.status_code == 302, year
        assert response["Location"].endswith("?e=1")


@pytest.mark.parametrize(
    "model,query",
    [
        ("drug", "letter=%00"),
        ("drug", "workflow=a%00b"),
        ("sideeffect", "body_system__exact=%00"),
        ("condition", "name=%00"),
        ("auditentry", "action__exact=%00"),
    ],
)
def test_the_admin_refuses_a_nul_in_a_filter(admin_client, model, query):
    """PostgreSQL refuses a NUL in a query: the change list must not send one."""
    url = reverse(f"admin:monographs_{model}_changelist")
    response = admin_client.get(f"{url}?{query}")
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


# --- the fuzz ------------------------------------------------------------------------------

# One of each kind: numbers int() misreads, refuses, or that overflow a column; text a
# database or a template may choke on; slugs that exist and do not.
HOSTILE_TEXT = [
    *["²", "٣", "①", "１", "1e9", "-1", "0", " 1", "1_0", "last", ""],
    *["1" * 10_000, "9" * 4000, "9" * 30],
    *["x" * 5000, "\x00", "\u200b1", "\u202eheadache", "<script>alert(1)</script>", "' OR 1=1--"],
    *["no-such-slug", "headache", "ibuprofen"],
]
# Escapes sent as they are: UTF-8 of an unpaired surrogate, overlong and broken sequences,
# and escapes that are not escapes.
HOSTILE_ESCAPES = ["%ED%A0%80", "%uD800", "%C0%AF", "%FF%FE", "%", "%zz"]
HOSTILE = [quote(text, safe="") for text in HOSTILE_TEXT] + HOSTILE_ESCAPES


def qualifier_names():
    return list(DrugFilter.Meta.form.base_fields)


def public_parameters():
    """Each public URL with every parameter its view reads, and two it does not."""
    anywhere = ["page", "zz"]
    return {
        "/": anywhere,
        "/drugs/": [
            *DrugFilter.base_filters,
            *qualifier_names(),
            "add_side_effect",
            "add_without",
            "unknown",
            *anywhere,
        ],
        "/drugs/ibuprofen/": anywhere,
        "/side-effects/": [*SideEffectFilter.base_filters, "q", *anywhere],
        "/side-effects/suggest/": ["q", *anywhere],
        "/side-effects/headache/": [*SideEffectLinkFilter.base_filters, *anywhere],
        "/conditions/": anywhere,
        f"/conditions/{condition_slug()}/": ["sort", *anywhere],
        "/search/": ["q", *anywhere],
        "/interactions/": ["drug", "add", *anywhere],
        "/interactions/suggest/": ["q", "drug", *anywhere],
        "/sitemap.xml": anywhere,
        **{f"/sitemap-{section}.xml": ["p", *anywhere] for section in SECTIONS},
        "/robots.txt": anywhere,
        "/feeds/updated/": anywhere,
    }


SECTIONS = ["pages", "drugs", "side-effects", "conditions"]
HOSTILE_PATHS = [
    "/drugs/no-such-drug/",
    "/side-effects/no-such-term/",
    "/conditions/no-such-condition/",
    "/sitemap-no-such-section.xml",
    "/drugs/%00/",
    "/drugs/%ED%A0%80/",
    "/side-effects/%C2%B2/",
    "/conditions/" + "a" * 5000 + "/",
    "/drugs/ibuprofen/%00",
    "/search/%uD800/",
]


def fuzz_urls():
    for url, parameters in public_parameters().items():
        for parameter in parameters:
            for value in HOSTILE:
                yield f"{url}?{parameter}={value}"
            yield f"{url}?{parameter}=1&{parameter}=%C2%B2"  # repeated: the last counts
            yield f"{url}?" + "&".join([f"{parameter}=1"] * 200)
    yield from HOSTILE_PATHS


def server_errors(urls):
    """(requests made, [(url, status)] of those that failed on the server)."""
    client = Client(raise_request_exception=False)
    failed, made = [], 0
    for url in urls:
        made += 1
        status = client.get(url).status_code
        if status >= 500:
            failed.append((url[:200], status))
    return made, failed


def test_no_public_url_fails_on_hostile_input():
    urls = list(fuzz_urls())
    made, failed = server_errors(urls)
    assert made == len(urls) > 1500
    assert failed == [], f"{len(failed)} of {made} requests failed: {failed[:10]}"
