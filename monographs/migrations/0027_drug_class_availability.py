"""A drug's class ("Nonsteroidal anti-inflammatory drug (NSAID)") and whether it is sold
on prescription, over the counter or both, as the monograph states them.

SQLite rebuilds monographs_drug to add a column, which the view of 0015 would stop and
which drops the full-text triggers (see 0022): they are dropped first and made again
after. PostgreSQL adds the columns in place.
"""

from importlib import import_module

from django.db import migrations, models

full_text_search = import_module("monographs.migrations.0003_full_text_search")
bounded_usage = import_module("monographs.migrations.0015_search_reads_a_bounded_usage")
long_names = import_module("monographs.migrations.0017_long_names_and_dose_ranges")

before = full_text_search.run({"sqlite": long_names.DROP_SQLITE_SEARCH})
after = full_text_search.run({"sqlite": bounded_usage.SQLITE_FORWARD})


class Migration(migrations.Migration):
    dependencies = [("monographs", "0026_drug_interaction_notes_editor_notes")]

    operations = [
        migrations.RunPython(before, after),
        migrations.AddField(
            model_name="drug",
            name="drug_class",
            field=models.CharField(
                blank=True,
                help_text="As the monograph states it: “Nonsteroidal anti-inflammatory drug (NSAID)”.",
                max_length=200,
            ),
        ),
        migrations.AddField(
            model_name="drug",
            name="availability",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Not stated"),
                    ("prescription", "Prescription only"),
                    ("over_the_counter", "Available over the counter"),
                    ("both", "Over the counter and on prescription"),
                ],
                default="",
                max_length=20,
            ),
        ),
        migrations.RunPython(after, before),
    ]
