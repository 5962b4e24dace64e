"""The content API's per-address rate limit, as a deployment sets it (MEDSITE_API_RATE_LIMIT):
the settings are read once, so it runs in a process of its own with the variable set."""

import json
import os
import subprocess
import sys

from tests.conftest import ROOT

PROBE = """
import json, django
django.setup()
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
statuses = []
for address in ["192.0.2.1"] * 4 + ["192.0.2.2"]:
    response = Client(HTTP_HOST="localhost").get("/api/v1/drugs/", REMOTE_ADDR=address)
    statuses.append([response.status_code, response.json()])
page = Client(HTTP_HOST="localhost").get("/drugs/", REMOTE_ADDR="192.0.2.1")
print(json.dumps({"api": statuses, "page": page.status_code}))
"""


def run(database_url, rate):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "medsite.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": database_url,
        "MEDSITE_PAGE_CACHE": "0",
        "MEDSITE_API_RATE_LIMIT": rate,
    }
    return subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_an_address_over_the_limit_gets_429_as_json(database_url):
    probe = run(database_url, "3/min")
    assert probe.returncode == 0, probe.stderr
    answers = json.loads(probe.stdout.splitlines()[-1])
    assert [status for status, _ in answers["api"]] == [200, 200, 200, 429, 200]
    assert "detail" in answers["api"][3][1]
    assert answers["page"] == 200  # the pages are not the API


def test_a_rate_that_is_not_one_stops_the_start(database_url):
    probe = run(database_url, "lots")
    assert probe.returncode != 0
    assert "MEDSITE_API_RATE_LIMIT='lots' is not a rate such as 600/min" in probe.stderr
