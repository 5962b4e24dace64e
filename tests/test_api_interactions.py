"""/api/v1/interactions/: the interaction checker's pairs as data, bad lists answered with
a 400 that names the parameter, and an answer renewed when a listed drug is published."""

import json

import pytest

from monographs.editorial import workflow
from monographs.models import Interaction
from tests.factories import DrugFactory, InteractionFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/interactions/"
MAJOR = Interaction.Severity.MAJOR


def get(client, *slugs):
    response = client.get(URL, {"drug": list(slugs)})
    return response, json.loads(response.content)


@pytest.fixture
def drugs():
    coumadrin, ketoprofen, placebin = (
        DrugFactory(name=name) for name in ("Coumadrin", "Ketoprofen", "Placebin")
    )
    InteractionFactory(
        drug=coumadrin, name="NSAIDs", severity=MAJOR, description="NSAIDs raise bleeding risk."
    )
    return coumadrin, ketoprofen, placebin


def test_pairs_in_both_directions_most_severe_first_and_through_a_class(client, drugs):
    response, data = get(client, "placebin", "ketoprofen", "coumadrin")
    assert response.status_code == 200
    assert [drug["slug"] for drug in data["drugs"]] == ["placebin", "ketoprofen", "coumadrin"]
    first, *others = data["pairs"]
    assert (first["first"]["slug"], first["second"]["slug"]) == ("ketoprofen", "coumadrin")
    assert first["severity"] == "Major"
    (statement,) = first["statements"]
    assert statement["source"]["slug"] == "coumadrin"
    assert statement["about"]["slug"] == "ketoprofen"
    assert statement["drug_class"] == "NSAIDs"
    assert statement["text"] == "NSAIDs raise bleeding risk."
    assert statement["section_url"] == "/drugs/coumadrin/#interactions"
    # Nothing stated is said as such, never as "no interaction".
    assert [pair["summary"] for pair in others] == [
        "No interaction is stated in these monographs."
    ] * 2
    assert all(pair["statements"] == [] and pair["severity"] is None for pair in others)


def test_an_unknown_drug_is_listed_with_near_matches(client, drugs):
    response, data = get(client, "coumadrin", "ketoprofn")
    assert response.status_code == 200
    (missing,) = data["not_found"]
    assert missing["slug"] == "ketoprofn"
    assert {"name": "Ketoprofen", "slug": "ketoprofen"} in missing["near_matches"]
    assert data["pairs"] == []


@pytest.mark.parametrize(
    "slugs,message",
    [
        (["coumadrin"], "at least 2 different drugs"),
        (["coumadrin", "Coumadrin"], "at least 2 different drugs"),
        ([f"drug-{n}" for n in range(11)], "at most 10 drugs"),
        (["coumadrin", "<script>"], "not a drug's slug: <script>"),
    ],
)
def test_a_list_that_cannot_be_checked_is_a_400_naming_drug(client, drugs, slugs, message):
    response, data = get(client, *slugs)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert message in data["errors"]["drug"]


def test_no_drug_parameter_is_a_400(client):
    response = client.get(URL)
    assert response.status_code == 400
    assert "drug" in json.loads(response.content)["errors"]


def test_the_queries_do_not_grow_with_the_list(client, drugs, django_assert_max_num_queries):
    more = [DrugFactory(name=f"Extradrug {n}").slug for n in range(7)]
    for slugs in (["coumadrin", "ketoprofen"], ["coumadrin", "ketoprofen", *more]):
        with django_assert_max_num_queries(3 + 2):  # the checker's 3, the page cache's lookups
            assert get(client, *slugs)[0].status_code == 200


def test_a_publish_of_a_listed_drug_renews_the_answer(client, drugs, admin_user):
    coumadrin, ketoprofen, _ = drugs
    _, before = get(client, "coumadrin", "ketoprofen")
    assert before["pairs"][0]["severity"] == "Major"
    working = workflow.editable_version(coumadrin, admin_user)
    working.interactions.all().delete()
    working.save()
    workflow.publish(working, admin_user)
    _, after = get(client, "coumadrin", "ketoprofen")
    assert after["pairs"][0]["statements"] == []
