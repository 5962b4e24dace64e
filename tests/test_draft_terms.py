"""A side-effect term that only drafts list is not public: an import with --draft of a
monograph naming an unknown term makes an unreviewed term, and visitors see it nowhere.
Publishing the monograph does not publish the term: a reviewer does (see
test_public_vocabulary.py); the write path then renews the pages that show it."""

import pytest
from django.core.cache import cache

from monographs.editorial import workflow
from monographs.editorial.changes import changing
from monographs.models import Drug, SideEffect
from tests.conftest import write_monograph
from tests.factories import SideEffectFactory
from tests.test_commands import GOOD, run_import

pytestmark = pytest.mark.django_db

TERM = "Zorblatt syndrome"
PAGE = "/side-effects/zorblatt-syndrome/"
# Every public page that names side-effect terms, as a visitor would ask for this one.
WHERE_TERMS_SHOW = [
    "/side-effects/?letter=Z",
    "/side-effects/?q=zorblatt",
    "/side-effects/suggest/?q=zorblatt",
    "/search/?q=zorblatt",
    "/drugs/?side_effect=zorblatt-syndrome",
    "/drugs/?without=zorblatt-syndrome",
    "/sitemap-side-effects.xml",
]


@pytest.fixture
def page_cache(settings):
    settings.MEDSITE_PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def draft(tmp_path):
    """A draft monograph, imported, that alone lists a new term."""
    text = GOOD.replace("Testazol", "Draftazol").replace("* Headache", f"* {TERM}")
    out, err, error = run_import(write_monograph(tmp_path, "draftazol.md", text), "--draft")
    assert error is None, err
    drug = Drug.objects.get(slug="draftazol")
    assert drug.status == Drug.Status.DRAFT
    term = SideEffect.objects.get(name=TERM)
    assert (term.is_reviewed, term.published_drug_count) == (False, 0)
    return drug


def shows_the_term(client, url):
    """Whether the page names the term or links to it (a slug the visitor typed may be
    echoed back)."""
    response = client.get(url)
    assert response.status_code == 200, url
    return TERM in response.content.decode() or PAGE in response.content.decode()


def test_a_term_only_a_draft_lists_is_not_public(client, draft):
    assert client.get(PAGE).status_code == 404
    for url in WHERE_TERMS_SHOW:
        assert not shows_the_term(client, url), url


def test_publishing_the_draft_leaves_the_unreviewed_term_hidden(client, draft, admin_user):
    workflow.publish(draft, admin_user)
    assert SideEffect.objects.get(name=TERM).published_drug_count == 1
    assert client.get(PAGE).status_code == 404
    for url in WHERE_TERMS_SHOW:
        assert not shows_the_term(client, url), url


def test_reviewing_the_term_of_a_published_drug_makes_it_public(
    client, draft, admin_user, page_cache
):
    workflow.publish(draft, admin_user)
    for url in [PAGE, *WHERE_TERMS_SHOW]:
        client.get(url)  # cached where a page can be
    term = SideEffect.objects.get(name=TERM)
    with changing(side_effects=[term.pk]):
        SideEffect.objects.filter(pk=term.pk).update(is_reviewed=True)
    assert shows_the_term(client, PAGE)
    # Everywhere, the searches too: the review renewed their index.
    for url in WHERE_TERMS_SHOW:
        if "without" not in url:
            assert shows_the_term(client, url), url


def test_unpublishing_hides_it_again(client, draft, admin_user):
    workflow.publish(draft, admin_user)
    workflow.unpublish(Drug.objects.get(pk=draft.pk), admin_user)
    assert client.get(PAGE).status_code == 404


def test_a_reviewed_term_has_its_page_without_drugs(client):
    term = SideEffectFactory(name="Curated but unlisted", is_reviewed=True)
    assert client.get(term.get_absolute_url()).status_code == 200
    unreviewed = SideEffectFactory(name="Made by an import", is_reviewed=False)
    assert client.get(unreviewed.get_absolute_url()).status_code == 404


def test_public_terms_are_the_reviewed_ones():
    reviewed = SideEffectFactory(is_reviewed=True)
    listed = SideEffectFactory(is_reviewed=False, published_drug_count=2)
    hidden = SideEffectFactory(is_reviewed=False)
    public = set(SideEffect.objects.public())
    assert reviewed in public
    assert not {listed, hidden} & public
