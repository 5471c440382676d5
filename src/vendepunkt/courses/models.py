"""The citizen's course, from the first contact to the follow-up after discharge (R1–R38).

A contact course (kontaktforløb) runs from the request to the end of treatment; one is open per
client per municipality, and contacts at most 10 days apart belong to the same course (R6). The
treatment course (behandlingsforløb) runs from the start of treatment to discharge. Every model
carries its municipality, so tenancy is checked on every object without joins.

Nothing here is written except through `vendepunkt.courses.services`.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext

from vendepunkt.accounts.models import Centre, Municipality, Team
from vendepunkt.citizens.models import Client
from vendepunkt.providers.models import Provider
from vendepunkt.standards.models import StandardVersion

from .vocabulary import AttendanceStatus, Channel, CounsellingKind, MadeBy, Outcome, Place, SentBy


class Tenanted(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class ContactCourse(Tenanted):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="contact_courses")
    legal_track = models.CharField(max_length=20, help_text="SEL-101, SEL-101a, SUL-141, SUL-142")
    opened_on = models.DateField()
    request_on = models.DateField(
        null=True, blank=True, help_text="First contact with a wish for treatment"
    )
    personal_attendance_on = models.DateField(null=True, blank=True)
    last_contact_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    # The day the end was noted when it is not the closing day itself: a course closed by a gap
    # of more than 10 days closes on its last contact, but what it still owed is settled as of
    # the day the next contact showed the gap (a breach before then stays a breach).
    end_noted_on = models.DateField(null=True, blank=True)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="contact_courses"
    )
    standard_version = models.ForeignKey(
        StandardVersion, null=True, on_delete=models.PROTECT, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "client"],
                condition=models.Q(closed_on__isnull=True),
                name="one_open_contact_course_per_client",
            )
        ]
        indexes = [models.Index(fields=["municipality", "closed_on"])]

    def __str__(self) -> str:
        return f"{gettext('Contact course')} {self.pk}"


class Contact(Tenanted):
    contact_course = models.ForeignKey(
        ContactCourse, on_delete=models.PROTECT, related_name="contacts"
    )
    at = models.DateTimeField()
    channel = models.CharField(max_length=20, choices=Channel.choices)
    made_by = models.CharField(max_length=20, choices=MadeBy.choices)
    citizen_agreed = models.BooleanField(
        default=True, help_text="Contact on the citizen's behalf with agreement (R1)"
    )
    substances = models.JSONField(default=list)
    main_substance = models.CharField(max_length=20, blank=True)
    wish_for_treatment = models.BooleanField(default=False)
    wish_on = models.DateField(null=True, blank=True)
    personal_attendance = models.BooleanField(default=False)
    legal_track = models.CharField(max_length=20)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )


class CounsellingTalk(Tenanted):
    contact_course = models.ForeignKey(
        ContactCourse, on_delete=models.PROTECT, related_name="counselling_talks"
    )
    kind = models.CharField(max_length=20, choices=CounsellingKind.choices)
    held_on = models.DateField()
    # why a talk beyond the standard's cap was held, where the standard allows it (R2, R4)
    extension_reason = models.TextField(blank=True, default="")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


class Assessment(Tenanted):
    contact_course = models.ForeignKey(
        ContactCourse, on_delete=models.PROTECT, related_name="assessments"
    )
    phase = models.CharField(
        max_length=20, help_text="intake, plan_review, discharge, follow_up (R10)"
    )
    assessed_on = models.DateField()
    text = models.TextField()
    load_degree = models.CharField(max_length=20, blank=True)
    answers = models.JSONField(default=dict)
    composites = models.JSONField(default=dict)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)


class Application(Tenanted):
    contact_course = models.ForeignKey(
        ContactCourse, on_delete=models.PROTECT, related_name="applications"
    )
    service_id = models.SlugField(max_length=60)
    applied_on = models.DateField()
    forum_id = models.SlugField(max_length=60, blank=True)
    note = models.TextField(blank=True)


class Decision(Tenanted):
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="decision"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    legal_basis = models.CharField(max_length=20)
    intensity = models.CharField(max_length=20, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    extendable = models.BooleanField(default=False)
    reasons = models.TextField()
    complaint_guidance = models.JSONField(
        default=list, help_text="The standard's complaint routes, empty for SEL § 101 a"
    )
    decided_on = models.DateField()
    sent_on = models.DateField(null=True, blank=True)
    # How the letter was sent (blank: not recorded, counted as ordinary post).
    sent_by = models.CharField(max_length=20, blank=True, choices=SentBy.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    standard_version = models.ForeignKey(
        StandardVersion, null=True, on_delete=models.PROTECT, related_name="+"
    )
    extends = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="extensions"
    )
    version = models.PositiveIntegerField(default=1)
    # issue 12 § 3: the forum that decided (Forum.id of the standard), the reason for a service
    # more intensive than the assessed load degree suggests (least-intrusive principle), and the
    # eligibility notes (unknown facts, under-18 warning) as they stood when it was decided.
    forum_id = models.SlugField(max_length=60, blank=True)
    intensity_reason = models.TextField(blank=True)
    eligibility_notes = models.JSONField(default=list, blank=True)


class Waiver(Tenanted):
    """A recorded reason the guarantee does not bind (R18): free choice, declined, no-show, …"""

    contact_course = models.ForeignKey(
        ContactCourse, on_delete=models.PROTECT, related_name="waivers"
    )
    kind = models.CharField(max_length=30)
    reason = models.TextField()
    on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


class TreatmentCourse(Tenanted):
    contact_course = models.OneToOneField(
        ContactCourse, on_delete=models.PROTECT, related_name="treatment"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="treatment_courses")
    start_on = models.DateField()
    phase = models.CharField(max_length=20, default="primary")
    primary_treater = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    free_choice_provider = models.ForeignKey(
        Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    discharged_on = models.DateField(null=True, blank=True)
    # The social indicator variables for the drug treatment database (rules.sib): route,
    # injection_risk, housing, education, income; a missing key is not recorded.
    sib = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["municipality", "team", "discharged_on"])]


class StatusChange(Tenanted):
    """Append-only history of a treatment course's phase and status."""

    treatment = models.ForeignKey(TreatmentCourse, on_delete=models.PROTECT, related_name="history")
    on = models.DateField()
    status = models.CharField(max_length=40)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


class CourseService(Tenanted):
    treatment = models.ForeignKey(
        TreatmentCourse, on_delete=models.PROTECT, related_name="services"
    )
    service_id = models.SlugField(max_length=60)
    decision = models.ForeignKey(Decision, null=True, on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(
        Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delivery = models.CharField(max_length=30)
    start_on = models.DateField()
    end_on = models.DateField(null=True, blank=True)


class Room(Tenanted):
    """A room of a centre where appointments are held (the calendar, issue 13 § 3)."""

    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="rooms")
    name = models.CharField(max_length=100)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["centre", "name"], name="one_room_name_per_centre")
        ]

    def __str__(self) -> str:
        return self.name


class Appointment(Tenanted):
    """An appointment with a citizen on their contact course (issue 13 § 3): any step before or
    after treatment starts; the treatment course once there is one. Staff, place and length make
    the calendar; attendance (R27) and, after a no-show, the active contact that answers it."""

    contact_course = models.ForeignKey(
        ContactCourse, on_delete=models.PROTECT, related_name="appointments"
    )
    treatment = models.ForeignKey(
        TreatmentCourse,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=60)
    kind = models.CharField(max_length=40)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="calendar_appointments"
    )
    place = models.CharField(max_length=20, choices=Place.choices, blank=True)
    room = models.ForeignKey(
        Room, null=True, blank=True, on_delete=models.PROTECT, related_name="appointments"
    )
    location = models.CharField(max_length=200, blank=True, help_text="An outreach location")
    status = models.CharField(
        max_length=20, choices=AttendanceStatus.choices, default=AttendanceStatus.PLANNED
    )
    # The standard's service a treatment session belongs to (issue 12 § 3): its dose is counted
    # against that service; required where the course has several services with a planned dose.
    service_id = models.CharField(max_length=60, blank=True)
    gift_voucher = models.BooleanField(
        default=False, help_text="A gift voucher given for attending (R16)"
    )
    # issue 12 § 4: what the voucher was worth (DKK), from the standard where it states a value
    gift_voucher_value = models.PositiveIntegerField(null=True, blank=True)
    # R27: the day the citizen was actively contacted after a no-show, and by whom
    contacted_on = models.DateField(null=True, blank=True)
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["municipality", "at"]),
            models.Index(fields=["room", "at"]),
        ]

    @property
    def ends_at(self) -> dt.datetime:
        return self.at + dt.timedelta(minutes=self.minutes)


class MedicalRecord(Tenanted):
    treatment = models.ForeignKey(
        TreatmentCourse, on_delete=models.PROTECT, related_name="medical_records"
    )
    kind = models.CharField(
        max_length=30, help_text="substitution, detox, screening, vaccination, antabuse, craving"
    )
    on = models.DateField()
    details = models.JSONField(default=dict)
    # Set when the retention period ran out and the content was deleted (R49, rights app).
    content_deleted_on = models.DateField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


class ResidentialStay(Tenanted):
    treatment = models.ForeignKey(TreatmentCourse, on_delete=models.PROTECT, related_name="stays")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="+")
    start_on = models.DateField()
    end_on = models.DateField()
    self_payment = models.JSONField(
        default=dict, help_text="The individual economic assessment (drugs only)"
    )
    # issue 12 § 4: the kind of stay (rules.payment.StayKind), the standard's residential service
    # it belongs to, and who pays the transport as the standard says ("" where it does not say)
    kind = models.CharField(max_length=20, default="treatment")
    service_id = models.SlugField(max_length=60, blank=True)
    transport_paid_by = models.CharField(max_length=20, blank=True)


class StatusMeeting(Tenanted):
    stay = models.ForeignKey(ResidentialStay, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=20, help_text="before, midway, final")
    held_on = models.DateField()
    written_report = models.BooleanField(default=False)


class CourseEvent(Tenanted):
    """Hand-over to the region (R31), pregnancy contract (R33), child-welfare notification (R34)."""

    treatment = models.ForeignKey(TreatmentCourse, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=30)
    on = models.DateField()
    details = models.JSONField(default=dict)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


class PlanVersion(Tenanted):
    treatment = models.ForeignKey(
        TreatmentCourse, on_delete=models.PROTECT, related_name="plan_versions"
    )
    version = models.PositiveIntegerField()
    substance_goal = models.CharField(max_length=20, help_text="stop, reduce, stabilise")
    goals = models.JSONField(default=list, help_text="[{text, horizon: short|long}]")
    methods = models.TextField(blank=True)
    responsible = models.JSONField(default=list, help_text="[{actor, task}]")
    agreed_until = models.DateField(null=True, blank=True)
    made_on = models.DateField()
    signed_on = models.DateField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # How the citizen signed, and the copy given to the citizen (R24; rules.plan_paperwork).
    signed_how = models.CharField(max_length=20, blank=True, help_text="in_person, digital")
    copy_given_on = models.DateField(null=True, blank=True)
    copy_how = models.CharField(max_length=20, blank=True, help_text="handed, digital_post, post")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["treatment", "version"], name="unique_plan_version")
        ]
        ordering = ["treatment", "version"]


class PlanReview(Tenanted):
    treatment = models.ForeignKey(
        TreatmentCourse, on_delete=models.PROTECT, related_name="plan_reviews"
    )
    on = models.DateField()
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


class Discharge(Tenanted):
    treatment = models.OneToOneField(
        TreatmentCourse, on_delete=models.PROTECT, related_name="discharge"
    )
    on = models.DateField()
    status = models.CharField(
        max_length=20, help_text="completed, to_other_offer, to_hospital, other_reason, dropped_out"
    )
    outcome = models.CharField(max_length=20, help_text="abstinent, reduced, stabilised, unchanged")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


class FollowUp(Tenanted):
    treatment = models.ForeignKey(
        TreatmentCourse, on_delete=models.PROTECT, related_name="follow_ups"
    )
    subject = models.CharField(
        max_length=40, help_text="The deadline it answers, e.g. follow_up:6m"
    )
    on = models.DateField()
    reached = models.BooleanField()
    result = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


class CourseDeadline(Tenanted):
    """The computed deadlines of a contact course, written by the services after every change.
    Whether an open deadline is breached is decided on read from `due` and today, so the
    worklist is right without any scheduled job."""

    contact_course = models.ForeignKey(
        ContactCourse, on_delete=models.CASCADE, related_name="deadlines"
    )
    team = models.ForeignKey(Team, null=True, on_delete=models.PROTECT, related_name="+")
    treater = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=40)
    subject = models.CharField(max_length=80)
    trigger = models.DateField()
    due = models.DateField(null=True)
    closed_on = models.DateField(null=True)
    status = models.CharField(max_length=20)
    # The guarantee only: the first day from which no forum meeting can decide before `due`
    # (R17). Whether a row is at risk is decided on read, like whether it is breached.
    at_risk_from = models.DateField(null=True)
    # Where the standard says a later date than the law (issue 12 § 2): shown, never used.
    standard_due = models.DateField(null=True)
    citation = models.CharField(max_length=120, blank=True)
    source = models.CharField(max_length=120, blank=True)
    reason_da = models.TextField()
    reason_en = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contact_course", "subject", "kind"], name="one_deadline_per_subject"
            )
        ]
        indexes = [
            models.Index(fields=["municipality", "status", "due"]),
            models.Index(fields=["team", "status", "due"]),
            models.Index(fields=["treater", "status", "due"]),
        ]

    def at_risk_on(self, today: dt.date) -> bool:
        return (
            self.status == "open"
            and self.at_risk_from is not None
            and self.at_risk_from <= today
            and self.due is not None
            and self.due >= today
        )

    @property
    def at_risk(self) -> bool:
        """At risk today (the worklist and the pages read it for the current day)."""
        return self.at_risk_on(timezone.localdate())


class DoctorConsultation(Tenanted):
    """The doctor's consultation before treatment (SUL § 142 stk. 1-2): booked on the contact
    course before a treatment course exists, and recorded as held (or not) by a doctor."""

    contact_course = models.ForeignKey(
        ContactCourse, on_delete=models.PROTECT, related_name="doctor_consultations"
    )
    at = models.DateTimeField()
    status = models.CharField(
        max_length=20, choices=AttendanceStatus.choices, default=AttendanceStatus.PLANNED
    )
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )


class OutreachAssessment(Tenanted):
    """The outreach programme's target-group assessment (R8, UDG), stored on the contact course:
    on which assessment, the assessor's yes/no criteria and the result."""

    contact_course = models.ForeignKey(
        ContactCourse, on_delete=models.PROTECT, related_name="outreach_assessments"
    )
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="+")
    criteria = models.JSONField(default=dict)
    eligible = models.BooleanField()
    areas_met = models.JSONField(default=list)
    areas_unknown = models.JSONField(default=list)
    criteria_unmet = models.JSONField(default=list)
    assessed_on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
