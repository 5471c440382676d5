"""The deadline engine: every deadline of one contact course, computed from the facts of the
course, the municipality's standard and the law floor (R17–R20, R3, R11, R15, R19, R22, R24,
R25, R32, R37, R39).

Pure and deterministic: no Django, no clock. `today` is an argument, so the same facts give
the same deadlines. `compute_deadlines()` returns a tuple of `ComputedDeadline`s; each says
what counts from which event, when it is due, whether it is open, met, breached, waived or
lapsed, its legal citation, where in the standard file it comes from, and why (Danish and
English). How the standard and the law combine for each rule is described in
`docs/deadlines.md`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum

from .dates import add_months
from .law import LawFloor
from .standards.schema import (
    ComplaintKind,
    ComplaintRoute,
    Deadline,
    DeadlineKind,
    DischargeStatus,
    Event,
    Forum,
    GuaranteeException,
    Period,
    Recurrence,
    ReviewTrigger,
    Service,
    Standard,
    TimeUnit,
)

__all__ = [
    "Application",
    "Complaint",
    "ComputedDeadline",
    "Course",
    "Decision",
    "Discharge",
    "FollowUpRecord",
    "Grant",
    "Kind",
    "Status",
    "Stay",
    "TreatmentPlan",
    "Waiver",
    "add_months",
    "add_period",
    "compute_deadlines",
]

# BEK 1477 is the quality standard for social drug treatment under SEL § 101: the statutory
# follow-up (its § 4 stk. 2) applies on that track only, as the linter reads it too.
FOLLOW_UP_LAW_TRACKS = ("SEL-101",)


class Kind(StrEnum):
    treatment_guarantee = "treatment_guarantee"
    doctor_consultation = "doctor_consultation"
    open_counselling = "open_counselling"
    plan_at_start = "plan_at_start"
    plan_review = "plan_review"
    follow_up = "follow_up"
    complaint_period = "complaint_period"
    complaint_reassessment = "complaint_reassessment"
    complaint_forwarding = "complaint_forwarding"
    residential_status_meeting = "residential_status_meeting"
    grant_expiry = "grant_expiry"
    forum_meeting = "forum_meeting"


KIND_ORDER = tuple(Kind)


class Status(StrEnum):
    open = "open"
    met = "met"
    breached = "breached"
    waived = "waived"
    lapsed = "lapsed"  # a citizen-side period that has run out (the complaint period)


# --- the facts of one contact course --------------------------------------------------------


@dataclass(frozen=True)
class Waiver:
    """A recorded exception to the treatment guarantee (R18), always with its reason."""

    kind: GuaranteeException
    reason: str
    recorded_on: dt.date

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", GuaranteeException(self.kind))
        if not isinstance(self.reason, str) or not self.reason.strip():
            raise ValueError("a waiver needs a reason / en undtagelse skal begrundes")


@dataclass(frozen=True)
class TreatmentPlan:
    """A treatment plan (SEL § 101 stk. 8); the first is the plan at start, later ones are
    revisions. `agreed_period_end` is the end of a time-limited plan's agreed period."""

    made_on: dt.date
    agreed_period_end: dt.date | None = None

    def __post_init__(self) -> None:
        if self.agreed_period_end is not None and self.agreed_period_end < self.made_on:
            raise ValueError("the agreed period ends before the plan was made")


@dataclass(frozen=True)
class Discharge:
    on: dt.date
    status: DischargeStatus

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", DischargeStatus(self.status))


@dataclass(frozen=True)
class FollowUpRecord:
    """A follow-up after discharge; reached or not, it counts as done (R37)."""

    held_on: dt.date
    reached: bool = True
    result: str | None = None


@dataclass(frozen=True)
class Application:
    """An application for a service of the standard, decided by the forums that grant it."""

    id: str
    service: str
    applied_on: dt.date
    decided_on: dt.date | None = None


@dataclass(frozen=True)
class Decision:
    """A written social decision (grant or refusal). `sent_on` is None until it is sent;
    `complaint_guidance` says whether it carried complaint guidance (forvaltningsloven § 25)."""

    id: str
    legal_basis: str
    made_on: dt.date
    sent_on: dt.date | None
    complaint_guidance: bool

    def __post_init__(self) -> None:
        if self.sent_on is not None and self.sent_on < self.made_on:
            raise ValueError("a decision cannot be sent before it is made")


@dataclass(frozen=True)
class Complaint:
    """A complaint about a decision of the course. `decision_kept` is the outcome of the
    re-assessment (None until re-assessed)."""

    id: str
    decision: str
    received_on: dt.date
    reassessed_on: dt.date | None = None
    decision_kept: bool | None = None
    forwarded_on: dt.date | None = None


@dataclass(frozen=True)
class Stay:
    """A residential stay at an external provider (R32) and its status meetings (R22)."""

    id: str
    starts_on: dt.date
    ends_on: dt.date | None
    before_meeting_on: dt.date | None = None
    midway_meeting_on: dt.date | None = None
    final_meeting_on: dt.date | None = None

    def __post_init__(self) -> None:
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise ValueError("a stay cannot end before it starts")


@dataclass(frozen=True)
class Grant:
    """A grant of a service (R15); time-limited when it has an end date."""

    id: str
    service: str
    granted_on: dt.date
    ends_on: dt.date | None = None
    extended_on: dt.date | None = None

    def __post_init__(self) -> None:
        if self.ends_on is not None and self.ends_on < self.granted_on:
            raise ValueError("a grant cannot end before it is granted")


def _unique_ids(name: str, items: Iterable) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise ValueError(f"{name}: the id '{item.id}' is used twice")
        seen.add(item.id)


@dataclass(frozen=True)
class Course:
    """The facts of one contact course (kontaktforløb), from the request to its end.

    `legal_basis` is the course's legal track: SEL-101, SEL-101a, SUL-141 or SUL-142."""

    legal_basis: str
    requested_on: dt.date
    personal_attendance_on: dt.date | None = None
    open_counselling_on: dt.date | None = None
    doctor_consultation_on: dt.date | None = None
    treatment_started_on: dt.date | None = None
    plans: tuple[TreatmentPlan, ...] = ()
    reviews: tuple[dt.date, ...] = ()
    service_changes: tuple[dt.date, ...] = ()
    discharge: Discharge | None = None
    follow_ups: tuple[FollowUpRecord, ...] = ()
    applications: tuple[Application, ...] = ()
    decisions: tuple[Decision, ...] = ()
    complaints: tuple[Complaint, ...] = ()
    stays: tuple[Stay, ...] = ()
    grants: tuple[Grant, ...] = ()
    waivers: tuple[Waiver, ...] = ()
    # The day the contact course ended without a treatment course (closed after a gap of more
    # than 10 days, or merged into another course when an anonymous client was linked).
    closed_on: dt.date | None = None

    def __post_init__(self) -> None:
        for name in (
            "plans",
            "reviews",
            "service_changes",
            "follow_ups",
            "applications",
            "decisions",
            "complaints",
            "stays",
            "grants",
            "waivers",
        ):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        for name, items in (
            ("applications", self.applications),
            ("decisions", self.decisions),
            ("complaints", self.complaints),
            ("stays", self.stays),
            ("grants", self.grants),
        ):
            _unique_ids(name, items)
        decisions = {d.id for d in self.decisions}
        for complaint in self.complaints:
            if complaint.decision not in decisions:
                raise ValueError(
                    f"complaint '{complaint.id}' is about an unknown decision '{complaint.decision}'"
                )


# --- the result -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ComputedDeadline:
    kind: str
    subject: str
    trigger: dt.date
    due: dt.date | None
    status: str
    at_risk: bool
    closed_on: dt.date | None
    citation: str | None
    source: str | None
    reason_da: str
    reason_en: str
    # The guarantee only: the first day on which the earliest possible decision falls after
    # `due` (R17). A stored deadline is at risk on any day from then on while it is open, so a
    # worklist read on a later day is right without a recomputation.
    at_risk_from: dt.date | None = None

    def __post_init__(self) -> None:
        Kind(self.kind)
        Status(self.status)
        if self.due is not None and self.due < self.trigger:
            raise ValueError(f"{self.kind} {self.subject}: due {self.due} before {self.trigger}")


# --- dates ----------------------------------------------------------------------------------


def add_period(day: dt.date, period: Period) -> dt.date:
    """A period after `day`: a 4-week period ends on the same weekday 4 weeks later."""
    match period.unit:
        case TimeUnit.day:
            return day + dt.timedelta(days=period.amount)
        case TimeUnit.week:
            return day + dt.timedelta(weeks=period.amount)
        case TimeUnit.month:
            return add_months(day, period.amount)
        case TimeUnit.year:
            return add_months(day, 12 * period.amount)
    raise ValueError(f"unknown unit {period.unit}")  # pragma: no cover


_UNIT = {
    "day": ("dag", "dage", "day", "days", "d"),
    "week": ("uge", "uger", "week", "weeks", "w"),
    "month": ("måned", "måneder", "month", "months", "m"),
    "year": ("år", "år", "year", "years", "y"),
}


def _da(period: Period) -> str:
    one, many, *_ = _UNIT[str(period.unit)]
    return f"{period.amount} {one if period.amount == 1 else many}"


def _en(period: Period) -> str:
    _, _, one, many, _ = _UNIT[str(period.unit)]
    return f"{period.amount} {one if period.amount == 1 else many}"


def _every_da(period: Period) -> str:
    """'hver 3. måned', 'hver uge'."""
    one = _UNIT[str(period.unit)][0]
    return f"hver {one}" if period.amount == 1 else f"hver {period.amount}. {one}"


def _short(period: Period) -> str:
    return f"{period.amount}{_UNIT[str(period.unit)][4]}"


_EVENT = {
    Event.request: ("henvendelsen", "the request"),
    Event.contact: ("henvendelsen", "the contact"),
    Event.personal_attendance: (
        "borgerens personlige fremmøde",
        "the citizen's personal attendance",
    ),
}

_EXCEPTION = {
    GuaranteeException.free_choice: ("frit valg", "free choice"),
    GuaranteeException.citizen_declines: ("borgeren fravælger garantien", "the citizen declines"),
    GuaranteeException.no_show: ("udeblivelse", "no-show"),
    GuaranteeException.missing_cooperation: ("manglende medvirken", "missing cooperation"),
    GuaranteeException.delayed_information: ("forsinkede oplysninger", "delayed information"),
}

_DISCHARGE = {
    DischargeStatus.completed: ("færdigbehandlet", "completed"),
    DischargeStatus.to_other_offer: ("udskrevet til andet tilbud", "to another offer"),
    DischargeStatus.to_hospital: ("udskrevet til hospital", "to hospital"),
    DischargeStatus.other_reason: ("anden årsag", "other reason"),
    DischargeStatus.dropped_out: ("udeblevet / afbrudt", "dropped out"),
}


# --- the engine -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Guarantee:
    trigger: dt.date
    due: dt.date


@dataclass
class _Ctx:
    course: Course
    std: Standard
    floor: LawFloor
    today: dt.date
    guarantee: _Guarantee | None = None  # set by the guarantee rule, read by the doctor's

    @property
    def track(self) -> str:
        return self.course.legal_basis


def _status(due: dt.date | None, closed_on: dt.date | None, today: dt.date) -> Status:
    """met when closed on or before `due`; breached when closed after it, or not closed and
    `today` is past it; open otherwise."""
    if closed_on is not None:
        return Status.met if due is None or closed_on <= due else Status.breached
    if due is not None and today > due:
        return Status.breached
    return Status.open


def _first_on_or_after(days: Iterable[dt.date], day: dt.date) -> dt.date | None:
    return min((d for d in days if d >= day), default=None)


def _deadline(
    kind: Kind,
    subject: str,
    trigger: dt.date,
    due: dt.date | None,
    closed_on: dt.date | None,
    c: _Ctx,
    *,
    citation: str | None,
    source: object | None,
    da: Iterable[str],
    en: Iterable[str],
    status: Status | None = None,
    at_risk_from: dt.date | None = None,
) -> ComputedDeadline:
    status = status or _status(due, closed_on, c.today)
    return ComputedDeadline(
        kind=str(kind),
        subject=subject,
        trigger=trigger,
        due=due,
        status=str(status),
        at_risk=at_risk_from is not None and at_risk_from <= c.today and status == Status.open,
        closed_on=closed_on if status in (Status.met, Status.breached, Status.waived) else None,
        citation=citation,
        source=str(source) if source is not None else None,
        reason_da=" ".join(da),
        reason_en=" ".join(en),
        at_risk_from=at_risk_from if status == Status.open else None,
    )


def _covers(d: Deadline, track: str) -> bool:
    """A deadline of the standard applies to the track: it names it, or names no track."""
    return (not d.legal_bases or track in d.legal_bases) and track not in d.not_covered


def _std_deadline(c: _Ctx, kind: DeadlineKind) -> Deadline | None:
    return next((d for d in c.std.deadlines if d.kind == kind and _covers(d, c.track)), None)


def _event_day(c: _Ctx, event: Event | None) -> tuple[dt.date, Event, list[str], list[str]]:
    """The day a deadline of the standard counts from, the event actually used, and notes.

    Request and contact are the request day. Personal attendance is its recorded day, or the
    request until it is recorded. Any other event (not one a course starts from) falls back to
    the request, as the law counts."""
    course = c.course
    if event in (Event.request, Event.contact, None):
        return course.requested_on, event or Event.request, [], []
    if event == Event.personal_attendance:
        if course.personal_attendance_on is not None:
            return course.personal_attendance_on, event, [], []
        return (
            course.requested_on,
            Event.request,
            [
                "Standarden regner fra personligt fremmøde, som ikke er registreret endnu; indtil da regnes fra henvendelsen, som loven gør."
            ],
            [
                "The standard counts from personal attendance, which is not recorded yet; until then the engine counts from the request, as the law does."
            ],
        )
    return (
        course.requested_on,
        Event.request,
        [f"Standarden regner fra «{event}»; motoren regner fra henvendelsen, som loven gør."],
        [
            f"The standard counts from “{event}”; the engine counts from the request, as the law does."
        ],
    )


# R17, R18 -----------------------------------------------------------------------------------


def _guarantee_deadline(c: _Ctx) -> Deadline | None:
    law = c.floor.guarantee(c.track)
    for d in c.std.deadlines:
        if d.kind != DeadlineKind.treatment_guarantee or c.track in d.not_covered:
            continue
        if c.track in d.legal_bases or (not d.legal_bases and law is not None):
            return d
    return None


def guarantee(c: _Ctx) -> Iterator[ComputedDeadline]:
    """R17/R18: start at the latest 14 days after the request (the standard's event)."""
    law = c.floor.guarantee(c.track)
    mine = _guarantee_deadline(c)
    if mine is None and law is None:
        return  # SEL-101a and other tracks without a guarantee
    course = c.course
    da: list[str] = []
    en: list[str] = []
    trigger, event, notes_da, notes_en = _event_day(c, mine.counts_from if mine else None)
    # The standard's period, never longer than the law's (counted from the same event).
    law_period = Period(amount=law.days, unit=TimeUnit.day) if law else None
    period = mine.within if mine and mine.within is not None else law_period
    if period is None:
        return  # a standard guarantee beyond the law that states no period: nothing to count
    if law_period is not None and add_period(trigger, period) > add_period(trigger, law_period):
        da.append(
            f"Standardens frist på {_da(period)} er længere end lovens {_da(law_period)}; loven går forud."
        )
        en.append(
            f"The standard's {_en(period)} are longer than the law's {_en(law_period)}; the law prevails."
        )
        period = law_period
    due = add_period(trigger, period)
    within_da, within_en = _da(period), _en(period)
    event_da, event_en = _EVENT[event]
    da.insert(
        0,
        f"Behandlingen skal iværksættes senest {within_da} efter {event_da} ({trigger}), dvs. senest {due}.",
    )
    en.insert(0, f"Treatment must start within {within_en} of {event_en} ({trigger}): by {due}.")
    if mine is None:
        da.append(
            f"Standarden har ingen garanti for dette spor; lovens frist gælder ({law.citation})."
        )
        en.append(
            f"The standard has no guarantee for this track; the law's applies ({law.citation})."
        )
    elif law is None:
        da.append("Loven giver ingen garanti på dette spor; standarden giver mere.")
        en.append("The law gives no guarantee on this track; the standard offers more.")
    da.extend(notes_da)
    en.extend(notes_en)
    if trigger > course.requested_on and law is not None:
        law_due = course.requested_on + dt.timedelta(days=law.days)
        da.append(
            f"Standarden regner fra {event_da}, som ligger efter henvendelsen ({course.requested_on}); efter loven er fristen {law_due} ({law.citation})."
        )
        en.append(
            f"The standard counts from {event_en}, which is later than the request ({course.requested_on}); under the law the deadline is {law_due} ({law.citation})."
        )

    allowed = set(mine.exceptions if mine else ()) | set(law.exceptions if law else ())
    waivers = sorted(course.waivers, key=lambda w: (w.recorded_on, str(w.kind), w.reason))
    valid = [w for w in waivers if w.kind in allowed]
    for w in waivers:
        if w.kind not in allowed:
            kind_da, kind_en = _EXCEPTION[w.kind]
            da.append(
                f"Undtagelsen «{kind_da}» ({w.recorded_on}) er ikke en tilladt undtagelse for denne frist og er set bort fra."
            )
            en.append(
                f"The exception “{kind_en}” ({w.recorded_on}) is not allowed for this deadline and is ignored."
            )
    start = course.treatment_started_on
    status = _status(due, start, c.today)
    closed_on = start
    if status != Status.met and valid:
        w = valid[0]
        status, closed_on = Status.waived, w.recorded_on
        kind_da, kind_en = _EXCEPTION[w.kind]
        da.append(f"Fristen er fraveget ({kind_da}): {w.reason}")
        en.append(f"The deadline is waived ({kind_en}): {w.reason}")

    risk_from = None
    if status == Status.open:
        risk_from, risk_da, risk_en = _guarantee_risk(c, due)
        da.extend(risk_da)
        en.extend(risk_en)
    c.guarantee = _Guarantee(trigger, due)
    yield _deadline(
        Kind.treatment_guarantee,
        "course",
        trigger,
        due,
        closed_on,
        c,
        citation=law.citation if law else None,
        source=mine.source if mine else None,
        da=da,
        en=en,
        status=status,
        at_risk_from=risk_from,
    )


def _forums_for(c: _Ctx, service: Service | None) -> tuple[Forum, ...]:
    forums = {f.id: f for f in c.std.visitation.forums}
    if service is not None:
        ids = service.granted_by
    else:
        ids = tuple(
            dict.fromkeys(
                forum_id
                for s in c.std.services
                if c.track in s.legal_bases
                for forum_id in s.granted_by
            )
        )
    return tuple(forums[i] for i in ids if i in forums)


def _decision_day(c: _Ctx, forum: Forum, day: dt.date, seen: frozenset = frozenset()):
    """The first day `forum` can decide on or after `day` (None when its calendar is open). A
    forum followed by another (Herning: the doctor's consultation, then the health team the same
    day) decides at the follower's first meeting on or after its own."""
    from .calendar import earliest_decision

    when = earliest_decision(forum.schedule, day)
    follower = next((f for f in c.std.visitation.forums if f.id == forum.followed_by), None)
    if when is None or follower is None or follower.id in seen:
        return when
    return _decision_day(c, follower, when, seen | {forum.id})


def _first_forums(forums: Iterable[Forum]) -> list[Forum]:
    """The forums a request goes to first: a forum that follows another one in the list is
    reached through it."""
    forums = list(forums)
    followers = {f.followed_by for f in forums if f.followed_by}
    return [f for f in forums if f.id not in followers]


def _guarantee_risk(c: _Ctx, due: dt.date) -> tuple[dt.date | None, list[str], list[str]]:
    """The first day from which the guarantee is at risk: the earliest possible decision of the
    forums that can grant the service falls after the due date (R17, R11, R20). On the request
    day itself when the calendar already makes the due date unreachable; a later day when a
    meeting before the due date could still decide. None when no meeting can be missed, or the
    calendar is open."""
    course = c.course
    pending = [a for a in course.applications if a.decided_on is None]
    if course.applications and not pending:
        return None, [], []
    if pending:
        starts = [
            (f, max(course.requested_on, a.applied_on))
            for a in pending
            for f in _first_forums(_forums_for(c, c.std.service(a.service)))
        ]
    else:
        starts = [(f, course.requested_on) for f in _first_forums(_forums_for(c, None))]
    known = [(f, d) for f, d in starts if _decision_day(c, f, d) is not None]
    if not known:
        names = ", ".join(dict.fromkeys(f.name for f, _ in starts)) or "—"
        return (
            None,
            [f"Mødekalenderen er åben ({names}); risikoen for overskridelse er ikke vurderet."],
            [f"The forum calendar is open ({names}); the risk of a breach is not assessed."],
        )

    def earliest(day: dt.date) -> tuple[dt.date, str]:
        return min((_decision_day(c, f, max(day, d)), f.name) for f, d in known)

    first = min(d for _, d in known)
    if earliest(due)[0] <= due:
        return None, [], []
    # The earliest decision only moves later as days pass: search the first day it is too late.
    lo, hi = 0, max((due - first).days, 0)
    while lo < hi:
        mid = (lo + hi) // 2
        if earliest(first + dt.timedelta(days=mid))[0] > due:
            hi = mid
        else:
            lo = mid + 1
    risk_from = first + dt.timedelta(days=lo)
    if risk_from <= c.today:
        when, name = earliest(c.today)
        return (
            risk_from,
            [f"Tidligst mulige afgørelse er {when} ({name}), efter fristen {due}."],
            [f"The earliest possible decision is {when} ({name}), after the deadline {due}."],
        )
    when, name = earliest(c.today)
    return (
        risk_from,
        [
            f"Næste mulige afgørelse er {when} ({name}). Er der ikke truffet afgørelse, før "
            f"{risk_from} begynder, kan fristen {due} ikke nås, og garantien er i risiko."
        ],
        [
            f"The next possible decision is {when} ({name}). Without a decision before "
            f"{risk_from}, the deadline {due} cannot be met and the guarantee is at risk."
        ],
    )


# R19 ----------------------------------------------------------------------------------------


def doctor_consultation(c: _Ctx) -> Iterator[ComputedDeadline]:
    law = c.floor.doctor_consultation
    law_applies = c.track in law.applies_to
    mine = _std_deadline(c, DeadlineKind.doctor_consultation)
    g = c.guarantee
    course = c.course
    if mine is None and not law_applies:
        return
    da: list[str] = []
    en: list[str] = []
    if mine is not None:
        trigger, event, notes_da, notes_en = _event_day(c, mine.counts_from)
        event_da, event_en = _EVENT[event]
        due = add_period(trigger, mine.within) if mine.within is not None else None
        if mine.within is not None:
            da.append(
                f"Lægesamtale senest {_da(mine.within)} efter {event_da} ({trigger}), dvs. senest {due}."
            )
            en.append(
                f"A doctor's consultation within {_en(mine.within)} of {event_en} ({trigger}): by {due}."
            )
        else:
            da.append("Standarden giver ingen frist i dage for lægesamtalen.")
            en.append("The standard gives no time limit for the doctor's consultation.")
        da.extend(notes_da)
        en.extend(notes_en)
        if law_applies and g is not None and g.due >= trigger and (due is None or g.due < due):
            due = g.due
            da.append(
                f"Loven kræver samtalen før behandlingen iværksættes; loven går forud: senest {due}."
            )
            en.append(
                f"The law requires the consultation before treatment starts; the law prevails: by {due}."
            )
    else:
        trigger = g.trigger if g is not None else course.requested_on
        due = g.due if g is not None else None
        if due is not None:
            da.append(
                f"Lægesamtale før stofmisbrugsbehandlingen iværksættes, dvs. senest ved garantiens frist {due}; standarden fastsætter ingen frist, loven gør."
            )
            en.append(
                f"A doctor's consultation before drug treatment starts, i.e. by the guarantee's deadline {due}; the standard sets none, the law does."
            )
        else:
            da.append("Lægesamtale før behandlingen iværksættes; fristen kan ikke beregnes.")
            en.append(
                "A doctor's consultation before treatment starts; the date cannot be computed."
            )
    held, status = course.doctor_consultation_on, None
    start = course.treatment_started_on
    if law_applies and start is not None and (held is None or held > start):
        # The law asks for the consultation before the treatment starts: a start without it
        # closes the deadline as breached on the start day (it can no longer be met in time).
        status, held = Status.breached, held or start
        da.append(
            f"Behandlingen blev iværksat {start} uden en forudgående lægesamtale; loven kræver samtalen før start."
        )
        en.append(
            f"Treatment started on {start} without a prior doctor's consultation; the law requires it before the start."
        )
    yield _deadline(
        Kind.doctor_consultation,
        "course",
        trigger,
        due,
        held,
        c,
        citation=law.citation if law_applies else None,
        source=mine.source if mine else None,
        da=da,
        en=en,
        status=status,
    )


# R3 -----------------------------------------------------------------------------------------


def open_counselling(c: _Ctx) -> Iterator[ComputedDeadline]:
    mine = _std_deadline(c, DeadlineKind.open_counselling)
    if mine is None:
        return
    trigger, event, notes_da, notes_en = _event_day(c, mine.counts_from)
    event_da, event_en = _EVENT[event]
    if mine.within is not None:
        due = add_period(trigger, mine.within)
        da = [f"Åben rådgivning senest {_da(mine.within)} efter {event_da} ({trigger}): {due}."]
        en = [f"Open counselling within {_en(mine.within)} of {event_en} ({trigger}): by {due}."]
    else:
        due = None
        da = ["Standarden lover åben rådgivning uden en frist i dage."]
        en = ["The standard promises open counselling without a time limit."]
    da.extend(notes_da)
    en.extend(notes_en)
    yield _deadline(
        Kind.open_counselling,
        "course",
        trigger,
        due,
        c.course.open_counselling_on,
        c,
        citation=None,
        source=mine.source,
        da=da,
        en=en,
    )


# R24 ----------------------------------------------------------------------------------------


def _plans(c: _Ctx):
    return sorted(c.course.plans, key=lambda p: p.made_on)


def plan_at_start(c: _Ctx) -> Iterator[ComputedDeadline]:
    law = c.floor.plan_at_start
    law_applies = c.track in law.applies_to
    mine = _std_deadline(c, DeadlineKind.plan_at_start)
    if not law_applies and mine is None:
        return
    course = c.course
    plans = _plans(c)
    first = plans[0].made_on if plans else None
    start = course.treatment_started_on
    if start is None:
        trigger, due = course.requested_on, None
        da = [
            "Behandlingsplanen skal foreligge ved behandlingens start, som ikke er registreret endnu."
        ]
        en = ["The treatment plan is due at the treatment start, which is not recorded yet."]
    else:
        trigger = due = start
        da = [f"Behandlingsplanen skal foreligge ved behandlingens start ({start})."]
        en = [f"The treatment plan is due at the treatment start ({start})."]
    if not law_applies:
        da.append("Loven kræver ikke planen på dette spor; standarden gør.")
        en.append("The law does not require the plan on this track; the standard does.")
    source = mine.source if mine else (c.std.plan.source if c.std.plan.at_start else None)
    yield _deadline(
        Kind.plan_at_start,
        "course",
        trigger,
        due,
        first,
        c,
        citation=law.citation if law_applies else None,
        source=source,
        da=da,
        en=en,
    )


# R25 ----------------------------------------------------------------------------------------


def plan_reviews(c: _Ctx) -> Iterator[ComputedDeadline]:
    plans = _plans(c)
    if not plans:
        return
    course = c.course
    end = course.discharge.on if course.discharge else None
    # A review, or a later plan (a revised plan), closes a review deadline; none after discharge.
    reviews = sorted(
        set(course.reviews) | {p.made_on for p in plans[1:]},
    )
    if end is not None:
        reviews = [r for r in reviews if r <= end]
    seen: set[str] = set()
    for mine in c.std.deadlines_of(DeadlineKind.plan_review):
        if not _covers(mine, c.track):
            continue
        found: list[ComputedDeadline] = []
        if mine.within is not None:
            found.extend(_interval_reviews(c, mine, plans[0].made_on, reviews, end))
        if ReviewTrigger.service_change in mine.triggers:
            found.extend(_change_reviews(c, mine, plans[0].made_on, reviews, end))
        if (
            ReviewTrigger.end_of_agreed_period in mine.triggers
            or mine.counts_from == Event.end_of_agreed_period
        ):
            found.extend(_period_reviews(c, mine, plans, reviews, end))
        for d in found:
            if d.subject not in seen:
                seen.add(d.subject)
                yield d


def _interval_reviews(c, mine: Deadline, base: dt.date, reviews, end) -> Iterator[ComputedDeadline]:
    if mine.within is None:  # the caller only passes a review deadline with an interval
        return
    while True:
        due = add_period(base, mine.within)
        closing = next((r for r in reviews if r > base), None)
        if closing is None and end is not None and end <= due:
            return
        yield _deadline(
            Kind.plan_review,
            f"review:{base}",
            base,
            due,
            closing,
            c,
            citation=None,
            source=mine.source,
            da=[
                f"Behandlingsplanen revideres mindst {_every_da(mine.within)}: senest {due} (regnet fra {base})."
            ],
            en=[f"The plan is reviewed at least every {_en(mine.within)}: by {due} (from {base})."],
        )
        if closing is None:
            return
        base = closing


def _change_reviews(c, mine: Deadline, plan_day, reviews, end) -> Iterator[ComputedDeadline]:
    for change in sorted(set(c.course.service_changes)):
        if change <= plan_day or (end is not None and change > end):
            continue
        yield _deadline(
            Kind.plan_review,
            f"review:change:{change}",
            change,
            change,
            _first_on_or_after(reviews, change),
            c,
            citation=None,
            source=mine.source,
            da=[f"Behandlingsydelserne blev ændret {change}; planen revideres ved ændringen."],
            en=[f"The services changed on {change}; the plan is reviewed at the change."],
        )


def _period_reviews(c, mine: Deadline, plans, reviews, end) -> Iterator[ComputedDeadline]:
    for i, plan in enumerate(plans):
        closing = next((r for r in reviews if r > plan.made_on), None)
        if plan.agreed_period_end is None:
            if i < len(plans) - 1 or end is not None:
                continue  # replaced by a later plan, or the course has ended
            yield _deadline(
                Kind.plan_review,
                f"review:period:{plan.made_on}",
                plan.made_on,
                None,
                closing,
                c,
                citation=None,
                source=mine.source,
                da=[
                    f"Planen ({plan.made_on}) evalueres ved den aftalte periodes afslutning, men planen angiver ingen periode."
                ],
                en=[
                    f"The plan ({plan.made_on}) is evaluated at the end of its agreed period, but it states no period."
                ],
            )
            continue
        due = plan.agreed_period_end
        if closing is None and end is not None and end <= due:
            continue
        yield _deadline(
            Kind.plan_review,
            f"review:period:{plan.made_on}",
            plan.made_on,
            due,
            closing,
            c,
            citation=None,
            source=mine.source,
            da=[
                f"Den tidsbegrænsede plan ({plan.made_on}) evalueres ved den aftalte periodes afslutning, {due}."
            ],
            en=[
                f"The time-limited plan ({plan.made_on}) is evaluated at the end of its agreed period, {due}."
            ],
        )


# R37 ----------------------------------------------------------------------------------------


def follow_ups(c: _Ctx) -> Iterator[ComputedDeadline]:
    discharge = c.course.discharge
    if discharge is None:
        return
    law = c.floor.follow_up
    offsets: dict[tuple[int, str], dict] = {}
    for mine in c.std.deadlines_of(DeadlineKind.follow_up):
        if not _covers(mine, c.track) or mine.within is None:
            continue
        entry = offsets.setdefault(
            (mine.within.amount, str(mine.within.unit)),
            {"period": mine.within, "statuses": set(), "mine": mine, "law": False},
        )
        entry["statuses"] |= set(mine.discharge_statuses or law.discharge_statuses)
    if c.track in FOLLOW_UP_LAW_TRACKS:
        for offset in law.offsets:
            entry = offsets.setdefault(
                (offset.amount, str(offset.unit)),
                {"period": offset, "statuses": set(), "mine": None, "law": True},
            )
            entry["law"] = True
            entry["statuses"] |= set(law.discharge_statuses)
    due_of = {key: add_period(discharge.on, e["period"]) for key, e in offsets.items()}
    wanted = sorted(
        (key for key, e in offsets.items() if discharge.status in e["statuses"]),
        key=lambda k: (due_of[k], k),
    )
    # Each recorded follow-up closes the earliest-due follow-up still open.
    records = sorted(r.held_on for r in c.course.follow_ups if r.held_on >= discharge.on)
    status_da, status_en = _DISCHARGE[discharge.status]
    for i, key in enumerate(wanted):
        e = offsets[key]
        period, mine = e["period"], e["mine"]
        due = due_of[key]
        da = [
            f"Opfølgning senest {_da(period)} efter udskrivningen {discharge.on} ({status_da}): {due}."
        ]
        en = [
            f"Follow-up at the latest {_en(period)} after the discharge on {discharge.on} ({status_en}): by {due}."
        ]
        if mine is None:
            da.append("Standarden nævner ikke denne opfølgning; loven tilføjer den.")
            en.append("The standard does not mention this follow-up; the law adds it.")
        elif not e["law"]:
            da.append("Standarden lover denne opfølgning ud over lovens.")
            en.append("The standard promises this follow-up beyond the law's.")
        yield _deadline(
            Kind.follow_up,
            f"follow_up:{_short(period)}",
            discharge.on,
            due,
            records[i] if i < len(records) else None,
            c,
            citation=law.citation if e["law"] else None,
            source=mine.source if mine else None,
            da=da,
            en=en,
        )


# R39 ----------------------------------------------------------------------------------------


def _not_appealable(c: _Ctx, legal_basis: str):
    return next(
        (n for n in c.floor.complaints.not_appealable if n.legal_basis == legal_basis), None
    )


def _route(c: _Ctx, legal_basis: str) -> ComplaintRoute | None:
    social = [r for r in c.std.complaints.routes if r.kind == ComplaintKind.social_decision]
    return next((r for r in social if legal_basis in r.legal_bases), None) or next(
        (r for r in social if not r.legal_bases), None
    )


def complaint_periods(c: _Ctx) -> Iterator[ComputedDeadline]:
    law = c.floor.complaints.social_decision
    guidance_citation = next(
        (n.citation for n in c.floor.complaints.decision_needs if n.what == "complaint_guidance"),
        None,
    )
    for decision in sorted(c.course.decisions, key=lambda d: (d.made_on, d.id)):
        if _not_appealable(c, decision.legal_basis):
            continue  # SEL § 101 a stk. 6
        route = _route(c, decision.legal_basis)
        trigger = decision.sent_on or decision.made_on
        received = sorted(k.received_on for k in c.course.complaints if k.decision == decision.id)
        subject = f"decision:{decision.id}"
        if decision.sent_on is None or not decision.complaint_guidance:
            if decision.sent_on is None:
                da = ["Afgørelsen er ikke sendt; klagefristen løber ikke endnu."]
                en = ["The decision has not been sent; the complaint period does not run yet."]
            else:
                da = [
                    f"Afgørelsen blev sendt uden klagevejledning ({guidance_citation}); klagefristen løber ikke, før vejledningen er givet."
                ]
                en = [
                    f"The decision was sent without complaint guidance ({guidance_citation}); no complaint period runs until guidance is given."
                ]
            first = received[0] if received else None
            yield _deadline(
                Kind.complaint_period,
                subject,
                trigger,
                None,
                first,
                c,
                citation=law.citation,
                source=route.source if route else None,
                da=da,
                en=en,
                status=Status.met if first else Status.open,
            )
            continue
        sent = decision.sent_on
        law_due = add_period(sent, law.period)
        period = law.period
        da: list[str] = []
        en: list[str] = []
        if route is not None and route.period is not None:
            mine_due = add_period(sent, route.period)
            if mine_due >= law_due:
                period = route.period
            else:
                da.append(
                    f"Standardens klagefrist på {_da(route.period)} er kortere end lovens; loven går forud."
                )
                en.append(
                    f"The standard's complaint period of {_en(route.period)} is shorter than the law's; the law prevails."
                )
        due = add_period(sent, period)
        da.insert(
            0,
            f"Borgeren kan klage inden {_da(period)} fra afgørelsen blev sendt {sent}: senest {due}.",
        )
        en.insert(
            0,
            f"The citizen may complain within {_en(period)} of the decision being sent on {sent}: by {due}.",
        )
        in_time = next((r for r in received if r <= due), None)
        if in_time is not None:
            status = Status.met
        elif c.today > due:
            status = Status.lapsed
            if received:
                da.append(f"En klage kom {received[0]}, efter fristen.")
                en.append(f"A complaint came on {received[0]}, after the period.")
        else:
            status = Status.open
        yield _deadline(
            Kind.complaint_period,
            subject,
            sent,
            due,
            in_time,
            c,
            citation=law.citation,
            source=route.source if route else None,
            da=da,
            en=en,
            status=status,
        )


def complaint_handling(c: _Ctx) -> Iterator[ComputedDeadline]:
    law = c.floor.complaints.social_decision
    decisions = {d.id: d for d in c.course.decisions}
    for complaint in sorted(c.course.complaints, key=lambda k: (k.received_on, k.id)):
        decision = decisions[complaint.decision]
        if _not_appealable(c, decision.legal_basis):
            continue
        route = _route(c, decision.legal_basis)
        received = complaint.received_on
        due = add_period(received, law.reassessment)
        period = law.reassessment
        if route is not None and route.reassessment is not None:
            mine_due = add_period(received, route.reassessment)
            if mine_due <= due:
                due, period = mine_due, route.reassessment
        subject = f"complaint:{complaint.id}"
        yield _deadline(
            Kind.complaint_reassessment,
            subject,
            received,
            due,
            complaint.reassessed_on,
            c,
            citation=law.citation,
            source=route.source if route else None,
            da=[
                f"Klagen modtaget {received}: afgørelsen genvurderes inden {_da(period)}, senest {due}."
            ],
            en=[
                f"Complaint received on {received}: the decision is re-assessed within {_en(period)}, by {due}."
            ],
        )
        if complaint.decision_kept:
            yield _deadline(
                Kind.complaint_forwarding,
                subject,
                received,
                due,
                complaint.forwarded_on,
                c,
                citation=law.citation,
                source=route.source if route else None,
                da=[
                    f"Afgørelsen er fastholdt; klagen sendes med sagens dokumenter til {law.next_instance} senest {due}, og borgeren orienteres."
                ],
                en=[
                    f"The decision is kept; the complaint goes with the case documents to {law.next_instance} by {due}, and the citizen is told."
                ],
            )


# R22, R32 -----------------------------------------------------------------------------------


def _meeting_kind(name: str) -> str | None:
    n = name.casefold()
    if "midt" in n or "midway" in n:
        return "midway"
    if "slut" in n or "final" in n:
        return "final"
    if n.startswith("for") or "før" in n or "before" in n:
        return "before"
    return None


_MEETING = {
    "before": ("før opholdet", "before the stay"),
    "midway": ("midtvejs", "midway"),
    "final": ("ved afslutningen", "at the end"),
}


def status_meetings(c: _Ctx) -> Iterator[ComputedDeadline]:
    req = c.std.residential_provider_requirements
    if req is None or not req.status_meetings:
        return
    kinds = {k: name for name in req.status_meetings if (k := _meeting_kind(name))}
    for stay in sorted(c.course.stays, key=lambda s: (s.starts_on, s.id)):
        start, end = stay.starts_on, stay.ends_on
        due_by_kind = {
            "before": start,
            "midway": start + (end - start) // 2 if end else None,
            "final": end,
        }
        held = {
            "before": stay.before_meeting_on,
            "midway": stay.midway_meeting_on,
            "final": stay.final_meeting_on,
        }
        for kind in ("before", "midway", "final"):
            if kind not in kinds:
                continue
            due = due_by_kind[kind]
            when_da, when_en = _MEETING[kind]
            if due is None:
                da = [
                    f"Statusmøde «{kinds[kind]}» {when_da}; opholdets slutdato er ikke registreret."
                ]
                en = [
                    f"Status meeting “{kinds[kind]}” {when_en}; the stay's end date is not recorded."
                ]
            else:
                da = [f"Statusmøde «{kinds[kind]}» {when_da} med behandlingsstedet: senest {due}."]
                en = [f"Status meeting “{kinds[kind]}” {when_en} with the provider: by {due}."]
            yield _deadline(
                Kind.residential_status_meeting,
                f"stay:{stay.id}:{kind}",
                start,
                due,
                held[kind],
                c,
                citation=None,
                source=req.source,
                da=da,
                en=en,
            )


# R15 ----------------------------------------------------------------------------------------


def grant_expiries(c: _Ctx) -> Iterator[ComputedDeadline]:
    course = c.course
    for grant in sorted(course.grants, key=lambda g: (g.granted_on, g.id)):
        if grant.ends_on is None:
            continue
        later = [g.granted_on for g in course.grants if g.granted_on > grant.granted_on]
        candidates = [d for d in (grant.extended_on, *later) if d is not None]
        if course.discharge is not None:
            candidates.append(course.discharge.on)
        closing = min(candidates, default=None)
        service = c.std.service(grant.service)
        name = service.name if service else grant.service
        yield _deadline(
            Kind.grant_expiry,
            f"grant:{grant.id}",
            grant.granted_on,
            grant.ends_on,
            closing,
            c,
            citation=None,
            source=service.source if service else None,
            da=[
                f"Bevillingen af «{name}» udløber {grant.ends_on}; forlæng den, bevilg et nyt tilbud eller afslut forløbet inden."
            ],
            en=[
                f"The grant of “{name}” expires on {grant.ends_on}; extend it, grant a new service or end the course before then."
            ],
        )


# R11 ----------------------------------------------------------------------------------------


_ON_DEMAND = (Recurrence.on_demand, Recurrence.same_day)


def forum_meetings(c: _Ctx) -> Iterator[ComputedDeadline]:
    """R11: a pending application is decided at the next meeting of a forum that grants the
    service. Forums that decide on demand have no meeting to wait for and give no deadline."""
    for application in sorted(c.course.applications, key=lambda a: (a.applied_on, a.id)):
        service = c.std.service(application.service)
        applied = application.applied_on
        if service is None:
            due, source = None, None
            da = [f"Ydelsen «{application.service}» findes ikke i standarden; intet mødetidspunkt."]
            en = [f"The service “{application.service}” is not in the standard; no meeting date."]
        else:
            forums = [
                f
                for f in _first_forums(_forums_for(c, service))
                if f.schedule is None or f.schedule.recurrence not in _ON_DEMAND
            ]
            if not forums and (service.granted_by or not service.requires_visitation):
                continue  # granted on demand, or without visitation
            known = [
                (when, f.id, f)
                for f in forums
                if (when := _decision_day(c, f, applied)) is not None
            ]
            if known:
                due, _, forum = min(known)
                source = forum.source
                da = [f"Ansøgningen ({applied}) behandles på næste møde i «{forum.name}»: {due}."]
                en = [
                    f"The application ({applied}) is decided at the next meeting of “{forum.name}”: {due}."
                ]
            else:
                due, source = None, None
                names = ", ".join(f.name for f in forums)
                if names:
                    da = [f"Mødekalenderen er åben ({names}); næste møde kan ikke beregnes."]
                    en = [
                        f"The forum calendar is open ({names}); the next meeting cannot be computed."
                    ]
                else:
                    da = ["Standarden angiver ikke, hvilket forum der bevilger ydelsen."]
                    en = ["The standard does not say which forum grants the service."]
        yield _deadline(
            Kind.forum_meeting,
            f"application:{application.id}",
            applied,
            due,
            application.decided_on,
            c,
            citation=None,
            source=source,
            da=da,
            en=en,
        )


RULES = (
    guarantee,  # first: the doctor's consultation uses its due date
    doctor_consultation,
    open_counselling,
    plan_at_start,
    plan_reviews,
    follow_ups,
    complaint_periods,
    complaint_handling,
    status_meetings,
    grant_expiries,
    forum_meetings,
)


def compute_deadlines(
    course: Course, standard: Standard, floor: LawFloor, today: dt.date
) -> tuple[ComputedDeadline, ...]:
    """Every deadline of one contact course under `standard` and the law `floor`, as of
    `today`, ordered by kind, trigger and subject."""
    c = _Ctx(course, standard, floor, today)
    found = [_after_end(d, course) for rule in RULES for d in rule(c)]
    return tuple(sorted(found, key=_order))


# Deadlines owed to the citizen after the course has ended (a follow-up; a complaint's handling
# and the period to complain) stay; every other deadline ends with the course.
OUTLIVES_THE_COURSE = frozenset(
    {Kind.follow_up, Kind.complaint_period, Kind.complaint_reassessment, Kind.complaint_forwarding}
)


def _course_end(course: Course) -> dt.date | None:
    return course.discharge.on if course.discharge else course.closed_on


def _after_end(d: ComputedDeadline, course: Course) -> ComputedDeadline:
    """A deadline still unmet when the course ended (discharge, or a contact course closed
    without treatment) is closed on that day: breached when it was already due, lapsed (no
    longer owed) when it was not. It no longer stands on anyone's worklist."""
    end = _course_end(course)
    if (
        end is None
        or d.closed_on is not None
        or d.status not in (Status.open, Status.breached)
        or d.kind in OUTLIVES_THE_COURSE
    ):
        return d
    if d.due is not None and d.due < end:
        return replace(
            d,
            status=str(Status.breached),
            closed_on=end,
            at_risk=False,
            at_risk_from=None,
            reason_da=f"{d.reason_da} Forløbet sluttede {end}, uden at fristen var overholdt.",
            reason_en=f"{d.reason_en} The course ended on {end} without the deadline being met.",
        )
    return replace(
        d,
        status=str(Status.lapsed),
        closed_on=None,
        at_risk=False,
        at_risk_from=None,
        reason_da=f"{d.reason_da} Forløbet sluttede {end}; fristen bortfaldt.",
        reason_en=f"{d.reason_en} The course ended on {end}; the deadline no longer applies.",
    )


def _order(d: ComputedDeadline) -> tuple:
    # Ties keep the order the rules made them in (before, midway, final), which is fixed.
    return (KIND_ORDER.index(Kind(d.kind)), d.trigger, d.due is None, d.due or d.trigger)
