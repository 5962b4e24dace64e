"""The side-effect pages' stored lines (monographs/listings.py): the page and the API
list the same drugs, through the same links and in the same order, as a plain
computation from the links; and the write path keeps the lines as a full rebuild
would make them after each kind of change."""

import itertools

import pytest
from django.contrib.auth.models import User

from monographs.editorial import curation, merging
from monographs.editorial.changes import changing
from monographs.models import Drug, DrugSideEffect, HpoAncestor, SideEffect, SideEffectListing
from monographs.public.filters import TIER_SLUGS
from tests.factories import DrugFactory, DrugSideEffectFactory, SideEffectFactory, recount_and_list
from tests.test_public_vocabulary import hpo_chain

pytestmark = pytest.mark.django_db

Frequency = DrugSideEffect.Frequency


@pytest.fixture
def hierarchy():
    """Terms coded with a grandparent, parent and child of HPO (and an unreviewed term
    beside the child), and drugs that list several of them in every tier, serious or not,
    one of them a draft: {name: term}."""
    grand_id, parent_id, child_id = hpo_chain()
    terms = {
        "grand": SideEffectFactory(name="Omicron broad", hpo_id=grand_id),
        "parent": SideEffectFactory(name="Omicron middle", hpo_id=parent_id),
        "child": SideEffectFactory(name="Omicron narrow", hpo_id=child_id),
        "hidden": SideEffectFactory(name="Omicron unreviewed", hpo_id=child_id, is_reviewed=False),
    }
    tiers = itertools.cycle(Frequency)
    names = ["Bexol", "axitab", "Cortan", "Dravil", "Avomax", "Elbin", "9-Ozone", "Bexol B"]
    for number, name in enumerate(names):
        drug = DrugFactory(name=name)
        for key in ("grand", "parent", "child", "hidden")[number % 3 :]:
            DrugSideEffectFactory(
                drug=drug,
                side_effect=terms[key],
                frequency=next(tiers),
                serious=(number + len(key)) % 3 == 0,
            )
    # Two links in one tier: the serious one, made second, is the more telling.
    tied = DrugFactory(name="Fentra")
    DrugSideEffectFactory(drug=tied, side_effect=terms["parent"], frequency=Frequency.COMMON)
    DrugSideEffectFactory(
        drug=tied, side_effect=terms["child"], frequency=Frequency.COMMON, serious=True
    )
    draft = DrugFactory(name="Aadraft", status=Drug.Status.DRAFT)
    DrugSideEffectFactory(drug=draft, side_effect=terms["child"], frequency=Frequency.VERY_COMMON)
    recount_and_list()
    return terms


def reference(term, narrower="", tiers=(), serious=False, letter=""):
    """The page's drugs from the links, as the page defines them: [(drug, link's term,
    tier)], each drug once through its most common link (serious first, then the
    first made), most common first, then by name."""
    closure = HpoAncestor.objects.filter(ancestor_id=term.hpo_id).values("term_id")
    narrower_terms = SideEffect.objects.filter(
        is_reviewed=True, hpo__in=closure, published_drug_count__gt=0
    )
    includes_narrower = term.hpo_id and narrower_terms.exists() and narrower != "no"
    terms = [term, *narrower_terms] if includes_narrower else [term]
    links = [
        link
        for link in DrugSideEffect.objects.select_related("drug", "side_effect")
        if link.side_effect in terms
        and link.drug.status == Drug.Status.PUBLISHED
        and (not tiers or link.frequency in {TIER_SLUGS[slug] for slug in tiers})
        and (not serious or link.serious)
        and (not letter or link.drug.name.lower().startswith(letter.lower()))
    ]
    best = {}
    for link in sorted(links, key=lambda link: (link.frequency, not link.serious, link.pk)):
        best.setdefault(link.drug_id, link)
    chosen = sorted(best.values(), key=lambda link: (link.frequency, link.drug.name, link.drug_id))
    return [(link.drug.name, link.side_effect.name, link.frequency) for link in chosen]


FILTERS = [
    {},
    {"narrower": "no"},
    {"tiers": ["very-common"]},
    {"tiers": ["very-common", "common"]},
    {"tiers": ["common"]},
    {"tiers": ["uncommon", "not-known"]},
    {"serious": True},
    {"serious": True, "tiers": ["very-common", "common"]},
    {"serious": True, "tiers": ["rare"]},
    {"letter": "B"},
    {"letter": "0-9"},
    {"narrower": "no", "tiers": ["common"], "serious": True},
]


def query(filters):
    data = {"tier": filters.get("tiers", []), "narrower": filters.get("narrower", "")}
    if filters.get("serious"):
        data["serious"] = "on"
    if filters.get("letter"):
        data["letter"] = filters["letter"]
    return data


def page_lines(client, term, filters):
    response = client.get(term.get_absolute_url(), query(filters))
    assert response.status_code == 200
    return [
        (link.drug.name, link.side_effect.name, link.frequency)
        for link in response.context["links"]
    ]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda filters: str(filters) or "none")
@pytest.mark.parametrize("key", ["grand", "parent", "child"])
def test_the_page_lists_what_the_links_say(client, hierarchy, key, filters):
    term = hierarchy[key]
    expected = reference(
        term,
        filters.get("narrower", ""),
        filters.get("tiers", ()),
        filters.get("serious", False),
        "" if filters.get("letter") == "0-9" else filters.get("letter", ""),
    )
    if filters.get("letter") == "0-9":
        expected = [line for line in reference(term) if not line[0][0].isalpha()]
    assert page_lines(client, term, filters) == expected
    assert expected or filters  # each term's unfiltered page lists drugs


def test_the_data_tells_the_ways_apart(hierarchy):
    """The fixture has drugs whose most telling link is a narrower term's, and whose
    most telling serious link is not their most telling link."""
    grand = hierarchy["grand"]
    lines = {drug: (term, tier) for drug, term, tier in reference(grand)}
    assert any(term != grand.name for term, _ in lines.values())
    serious = reference(grand, serious=True)
    assert any(lines[drug] != (term, tier) for drug, term, tier in serious)


@pytest.mark.parametrize("filters", FILTERS[:4], ids=lambda filters: str(filters) or "none")
def test_the_api_lists_what_the_page_lists(client, hierarchy, filters):
    term = hierarchy["grand"]
    data = {key: value for key, value in query(filters).items() if value}
    answer = client.get(f"/api/v1/side-effects/{term.slug}/", data).json()
    found = [(line["drug"]["name"], line["side_effect"]["name"]) for line in answer["results"]]
    expected = [(drug, name) for drug, name, _ in page_lines(client, term, filters)]
    assert found and found == expected
    assert answer["count"] == len(expected)


def stored():
    return sorted(
        SideEffectListing.objects.values_list(
            "term", "link", "drug", "frequency", "serious", "drug_name", "own", "best",
            "best_serious",
        )
    )  # fmt: skip


def assert_as_rebuilt():
    """The lines the write path left are those a full rebuild makes."""
    kept = stored()
    SideEffectListing.objects.rebuild()
    assert kept == stored()


def test_a_drug_s_links_added_removed_and_renamed(hierarchy):
    drug = Drug.objects.get(name="Bexol")
    with changing(drugs=[drug.pk]):
        DrugSideEffectFactory(drug=drug, side_effect=SideEffectFactory(name="Omicron extra"))
        drug.side_effect_links.filter(side_effect=hierarchy["grand"]).delete()
        drug.side_effect_links.filter(side_effect=hierarchy["child"]).update(
            frequency=Frequency.VERY_COMMON
        )
        Drug.objects.filter(pk=drug.pk).update(name="Zebexol")
    assert SideEffectListing.objects.filter(drug=drug, drug_name="Zebexol").exists()
    assert_as_rebuilt()


def test_unpublished_and_published_again(hierarchy):
    drug = Drug.objects.get(name="Cortan")
    assert SideEffectListing.objects.filter(drug=drug).exists()
    with changing(drugs=[drug.pk]):
        Drug.objects.filter(pk=drug.pk).update(status=Drug.Status.DRAFT)
    assert not SideEffectListing.objects.filter(drug=drug).exists()
    with changing(drugs=[drug.pk]):
        Drug.objects.filter(pk=drug.pk).update(status=Drug.Status.PUBLISHED)
    assert SideEffectListing.objects.filter(drug=drug).exists()
    assert_as_rebuilt()


def test_a_term_reviewed_joins_its_broader_terms_pages(hierarchy):
    hidden, grand = hierarchy["hidden"], hierarchy["grand"]
    assert not SideEffectListing.objects.filter(term=grand, link__side_effect=hidden).exists()
    curation.accept(hidden, User.objects.create(username="reviewer"))
    assert SideEffectListing.objects.filter(term=grand, link__side_effect=hidden).exists()
    assert_as_rebuilt()


def test_a_term_moved_in_the_hierarchy(hierarchy):
    child, parent = hierarchy["child"], hierarchy["parent"]
    with changing(side_effects=[child.pk]):
        SideEffect.objects.filter(pk=child.pk).update(hpo=None)
    assert not SideEffectListing.objects.filter(term=parent, link__side_effect=child).exists()
    with changing(side_effects=[child.pk]):
        SideEffect.objects.filter(pk=child.pk).update(hpo=hierarchy["hidden"].hpo_id)
    assert SideEffectListing.objects.filter(term=parent, link__side_effect=child).exists()
    assert_as_rebuilt()


def test_terms_merged_and_the_merge_undone(hierarchy):
    user = User.objects.create(username="merger", is_staff=True)
    child_id = hierarchy["child"].pk
    merge_entry = merging.merge([hierarchy["child"]], hierarchy["parent"], user)
    assert not SideEffectListing.objects.filter(term_id=child_id).exists()
    assert_as_rebuilt()
    merging.undo_merge(merge_entry, user)
    assert SideEffectListing.objects.filter(term_id=child_id).exists()
    assert_as_rebuilt()


def test_a_drug_deleted_takes_its_lines(hierarchy):
    drug = Drug.objects.get(name="Dravil")
    with changing(drugs=[drug.pk]):
        drug.delete()
    assert not SideEffectListing.objects.filter(drug_id=drug.pk).exists()
    assert_as_rebuilt()


def test_the_page_reads_one_range_of_the_index(hierarchy, django_assert_num_queries):
    """The drugs of a broad term: its lines, ordered by the index, not every link
    compared with the drug's others."""
    lines = SideEffectListing.objects.for_page(hierarchy["grand"]).one_per_drug()
    sql = str(lines.query)
    assert "EXISTS" not in sql and "drugsideeffect" in sql.lower()
    expected = len(reference(hierarchy["grand"]))
    with django_assert_num_queries(1):
        assert len(list(lines)) == expected
