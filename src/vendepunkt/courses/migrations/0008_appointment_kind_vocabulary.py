"""Appointments stored with the demo's old free-text kind "samtale" get the vocabulary's
"individual" (courses/vocabulary.AppointmentKind), which the services now require."""

from django.db import migrations


def forwards(apps, schema_editor):
    apps.get_model("courses", "Appointment").objects.filter(kind="samtale").update(
        kind="individual"
    )


class Migration(migrations.Migration):
    dependencies = [("courses", "0007_vocabulary_labels")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
