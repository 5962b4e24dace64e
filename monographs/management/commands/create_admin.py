"""Create an admin, editor or reviewer account with a random password, printed once.

`make run` calls this without arguments on a fresh machine to create the first admin
superuser; on later runs the account exists and is left alone (use
`manage.py changepassword <name>` to set a new password). `--role editor` and
`--role reviewer` create a staff account in the Editor or Reviewer group (migration
monographs 0008), which signs in to the admin with only that group's permissions.
`--display-name` and `--credentials` set how visitors read a medical review by the
account ("Last reviewed … by Jane Doe, PharmD"), also for an account that exists.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from monographs.models import ReviewerProfile

GROUPS = {"editor": "Editor", "reviewer": "Reviewer"}


class Command(BaseCommand):
    help = (
        "Create an admin superuser, or an editor or reviewer staff account, with a random "
        "password, unless the account exists already."
    )

    def add_arguments(self, parser):
        parser.add_argument("--role", choices=["admin", *GROUPS], default="admin")
        parser.add_argument(
            "--username", help="default 'admin'; required for editors and reviewers"
        )
        parser.add_argument(
            "--display-name", help="the name visitors read on a review, e.g. 'Jane Doe'"
        )
        parser.add_argument("--credentials", help="shown after the name, e.g. 'PharmD'")

    def handle(self, *args, role, username, display_name, credentials, **options):
        if username is None:
            if role != "admin":
                # Editorial accounts belong to one person each, so the audit trail names her.
                raise CommandError(f"Name the {role}'s account: --username <name>.")
            username = "admin"
        User = get_user_model()
        profile = {"display_name": display_name, "credentials": credentials}
        profile = {field: value.strip() for field, value in profile.items() if value is not None}
        existing = User.objects.filter(username=username).first()
        if existing is not None and profile:
            ReviewerProfile.objects.update_or_create(user=existing, defaults=profile)
            self.stdout.write(self.style.SUCCESS(f"Updated the profile of '{username}'."))
            return
        if existing is not None:
            kind = "Admin account" if role == "admin" else "Account"
            self.stdout.write(
                f"{kind} '{username}' exists already. "
                f"To set a new password: .venv/bin/python manage.py changepassword {username}"
            )
            return
        password = secrets.token_urlsafe(12)
        with transaction.atomic():
            if role == "admin":
                user = User.objects.create_superuser(username=username, email="", password=password)
            else:
                user = self.create_staff(User, username, password, GROUPS[role])
            if profile:
                ReviewerProfile.objects.create(user=user, **profile)
        self.stdout.write(
            self.style.SUCCESS(
                f"\nCreated the {role} account. Log in at http://127.0.0.1:{settings.MEDSITE_PORT}/admin/\n"
                f"  username: {username}\n  password: {password}\n"
                f"This password is shown only once: keep it, or change it after logging in.\n"
            )
        )

    @transaction.atomic
    def create_staff(self, User, username, password, group_name):
        try:
            group = Group.objects.get(name=group_name)
        except Group.DoesNotExist:
            raise CommandError(
                f"The {group_name} group is missing: run manage.py migrate first."
            ) from None
        user = User.objects.create_user(username=username, password=password, is_staff=True)
        user.groups.add(group)
        return user
