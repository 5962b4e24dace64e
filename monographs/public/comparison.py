"""The side-effect comparison of the drugs for one condition: drugs as rows, the side
effects most of them list as columns, the tier (and seriousness) in each cell."""

from dataclasses import dataclass

from monographs.models import DrugSideEffect, SideEffect

COLUMNS = 8


@dataclass
class ComparisonRow:
    drug: object
    cells: list  # a DrugSideEffect, or None where the drug does not list that side effect


@dataclass
class Comparison:
    side_effects: list
    rows: list


def compare(all_drugs, page_drugs, columns=COLUMNS):
    """Columns from all the condition's drugs, rows for the drugs on this page."""
    counts = DrugSideEffect.objects.most_listed_side_effects(all_drugs, columns)
    terms = SideEffect.objects.in_bulk([term_id for term_id, _ in counts])
    side_effects = [terms[term_id] for term_id, _ in counts if term_id in terms]
    links = DrugSideEffect.objects.filter(
        drug__in=[drug.pk for drug in page_drugs], side_effect__in=side_effects
    ).only("drug_id", "side_effect_id", "frequency", "serious", "note")
    cells = {(link.drug_id, link.side_effect_id): link for link in links}
    rows = [
        ComparisonRow(drug, [cells.get((drug.pk, term.pk)) for term in side_effects])
        for drug in page_drugs
    ]
    return Comparison(side_effects, rows)
