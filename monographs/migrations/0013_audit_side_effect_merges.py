"""The audit trail records merges of side effects, with what each merge changed as data
(undo_data), so that a reviewer can see a merge and undo it. A vocabulary step names no
monograph."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("monographs", "0012_side_effect_merge_permission")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="undo_data",
            field=models.JSONField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="action",
            field=models.CharField(
                choices=[
                    ("draft_started", "Started a draft"),
                    ("submitted", "Submitted for review"),
                    ("returned", "Returned to draft"),
                    ("published", "Published"),
                    ("unpublished", "Unpublished"),
                    ("signed_off", "Signed off medical review"),
                    ("restored", "Restored a revision"),
                    ("discarded", "Discarded a draft"),
                    ("merged", "Merged side effects"),
                    ("merge_undone", "Undid a merge of side effects"),
                ],
                db_index=True,
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="monograph_name",
            field=models.CharField(blank=True, max_length=255),
        ),
    ]
