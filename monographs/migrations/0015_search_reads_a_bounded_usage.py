"""Search reads at most the first 20,000 characters of a drug's usage (nine times the
longest real one), so one huge monograph cannot make every search slow: ranking and
snippets read the indexed text, and a 50 MB usage made search time out.

SQLite: the FTS5 table takes its text from a view that cuts the usage, and the triggers
index the same cut text. PostgreSQL: the stored search document (0011) is made from the
cut usage. monographs/public/search.py cuts the snippet's text at the same length
(limits.SEARCH_TEXT_CHARACTERS). A later migration that rebuilds monographs_drug on SQLite
must make the triggers below again (see 0009).
"""

from importlib import import_module

from django.db import migrations

full_text_search = import_module("monographs.migrations.0003_full_text_search")
stored_document = import_module("monographs.migrations.0011_stored_search_document")

PREFIX = 20_000

COLUMNS = "name, generic_name, summary, usage"
SQLITE_FORWARD = [
    *[s for s in full_text_search.SQLITE_BACKWARD if "TRIGGER" in s],
    "DROP TABLE IF EXISTS monographs_drug_fts",
    f"""CREATE VIEW monographs_drug_search AS
        SELECT id, name, generic_name, summary, substr(usage, 1, {PREFIX}) AS usage
        FROM monographs_drug""",
    f"""CREATE VIRTUAL TABLE monographs_drug_fts USING fts5({COLUMNS},
        content='monographs_drug_search', content_rowid='id', tokenize='porter unicode61')""",
    f"""CREATE TRIGGER monographs_drug_fts_insert AFTER INSERT ON monographs_drug BEGIN
        INSERT INTO monographs_drug_fts(rowid, {COLUMNS})
        VALUES (new.id, new.name, new.generic_name, new.summary, substr(new.usage, 1, {PREFIX}));
    END""",
    f"""CREATE TRIGGER monographs_drug_fts_delete AFTER DELETE ON monographs_drug BEGIN
        INSERT INTO monographs_drug_fts(monographs_drug_fts, rowid, {COLUMNS})
        VALUES ('delete', old.id, old.name, old.generic_name, old.summary,
                substr(old.usage, 1, {PREFIX}));
    END""",
    f"""CREATE TRIGGER monographs_drug_fts_update AFTER UPDATE OF {COLUMNS}
        ON monographs_drug BEGIN
        INSERT INTO monographs_drug_fts(monographs_drug_fts, rowid, {COLUMNS})
        VALUES ('delete', old.id, old.name, old.generic_name, old.summary,
                substr(old.usage, 1, {PREFIX}));
        INSERT INTO monographs_drug_fts(rowid, {COLUMNS})
        VALUES (new.id, new.name, new.generic_name, new.summary, substr(new.usage, 1, {PREFIX}));
    END""",
    "INSERT INTO monographs_drug_fts(monographs_drug_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    *[s for s in full_text_search.SQLITE_BACKWARD if "TRIGGER" in s],
    "DROP TABLE IF EXISTS monographs_drug_fts",
    "DROP VIEW IF EXISTS monographs_drug_search",
    *full_text_search.SQLITE_FORWARD,
]

DOCUMENT = (
    "to_tsvector('english', name || ' ' || generic_name || ' ' || summary || ' ' || "
    f"left(usage, {PREFIX}))"
)
POSTGRES_FORWARD = [
    "ALTER TABLE monographs_drug DROP COLUMN IF EXISTS search_document",
    f"""ALTER TABLE monographs_drug ADD COLUMN search_document tsvector
        GENERATED ALWAYS AS ({DOCUMENT}) STORED""",
    "CREATE INDEX drug_search_document_stored_idx ON monographs_drug USING GIN (search_document)",
]
POSTGRES_BACKWARD = [
    "ALTER TABLE monographs_drug DROP COLUMN IF EXISTS search_document",
    *[s for s in stored_document.FORWARD if "DROP INDEX" not in s],
]


class Migration(migrations.Migration):
    dependencies = [("monographs", "0014_drug_draft_base")]

    operations = [
        migrations.RunPython(
            full_text_search.run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            full_text_search.run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
