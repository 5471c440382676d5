import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("courses", "0017_calendar_appointments_from_treatment")]

    operations = [
        migrations.AlterField(
            model_name="appointment",
            name="contact_course",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="appointments",
                to="courses.contactcourse",
            ),
        ),
    ]
