"""Names and labels hold what real monographs have, and a dose may be a range.

A combination's title reaches 258 characters: a drug's name and generic name, an
interaction's name, a precaution's topic, a dosage's label and group, and the audit
trail's copy of a name take up to limits.MAX_NAME_CHARACTERS. A dosage gets amount_max,
the upper end of a range ("10–20 mg"), and the population "Adults and children".

One migration for the three, as the task that needs them gives one number. PostgreSQL's
stored search document (0011, 0015) is made from the name and generic name, so it is
dropped before their type changes and made again after. SQLite rebuilds the tables to
alter them, which the view of 0015 over monographs_drug would stop and which drops the
full-text triggers (see 0009): the view, table and triggers are dropped first and made
again after, and the index is rebuilt.
"""

from importlib import import_module

from django.db import migrations, models

full_text_search = import_module("monographs.migrations.0003_full_text_search")
bounded_usage = import_module("monographs.migrations.0015_search_reads_a_bounded_usage")

DROP_SEARCH_DOCUMENT = [s for s in bounded_usage.POSTGRES_FORWARD if "DROP COLUMN" in s]
ADD_SEARCH_DOCUMENT = [s for s in bounded_usage.POSTGRES_FORWARD if "DROP COLUMN" not in s]
# The view over monographs_drug would stop SQLite's rebuild of it: it goes first.
DROP_SQLITE_SEARCH = [
    *[s for s in full_text_search.SQLITE_BACKWARD if "TRIGGER" in s],
    "DROP TABLE IF EXISTS monographs_drug_fts",
    "DROP VIEW IF EXISTS monographs_drug_search",
]

before = full_text_search.run({"postgresql": DROP_SEARCH_DOCUMENT, "sqlite": DROP_SQLITE_SEARCH})
after = full_text_search.run(
    {"postgresql": ADD_SEARCH_DOCUMENT, "sqlite": bounded_usage.SQLITE_FORWARD}
)


class Migration(migrations.Migration):
    dependencies = [("monographs", "0016_side_effect_frequency_scale")]

    operations = [
        migrations.RunPython(before, after),
        migrations.AlterField(
            model_name="drug",
            name="name",
            field=models.CharField(
                help_text="Generic or combination name, e.g. “Acarbose + Metformin”.",
                max_length=600,
            ),
        ),
        migrations.AlterField(
            model_name="drug",
            name="generic_name",
            field=models.CharField(blank=True, max_length=600),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="monograph_name",
            field=models.CharField(blank=True, max_length=600),
        ),
        migrations.AlterField(
            model_name="interaction",
            name="name",
            field=models.CharField(
                help_text="The other drug or drug class as named.", max_length=600
            ),
        ),
        migrations.AlterField(
            model_name="precaution",
            name="topic",
            field=models.CharField(blank=True, max_length=600),
        ),
        migrations.AlterField(
            model_name="dosage",
            name="indication",
            field=models.CharField(
                blank=True,
                help_text="The group the entry belongs to, e.g. a condition.",
                max_length=600,
            ),
        ),
        migrations.AlterField(
            model_name="dosage",
            name="label",
            field=models.CharField(
                blank=True, help_text="e.g. “Initial dose”, “Titration”.", max_length=600
            ),
        ),
        migrations.AlterField(
            model_name="dosage",
            name="population",
            field=models.CharField(
                choices=[
                    ("general", "General"),
                    ("adults", "Adults"),
                    ("children", "Children"),
                    ("all_ages", "Adults and children"),
                    ("older_adults", "Older adults"),
                    ("renal", "Kidney impairment"),
                    ("hepatic", "Liver impairment"),
                    ("other", "Other"),
                ],
                default="general",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="dosage",
            name="amount_max",
            field=models.DecimalField(
                blank=True,
                decimal_places=4,
                max_digits=12,
                null=True,
                verbose_name="up to amount",
            ),
        ),
        migrations.AddConstraint(
            model_name="dosage",
            constraint=models.CheckConstraint(
                condition=models.Q(("amount_max__isnull", True))
                | models.Q(("amount__isnull", False), ("amount_max__gt", models.F("amount"))),
                name="dose_range_above_its_amount",
            ),
        ),
        migrations.RunPython(after, before),
    ]
