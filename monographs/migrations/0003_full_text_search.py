"""Full-text search indexes, one per database engine.

SQLite: an FTS5 table over the drug's name, generic name, summary and usage, kept in step
with monographs_drug by triggers. PostgreSQL: pg_trgm, a GIN index on the same text as a
tsvector, and a trigram index on the name (the expressions match monographs/search.py).
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE monographs_drug_fts USING fts5(
        name, generic_name, summary, usage,
        content='monographs_drug', content_rowid='id', tokenize='porter unicode61')""",
    """CREATE TRIGGER monographs_drug_fts_insert AFTER INSERT ON monographs_drug BEGIN
        INSERT INTO monographs_drug_fts(rowid, name, generic_name, summary, usage)
        VALUES (new.id, new.name, new.generic_name, new.summary, new.usage);
    END""",
    """CREATE TRIGGER monographs_drug_fts_delete AFTER DELETE ON monographs_drug BEGIN
        INSERT INTO monographs_drug_fts(monographs_drug_fts, rowid, name, generic_name, summary, usage)
        VALUES ('delete', old.id, old.name, old.generic_name, old.summary, old.usage);
    END""",
    """CREATE TRIGGER monographs_drug_fts_update AFTER UPDATE OF name, generic_name, summary, usage
        ON monographs_drug BEGIN
        INSERT INTO monographs_drug_fts(monographs_drug_fts, rowid, name, generic_name, summary, usage)
        VALUES ('delete', old.id, old.name, old.generic_name, old.summary, old.usage);
        INSERT INTO monographs_drug_fts(rowid, name, generic_name, summary, usage)
        VALUES (new.id, new.name, new.generic_name, new.summary, new.usage);
    END""",
    "INSERT INTO monographs_drug_fts(monographs_drug_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS monographs_drug_fts_update",
    "DROP TRIGGER IF EXISTS monographs_drug_fts_delete",
    "DROP TRIGGER IF EXISTS monographs_drug_fts_insert",
    "DROP TABLE IF EXISTS monographs_drug_fts",
]
POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE INDEX IF NOT EXISTS drug_search_document_idx ON monographs_drug USING GIN (
        to_tsvector('english', name || ' ' || generic_name || ' ' || summary || ' ' || usage))""",
    "CREATE INDEX IF NOT EXISTS drug_name_trigram_idx ON monographs_drug USING GIN (name gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS drug_name_trigram_idx",
    "DROP INDEX IF EXISTS drug_search_document_idx",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("monographs", "0002_index_drug_source_path")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
