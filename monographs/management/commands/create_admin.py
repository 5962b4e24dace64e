"""Create the first admin account with a random one-time password, printed once.

`make run` calls this on a fresh machine; on later runs the account exists and is left
alone (use `manage.py changepassword admin` to set a new password).
"""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create an admin superuser with a random password, unless it exists already."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Admin account '{username}' exists already. "
                f"To set a new password: .venv/bin/python manage.py changepassword {username}"
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"\nCreated the admin account. Log in at http://127.0.0.1:8000/admin/\n"
                f"  username: {username}\n  password: {password}\n"
                f"This password is shown only once: keep it, or change it after logging in.\n"
            )
        )
