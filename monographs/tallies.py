"""Counts the condition pages show, kept on write instead of counted per request.

- Each drug's side-effect counts (``Drug.side_effect_count`` and the common and stated
  ones): the comparison sorts a condition's drugs by them.
- Each condition's published drugs (``Condition.published_drug_count``): the A–Z list.
- Each condition's most listed side effects (``ConditionSideEffect``): the columns of
  its comparison.

Counted per request, these read every link of every drug of a condition: 270 ms for a
large condition at 100,000 drugs on PostgreSQL. They are derived data, kept by the one
write path (``editorial.changes``) for the drugs, terms and conditions of each change.
"""

from django.db import connection, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from monographs.db import id_chunks

# The columns of a condition's comparison: its side effects listed by the most drugs.
COLUMNS = 8


def recount_drugs(ids=None):
    """Write again the side-effect counts of these drugs (ids; None: every drug). A link
    counts when its term is public (reviewed). Only rows whose counts change are written:
    one grouped statement, not a subquery per drug (20 s for 100,000 drugs on
    PostgreSQL)."""
    from monographs.models import DrugSideEffect

    Frequency = DrugSideEffect.Frequency
    if ids is None:
        with connection.cursor() as cursor:
            cursor.execute(drug_counts_statement(""), [Frequency.COMMON, Frequency.NOT_KNOWN])
        return
    for chunk in id_chunks(ids):
        placeholders = ", ".join(["%s"] * len(chunk))
        with connection.cursor() as cursor:
            cursor.execute(
                drug_counts_statement(f"WHERE d.id IN ({placeholders})"),
                [Frequency.COMMON, Frequency.NOT_KNOWN, *chunk],
            )


def drug_counts_statement(where):
    """UPDATE … FROM of the counts of the drugs `where` picks (a clause on ``d.id``).
    Parameters: the commonest tier counted as common, the "not known" tier, then
    `where`'s."""
    from monographs.models import Drug, DrugSideEffect, SideEffect

    drugs = Drug._meta.db_table
    return f"""
        UPDATE {drugs}
        SET side_effect_count = counted.links,
            common_side_effect_count = counted.common,
            stated_side_effect_count = counted.stated
        FROM (
            SELECT d.id AS drug_id,
                COUNT(term.id) AS links,
                COUNT(CASE WHEN link.frequency <= %s THEN term.id END) AS common,
                COUNT(CASE WHEN link.frequency <> %s THEN term.id END) AS stated
            FROM {drugs} d
            LEFT JOIN {DrugSideEffect._meta.db_table} link ON link.drug_id = d.id
            LEFT JOIN {SideEffect._meta.db_table} term
                ON term.id = link.side_effect_id AND term.is_reviewed
            {where}
            GROUP BY d.id
        ) counted
        WHERE {drugs}.id = counted.drug_id
            AND ({drugs}.side_effect_count <> counted.links
                OR {drugs}.common_side_effect_count <> counted.common
                OR {drugs}.stated_side_effect_count <> counted.stated)
    """


def recount_conditions(ids=None):
    """Write again the published drug count and the most listed side effects of these
    conditions (ids; None: every condition)."""
    from monographs.models import Condition, Drug

    published = Drug.conditions.through.objects.filter(
        condition=OuterRef("pk"), drug__status=Drug.Status.PUBLISHED
    )
    count = Coalesce(
        Subquery(published.order_by().values("condition").annotate(n=Count("pk")).values("n")),
        0,
    )
    if ids is None:
        Condition.objects.update(published_drug_count=count)
        ConditionSideEffect.objects.rebuild()
        return
    for chunk in id_chunks(ids):
        Condition.objects.filter(pk__in=chunk).update(published_drug_count=count)
        ConditionSideEffect.objects.rebuild(chunk)


def insert_statement(where):
    """INSERT … SELECT of the most listed public side effects of the conditions `where`
    picks (a clause on ``dc.condition_id``), over their published drugs. Parameters: the
    published status, then `where`'s, then the number of columns."""
    from monographs.models import Drug, DrugSideEffect, SideEffect

    return f"""
        INSERT INTO {ConditionSideEffect._meta.db_table}
            (condition_id, side_effect_id, drug_count, place)
        SELECT condition_id, side_effect_id, drugs, place FROM (
            SELECT dc.condition_id, link.side_effect_id, COUNT(*) AS drugs,
                ROW_NUMBER() OVER (
                    PARTITION BY dc.condition_id
                    ORDER BY COUNT(*) DESC, link.side_effect_id
                ) AS place
            FROM {Drug.conditions.through._meta.db_table} dc
            JOIN {Drug._meta.db_table} drug ON drug.id = dc.drug_id AND drug.status = %s
            JOIN {DrugSideEffect._meta.db_table} link ON link.drug_id = dc.drug_id
            JOIN {SideEffect._meta.db_table} term
                ON term.id = link.side_effect_id AND term.is_reviewed
            {where}
            GROUP BY dc.condition_id, link.side_effect_id
        ) ranked
        WHERE place <= %s
    """


class ConditionSideEffectQuerySet(models.QuerySet):
    def rebuild(self, conditions=None):
        """Write again the rows of these conditions (at most db.IDS_PER_STATEMENT ids), or,
        with None, of every condition."""
        from monographs.models import Drug

        published = Drug.Status.PUBLISHED
        if conditions is None:
            self.model.objects.all().delete()
            with connection.cursor() as cursor:
                cursor.execute(insert_statement(""), [published, COLUMNS])
            return
        conditions = list(conditions)
        if not conditions:
            return
        self.model.objects.filter(condition__in=conditions).delete()
        placeholders = ", ".join(["%s"] * len(conditions))
        with connection.cursor() as cursor:
            cursor.execute(
                insert_statement(f"WHERE dc.condition_id IN ({placeholders})"),
                [published, *conditions, COLUMNS],
            )


class ConditionSideEffect(models.Model):
    """One of the public side effects that the most published drugs for a condition list:
    a column of its comparison (place 1 is the most listed). Kept by editorial.changes;
    never edited."""

    condition = models.ForeignKey(
        "monographs.Condition", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    side_effect = models.ForeignKey(
        "monographs.SideEffect", on_delete=models.CASCADE, related_name="+"
    )
    drug_count = models.PositiveIntegerField()
    place = models.PositiveSmallIntegerField()

    objects = ConditionSideEffectQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["condition", "place"], name="one_column_per_condition_place"
            )
        ]

    def __str__(self):
        return f"{self.condition_id}: {self.side_effect_id} ({self.drug_count})"
