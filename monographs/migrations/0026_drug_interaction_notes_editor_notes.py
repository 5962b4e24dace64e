"""A monograph's Interactions intro (the lead-in that introduces several interactions,
stored once) and its editor notes (text about writing the page, never published).

SQLite rebuilds monographs_drug to add a column that is not null, which the search view
over it would stop and which drops the full-text triggers: as in 0017, the view, table
and triggers are dropped first and made again after.
"""

from importlib import import_module

import markdownx.models
from django.db import migrations, models

full_text_search = import_module("monographs.migrations.0003_full_text_search")
bounded_usage = import_module("monographs.migrations.0015_search_reads_a_bounded_usage")
long_names = import_module("monographs.migrations.0017_long_names_and_dose_ranges")

before = full_text_search.run({"sqlite": long_names.DROP_SQLITE_SEARCH})
after = full_text_search.run({"sqlite": bounded_usage.SQLITE_FORWARD})


class Migration(migrations.Migration):
    dependencies = [("monographs", "0025_scheduled_publishing")]

    operations = [
        migrations.RunPython(before, after),
        migrations.AddField(
            model_name="drug",
            name="interaction_notes",
            field=markdownx.models.MarkdownxField(
                blank=True,
                help_text="Shown once before the interactions: what introduces them all.",
            ),
        ),
        migrations.AddField(
            model_name="drug",
            name="editor_notes",
            field=models.TextField(
                blank=True,
                help_text="Never shown to visitors: text the source wrote about writing the "
                "page, not about the drug, kept for an editor to review.",
            ),
        ),
        migrations.RunPython(after, before),
    ]
