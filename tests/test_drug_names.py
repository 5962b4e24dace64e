"""Drug-name search forgives typos and knows brand names (issue 15, defect 5): the name
index, "did you mean" on the search page and the listing, brand names from the import
to the export, and the drug box's suggestions."""

import pytest
import yaml
from django.db import connection
from django.urls import reverse

from monographs.editorial.changes import changing
from monographs.exporting import render_monograph
from monographs.importing.parser import parse_monograph
from monographs.importing.parser.brand_names import find_brand_names
from monographs.models import Drug
from monographs.public.drug_names import DrugNameIndex, drug_names
from monographs.public.side_effect_index import side_effect_index
from tests.factories import DrugFactory

pytestmark = pytest.mark.django_db

ROWS = [
    ("Ibuprofen", "ibuprofen", "Ibuprofen", "Advil, Motrin IB"),
    ("Ibuprofen + Famotidine", "ibuprofen-famotidine", "", ""),
    ("Metformin", "metformin", "Metformin hydrochloride", "Glucophage"),
    ("Amoxicillin", "amoxicillin", "", "Amoxil"),
    ("Acetaminophen", "acetaminophen", "Paracetamol", "Tylenol, Panadol"),
    ("Atorvastatin", "atorvastatin", "", "Lipitor"),
    ("Amlodipine", "amlodipine", "", "Norvasc"),
]


def closest(query, **options):
    return [(m.name, m.matched) for m in DrugNameIndex(ROWS).closest(query, **options)]


# --- the index ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("ibuprofin", "Ibuprofen"),
        ("metformn", "Metformin"),
        ("amoxicilin", "Amoxicillin"),
        ("atorvastatn", "Atorvastatin"),
        ("amlodipene", "Amlodipine"),
        ("IBUPROFEN", "Ibuprofen"),
        ("  ibuprofen ", "Ibuprofen"),
        ("paracetamol", "Acetaminophen"),  # the generic name
        ("tylenol", "Acetaminophen"),
        ("Lipitor", "Atorvastatin"),
        ("advill", "Ibuprofen"),  # a typo of a brand
        ("glucophage", "Metformin"),
    ],
)
def test_a_name_a_brand_or_a_typo_of_one_finds_the_drug(typed, expected):
    assert closest(typed)[0][0] == expected


def test_a_brand_match_says_which_brand():
    match = DrugNameIndex(ROWS).closest("panadol")[0]
    assert (match.name, match.matched, match.is_brand, match.is_exact) == (
        "Acetaminophen",
        "Panadol",
        True,
        True,
    )


def test_the_whole_name_ranks_before_a_combination_holding_it():
    assert [name for name, _ in closest("ibuprofin")][:2] == [
        "Ibuprofen",
        "Ibuprofen + Famotidine",
    ]


@pytest.mark.parametrize("typed", ["zebra", "aspirin", "insulin", "ibu", "xx", "", "  "])
def test_words_no_name_is_close_to_find_nothing(typed):
    assert closest(typed) == []


def test_typing_ahead_finds_the_names_the_letters_begin():
    assert [name for name, _ in closest("ibu", prefixes=True)] == [
        "Ibuprofen",
        "Ibuprofen + Famotidine",
    ]
    assert closest("am", prefixes=True)[0][0] in {"Amlodipine", "Amoxicillin"}
    assert closest("tyl", prefixes=True) == [("Acetaminophen", "Tylenol")]


def test_only_published_drugs_are_named():
    DrugFactory(name="Zyxalor", status=Drug.Status.DRAFT)
    drug = DrugFactory(name="Zyxamid", brand_names="Zyxo")
    with changing(drugs=[drug.pk]):
        pass
    names = [m.name for m in drug_names().closest("zyxalor")]
    assert "Zyxalor" not in names


def test_a_change_through_the_write_path_rebuilds_the_index():
    index = drug_names()
    assert drug_names() is index  # one build per state of the listings
    assert index.closest("quorvex") == []
    drug = DrugFactory(name="Quorvastatin", brand_names="Quorvex", status=Drug.Status.DRAFT)
    with changing(drugs=[drug.pk]):  # as publishing does
        Drug.objects.filter(pk=drug.pk).update(status=Drug.Status.PUBLISHED)
    assert drug_names() is not index
    assert drug_names().closest("quorvex")[0].slug == drug.slug


# --- the pages ------------------------------------------------------------------------


def with_brands(slug, brands):
    drug = Drug.objects.get(slug=slug)
    with changing(drugs=[drug.pk]):
        Drug.objects.filter(pk=drug.pk).update(brand_names=brands)


def test_search_page_offers_the_name_a_typo_means(client):
    response = client.get(reverse("monographs:search"), {"q": "ibuprofin"})
    found = [hit.drug.name for hit in response.context["results"].hits]
    if connection.vendor == "postgresql":
        # Trigram similarity on the name finds it among the results: no "did you mean".
        assert found == ["Ibuprofen"] and response.context["did_you_mean"] == []
        return
    assert found == []
    assert [m.name for m in response.context["did_you_mean"]][:1] == ["Ibuprofen"]
    assert b'Did you mean <a href="?q=Ibuprofen">Ibuprofen</a>' in response.content


def test_search_page_finds_the_drug_a_brand_names(client):
    with_brands("atorvastatin", "Lipitor, Sortis")
    response = client.get(reverse("monographs:search"), {"q": "lipitor"})
    assert [m.slug for m in response.context["named"]] == ["atorvastatin"]
    assert b"sold as Lipitor" in response.content
    assert response.context["did_you_mean"] == []


def test_search_page_offers_nothing_when_the_words_find_drugs(client):
    response = client.get(reverse("monographs:search"), {"q": "ibuprofen"})
    assert response.context["results"].total >= 1
    assert response.context["did_you_mean"] == []
    assert b"Did you mean" not in response.content


@pytest.mark.parametrize("brand", ["Tylenol", "Advil", "Lipitor"])
def test_listing_finds_the_generic_monograph_by_brand(brand, client):
    slugs = {"Tylenol": "acetaminophen", "Advil": "ibuprofen", "Lipitor": "atorvastatin"}
    response = client.get(reverse("monographs:drug-list"), {"q": brand})
    assert [d.slug for d in response.context["drugs"]] == []  # not before it is recorded
    with_brands(slugs[brand], f"{brand}, Othername")
    response = client.get(reverse("monographs:drug-list"), {"q": brand.lower()})
    assert [d.slug for d in response.context["drugs"]] == [slugs[brand]]


def test_listing_offers_the_name_a_typo_means_keeping_the_other_filters(client):
    response = client.get(reverse("monographs:drug-list"), {"q": "metformn", "kind": "single"})
    assert response.context["paginator"].count == 0
    name, query = response.context["did_you_mean"][0]
    assert name == "Metformin"
    assert "kind=single" in query and "q=Metformin" in query
    assert b"Did you mean" in response.content


def test_drug_page_shows_the_brand_names(client):
    with_brands("ibuprofen", "Advil, Nurofen")
    response = client.get(reverse("monographs:drug-detail", args=["ibuprofen"]))
    assert b"Brand names: Advil, Nurofen" in response.content


def test_suggestions_as_the_visitor_types(client):
    with_brands("ibuprofen", "Advil")
    response = client.get(reverse("monographs:drug-suggest"), {"q": "ibup"})
    results = response.json()["results"]
    assert results[0] == {"name": "Ibuprofen", "matched": "Ibuprofen", "url": "/drugs/ibuprofen/"}
    assert client.get(reverse("monographs:drug-suggest"), {"q": "advi"}).json()["results"][0][
        "matched"
    ] == ("Advil")
    assert client.get(reverse("monographs:drug-suggest"), {"q": "i"}).json()["results"] == []


def test_home_drug_box_is_a_combobox_that_works_as_a_plain_form(client):
    content = client.get("/").content.decode()
    assert 'action="/drugs/"' in content
    assert 'id="home-drug-search" type="search" name="q"' in content
    assert 'data-suggest-url="/drugs/suggest/"' in content


@pytest.mark.parametrize(
    "url, budget",
    [
        # the listings' generation (1) beside the page's own queries; no snippets to make
        ("/search/?q=ibuprofin", 4),
        ("/drugs/?q=ibuprofin", 4),
        ("/drugs/suggest/?q=ibup", 1),
    ],
)
def test_query_budget_of_name_search(url, budget, client, django_assert_num_queries):
    if url.startswith("/search/") and connection.vendor == "postgresql":
        budget += 1  # trigram similarity finds the drug itself: its row is read
    side_effect_index(), drug_names()  # built once per state, not per page
    with django_assert_num_queries(budget):
        assert client.get(url).status_code == 200
    for _ in range(20):
        DrugFactory()
    with django_assert_num_queries(budget):
        assert client.get(url).status_code == 200


# --- brand names in the import and the export ------------------------------------------


def monograph(front_matter="", body="### Usage\n\nTreats tests.\n"):
    return f"---\ntitle: Testaprofen\n{front_matter}---\n\n# Testaprofen\n\n{body}".encode()


@pytest.mark.parametrize(
    "front_matter, body, expected",
    [
        ("brand_names: Brufen, Nurofen\n", "", "Brufen, Nurofen"),
        ("brands:\n  - Brufen\n  - Nurofen\n", "", "Brufen, Nurofen"),
        ("", "Testaprofen is sold under the brand names Brufen and Nurofen.", "Brufen, Nurofen"),
        ("", "It is marketed under the brand name Brufen Retard, among others.", "Brufen Retard"),
        ("", "**Popular Brand Names (UK):** Brufen, Nurofen 200, Calprofen", None),
        ("", "Brand names: Brufen; Nurofen.", "Brufen, Nurofen"),
        ("", "### Brand Names\n\n* Brufen\n* Nurofen Express\n\n### Usage\n\nx", None),
        ("", "(Note: it is often sold under brand names like Brufen or Nurofen)", None),
        ("", "Testaprofen (Brufen, Nurofen and Calprofen are brand names) eases pain.", None),
    ],
)
def test_brand_names_in_each_shape(front_matter, body, expected):
    found = find_brand_names(yaml.safe_load(front_matter) or {}, body)
    names = {
        "**Popular Brand Names (UK):** Brufen, Nurofen 200, Calprofen": "Brufen, Nurofen 200, "
        "Calprofen",
        "### Brand Names\n\n* Brufen\n* Nurofen Express\n\n### Usage\n\nx": "Brufen, Nurofen "
        "Express",
        "(Note: it is often sold under brand names like Brufen or Nurofen)": "Brufen, Nurofen",
        "Testaprofen (Brufen, Nurofen and Calprofen are brand names) eases pain.": "Brufen, "
        "Nurofen, Calprofen",
    }
    assert found == (expected if expected is not None else names[body])


@pytest.mark.parametrize(
    "body",
    [
        "**Popular Brand Names (UK):** This is hard to say, as brands change often.",
        "### Brand Names\n\nBrand names vary by country and maker.\n",
        "The specific brand name and strength may differ between makers.",
        "It is sold under many brand names depending on the country.",
        "These are brand names you may see in shops.",
        "Combination products are sold under brand names that differ by country.",
        "Ask your pharmacist about the brand name of your tablets.",
    ],
)
def test_text_about_brands_that_names_none_gives_none(body):
    assert find_brand_names({}, body) == ""


def test_the_drugs_own_name_is_no_brand():
    body = "Sold under the brand names Testaprofen and Brufen."
    assert find_brand_names({}, body, own_names=("Testaprofen",)) == "Brufen"


def test_an_imported_monograph_keeps_its_text_and_gets_the_names():
    body = "### Usage\n\nTreats tests. It is sold under the brand names Brufen and Nurofen.\n"
    parsed = parse_monograph(monograph(body=body))
    assert parsed.brand_names == "Brufen, Nurofen"
    assert "sold under the brand names Brufen and Nurofen" in parsed.usage


def test_brand_names_export_to_front_matter_and_read_back():
    parsed = parse_monograph(monograph())
    parsed.brand_names = "Brufen, nurofen (UK)"  # as an editor typed them, not checked
    text = render_monograph(parsed)
    front_matter = yaml.safe_load(text.split("---\n")[1])
    assert front_matter["brand_names"] == "Brufen, nurofen (UK)"
    assert parse_monograph(text.encode()).brand_names == "Brufen, nurofen (UK)"
