"""The vocabulary of the audit trail: every action a service may record. The stored values are
these strings; `write_entry` refuses any other, so a misspelt action fails where it is written."""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    # accounts, API tokens (S105/B105 below: action names, not secrets), notices
    STAFF_ROLE_SET = "staff.role_set"
    API_TOKEN_CREATED = "api_token.created"  # noqa: S105  # nosec B105
    API_TOKEN_REVOKED = "api_token.revoked"  # noqa: S105  # nosec B105
    NOTICE_SEEN = "notice.seen"
    # citizens and their rights
    CLIENT_REGISTERED = "client.registered"
    CLIENT_REGISTERED_ANONYMOUS = "client.registered_anonymous"
    CLIENT_LINKED = "client.linked"
    CLIENT_CORRECTED = "client.corrected"
    CLIENT_EXPORTED = "client.exported"
    CLIENT_ANONYMISED_BY_RETENTION = "client.anonymised_by_retention"
    RETENTION_APPLIED = "retention.applied"
    # standards, providers, registers
    STANDARD_VERSION_MADE_CURRENT = "standard_version.made_current"
    PROVIDER_REGISTERED = "provider.registered"
    REGISTERS_EXTRACT_CREATED = "registers.extract_created"
    REGISTERS_FHIR_EXPORTED = "registers.fhir_exported"
    # complaints
    COMPLAINT_REGISTERED = "complaint.registered"
    COMPLAINT_REASSESSED = "complaint.reassessed"
    COMPLAINT_FORWARDED = "complaint.forwarded"
    # the course: contact and contact course
    CONTACT_RECORDED = "contact.recorded"
    CONTACT_COURSE_OPENED = "contact_course.opened"
    CONTACT_COURSE_UPDATED = "contact_course.updated"
    CONTACT_COURSE_CLOSED_BY_GAP = "contact_course.closed_by_gap"
    CONTACT_COURSE_MOVED_ON_LINK = "contact_course.moved_on_link"
    # counselling and assessment
    COUNSELLING_RECORDED = "counselling.recorded"
    ASSESSMENT_RECORDED = "assessment.recorded"
    OUTREACH_ASSESSED = "outreach.assessed"
    # visitation and decision
    APPLICATION_MADE = "application.made"
    DECISION_MADE = "decision.made"
    DECISION_SENT = "decision.sent"
    GUARANTEE_WAIVED = "guarantee.waived"
    FREE_CHOICE_RECORDED = "free_choice.recorded"
    FREE_CHOICE_REFUSED_BY_PROVIDER = "free_choice.refused_by_provider"
    FREE_CHOICE_LIMITED = "free_choice.limited"
    # treatment
    TREATMENT_STARTED = "treatment.started"
    TREATMENT_TREATER_CHANGED = "treatment.treater_changed"
    TREATMENT_SERVICES_CHANGED = "treatment.services_changed"
    TREATMENT_SIB_RECORDED = "treatment.sib_recorded"
    TREATMENT_PHASE_CHANGED = "treatment.phase_changed"
    APPOINTMENT_RECORDED = "appointment.recorded"
    APPOINTMENT_ATTENDANCE = "appointment.attendance"
    # the calendar (issue 13 § 3)
    APPOINTMENT_BOOKED = "appointment.booked"
    APPOINTMENT_MOVED = "appointment.moved"
    APPOINTMENT_CANCELLED = "appointment.cancelled"
    APPOINTMENT_CONTACTED = "appointment.contacted_after_no_show"
    ROOM_ADDED = "room.added"
    DOCTOR_CONSULTATION_BOOKED = "doctor_consultation.booked"
    DOCTOR_CONSULTATION_RECORDED = "doctor_consultation.recorded"
    MEDICAL_RECORDED = "medical.recorded"
    STAY_RECORDED = "stay.recorded"
    STAY_STATUS_MEETING = "stay.status_meeting"
    COURSE_REGION_HANDOVER = "course.region_handover"
    COURSE_PREGNANCY_CONTRACT = "course.pregnancy_contract"
    COURSE_CHILD_WELFARE_NOTIFICATION = "course.child_welfare_notification"
    # plan, discharge, follow-up
    PLAN_SAVED = "plan.saved"
    PLAN_REVIEWED = "plan.reviewed"
    TREATMENT_DISCHARGED = "treatment.discharged"
    APPOINTMENT_CANCELLED_ON_DISCHARGE = "appointment.cancelled_on_discharge"
    STAY_ENDED_ON_DISCHARGE = "stay.ended_on_discharge"
    FOLLOW_UP_RECORDED = "follow_up.recorded"
    # the journal (issue 13 § 1)
    NOTE_WRITTEN = "journal.note_written"
    NOTE_EDITED = "journal.note_edited"
    NOTE_SIGNED = "journal.note_signed"
    NOTE_AMENDED = "journal.note_amended"
    # group treatment (issue 13 § 4)
    GROUP_CREATED = "groups.group_created"
    GROUP_MEMBER_ADDED = "groups.member_added"
    GROUP_MEMBER_LEFT = "groups.member_left"
    GROUP_SESSIONS_PLANNED = "groups.sessions_planned"
    GROUP_SESSION_CANCELLED = "groups.session_cancelled"
    GROUP_ATTENDANCE_RECORDED = "groups.attendance_recorded"
    GROUP_SESSION_NOTE_WRITTEN = "groups.session_note_written"
    # documents (issue 13 § 2)
    DOCUMENT_FILED = "filing.document_filed"
    DOCUMENT_ERASED = "filing.document_erased"
    # reminders to citizens (issue 13 § 3)
    REMINDER_CONSENT_RECORDED = "reminder.consent_recorded"
    REMINDER_CONSENT_WITHDRAWN = "reminder.consent_withdrawn"
    REMINDER_SENT = "reminder.sent"
    REMINDER_FAILED = "reminder.failed"
