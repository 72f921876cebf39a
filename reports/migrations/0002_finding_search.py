"""Full-text search of findings: an FTS5 table on SQLite, an expression GIN index on PostgreSQL.

See reports/search.py for how each is queried.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE reports_finding_fts USING fts5("
    "text, content='reports_finding', content_rowid='id', tokenize='porter unicode61')",
    # Triggers keep the index in step with every insert, update and delete.
    "CREATE TRIGGER reports_finding_fts_insert AFTER INSERT ON reports_finding BEGIN "
    "INSERT INTO reports_finding_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER reports_finding_fts_delete AFTER DELETE ON reports_finding BEGIN "
    "INSERT INTO reports_finding_fts(reports_finding_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER reports_finding_fts_update AFTER UPDATE OF text ON reports_finding BEGIN "
    "INSERT INTO reports_finding_fts(reports_finding_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); "
    "INSERT INTO reports_finding_fts(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO reports_finding_fts(reports_finding_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS reports_finding_fts_insert",
    "DROP TRIGGER IF EXISTS reports_finding_fts_delete",
    "DROP TRIGGER IF EXISTS reports_finding_fts_update",
    "DROP TABLE IF EXISTS reports_finding_fts",
]
POSTGRESQL = [
    "CREATE INDEX reports_finding_search ON reports_finding "
    "USING GIN (to_tsvector('english'::regconfig, COALESCE(text, '')))",
]
POSTGRESQL_REVERSE = ["DROP INDEX IF EXISTS reports_finding_search"]


def run(statements):
    def apply(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
