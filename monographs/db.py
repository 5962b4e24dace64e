"""Database helpers for bulk writes: plain INSERT statements and batches, fewer SQLite
checkpoints while many small transactions commit, and planner statistics after them."""

from contextlib import contextmanager
from enum import Enum
from functools import cache

from django.db import DEFAULT_DB_ALIAS, connection, connections

# Pages the SQLite write-ahead log may hold during a run of many transactions before it
# is copied back into the database (40 MB; SQLite's own default is 1,000 pages).
BULK_CHECKPOINT_PAGES = 10_000
# Ids per statement of a write to some rows (SQLite allows 32,766 parameters).
IDS_PER_STATEMENT = 500


def id_chunks(ids):
    """The ids, sorted, in lists of at most IDS_PER_STATEMENT: one statement each."""
    ids = sorted(ids)
    for start in range(0, len(ids), IDS_PER_STATEMENT):
        yield ids[start : start + IDS_PER_STATEMENT]


def insert_rows(model, rows):
    """INSERT many rows of one model in one statement batch (see insert_batches)."""
    insert_batches([(model, rows)])


def insert_batches(batches):
    """INSERT the rows of each (model, rows), one statement batch per model, through one
    cursor.

    The import writes tens of thousands of child rows; bulk_create spends most of its time
    building a model instance per row, which plain executemany skips. Rows are dicts of
    field attnames to values that need no conversion (text, numbers, booleans, ids).
    """
    # The database's own connection, not the `connection` proxy: a bulk write would
    # look it up again for every attribute.
    database = connections[DEFAULT_DB_ALIAS]
    with database.cursor() as cursor:
        for model, rows in batches:
            if not rows:
                continue
            names = tuple(rows[0])
            values = [[plain(row[name]) for name in names] for row in rows]
            if database.vendor == "postgresql":
                # COPY: HPO's 195,000 closure rows load in about a second, not eighteen.
                with cursor.copy(copy_statement(model, names)) as copy:
                    for row in values:
                        copy.write_row(row)
            else:
                cursor.executemany(insert_statement(database.vendor, model, names), values)


def insert_instance(instance):
    """INSERT a new model instance, as save() would, and set its primary key.

    save() compiles its INSERT anew each time, a third of the cost of saving a drug during
    an import; this statement is made once per model. No signals are sent (nothing
    listens to the models written this way).
    """
    database = connections[DEFAULT_DB_ALIAS]
    meta = instance._meta
    fields = [field for field in meta.concrete_fields if field is not meta.pk]
    values = [field.get_db_prep_save(field.pre_save(instance, True), database) for field in fields]
    statement = insert_statement(database.vendor, type(instance), tuple(f.attname for f in fields))
    with database.cursor() as cursor:
        cursor.execute(f"{statement} RETURNING {database.ops.quote_name(meta.pk.column)}", values)
        (instance.pk,) = cursor.fetchone()
    instance._state.adding = False
    instance._state.db = database.alias


@cache
def insert_statement(vendor, model, names):
    """The INSERT of these fields of the model (the same for every file of an import);
    vendor is part of the key because each database quotes names its own way."""
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in names)
    placeholders = ", ".join(["%s"] * len(names))
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders})"


@cache
def copy_statement(model, names):
    """PostgreSQL's COPY of these fields of the model, read from the client."""
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in names)
    return f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"


def plain(value):
    """A choice enum as its stored value: database drivers may adapt enums otherwise."""
    return value.value if isinstance(value, Enum) else value


IMPORT_TABLES = (
    "monographs_drug",
    "monographs_drugsideeffect",
    "monographs_drug_ingredients",
    "monographs_sideeffectlisting",
)


def update_planner_statistics(tables=IMPORT_TABLES):
    """Let the database's query planner know the tables' new sizes after a bulk write
    (an import's tables, or those given).

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
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table in tables:
                cursor.execute(f"ANALYZE {table}")
        elif connection.in_atomic_block:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
        else:
            cursor.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")


@contextmanager
def fewer_checkpoints():
    """Around a run of many small transactions (an import commits each file alone): on
    SQLite, copy the write-ahead log back into the database every BULK_CHECKPOINT_PAGES
    pages instead of every 1,000, and once more at the end.

    Each file's commit adds some 55 pages to the log, many of them the same index and
    full-text pages as the file before; a checkpoint copies each page once however often
    it was written, and syncs the disk. Every 1,000 pages that cost about an eighth of
    the import's writing (bench/README.md). A commit is as durable and the database as
    consistent either way (synchronous=NORMAL, settings.py); only the log file grows
    larger in between.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        (pages,) = cursor.fetchone()
        cursor.execute(f"PRAGMA wal_autocheckpoint = {BULK_CHECKPOINT_PAGES}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA wal_autocheckpoint = {int(pages)}")
            if not connection.in_atomic_block:  # SQLite cannot checkpoint in a transaction
                cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
