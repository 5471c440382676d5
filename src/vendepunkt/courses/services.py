"""Services for the citizen's course, step by step (R1–R38).

Every function takes the acting user first, checks permission with `require` (deny by default,
another municipality's object is "not found"), runs in one transaction, writes an audit entry
with the state before and after, and recomputes the contact course's deadlines from the
municipality's standard and the law floor (`deadlines.refresh`). Reads of personal data go
through the `view_*` functions, which write a read-log entry.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from vendepunkt.accounts.access import AccessDenied, NotFound, require
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.accounts.inputs import HAPPENED, PLANNED, check_dates, unstorable_text
from vendepunkt.accounts.models import Role, Team
from vendepunkt.audit.services import log_read, snapshot, write_entry
from vendepunkt.citizens.models import Client
from vendepunkt.providers.models import Provider
from vendepunkt.rules import asi, sib
from vendepunkt.rules.eligibility import ClientFacts, anonymity_allowed, check_eligibility
from vendepunkt.rules.law import law_floor
from vendepunkt.rules.standards.schema import ComplaintKind, GuaranteeException
from vendepunkt.standards.services import current_versions

from . import deadlines, vocabulary
from .models import (
    Application,
    Appointment,
    Assessment,
    AttendanceStatus,
    Contact,
    ContactCourse,
    CounsellingKind,
    CounsellingTalk,
    CourseEvent,
    CourseService,
    Decision,
    Discharge,
    FollowUp,
    MedicalRecord,
    Outcome,
    PlanReview,
    PlanVersion,
    ResidentialStay,
    StatusChange,
    StatusMeeting,
    TreatmentCourse,
    Waiver,
)

TRACKS = tuple(vocabulary.LegalTrack.values)
MERGE_GAP_DAYS = 10  # contacts at most 10 days apart are one contact course (R6)
DISCHARGE_STATUSES = tuple(vocabulary.DischargeStatus.values)
OUTCOMES = tuple(vocabulary.DischargeOutcome.values)
SUBSTANCE_GOALS = tuple(vocabulary.SubstanceGoal.values)
MEDICATION_KINDS = vocabulary.MEDICATION_KINDS


def _audit(actor, action: str, obj, before=None, fields=()) -> None:
    write_entry(
        actor=actor,
        action=action,
        target_type=type(obj).__name__.lower(),
        target_id=str(obj.pk),
        before=before,
        after=snapshot(obj, fields) if fields else None,
    )


def _standard(municipality):
    return municipality.standard()


# --- contact and the contact course (R1–R6) ------------------------------------------------


def record_contact(
    actor,
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
    require(actor, "courses.record_contact", client)
    check_dates(today, at=(at, HAPPENED))
    day = at.date()
    _validate_contact(
        client, legal_track, made_by, citizen_agreed, main_substance, substances, day, today
    )
    with transaction.atomic():
        course = _course_for_contact(actor, client, day, legal_track)
        contact = Contact.objects.create(
            municipality=client.municipality,
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
        before = snapshot(
            course, ("request_on", "personal_attendance_on", "last_contact_on", "legal_track")
        )
        course.last_contact_on = max(course.last_contact_on, day)
        if wish_for_treatment and course.request_on is None:
            course.request_on = day
        if wish_for_treatment and personal_attendance and course.personal_attendance_on is None:
            course.personal_attendance_on = day
        if legal_track != "counselling":
            course.legal_track = legal_track
        course.save()
        _audit(
            actor,
            "contact.recorded",
            contact,
            fields=(
                "contact_course_id",
                "channel",
                "made_by",
                "wish_for_treatment",
                "personal_attendance",
                "legal_track",
            ),
        )
        write_entry(
            actor=actor,
            action="contact_course.updated",
            target_type="contactcourse",
            target_id=str(course.pk),
            before=before,
            after=snapshot(
                course, ("request_on", "personal_attendance_on", "last_contact_on", "legal_track")
            ),
        )
        deadlines.refresh(course, today)
    return contact


def _validate_contact(
    client, legal_track, made_by, citizen_agreed, main_substance, substances, day, today
):
    if legal_track not in TRACKS:
        raise ServiceError(
            f"Ukendt lovgrundlag «{legal_track}».",
            f"Unknown legal track “{legal_track}”.",
            field="legal_track",
        )
    if day > today:
        raise ServiceError(
            "Henvendelsen kan ikke ligge i fremtiden.",
            "The contact cannot be in the future.",
            field="at",
        )
    if made_by != "self" and not citizen_agreed:
        raise ServiceError(
            "En henvendelse på borgerens vegne kræver borgerens accept (R1).",
            "A contact on the citizen's behalf requires the citizen's agreement (R1).",
            field="citizen_agreed",
        )
    if main_substance and main_substance not in substances:
        raise ServiceError(
            "Hovedstoffet skal være blandt de angivne rusmidler.",
            "The main substance must be one of the substances given.",
            field="main_substance",
        )
    if client.anonymous and legal_track != "counselling":
        result = anonymity_allowed([legal_track], counselling=False, needs_medication=False)
        if not result.eligible:
            reason = result.reasons[0]
            raise ServiceError(
                reason.message_da, reason.message_en, field="legal_track", code="anonymity"
            )
    if client.linked_to_id:
        raise ServiceError(
            "Klienten er kædet sammen med en identificeret borger; registrér på borgeren.",
            "The client is linked to an identified citizen; record on the citizen.",
        )


def _course_for_contact(actor, client: Client, day: dt.date, legal_track: str) -> ContactCourse:
    course = (
        ContactCourse.objects.select_for_update()
        .filter(client=client, closed_on__isnull=True)
        .first()
    )
    if course is not None:
        in_treatment = TreatmentCourse.objects.filter(
            contact_course=course, discharged_on__isnull=True
        ).exists()
        if in_treatment or (day - course.last_contact_on).days <= MERGE_GAP_DAYS:
            return course
        course.closed_on = course.last_contact_on
        course.end_noted_on = day
        course.save(update_fields=["closed_on", "end_noted_on"])
        write_entry(
            actor=actor,
            action="contact_course.closed_by_gap",
            target_type="contactcourse",
            target_id=str(course.pk),
            after={"closed_on": course.closed_on.isoformat(), "end_noted_on": day.isoformat()},
        )
        deadlines.refresh(course, day)  # what the course still owed is settled (D17)
    version = current_versions().get(client.municipality.standard_id)
    course = ContactCourse.objects.create(
        municipality=client.municipality,
        client=client,
        legal_track=legal_track if legal_track != "counselling" else "counselling",
        opened_on=day,
        last_contact_on=day,
        standard_version=version,
    )
    write_entry(
        actor=actor,
        action="contact_course.opened",
        target_type="contactcourse",
        target_id=str(course.pk),
        after=snapshot(course, ("client_id", "legal_track", "opened_on")),
    )
    return course


def merge_courses_on_link(actor, anonymous: Client, citizen: Client, *, today: dt.date) -> None:
    """Move an anonymous client's courses to the citizen it is linked to; two open contact
    courses become one (the anonymous one is closed as merged), so nothing is counted twice."""
    open_citizen = (
        ContactCourse.objects.select_for_update()
        .filter(client=citizen, closed_on__isnull=True)
        .first()
    )
    for course in ContactCourse.objects.select_for_update().filter(client=anonymous):
        before = snapshot(course, ("client_id", "closed_on", "merged_into_id"))
        if course.closed_on is None and open_citizen is not None:
            Contact.objects.filter(contact_course=course).update(contact_course=open_citizen)
            course.closed_on = today
            course.merged_into = open_citizen
        course.client = citizen
        course.save()
        write_entry(
            actor=actor,
            action="contact_course.moved_on_link",
            target_type="contactcourse",
            target_id=str(course.pk),
            before=before,
            after=snapshot(course, ("client_id", "closed_on", "merged_into_id")),
        )
        deadlines.refresh(course, today)
    if open_citizen is not None:
        deadlines.refresh(open_citizen, today)


def get_course(actor, course_id: int, *, purpose: str) -> ContactCourse:
    course = (
        ContactCourse.objects.select_related("client", "municipality")
        .filter(pk=course_id, municipality_id=actor.municipality_id)
        .first()
    )
    require(actor, "courses.view_course", _course_guard(course))
    log_read(
        actor=actor,
        municipality_id=course.municipality_id,
        client_id=course.client_id,
        record_type="contact_course",
        record_id=course.pk,
        purpose=purpose,
    )
    return course


class _CourseGuard:
    """What the permission rules see of a contact course: its municipality and its team."""

    def __init__(self, course: ContactCourse):
        self.municipality_id = course.municipality_id
        treatment = TreatmentCourse.objects.filter(contact_course=course).only("team_id").first()
        self.team_id = treatment.team_id if treatment else course.team_id


def course_guard(course: ContactCourse | None):
    """What the permission rules see of a contact course (municipality and team)."""
    return _CourseGuard(course) if course is not None else None


_course_guard = course_guard


# --- counselling and assessment (R2–R4, R7–R10) ---------------------------------------------


def record_counselling(
    actor, course: ContactCourse, *, kind: str, held_on: dt.date, today: dt.date
) -> CounsellingTalk:
    require(actor, "courses.record_counselling", _course_guard(course))
    check_dates(today, held_on=(held_on, HAPPENED))
    if kind not in CounsellingKind.values:
        raise ServiceError("Ukendt rådgivningsform.", "Unknown kind of counselling.", field="kind")
    if kind in (CounsellingKind.ANONYMOUS, CounsellingKind.COURSE):
        held = CounsellingTalk.objects.filter(contact_course=course, kind=kind).count()
        if held >= 5:
            raise ServiceError(
                "Et rådgivningsforløb har højst 5 samtaler (R2, R4).",
                "A counselling course has at most 5 talks (R2, R4).",
                field="kind",
            )
    if kind == CounsellingKind.ANONYMOUS and not course.client.anonymous:
        raise ServiceError(
            "Anonym rådgivning registreres på en anonym klient.",
            "Anonymous counselling is recorded on an anonymous client.",
            field="kind",
        )
    with transaction.atomic():
        talk = CounsellingTalk.objects.create(
            municipality=course.municipality,
            contact_course=course,
            kind=kind,
            held_on=held_on,
            by=actor,
        )
        _audit(actor, "counselling.recorded", talk, fields=("contact_course_id", "kind", "held_on"))
        deadlines.refresh(course, today)
    return talk


def record_assessment(
    actor,
    course: ContactCourse,
    *,
    phase: str,
    assessed_on: dt.date,
    text: str,
    load_degree: str = "",
    answers: dict | None = None,
    today: dt.date,
) -> Assessment:
    """The holistic assessment (SEL § 101 stk. 2) with ASI composites computed from the answers."""
    require(actor, "courses.record_assessment", _course_guard(course))
    check_dates(today, assessed_on=(assessed_on, HAPPENED))
    if phase not in vocabulary.AssessmentOccasion.values:
        raise ServiceError(
            "Ukendt fase for udredningen.", "Unknown phase of the assessment.", field="phase"
        )
    if not text.strip():
        raise ServiceError(
            "Udredningen skal have en beskrivelse.",
            "The assessment needs a description.",
            field="text",
        )
    answers = answers or {}
    problems = asi.validate_answers(answers)
    if problems:
        p = problems[0]
        raise ServiceError(p.message_da, p.message_en, field=f"answers.{p.item}")
    composites = {d: c.score for d, c in asi.composites(answers).items()}
    with transaction.atomic():
        previous = Assessment.objects.filter(contact_course=course).count()
        assessment = Assessment.objects.create(
            municipality=course.municipality,
            contact_course=course,
            phase=phase,
            assessed_on=assessed_on,
            text=text,
            load_degree=load_degree,
            answers=answers,
            composites=composites,
            by=actor,
            version=previous + 1,
        )
        _audit(
            actor,
            "assessment.recorded",
            assessment,
            fields=("contact_course_id", "phase", "assessed_on", "version"),
        )
        deadlines.refresh(course, today)
    return assessment


def view_assessments(actor, course: ContactCourse, *, purpose: str) -> list[Assessment]:
    require(actor, "courses.view_assessment", _course_guard(course))
    items = list(Assessment.objects.filter(contact_course=course).order_by("assessed_on", "id"))
    log_read(
        actor=actor,
        municipality_id=course.municipality_id,
        client_id=course.client_id,
        record_type="assessments",
        record_id=course.pk,
        purpose=purpose,
    )
    return items


# --- visitation and decision (R11–R16, R21) -------------------------------------------------


def apply_for_service(
    actor,
    course: ContactCourse,
    *,
    service_id: str,
    applied_on: dt.date,
    note: str = "",
    today: dt.date,
) -> Application:
    require(actor, "courses.apply", _course_guard(course))
    check_dates(today, applied_on=(applied_on, HAPPENED))
    service = _standard(course.municipality).service(service_id)
    if service is None:
        raise ServiceError(
            f"Ydelsen «{service_id}» findes ikke i kommunens kvalitetsstandard.",
            f"The service “{service_id}” is not in the municipality's standard.",
            field="service_id",
        )
    with transaction.atomic():
        application = Application.objects.create(
            municipality=course.municipality,
            contact_course=course,
            service_id=service_id,
            applied_on=applied_on,
            forum_id=service.granted_by[0] if service.granted_by else "",
            note=note,
        )
        _audit(
            actor,
            "application.made",
            application,
            fields=("contact_course_id", "service_id", "applied_on", "forum_id"),
        )
        deadlines.refresh(course, today)
    return application


def client_facts(
    client: Client, course: ContactCourse, day: dt.date, *, other_social_problems=None
) -> ClientFacts:
    substances = set()
    main = ""
    for contact in course.contacts.all():
        substances.update(contact.substances)
        main = contact.main_substance or main
    return ClientFacts(
        age=client.age_on(day),
        anonymous=client.anonymous,
        substances=frozenset(substances),
        main_substance=main or None,
        pregnant=client.pregnant,
        client_kind=client.client_kind,
        other_social_problems=other_social_problems,
    )


def decide(
    actor,
    application: Application,
    *,
    outcome: str,
    legal_basis: str,
    reasons: str,
    decided_on: dt.date,
    intensity: str = "",
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    extendable: bool = False,
    other_social_problems: bool | None = None,
    extends: Decision | None = None,
    today: dt.date,
) -> Decision:
    """The written decision (R12): grant, refusal or partial grant with reasons and complaint
    guidance from the standard's routes (none for SEL § 101 a); eligibility is checked on a grant."""
    course = application.contact_course
    require(actor, "courses.decide", _course_guard(course))
    check_dates(
        today,
        decided_on=(decided_on, HAPPENED),
        valid_from=(valid_from, PLANNED),
        valid_until=(valid_until, PLANNED),
    )
    standard = _standard(course.municipality)
    final_say = standard.visitation.final_say
    if (
        final_say is not None
        and final_say.role == "centre_leader"
        and actor.role != Role.CENTRE_LEADER
    ):
        raise AccessDenied("courses.decide (final say: centre_leader)")
    if hasattr(application, "decision"):
        raise ServiceError(
            "Ansøgningen er allerede afgjort.", "The application has already been decided."
        )
    if outcome not in Outcome.values:
        raise ServiceError("Ukendt afgørelse.", "Unknown outcome.", field="outcome")
    if not reasons.strip():
        raise ServiceError(
            "En afgørelse skal begrundes (forvaltningsloven § 22).",
            "A decision must give its reasons (forvaltningsloven § 22).",
            field="reasons",
        )
    service = standard.service(application.service_id)
    if course.client.anonymous:
        # R47, SEL § 101 a: an anonymous client can only be decided for on a basis that allows
        # anonymity; SEL § 101, § 142 and residential stays need an identified citizen.
        allowed = anonymity_allowed([legal_basis], counselling=False, needs_medication=False)
        if not allowed.eligible:
            reason = allowed.reasons[0]
            raise ServiceError(
                reason.message_da + " Kæd først klienten sammen med en identificeret borger.",
                reason.message_en + " Link the client to an identified citizen first.",
                field="legal_basis",
                code="anonymity",
            )
    if legal_basis not in (service.legal_bases or (legal_basis,)):
        raise ServiceError(
            f"Ydelsen gives ikke efter {legal_basis}.",
            f"The service is not given under {legal_basis}.",
            field="legal_basis",
        )
    if valid_from and valid_until and valid_until < valid_from:
        raise ServiceError(
            "Slutdatoen ligger før startdatoen.",
            "The end date is before the start date.",
            field="valid_until",
        )
    if outcome != Outcome.REFUSAL:
        result = check_eligibility(
            service,
            client_facts(
                course.client, course, decided_on, other_social_problems=other_social_problems
            ),
        )
        if not result.eligible:
            reason = result.reasons[0]
            raise ServiceError(
                reason.message_da, reason.message_en, field="service_id", code="not_eligible"
            )
    guidance = complaint_guidance(standard, legal_basis)
    with transaction.atomic():
        decision = Decision.objects.create(
            municipality=course.municipality,
            application=application,
            outcome=outcome,
            legal_basis=legal_basis,
            intensity=intensity or (service.intensity or ""),
            valid_from=valid_from,
            valid_until=valid_until,
            extendable=extendable,
            reasons=reasons,
            complaint_guidance=guidance,
            decided_on=decided_on,
            decided_by=actor,
            standard_version=course.standard_version,
            extends=extends,
        )
        _audit(
            actor,
            "decision.made",
            decision,
            fields=(
                "application_id",
                "outcome",
                "legal_basis",
                "intensity",
                "valid_from",
                "valid_until",
                "decided_on",
            ),
        )
        deadlines.refresh(course, today)
    return decision


def complaint_guidance(standard, legal_basis: str) -> list[dict]:
    """The complaint routes a decision's guidance names: the standard's routes for decisions on
    this legal basis; where the standard states none, the law's route. None for SEL § 101 a."""
    floor = law_floor()
    if any(n.legal_basis == legal_basis for n in floor.complaints.not_appealable):
        return []
    kinds = (
        ComplaintKind.social_decision,
        ComplaintKind.visitation_decision,
        ComplaintKind.medical_treatment,
    )
    routes = [
        {
            "route_id": r.id,
            "kind": str(r.kind),
            "first_instance": current_body(r.first_instance),
            "period": {"amount": r.period.amount, "unit": str(r.period.unit)} if r.period else None,
            "next_instance": current_body(r.next_instance),
            "source": str(r.source),
        }
        for r in standard.complaints.routes
        if r.kind in kinds
        and (not r.legal_bases or legal_basis in r.legal_bases)
        and (r.kind != ComplaintKind.medical_treatment or legal_basis in ("SUL-141", "SUL-142"))
    ]
    if not any(r["kind"] != "medical_treatment" for r in routes) and legal_basis.startswith("SEL"):
        law = floor.complaints.social_decision
        routes.insert(
            0,
            {
                "route_id": "law",
                "kind": "social_decision",
                "first_instance": "Kommunen",
                "period": {"amount": law.period.amount, "unit": str(law.period.unit)},
                "next_instance": law.next_instance,
                "source": law.citation,
            },
        )
    return routes


def current_body(name: str | None) -> str | None:
    """A complaint body as it is named today: a letter never sends a citizen to an authority that
    no longer exists (the law floor's renamed authorities; the standard's wording is kept there)."""
    if not name:
        return name
    for body in law_floor().outdated_bodies:
        if body.as_written.casefold() in name.casefold():
            return body.current
    return name


def mark_decision_sent(actor, decision: Decision, *, sent_on: dt.date, today: dt.date) -> Decision:
    """The date the letter was sent starts the complaint clock (R39)."""
    course = decision.application.contact_course
    require(actor, "courses.decide", _course_guard(course))
    check_dates(today, sent_on=(sent_on, HAPPENED))
    if sent_on < decision.decided_on:
        raise ServiceError(
            "Brevet kan ikke sendes før afgørelsen.",
            "The letter cannot be sent before the decision.",
            field="sent_on",
        )
    with transaction.atomic():
        before = snapshot(decision, ("sent_on",))
        decision.sent_on = sent_on
        decision.save(update_fields=["sent_on"])
        _audit(actor, "decision.sent", decision, before=before, fields=("sent_on",))
        deadlines.refresh(course, today)
    return decision


def record_waiver(
    actor, course: ContactCourse, *, kind: str, reason: str, on: dt.date, today: dt.date
) -> Waiver:
    """A recorded reason the guarantee does not bind (R18): only the kinds the standard or the law
    accepts, and never without a written reason."""
    require(actor, "courses.waive_guarantee", _course_guard(course))
    check_dates(today, on=(on, HAPPENED))
    allowed = {
        str(e)
        for d in _standard(course.municipality).deadlines
        if d.kind == "treatment_guarantee"
        for e in d.exceptions
    } | {GuaranteeException.free_choice.value}
    if kind not in allowed:
        raise ServiceError(
            f"«{kind}» er ikke en undtagelse, standarden eller loven godtager.",
            f"“{kind}” is not an exception the standard or the law accepts.",
            field="kind",
        )
    if not reason.strip():
        raise ServiceError(
            "En fravigelse af garantien skal begrundes.",
            "A waiver of the guarantee needs a reason.",
            field="reason",
        )
    with transaction.atomic():
        waiver = Waiver.objects.create(
            municipality=course.municipality,
            contact_course=course,
            kind=kind,
            reason=reason,
            on=on,
            by=actor,
        )
        _audit(actor, "guarantee.waived", waiver, fields=("contact_course_id", "kind", "on"))
        deadlines.refresh(course, today)
    return waiver


# --- the treatment course (R17–R35) ---------------------------------------------------------


def start_treatment(
    actor,
    course: ContactCourse,
    *,
    team: Team,
    start_on: dt.date,
    treater=None,
    decision: Decision | None = None,
    provider: Provider | None = None,
    today: dt.date,
) -> TreatmentCourse:
    require(actor, "courses.start_treatment", _course_guard(course))
    check_dates(today, start_on=(start_on, PLANNED))
    if team.centre.municipality_id != course.municipality_id:
        raise NotFound("Team")
    if TreatmentCourse.objects.filter(contact_course=course).exists():
        raise ServiceError("Behandlingen er allerede startet.", "Treatment has already started.")
    if decision is not None and decision.outcome == Outcome.REFUSAL:
        raise ServiceError(
            "Et afslag kan ikke starte en behandling.", "A refusal cannot start a treatment."
        )
    if course.request_on and start_on < course.request_on:
        raise ServiceError(
            "Behandlingen kan ikke starte før henvendelsen.",
            "Treatment cannot start before the request.",
            field="start_on",
        )
    with transaction.atomic():
        treatment = TreatmentCourse.objects.create(
            municipality=course.municipality,
            contact_course=course,
            team=team,
            start_on=start_on,
            primary_treater=treater,
        )
        course.team = team
        course.save(update_fields=["team"])
        StatusChange.objects.create(
            municipality=course.municipality,
            treatment=treatment,
            on=start_on,
            status="started",
            by=actor,
        )
        if decision is not None:
            service = _standard(course.municipality).service(decision.application.service_id)
            CourseService.objects.create(
                municipality=course.municipality,
                treatment=treatment,
                service_id=service.id,
                decision=decision,
                provider=provider,
                delivery=str(service.delivery.kind),
                start_on=start_on,
            )
        _audit(
            actor,
            "treatment.started",
            treatment,
            fields=("contact_course_id", "team_id", "start_on", "primary_treater_id"),
        )
        deadlines.refresh(course, today)
    return treatment


def _before_discharge(treatment: TreatmentCourse, on: dt.date, field: str = "on") -> None:
    """R36: nothing happens in a treatment course after its discharge (the follow-ups and
    complaints come after it, and are recorded on their own). A record dated on or before the
    discharge day may still be entered late."""
    if treatment.discharged_on is not None and on > treatment.discharged_on:
        raise ServiceError(
            f"Behandlingsforløbet blev afsluttet {treatment.discharged_on:%d.%m.%Y}; der kan ikke "
            "registreres noget i forløbet efter afslutningen.",
            f"The treatment course ended on {treatment.discharged_on:%d %b %Y}; nothing can be "
            "recorded in it after the discharge.",
            field=field,
            code="discharged",
        )


def assign_treater(
    actor, treatment: TreatmentCourse, *, treater, on: dt.date, today: dt.date
) -> TreatmentCourse:
    """Assign or change the primary treater (R28)."""
    require(actor, "courses.assign_treater", treatment)
    check_dates(today, on=(on, PLANNED))
    _before_discharge(treatment, on)
    if treater.municipality_id != treatment.municipality_id or treater.role != Role.TREATER:
        raise ServiceError(
            "Behandleren skal være en behandler i kommunen.",
            "The treater must be a treater of the municipality.",
            field="treater",
        )
    with transaction.atomic():
        before = snapshot(treatment, ("primary_treater_id",))
        treatment.primary_treater = treater
        treatment.save(update_fields=["primary_treater"])
        StatusChange.objects.create(
            municipality=treatment.municipality,
            treatment=treatment,
            on=on,
            status="treater_changed",
            by=actor,
        )
        _audit(
            actor,
            "treatment.treater_changed",
            treatment,
            before=before,
            fields=("primary_treater_id",),
        )
        deadlines.refresh(treatment.contact_course, today)
    return treatment


def change_services(
    actor,
    treatment: TreatmentCourse,
    *,
    add: list[str] = (),
    end: list[str] = (),
    on: dt.date,
    today: dt.date,
) -> TreatmentCourse:
    """Change the services of a course; the standard may require a plan review (R25)."""
    require(actor, "courses.edit_plan", treatment)
    check_dates(today, on=(on, PLANNED))
    _before_discharge(treatment, on)
    standard = _standard(treatment.municipality)
    if unstorable_text(list(end)):
        raise ServiceError(
            "Ydelsen, der skal afsluttes, indeholder et ugyldigt tegn.",
            "The service to end contains an invalid character.",
            field="end",
        )
    for service_id in add:
        if standard.service(service_id) is None:
            raise ServiceError(
                f"Ydelsen «{service_id}» findes ikke i standarden.",
                f"The service “{service_id}” is not in the standard.",
                field="add",
            )
    with transaction.atomic():
        for service_id in add:
            service = standard.service(service_id)
            CourseService.objects.create(
                municipality=treatment.municipality,
                treatment=treatment,
                service_id=service_id,
                delivery=str(service.delivery.kind),
                start_on=on,
            )
        CourseService.objects.filter(
            treatment=treatment, service_id__in=list(end), end_on__isnull=True
        ).update(end_on=on)
        StatusChange.objects.create(
            municipality=treatment.municipality,
            treatment=treatment,
            on=on,
            status="services_changed",
            note=", ".join([*add, *[f"-{e}" for e in end]]),
            by=actor,
        )
        write_entry(
            actor=actor,
            action="treatment.services_changed",
            target_type="treatmentcourse",
            target_id=str(treatment.pk),
            after={"added": list(add), "ended": list(end), "on": on.isoformat()},
        )
        deadlines.refresh(treatment.contact_course, today)
    return treatment


def record_appointment(
    actor,
    treatment: TreatmentCourse,
    *,
    at: dt.datetime,
    kind: str,
    status: str = AttendanceStatus.PLANNED,
    gift_voucher: bool = False,
    today: dt.date,
) -> Appointment:
    require(actor, "courses.record_appointment", treatment)
    check_dates(today, at=(at, PLANNED))
    if status not in AttendanceStatus.values:
        raise ServiceError("Ukendt fremmødestatus.", "Unknown attendance status.", field="status")
    _before_discharge(treatment, timezone.localtime(at).date(), field="at")
    with transaction.atomic():
        appointment = Appointment.objects.create(
            municipality=treatment.municipality,
            treatment=treatment,
            at=at,
            kind=kind,
            status=status,
            gift_voucher=gift_voucher,
        )
        _audit(
            actor,
            "appointment.recorded",
            appointment,
            fields=("treatment_id", "at", "kind", "status", "gift_voucher"),
        )
    return appointment


def set_attendance(
    actor,
    appointment: Appointment,
    *,
    status: str,
    gift_voucher: bool | None = None,
    today: dt.date,
) -> Appointment:
    """Attendance (R27): attended, no-show or cancelled; a gift voucher may reward attendance (R16)."""
    require(actor, "courses.record_appointment", appointment.treatment)
    if status not in AttendanceStatus.values:
        raise ServiceError("Ukendt fremmødestatus.", "Unknown attendance status.", field="status")
    _before_discharge(appointment.treatment, timezone.localtime(appointment.at).date(), "status")
    if gift_voucher and status != AttendanceStatus.ATTENDED:
        raise ServiceError(
            "Gavekort gives for fremmøde.",
            "Gift vouchers are given for attendance.",
            field="gift_voucher",
        )
    with transaction.atomic():
        before = snapshot(appointment, ("status", "gift_voucher"))
        appointment.status = status
        if gift_voucher is not None:
            appointment.gift_voucher = gift_voucher
        appointment.save(update_fields=["status", "gift_voucher"])
        _audit(
            actor,
            "appointment.attendance",
            appointment,
            before=before,
            fields=("status", "gift_voucher"),
        )
    return appointment


def record_medical(
    actor, treatment: TreatmentCourse, *, kind: str, on: dt.date, details: dict, today: dt.date
) -> MedicalRecord:
    """Medical records (R30). Medication ends the anonymity of an anonymous alcohol client (R47).
    Substitution needs the product and the prescribing doctor's authorisation ID: the monthly
    substitution report carries both (BEK 1678, R41)."""
    require(actor, "courses.record_medical", treatment)
    check_dates(today, on=(on, HAPPENED))
    _before_discharge(treatment, on)
    if kind == "substitution":
        details = _substitution_details(details)
    client = treatment.contact_course.client
    if client.anonymous and kind in MEDICATION_KINDS:
        result = anonymity_allowed(
            [treatment.contact_course.legal_track], counselling=False, needs_medication=True
        )
        if not result.eligible:
            reason = result.reasons[0]
            raise ServiceError(
                reason.message_da + " Kæd først klienten sammen med en identificeret borger.",
                reason.message_en + " Link the client to an identified citizen first.",
                field="kind",
                code="anonymity",
            )
    with transaction.atomic():
        record = MedicalRecord.objects.create(
            municipality=treatment.municipality,
            treatment=treatment,
            kind=kind,
            on=on,
            details=details,
            by=actor,
        )
        _audit(actor, "medical.recorded", record, fields=("treatment_id", "kind", "on"))
        deadlines.refresh(treatment.contact_course, today)
    return record


SUBSTITUTION_PRODUCTS = ("methadone", "buprenorphine", "buprenorphine_naloxone", "heroin")


def _substitution_details(details: dict) -> dict:
    product = details.get("product")
    if product not in SUBSTITUTION_PRODUCTS:
        raise ServiceError(
            "Angiv substitutionspræparatet: " + ", ".join(SUBSTITUTION_PRODUCTS) + ".",
            "Give the substitution product: " + ", ".join(SUBSTITUTION_PRODUCTS) + ".",
            field="product",
        )
    prescriber = str(details.get("prescriber_authorisation", "")).strip().upper()
    if not (len(prescriber) == 5 and prescriber.isascii() and prescriber.isalnum()):
        raise ServiceError(
            "Angiv den ordinerende læges autorisations-ID: fem bogstaver eller cifre.",
            "Give the prescribing doctor's authorisation ID: five letters or digits.",
            field="prescriber_authorisation",
        )
    return {**details, "prescriber_authorisation": prescriber}


def view_medical(actor, treatment: TreatmentCourse, *, purpose: str) -> list[MedicalRecord]:
    require(actor, "courses.view_medical", treatment)
    items = list(MedicalRecord.objects.filter(treatment=treatment).order_by("on", "id"))
    log_read(
        actor=actor,
        municipality_id=treatment.municipality_id,
        client_id=treatment.contact_course.client_id,
        record_type="medical_records",
        record_id=treatment.pk,
        purpose=purpose,
    )
    return items


def record_stay(
    actor,
    treatment: TreatmentCourse,
    *,
    provider: Provider,
    start_on: dt.date,
    end_on: dt.date,
    self_payment: dict | None = None,
    today: dt.date,
) -> ResidentialStay:
    """A residential stay (R32) with the self-payment assessment for drug treatment only (R35)."""
    require(actor, "courses.edit_plan", treatment)
    check_dates(today, start_on=(start_on, PLANNED), end_on=(end_on, PLANNED))
    _before_discharge(treatment, start_on, field="start_on")
    if provider.municipality_id != treatment.municipality_id:
        raise NotFound("Provider")
    if end_on < start_on:
        raise ServiceError(
            "Opholdet slutter før det starter.", "The stay ends before it starts.", field="end_on"
        )
    track = treatment.contact_course.legal_track
    if self_payment and track == "SUL-141":
        raise ServiceError(
            "Der er ingen egenbetaling ved alkoholbehandling (SUL § 141).",
            "There is no self-payment in alcohol treatment (SUL § 141).",
            field="self_payment",
        )
    with transaction.atomic():
        stay = ResidentialStay.objects.create(
            municipality=treatment.municipality,
            treatment=treatment,
            provider=provider,
            start_on=start_on,
            end_on=end_on,
            self_payment=self_payment or {},
        )
        _audit(
            actor,
            "stay.recorded",
            stay,
            fields=("treatment_id", "provider_id", "start_on", "end_on"),
        )
        deadlines.refresh(treatment.contact_course, today)
    return stay


def record_status_meeting(
    actor,
    stay: ResidentialStay,
    *,
    kind: str,
    held_on: dt.date,
    written_report: bool,
    today: dt.date,
) -> StatusMeeting:
    require(actor, "courses.edit_plan", stay.treatment)
    check_dates(today, held_on=(held_on, HAPPENED))
    if kind not in vocabulary.StatusMeetingKind.values:
        raise ServiceError("Ukendt statusmøde.", "Unknown status meeting.", field="kind")
    with transaction.atomic():
        meeting = StatusMeeting.objects.create(
            municipality=stay.municipality,
            stay=stay,
            kind=kind,
            held_on=held_on,
            written_report=written_report,
        )
        _audit(
            actor,
            "stay.status_meeting",
            meeting,
            fields=("stay_id", "kind", "held_on", "written_report"),
        )
        deadlines.refresh(stay.treatment.contact_course, today)
    return meeting


def record_course_event(
    actor, treatment: TreatmentCourse, *, kind: str, on: dt.date, details: dict, today: dt.date
) -> CourseEvent:
    """Hand-over to the region (R31), pregnancy contract (R33), child-welfare notification (R34)."""
    require(actor, "courses.edit_plan", treatment)
    check_dates(today, on=(on, HAPPENED))
    if kind not in vocabulary.CourseEventKind.values:
        raise ServiceError("Ukendt hændelse.", "Unknown event.", field="kind")
    if kind == "pregnancy_contract" and not treatment.contact_course.client.pregnant:
        raise ServiceError(
            "Kontrakten tilbydes gravide (LBK 972).",
            "The contract is offered to pregnant users (LBK 972).",
            field="kind",
        )
    with transaction.atomic():
        event = CourseEvent.objects.create(
            municipality=treatment.municipality,
            treatment=treatment,
            kind=kind,
            on=on,
            details=details,
            by=actor,
        )
        _audit(actor, f"course.{kind}", event, fields=("treatment_id", "kind", "on"))
    return event


# --- plan, discharge, follow-up (R24–R25, R36–R38) ------------------------------------------


def save_plan(
    actor,
    treatment: TreatmentCourse,
    *,
    substance_goal: str,
    goals: list[dict],
    methods: str,
    responsible: list[dict],
    made_on: dt.date,
    agreed_until: dt.date | None = None,
    signed_on: dt.date | None = None,
    expected_version: int | None = None,
    today: dt.date,
) -> PlanVersion:
    """A new version of the treatment plan (SEL § 101 stk. 8); earlier versions are kept."""
    require(actor, "courses.edit_plan", treatment)
    check_dates(
        today,
        made_on=(made_on, HAPPENED),
        signed_on=(signed_on, HAPPENED),
        agreed_until=(agreed_until, PLANNED),
    )
    _before_discharge(treatment, made_on, field="made_on")
    if substance_goal not in SUBSTANCE_GOALS:
        raise ServiceError(
            "Rusmiddelmålet skal være ophør, reduktion eller stabilisering.",
            "The substance goal must be stop, reduce or stabilise.",
            field="substance_goal",
        )
    if not goals:
        raise ServiceError(
            "Planen skal have mindst ét mål.", "The plan needs at least one goal.", field="goals"
        )
    with transaction.atomic():
        latest = (
            PlanVersion.objects.select_for_update()
            .filter(treatment=treatment)
            .order_by("-version")
            .first()
        )
        current = latest.version if latest else 0
        if expected_version is not None and expected_version != current:
            raise ServiceError(
                "Planen er ændret af en anden i mellemtiden.",
                "The plan was changed by someone else meanwhile.",
                code="conflict",
            )
        plan = PlanVersion.objects.create(
            municipality=treatment.municipality,
            treatment=treatment,
            version=current + 1,
            substance_goal=substance_goal,
            goals=goals,
            methods=methods,
            responsible=responsible,
            agreed_until=agreed_until,
            made_on=made_on,
            signed_on=signed_on,
            by=actor,
        )
        _audit(
            actor,
            "plan.saved",
            plan,
            fields=(
                "treatment_id",
                "version",
                "substance_goal",
                "made_on",
                "signed_on",
                "agreed_until",
            ),
        )
        deadlines.refresh(treatment.contact_course, today)
    return plan


def review_plan(
    actor, treatment: TreatmentCourse, *, on: dt.date, note: str = "", today: dt.date
) -> PlanReview:
    require(actor, "courses.edit_plan", treatment)
    check_dates(today, on=(on, HAPPENED))
    _before_discharge(treatment, on)
    if not PlanVersion.objects.filter(treatment=treatment).exists():
        raise ServiceError("Der er ingen plan at følge op på.", "There is no plan to review.")
    with transaction.atomic():
        review = PlanReview.objects.create(
            municipality=treatment.municipality, treatment=treatment, on=on, note=note, by=actor
        )
        _audit(actor, "plan.reviewed", review, fields=("treatment_id", "on"))
        deadlines.refresh(treatment.contact_course, today)
    return review


def discharge(
    actor, treatment: TreatmentCourse, *, on: dt.date, status: str, outcome: str, today: dt.date
) -> Discharge:
    """Discharge with status and outcome (R36); the follow-ups come from the standard and the law."""
    require(actor, "courses.discharge", treatment)
    check_dates(today, on=(on, HAPPENED))
    if status not in DISCHARGE_STATUSES:
        raise ServiceError(
            "Ukendt udskrivningsstatus.", "Unknown discharge status.", field="status"
        )
    if outcome not in OUTCOMES:
        raise ServiceError("Ukendt resultat.", "Unknown outcome.", field="outcome")
    if on < treatment.start_on:
        raise ServiceError(
            "Udskrivningen ligger før behandlingens start.",
            "The discharge is before the start.",
            field="on",
        )
    if treatment.discharged_on:
        raise ServiceError("Forløbet er allerede afsluttet.", "The course has already ended.")
    with transaction.atomic():
        record = Discharge.objects.create(
            municipality=treatment.municipality,
            treatment=treatment,
            on=on,
            status=status,
            outcome=outcome,
            by=actor,
        )
        treatment.discharged_on = on
        treatment.save(update_fields=["discharged_on"])
        later = Appointment.objects.filter(
            treatment=treatment, status=AttendanceStatus.PLANNED, at__date__gt=on
        )
        cancelled = sorted(later.values_list("pk", flat=True))
        if cancelled:
            later.update(status=AttendanceStatus.CANCELLED)
            write_entry(
                actor=actor,
                action="appointment.cancelled_on_discharge",
                target_type="treatmentcourse",
                target_id=str(treatment.pk),
                after={"appointments": cancelled},
            )
        course = treatment.contact_course
        course.closed_on = on
        course.save(update_fields=["closed_on"])
        StatusChange.objects.create(
            municipality=treatment.municipality,
            treatment=treatment,
            on=on,
            status=f"discharged:{status}",
            by=actor,
        )
        _audit(
            actor,
            "treatment.discharged",
            record,
            fields=("treatment_id", "on", "status", "outcome"),
        )
        deadlines.refresh(course, today)
    return record


def record_follow_up(
    actor,
    treatment: TreatmentCourse,
    *,
    subject: str,
    on: dt.date,
    reached: bool,
    result: str = "",
    today: dt.date,
) -> FollowUp:
    """A follow-up's result, or that the citizen was not reached (R37)."""
    require(actor, "courses.record_follow_up", treatment)
    check_dates(today, on=(on, HAPPENED))
    if not treatment.discharged_on:
        raise ServiceError("Opfølgning sker efter udskrivning.", "Follow-up comes after discharge.")
    if reached and not result.strip():
        raise ServiceError(
            "Skriv resultatet af opfølgningen.",
            "Write the result of the follow-up.",
            field="result",
        )
    with transaction.atomic():
        follow_up = FollowUp.objects.create(
            municipality=treatment.municipality,
            treatment=treatment,
            subject=subject,
            on=on,
            reached=reached,
            result=result,
            by=actor,
        )
        _audit(
            actor,
            "follow_up.recorded",
            follow_up,
            fields=("treatment_id", "subject", "on", "reached"),
        )
        deadlines.refresh(treatment.contact_course, today)
    return follow_up


# --- free choice (R21) ----------------------------------------------------------------------


def choose_provider(
    actor,
    course: ContactCourse,
    decision: Decision,
    provider: Provider,
    *,
    on: dt.date,
    today: dt.date,
) -> Waiver:
    """The citizen chooses another approved provider of the same form as granted; the guarantee
    may then be set aside (SEL § 101 stk. 6, SUL § 142 stk. 8), recorded as a waiver with reason."""
    from vendepunkt.providers.services import check_free_choice

    require(actor, "courses.apply", _course_guard(course))
    check_dates(today, on=(on, HAPPENED))
    if (
        provider.municipality_id != course.municipality_id
        or decision.application.contact_course_id != course.pk
    ):
        raise NotFound("Provider")
    if decision.outcome == Outcome.REFUSAL:
        raise ServiceError("Frit valg forudsætter en bevilling.", "Free choice requires a grant.")
    service = _standard(course.municipality).service(decision.application.service_id)
    check_free_choice(
        provider,
        legal_basis=decision.legal_basis,
        setting=str(service.setting or "ambulant"),
        service_note=service.description or "",
    )
    with transaction.atomic():
        waiver = Waiver.objects.create(
            municipality=course.municipality,
            contact_course=course,
            kind=GuaranteeException.free_choice.value,
            reason=f"Borgeren har valgt {provider.name} (frit valg). / The citizen chose {provider.name} (free choice).",
            on=on,
            by=actor,
        )
        _audit(actor, "free_choice.recorded", waiver, fields=("contact_course_id", "kind", "on"))
        deadlines.refresh(course, today)
    return waiver


# --- the outreach programme (R8) ------------------------------------------------------------


def outreach_eligibility(actor, assessment: Assessment, *, criteria: dict[str, bool], purpose: str):
    """Is the citizen in the outreach programme's target group (R8)? Evaluated on an assessment's
    ASI composites and the assessor's yes/no judgements; only where the municipality enables it."""
    from vendepunkt.rules.programmes import assess, programmes

    course = assessment.contact_course
    require(actor, "courses.view_assessment", _course_guard(course))
    if "outreach" not in _standard(course.municipality).programmes:
        raise ServiceError(
            "Kommunen har ikke tilvalgt det udgående program.",
            "The municipality has not enabled the outreach programme.",
            code="not_enabled",
        )
    log_read(
        actor=actor,
        municipality_id=course.municipality_id,
        client_id=course.client_id,
        record_type="assessment",
        record_id=assessment.pk,
        purpose=purpose,
    )
    return assess(programmes()["outreach"], assessment.composites, criteria)


PHASES = tuple(vocabulary.TreatmentPhase.values)


def record_sib(
    actor, treatment: TreatmentCourse, *, values: dict, on: dt.date, today: dt.date
) -> TreatmentCourse:
    """The social indicator variables for the drug treatment database (SIB, R41), as known at
    the start of the course; recorded or corrected later, never after the discharge."""
    require(actor, "courses.edit_plan", treatment)
    check_dates(today, on=(on, HAPPENED))
    # the values describe the start of the course: they may be corrected until the discharge
    _before_discharge(treatment, max(on, today))
    wrong = sib.invalid(values)
    if wrong:
        raise ServiceError(
            f"Ukendt værdi i registeroplysningerne: {', '.join(wrong)}.",
            f"Unknown value in the register variables: {', '.join(wrong)}.",
            field=wrong[0],
        )
    with transaction.atomic():
        before = snapshot(treatment, ("sib",))
        treatment.sib = {k: v for k, v in values.items() if v}
        treatment.save(update_fields=["sib"])
        _audit(actor, "treatment.sib_recorded", treatment, before=before, fields=("sib",))
    return treatment


def change_phase(
    actor, treatment: TreatmentCourse, *, phase: str, on: dt.date, today: dt.date
) -> TreatmentCourse:
    """Move a course to another phase (R26): assessment/motivation → primary → aftercare, or the
    outreach phases contact → treatment → bridging → follow-up. Recorded in the status history."""
    require(actor, "courses.edit_plan", treatment)
    check_dates(today, on=(on, PLANNED))
    _before_discharge(treatment, on)
    if phase not in PHASES:
        raise ServiceError("Ukendt fase.", "Unknown phase.", field="phase")
    with transaction.atomic():
        before = snapshot(treatment, ("phase",))
        treatment.phase = phase
        treatment.save(update_fields=["phase"])
        StatusChange.objects.create(
            municipality=treatment.municipality,
            treatment=treatment,
            on=on,
            status=f"phase:{phase}",
            by=actor,
        )
        _audit(actor, "treatment.phase_changed", treatment, before=before, fields=("phase",))
    return treatment
