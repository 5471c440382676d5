"""Contact and the contact course (R1–R6)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from vendepunkt.accounts.access import Actor, NotFound, require
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.accounts.inputs import HAPPENED, check_dates
from vendepunkt.audit.actions import Action
from vendepunkt.audit.services import log_read, snapshot
from vendepunkt.citizens.models import Client
from vendepunkt.rules.eligibility import anonymity_allowed
from vendepunkt.standards.services import current_versions

from .. import deadlines
from ..guard import course_guard
from ..models import Contact, ContactCourse, TreatmentCourse
from ._change import Change, change
from ._common import TRACKS, merge_gap_days

COURSE_FIELDS = ("request_on", "personal_attendance_on", "last_contact_on", "legal_track")


def record_contact(
    actor: Actor,
    client: Client,
    *,
    at: dt.datetime,
    channel: str,
    made_by: str,
    legal_track: str,
    substances: list[str],
    main_substance: str = "",
    wish_for_treatment: bool = False,
    personal_attendance: bool = False,
    citizen_agreed: bool = True,
    note: str = "",
    today: dt.date,
) -> Contact:
    """Record a contact; the contact-course rule decides whether it opens a new course (R6)."""
    with change(actor, "courses.record_contact", client=client, today=today) as c:
        check_dates(today, at=(at, HAPPENED))
        day = at.date()
        _validate_contact(
            client, legal_track, made_by, citizen_agreed, main_substance, substances, day, today
        )
        course = _course_for_contact(c, client, day, legal_track)
        c.on_course(course)
        contact = c.create(
            Contact,
            Action.CONTACT_RECORDED,
            (
                "contact_course_id",
                "channel",
                "made_by",
                "wish_for_treatment",
                "personal_attendance",
                "legal_track",
            ),
            contact_course=course,
            at=at,
            channel=channel,
            made_by=made_by,
            citizen_agreed=citizen_agreed,
            substances=sorted(set(substances)),
            main_substance=main_substance,
            wish_for_treatment=wish_for_treatment,
            wish_on=day if wish_for_treatment else None,
            personal_attendance=personal_attendance,
            legal_track=legal_track,
            note=note,
            recorded_by=actor,
        )
        before = snapshot(course, COURSE_FIELDS)
        course.last_contact_on = max(course.last_contact_on, day)
        if wish_for_treatment and course.request_on is None:
            course.request_on = day
        if wish_for_treatment and personal_attendance and course.personal_attendance_on is None:
            course.personal_attendance_on = day
        if legal_track != "counselling":
            course.legal_track = legal_track
        course.save()
        c.audit(Action.CONTACT_COURSE_UPDATED, course, before=before, fields=COURSE_FIELDS)
    return contact


def _validate_contact(
    client: Client,
    legal_track: str,
    made_by: str,
    citizen_agreed: bool,
    main_substance: str,
    substances: list[str],
    day: dt.date,
    today: dt.date,
) -> None:
    if legal_track not in TRACKS:
        raise ServiceError(
            _("Unknown legal track “%(legal_track)s”."),
            legal_track=legal_track,
            field="legal_track",
        )
    if day > today:
        raise ServiceError(
            _("The contact cannot be in the future."),
            field="at",
        )
    if made_by != "self" and not citizen_agreed:
        raise ServiceError(
            _("A contact on the citizen's behalf requires the citizen's agreement."),
            field="citizen_agreed",
        )
    if main_substance and main_substance not in substances:
        raise ServiceError(
            _("The main substance must be one of the substances given."),
            field="main_substance",
        )
    if client.anonymous and legal_track != "counselling":
        result = anonymity_allowed([legal_track], counselling=False, needs_medication=False)
        if not result.eligible:
            reason = result.reasons[0]
            raise ServiceError(reason, field="legal_track", code="anonymity")
    if client.linked_to_id:
        raise ServiceError(
            _("The client is linked to an identified citizen; record on the citizen."),
        )


def _course_for_contact(c: Change, client: Client, day: dt.date, legal_track: str) -> ContactCourse:
    course = (
        ContactCourse.objects.select_for_update()
        .filter(client=client, closed_on__isnull=True)
        .first()
    )
    if course is not None:
        in_treatment = TreatmentCourse.objects.filter(
            contact_course=course, discharged_on__isnull=True
        ).exists()
        if in_treatment or (day - course.last_contact_on).days <= merge_gap_days():
            return course
        course.closed_on = course.last_contact_on
        course.end_noted_on = day
        course.save(update_fields=["closed_on", "end_noted_on"])
        c.audit(
            Action.CONTACT_COURSE_CLOSED_BY_GAP,
            course,
            after={"closed_on": course.closed_on.isoformat(), "end_noted_on": day.isoformat()},
        )
        deadlines.refresh(course, day)  # what the course still owed is settled (D17)
    version = current_versions().get(client.municipality.standard_id)
    return c.create(
        ContactCourse,
        Action.CONTACT_COURSE_OPENED,
        ("client_id", "legal_track", "opened_on"),
        client=client,
        legal_track=legal_track if legal_track != "counselling" else "counselling",
        opened_on=day,
        last_contact_on=day,
        standard_version=version,
    )


def merge_courses_on_link(
    actor: Actor, anonymous: Client, citizen: Client, *, today: dt.date
) -> None:
    """Move an anonymous client's courses to the citizen it is linked to; two open contact
    courses become one (the anonymous one is closed as merged), so nothing is counted twice.
    Called by `citizens.link_anonymous`, whose permission is checked again under the lock."""
    fields = ("client_id", "closed_on", "merged_into_id")
    with change(actor, "citizens.link_anonymous", client=citizen, today=today) as c:
        open_citizen = (
            ContactCourse.objects.select_for_update()
            .filter(client=citizen, closed_on__isnull=True)
            .first()
        )
        for course in ContactCourse.objects.select_for_update().filter(client=anonymous):
            before = snapshot(course, fields)
            if course.closed_on is None and open_citizen is not None:
                Contact.objects.filter(contact_course=course).update(contact_course=open_citizen)
                course.closed_on = today
                course.merged_into = open_citizen
            course.client = citizen
            course.save()
            c.audit(Action.CONTACT_COURSE_MOVED_ON_LINK, course, before=before, fields=fields)
            deadlines.refresh(course, today)
        if open_citizen is not None:
            c.on_course(open_citizen)


def get_course(actor: Actor, course_id: int, *, purpose: str) -> ContactCourse:
    course = (
        ContactCourse.objects.select_related("client", "municipality")
        .filter(pk=course_id, municipality_id=actor.municipality_id)
        .first()
    )
    require(actor, "courses.view_course", course_guard(course))
    if course is None:  # `require` has refused it already ("not found")
        raise NotFound
    log_read(
        actor=actor,
        municipality_id=course.municipality_id,
        client_id=course.client_id,
        record_type="contact_course",
        record_id=course.pk,
        purpose=purpose,
    )
    return course
