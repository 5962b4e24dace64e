"""The index of "Recently updated" (DrugQuerySet.recently_changed): the home page's
eight read it alone, also at a hundred thousand drugs."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("monographs", "0020_audit_vocabulary_review"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="drug",
            index=models.Index(
                models.F("status"),
                models.ExpressionWrapper(
                    models.Q(("published_at__isnull", True)), output_field=models.BooleanField()
                ),
                models.OrderBy(models.F("published_at"), descending=True),
                models.OrderBy(models.F("updated_at"), descending=True),
                models.F("name"),
                name="drug_recently_changed_idx",
            ),
        ),
    ]
