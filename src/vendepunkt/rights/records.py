"""Everything held about one client, record class by record class: the one map the export
(insight), the retention run and the audit scrubbing all use, so none of them can miss a table
the others know. A new model that holds a client's data belongs here (a test checks that every
model with a path to a client is listed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, QuerySet

from vendepunkt.complaints.models import Complaint
from vendepunkt.courses import models as c
from vendepunkt.filing.models import Document
from vendepunkt.groups.models import Attendance, Membership
from vendepunkt.journal.models import JournalNote
from vendepunkt.reminders.models import OutboxMessage, ReminderConsent


@dataclass(frozen=True)
class Section:
    key: str  # the section's name in the export
    model: type[Model]
    path: str  # the lookup from the model to the client's id
    order: tuple[str, ...]
    free_text: tuple[str, ...] = ()  # fields blanked when the record is anonymised
    free_json: tuple[str, ...] = ()  # JSON fields emptied when the record is anonymised
    record_class: str = "social_case"
    only: dict[str, Any] = field(default_factory=dict)  # one model in two classes (the journal)

    def rows(self, client_ids) -> QuerySet:
        return self.model.objects.filter(**{f"{self.path}__in": client_ids}, **self.only).order_by(
            *self.order
        )


SECTIONS: tuple[Section, ...] = (
    Section("contact_courses", c.ContactCourse, "client_id", ("opened_on", "id")),
    Section("contacts", c.Contact, "contact_course__client_id", ("at", "id"), ("note",)),
    Section("counselling_talks", c.CounsellingTalk, "contact_course__client_id", ("held_on", "id")),
    Section(
        "assessments",
        c.Assessment,
        "contact_course__client_id",
        ("assessed_on", "id"),
        ("text",),
        ("answers",),
    ),
    Section(
        "applications", c.Application, "contact_course__client_id", ("applied_on", "id"), ("note",)
    ),
    Section(
        "decisions",
        c.Decision,
        "application__contact_course__client_id",
        ("decided_on", "id"),
        ("reasons",),
    ),
    Section("guarantee_waivers", c.Waiver, "contact_course__client_id", ("on", "id"), ("reason",)),
    Section(
        "treatment_courses", c.TreatmentCourse, "contact_course__client_id", ("start_on", "id")
    ),
    Section(
        "status_history",
        c.StatusChange,
        "treatment__contact_course__client_id",
        ("on", "id"),
        ("note",),
    ),
    Section(
        "services", c.CourseService, "treatment__contact_course__client_id", ("start_on", "id")
    ),
    Section("appointments", c.Appointment, "contact_course__client_id", ("at", "id")),
    Section(
        "medical_records",
        c.MedicalRecord,
        "treatment__contact_course__client_id",
        ("on", "id"),
        free_json=("details",),
        record_class="medical_record",
    ),
    Section(
        "residential_stays",
        c.ResidentialStay,
        "treatment__contact_course__client_id",
        ("start_on", "id"),
        free_json=("self_payment",),
    ),
    Section(
        "status_meetings",
        c.StatusMeeting,
        "stay__treatment__contact_course__client_id",
        ("held_on", "id"),
    ),
    Section(
        "course_events",
        c.CourseEvent,
        "treatment__contact_course__client_id",
        ("on", "id"),
        free_json=("details",),
    ),
    Section(
        "plan_versions",
        c.PlanVersion,
        "treatment__contact_course__client_id",
        ("made_on", "version"),
        ("methods",),
        ("goals", "responsible"),
    ),
    Section(
        "plan_reviews",
        c.PlanReview,
        "treatment__contact_course__client_id",
        ("on", "id"),
        ("note",),
    ),
    Section("discharges", c.Discharge, "treatment__contact_course__client_id", ("on", "id")),
    Section(
        "follow_ups",
        c.FollowUp,
        "treatment__contact_course__client_id",
        ("on", "id"),
        ("result",),
    ),
    Section(
        "doctor_consultations",
        c.DoctorConsultation,
        "contact_course__client_id",
        ("at", "id"),
        record_class="medical_record",
    ),
    Section(
        "outreach_assessments",
        c.OutreachAssessment,
        "contact_course__client_id",
        ("assessed_on", "id"),
    ),
    Section(
        "deadlines",
        c.CourseDeadline,
        "contact_course__client_id",
        ("trigger", "kind", "id"),
        ("reason_da", "reason_en"),
    ),
    Section(
        "journal_notes",
        JournalNote,
        "client_id",
        ("event_at", "id"),
        ("text", "amendment_reason"),
        only={"medical": False},
    ),
    Section(
        "medical_journal_notes",
        JournalNote,
        "client_id",
        ("event_at", "id"),
        ("text", "amendment_reason"),
        record_class="medical_record",
        only={"medical": True},
    ),
    # group treatment (issue 13 § 4): the citizen's own memberships and marks only; the group's
    # session notes are the staff's and name the other participants, so they are not exported
    Section("group_memberships", Membership, "client_id", ("joined_on", "id"), ("left_note",)),
    Section("group_attendance", Attendance, "membership__client_id", ("session__starts_at", "id")),
    Section(
        "documents",
        Document,
        "client_id",
        ("filed_at", "id"),
        ("title", "original_name"),
        only={"medical": False},
    ),
    Section(
        "medical_documents",
        Document,
        "client_id",
        ("filed_at", "id"),
        ("title", "original_name"),
        record_class="medical_record",
        only={"medical": True},
    ),
    # reminders (issue 13 § 3): the consent with its number and address (encrypted; shown
    # decrypted in the export, erased when the record is anonymised) and the messages sent
    Section(
        "reminder_consent",
        ReminderConsent,
        "client_id",
        ("given_on", "id"),
        ("phone_encrypted", "email_address_encrypted"),
    ),
    Section("reminders", OutboxMessage, "client_id", ("created_at", "id"), ("text",)),
    Section(
        "complaints",
        Complaint,
        "client_id",
        ("received_on", "id"),
        ("text", "representative", "outcome"),
    ),
)
