"""On PostgreSQL, two connections changing one course at once (issue 11 § 2): every change of a
course takes the course's row lock, so what a service counts under it is current. Two talks
recorded at once cannot both be the fifth of a counselling course (R2/R4): exactly one is
refused. Two first contacts of a citizen at once open one contact course, not two. A slowed
deadline refresh keeps the first change's transaction open while the second arrives; the
service is called directly, as the web, the API and the command line all call it.

On SQLite the same holds by immediate transactions (one writer at a time); the SQLite tier
checks those settings in test_sqlite_concurrency.py."""

import datetime as dt

import pytest
from django.db import connection

from tests.api.test_concurrency import at_once, slow_refresh  # noqa: F401 (a fixture)
from tests.db.factories import Town
from tests.db.test_course_services import AT, TODAY, citizen, contact
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.citizens import services as citizens
from vendepunkt.courses import services as courses
from vendepunkt.courses.models import ContactCourse, CounsellingTalk

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # the deadline refresh slowed: each change's transaction stays open while the other arrives
    pytest.mark.usefixtures("slow_refresh"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="two real connections need PostgreSQL"
    ),
]


def outcome(call):
    """The call's result, or the ServiceError it was refused with."""

    def run():
        try:
            return call()
        except ServiceError as error:
            return error

    return run


def test_two_talks_at_once_cannot_both_be_the_fifth():
    ods = Town("odsherred")
    anonymous = citizens.register_anonymous(ods.treater, ods.municipality, today=TODAY)
    course = contact(ods, anonymous, track="counselling", wish=False).contact_course
    for n in range(4):
        courses.record_counselling(
            ods.treater,
            course,
            kind="anonymous",
            held_on=AT.date() + dt.timedelta(days=n),
            today=TODAY,
        )

    def talk():
        # each thread its own copy of the course, as two requests would load it
        own = ContactCourse.objects.get(pk=course.pk)
        return courses.record_counselling(
            ods.treater, own, kind="anonymous", held_on=AT.date(), today=TODAY
        )

    results = at_once(outcome(talk), outcome(talk))
    refused = [r for r in results if isinstance(r, ServiceError)]
    recorded = [r for r in results if isinstance(r, CounsellingTalk)]
    assert len(recorded) == 1 and len(refused) == 1, results
    assert "højst 5 samtaler" in refused[0].message_da
    assert CounsellingTalk.objects.filter(contact_course=course).count() == 5


def test_two_first_contacts_at_once_open_one_contact_course():
    ods = Town("odsherred")
    client = citizen(ods)
    results = at_once(outcome(lambda: contact(ods, client)), outcome(lambda: contact(ods, client)))
    assert not [r for r in results if isinstance(r, ServiceError)], results
    assert ContactCourse.objects.filter(client=client, closed_on__isnull=True).count() == 1
    assert {r.contact_course_id for r in results} == {ContactCourse.objects.get(client=client).pk}
