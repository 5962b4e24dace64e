"""Finding side effects the way people name them, and monographs by their words.

Side effects: "throwing up" is an alias of Vomiting, "hair falling out" of Hair loss,
"dizzyness" a typo of Dizziness, and "my tummy hurts after i eat" is Abdominal pain.
The ranking is side_effect_index's, over the reviewed vocabulary; the database then
keeps the terms published drugs list, with their counts (one query).
"""

import re
from dataclasses import dataclass

from django.db import connection

from monographs.limits import SEARCH_TEXT_CHARACTERS
from monographs.models import Drug, SideEffect
from monographs.public.side_effect_index import side_effect_index
from monographs.text import clean_line

MAX_QUERY_LENGTH = 100
MIN_SCORE = 0.4  # below it a guess is not shown, not even as a suggestion
CLOSE_MATCH = 0.6  # the term explains most of the words, or is named in them


@dataclass
class SideEffectMatch:
    side_effect: SideEffect
    score: float
    matched: str  # the name or alias that matched, for "Vomiting (throwing up)"


def search_side_effects(raw_query, limit=20, min_score=MIN_SCORE):
    """Public side effects listed by published drugs that match the query, best first.

    Each term is annotated with drug_count, the number of published drugs that list it.
    """
    ranked = side_effect_index().rank(raw_query[:MAX_QUERY_LENGTH], min_score)
    if not ranked:
        return []
    terms = (
        SideEffect.objects.public()
        .with_published_drug_counts()
        .filter(pk__in=[hit.term_id for hit in ranked])
    )
    terms = {term.pk: term for term in terms.only("name", "slug", "description")}
    matches = [
        SideEffectMatch(terms[hit.term_id], hit.score, hit.matched)
        for hit in ranked
        if hit.term_id in terms
    ]
    matches.sort(key=lambda m: (-m.score, -m.side_effect.drug_count, m.side_effect.name))
    return matches[:limit]


def side_effects_spelt_like(raw_query, limit=5):
    """For a query no side effect matches: public terms spelt like it, with drug_count."""
    term_ids = side_effect_index().spelt_like(raw_query[:MAX_QUERY_LENGTH], limit)
    if not term_ids:
        return []
    terms = SideEffect.objects.public().with_published_drug_counts().filter(pk__in=term_ids)
    terms = {term.pk: term for term in terms.only("name", "slug")}
    return [terms[pk] for pk in term_ids if pk in terms]


# --- full-text search over monographs ---------------------------------------------------

SNIPPET_START, SNIPPET_END = "\x02", "\x03"
WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class MonographHit:
    drug: Drug
    snippet: str  # plain text, matches between SNIPPET_START and SNIPPET_END


@dataclass
class MonographResults:
    total: int
    hits: list


def search_monographs(raw_query, limit=20, offset=0):
    """Published monographs matching the words, best first, with highlighted snippets.

    PostgreSQL: full-text search ranked with trigram similarity on the name (typos in a
    drug's name still find it). SQLite: FTS5 with prefix matching. Same results API.
    """
    # Cleaned as a name is: PostgreSQL refuses a NUL in the query, and a fullwidth word
    # should find the name it looks like.
    query = clean_line(raw_query[:MAX_QUERY_LENGTH])
    words = WORD.findall(query)
    if not words:
        return MonographResults(0, [])
    if connection.vendor == "postgresql":
        rows, total = _search_postgresql(query, limit, offset)
    else:
        rows, total = _search_sqlite(words, limit, offset)
    drugs = Drug.objects.in_bulk([pk for pk, _ in rows])
    hits = [MonographHit(drugs[pk], snippet or "") for pk, snippet in rows if pk in drugs]
    return MonographResults(total, hits)


# A stored tsvector of name, generic name, summary and the start of the usage (migrations
# 0011, 0015). Search reads no more of a usage than that start (SEARCH_TEXT_CHARACTERS),
# for its snippet too: one huge monograph cannot slow every search down.
DOCUMENT = "d.search_document"


def _search_postgresql(query, limit, offset):
    matching = f"""
        FROM monographs_drug d, websearch_to_tsquery('english', %(q)s) query
        WHERE d.status = 'published' AND ({DOCUMENT} @@ query OR d.name %% %(q)s)
    """
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) {matching}", {"q": query})
        total = cursor.fetchone()[0]
        cursor.execute(
            f"""
            SELECT page.id, ts_headline('english', left(d.usage, %(prefix)s),
                   websearch_to_tsquery('english', %(q)s),
                   'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=28, MinWords=12')
            FROM (
                SELECT d.id, ts_rank({DOCUMENT}, query) + 2 * similarity(d.name, %(q)s) AS rank,
                       d.name
                {matching}
                ORDER BY rank DESC, d.name LIMIT %(limit)s OFFSET %(offset)s
            ) page JOIN monographs_drug d ON d.id = page.id
            ORDER BY page.rank DESC, page.name
            """,
            {"q": query, "limit": limit, "offset": offset, "prefix": SEARCH_TEXT_CHARACTERS},
        )
        return cursor.fetchall(), total


def _search_sqlite(words, limit, offset):
    # Every word must match, as a prefix ("ibup" finds ibuprofen); quoting keeps FTS5
    # operators typed by a visitor from being interpreted.
    match = " ".join(f'"{word}"*' for word in words)
    # The FTS table is queried on its own first: joined directly, SQLite's planner walks
    # every drug and probes the index for each (seconds at 20,000 drugs).
    matches = """
        (SELECT rowid AS id, bm25(monographs_drug_fts, 10.0, 6.0, 2.0, 1.0) AS score
         FROM monographs_drug_fts WHERE monographs_drug_fts MATCH %s) m
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*) FROM monographs_drug d WHERE d.status = 'published' AND d.id IN
            (SELECT rowid FROM monographs_drug_fts WHERE monographs_drug_fts MATCH %s)""",
            [match],
        )
        total = cursor.fetchone()[0]
        cursor.execute(
            f"""SELECT m.id FROM {matches} JOIN monographs_drug d ON d.id = m.id
            WHERE d.status = 'published' ORDER BY m.score, d.name LIMIT %s OFFSET %s""",
            [match, limit, offset],
        )
        page = [pk for (pk,) in cursor.fetchall()]
        if not page:
            return [], total
        # Snippets for this page only: SQLite would otherwise make one for every match. The
        # FTS table reads the start of the usage only (migration 0015).
        cursor.execute(
            f"""SELECT rowid, snippet(monographs_drug_fts, 3, char(2), char(3), '…', 16)
            FROM monographs_drug_fts WHERE monographs_drug_fts MATCH %s
            AND rowid IN ({", ".join(["%s"] * len(page))})""",
            [match, *page],
        )
        snippets = dict(cursor.fetchall())
    return [(pk, snippets.get(pk, "")) for pk in page], total
