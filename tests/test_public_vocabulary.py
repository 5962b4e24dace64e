"""What visitors meet of the side-effect vocabulary: unreviewed terms are not public
pages (issue 14, point 5), and a term's broader and narrower terms from HPO's hierarchy
show on its page and widen its drugs (point 3)."""

import json
import re

import pytest
from django.contrib.auth.models import Permission
from django.http import QueryDict
from django.test import Client

from monographs.models import (
    Condition,
    Drug,
    DrugSideEffect,
    HpoAncestor,
    SideEffect,
)
from monographs.public.filters import DrugFilter
from monographs.public.listing import ListingPaginator
from monographs.serving import caching
from tests.factories import DrugFactory, DrugSideEffectFactory, SideEffectFactory, recount_and_list

pytestmark = pytest.mark.django_db

Frequency = DrugSideEffect.Frequency


def text(response):
    return response.content.decode()


def recount():
    recount_and_list()


# --- unreviewed terms -------------------------------------------------------------------


@pytest.fixture
def unreviewed():
    """A published drug listing a reviewed term and an unreviewed one, named in the
    source's own words."""
    drug = DrugFactory(name="Plainotol")
    reviewed = SideEffectFactory(name="Quillo rash")
    term = SideEffectFactory(name="Generally well tolerated", is_reviewed=False)
    DrugSideEffectFactory(drug=drug, side_effect=reviewed)
    DrugSideEffectFactory(
        drug=drug,
        side_effect=term,
        frequency=Frequency.COMMON,
        source_text="Plainotol is generally well tolerated",
    )
    recount()
    return drug, term


def jsonld(response):
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', text(response), re.S)
    return json.loads(found.group(1))


def test_the_drug_page_shows_an_unreviewed_mention_unlinked_in_its_own_words(client, unreviewed):
    drug, term = unreviewed
    page = text(client.get(drug.get_absolute_url()))
    assert "Plainotol is generally well tolerated" in page
    assert term.get_absolute_url() not in page
    assert 'href="/side-effects/quillo-rash/"' in page


def test_the_json_ld_leaves_an_unreviewed_term_out(client, unreviewed):
    drug, term = unreviewed
    data = jsonld(client.get(drug.get_absolute_url()))
    outcomes = data.get("adverseOutcome", []) + data.get("seriousAdverseOutcome", [])
    assert [outcome["name"] for outcome in outcomes] == ["Quillo rash"]


def test_an_unreviewed_term_has_no_page_for_visitors(client, unreviewed):
    assert client.get(unreviewed[1].get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/side-effects/",
        "/side-effects/?letter=G",
        "/side-effects/?q=generally+well+tolerated",
        "/side-effects/suggest/?q=generally",
        "/search/?q=generally+well+tolerated",
        "/sitemap-side-effects.xml",
    ],
)
def test_lists_search_suggestions_and_sitemap_leave_it_out(client, unreviewed, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "Generally well tolerated" not in text(response)
    assert unreviewed[1].get_absolute_url() not in text(response)


def test_the_listing_filter_refuses_it(client, unreviewed):
    filterset = DrugFilter(QueryDict(f"side_effect={unreviewed[1].slug}"), Drug.objects.all())
    assert not filterset.is_valid()
    assert "side_effect" in filterset.errors


def test_condition_counts_and_columns_leave_it_out(client, unreviewed):
    drug, term = unreviewed
    condition = Condition.objects.create(name="Test ache", slug="test-ache")
    condition.drugs.add(drug)
    recount()
    counted = Drug.objects.filter(pk=drug.pk).with_side_effect_counts().get()
    assert (counted.side_effect_count, counted.common_side_effect_count) == (1, 1)
    response = client.get(condition.get_absolute_url())
    assert [column.name for column in response.context["comparison"].side_effects] == [
        "Quillo rash"
    ]


@pytest.fixture
def editor_client(django_user_model):
    user = django_user_model.objects.create_user("vocab-editor", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_sideeffect"))
    client = Client()
    client.force_login(user)
    return client


def test_editors_keep_the_link_and_the_page(editor_client, unreviewed):
    drug, term = unreviewed
    assert f'href="{term.get_absolute_url()}"' in text(editor_client.get(drug.get_absolute_url()))
    page = editor_client.get(term.get_absolute_url())
    assert page.status_code == 200
    assert "Not reviewed yet" in text(page)


def test_a_signed_in_user_without_the_permission_is_a_visitor(django_user_model, unreviewed):
    reader = Client()
    reader.force_login(django_user_model.objects.create_user("reader", password="x"))
    assert reader.get(unreviewed[1].get_absolute_url()).status_code == 404


def test_visitors_pages_do_not_vary_on_the_cookie(client, unreviewed):
    response = client.get(unreviewed[0].get_absolute_url())
    assert "Cookie" not in response.get("Vary", "")


def test_an_unreviewed_link_costs_the_drug_page_no_query(
    client, unreviewed, django_assert_num_queries
):
    with django_assert_num_queries(9):  # the drug page's budget (test_views.PAGES)
        assert client.get(unreviewed[0].get_absolute_url()).status_code == 200


# --- broader and narrower terms ---------------------------------------------------------


def hpo_chain():
    """Three current phenotype terms of HPO, each the parent of the next (grandparent,
    parent, child), with no side-effect term coded with them or below them yet."""
    used = SideEffect.objects.exclude(hpo=None).values("hpo_id")
    parents = (
        HpoAncestor.objects.filter(depth=1, term__is_obsolete=False, term__is_phenotype=True)
        .exclude(term__in=used)
        .exclude(ancestor__in=used)
        .order_by("term_id")
    )
    for link in parents[:500]:
        grand = (
            HpoAncestor.objects.filter(term=link.ancestor_id, depth=1, ancestor__is_phenotype=True)
            .exclude(ancestor__in=used)
            .order_by("ancestor_id")
            .first()
        )
        if (
            grand
            and HpoAncestor.objects.filter(term=link.term_id, ancestor=grand.ancestor_id, depth=2)
            and not HpoAncestor.objects.filter(ancestor=grand.ancestor_id, term__in=used)
        ):
            return grand.ancestor_id, link.ancestor_id, link.term_id
    raise AssertionError("no three-generation chain in the loaded HPO")


@pytest.fixture
def family():
    """Reviewed terms coded with a grandparent, parent and child of HPO, an unreviewed
    sibling of the child, and drugs listing them."""
    grand_id, parent_id, child_id = hpo_chain()
    grand = SideEffectFactory(name="Zeta broad", hpo_id=grand_id)
    parent = SideEffectFactory(name="Zeta middle", hpo_id=parent_id)
    child = SideEffectFactory(name="Zeta narrow", hpo_id=child_id)
    hidden = SideEffectFactory(name="Zeta unreviewed", hpo_id=child_id, is_reviewed=False)
    both = DrugFactory(name="Zeta both")
    DrugSideEffectFactory(drug=both, side_effect=parent, frequency=Frequency.RARE)
    DrugSideEffectFactory(drug=both, side_effect=child, frequency=Frequency.COMMON)
    DrugSideEffectFactory(drug=DrugFactory(name="Zeta parent only"), side_effect=parent)
    DrugSideEffectFactory(drug=DrugFactory(name="Zeta child only"), side_effect=child)
    DrugSideEffectFactory(drug=DrugFactory(name="Zeta hidden only"), side_effect=hidden)
    DrugSideEffectFactory(
        drug=DrugFactory(name="Zeta draft", status=Drug.Status.DRAFT), side_effect=child
    )
    recount()
    return grand, parent, child, hidden


def test_broader_terms_nearest_first_with_counts(family):
    grand, parent, child, hidden = family
    broader = list(SideEffect.objects.broader_than(child))
    assert broader.index(parent) < broader.index(grand)
    found = {term.pk: (term.distance, term.drug_count) for term in broader}
    assert found[parent.pk] == (1, 2)
    assert found[grand.pk] == (2, 0)


def test_narrower_terms_are_public_ones_only(family):
    grand, parent, child, hidden = family
    narrower = list(SideEffect.objects.narrower_than(grand))
    assert narrower.index(parent) < narrower.index(child)
    assert hidden not in narrower
    assert grand not in narrower
    assert {term.pk: term.drug_count for term in narrower}[child.pk] == 2


def test_a_narrower_term_no_drug_lists_is_left_out(family, client):
    grand, parent, child, hidden = family
    unlisted = SideEffectFactory(name="Zeta unlisted", hpo_id=child.hpo_id)
    assert unlisted not in SideEffect.objects.narrower_than(grand)
    # A broader term no drug lists still leads to this one's drugs: shown, with no count.
    page = text(client.get(parent.get_absolute_url()))
    assert f'href="{grand.get_absolute_url()}">Zeta broad</a>' in page


def test_a_term_without_an_hpo_code_has_no_hierarchy(family, django_assert_num_queries):
    uncoded = SideEffectFactory(name="Zeta uncoded")
    with django_assert_num_queries(0):
        assert list(SideEffect.objects.broader_than(uncoded)) == []
        assert list(SideEffect.objects.narrower_than(uncoded)) == []


def test_the_page_shows_broader_and_narrower_terms(client, family):
    grand, parent, child, hidden = family
    response = client.get(parent.get_absolute_url())
    assert grand in response.context["broader"]
    assert response.context["narrower"] == [child]
    page = text(response)
    assert "Broader and narrower terms" in page
    assert f'href="{child.get_absolute_url()}">Zeta narrow' in page
    assert hidden.get_absolute_url() not in page


def listed_drugs(response):
    return {link.drug.name for link in response.context["links"]}


def test_the_page_includes_drugs_of_narrower_terms_once_each(client, family):
    grand, parent, child, hidden = family
    response = client.get(parent.get_absolute_url())
    assert listed_drugs(response) == {"Zeta both", "Zeta parent only", "Zeta child only"}
    assert response.context["paginator"].count == 3
    # A drug listing both shows once, by its most common link: the child's, common.
    both = next(link for link in response.context["links"] if link.drug.name == "Zeta both")
    assert (both.side_effect, both.frequency) == (child, Frequency.COMMON)
    assert "(zeta narrow)" in text(response)


def test_narrower_no_is_the_term_alone(client, family):
    grand, parent, child, hidden = family
    response = client.get(parent.get_absolute_url() + "?narrower=no")
    assert listed_drugs(response) == {"Zeta both", "Zeta parent only"}
    assert response.context["paginator"].count == 2
    assert "narrower=no" in text(response)  # "filter these drugs further" keeps it


def test_filters_combine_with_narrower_terms(client, family):
    """Filters choose among all the links first: a drug listing the term as rare and a
    narrower one as common is among the rare ones, shown by its rare link."""
    grand, parent, child, hidden = family
    response = client.get(parent.get_absolute_url() + "?tier=rare")
    assert [(link.drug.name, link.side_effect) for link in response.context["links"]] == [
        ("Zeta both", parent)
    ]
    response = client.get(parent.get_absolute_url() + "?tier=common")
    assert listed_drugs(response) == {"Zeta both", "Zeta parent only", "Zeta child only"}
    assert response.context["paginator"].count == 3


def test_the_option_shows_only_where_there_are_narrower_terms(client, family):
    grand, parent, child, hidden = family
    assert 'name="narrower"' in text(client.get(parent.get_absolute_url()))
    assert 'name="narrower"' not in text(client.get(child.get_absolute_url()))


def test_old_side_effect_urls_keep_working(client, family):
    parent = family[1]
    response = client.get(parent.get_absolute_url() + "?frequency=1")
    assert response.status_code == 301
    assert client.get(response["Location"]).status_code == 200


def test_side_effect_page_budget_with_narrower_terms(client, family, django_assert_num_queries):
    """One more than a term without narrower ones (test_views.PAGES): the drugs are
    counted, not read from the term."""
    url = family[1].get_absolute_url()
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200
    for _ in range(20):
        DrugSideEffectFactory(side_effect=family[2])
    recount()
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200


def listing(query):
    filterset = DrugFilter(QueryDict(query), queryset=Drug.objects.published().order_by("name"))
    assert filterset.is_valid(), filterset.errors
    paginator = ListingPaginator(filterset.qs, 50, filterset=filterset)
    return {drug.name for drug in filterset.qs}, paginator.count


def test_the_listing_filter_includes_narrower_terms(family):
    grand, parent, child, hidden = family
    expected = {"Zeta both", "Zeta parent only", "Zeta child only"}
    assert listing(f"side_effect={grand.slug}") == (expected, 3)
    assert listing(f"side_effect={parent.slug}&narrower=") == (expected, 3)
    assert listing(f"side_effect={parent.slug}&narrower=no") == (
        {"Zeta both", "Zeta parent only"},
        2,
    )
    assert listing(f"side_effect={grand.slug}&narrower=no") == (set(), 0)


def test_only_common_and_only_serious_look_at_the_narrower_terms_links_too(family):
    """ "Zeta both" lists the middle term as rare and the narrow one as common, the others
    list theirs as uncommon: only where common, the broad term finds "Zeta both" through
    the narrow term. The drugs and their count both come from the stored lines."""
    grand, parent, child, hidden = family
    only = DrugSideEffect.objects.filter(drug__name__in=["Zeta parent only", "Zeta child only"])
    only.update(frequency=Frequency.UNCOMMON)
    DrugSideEffect.objects.filter(drug__name="Zeta parent only").update(serious=True)
    recount()
    assert listing(f"side_effect={grand.slug}&common_only=on") == ({"Zeta both"}, 1)
    assert listing(f"side_effect={grand.slug}&serious_only=on") == ({"Zeta parent only"}, 1)
    assert listing(f"side_effect={parent.slug}&common_only=on&narrower=no") == (set(), 0)
    assert listing(f"side_effect={grand.slug}&common_only=on&serious_only=on") == (set(), 0)


def test_all_of_two_terms_each_with_its_narrower_ones(family):
    grand, parent, child, hidden = family
    other = SideEffectFactory(name="Zeta other")
    DrugSideEffectFactory(drug=Drug.objects.get(name="Zeta child only"), side_effect=other)
    recount()
    names, _ = listing(f"side_effect={parent.slug}&side_effect={other.slug}&match=all")
    assert names == {"Zeta child only"}
    names, _ = listing(f"side_effect={parent.slug}&side_effect={other.slug}&match=all&narrower=no")
    assert names == set()


def test_the_listing_page_offers_the_option(client, family):
    page = text(client.get(f"/drugs/?side_effect={family[0].slug}"))
    assert 'name="narrower" value=""' in page and "checked" in page
    assert 'name="narrower" value="no"' in page
    assert "Not narrower terms" in text(
        client.get(f"/drugs/?side_effect={family[0].slug}&narrower=no")
    )


def test_a_change_to_a_term_renews_the_pages_of_its_broader_and_narrower_terms(family):
    grand, parent, child, hidden = family
    unrelated = SideEffectFactory(name="Zeta elsewhere", body_system="ear")
    pages = caching.side_effect_pages([parent.pk])
    tags = {caching.side_effect_tag(term.slug) for term in (grand, parent, child, hidden)}
    assert tags <= pages
    assert caching.side_effect_tag(unrelated.slug) not in pages
