"""Side-effect links move to the CIOMS / EU SmPC frequency scale.

Old tiers: 1 Common, 2 Less common, 3 Rare, 4 Frequency not stated. New: 1 Very common,
2 Common, 3 Uncommon, 4 Rare, 5 Very rare, 6 Not known. Old common becomes common, less
common uncommon, rare rare, not stated not known; a re-import (the importer's
PARSER_VERSION changed with this) reads each file's tiers again, very common and very
rare included. The two scales share values, so each table is mapped in one statement
(every row read with its old value) and the snapshots that keep tiers as numbers (the
revisions, the merges in the audit trail) are mapped with them. Every cached page gets a
new generation: the pages showed the old tiers.
"""

import secrets

from django.db import migrations, models
from django.db.models import Case, F, When

FORWARD = {1: 2, 2: 3, 3: 4, 4: 6}
BACKWARD = {1: 1, 2: 1, 3: 2, 4: 3, 5: 3, 6: 4}
BATCH = 500


def remap(mapping):
    def run(apps, schema_editor):
        DrugSideEffect = apps.get_model("monographs", "DrugSideEffect")
        DrugSideEffect.objects.update(
            frequency=Case(
                *(When(frequency=old, then=new) for old, new in mapping.items()),
                default=F("frequency"),
                output_field=models.PositiveSmallIntegerField(),
            )
        )
        remap_snapshots(apps.get_model("monographs", "Revision"), "snapshot", mapping)
        remap_snapshots(apps.get_model("monographs", "AuditEntry"), "undo_data", mapping)
        PageGeneration = apps.get_model("monographs", "PageGeneration")
        PageGeneration.objects.update_or_create(
            key="site", defaults={"generation": secrets.randbits(62)}
        )

    return run


def remap_snapshots(model, field, mapping):
    changed = []
    rows = model.objects.exclude(**{f"{field}__isnull": True}).only("pk", field)
    for row in rows.iterator(chunk_size=BATCH):
        if remap_links(getattr(row, field), mapping):
            changed.append(row)
        if len(changed) == BATCH:
            model.objects.bulk_update(changed, [field])
            changed = []
    model.objects.bulk_update(changed, [field])


def remap_links(data, mapping):
    """Map the tier of every link a snapshot holds: a revision's side_effect_links, a
    merge's links and the links they were combined with. Whether it changed any."""
    links = []
    if isinstance(data, dict):
        links += data.get("side_effect_links") or []
        for record in data.get("merged") or []:
            for link in record.get("links") or []:
                links += [link, link.get("combined_with")]
    changed = False
    for link in links:
        if isinstance(link, dict) and link.get("frequency") in mapping:
            link["frequency"] = mapping[link["frequency"]]
            changed = True
    return changed


class Migration(migrations.Migration):
    dependencies = [("monographs", "0015_search_reads_a_bounded_usage")]

    operations = [
        migrations.AlterField(
            model_name="drugsideeffect",
            name="frequency",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (1, "Very common"),
                    (2, "Common"),
                    (3, "Uncommon"),
                    (4, "Rare"),
                    (5, "Very rare"),
                    (6, "Not known"),
                ],
                default=6,
            ),
        ),
        migrations.RunPython(remap(FORWARD), remap(BACKWARD)),
    ]
