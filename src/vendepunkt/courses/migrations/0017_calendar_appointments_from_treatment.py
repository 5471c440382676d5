"""The appointments recorded before the calendar (issue 13 § 3): each gets the contact course of
its treatment course, the treatment's primary treater as its staff member, and the kinds that no
longer exist are mapped ("phone" is a place now: a treatment session by phone). Their length and
place were never recorded: 60 minutes and no place, as the calendar shows them."""

from django.db import migrations


def forward(apps, schema_editor):
    Appointment = apps.get_model("courses", "Appointment")
    for a in Appointment.objects.select_related("treatment").iterator(chunk_size=500):
        a.contact_course_id = a.treatment.contact_course_id
        if a.kind == "phone":
            a.kind, a.place = "individual", "phone"
        a.save(update_fields=["contact_course", "kind", "place"])
        if a.treatment.primary_treater_id is not None:
            a.staff.add(a.treatment.primary_treater_id)


def backward(apps, schema_editor):
    Appointment = apps.get_model("courses", "Appointment")
    # appointments booked before treatment started cannot go back: there is nothing to tie them to
    Appointment.objects.filter(treatment__isnull=True).delete()
    Appointment.objects.filter(place="phone", kind="individual").update(kind="phone")


class Migration(migrations.Migration):
    dependencies = [("courses", "0016_calendar_rooms_staff_places")]

    operations = [migrations.RunPython(forward, backward)]
