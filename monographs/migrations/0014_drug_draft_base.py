"""Each working draft remembers the revision it was made from, so that an import forced
onto its monograph afterwards (recorded as a revision) shows as text that publishing the
draft would replace. Existing drafts get the latest revision recorded before them.

A nullable column: SQLite adds it with ALTER TABLE, without the table rebuild that would
drop the full-text triggers of 0003 (see 0009)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def date_existing_drafts(apps, schema_editor):
    Drug = apps.get_model("monographs", "Drug")
    Revision = apps.get_model("monographs", "Revision")
    before_draft = Revision.objects.filter(
        monograph=OuterRef("draft_of"), created_at__lte=OuterRef("created_at")
    ).order_by("-number")
    Drug.objects.filter(draft_of__isnull=False).update(
        draft_base=Subquery(before_draft.values("pk")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("monographs", "0013_audit_side_effect_merges")]

    operations = [
        migrations.AddField(
            model_name="drug",
            name="draft_base",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="monographs.revision",
            ),
        ),
        migrations.RunPython(date_existing_drafts, migrations.RunPython.noop),
    ]
