"""The side-effect comparison of the drugs for one condition: drugs as rows, the side
effects most of them list as columns, the tier (and seriousness) in each cell."""

from dataclasses import dataclass

from monographs.models import ConditionSideEffect, DrugSideEffect


@dataclass
class ComparisonRow:
    drug: object
    cells: list  # a DrugSideEffect, or None where the drug does not list that side effect


@dataclass
class Comparison:
    side_effects: list
    rows: list


def compare(condition, page_drugs):
    """Columns from all the condition's drugs (stored: monographs/tallies.py), rows for
    the drugs on this page."""
    columns = ConditionSideEffect.objects.filter(condition=condition).select_related("side_effect")
    side_effects = [column.side_effect for column in columns.order_by("place")]
    links = DrugSideEffect.objects.filter(
        drug__in=[drug.pk for drug in page_drugs], side_effect__in=side_effects
    ).only("drug_id", "side_effect_id", "frequency", "serious", "note")
    cells = {(link.drug_id, link.side_effect_id): link for link in links}
    rows = [
        ComparisonRow(drug, [cells.get((drug.pk, term.pk)) for term in side_effects])
        for drug in page_drugs
    ]
    return Comparison(side_effects, rows)
