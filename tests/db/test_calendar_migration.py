"""The data migration of the calendar (D92): the appointments recorded before it get the
contact course of their treatment course and its primary treater as staff; a phone call becomes
a treatment session by phone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("courses", "0015_decision_forum_intensity_reason_notes")]
AFTER = [("courses", "0018_calendar_appointment_course_required")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    # every other app stays at its latest migration
    apps = {app for app, _name in targets}
    targets = targets + [n for n in executor.loader.graph.leaf_nodes() if n[0] not in apps]
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_existing_appointments_get_their_course_staff_and_place():
    old = _migrate(BEFORE)
    try:
        Municipality = old.get_model("accounts", "Municipality")
        Centre = old.get_model("accounts", "Centre")
        Team = old.get_model("accounts", "Team")
        User = old.get_model("accounts", "User")
        Client = old.get_model("citizens", "Client")
        ContactCourse = old.get_model("courses", "ContactCourse")
        TreatmentCourse = old.get_model("courses", "TreatmentCourse")
        Appointment = old.get_model("courses", "Appointment")
        town = Municipality.objects.create(code="mig", name="Mig", standard_id="herning")
        team = Team.objects.create(
            centre=Centre.objects.create(municipality=town, name="C"), name="T"
        )
        treater = User.objects.create(username="mig-treater", municipality=town, role="treater")
        client = Client.objects.create(municipality=town, anonymous=True, code="MIG-1")
        day = dt.date(2026, 11, 2)
        course = ContactCourse.objects.create(
            municipality=town,
            client=client,
            legal_track="SEL-101",
            opened_on=day,
            last_contact_on=day,
        )
        treatment = TreatmentCourse.objects.create(
            municipality=town,
            contact_course=course,
            team=team,
            start_on=day,
            primary_treater=treater,
        )
        at = dt.datetime(2026, 11, 3, 10, tzinfo=dt.UTC)
        talk = Appointment.objects.create(
            municipality=town, treatment=treatment, at=at, kind="individual"
        )
        call = Appointment.objects.create(
            municipality=town, treatment=treatment, at=at, kind="phone"
        )
    finally:
        new = _migrate(AFTER)
    try:
        Appointment = new.get_model("courses", "Appointment")
        talk, call = Appointment.objects.get(pk=talk.pk), Appointment.objects.get(pk=call.pk)
        assert talk.contact_course_id == course.pk and talk.minutes == 60 and talk.place == ""
        assert list(talk.staff.values_list("pk", flat=True)) == [treater.pk]
        assert (call.kind, call.place) == ("individual", "phone")
    finally:
        _migrate([])  # back to every app's latest migration, for the tests that follow
