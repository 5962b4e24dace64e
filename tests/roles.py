"""Accounts of each role, made as `manage.py create_admin` makes them, and signed-in clients."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

ROLES = ["anonymous", "editor", "reviewer", "superuser"]


def account(role, username=None):
    """A user of the role ("editor", "reviewer" or "superuser"), made by create_admin."""
    username = username or f"{role}-account"
    arguments = ["--username", username]
    if role != "superuser":
        arguments += ["--role", role]
    call_command("create_admin", *arguments, stdout=StringIO())
    return get_user_model().objects.get(username=username)


def client_as(role):
    """A client signed in as a new account of the role; not signed in for "anonymous"."""
    client = Client()
    if role != "anonymous":
        client.force_login(account(role))
    return client
