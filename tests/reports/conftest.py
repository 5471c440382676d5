"""Report tests: a small municipality with hand-made records whose figures are known, and the
demo generator for realistic data (through the services). Synthetic people only."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection

from tests.db.factories import Town
from vendepunkt.citizens.models import Client
from vendepunkt.courses.models import (
    Application,
    Contact,
    ContactCourse,
    CourseService,
    Decision,
    Discharge,
    TreatmentCourse,
)

_n = itertools.count(1)


def pytest_report_header(config):
    return f"database: {connection.vendor} ({connection.settings_dict['NAME']})"


def make_course(
    town: Town,
    *,
    track: str = "SEL-101",
    request_on: dt.date,
    start_on: dt.date | None = None,
    discharged_on: dt.date | None = None,
    status: str = "completed",
    outcome: str = "abstinent",
    age: int = 40,
    service_id: str = "individuelle-samtaler",
    client: Client | None = None,
    anonymous: bool = False,
    substance: str | None = None,
) -> ContactCourse:
    """A course written straight to the records (the services are tested elsewhere): a request,
    a granted application, a start and a discharge, as far as the dates go."""
    m = town.municipality
    user = town.centre_leader
    if client is None:
        n = next(_n)
        birth = request_on.replace(year=request_on.year - age) - dt.timedelta(days=1)
        if anonymous:
            client = Client.objects.create(
                municipality=m, anonymous=True, code=f"A{n}", birth_year=birth.year
            )
        else:
            client = Client.objects.create(municipality=m, name=f"Test {n}", birth_date=birth)
    course = ContactCourse.objects.create(
        municipality=m,
        client=client,
        legal_track=track,
        opened_on=request_on,
        request_on=request_on,
        last_contact_on=request_on,
        closed_on=discharged_on,
        team=town.team,
    )
    Contact.objects.create(
        municipality=m,
        contact_course=course,
        at=dt.datetime.combine(request_on, dt.time(10), tzinfo=dt.UTC),
        channel="phone",
        made_by="self",
        substances=[substance or ("alcohol" if track == "SUL-141" else "cannabis")],
        main_substance=substance or ("alcohol" if track == "SUL-141" else "cannabis"),
        wish_for_treatment=True,
        legal_track=track,
        recorded_by=user,
    )
    app = Application.objects.create(
        municipality=m, contact_course=course, service_id=service_id, applied_on=request_on
    )
    if start_on is None:
        return course
    decision = Decision.objects.create(
        municipality=m,
        application=app,
        outcome="grant",
        legal_basis=track,
        reasons="Test",
        decided_on=start_on,
        decided_by=user,
    )
    treatment = TreatmentCourse.objects.create(
        municipality=m,
        contact_course=course,
        team=town.team,
        start_on=start_on,
        discharged_on=discharged_on,
    )
    CourseService.objects.create(
        municipality=m,
        treatment=treatment,
        service_id=service_id,
        decision=decision,
        delivery="own_centre",
        start_on=start_on,
        end_on=discharged_on,
    )
    if discharged_on:
        Discharge.objects.create(
            municipality=m,
            treatment=treatment,
            on=discharged_on,
            status=status,
            outcome=outcome,
            by=user,
        )
    return course


@pytest.fixture
def ods(db):
    return Town("odsherred")
