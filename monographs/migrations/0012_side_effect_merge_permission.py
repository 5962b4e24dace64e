"""Merging side effects is a permission of its own, which Reviewers hold: merging deletes
terms, but unlike a deletion it is audited and can be undone, so it does not need the
right to delete terms, which no editorial group has."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSION = "merge_sideeffect"


def grant_to_reviewers(apps, schema_editor):
    # Permissions are normally created after all migrations; the grant needs this one now.
    app_config = apps.get_app_config("monographs")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    merge = Permission.objects.get(content_type__app_label="monographs", codename=PERMISSION)
    for group in Group.objects.filter(name="Reviewer"):
        group.permissions.add(merge)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="monographs", codename=PERMISSION).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("monographs", "0011_stored_search_document"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="sideeffect",
            options={
                "ordering": ["name"],
                "permissions": [("merge_sideeffect", "Can merge side effects and undo a merge")],
            },
        ),
        migrations.RunPython(grant_to_reviewers, revoke),
    ]
