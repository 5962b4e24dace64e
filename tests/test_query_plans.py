"""The main public queries can use an index on both databases, at scale.

On PostgreSQL the plans are taken with sequential scans disabled: a "Seq Scan" that
remains means no index can serve that step. On SQLite, EXPLAIN QUERY PLAN must not
show a full scan of a table ("SCAN table" without an index).
"""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from corpus.synthetic import generate_corpus, remove_synthetic_drugs
from monographs.editorial.changes import changed_everything

pytestmark = pytest.mark.django_db

PAGES = {
    "listing with two side effects": "/drugs/?side_effect=headache&side_effect=nausea",
    "listing, all of them, only common": (
        "/drugs/?side_effect=headache&side_effect=dizziness&match=all&common_only=on"
    ),
    "side-effect page": "/side-effects/headache/",
    "side-effect page, common only": "/side-effects/nausea/?tier=very-common&tier=common",
    "side-effect page, only serious": "/side-effects/headache/?serious=on",
    "API: side effect": "/api/v1/side-effects/headache/",
    "search": "/search/?q=blood+pressure",
    "drug page": "/drugs/ibuprofen/",
    "home (recently updated)": "/",
    "listing, recently updated first": "/drugs/?sort=updated",
    "conditions A–Z": "/conditions/",
    "condition comparison": "/conditions/high-blood-pressure/",
    "condition comparison, fewest common first": (
        "/conditions/high-blood-pressure/?sort=fewest-common"
    ),
}
# "d" is monographs_drug in the raw SQL of monographs/search.py.
BIG_TABLES = {
    "monographs_drug",
    "monographs_drugsideeffect",
    "monographs_sideeffectlisting",
    "monographs_drug_conditions",
    "monographs_conditionsideeffect",
    "d",
}


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        generate_corpus(3000, seed=7)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    yield
    with django_db_blocker.unblock():
        remove_synthetic_drugs()
        changed_everything()  # the counts and stored lines of the seeds alone again


def full_scans(sql):
    """The big tables a query reads in full."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            plan = json.dumps(cursor.fetchone()[0])
            scanned = re.findall(r'"Node Type": "Seq Scan"[^}]*?"Relation Name": "(\w+)"', plan)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            details = [row[-1] for row in cursor.fetchall()]
            scanned = [m.group(1) for d in details if (m := re.fullmatch(r"SCAN (\w+)", d))]
    return set(scanned) & BIG_TABLES


@pytest.mark.parametrize("name, url", PAGES.items())
def test_public_pages_read_big_tables_through_indexes(corpus, client, name, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    selects = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
    assert selects
    scans = {sql[:200]: full_scans(sql) for sql in selects}
    assert {sql: tables for sql, tables in scans.items() if tables} == {}, name


def test_the_check_sees_a_full_scan(corpus):
    assert full_scans("SELECT id FROM monographs_drugsideeffect WHERE note = 'x'") == {
        "monographs_drugsideeffect"
    }
