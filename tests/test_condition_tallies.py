"""The counts the condition pages show are kept by the one write path (monographs/tallies.py):
after each kind of change they equal a recount from scratch."""

import pytest

from monographs.editorial import workflow
from monographs.editorial.changes import changing
from monographs.editorial.curation import accept
from monographs.models import Condition, ConditionSideEffect, Drug, DrugSideEffect
from monographs.tallies import COLUMNS, recount_conditions, recount_drugs
from tests.factories import DrugSideEffectFactory, SideEffectFactory

pytestmark = pytest.mark.django_db
Frequency = DrugSideEffect.Frequency


def stored():
    """Everything the tallies hold, to compare with a recount from scratch."""
    return (
        sorted(
            Drug.objects.values_list(
                "pk", "side_effect_count", "common_side_effect_count", "stated_side_effect_count"
            )
        ),
        sorted(Condition.objects.values_list("pk", "published_drug_count")),
        sorted(
            ConditionSideEffect.objects.values_list(
                "condition_id", "place", "side_effect_id", "drug_count"
            )
        ),
    )


def assert_same_as_a_recount():
    kept = stored()
    recount_drugs()
    recount_conditions()
    assert stored() == kept


@pytest.fixture
def condition():
    """A condition of three published seed drugs, made through the write path."""
    drugs = Drug.objects.published().filter(slug__in=["ibuprofen", "naproxen", "warfarin"])
    assert drugs.count() == 3
    with changing(drugs=drugs.values_list("pk", flat=True)):
        condition = Condition.objects.create(name="Tally pain", slug="tally-pain")
        condition.drugs.add(*drugs)
    return condition


def test_a_new_condition_counts_its_drugs_and_their_most_listed_side_effects(condition):
    condition.refresh_from_db()
    assert condition.published_drug_count == 3
    columns = list(ConditionSideEffect.objects.filter(condition=condition).order_by("place"))
    assert 0 < len(columns) <= COLUMNS
    assert [column.drug_count for column in columns] == sorted(
        (column.drug_count for column in columns), reverse=True
    )
    most = columns[0]
    assert most.drug_count == (
        DrugSideEffect.objects.filter(drug__conditions=condition, side_effect=most.side_effect_id)
        .values("drug")
        .distinct()
        .count()
    )
    assert_same_as_a_recount()


def test_unpublishing_and_publishing_again_keep_the_counts(condition, django_user_model):
    reviewer = django_user_model.objects.create_superuser("tally-reviewer", password="x")
    drug = condition.drugs.get(slug="warfarin")
    workflow.unpublish(drug, reviewer)
    condition.refresh_from_db()
    assert condition.published_drug_count == 2
    assert_same_as_a_recount()
    workflow.publish(Drug.objects.get(pk=drug.pk), reviewer)
    condition.refresh_from_db()
    assert condition.published_drug_count == 3
    assert_same_as_a_recount()


def test_a_term_accepted_in_review_counts_in_the_drugs_and_the_columns(
    condition, django_user_model
):
    reviewer = django_user_model.objects.create_superuser("tally-reviewer", password="x")
    drug = condition.drugs.get(slug="ibuprofen")
    term = SideEffectFactory(name="Tallyitis", is_reviewed=False)
    with changing(drugs=[drug.pk]):
        DrugSideEffectFactory(drug=drug, side_effect=term, frequency=Frequency.COMMON)
    before = Drug.objects.get(pk=drug.pk)
    accept(term, reviewer)
    after = Drug.objects.get(pk=drug.pk)
    assert after.side_effect_count == before.side_effect_count + 1
    assert after.common_side_effect_count == before.common_side_effect_count + 1
    assert_same_as_a_recount()


def test_the_comparison_reads_its_columns_from_the_stored_rows(client, condition):
    response = client.get(condition.get_absolute_url())
    assert response.status_code == 200
    columns = ConditionSideEffect.objects.filter(condition=condition).order_by("place")
    assert [term.pk for term in response.context["comparison"].side_effects] == [
        column.side_effect_id for column in columns
    ]
    assert response.context["paginator"].count == 3
    assert "Tally pain" in {c.name for c in client.get("/conditions/").context["conditions"]}
