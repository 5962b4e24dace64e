"""A drug's brand names ("Tylenol, Panadol"), which editors fill and the import reads
where a monograph names them; drug-name search finds a drug by them.

SQLite rebuilds monographs_drug to add a column, which the view of 0015 would stop and
which drops the full-text triggers (see 0009, 0017): they are dropped first and made
again after, and the index is rebuilt. PostgreSQL adds the column in place.
"""

from importlib import import_module

from django.db import migrations, models

full_text_search = import_module("monographs.migrations.0003_full_text_search")
bounded_usage = import_module("monographs.migrations.0015_search_reads_a_bounded_usage")
long_names = import_module("monographs.migrations.0017_long_names_and_dose_ranges")

before = full_text_search.run({"sqlite": long_names.DROP_SQLITE_SEARCH})
after = full_text_search.run({"sqlite": bounded_usage.SQLITE_FORWARD})


class Migration(migrations.Migration):
    dependencies = [("monographs", "0021_drug_recently_changed_idx")]

    operations = [
        migrations.RunPython(before, after),
        migrations.AddField(
            model_name="drug",
            name="brand_names",
            field=models.CharField(
                blank=True,
                help_text="Comma-separated, as sold: “Tylenol, Panadol”.",
                max_length=600,
            ),
        ),
        migrations.RunPython(after, before),
    ]
