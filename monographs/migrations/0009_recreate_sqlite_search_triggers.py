"""SQLite rebuilds a table to alter it (0007 did so to monographs_drug), and the rebuild
drops the full-text triggers of 0003. Make them again and re-index. Any later migration
that alters monographs_drug on SQLite needs the same step; tests/test_search.py fails
without it."""

from importlib import import_module

from django.db import migrations

full_text_search = import_module("monographs.migrations.0003_full_text_search")

TRIGGERS = [statement for statement in full_text_search.SQLITE_FORWARD if "TRIGGER" in statement]
DROP_TRIGGERS = [s for s in full_text_search.SQLITE_BACKWARD if "TRIGGER" in s]
REBUILD = "INSERT INTO monographs_drug_fts(monographs_drug_fts) VALUES ('rebuild')"


def recreate_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in [*DROP_TRIGGERS, *TRIGGERS, REBUILD]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("monographs", "0008_editor_and_reviewer_groups")]

    operations = [migrations.RunPython(recreate_triggers, migrations.RunPython.noop)]
