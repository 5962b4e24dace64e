"""The lock files pin, with hashes, every dependency pyproject.toml names, within its range,
and `make audit` never passes an audit it could not make."""

import os
import re
import socket
import subprocess
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^]]*\])?==(\S+)")  # name[extras]==version


def locked(name):
    """{package: version} of a lock file, asserting every pin carries a hash."""
    pins, hashed, current = {}, set(), None
    for line in (ROOT / name).read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = canonicalize_name(match[1])
            pins[current] = match[2]
        elif line.strip().startswith("--hash=sha256:"):
            hashed.add(current)
    assert set(pins) - hashed == set(), f"{name}: pins without a hash"
    return pins


def declared(extra=None):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = project["optional-dependencies"][extra] if extra else project["dependencies"]
    return [Requirement(spec) for spec in specs]


@pytest.mark.parametrize(
    "lock, requirements",
    [
        ("requirements.txt", declared()),
        ("requirements-dev.txt", declared() + declared("dev")),
    ],
    ids=["requirements.txt", "requirements-dev.txt"],
)
def test_lock_pins_every_declared_dependency_within_its_range(lock, requirements):
    pins = locked(lock)
    for requirement in requirements:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in {lock}: run `make lock`"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"{lock} pins {name}=={pins[name]}, outside {requirement}: run `make lock`"
        )
    # What `make install` builds MedSite with (--no-build-isolation) is locked too.
    assert "setuptools" in pins


def test_dev_lock_has_the_deploy_lock_versions():
    deploy, dev = locked("requirements.txt"), locked("requirements-dev.txt")
    assert {package: dev.get(package) for package in deploy} == deploy


def test_every_audit_waiver_gives_a_reason():
    for number, line in enumerate((ROOT / "audit-waivers.txt").read_text().splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            assert len(line.split()) >= 2, f"audit-waivers.txt:{number}: no reason given"


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens there once the socket closes


@pytest.mark.skipif(
    not (ROOT / ".venv" / "bin" / "pip-audit").exists(),
    reason="needs the project's .venv with pip-audit (make install)",
)
@pytest.mark.parametrize("service", ["pypi", "osv"])
def test_audit_fails_clearly_when_the_service_cannot_be_reached(service, tmp_path):
    proxy = f"http://127.0.0.1:{closed_port()}"  # every HTTPS request fails, at once
    env = {
        **{key: value for key, value in os.environ.items() if "proxy" not in key.lower()},
        "HTTPS_PROXY": proxy,
        "HTTP_PROXY": proxy,
        "PIP_CACHE_DIR": str(tmp_path / "pip-cache"),  # no answer cached by an earlier audit
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    result = subprocess.run(
        # -o install: the installed .venv is taken as it is (the proxy would stop pip too).
        ["make", "--no-print-directory", "-o", "install", "audit", f"AUDIT_SERVICE={service}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert f"the vulnerability service ({service}) could not be reached" in output
    assert "No known vulnerabilities found" not in output


def test_audit_fails_on_a_package_the_service_did_not_answer_for():
    """Where only PyPI's package index is reachable, its JSON API answers 404 for every
    package; without --strict pip-audit skips them all and says "No known vulnerabilities
    found". (The 404 itself cannot be made here without the network.)"""
    recipe = (ROOT / "Makefile").read_text().split("\naudit:", 1)[1].split("\n\n", 1)[0]
    assert "-m pip_audit" in recipe and "--strict" in recipe
    assert "not found on PyPI" in recipe  # reported as the service not answering


def make_dry_run(*targets, **variables):
    """The commands `make` would run for the targets (make -n, from a fresh clone's view:
    -B takes every file as out of date)."""
    assignments = [f"{name}={value}" for name, value in variables.items()]
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", "-B", *targets, *assignments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_make_run_installs_no_test_tools_and_make_test_does():
    assert "npm ci" not in make_dry_run("run")
    assert "npm ci --prefix tests/axe" in make_dry_run("test")


def test_make_run_gives_create_admin_the_port_it_serves_on():
    commands = make_dry_run("run", PORT="8101")
    assert "PORT=8101 .venv/bin/python manage.py create_admin" in commands
    assert "runserver 127.0.0.1:8101" in commands
