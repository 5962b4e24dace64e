"""Aliases of the curated vocabulary that named a broader or different concept than their
term ("atrial flutter" under Atrial fibrillation, "apnoea" under Respiratory depression)
leave it. side_effects.yaml now has a term for each; the next import loads those terms
(a name that is still an alias counts as present, so this must go first) and, as the
parser's version changed, reads every file again and links the mentions to them.

Only these aliases of these curated terms are removed; nothing else an editor made is
touched. The reverse leaves the aliases out: the terms they named keep them.
"""

from django.db import migrations

MOVED = {
    "Atrial fibrillation": ["atrial flutter"],
    "Respiratory depression": [
        "apnea",
        "apnoea",
        "cessation of breathing",
        "stopped breathing",
        "breathing stops",
        "pauses in breathing",
    ],
    "Leukopenia (low white blood cell count)": [
        "lymphopenia",
        "lymphocytopenia",
        "low lymphocyte count",
        "low lymphocytes",
        "decreased lymphocytes",
        "lymphocyte count decreased",
    ],
    "Jaundice": [
        "hyperbilirubinemia",
        "increased bilirubin",
        "elevated bilirubin",
        "high bilirubin",
        "raised bilirubin",
        "increased blood bilirubin",
    ],
    "Lipodystrophy (changes in body fat)": [
        "lipohypertrophy",
        "excess fat tissue at the injection site",
        "thickening of the subcutaneous fat at the injection site",
        "fatty lumps under the skin",
        "lipoatrophy",
        "loss of fat tissue at the injection site",
        "fat loss at the injection site",
        "dents in the skin at the injection site",
    ],
    "Indigestion": ["belching", "burping", "eructation", "burps"],
    "Dry skin": [
        "skin peeling",
        "peeling skin",
        "peeling",
        "flaking skin",
        "skin flaking",
        "scaling",
        "scaly skin",
        "desquamation",
        "exfoliation",
        "peeling or flaking of the skin",
        "peeling or scaling of the skin",
    ],
    "Contact dermatitis": ["dermatitis", "skin inflammation", "inflammation of the skin"],
}


def remove_moved_aliases(apps, schema_editor):
    SideEffectAlias = apps.get_model("monographs", "SideEffectAlias")
    for term, aliases in MOVED.items():
        SideEffectAlias.objects.filter(
            side_effect__name=term, side_effect__is_reviewed=True, name__in=aliases
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("monographs", "0031_drug_status_id_index")]

    operations = [migrations.RunPython(remove_moved_aliases, migrations.RunPython.noop)]
