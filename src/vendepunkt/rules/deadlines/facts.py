"""The facts of one contact course the engine computes from: frozen values, checked on creation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from ..standards.schema import DischargeStatus, GuaranteeException

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
    """A follow-up after discharge (R37): `subject` names the follow-up it answers
    (`follow_up:1m`); one not reached is an attempt (rules.deadlines.follow_up)."""

    held_on: dt.date
    reached: bool = True
    result: str | None = None
    subject: str = ""


@dataclass(frozen=True)
class Application:
    """An application for a service of the standard, decided by the forums that grant it."""

    id: str
    service: str
    applied_on: dt.date
    decided_on: dt.date | None = None


class SentBy(StrEnum):
    """How a decision letter was sent; it decides the day the citizen is deemed to receive it."""

    digital_post = "digital_post"
    post = "post"


@dataclass(frozen=True)
class Decision:
    """A written social decision (grant or refusal). `sent_on` is None until it is sent;
    `sent_by` how (None when not recorded); `complaint_guidance` says whether it carried
    complaint guidance (forvaltningsloven § 25)."""

    id: str
    legal_basis: str
    made_on: dt.date
    sent_on: dt.date | None
    complaint_guidance: bool
    sent_by: SentBy | None = None

    def __post_init__(self) -> None:
        if self.sent_by is not None:
            object.__setattr__(self, "sent_by", SentBy(self.sent_by))
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


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


def _unique_ids(name: str, items: Iterable[_HasId]) -> None:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise ValueError(f"{name}: the id '{item.id}' is used twice")
        seen.add(item.id)


@dataclass(frozen=True)
class NoShow:
    """An appointment the citizen did not come to (R27): its id, day, and the day the citizen was
    actively contacted afterwards (None while not yet)."""

    id: str
    on: dt.date
    contacted_on: dt.date | None = None


@dataclass(frozen=True)
class Course:
    """The facts of one contact course (kontaktforløb), from the request to its end.

    `legal_basis` is the course's legal track: SEL-101, SEL-101a, SUL-141 or SUL-142."""

    legal_basis: str
    requested_on: dt.date
    personal_attendance_on: dt.date | None = None
    open_counselling_on: dt.date | None = None
    # The first talk or session held with the citizen (a counselling talk, an attended
    # appointment or the treatment start): closes the standard's first-appointment deadline.
    first_appointment_on: dt.date | None = None
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
    # The notification check (Barnets Lov § 133): the day pregnancy or children under 18 was
    # recorded, and the day the check was done (rules.deadlines.notification).
    notification_flagged_on: dt.date | None = None
    notification_checked_on: dt.date | None = None
    # R27: the no-shows, and the days the citizen attended an appointment (either answers the
    # active contact a no-show asks for: rules.deadlines.attendance)
    no_shows: tuple[NoShow, ...] = ()
    attended_on: tuple[dt.date, ...] = ()

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
