from importlib import import_module

from django.db import migrations, models

# On SQLite, adding the field and its constraint rebuilds reports_finding, which drops the
# triggers that keep the full-text index in step (0002): so they are made again, and the index
# rebuilt. PostgreSQL's expression index survives, so there is nothing to do there.
search = import_module("reports.migrations.0002_finding_search")
TRIGGERS = [sql for sql in search.SQLITE if sql.startswith("CREATE TRIGGER")]
DROP_TRIGGERS = [sql for sql in search.SQLITE_REVERSE if sql.startswith("DROP TRIGGER")]
REBUILD = "INSERT INTO reports_finding_fts(reports_finding_fts) VALUES ('rebuild')"


def remake_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in [*DROP_TRIGGERS, *TRIGGERS, REBUILD]:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_previous_framework"),
    ]

    operations = [
        # Unapplying rebuilds the table again, after this operation's reverse: it remakes them.
        migrations.RunPython(migrations.RunPython.noop, remake_triggers),
        migrations.AddField(
            model_name="finding",
            name="themes_from",
            field=models.CharField(
                choices=[("reviewed", "Reviewed"), ("rules", "Keyword rules")],
                default="rules",
                help_text="Whether the themes were reviewed or come from the keyword rules.",
                max_length=10,
            ),
        ),
        migrations.AddConstraint(
            model_name="finding",
            constraint=models.CheckConstraint(
                condition=models.Q(("themes_from__in", ["reviewed", "rules"])),
                name="finding_themes_from_valid",
            ),
        ),
        migrations.RunPython(remake_triggers, remake_triggers),
    ]
