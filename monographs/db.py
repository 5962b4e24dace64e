"""Database helpers for bulk writes: plain INSERT batches, and planner statistics after them."""

from enum import Enum

from django.db import connection


def insert_rows(model, rows):
    """INSERT many rows of one model in one statement batch.

    The import writes tens of thousands of child rows; bulk_create spends most of its time
    building a model instance per row, which plain executemany skips. Rows are dicts of
    field attnames to values that need no conversion (text, numbers, booleans, ids).
    """
    if not rows:
        return
    names = list(rows[0])
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(n).column) for n in names)
    table = connection.ops.quote_name(model._meta.db_table)
    placeholders = ", ".join(["%s"] * len(names))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",
            [[plain(row[name]) for name in names] for row in rows],
        )


def plain(value):
    """A choice enum as its stored value: database drivers may adapt enums otherwise."""
    return value.value if isinstance(value, Enum) else value


def update_planner_statistics():
    """Let the database's query planner know the tables' new sizes after a bulk write.

    Without statistics SQLite takes "status = 'published'" for a selective condition
    and walks every published drug to find a drug page's combinations (20 ms at 20,000
    drugs instead of 0.1 ms). A full ANALYZE of these tables takes about 90 ms there;
    a sampled one (analysis_limit) misjudged a side effect's links and made its page
    2.5 times slower.

    PostgreSQL also gets a VACUUM, which marks the new rows visible to all: until then
    (autovacuum comes within minutes) counting the published drugs reads every row, not
    only the index: 41 ms instead of 11 ms for the home page at 100,000 drugs. VACUUM
    cannot run in a transaction, which tests hold open: there it is ANALYZE alone.
    """
    tables = ["monographs_drug", "monographs_drugsideeffect", "monographs_drug_ingredients"]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table in tables:
                cursor.execute(f"ANALYZE {table}")
        elif connection.in_atomic_block:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
        else:
            cursor.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")
