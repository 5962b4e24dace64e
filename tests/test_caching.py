"""Cached public pages: served from the cache, with ETag and gzip, and never stale after a
publish, an import, a merge or a rename; signed-in users are never served or stored."""

import gzip

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monographs.editorial import curation, workflow
from monographs.models import Drug, DrugSideEffect, HpoAncestor, PageGeneration, SideEffect
from monographs.serving import caching
from tests.conftest import SEEDS
from tests.roles import account

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

DRUG_PAGE = "/drugs/interferon-beta-1b/"
REVIEW = "/admin/monographs/sideeffect/review/"


@pytest.fixture
def interferon():
    return Drug.objects.get(slug="interferon-beta-1b")


def text(response):
    return response.content.decode()


def test_a_cached_page_costs_one_query(client, django_assert_num_queries):
    first = client.get(DRUG_PAGE)
    with django_assert_num_queries(1):  # the generations of the page's data
        second = client.get(DRUG_PAGE)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Cache-Control"] == "public, max-age=0, must-revalidate"


def test_a_new_release_renders_every_page_afresh(client, monkeypatch, django_assert_num_queries):
    """A deploy is not served the pages the previous release stored."""
    client.get(DRUG_PAGE)
    with django_assert_num_queries(1):
        client.get(DRUG_PAGE)
    monkeypatch.setattr(caching, "release", lambda: "the next release")
    with CaptureQueriesContext(connection) as queries:
        client.get(DRUG_PAGE)
    assert len(queries) > 1  # rendered, not read from the cache


def test_the_release_changes_with_a_curated_file(tmp_path, monkeypatch):
    """drug_classes.yaml, which the interaction checker reads, is in no database table."""
    classes = tmp_path / "monographs" / "vocabulary" / "drug_classes.yaml"
    classes.parent.mkdir(parents=True)
    classes.write_text("NSAIDs: [ibuprofen]\n")
    (tmp_path / "monographs" / "__pycache__").mkdir()
    (tmp_path / "monographs" / "__pycache__" / "views.pyc").write_bytes(b"compiled")
    monkeypatch.setattr(caching, "ROOT", tmp_path)
    releases = []
    for content in ("NSAIDs: [ibuprofen]\n", "NSAIDs: [ibuprofen]\n", "NSAIDs: [naproxen]\n"):
        classes.write_text(content)
        caching.release.cache_clear()
        releases.append(caching.release())
    caching.release.cache_clear()
    assert releases[0] == releases[1] != releases[2]


def test_conditional_get_and_gzip(client):
    etag = client.get(DRUG_PAGE)["ETag"]
    assert client.get(DRUG_PAGE, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(DRUG_PAGE, headers={"If-None-Match": '"other"'}).status_code == 200
    plain = client.get(DRUG_PAGE).content
    zipped = client.get(DRUG_PAGE, headers={"Accept-Encoding": "gzip, br"})
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain
    assert len(zipped.content) < len(plain) / 3


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/drugs/?side_effect=headache&side_effect=nausea",
        "/side-effects/",
        "/side-effects/headache/",
        "/side-effects/suggest/?q=dizz",
        "/conditions/",
        "/search/?q=pain",
        "/interactions/?drug=warfarin&drug=ibuprofen",
        "/interactions/suggest/?q=war",
    ],
)
def test_every_public_page_is_cached(client, url, django_assert_max_num_queries):
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(2):  # generations (and a side effect's body system)
        assert client.get(url).status_code == 200


def test_errors_and_admin_pages_are_not_cached(client, admin_client):
    assert client.get("/drugs/no-such-drug/").status_code == 404
    assert client.get("/drugs/?letter=%%%").status_code in (200, 400)
    assert "no-cache" in admin_client.get("/admin/").headers["Cache-Control"]


def test_signed_in_users_are_neither_served_nor_stored(client, admin_client, interferon):
    response = admin_client.get(DRUG_PAGE)
    assert "private" in response["Cache-Control"]
    assert not response.has_header("ETag")
    key = caching.page_key(
        response.wsgi_request,
        caching.generations([caching.SITE, caching.drug_tag(interferon.slug)]),
    )
    assert cache.get(key) is None
    assert client.get(DRUG_PAGE).has_header("ETag")


def term_form(term, **changes):
    """The admin change form of a side-effect term, ticked reviewed, as a reviewer posts it."""
    return {
        "name": term.name,
        "slug": term.slug,
        "description": "",
        "body_system": term.body_system,
        "is_reviewed": "on",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
        **changes,
    }


class TestNeverStale:
    def test_publishing_a_draft_shows_at_once(self, client, interferon, admin_user):
        assert "Changed dose" not in text(client.get(DRUG_PAGE))
        listing = text(client.get("/drugs/?q=interferon"))
        draft = workflow.editable_version(interferon, admin_user)
        dosage = draft.dosages.first()
        dosage.instructions = "Changed dose: 0.125 mg."
        dosage.save()
        draft.summary = "A changed summary for the listing."
        draft.save()
        assert "Changed dose" not in text(client.get(DRUG_PAGE))  # a draft: not public
        workflow.publish(draft, admin_user)
        assert "Changed dose" in text(client.get(DRUG_PAGE))
        assert "A changed summary for the listing." in text(client.get("/drugs/?q=interferon"))
        assert listing != text(client.get("/drugs/?q=interferon"))

    def test_unpublish_removes_the_page_and_its_listings(self, client, interferon, admin_user):
        client.get(DRUG_PAGE)
        side_effect = interferon.side_effect_links.first().side_effect
        assert interferon.name in text(client.get(side_effect.get_absolute_url()))
        workflow.unpublish(interferon, admin_user)
        assert client.get(DRUG_PAGE).status_code == 404
        assert interferon.name not in text(client.get(side_effect.get_absolute_url()))

    def test_sign_off_shows_at_once(self, client, interferon, admin_user):
        assert "Not yet medically reviewed" in text(client.get(DRUG_PAGE))
        workflow.sign_off_review(interferon, admin_user)
        assert "Last reviewed on" in text(client.get(DRUG_PAGE))

    def test_an_import_that_changes_a_monograph(self, client, tmp_path):
        source = (SEEDS / "interferon-beta-1b.md").read_text()
        assert "every second day" not in text(client.get(DRUG_PAGE))
        (tmp_path / "interferon-beta-1b.md").write_text(
            source.replace("every other day", "every second day")
        )
        call_command("import_monographs", str(tmp_path), "--force", verbosity=0)
        assert "every second day" in text(client.get(DRUG_PAGE))

    def test_merging_side_effects(self, client, admin_client, interferon):
        link = interferon.side_effect_links.select_related("side_effect").first()
        source = link.side_effect
        target = SideEffect.objects.create(
            name="Merged target term", slug="merged-target", is_reviewed=True
        )
        client.get(DRUG_PAGE)
        client.get(target.get_absolute_url())
        admin_client.post(
            reverse("admin:monographs_sideeffect_changelist"),
            {
                "action": "merge",
                "_selected_action": [source.pk, target.pk],
                "target": target.pk,
                "apply": "1",
            },
        )
        assert "Merged target term" in text(client.get(DRUG_PAGE))
        assert interferon.name in text(client.get(target.get_absolute_url()))

    def test_renaming_a_side_effect_in_the_admin(self, client, admin_client, interferon):
        term = interferon.side_effect_links.select_related("side_effect").first().side_effect
        client.get(DRUG_PAGE)
        url = reverse("admin:monographs_sideeffect_change", args=[term.pk])
        assert admin_client.post(url, term_form(term, name="Renamed term")).status_code == 302
        assert "Renamed term" in text(client.get(DRUG_PAGE))

    def test_reviewing_a_term_in_the_admin_publishes_it(self, client, admin_client, interferon):
        term = SideEffect.objects.create(name="Fizzing ears", slug="fizzing-ears")
        DrugSideEffect.objects.create(drug=interferon, side_effect=term)
        SideEffect.objects.filter(pk=term.pk).refresh_published_drug_counts()
        assert "Fizzing ears" in text(client.get(DRUG_PAGE))  # plain text, cached
        assert term.get_absolute_url() not in text(client.get(DRUG_PAGE))
        assert "Fizzing ears" not in text(client.get("/side-effects/?letter=F"))
        assert client.get(term.get_absolute_url()).status_code == 404
        url = reverse("admin:monographs_sideeffect_change", args=[term.pk])
        assert admin_client.post(url, term_form(term)).status_code == 302
        assert f'href="{term.get_absolute_url()}"' in text(client.get(DRUG_PAGE))
        assert "Fizzing ears" in text(client.get("/side-effects/?letter=F"))
        assert client.get(term.get_absolute_url()).status_code == 200

    def test_accepting_a_term_on_the_review_page_publishes_it(self, client, interferon):
        term = SideEffect.objects.create(name="Humming teeth", slug="humming-teeth")
        DrugSideEffect.objects.create(drug=interferon, side_effect=term)
        assert term.get_absolute_url() not in text(client.get(DRUG_PAGE))  # cached
        reviewer = Client()
        reviewer.force_login(account("reviewer"))
        reviewer.post(REVIEW, {"do": f"accept:{term.pk}", f"hpo-{term.pk}": ""})
        assert f'href="{term.get_absolute_url()}"' in text(client.get(DRUG_PAGE))
        assert client.get(term.get_absolute_url()).status_code == 200

    def test_not_a_side_effect_moves_the_words_to_the_notes(self, client, interferon):
        term = SideEffect.objects.create(name="Generally well borne", slug="generally-borne")
        DrugSideEffect.objects.create(drug=interferon, side_effect=term, note="in most people")
        assert "Generally well borne: in most people" not in text(client.get(DRUG_PAGE))
        reviewer = Client()
        reviewer.force_login(account("reviewer"))
        reviewer.post(REVIEW, {"do": f"dismiss:{term.pk}"})
        assert "Generally well borne: in most people" in text(client.get(DRUG_PAGE))


def test_a_review_step_renews_only_the_pages_of_its_drugs(interferon):
    term = SideEffect.objects.create(name="Humming teeth", slug="humming-teeth")
    DrugSideEffect.objects.create(drug=interferon, side_effect=term)
    before = dict(PageGeneration.objects.values_list("key", "generation"))
    curation.accept(term, account("reviewer"))
    after = dict(PageGeneration.objects.values_list("key", "generation"))
    changed = {key for key in after if before.get(key) != after[key]}
    assert caching.drug_tag(interferon.slug) in changed
    assert caching.drug_tag("ibuprofen") not in changed


def test_invalidation_is_exact(interferon, admin_user):
    """Publishing one drug leaves unrelated drug, side-effect and condition pages cached."""
    before = dict(PageGeneration.objects.values_list("key", "generation"))
    workflow.publish(workflow.editable_version(interferon, admin_user), admin_user)
    after = dict(PageGeneration.objects.values_list("key", "generation"))
    changed = {key for key in after if before.get(key) != after[key]}
    own_terms = {
        caching.side_effect_tag(slug)
        for slug in interferon.side_effect_links.values_list("side_effect__slug", flat=True)
    }
    assert caching.drug_tag(interferon.slug) in changed
    assert own_terms <= changed
    assert {caching.LISTINGS, caching.SIDE_EFFECTS} <= changed
    assert caching.drug_tag("ibuprofen") not in changed
    own = SideEffect.objects.filter(drug_links__drug=interferon, hpo__isnull=False)
    hierarchy = HpoAncestor.objects.filter(term__in=own.values("hpo_id")).values("ancestor_id")
    hierarchy = hierarchy.union(
        HpoAncestor.objects.filter(ancestor__in=own.values("hpo_id")).values("term_id")
    )
    unrelated = (
        SideEffect.objects.exclude(drug_links__drug=interferon)
        .exclude(body_system__in=interferon.side_effect_links.values("side_effect__body_system"))
        .exclude(hpo__in=list(hierarchy.values_list("ancestor_id", flat=True)))
    )
    assert unrelated.exists()
    assert not {caching.side_effect_tag(term.slug) for term in unrelated} & changed


def test_a_generation_bump_from_another_connection_is_seen(client):
    """The generations live in the database: any process that writes there (another
    worker, `manage.py import_monographs` in a shell) moves every worker's keys."""
    client.get(DRUG_PAGE)
    Drug.objects.filter(slug="interferon-beta-1b").update(summary="Changed behind our back.")
    assert "Changed behind our back." not in text(client.get(DRUG_PAGE))  # cached
    caching.bump([caching.drug_tag("interferon-beta-1b")])
    assert "Changed behind our back." in text(client.get(DRUG_PAGE))


def test_anonymous_and_signed_in_share_no_page(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="x")
    signed_in = Client()
    signed_in.force_login(user)
    assert signed_in.get("/").status_code == 200
    assert "private" in signed_in.get("/")["Cache-Control"]
    assert "public" in client.get("/")["Cache-Control"]


def test_editing_a_condition_refreshes_the_listing_menu(client, admin_client):
    from monographs.models import Condition

    condition = Condition.objects.create(name="Test ailment", slug="test-ailment")
    caching.bump([caching.CONDITIONS])
    assert "Test ailment" in text(client.get("/drugs/"))
    url = reverse("admin:monographs_condition_change", args=[condition.pk])
    data = {"name": "Renamed ailment", "slug": "test-ailment", "description": ""}
    assert admin_client.post(url, data).status_code == 302
    assert "Renamed ailment" in text(client.get("/drugs/"))


def test_a_large_import_renews_every_page(client, tmp_path, monkeypatch):
    from monographs.importing import pipeline

    monkeypatch.setattr(pipeline, "WHOLESALE", 0)
    source = (SEEDS / "interferon-beta-1b.md").read_text()
    client.get(DRUG_PAGE)
    site_before = caching.generations([caching.SITE])
    (tmp_path / "interferon-beta-1b.md").write_text(source.replace("every other day", "daily!"))
    call_command("import_monographs", str(tmp_path), "--force", verbosity=0)
    assert caching.generations([caching.SITE]) != site_before
    assert "daily!" in text(client.get(DRUG_PAGE))
