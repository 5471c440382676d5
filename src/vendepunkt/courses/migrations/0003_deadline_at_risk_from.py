"""A stored guarantee carries the day from which it is at risk (decided on read), instead of a
flag computed on the day of the last change."""

from django.db import migrations, models


def flag_to_day(apps, schema_editor):
    # A row flagged at risk was at risk when it was stored, at the latest; its trigger (the request)
    # is a safe lower bound. A guarantee not yet flagged gets no day here: run
    # `manage.py refresh_deadlines` after this upgrade (docs/operations.md) to compute every open
    # course's days; the next change of a course does it for that course.
    deadline = apps.get_model("courses", "CourseDeadline")
    for row in deadline.objects.filter(at_risk=True).only("pk", "trigger"):
        deadline.objects.filter(pk=row.pk).update(at_risk_from=row.trigger)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_counselling_doctor"),
    ]

    operations = [
        migrations.AddField(
            model_name="coursedeadline",
            name="at_risk_from",
            field=models.DateField(null=True),
        ),
        migrations.RunPython(flag_to_day, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="coursedeadline",
            name="at_risk",
        ),
    ]
