"""The interaction checker (/interactions/): pairs in both directions, through drug classes
and combination ingredients, most severe first, bad lists answered, in a fixed number of
queries. The monographs are small ones written here, with made-up names where the name
does not matter."""

import re

import pytest

from monographs.editorial import workflow
from monographs.editorial.changes import changing
from monographs.models import Drug, Interaction
from monographs.public.interactions import MAX_DRUGS, Request, check, list_url
from monographs.vocabulary.drug_classes import drug_classes
from tests.factories import DrugFactory, InteractionFactory

pytestmark = pytest.mark.django_db

MAJOR, MINOR = Interaction.Severity.MAJOR, Interaction.Severity.MINOR


def text(response):
    main = re.search(r"<main.*?</main>", response.content.decode(), re.S).group(0)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def url(*slugs):
    return list_url(list(slugs))


class TestReadingTheList:
    def test_duplicates_are_dropped_and_case_ignored(self):
        asked = Request.read(["warfarin", "Warfarin", " warfarin ", "ibuprofen"])
        assert asked.slugs == ["warfarin", "ibuprofen"]
        assert asked.duplicates == 2

    def test_more_than_the_maximum_are_left_out_in_order(self):
        asked = Request.read([f"drug-{n}" for n in range(MAX_DRUGS + 2)])
        assert len(asked.slugs) == MAX_DRUGS
        assert asked.left_out == [f"drug-{MAX_DRUGS}", f"drug-{MAX_DRUGS + 1}"]

    def test_junk_is_not_a_slug(self):
        asked = Request.read(["<script>", "", "a--b", "\x00", "x" * 300, "ok-1"])
        assert asked.slugs == ["ok-1"]
        assert len(asked.unreadable) == 5


class TestPairs:
    def test_both_directions_most_severe_first(self):
        alpha, beta, gamma = (DrugFactory(name=name) for name in ("Alphamab", "Betamab", "Gammab"))
        InteractionFactory(drug=alpha, name="Gammab", severity=MAJOR)
        InteractionFactory(drug=beta, name="Alphamab", severity=MINOR)
        InteractionFactory(drug=gamma, name="Alphamab")
        result = check(["betamab", "gammab", "alphamab"])
        assert [(pair.first.name, pair.second.name) for pair in result.pairs] == [
            ("Gammab", "Alphamab"),
            ("Betamab", "Alphamab"),
            ("Betamab", "Gammab"),
        ]
        major, minor, nothing = result.pairs
        assert [(s.source.name, s.about.name) for s in major.statements] == [
            ("Alphamab", "Gammab"),
            ("Gammab", "Alphamab"),
        ]
        assert major.statements[0].interaction.severity == MAJOR
        assert [s.source.name for s in minor.statements] == ["Betamab"]
        assert nothing.statements == []

    def test_a_linked_monograph_matches_whatever_its_name_in_the_text(self):
        alpha, beta = DrugFactory(name="Alphamab"), DrugFactory(name="Betamab")
        InteractionFactory(drug=alpha, name="Betamab-XR tablets", interacting_drug=beta)
        (pair,) = check(["alphamab", "betamab"]).pairs
        assert [s.interaction.name for s in pair.statements] == ["Betamab-XR tablets"]

    def test_the_generic_name_matches(self):
        alpha = DrugFactory(name="Alphamab")
        DrugFactory(name="Brandix", slug="brandix", generic_name="Betacillin")
        InteractionFactory(drug=alpha, name="betacillin")
        (pair,) = check(["alphamab", "brandix"]).pairs
        assert len(pair.statements) == 1

    def test_a_class_named_in_the_text_matches_its_members(self):
        coumadrin = DrugFactory(name="Coumadrin")
        DrugFactory(name="Ketoprofen")
        InteractionFactory(
            drug=coumadrin, name="NSAIDs", description="NSAIDs raise the bleeding risk."
        )
        (pair,) = check(["coumadrin", "ketoprofen"]).pairs
        (statement,) = pair.statements
        assert statement.drug_class.name == "NSAIDs"
        assert "ATC" in statement.drug_class.source

    def test_a_sentence_naming_the_drug_and_its_class_counts_once_as_the_drug(self):
        coumadrin = DrugFactory(name="Coumadrin")
        DrugFactory(name="Ketoprofen")
        sentence = "Ketoprofen and other NSAIDs raise the bleeding risk."
        InteractionFactory(drug=coumadrin, name="Ketoprofen", description=sentence)
        InteractionFactory(drug=coumadrin, name="NSAIDs", description=sentence)
        (pair,) = check(["coumadrin", "ketoprofen"]).pairs
        (statement,) = pair.statements
        assert statement.drug_class is None

    def test_a_class_of_other_drugs_is_no_match(self):
        coumadrin = DrugFactory(name="Coumadrin")
        DrugFactory(name="Ketoprofen")
        InteractionFactory(drug=coumadrin, name="SSRIs")
        (pair,) = check(["coumadrin", "ketoprofen"]).pairs
        assert pair.statements == []

    def test_a_combination_is_checked_through_its_ingredients(self):
        testapril, testodipine = DrugFactory(name="Testapril"), DrugFactory(name="Testodipine")
        combination = DrugFactory(name="Testodipine + Testapril")
        combination.ingredients.set([testapril, testodipine])
        other = DrugFactory(name="Othermab")
        InteractionFactory(drug=testodipine, name="Othermab", severity=MAJOR)
        InteractionFactory(drug=other, name="Testapril")
        (pair,) = check([combination.slug, "othermab"]).pairs
        by_source = {s.source.name: s for s in pair.statements}
        assert by_source["Testodipine"].about == other  # an ingredient speaks for the product
        assert by_source["Othermab"].ingredient == "Testapril"
        assert pair.statements[0].interaction.severity == MAJOR

    def test_a_combination_without_ingredient_monographs_answers_to_its_parts(self):
        combination = DrugFactory(name="Testodipine + Ketoprofen")
        coumadrin = DrugFactory(name="Coumadrin")
        InteractionFactory(drug=coumadrin, name="NSAIDs")
        (pair,) = check([combination.slug, "coumadrin"]).pairs
        (statement,) = pair.statements
        assert (statement.ingredient, statement.drug_class.name) == ("Ketoprofen", "NSAIDs")

    def test_a_shared_ingredient_is_said(self):
        testapril = DrugFactory(name="Testapril")
        combination = DrugFactory(name="Testodipine + Testapril")
        combination.ingredients.set([testapril])
        (pair,) = check(["testapril", combination.slug]).pairs
        assert pair.shared_ingredients == ["Testapril"]

    def test_unpublished_drugs_are_not_found_with_near_matches(self):
        DrugFactory(name="Alphamab")
        DrugFactory(name="Alphacort", status=Drug.Status.DRAFT)
        result = check(["alphamabb", "alphacort"])
        assert result.drugs == []
        near = {
            missing.slug: [d.name for d in missing.near_matches] for missing in result.not_found
        }
        assert near == {"alphamabb": ["Alphamab"], "alphacort": ["Alphamab"]}

    def test_every_class_has_a_source_and_members(self):
        classes = set(drug_classes().by_name.values())
        assert len(classes) >= 20
        for drug_class in classes:
            assert drug_class.source and drug_class.members, drug_class.name
        for name in ("NSAIDs", "MAOIs", "SSRIs", "SNRIs", "CNS depressants", "QT-prolonging drugs"):
            assert drug_classes().named(name) is not None, name
        assert "ibuprofen" in drug_classes().named("non-steroidal anti-inflammatory drugs").members
        assert "warfarin" in drug_classes().named("anticoagulants").members  # included class


def many_drugs(count):
    drugs = [DrugFactory(name=f"Countamab {n}") for n in range(count)]
    for drug, other in zip(drugs, drugs[1:], strict=False):
        InteractionFactory(drug=drug, name=other.name)
    return [drug.slug for drug in drugs]


class TestThePage:
    def test_a_pair_shows_severity_sentence_and_section_link(self, client):
        alpha = DrugFactory(name="Alphamab")
        DrugFactory(name="Betamab")
        InteractionFactory(
            drug=alpha,
            name="Betamab",
            severity=MAJOR,
            description="Together they **stop** the heart.",
        )
        response = client.get(url("alphamab", "betamab"))
        page = response.content.decode()
        assert response.status_code == 200
        assert "Together they <strong>stop</strong> the heart." in page
        assert f'href="{alpha.get_absolute_url()}#interactions"' in page
        assert "Major" in text(response)

    def test_a_class_match_says_so(self, client):
        coumadrin = DrugFactory(name="Coumadrin")
        DrugFactory(name="Ketoprofen")
        InteractionFactory(drug=coumadrin, name="NSAIDs")
        page = text(client.get(url("coumadrin", "ketoprofen")))
        assert "through the class NSAIDs, which includes Ketoprofen" in page
        assert "Class membership: WHO ATC" in page

    def test_nothing_stated_is_never_called_safe(self, client):
        DrugFactory(name="Alphamab"), DrugFactory(name="Betamab")
        response = client.get(url("alphamab", "betamab"))
        page = text(response)
        assert "No interaction is stated in these monographs" in page
        assert "safe" not in page.lower()
        assert "no interactions" not in page.lower()
        assert "Medical disclaimer" in response.content.decode()

    def test_one_drug_asks_for_another(self, client):
        DrugFactory(name="Alphamab")
        response = client.get(url("alphamab"))
        assert response.status_code == 200
        assert "Add at least one more drug" in text(response)

    def test_too_many_are_named(self, client):
        slugs = many_drugs(MAX_DRUGS + 1)
        page = text(client.get(url(*slugs)))
        assert f"more than {MAX_DRUGS} drugs" in page
        assert slugs[-1] in page.split("left out:")[1]
        assert "The list is full" in page

    def test_unknown_names_are_listed_with_near_matches_and_not_stored(self, client, page_cache):
        DrugFactory(name="Alphamab")
        response = client.get(url("alphamabb"))
        assert "Not found: “alphamabb”" in text(response)
        assert "drug=alphamab" in response.content.decode()
        assert "no-store" in response["Cache-Control"]

    def test_without_javascript_a_name_is_added_by_words(self, client):
        DrugFactory(name="Alphamab"), DrugFactory(name="Betamab")
        response = client.get("/interactions/", {"drug": "alphamab", "add": "betam"})
        assert response.status_code == 302
        assert response["Location"] == url("alphamab", "betamab")
        response = client.get("/interactions/", {"drug": "alphamab", "add": "zzqx"})
        assert response["Location"] == url("alphamab", "zzqx")

    def test_words_that_start_several_names_are_not_guessed(self, client):
        DrugFactory(name="Betamab"), DrugFactory(name="Betamol")
        response = client.get("/interactions/", {"add": "Betam"})
        assert response["Location"] == url("betam")  # not found, with both as near matches
        page = text(client.get(url("betam")))
        assert "Betamab" in page and "Betamol" in page

    def test_suggestions_add_to_the_list(self, client):
        drugs = DrugFactory(name="Alphamab"), DrugFactory(name="Alphacain")
        with changing(drugs=[drug.pk for drug in drugs]):  # as a publish: the name index sees them
            pass
        data = client.get("/interactions/suggest/", {"q": "alpha", "drug": "alphacain"}).json()
        assert [result["name"] for result in data["results"]] == ["Alphamab"]
        assert data["results"][0]["url"] == url("alphacain", "alphamab")

    def test_the_query_count_does_not_grow_with_the_list(self, client, django_assert_num_queries):
        slugs = many_drugs(MAX_DRUGS)
        for size in (2, MAX_DRUGS):
            with django_assert_num_queries(3):
                response = client.get(url(*slugs[:size]))
            assert text(response).count("’s monograph") == size - 1

    def test_the_drug_page_starts_a_list(self, client):
        page = client.get("/drugs/warfarin/").content.decode()
        assert 'href="/interactions/?drug=warfarin"' in page


class TestCaching:
    def test_the_page_is_renewed_when_a_listed_drug_changes(self, client, page_cache, admin_user):
        alpha, beta = DrugFactory(name="Alphamab"), DrugFactory(name="Betamab")
        InteractionFactory(drug=alpha, name="Betamab")
        first = client.get(url("alphamab", "betamab"))
        assert "Alphamab’s monograph" in text(first)
        assert client.get(url("alphamab", "betamab"))["ETag"] == first["ETag"]
        workflow.unpublish(beta, admin_user)
        assert "Not found: “betamab”" in text(client.get(url("alphamab", "betamab")))
