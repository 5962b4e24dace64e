"""create_admin --role: editor and reviewer accounts for the admin, not superusers."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def create(*args):
    out = StringIO()
    call_command("create_admin", *args, stdout=out)
    return out.getvalue()


def printed_password(output):
    lines = [line for line in output.splitlines() if "password:" in line]
    assert len(lines) == 1, output
    return lines[0].split(":", 1)[1].strip()


@pytest.mark.parametrize("role, group", [("editor", "Editor"), ("reviewer", "Reviewer")])
def test_role_makes_a_staff_account_in_its_group(django_user_model, role, group):
    output = create("--role", role, "--username", "alice")
    user = django_user_model.objects.get(username="alice")
    assert user.is_staff
    assert user.is_active
    assert not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [group]
    assert f"Created the {role} account." in output
    password = printed_password(output)
    assert len(password) >= 16
    assert user.check_password(password)


def test_editor_gets_the_editor_permissions_only(django_user_model):
    create("--role", "editor", "--username", "alice")
    user = django_user_model.objects.get(username="alice")
    assert user.has_perm("monographs.change_drug")
    assert not user.has_perm("monographs.publish_drug")
    assert not user.has_perm("auth.change_user")


def test_second_run_leaves_the_account_alone(django_user_model):
    create("--role", "reviewer", "--username", "alice")
    before = django_user_model.objects.get(username="alice").password
    output = create("--role", "editor", "--username", "alice")
    assert "Account 'alice' exists already" in output
    assert "Created" not in output
    user = django_user_model.objects.get(username="alice")
    assert user.password == before
    assert list(user.groups.values_list("name", flat=True)) == ["Reviewer"]


def test_editorial_accounts_need_a_name(django_user_model):
    with pytest.raises(CommandError, match="--username"):
        create("--role", "editor")
    assert not django_user_model.objects.exists()


def test_without_a_role_the_first_admin_is_still_a_superuser(django_user_model):
    output = create()
    user = django_user_model.objects.get(username="admin")
    assert user.is_superuser
    assert user.check_password(printed_password(output))
    assert "Admin account 'admin' exists already" in create()


def test_editor_signs_in_to_the_admin_with_the_printed_password(client):
    password = printed_password(create("--role", "editor", "--username", "alice"))
    response = client.post(
        reverse("admin:login"),
        {"username": "alice", "password": password, "next": reverse("admin:index")},
    )
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
