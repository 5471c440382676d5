"""Reads of the intake beyond the services, for the web pages and the API: the contact course a
form is about (the permission is checked before anything is read), the client's open contact course
(to tell how the contact-course rule was applied) and the counselling talks held on a course.

Each checks permission with `require` (another municipality's record is "not found") and writes
one read-log entry for the client whose data it returns. The number of queries is constant.
"""

from __future__ import annotations

from vendepunkt.accounts.access import can, require
from vendepunkt.audit.services import log_read
from vendepunkt.citizens.models import Client
from vendepunkt.courses.guard import course_guard
from vendepunkt.courses.models import ContactCourse, CounsellingTalk


def course(user, course_id: int, perm: str, *, purpose: str | None = None) -> ContactCourse:
    """The contact course with its client, after checking `perm` on it. With a `purpose` the read
    is logged (the page shows who the client is); without one the caller shows no personal data
    or passes the course on to a service that logs its own read."""
    found = (
        ContactCourse.objects.select_related("client")
        .filter(pk=course_id, municipality_id=user.municipality_id)
        .first()
    )
    require(user, perm, course_guard(found))
    if purpose:
        log_read(
            actor=user,
            municipality_id=found.municipality_id,
            client_id=found.client_id,
            record_type="contact_course",
            record_id=found.pk,
            purpose=purpose,
        )
    return found


def open_course(user, client: Client, *, purpose: str) -> ContactCourse | None:
    """The client's open contact course (at most one, R6), or None; read before a contact is
    recorded so the confirmation can say how the contact-course rule was applied."""
    require(user, "courses.record_contact", client)
    found = (
        ContactCourse.objects.filter(client=client, closed_on__isnull=True)
        .only("id", "municipality_id", "client_id", "opened_on", "last_contact_on")
        .first()
    )
    if found is not None:
        log_read(
            actor=user,
            municipality_id=client.municipality_id,
            client_id=client.pk,
            record_type="contact_course",
            record_id=found.pk,
            purpose=purpose,
        )
    return found


def counselling_talks(
    user, contact_course: ContactCourse, *, purpose: str
) -> list[CounsellingTalk]:
    """The counselling talks held on a contact course, oldest first, with who held them."""
    require(user, "courses.view_course", course_guard(contact_course))
    talks = list(
        CounsellingTalk.objects.filter(contact_course=contact_course)
        .select_related("by")
        .order_by("held_on", "id")
    )
    log_read(
        actor=user,
        municipality_id=contact_course.municipality_id,
        client_id=contact_course.client_id,
        record_type="counselling_talks",
        record_id=contact_course.pk,
        purpose=purpose,
    )
    return talks


def allowed(user, perm: str, contact_course: ContactCourse) -> bool:
    """May the user do `perm` on the course? (To show a link only where it leads somewhere.)"""
    return can(user, perm, course_guard(contact_course))
