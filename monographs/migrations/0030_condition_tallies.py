"""Counts the condition pages show, kept on write (monographs/tallies.py): each drug's
side-effect counts, each condition's published drugs and most listed side effects.

SQLite rebuilds monographs_drug to add a column that is not null: as in 0026, the search
view, table and triggers are dropped first and made again after.
"""

from importlib import import_module

import django.db.models.deletion
from django.db import migrations, models

from monographs.tallies import recount_conditions, recount_drugs

full_text_search = import_module("monographs.migrations.0003_full_text_search")
bounded_usage = import_module("monographs.migrations.0015_search_reads_a_bounded_usage")
long_names = import_module("monographs.migrations.0017_long_names_and_dose_ranges")

before = full_text_search.run({"sqlite": long_names.DROP_SQLITE_SEARCH})
after = full_text_search.run({"sqlite": bounded_usage.SQLITE_FORWARD})


def write_tallies(apps, schema_editor):
    """The counts of the data already there (as 0029 wrote the side-effect pages' lines)."""
    recount_drugs()
    recount_conditions()


class Migration(migrations.Migration):
    dependencies = [
        ("monographs", "0029_side_effect_listing"),
    ]

    operations = [
        migrations.RunPython(before, after),
        migrations.AddField(
            model_name="condition",
            name="published_drug_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="drug",
            name="common_side_effect_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="drug",
            name="side_effect_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="drug",
            name="stated_side_effect_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.CreateModel(
            name="ConditionSideEffect",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("drug_count", models.PositiveIntegerField()),
                ("place", models.PositiveSmallIntegerField()),
                (
                    "condition",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="monographs.condition",
                    ),
                ),
                (
                    "side_effect",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="monographs.sideeffect",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("condition", "place"), name="one_column_per_condition_place"
                    )
                ],
            },
        ),
        migrations.RunPython(after, before),
        migrations.RunPython(write_tallies, migrations.RunPython.noop),
    ]
