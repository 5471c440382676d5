"""The encryption key's fingerprint, kept in the database (docs/operations.md, Backup and restore;
decisions D42). A plain table without a model: one row, read and written by `citizens.crypto`.
Recording it refuses to run when a stored CPR number does not decrypt with the configured key."""

from django.db import migrations

from vendepunkt.citizens import crypto


def record(apps, schema_editor):
    if crypto.sample_decrypts(schema_editor.connection.alias) is False:
        raise crypto.KeyMismatch
    crypto.record_fingerprint(schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("citizens", "0002_retention")]

    operations = [
        migrations.RunSQL(
            "CREATE TABLE citizens_keyfingerprint ("
            "id integer NOT NULL PRIMARY KEY CHECK (id = 1), "
            "fingerprint varchar(64) NOT NULL, "
            "recorded_at varchar(40) NOT NULL)",
            "DROP TABLE citizens_keyfingerprint",
        ),
        migrations.RunPython(record, migrations.RunPython.noop),
    ]
