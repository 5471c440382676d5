"""The treatment course (R17–R35): start, treater, services, appointments, medical records,
residential stays, course events, the register variables and the phase."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vendepunkt.accounts.access import Actor, NotFound, require
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.accounts.inputs import HAPPENED, PLANNED, check_dates, unstorable_text
from vendepunkt.accounts.models import Role, Team, User
from vendepunkt.audit.actions import Action
from vendepunkt.audit.services import log_read
from vendepunkt.providers.models import Provider
from vendepunkt.rules import grants as grant_rules
from vendepunkt.rules import payment, sib
from vendepunkt.rules.eligibility import Reason, anonymity_allowed
from vendepunkt.rules.standards.schema import Setting

from .. import vocabulary
from ..models import (
    Appointment,
    ContactCourse,
    CourseEvent,
    CourseService,
    Decision,
    DoctorConsultation,
    MedicalRecord,
    ResidentialStay,
    StatusMeeting,
    TreatmentCourse,
)
from ..vocabulary import AttendanceStatus, Outcome
from ._change import _lock, change
from ._common import (
    MEDICATION_KINDS,
    _before_discharge,
    _service_of,
    _standard,
    offered_phases,
)

PHASES = tuple(vocabulary.TreatmentPhase.values)
SUBSTITUTION_PRODUCTS = ("methadone", "buprenorphine", "buprenorphine_naloxone", "heroin")
COURSE_EVENTS: dict[str, Action] = {
    vocabulary.CourseEventKind.REGION_HANDOVER: Action.COURSE_REGION_HANDOVER,
    vocabulary.CourseEventKind.PREGNANCY_CONTRACT: Action.COURSE_PREGNANCY_CONTRACT,
    vocabulary.CourseEventKind.CHILD_WELFARE_NOTIFICATION: Action.COURSE_CHILD_WELFARE_NOTIFICATION,
}


def _grants(course: ContactCourse) -> list[grant_rules.Grant]:
    """The grants in force on a contact course: every decision that is not a refusal."""
    decisions = Decision.objects.filter(application__contact_course=course).exclude(
        outcome=Outcome.REFUSAL
    )
    return [_as_grant(d) for d in decisions.select_related("application")]


def _as_grant(decision: Decision) -> grant_rules.Grant:
    return grant_rules.Grant(
        decision_id=decision.pk,
        service_id=decision.application.service_id,
        valid_from=decision.valid_from or decision.decided_on,
        valid_until=decision.valid_until,
    )


def _refuse(reason: Reason, field: str) -> ServiceError:
    return ServiceError(reason, field=field, code=reason.code)


def require_grant(
    course: ContactCourse,
    *,
    service_ids: Sequence[str] = (),
    settings: Sequence[str] = (),
    start: dt.date,
    end: dt.date | None = None,
    decision: Decision | None = None,
    field: str = "start_on",
) -> Decision | None:
    """No service without a grant that covers it (issue 12 § 3). Each service named (or, for a
    stay, some service of the settings named) needs a decision in force that grants it, with
    `start`…`end` inside the grant's period, unless the standard lets the centre give it without
    visitation. Refused with the reason and the way forward; returns the covering decision."""
    standard = _standard(course.municipality)
    grants = _grants(course)
    if decision is not None:
        if decision.application.contact_course_id != course.pk:
            raise NotFound("Decision")
        if decision.outcome == Outcome.REFUSAL:
            raise ServiceError(_("A refusal cannot start a treatment."), field="decision")
        grants = [_as_grant(decision)]
        service_ids = [decision.application.service_id]
    found: Decision | None = None
    for service_id in service_ids:
        service = _service_of(standard, service_id)
        if not grant_rules.needs_grant(standard, service, course.legal_track):
            continue
        grant, reason = grant_rules.covering_grant(grants, service, start, end)
        if reason is not None:
            raise _refuse(reason, field)
        if grant is not None:
            found = Decision.objects.get(pk=grant.decision_id)
    if settings:
        services = [s for s in standard.services if str(s.setting) in settings]
        if services and all(
            grant_rules.needs_grant(standard, s, course.legal_track) for s in services
        ):
            last: Reason | None = None
            for service in services:
                grant, reason = grant_rules.covering_grant(grants, service, start, end)
                if grant is not None:
                    return Decision.objects.get(pk=grant.decision_id)
                if reason is not None and (last is None or reason.code != "grant-missing"):
                    last = reason
            if last is not None and last.code != "grant-missing":
                raise _refuse(last, field)
            raise ServiceError(
                _(
                    "No decision grants a residential or day stay. Apply for the stay and decide "
                    "on the application first."
                ),
                field=field,
                code="grant-missing",
            )
    return found


def require_dose_room(
    treatment: TreatmentCourse, day: dt.date, kind: str, service_id: str = ""
) -> None:
    """Over the planned dose is refused (issue 12 § 3): a talk or session beyond the granted
    service's maximum number of sessions, its maximum frequency, or its duration needs a new
    decision. A session names the service it belongs to (`service_id`); it must where the course
    has several active services with a planned maximum, so each service's dose is counted on its
    own. With one such service, a session that names none counts towards it."""
    if kind not in grant_rules.SESSION_KINDS:
        return
    standard = _standard(treatment.municipality)
    active = list(CourseService.objects.filter(treatment=treatment, end_on__isnull=True))
    if service_id and service_id not in {cs.service_id for cs in active}:
        raise ServiceError(
            _("The session's service is not an active service of the course."),
            field="service_id",
            code="service-not-active",
        )
    limited = []
    for cs in active:
        service = standard.service(cs.service_id)
        if service is not None and (
            (service.sessions is not None and service.sessions.max is not None)
            or (service.frequency is not None and service.frequency.max is not None)
        ):
            limited.append((cs, service))
    if not service_id and len(limited) > 1:
        raise ServiceError(
            _(
                "Choose the service the session belongs to: the course has several services "
                "with a planned dose (%(services)s)."
            ),
            services=", ".join(service.name for _cs, service in limited),
            field="service_id",
            code="service-required",
        )
    chosen = [(cs, sv) for cs, sv in limited if not service_id or cs.service_id == service_id]
    if not chosen:
        return  # the named service has no maximum
    cs, service = chosen[0]
    if day < cs.start_on:
        return
    rows = Appointment.objects.filter(
        treatment=treatment,
        kind__in=grant_rules.SESSION_KINDS,
        status__in=(AttendanceStatus.PLANNED, AttendanceStatus.ATTENDED),
    )
    if len(limited) > 1:
        rows = rows.filter(service_id=cs.service_id)
    else:  # one limited service: the sessions naming it and those naming none
        rows = rows.filter(service_id__in=("", cs.service_id))
    sessions = [
        timezone.localtime(a.at).date()
        for a in rows.only("at")
        if timezone.localtime(a.at).date() >= cs.start_on
    ]
    reason = grant_rules.dose_excess(service, cs.start_on, sessions, day)
    if reason is not None:
        raise ServiceError(reason, field="at", code=reason.code)


def start_treatment(
    actor: Actor,
    course: ContactCourse,
    *,
    team: Team,
    start_on: dt.date,
    treater: User | None = None,
    decision: Decision | None = None,
    provider: Provider | None = None,
    today: dt.date,
) -> TreatmentCourse:
    with change(actor, "courses.start_treatment", course=course, today=today) as c:
        check_dates(today, start_on=(start_on, PLANNED))
        if team.centre.municipality_id != course.municipality_id:
            raise NotFound("Team")
        if TreatmentCourse.objects.filter(contact_course=course).exists():
            raise ServiceError(_("Treatment has already started."))
        if course.request_on and start_on < course.request_on:
            raise ServiceError(
                _("Treatment cannot start before the request."),
                field="start_on",
            )
        if decision is not None:
            require_grant(course, start=start_on, decision=decision)
        elif grant_rules.track_needs_grant(_standard(course.municipality), course.legal_track):
            in_force = [
                g
                for g in _grants(course)
                if g.valid_from <= start_on and (g.valid_until is None or start_on <= g.valid_until)
            ]
            if not in_force:
                raise ServiceError(
                    _(
                        "No decision in force on %(date)s grants a service on this course. Decide "
                        "on an application first, with a period that includes the start."
                    ),
                    date=start_on,
                    field="start_on",
                    code="grant-missing",
                )
        treatment = TreatmentCourse.objects.create(
            municipality=course.municipality,
            contact_course=course,
            team=team,
            start_on=start_on,
            primary_treater=treater,
        )
        c.treatment = treatment
        course.team = team
        course.save(update_fields=["team"])
        c.status(start_on, "started")
        if decision is not None:
            service = _service_of(_standard(course.municipality), decision.application.service_id)
            CourseService.objects.create(
                municipality=course.municipality,
                treatment=treatment,
                service_id=service.id,
                decision=decision,
                provider=provider,
                delivery=str(service.delivery.kind),
                start_on=start_on,
            )
        c.audit(
            Action.TREATMENT_STARTED,
            treatment,
            fields=("contact_course_id", "team_id", "start_on", "primary_treater_id"),
        )
    return treatment


def assign_treater(
    actor: Actor, treatment: TreatmentCourse, *, treater: User, on: dt.date, today: dt.date
) -> TreatmentCourse:
    """Assign or change the primary treater (R28)."""
    with change(actor, "courses.assign_treater", treatment=treatment, today=today) as c:
        check_dates(today, on=(on, PLANNED))
        _before_discharge(treatment, on)
        if treater.municipality_id != treatment.municipality_id or treater.role != Role.TREATER:
            raise ServiceError(
                _("The treater must be a treater of the municipality."),
                field="treater",
            )
        c.status(on, "treater_changed")
        return c.update(
            treatment,
            Action.TREATMENT_TREATER_CHANGED,
            ("primary_treater_id",),
            primary_treater=treater,
        )


def change_services(
    actor: Actor,
    treatment: TreatmentCourse,
    *,
    add: Sequence[str] = (),
    end: Sequence[str] = (),
    on: dt.date,
    today: dt.date,
) -> TreatmentCourse:
    """Change the services of a course; the standard may require a plan review (R25)."""
    with change(actor, "courses.edit_plan", treatment=treatment, today=today) as c:
        check_dates(today, on=(on, PLANNED))
        _before_discharge(treatment, on)
        standard = _standard(treatment.municipality)
        if unstorable_text(list(end)):
            raise ServiceError(
                _("The service to end contains an invalid character."),
                field="end",
            )
        for service_id in add:
            if standard.service(service_id) is None:
                raise ServiceError(
                    _("The service “%(service_id)s” is not in the standard."),
                    service_id=service_id,
                    field="add",
                )
        grants = {
            service_id: require_grant(
                treatment.contact_course, service_ids=[service_id], start=on, field="add"
            )
            for service_id in add
        }
        for service_id in add:
            service = _service_of(standard, service_id)
            CourseService.objects.create(
                decision=grants[service_id],
                municipality=treatment.municipality,
                treatment=treatment,
                service_id=service_id,
                delivery=str(service.delivery.kind),
                start_on=on,
            )
        CourseService.objects.filter(
            treatment=treatment, service_id__in=list(end), end_on__isnull=True
        ).update(end_on=on)
        c.status(on, "services_changed", note=", ".join([*add, *[f"-{e}" for e in end]]))
        c.audit(
            Action.TREATMENT_SERVICES_CHANGED,
            treatment,
            after={"added": list(add), "ended": list(end), "on": on.isoformat()},
        )
    return treatment


def record_appointment(
    actor: Actor,
    treatment: TreatmentCourse,
    *,
    at: dt.datetime,
    kind: str,
    status: str = AttendanceStatus.PLANNED,
    gift_voucher: bool = False,
    service_id: str = "",
    today: dt.date,
) -> Appointment:
    with change(
        actor, "courses.record_appointment", treatment=treatment, today=today, refresh=False
    ) as c:
        check_dates(today, at=(at, PLANNED))
        if status not in AttendanceStatus.values:
            raise ServiceError(_("Unknown attendance status."), field="status")
        if kind not in vocabulary.AppointmentKind.values:
            raise ServiceError(
                _("Unknown kind of appointment: choose one of %(kinds)s."),
                kinds=", ".join(vocabulary.AppointmentKind.values),
                field="kind",
            )
        _before_discharge(treatment, timezone.localtime(at).date(), field="at")
        if gift_voucher and status != AttendanceStatus.ATTENDED:
            raise ServiceError(
                _("Gift vouchers are given for attendance."),
                field="gift_voucher",
            )
        if status in (AttendanceStatus.PLANNED, AttendanceStatus.ATTENDED):
            require_dose_room(treatment, timezone.localtime(at).date(), kind, service_id)
        value = _gift_voucher_value(treatment, None) if gift_voucher else None
        return c.create(
            Appointment,
            Action.APPOINTMENT_RECORDED,
            (
                "treatment_id",
                "at",
                "kind",
                "status",
                "gift_voucher",
                "gift_voucher_value",
                "service_id",
            ),
            contact_course=treatment.contact_course,
            treatment=treatment,
            at=at,
            kind=kind,
            status=status,
            gift_voucher=gift_voucher,
            gift_voucher_value=value,
            service_id=service_id,
        )


def _gift_voucher_value(treatment: TreatmentCourse, appointment: Appointment | None) -> int | None:
    """R16: a gift voucher only in a current service whose standard entry offers vouchers, at
    most the standard's count per citizen; its value is the standard's where it states one."""
    standard = _standard(treatment.municipality)
    services = [
        s
        for cs in CourseService.objects.filter(treatment=treatment, end_on__isnull=True).order_by(
            "start_on", "id"
        )
        if (s := standard.service(cs.service_id)) is not None
    ]
    given = Appointment.objects.filter(
        municipality_id=treatment.municipality_id,
        treatment__contact_course__client_id=treatment.contact_course.client_id,
        gift_voucher=True,
    )
    if appointment is not None:
        given = given.exclude(pk=appointment.pk)
    result = payment.gift_voucher(services, given.count())
    if isinstance(result, Reason):
        raise ServiceError(result, field="gift_voucher", code=result.code)
    return result.value


def set_attendance(
    actor: Actor,
    appointment: Appointment,
    *,
    status: str,
    gift_voucher: bool | None = None,
    today: dt.date,
    now: dt.datetime | None = None,
) -> Appointment:
    """Attendance (R27): attended, no-show or cancelled; a gift voucher may reward attendance
    (R16). Attended and no-show only once the appointment has begun (issue 12 § 5, issue 13 § 3);
    a no-show puts the active contact it asks for on the worklist (the deadline refresh)."""
    treatment = appointment.treatment
    with change(
        actor,
        "courses.record_appointment",
        course=appointment.contact_course if treatment is None else None,
        treatment=treatment,
        today=today,
    ) as c:
        _lock(appointment)
        if status not in AttendanceStatus.values:
            raise ServiceError(_("Unknown attendance status."), field="status")
        day = timezone.localtime(appointment.at).date()
        if treatment is not None:
            _before_discharge(treatment, day, "status")
        if status in (AttendanceStatus.ATTENDED, AttendanceStatus.NO_SHOW) and not _begun(
            appointment, today, now
        ):
            # what has not happened yet cannot be recorded as having happened (issue 12 § 5)
            raise ServiceError(
                _(
                    "An appointment in the future cannot be recorded as attended or as a no-show; cancel it instead."
                ),
                field="status",
                code="not_yet",
            )
        if gift_voucher and (status != AttendanceStatus.ATTENDED or treatment is None):
            raise ServiceError(
                _("Gift vouchers are given for attendance."),
                field="gift_voucher",
            )
        values: dict[str, Any] = {
            "status": status,
            "gift_voucher": appointment.gift_voucher,
            "gift_voucher_value": appointment.gift_voucher_value,
        }
        if gift_voucher is not None:
            values["gift_voucher"] = gift_voucher
        if values["gift_voucher"] and status != AttendanceStatus.ATTENDED:
            values["gift_voucher"] = False  # a voucher follows the attendance it rewarded
        if values["gift_voucher"] and not appointment.gift_voucher and treatment is not None:
            values["gift_voucher_value"] = _gift_voucher_value(treatment, appointment)
        if not values["gift_voucher"]:
            values["gift_voucher_value"] = None
        # the deadlines change only when a no-show or an attendance comes or goes (the active
        # contact after a no-show, R27; the first talk held)
        counted = (AttendanceStatus.ATTENDED, AttendanceStatus.NO_SHOW)
        c.refresh = status != appointment.status and (
            status in counted or appointment.status in counted
        )
        return c.update(
            appointment,
            Action.APPOINTMENT_ATTENDANCE,
            ("status", "gift_voucher", "gift_voucher_value"),
            **values,
        )


def _begun(appointment: Appointment, today: dt.date, now: dt.datetime | None) -> bool:
    """Has the appointment begun: a day before `today`, or today at or after its time."""
    day = timezone.localtime(appointment.at).date()
    if day != today:
        return day < today
    return appointment.at <= (now or timezone.now())


def book_doctor_consultation(
    actor: Actor, course: ContactCourse, *, at: dt.datetime, today: dt.date
) -> DoctorConsultation:
    """Book the doctor's consultation (SUL § 142 stk. 1-2) on the contact course, before
    treatment starts: appointments of a treatment course exist only once it has started."""
    with change(
        actor, "courses.record_appointment", course=course, today=today, refresh=False
    ) as c:
        check_dates(today, at=(at, PLANNED))
        if course.closed_on is not None:
            raise ServiceError(_("The contact course has ended."), code="closed")
        return c.create(
            DoctorConsultation,
            Action.DOCTOR_CONSULTATION_BOOKED,
            ("contact_course_id", "at", "status"),
            contact_course=course,
            at=at,
        )


def record_doctor_consultation(
    actor: Actor, consultation: DoctorConsultation, *, status: str, today: dt.date
) -> DoctorConsultation:
    """A doctor records the booked consultation as held, a no-show or cancelled. Held, it meets
    the doctor's consultation deadline (SUL § 142); a future one can only be cancelled."""
    course = consultation.contact_course
    with change(actor, "courses.record_medical", course=course, today=today) as c:
        if getattr(actor, "role", None) != Role.DOCTOR:
            raise ServiceError(
                _("Only a doctor records the doctor's consultation (SUL § 142)."),
                code="doctor_only",
            )
        if status not in AttendanceStatus.values or status == AttendanceStatus.PLANNED:
            raise ServiceError(_("Unknown attendance status."), field="status")
        day = timezone.localtime(consultation.at).date()
        if day > today and status in (AttendanceStatus.ATTENDED, AttendanceStatus.NO_SHOW):
            raise ServiceError(
                _(
                    "An appointment in the future cannot be recorded as attended or as a no-show; cancel it instead."
                ),
                field="status",
            )
        return c.update(
            consultation,
            Action.DOCTOR_CONSULTATION_RECORDED,
            ("status", "held_by_id"),
            status=status,
            held_by=actor,
        )


def record_medical(
    actor: Actor,
    treatment: TreatmentCourse,
    *,
    kind: str,
    on: dt.date,
    details: dict[str, Any],
    today: dt.date,
) -> MedicalRecord:
    """Medical records (R30). Medication ends the anonymity of an anonymous alcohol client (R47).
    Substitution needs the product and the prescribing doctor's authorisation ID: the monthly
    substitution report carries both (BEK 1678, R41)."""
    with change(actor, "courses.record_medical", treatment=treatment, today=today) as c:
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
                    _("%(reason)s Link the client to an identified citizen first."),
                    reason=reason,
                    field="kind",
                    code="anonymity",
                )
        return c.create(
            MedicalRecord,
            Action.MEDICAL_RECORDED,
            ("treatment_id", "kind", "on"),
            treatment=treatment,
            kind=kind,
            on=on,
            details=details,
            by=actor,
        )


def _substitution_details(details: dict[str, Any]) -> dict[str, Any]:
    product = details.get("product")
    if product not in SUBSTITUTION_PRODUCTS:
        raise ServiceError(
            _("Give the substitution product: %(products)s."),
            products=", ".join(SUBSTITUTION_PRODUCTS),
            field="product",
        )
    prescriber = str(details.get("prescriber_authorisation", "")).strip().upper()
    if not (len(prescriber) == 5 and prescriber.isascii() and prescriber.isalnum()):
        raise ServiceError(
            _("Give the prescribing doctor's authorisation ID: five letters or digits."),
            field="prescriber_authorisation",
        )
    return {**details, "prescriber_authorisation": prescriber}


def view_medical(actor: Actor, treatment: TreatmentCourse, *, purpose: str) -> list[MedicalRecord]:
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
    actor: Actor,
    treatment: TreatmentCourse,
    *,
    provider: Provider,
    start_on: dt.date,
    end_on: dt.date,
    self_payment: dict[str, Any] | None = None,
    kind: str = "",
    service_id: str = "",
    today: dt.date,
) -> ResidentialStay:
    """A residential stay (R32) of a kind the standard offers and no longer than its duration,
    with the self-payment assessment the standard requires for drug treatment (R35; never in
    alcohol treatment) and the transport the standard promises (rules.payment)."""
    with change(actor, "courses.edit_plan", treatment=treatment, today=today) as c:
        check_dates(today, start_on=(start_on, PLANNED), end_on=(end_on, PLANNED))
        _before_discharge(treatment, start_on, field="start_on")
        if provider.municipality_id != treatment.municipality_id:
            raise NotFound("Provider")
        if end_on < start_on:
            raise ServiceError(
                _("The stay ends before it starts."),
                field="end_on",
            )
        standard = _standard(treatment.municipality)
        service_id = service_id or _stay_service_id(treatment, standard, kind)
        # The grant must cover the stay's own service when it is known (a grant of another
        # residential service does not cover it); otherwise some residential or day service.
        require_grant(
            treatment.contact_course,
            service_ids=(service_id,) if service_id else (),
            settings=() if service_id else (Setting.residential.value, Setting.day.value),
            start=start_on,
            end=end_on,
        )
        service = standard.service(service_id) if service_id else None
        kind = kind or (str(payment.stay_kind_of(service)) if service else "treatment")
        refusal = payment.check_stay(
            standard, kind=kind, service=service, start_on=start_on, end_on=end_on
        )
        if refusal is not None:
            raise ServiceError(
                refusal,
                field="end_on" if refusal.code == "stay-too-long" else "service_id",
                code=refusal.code,
            )
        track = treatment.contact_course.legal_track
        result = payment.assess_self_payment(
            standard,
            track=track,
            start_on=start_on,
            assessment=_assessment(self_payment, today=today),
        )
        if isinstance(result, Reason):
            raise ServiceError(result, field="self_payment", code=result.code)
        transport = payment.transport_for(standard, "residential")
        return c.create(
            ResidentialStay,
            Action.STAY_RECORDED,
            ("treatment_id", "provider_id", "start_on", "end_on", "kind", "service_id"),
            treatment=treatment,
            provider=provider,
            start_on=start_on,
            end_on=end_on,
            kind=kind,
            service_id=service_id,
            transport_paid_by=transport.paid_by if transport else "",
            self_payment=_stored_payment(self_payment, result),
        )


def _stay_service_id(treatment: TreatmentCourse, standard: Any, kind: str) -> str:
    """The residential service a stay belongs to when none is named: the course's one current
    residential service, else the standard's only residential service of the kind."""
    current = {
        cs.service_id
        for cs in CourseService.objects.filter(treatment=treatment, end_on__isnull=True)
        if (s := standard.service(cs.service_id)) is not None and str(s.setting) == "residential"
    }
    if len(current) == 1:
        return current.pop()
    offered = [
        s.id
        for s in payment.residential_services(standard)
        if str(payment.stay_kind_of(s)) == (kind or "treatment")
    ]
    return offered[0] if len(offered) == 1 else ""


AMOUNTS = ("board", "lodging", "income", "own_home_costs", "obligations", "personal_needs")
ASSESSMENT_KEYS = (*AMOUNTS, "assessed_on", "economic_counselling_on", "keeps_own_home", "note")


def _assessment(values: dict[str, Any] | None, *, today: dt.date) -> payment.Assessment | None:
    """The self-payment assessment as given (web or API), checked; None when none was given.
    Amounts are DKK per month; `monthly_dkk` is the older single amount (board and lodging)."""
    if not values:
        return None
    values = dict(values)
    for alias in ("monthly_dkk", "monthly_amount"):  # the older single amount
        if alias in values and "board" not in values:
            values["board"] = values.pop(alias)
    unknown = sorted(set(values) - set(ASSESSMENT_KEYS))
    if unknown:
        raise ServiceError(
            _("Unknown field in the self-payment assessment: %(fields)s."),
            fields=", ".join(unknown),
            field="self_payment",
        )
    if unstorable_text([str(values.get("note", ""))]):
        raise ServiceError(_("The note contains an invalid character."), field="note")
    amounts: dict[str, Decimal] = {}
    for key in AMOUNTS:
        raw = values.get(key)
        if raw in (None, ""):
            continue
        try:
            amount = Decimal(str(raw))
        except InvalidOperation:
            amount = Decimal(-1)
        if not amount.is_finite() or amount < 0 or amount > 1_000_000:
            raise ServiceError(
                _("Give the amount in DKK per month (0 or more)."),
                field=key,
            )
        amounts[key] = amount
    dates: dict[str, dt.date | None] = {}
    for key in ("assessed_on", "economic_counselling_on"):
        raw = values.get(key)
        if raw in (None, ""):
            dates[key] = None
            continue
        try:
            dates[key] = raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))
        except ValueError:
            raise ServiceError(_("Give the date as YYYY-MM-DD."), field=key) from None
    check_dates(today, **{k: (v, HAPPENED) for k, v in dates.items() if v is not None})
    return payment.Assessment(
        assessed_on=dates["assessed_on"] or today,
        keeps_own_home=bool(values.get("keeps_own_home")),
        economic_counselling_on=dates["economic_counselling_on"],
        board=amounts.get("board", Decimal(0)),
        lodging=amounts.get("lodging", Decimal(0)),
        income=amounts.get("income"),
        own_home_costs=amounts.get("own_home_costs", Decimal(0)),
        obligations=amounts.get("obligations", Decimal(0)),
        personal_needs=amounts.get("personal_needs", Decimal(0)),
    )


def _stored_payment(
    given: dict[str, Any] | None, result: payment.SelfPaymentResult
) -> dict[str, Any]:
    """What is stored on the stay: the inputs as given, and what the rule computed."""
    if not given and not result.charged:
        return {}
    stored = {
        k: (str(v) if isinstance(v, Decimal | dt.date) else v) for k, v in (given or {}).items()
    }
    stored.update(
        charged=result.charged,
        board=str(result.board),
        lodging=str(result.lodging),
        lodging_exempt=result.lodging_exempt,
        monthly_amount=str(result.monthly_amount) if given else None,
        source=result.source,
        notes=[{"da": n.message_da, "en": n.message_en, "source": n.source} for n in result.notes],
    )
    return stored


def record_status_meeting(
    actor: Actor,
    stay: ResidentialStay,
    *,
    kind: str,
    held_on: dt.date,
    written_report: bool,
    today: dt.date,
) -> StatusMeeting:
    with change(actor, "courses.edit_plan", treatment=stay.treatment, today=today) as c:
        check_dates(today, held_on=(held_on, HAPPENED))
        if kind not in vocabulary.StatusMeetingKind.values:
            raise ServiceError(_("Unknown status meeting."), field="kind")
        return c.create(
            StatusMeeting,
            Action.STAY_STATUS_MEETING,
            ("stay_id", "kind", "held_on", "written_report"),
            stay=stay,
            kind=kind,
            held_on=held_on,
            written_report=written_report,
        )


def record_course_event(
    actor: Actor,
    treatment: TreatmentCourse,
    *,
    kind: str,
    on: dt.date,
    details: dict[str, Any],
    today: dt.date,
) -> CourseEvent:
    """Hand-over to the region (R31), pregnancy contract (R33), child-welfare notification (R34)."""
    with change(actor, "courses.edit_plan", treatment=treatment, today=today, refresh=False) as c:
        check_dates(today, on=(on, HAPPENED))
        if kind not in COURSE_EVENTS:
            raise ServiceError(_("Unknown event."), field="kind")
        if kind == "pregnancy_contract" and not treatment.contact_course.client.pregnant:
            raise ServiceError(
                _("The contract is offered to pregnant users (LBK 972)."),
                field="kind",
            )
        return c.create(
            CourseEvent,
            COURSE_EVENTS[kind],
            ("treatment_id", "kind", "on"),
            treatment=treatment,
            kind=kind,
            on=on,
            details=details,
            by=actor,
        )


def record_sib(
    actor: Actor, treatment: TreatmentCourse, *, values: dict[str, Any], on: dt.date, today: dt.date
) -> TreatmentCourse:
    """The social indicator variables for the drug treatment database (SIB, R41), as known at
    the start of the course; recorded or corrected later, never after the discharge."""
    with change(actor, "courses.edit_plan", treatment=treatment, today=today, refresh=False) as c:
        check_dates(today, on=(on, HAPPENED))
        # the values describe the start of the course: they may be corrected until the discharge
        _before_discharge(treatment, max(on, today))
        wrong = sib.invalid(values)
        if wrong:
            raise ServiceError(
                _("Unknown value in the register variables: %(wrong)s."),
                wrong=", ".join(wrong),
                field=wrong[0],
            )
        return c.update(
            treatment,
            Action.TREATMENT_SIB_RECORDED,
            ("sib",),
            sib={k: v for k, v in values.items() if v},
        )


def change_phase(
    actor: Actor, treatment: TreatmentCourse, *, phase: str, on: dt.date, today: dt.date
) -> TreatmentCourse:
    """Move a course to another phase (R26): assessment/motivation → primary → aftercare, or the
    outreach phases contact → treatment → bridging → follow-up. Recorded in the status history."""
    with change(actor, "courses.edit_plan", treatment=treatment, today=today, refresh=False) as c:
        check_dates(today, on=(on, PLANNED))
        _before_discharge(treatment, on)
        if phase not in PHASES:
            raise ServiceError(_("Unknown phase."), field="phase")
        if phase not in offered_phases(treatment.municipality):
            raise ServiceError(
                _(
                    "The municipality's quality standard has no phase “%(phase)s” for a treatment "
                    "course."
                ),
                phase=vocabulary.label_of(vocabulary.TreatmentPhase, phase),
                field="phase",
                code="phase_not_offered",
            )
        c.update(treatment, Action.TREATMENT_PHASE_CHANGED, ("phase",), phase=phase)
        c.status(on, f"phase:{phase}")
    return treatment
