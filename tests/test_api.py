"""The content API as a program gets it: what each operation answers, its errors, its HTTP
behaviour (read-only, CORS, ETag, never stale), drafts kept out, and query budgets that
do not grow with the number of drugs."""

import json

import pytest

from monographs.editorial import workflow
from monographs.models import Condition, Drug, SideEffect
from monographs.public.filters import DrugFilter
from tests.factories import DrugFactory, DrugSideEffectFactory, FAQFactory, recount_and_list

pytestmark = pytest.mark.django_db

API = "/api/v1"


def get(client, url, **params):
    response = client.get(url, params)
    return response, json.loads(response.content)


def condition_slug():
    return Condition.objects.with_published_drug_counts().first().slug


def every_url():
    """Every operation, with filters in use."""
    return [
        f"{API}/drugs/",
        f"{API}/drugs/?side_effect=headache&common_only=true&sort=updated",
        f"{API}/drugs/?q=a&kind=single&letter=a",
        f"{API}/drugs/interferon-beta-1b/",
        f"{API}/drugs/ibuprofen/",
        f"{API}/side-effects/?q=headache",
        f"{API}/side-effects/headache/",
        f"{API}/side-effects/headache/?tier=very-common&tier=common&serious=false",
        f"{API}/conditions/{condition_slug()}/",
        f"{API}/conditions/{condition_slug()}/?sort=fewest-common",
    ]


class TestDrugs:
    def test_the_listing_uses_the_public_filterset(self, client):
        params = {"side_effect": ["headache", "nausea"], "match": "all", "page_size": 100}
        response, data = get(client, f"{API}/drugs/", **params)
        assert response.status_code == 200
        published = Drug.objects.published().order_by("name")
        expected = DrugFilter({"side_effect": ["headache", "nausea"], "match": "all"}, published)
        slugs = [drug["slug"] for drug in data["results"]]
        assert slugs == list(expected.qs.values_list("slug", flat=True))
        assert 0 < data["count"] == len(slugs) < published.count()

    def test_pages_are_capped_and_counted(self, client):
        _, data = get(client, f"{API}/drugs/", page_size=5, page=2)
        total = Drug.objects.published().count()
        assert (data["count"], data["page"], data["pages"]) == (total, 2, -(-total // 5))
        assert len(data["results"]) == 5
        response, data = get(client, f"{API}/drugs/", page_size=101)
        assert response.status_code == 400
        assert "page_size" in data["errors"]

    def test_a_monograph_whole(self, client):
        response, data = get(client, f"{API}/drugs/interferon-beta-1b/")
        assert response.status_code == 200
        assert data["name"] == "Interferon beta-1b"
        assert "multiple sclerosis" in data["usage"]
        initial = next(entry for entry in data["dosage"] if entry["label"] == "Initial dose")
        assert initial["amount"] == 0.0625 and initial["unit"] == "mg"
        headache = next(link for link in data["side_effects"] if link["slug"] == "headache")
        assert headache["codes"]["hpo_id"] == "HP:0002315"
        assert headache["tier"] == "very-common"
        assert any(link["serious"] for link in data["side_effects"])
        assert any(p["kind"] == "contraindication" for p in data["precautions"])
        assert "Cladribine" in [item["name"] for item in data["interactions"]]
        assert any("stored" in faq["question"] for faq in data["faqs"])
        assert data["conditions"] and data["updated_at"]
        assert data["last_medical_review"] is None

    def test_interactions_and_ingredients_link_published_monographs(self, client):
        _, ibuprofen = get(client, f"{API}/drugs/ibuprofen/")
        warfarin = next(i for i in ibuprofen["interactions"] if i["name"] == "Warfarin")
        assert warfarin["drug"] == {"name": "Warfarin", "slug": "warfarin"}
        _, combination = get(client, f"{API}/drugs/sitagliptin-metformin/")
        assert {"name": "Metformin", "slug": "metformin"} in combination["ingredients"]
        # Each kind fetches only its side (get_monograph): a single drug its combinations.
        assert combination["combinations"] == []
        _, metformin = get(client, f"{API}/drugs/metformin/")
        assert metformin["ingredients"] == []
        assert {"name": combination["name"], "slug": "sitagliptin-metformin"} in metformin[
            "combinations"
        ]

    def test_the_public_reviewed_by_and_nothing_more(self, client, admin_user):
        workflow.sign_off_review(Drug.objects.get(slug="warfarin"), admin_user)
        _, data = get(client, f"{API}/drugs/warfarin/")
        review = data["last_medical_review"]
        assert set(review) == {"reviewed_at", "reviewed_by"}
        assert review["reviewed_by"] == Drug.objects.get(slug="warfarin").last_reviewer_name


class TestSideEffects:
    def test_lay_words_find_the_term(self, client):
        response, data = get(client, f"{API}/side-effects/", q="throwing up")
        assert response.status_code == 200
        assert data["results"][0]["slug"] == "vomiting"
        assert data["results"][0]["matched"] == "throwing up"

    def test_a_term_with_its_codes_and_drugs_by_tier(self, client):
        _, data = get(client, f"{API}/side-effects/headache/", page_size=100)
        assert data["codes"]["hpo_id"] == "HP:0002315"
        term = SideEffect.objects.get(slug="headache")
        assert data["count"] == len(data["results"]) == term.published_drug_count
        tiers = [result["tier"] for result in data["results"]]
        order = ["very-common", "common", "uncommon", "rare", "very-rare", "not-known"]
        assert tiers == sorted(tiers, key=order.index)

    def test_the_tier_filter(self, client):
        _, data = get(client, f"{API}/side-effects/headache/", tier="very-common")
        assert data["results"]
        assert {result["tier"] for result in data["results"]} == {"very-common"}

    def test_an_unreviewed_term_is_not_found(self, client):
        hidden = SideEffect.objects.create(name="Hidden effect", slug="hidden-effect")
        response, data = get(client, f"{API}/side-effects/{hidden.slug}/")
        assert response.status_code == 404
        assert "hidden-effect" in data["detail"]


def test_a_condition_compared(client):
    slug = condition_slug()
    response, data = get(client, f"{API}/conditions/{slug}/")
    assert response.status_code == 200
    assert data["side_effects"]
    for row in data["results"]:
        assert len(row["cells"]) == len(data["side_effects"])
    assert (
        data["count"]
        == Drug.objects.published().for_condition(Condition.objects.get(slug=slug)).count()
    )


class TestErrors:
    @pytest.mark.parametrize(
        "url,status,parameter",
        [
            (f"{API}/drugs/?side_effect=no-such-term", 400, "side_effect"),
            (f"{API}/drugs/?letter=%C3%9F", 400, "letter"),
            (f"{API}/drugs/?condition=nothing", 400, "condition"),
            (f"{API}/drugs/?page=two", 400, "page"),
            (f"{API}/drugs/?page=0", 400, "page"),
            (f"{API}/side-effects/", 400, "q"),
            (f"{API}/side-effects/headache/?tier=often", 400, "tier"),
            (f"{API}/conditions/x/?sort=best", 400, "sort"),
        ],
    )
    def test_bad_parameters_are_400_naming_them(self, client, url, status, parameter):
        response = client.get(url)
        assert response.status_code == status
        assert response["Content-Type"].startswith("application/json")
        data = json.loads(response.content)
        assert parameter in data["errors"] and parameter in data["detail"]

    @pytest.mark.parametrize(
        "url",
        [
            f"{API}/drugs/no-such-drug/",
            f"{API}/side-effects/no-such-term/",
            f"{API}/conditions/no-such-condition/",
            f"{API}/drugs/?page=999",
            f"{API}/no-such-thing/",
            "/api/v2/drugs/",
        ],
    )
    def test_unknown_is_404_in_json(self, client, url):
        response = client.get(url)
        assert response.status_code == 404
        assert json.loads(response.content)["detail"]


class TestHttp:
    @pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
    def test_read_only(self, client, method):
        for url in [f"{API}/drugs/", f"{API}/drugs/ibuprofen/", f"{API}/openapi.json"]:
            response = getattr(client, method)(url)
            assert response.status_code == 405, (method, url)
            assert response["Allow"] == "GET, HEAD"

    def test_head_is_get_without_a_body(self, client):
        response = client.head(f"{API}/drugs/ibuprofen/")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")

    def test_cors_allows_any_origin_to_read(self, client):
        headers = {"Origin": "https://pharmacy.example"}
        response = client.get(f"{API}/drugs/", headers=headers)
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "ETag" in response["Access-Control-Expose-Headers"]
        assert client.get(f"{API}/drugs/nothing/")["Access-Control-Allow-Origin"] == "*"
        preflight = client.options(
            f"{API}/drugs/",
            headers={**headers, "Access-Control-Request-Method": "GET"},
        )
        assert preflight.status_code == 204
        assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD"
        assert "Access-Control-Allow-Origin" not in client.get("/drugs/", headers=headers)

    def test_schema_and_docs_are_local(self, client):
        schema = json.loads(client.get(f"{API}/openapi.json").content)
        assert {"/api/v1/drugs/", "/api/v1/drugs/{slug}/"} <= set(schema["paths"])
        docs = client.get("/api/docs/").content.decode()
        assert "/static/ninja/swagger-ui-bundle.js" in docs
        assert "http://" not in docs and "https://" not in docs


@pytest.mark.usefixtures("page_cache")
class TestCached:
    def test_etag_and_conditional_get(self, client, django_assert_num_queries):
        url = f"{API}/drugs/ibuprofen/"
        first = client.get(url)
        with django_assert_num_queries(1):  # the generations
            second = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert second.status_code == 304
        assert second["Access-Control-Allow-Origin"] == "*"

    def test_never_stale_after_a_publish(self, client, admin_user):
        drug = Drug.objects.get(slug="ibuprofen")
        url = f"{API}/drugs/ibuprofen/"
        listing = f"{API}/drugs/?q=ibuprofen"
        assert "A changed summary" not in client.get(url).content.decode()
        assert "A changed summary" not in client.get(listing).content.decode()
        draft = workflow.editable_version(drug, admin_user)
        draft.summary = "A changed summary, published."
        draft.save()
        assert "A changed summary" not in client.get(url).content.decode()
        workflow.publish(draft, admin_user)
        assert "A changed summary" in client.get(url).content.decode()
        assert "A changed summary" in client.get(listing).content.decode()

    def test_unpublishing_removes_it(self, client, admin_user):
        drug = Drug.objects.get(slug="ibuprofen")
        assert client.get(f"{API}/drugs/ibuprofen/").status_code == 200
        assert (
            "ibuprofen"
            in client.get(f"{API}/side-effects/headache/?page_size=100").content.decode()
        )
        workflow.unpublish(drug, admin_user)
        assert client.get(f"{API}/drugs/ibuprofen/").status_code == 404
        headache = client.get(f"{API}/side-effects/headache/?page_size=100").content.decode()
        assert '"ibuprofen"' not in headache


def test_a_draft_is_absent_from_every_operation(client, admin_user):
    marker = "Zqxdraftonly"
    new = DrugFactory(name=f"{marker} tablets", status=Drug.Status.DRAFT, usage=marker)
    DrugSideEffectFactory(drug=new, side_effect=SideEffect.objects.get(slug="headache"))
    FAQFactory(drug=new, question=f"{marker}?")
    working = workflow.editable_version(Drug.objects.get(slug="interferon-beta-1b"), admin_user)
    working.summary = f"{marker} summary"
    working.usage = f"{marker} usage"
    working.save()
    faq = working.faqs.first()
    faq.answer = f"{marker} answer"
    faq.save()
    urls = [*every_url(), f"{API}/drugs/?q={marker}"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert marker.lower() not in response.content.decode().lower(), url
    assert client.get(f"{API}/drugs/{new.slug}/").status_code == 404
    assert get(client, f"{API}/side-effects/", q=marker)[1]["results"] == []


# Each operation's queries, with filters in use: fixed, whatever the number of drugs.
BUDGETS = {
    "/drugs/": 2,
    "/drugs/?side_effect=headache&common_only=true&sort=updated": 3,
    "/drugs/?q=a&kind=single&letter=a": 2,
    "/drugs/interferon-beta-1b/": 8,
    "/side-effects/?q=headache": 2,
    "/side-effects/headache/": 5,
    "/side-effects/headache/?tier=very-common&tier=common&serious=false": 5,
    "/conditions/{condition}/": 4,
    "/conditions/{condition}/?sort=fewest-common": 4,
}


@pytest.mark.parametrize("path,budget", BUDGETS.items())
def test_query_budgets_do_not_grow_with_the_drugs(
    client, path, budget, django_assert_max_num_queries
):
    url = API + path.format(condition=condition_slug())
    assert client.get(url).status_code == 200  # warm: the side-effect index is built once
    with django_assert_max_num_queries(budget) as before:
        assert client.get(url).status_code == 200
    condition = Condition.objects.get(slug=condition_slug())
    for _ in range(30):
        link = DrugSideEffectFactory(side_effect=SideEffect.objects.get(slug="headache"))
        FAQFactory(drug=link.drug)
        link.drug.conditions.add(condition)
    recount_and_list()
    with django_assert_max_num_queries(budget) as after:
        assert client.get(url).status_code == 200
    assert len(after.captured_queries) == len(before.captured_queries)
