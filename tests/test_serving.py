"""`make serve` itself under concurrent reads while an import writes from a shell.

The server runs in its own processes against its own database (a SQLite file, or a new
database on the PostgreSQL server of DATABASE_URL), so this test needs no test database.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS

pytestmark = pytest.mark.serve

DRUG = "/drugs/interferon-beta-1b/"
OLD_TEXT = "every other day"
NEW_TEXT = "every second day, as changed by an import"
PAGES = [
    DRUG,
    "/drugs/ibuprofen/",
    "/drugs/?side_effect=headache&side_effect=nausea",
    "/side-effects/headache/",
    "/search/?q=pain",
    "/",
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve_env(database_url, **extra):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "WEB_CONCURRENCY": "3",
        **extra,
    }
    env.pop("DJANGO_DEBUG", None)
    return env


@contextmanager
def serving(env, log):
    """`make serve` on a free port; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(
        ["make", "--no-print-directory", "serve"],
        cwd=ROOT,
        env={**env, "PORT": str(port)},
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


@pytest.fixture
def server(database_url, tmp_path):
    """`make serve` with the seeds imported; yields (base URL, env)."""
    env = serve_env(database_url)
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "import_monographs", str(SEEDS), "--verbosity", "0")
    with serving(env, tmp_path / "serve.log") as base:
        yield base, env


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def wait_until_up(base, process, log):
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"make serve stopped: {log.read_text()[-2000:]}")
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)  # not listening yet, or too busy starting to answer in 2 s
    pytest.fail("make serve did not answer within 90 s")


def get(base, path, headers=None):
    request = urllib.request.Request(base + path, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode(errors="replace")


def changed_seeds(folder):
    """A copy of the seeds in which every file differs (an import rewrites them all) and
    the drug page's dose reads NEW_TEXT."""
    changed = folder / "seeds"
    shutil.copytree(SEEDS, changed)
    for path in changed.glob("*.md"):
        path.write_text(path.read_text().replace(OLD_TEXT, NEW_TEXT) + "\n")
    return changed


def test_pages_stay_whole_while_an_import_writes_and_show_it_right_after(server, tmp_path):
    base, env = server
    for _ in range(10):  # every worker has the old page cached
        status, headers, body = get(base, DRUG)
        assert status == 200 and OLD_TEXT in body
    assert headers["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert get(base, DRUG, {"If-None-Match": headers["ETag"]})[0] == 304

    changed = changed_seeds(tmp_path)
    importing = threading.Event()
    importing.set()
    failures, seen = [], 0

    def read_pages():
        nonlocal seen
        while importing.is_set():
            for path in PAGES:
                status, _, body = get(base, path)
                seen += 1
                if status != 200 or not body.rstrip().endswith("</html>"):
                    failures.append((path, status, body[-300:]))
                if path == DRUG and OLD_TEXT not in body and NEW_TEXT not in body:
                    failures.append((path, "neither version", body[:300]))

    with ThreadPoolExecutor(8) as pool:
        readers = [pool.submit(read_pages) for _ in range(8)]
        manage(env, "import_monographs", str(changed), "--verbosity", "0")
        importing.clear()
        for reader in readers:
            reader.result()
    assert seen > 50
    assert failures == []

    for _ in range(30):  # whichever worker answers
        status, _, body = get(base, DRUG)
        assert status == 200 and NEW_TEXT in body


def test_serve_uses_production_settings(server):
    base, _ = server
    status, headers, _ = get(base, "/", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert "X-Content-Type-Options" in headers
    body = get(base, "/")[2]
    css = next(
        part.split('"')[0] for part in body.split('href="')[1:] if part.startswith("/static/")
    )
    assert Path(css).stem.count(".") == 1, css  # the hashed name of collected static files
    status, headers, _ = get(base, css, {"Accept-Encoding": "br, gzip"})
    assert status == 200
    assert (
        "immutable" in headers["Cache-Control"] and "max-age=315360000" in headers["Cache-Control"]
    )
    assert headers["Content-Encoding"] == "br"
    assert get(base, "/drugs/no-such-drug/")[0] == 404
    assert "Traceback" not in get(base, "/drugs/no-such-drug/")[2]


REDIS_SERVER = shutil.which("redis-server")


@pytest.fixture
def redis_url(tmp_path):
    """A throwaway Redis server on a free port, as several app servers would share."""
    if not REDIS_SERVER:
        if os.environ.get("CI"):  # CI installs it (.ci/run): there a missing server fails
            pytest.fail("redis-server is missing (apt-get install redis-server)")
        pytest.skip("needs redis-server (apt-get install redis-server); CI runs this test")
    import redis

    port = free_port()
    process = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        else:
            pytest.fail("redis-server did not answer within 5 s")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_two_app_servers_share_one_redis_cache_and_both_see_an_import(
    database_url, redis_url, tmp_path
):
    """Scaling out as the README describes: two app servers behind one host name, on one
    database and one Redis cache. A page one renders, the other serves from Redis; after
    an import from a shell, both show the new text at once."""
    import redis

    env = serve_env(
        database_url, MEDSITE_CACHE_URL=redis_url, DJANGO_ALLOWED_HOSTS="medsite.test,127.0.0.1"
    )
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "import_monographs", str(SEEDS), "--verbosity", "0")
    stats = redis.Redis.from_url(redis_url)

    def lookups():
        info = stats.info("stats")
        return info["keyspace_hits"], info["keyspace_misses"]

    host = {"Host": "medsite.test"}  # what a load balancer passes on to either server
    with serving(env, tmp_path / "a.log") as first, serving(env, tmp_path / "b.log") as second:
        status, _, page = get(first, DRUG, host)
        assert status == 200 and OLD_TEXT in page
        assert any(b"page:" in key for key in stats.keys("*"))
        hits, misses = lookups()
        status, _, same_page = get(second, DRUG, host)
        assert (status, same_page) == (200, page)
        assert lookups() == (hits + 1, misses)  # found in Redis, not rendered again

        manage(env, "import_monographs", str(changed_seeds(tmp_path)), "--verbosity", "0")
        for base in (first, second) * 5:
            status, _, body = get(base, DRUG, host)
            assert status == 200 and NEW_TEXT in body and OLD_TEXT not in body
