"""Admin sign-in lockout (django-axes), driven through the real admin login form."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse

from tests.test_settings import manage

pytestmark = pytest.mark.django_db

HOME = "192.0.2.10"
ELSEWHERE = "198.51.100.20"
PROXY = "10.0.0.1"
PASSWORD = "correct horse battery"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("alice", password=PASSWORD, is_staff=True)


def sign_in(client, password, username="alice", ip=HOME, **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=ip,
        **headers,
    )


def fail(client, times, **kwargs):
    return [sign_in(client, "wrong", **kwargs).status_code for _ in range(times)]


def assert_signed_in(client, response):
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    assert "_auth_user_id" in client.session
    client.logout()


def assert_locked_out(client, response):
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.text
    assert "manage.py axes_reset_username alice" in response.text
    assert "_auth_user_id" not in client.session


def test_fifth_failure_locks_out_even_the_right_password(client, editor):
    assert fail(client, 5) == [200, 200, 200, 200, 429]
    assert_locked_out(client, sign_in(client, PASSWORD))


def test_lockout_is_recorded_for_the_name_and_address(client, editor):
    fail(client, 5)
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address) == ("alice", HOME)
    assert attempt.failures_since_start == 5
    assert "wrong" not in attempt.post_data  # passwords are masked


def test_lockout_holds_only_for_that_name_from_that_address(client, editor, django_user_model):
    django_user_model.objects.create_user("bob", password=PASSWORD, is_staff=True)
    fail(client, 5)
    assert_signed_in(client, sign_in(client, PASSWORD, ip=ELSEWHERE))
    assert_signed_in(client, sign_in(client, PASSWORD, username="bob"))
    assert_locked_out(client, sign_in(client, PASSWORD))


def test_successful_sign_in_resets_the_count(client, editor):
    fail(client, 4)
    assert_signed_in(client, sign_in(client, PASSWORD))
    assert not AccessAttempt.objects.exists()
    assert fail(client, 4) == [200] * 4
    assert_signed_in(client, sign_in(client, PASSWORD))


def test_lockout_ends_an_hour_after_the_last_attempt(client, editor):
    fail(client, 5)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=59))
    assert_locked_out(client, sign_in(client, PASSWORD))  # and the hour starts again
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=61))
    assert_signed_in(client, sign_in(client, PASSWORD))


@pytest.mark.parametrize("command", [["axes_reset"], ["axes_reset_username", "alice"]])
def test_an_administrator_can_unlock(client, editor, command):
    fail(client, 5)
    call_command(*command, verbosity=0)
    assert_signed_in(client, sign_in(client, PASSWORD))


@pytest.fixture
def behind_one_proxy(settings):
    """What MEDSITE_PROXY_COUNT=1 sets: the proxy puts the client's address in the header."""
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]


def test_behind_a_proxy_each_forwarded_client_is_counted_apart(client, editor, behind_one_proxy):
    fail(client, 5, ip=PROXY, HTTP_X_FORWARDED_FOR=HOME)
    assert AccessAttempt.objects.get().ip_address == HOME
    assert_locked_out(client, sign_in(client, PASSWORD, ip=PROXY, HTTP_X_FORWARDED_FOR=HOME))
    assert_signed_in(client, sign_in(client, PASSWORD, ip=PROXY, HTTP_X_FORWARDED_FOR=ELSEWHERE))


def test_behind_a_proxy_a_client_cannot_choose_its_address(client, editor, behind_one_proxy):
    # An attacker at ELSEWHERE claims to be HOME; the proxy appends her real address.
    fail(client, 5, ip=PROXY, HTTP_X_FORWARDED_FOR=f"{HOME}, {ELSEWHERE}")
    assert AccessAttempt.objects.get().ip_address == PROXY
    assert_signed_in(client, sign_in(client, PASSWORD, ip=PROXY, HTTP_X_FORWARDED_FOR=HOME))


def test_limit_and_proxies_come_from_the_environment():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.AXES_FAILURE_LIMIT, s.AXES_IPWARE_PROXY_COUNT)",
        DJANGO_DEBUG="1",
        MEDSITE_LOGIN_FAILURE_LIMIT="3",
        MEDSITE_PROXY_COUNT="2",
    )
    assert result.stdout.splitlines()[-1].split() == ["3", "1"], result.stderr
