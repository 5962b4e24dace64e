"""An import killed midway (kill -9) leaves every monograph whole, old or new, and no
stale page: each file is written, and its pages' generations bumped, in one transaction.

A server with the page cache on (gunicorn, one worker, so one cache) and
`manage.py import_monographs` run in their own processes on a database of their own (a
SQLite file, or a new PostgreSQL database under `make test-postgres`), with 300
monographs written here from a template. The pages are cached first; then every file
changes, the import starts and is killed once some files have committed.
"""

import os
import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager

import pytest

from monographs.importing.files import content_hash
from tests.conftest import ROOT
from tests.test_serving import free_port, get, manage, wait_until_up

pytestmark = pytest.mark.serve

DRUGS = 300
# What version 2 of a file adds to each part of its monograph.
ADDED = {"dosages": 1, "side_effects": 1, "precautions": 1, "faqs": 1}


def marker(version, number):
    return f"VERSION-{version}-OF-{number}"


def monograph_text(number, version):
    """A monograph whose every part names its version; version 2 has one more of each."""
    mark = marker(version, number)
    extra = version == 2
    dizziness = "* Dizziness\n" if extra else ""
    maintenance = f"* **Maintenance dose:** {20 + number} mg once daily.\n" if extra else ""
    alcohol = f"* **Alcohol:** Avoid alcohol ({mark}).\n" if extra else ""
    second_faq = f"* **Q: Can I drive?** A: Yes, if you feel well ({mark}).\n" if extra else ""
    return f"""---
title: Probemab {number}
---

# Probemab {number}
### Usage
Probemab {number} is a test medicine for probe fatigue. {mark}

### Dosage
**Adults:**

* **Initial dose:** {10 + number} mg once daily.
{maintenance}
### Side Effects
**Common Side Effects:**

* Headache
* Nausea
{dizziness}
### How it Works
It works on the probes ({mark}).

### Precautions
* **Warnings:** Stop if a rash appears ({mark}).
{alcohol}
### FAQs
* **Q: Can I take it with food?** A: Yes ({mark}).
{second_faq}"""


def write_monographs(folder, version):
    """The monograph files at a version; returns their content hashes by file name."""
    folder.mkdir(exist_ok=True)
    hashes = {}
    for number in range(DRUGS):
        data = monograph_text(number, version).encode()
        (folder / f"probemab-{number}.md").write_bytes(data)
        hashes[f"probemab-{number}.md"] = content_hash(data)
    return hashes


@contextmanager
def connect(database_url):
    """A plain DB-API connection to the database the processes share."""
    if database_url.startswith("sqlite:///"):
        import sqlite3

        with closing(sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=20)) as db:
            yield db
    else:
        import psycopg

        with psycopg.connect(database_url, autocommit=True) as db:
            yield db


def rows(database_url, sql):
    with connect(database_url) as db:
        return db.execute(sql).fetchall()


def drug_versions(database_url):
    """{drug id: (slug, version its usage names, source hash)}."""
    found = {}
    for pk, slug, usage, digest in rows(
        database_url, "SELECT id, slug, usage, source_hash FROM monographs_drug"
    ):
        versions = set(re.findall(r"VERSION-(\d)-OF-", usage))
        assert len(versions) == 1, (slug, usage)
        found[pk] = (slug, int(versions.pop()), digest)
    return found


def child_rows(database_url):
    """{part: {drug id: [text of each row]}} for every part a monograph's file writes."""
    queries = {
        "dosages": "SELECT drug_id, instructions FROM monographs_dosage",
        "side_effects": "SELECT drug_id, note FROM monographs_drugsideeffect",
        "precautions": "SELECT drug_id, text FROM monographs_precaution",
        "faqs": "SELECT drug_id, answer FROM monographs_faq",
    }
    parts = {}
    for part, sql in queries.items():
        parts[part] = {}
        for drug_id, text in rows(database_url, sql):
            parts[part].setdefault(drug_id, []).append(text)
    return parts


def check_whole(database_url, hashes, first_counts):
    """Every drug is all version 1 or all version 2: fields, hash and child rows."""
    drugs = drug_versions(database_url)
    assert len(drugs) == DRUGS
    parts = child_rows(database_url)
    for pk, (slug, version, digest) in drugs.items():
        assert digest == hashes[version][f"{slug}.md"], slug
        for part, by_drug in parts.items():
            expected = first_counts[part] + (ADDED[part] if version == 2 else 0)
            assert len(by_drug.get(pk, [])) == expected, (slug, version, part)
            texts = " ".join(by_drug.get(pk, []))
            assert f"VERSION-{3 - version}-" not in texts, (slug, version, part)
    return drugs


def check_pages(base, drugs):
    """Each drug page shows its version in the database; the side-effect page that only
    version 2 lists counts exactly the drugs at version 2."""
    slugs = [slug for slug, _, _ in drugs.values()]
    with ThreadPoolExecutor(4) as pool:
        pages = dict(
            zip(slugs, pool.map(lambda slug: get(base, f"/drugs/{slug}/"), slugs), strict=True)
        )
    for slug, version, _ in drugs.values():
        status, _, body = pages[slug]
        number = int(slug.rsplit("-", 1)[1])
        assert status == 200 and marker(version, number) in body, (slug, version)
        assert marker(3 - version, number) not in body, (slug, version)
    status, _, body = get(base, "/side-effects/dizziness/")
    at_two = sum(1 for _, version, _ in drugs.values() if version == 2)
    listed = re.search(r"(\d+) drugs? lists?,? this side effect", body) if status == 200 else None
    assert (int(listed.group(1)) if listed else 0) == at_two


@contextmanager
def page_server(env, log):
    """gunicorn with one worker process (of 4 threads), so that every request shares one
    page cache."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "medsite/gunicorn.conf.py",
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "medsite.wsgi",
        ],  # fmt: skip
        cwd=ROOT,
        env={**env, "PORT": str(port), "WEB_CONCURRENCY": "1"},
        stdout=subprocess.DEVNULL,
        stderr=open(log, "w"),  # noqa: SIM115 - closed with the process
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process, log)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def kill_midway(env, folder, database_url):
    """Start the import and kill -9 it (and its parsing workers) once some files have
    committed; returns how many had."""
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_monographs", str(folder), "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    at_two = "SELECT COUNT(*) FROM monographs_drug WHERE usage LIKE '%VERSION-2-OF-%'"
    deadline = time.monotonic() + 120
    committed = 0
    with connect(database_url) as db:
        while committed < DRUGS // 10 and process.poll() is None and time.monotonic() < deadline:
            committed = db.execute(at_two).fetchone()[0]
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    return rows(database_url, at_two)[0][0]


def test_an_import_killed_midway_leaves_whole_monographs_and_fresh_pages(database_url, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "1",  # static files without collectstatic
        "MEDSITE_PAGE_CACHE": "1",
    }
    folder = tmp_path / "monographs"
    hashes = {1: write_monographs(folder, 1)}
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "import_monographs", str(folder), "--verbosity", "0")
    parts = child_rows(database_url)
    first_counts = {part: len(next(iter(by_drug.values()))) for part, by_drug in parts.items()}
    assert all(first_counts.values())
    drugs = check_whole(database_url, hashes, first_counts)

    with page_server(env, tmp_path / "server.log") as base:
        check_pages(base, drugs)  # renders and caches every page
        # The server answers from its cache: a change made behind its back does not show.
        probe = next(iter(drugs))
        with connect(database_url) as db:
            db.execute(f"UPDATE monographs_drug SET summary = 'PROBE' WHERE id = {probe}")
            db.commit()
        assert "PROBE" not in get(base, f"/drugs/{drugs[probe][0]}/")[2]
        with connect(database_url) as db:
            db.execute(f"UPDATE monographs_drug SET summary = '' WHERE id = {probe}")
            db.commit()

        hashes[2] = write_monographs(folder, 2)
        committed = kill_midway(env, folder, database_url)
        assert 0 < committed < DRUGS, f"{committed} of {DRUGS} files committed at the kill"
        drugs = check_whole(database_url, hashes, first_counts)
        check_pages(base, drugs)

        manage(env, "import_monographs", str(folder), "--verbosity", "0")
        drugs = check_whole(database_url, hashes, first_counts)
        assert {version for _, version, _ in drugs.values()} == {2}
        check_pages(base, drugs)
