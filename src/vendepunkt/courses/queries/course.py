"""Reads of a contact course beyond the services' `get_course`, for the web pages and the API: the
bundle of records shown on the course page, and the course loaded for a change. Every function
checks permission through the course guard (`courses.guard`, `require`); every function that returns
personal data for display writes the read log. A fixed number of queries, whatever the amount of
data on the course."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, prefetch_related_objects

from vendepunkt.accounts.access import NotFound, can, require
from vendepunkt.accounts.models import Role, Team, User
from vendepunkt.audit.services import log_read
from vendepunkt.courses import services
from vendepunkt.courses.guard import course_guard
from vendepunkt.courses.models import (
    Application,
    Appointment,
    ContactCourse,
    CourseDeadline,
    CourseEvent,
    CourseService,
    Decision,
    MedicalRecord,
    Outcome,
    ResidentialStay,
    StatusChange,
    StatusMeeting,
    TreatmentCourse,
)
from vendepunkt.providers.models import Provider


@dataclass
class CoursePage:
    """What the course page shows of one contact course."""

    course: ContactCourse
    treatment: TreatmentCourse | None
    deadlines: list[CourseDeadline] = field(default_factory=list)
    applications: list[Application] = field(default_factory=list)
    services: list[CourseService] = field(default_factory=list)
    history: list[StatusChange] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)
    stays: list[ResidentialStay] = field(default_factory=list)
    events: list[CourseEvent] = field(default_factory=list)
    medical: list[MedicalRecord] | None = None  # None: the user may not see medical records


def course_page(
    user, course_id: int, *, purpose: str = "course", with_medical: bool = True
) -> CoursePage:
    """The contact course with its deadlines, applications and decisions and, once treatment has
    started, its services, status history, appointments, stays with their status meetings,
    events and (for doctors and nurses only) medical records.

    `services.get_course` checks `courses.view_course` through the course guard and writes the
    read-log entry for the client; the medical records are read through `services.view_medical`,
    which checks `courses.view_medical` and logs that read separately (only when they are shown:
    `with_medical`)."""
    course = services.get_course(user, course_id, purpose=purpose)
    treatment = (
        TreatmentCourse.objects.select_related("team__centre", "primary_treater")
        .filter(contact_course=course)
        .first()
    )
    page = CoursePage(course=course, treatment=treatment)
    page.deadlines = list(CourseDeadline.objects.filter(contact_course=course).order_by("id"))
    page.applications = list(
        Application.objects.filter(contact_course=course)
        .select_related("decision")
        .order_by("applied_on", "id")
    )
    if treatment is None:
        return page
    treatment.contact_course = course  # the services read the client through it
    page.services = list(
        CourseService.objects.filter(treatment=treatment)
        .select_related("provider")
        .order_by("start_on", "id")
    )
    page.history = _history(treatment)
    page.appointments = appointments_of(treatment)
    page.stays = stays_of(treatment)
    page.events = list(
        CourseEvent.objects.filter(treatment=treatment).select_related("by").order_by("on", "id")
    )
    if with_medical and can(user, "courses.view_medical", treatment):
        page.medical = medical_of(user, treatment, purpose=purpose)
    return page


def _history(treatment: TreatmentCourse) -> list[StatusChange]:
    return list(
        StatusChange.objects.filter(treatment=treatment).select_related("by").order_by("on", "id")
    )


def appointments_of(treatment: TreatmentCourse) -> list[Appointment]:
    """The appointments of a treatment course; the caller has read the course (`get_course`)."""
    return list(Appointment.objects.filter(treatment=treatment).order_by("at", "id"))


def stays_of(treatment: TreatmentCourse) -> list[ResidentialStay]:
    """The residential stays with their provider and status meetings; the caller has read the
    course (`get_course`)."""
    return list(
        ResidentialStay.objects.filter(treatment=treatment)
        .select_related("provider")
        .prefetch_related(
            Prefetch("meetings", queryset=StatusMeeting.objects.order_by("held_on", "id"))
        )
        .order_by("start_on", "id")
    )


def medical_of(user, treatment: TreatmentCourse, *, purpose: str) -> list[MedicalRecord]:
    """Medical records through `services.view_medical` (permission and read log), with the
    person who recorded each in one more query."""
    items = services.view_medical(user, treatment, purpose=purpose)
    prefetch_related_objects(items, "by")
    return items


def course_for_change(user, course_id: int) -> ContactCourse:
    """The contact course (with its client and any treatment course) a change is about, for a
    user who may see the course. Nothing is shown from it, so no read is logged: a view that
    renders the course's data reads it through `course_page` or `services.get_course`."""
    course = (
        ContactCourse.objects.select_related("client", "municipality", "treatment__team")
        .filter(pk=course_id, municipality_id=user.municipality_id)
        .first()
    )
    require(user, "courses.view_course", course_guard(course))
    return course


def treatment_of(course: ContactCourse) -> TreatmentCourse:
    """The course's treatment course, or "not found" when treatment has not started."""
    if not has_treatment(course):
        raise NotFound("TreatmentCourse")
    treatment = course.treatment
    treatment.contact_course = course
    return treatment


def has_treatment(course: ContactCourse) -> bool:
    try:
        course.treatment  # noqa: B018 (loaded by select_related; no query)
    except TreatmentCourse.DoesNotExist:
        return False
    return True


def appointment_of(treatment: TreatmentCourse, appointment_id: int) -> Appointment:
    """An appointment of this treatment course (of a course the user may see), or "not found"."""
    appointment = Appointment.objects.filter(pk=appointment_id, treatment=treatment).first()
    if appointment is None:
        raise NotFound("Appointment")
    appointment.treatment = treatment
    return appointment


def log_row_read(user, course: ContactCourse, record_type: str, record_id) -> None:
    """A fragment (one table row) shows a record of the client: one read-log entry."""
    log_read(
        actor=user,
        municipality_id=course.municipality_id,
        client_id=course.client_id,
        record_type=record_type,
        record_id=record_id,
        purpose="course",
    )


def change_review(course: ContactCourse, on) -> CourseDeadline | None:
    """The open plan review the standard requires because the services changed on `on` (R25),
    if the stored deadlines hold one."""
    return CourseDeadline.objects.filter(
        contact_course=course,
        kind="plan_review",
        subject=f"review:change:{on.isoformat()}",
        status="open",
    ).first()


# --- choices for the forms (the municipality's teams, treaters, providers; no personal data) ---


def teams_of(user):
    return Team.objects.filter(centre__municipality_id=user.municipality_id).select_related(
        "centre"
    )


def treaters_of(user):
    return User.objects.filter(
        municipality_id=user.municipality_id, role=Role.TREATER, is_active=True
    ).order_by("first_name", "last_name", "username")


def providers_of(user):
    return Provider.objects.filter(municipality_id=user.municipality_id, active=True).order_by(
        "name"
    )


def granted_decisions(course: ContactCourse):
    """The course's grants (full or partial) that can start a treatment."""
    return (
        Decision.objects.filter(application__contact_course=course)
        .exclude(outcome=Outcome.REFUSAL)
        .select_related("application")
        .order_by("decided_on", "id")
    )
