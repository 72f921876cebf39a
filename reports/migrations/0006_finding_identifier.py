from importlib import import_module

from django.db import migrations, models

# As in 0004: on SQLite, changing reports_finding rebuilds it, which drops the full-text
# index's triggers, so they are made again and the index rebuilt.
themes_from = import_module("reports.migrations.0004_finding_themes_from")
remake_triggers = themes_from.remake_triggers


def set_identifiers(apps, schema_editor):
    """Each finding's identifier from its source and place in it, as the loaders now set it."""
    Finding = apps.get_model("reports", "Finding")
    findings = list(Finding.objects.select_related("source"))
    for finding in findings:
        kind = finding.kind.replace("_", "-")
        finding.identifier = f"{finding.source.slug}-{kind}-{finding.order}"
    Finding.objects.bulk_update(findings, ["identifier"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_datarelease"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, remake_triggers),
        migrations.AddField(
            model_name="finding",
            name="identifier",
            field=models.SlugField(db_index=False, default="", max_length=150),
            preserve_default=False,
        ),
        migrations.RunPython(set_identifiers, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="finding",
            constraint=models.UniqueConstraint(
                fields=("identifier",), name="finding_unique_identifier"
            ),
        ),
        migrations.AddConstraint(
            model_name="finding",
            constraint=models.CheckConstraint(
                condition=models.Q(("identifier", ""), _negated=True),
                name="finding_identifier_set",
            ),
        ),
        migrations.RunPython(remake_triggers, remake_triggers),
    ]
