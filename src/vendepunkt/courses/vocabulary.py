"""The words of a citizen's course, each list defined once (issue 11 § 3).

Every list is a `TextChoices`: the stored value (never changed) and a label that is an English
gettext msgid, translated into Danish in the central catalogue. Models, services, forms, reports,
letters and the API take their values and labels from here. Where a pure rule needs the same
values (`vendepunkt.rules`, no Django), it keeps its own tuple or enum and a unit test holds the
two equal.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LegalTrack(models.TextChoices):
    """The legal track of a contact and its course; "counselling" is counselling without a
    treatment track (R2–R4)."""

    SEL_101 = "SEL-101", _("SEL § 101 — social treatment of drug use")
    SEL_101A = "SEL-101a", _("SEL § 101 a — anonymous ambulant drug treatment")
    SUL_141 = "SUL-141", _("SUL § 141 — alcohol treatment")
    SUL_142 = "SUL-142", _("SUL § 142 — medical treatment of drug use")
    COUNSELLING = "counselling", _("Counselling (no treatment track)")


def legal_name(code: object) -> str:
    """A legal basis or track in words, never its code (D81): the law's name and section from the
    law floor ("SEL-101" → "Serviceloven § 101"); a track that is no provision, its label
    ("counselling" → "Counselling (no treatment track)"); anything else as it is."""
    from vendepunkt.rules.law import law_floor

    key = str(code or "")
    found = law_floor().provision(key)
    if found is not None:
        return found.citation
    return str(dict(LegalTrack.choices).get(key, key))


# The tracks of treatment proper: the legal tracks without counselling (the dashboard's filter).
TREATMENT_TRACKS = tuple(t.value for t in LegalTrack if t != LegalTrack.COUNSELLING)


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone")
    MAIL = "mail", _("Letter or e-mail")
    DIGITAL = "digital", _("Digital Post")


class MadeBy(models.TextChoices):
    SELF = "self", _("The citizen")
    RELATIVE = "relative", _("A relative")
    GP = "gp", _("The citizen's GP")
    HOSPITAL = "hospital", _("A hospital")
    AUTHORITY = "authority", _("Another authority")


class Substance(models.TextChoices):
    """The substances a contact names (the standard's `Substance` in rules.standards.schema)."""

    DRUGS = "drugs", _("Drugs")
    CANNABIS = "cannabis", _("Cannabis")
    OPIOIDS = "opioids", _("Opioids")
    ALCOHOL = "alcohol", _("Alcohol")


class CounsellingKind(models.TextChoices):
    """The kinds of counselling talk (the standard's `CounsellingKind` in rules.standards.schema,
    plus the doctor's consultation, which the law gives: `rules.counselling.LAW_KINDS`)."""

    ANONYMOUS = "anonymous", _("Anonymous counselling")
    OPEN = "open", _("Open counselling")
    INFORMATION = "information", _("Information talk")
    COURSE = "course", _("Counselling course")
    DOCTOR = "doctor", _("Doctor's consultation (SUL § 142)")


# The kinds a counsellor records from the intake screen (the doctor's talk is booked elsewhere).
RECORDED_COUNSELLING_KINDS = (
    CounsellingKind.ANONYMOUS,
    CounsellingKind.OPEN,
    CounsellingKind.INFORMATION,
    CounsellingKind.COURSE,
)
# Which of these a municipality offers, and how many talks each allows, is its standard's
# (`rules.counselling`, `Service.counselling_kind` and `sessions`); the law sets no number.


class AssessmentOccasion(models.TextChoices):
    """When in the course an assessment (ASI) is made (R10). Not the phase of a treatment
    course (`TreatmentPhase`): the two lists were both called PHASES before."""

    INTAKE = "intake", _("Intake")
    PLAN_REVIEW = "plan_review", _("Plan review")
    DISCHARGE = "discharge", _("Discharge")
    FOLLOW_UP = "follow_up", _("Follow-up")


class LoadDegree(models.TextChoices):
    """The load degree (belastningsgrad) the holistic assessment concludes (R9, SEL § 101 stk. 2).
    No seed states a scale of its own (ODS: "en samlet vurdering af borgerens ... belastningsgrad";
    UDG counts ASI composites of at least 0.5), so the scale is one list, here; which intensity a
    degree suggests is the standard's services' `intensity` (least intrusive, R9)."""

    LOW = "low", _("Low")
    MODERATE = "moderate", _("Moderate")
    HIGH = "high", _("High")


class Outcome(models.TextChoices):
    """The outcome of a decision on an application (R12)."""

    GRANT = "grant", _("Grant")
    REFUSAL = "refusal", _("Refusal")
    PARTIAL = "partial", _("Partial grant")


class SentBy(models.TextChoices):
    """How a decision letter was sent: it decides the day the citizen is deemed to receive it and
    so when the complaint period ends (rules/deadlines/complaints.deemed_received)."""

    DIGITAL_POST = "digital_post", _("Digital Post")
    POST = "post", _("Ordinary post")


# The outcome as the decision letter states it ("Bevilget"), a past participle, where the
# screens name the decision ("Bevilling").
OUTCOME_IN_LETTER = {
    Outcome.GRANT: pgettext_lazy("decision letter", "Granted"),
    Outcome.REFUSAL: pgettext_lazy("decision letter", "Refused"),
    Outcome.PARTIAL: pgettext_lazy("decision letter", "Partially granted"),
}


class TreatmentPhase(models.TextChoices):
    """The phase of a treatment course (R26): assessment/motivation → primary → aftercare, or
    the outreach programme's contact → treatment → bridging → follow-up."""

    ASSESSMENT = "assessment", _("Assessment")
    MOTIVATION = "motivation", _("Motivation")
    PRIMARY = "primary", _("Primary treatment")
    AFTERCARE = "aftercare", _("Aftercare")
    CONTACT = "contact", _("Outreach: contact")
    TREATMENT = "treatment", _("Outreach: treatment")
    BRIDGING = "bridging", _("Outreach: bridging")
    FOLLOW_UP = "follow_up", _("Outreach: follow-up")


class AppointmentKind(models.TextChoices):
    """Every step of a course that is booked, before and after treatment starts (issue 13 § 3).
    A treatment session, a group session and a nurse's consultation belong to a treatment
    course (TREATMENT_KINDS); the others may be booked on the contact course before it."""

    INTAKE = "intake", _("Intake talk")
    COUNSELLING = "counselling", _("Counselling")
    ASSESSMENT = "assessment", _("Assessment")
    DOCTOR = "doctor", _("Doctor's consultation")
    INDIVIDUAL = "individual", _("Treatment session")
    GROUP = "group", _("Group session")
    NURSE = "nurse", _("Nurse's consultation")
    NETWORK = "network", _("Network meeting")
    STATUS_MEETING = "status_meeting", _("Status meeting")


# the kinds of appointment only a treatment course has
TREATMENT_KINDS = ("individual", "group", "nurse")


class Place(models.TextChoices):
    """Where an appointment takes place: a room of the centre, a location outside it (outreach),
    by phone or by video. Appointments recorded before the calendar have no place ("")."""

    ROOM = "room", _("Room at the centre")
    OUTREACH = "outreach", _("Outreach location")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")


class AttendanceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("No-show")
    CANCELLED = "cancelled", _("Cancelled")


class StatusMeetingKind(models.TextChoices):
    """The status meetings of a residential stay."""

    BEFORE = "before", _("Before the stay")
    MIDWAY = "midway", _("Midway")
    FINAL = "final", _("Final")


class MedicalKind(models.TextChoices):
    SUBSTITUTION = "substitution", _("Substitution treatment")
    DETOX = "detox", _("Detoxification")
    SCREENING = "screening", _("Screening for hepatitis/HIV")
    VACCINATION = "vaccination", _("Vaccination against hepatitis A+B")
    ANTABUSE = "antabuse", _("Antabuse")
    CRAVING = "craving", _("Craving-reducing medication")
    DOCTOR_CONSULTATION = "doctor_consultation", _("Doctor's consultation")


# Medical records that are medication: never for an anonymous client (SEL § 101 a). "medication"
# is a kind the API may record though no screen offers it.
MEDICATION_KINDS = (
    MedicalKind.SUBSTITUTION.value,
    MedicalKind.ANTABUSE.value,
    MedicalKind.CRAVING.value,
    MedicalKind.DETOX.value,
    "medication",
)


class CourseEventKind(models.TextChoices):
    REGION_HANDOVER = "region_handover", _("Hand-over to the region")
    PREGNANCY_CONTRACT = "pregnancy_contract", _("Pregnancy contract")
    CHILD_WELFARE_NOTIFICATION = "child_welfare_notification", _("Child-welfare notification")


class SubstanceGoal(models.TextChoices):
    STOP = "stop", _("Stop")
    REDUCE = "reduce", _("Reduce")
    STABILISE = "stabilise", _("Stabilise")


class DischargeStatus(models.TextChoices):
    """How a treatment course ended (the standard's `DischargeStatus` in rules.standards.schema)."""

    COMPLETED = "completed", _("Completed as planned")
    TO_OTHER_OFFER = "to_other_offer", _("Discharged to another offer")
    TO_HOSPITAL = "to_hospital", _("Discharged to hospital")
    OTHER_REASON = "other_reason", _("Other reason")
    DROPPED_OUT = "dropped_out", _("Dropped out")


class DischargeOutcome(models.TextChoices):
    """The citizen's use at discharge (kpi.CourseFacts.discharge_outcome)."""

    ABSTINENT = "abstinent", _("Abstinent")
    REDUCED = "reduced", _("Reduced use")
    STABILISED = "stabilised", _("Stabilised use")
    UNCHANGED = "unchanged", _("Unchanged")


class DeadlineStatus(models.TextChoices):
    """A deadline's status as decided on a day (`rules.deadlines.Status`)."""

    OPEN = "open", _("Open")
    MET = "met", _("Met")
    BREACHED = "breached", _("Breached")
    WAIVED = "waived", _("Waived")
    LAPSED = "lapsed", _("Lapsed")


def label_of(choices: type[models.TextChoices], value: str | None, default: str = "") -> str:
    """The label of `value` in the active language; an unknown value is shown as stored."""
    if value is None or value == "":
        return default
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)
