import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SAMPLE_CORPUS = ROOT.parent / "shared" / "corpus" / "rxhive-sample"


@pytest.fixture(scope="session", autouse=True)
def _plain_static_storage():
    """Plain static storage: tests need no collectstatic manifest (CI still runs
    collectstatic). For the whole session, not per test: the browser's last requests of a
    test may reach the live server after the test's own settings are undone."""
    storages = {
        **django_settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        yield


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Query budgets are about rendering; tests/test_caching.py turns the page cache on.
    settings.MEDSITE_PAGE_CACHE = False


@pytest.fixture
def page_cache(settings):
    """The page cache on (the tests' settings turn it off), empty before and after."""
    from django.core.cache import cache

    settings.MEDSITE_PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def live_server(live_server):
    """pytest-django's live server, counting the requests it is handling, so a browser
    test's end can wait for them (tests/chromium.py, closed_at_the_end)."""
    from tests.chromium import live_requests

    server = live_server.thread.httpd
    server.set_app(live_requests.counted(server.get_app()))
    return live_server


@pytest.fixture(scope="module")
def browser():
    """The system Chromium, one per test module (tests/chromium.py)."""
    from tests.chromium import launched_chromium

    with launched_chromium() as browser:
        yield browser


@pytest.fixture
def page(browser):
    from tests.chromium import new_page

    with new_page(browser) as page:
        yield page


@pytest.fixture(scope="session", autouse=True)
def _ontology_kept_between_transactional_tests():
    """The flush after each transactional (browser) test leaves the ontology's tables:
    they are reference data, written only by load_vocabulary, and loading them again
    (19,000 terms, 195,000 closure rows) took most of each browser test's setup, 4 s on
    SQLite and 8 s on PostgreSQL. A flush that a test runs itself (a restore in
    tests/test_backup_restore.py) still empties them."""
    from django.core.management.commands import flush
    from django.test import TransactionTestCase

    from monographs.ontology import HpoRelease
    from monographs.vocabulary.hpo import HPO_TABLES

    kept = {*HPO_TABLES, HpoRelease._meta.db_table}
    flush_all = flush.sql_flush
    teardown = TransactionTestCase._fixture_teardown

    def flush_all_but_the_ontology(style, connection, reset_sequences=True, allow_cascade=False):
        tables = connection.introspection.django_table_names(only_existing=True)
        return connection.ops.sql_flush(
            style,
            [table for table in tables if table not in kept],
            reset_sequences=reset_sequences,
            allow_cascade=allow_cascade,
        )

    def teardown_keeping_the_ontology(self):
        flush.sql_flush = flush_all_but_the_ontology
        try:
            teardown(self)
        finally:
            flush.sql_flush = flush_all

    TransactionTestCase._fixture_teardown = teardown_keeping_the_ontology
    yield
    TransactionTestCase._fixture_teardown = teardown


@pytest.fixture
def seeded(transactional_db):
    """The seeds imported into the emptied database of a transactional (browser) test."""
    call_command("import_monographs", str(SEEDS), verbosity=0)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, tmp_path_factory):
    """On SQLite, a test database in a file rather than in memory: the live server's
    request threads then each open a connection of their own, as in production, instead
    of sharing the test's one in-memory connection, where two at once could stall."""
    from django.db import connection

    if connection.vendor == "sqlite":
        test_name = tmp_path_factory.mktemp("database") / "test.sqlite3"
        connection.settings_dict["TEST"]["NAME"] = str(test_name)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The seeds, imported once; each test runs in a transaction rolled back after it.

    Transactional tests (the browser tests) empty the tables, and pytest-django runs
    them after all the others, so they import what they need themselves.
    """
    with django_db_blocker.unblock():
        call_command("import_monographs", str(SEEDS), verbosity=0)


@pytest.fixture
def database_url(tmp_path):
    """A database of its own for processes the test starts: a SQLite file, or a new
    PostgreSQL database on the server of DATABASE_URL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'serve.sqlite3'}"
        return
    import psycopg

    name = f"medsite_serve_{secrets.token_hex(4)}"
    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def write_monograph(folder, name, text, encoding="utf-8"):
    path = Path(folder) / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding=encoding)
    return path
