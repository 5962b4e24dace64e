"""The editorial roles as groups: Editor writes and submits, Reviewer also publishes and
signs off. Superusers can do everything; everyone else needs one of these groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import F

EDITOR = {
    "drug": ["add", "change", "view"],
    "dosage": ["add", "change", "delete", "view"],
    "drugsideeffect": ["add", "change", "delete", "view"],
    "precaution": ["add", "change", "delete", "view"],
    "interaction": ["add", "change", "delete", "view"],
    "faq": ["add", "change", "delete", "view"],
    "sideeffect": ["view"],
    "condition": ["view"],
    "revision": ["view"],
}
REVIEWER_EXTRA = {
    "drug": ["publish", "sign_off"],
    "sideeffect": ["add", "change"],
    "sideeffectalias": ["add", "change", "delete", "view"],
    "condition": ["add", "change"],
    "auditentry": ["view"],
}


def codenames(grants):
    return [f"{action}_{model}" for model, actions in grants.items() for action in actions]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; these groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    grant_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def grant_roles(Group, Permission):
    """Create the groups with their permissions (also used by tests that flush the database)."""
    mine = Permission.objects.filter(content_type__app_label="monographs")
    editor_codenames = codenames(EDITOR)
    reviewer_codenames = editor_codenames + codenames(REVIEWER_EXTRA)
    for name, wanted in [("Editor", editor_codenames), ("Reviewer", reviewer_codenames)]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*mine.filter(codename__in=wanted))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editor", "Reviewer"]).delete()


def date_published_monographs(apps, schema_editor):
    Drug = apps.get_model("monographs", "Drug")
    Drug.objects.filter(status="published", published_at__isnull=True).update(
        published_at=F("updated_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("monographs", "0007_editorial_workflow"),
    ]

    operations = [
        migrations.RunPython(create_groups, remove_groups),
        migrations.RunPython(date_published_monographs, migrations.RunPython.noop),
    ]
