"""The frozen facts the figures are computed from (courses, deadlines, complaints, capacity) and
the period they are computed for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DRUG_SUBSTANCES = frozenset({"drugs", "cannabis", "opioids", "cocaine", "amphetamine", "other"})
ANONYMOUS_TRACK = "SEL-101a"
COUNSELLING_TRACK = "counselling"


# --- facts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineFact:
    """A stored deadline: its due date, the closing event's date and its stored status
    (met, breached, open, waived, lapsed)."""

    due: dt.date | None
    closed_on: dt.date | None
    status: str
    trigger: dt.date | None = None

    def status_on(self, as_of: dt.date) -> str:
        """The status as it was on `as_of`: closed after `as_of` means still open then (and so
        breached when already past due); open and past due is breached."""
        status = self.status
        if self.closed_on is not None and self.closed_on > as_of:
            status = "open"
        if status == "open" and self.due is not None and self.due < as_of:
            return "breached"
        return status

    def exists_on(self, as_of: dt.date) -> bool:
        """A deadline whose trigger lies after `as_of` did not exist yet."""
        return self.trigger is None or self.trigger <= as_of


@dataclass(frozen=True)
class ServiceSpan:
    service_id: str
    start_on: dt.date
    end_on: dt.date | None


@dataclass(frozen=True)
class CourseFacts:
    """One contact course and its treatment course, as the KPIs need them."""

    id: int
    client: int  # the same for every course of one person (a linked anonymous client counts once)
    track: str  # SEL-101, SEL-101a, SUL-141, SUL-142
    anonymous: bool
    substance: str | None  # "alcohol", "drugs" (any illicit drug) or None when not recorded
    age: int | None  # at the request (or the course's opening)
    centre: int | None = None
    request_on: dt.date | None = None
    opened_on: dt.date | None = None
    first_grant_on: dt.date | None = None
    start_on: dt.date | None = None
    discharged_on: dt.date | None = None
    discharge_status: str | None = None  # completed, to_other_offer, to_hospital, ...
    discharge_outcome: str | None = None  # abstinent, reduced, stabilised, unchanged
    offered_services: tuple[str, ...] = ()  # services applied for or given
    services: tuple[ServiceSpan, ...] = ()
    guarantee: DeadlineFact | None = None
    follow_ups: tuple[DeadlineFact, ...] = ()
    follow_ups_reached: int = 0
    follow_ups_recorded: int = 0
    plan_reviews: tuple[DeadlineFact, ...] = ()

    @property
    def requested(self) -> dt.date | None:
        """The request for treatment; a course without one is only counselling."""
        return self.request_on

    @property
    def counted(self) -> bool:
        """Outside every course metric: anonymous courses under SEL § 101 a, courses on the
        counselling track and courses without a request for treatment."""
        if self.track == ANONYMOUS_TRACK and self.anonymous:
            return False
        return self.track != COUNSELLING_TRACK and self.request_on is not None

    def in_treatment_on(self, day: dt.date) -> bool:
        return (
            self.start_on is not None
            and self.start_on <= day
            and (self.discharged_on is None or self.discharged_on > day)
        )


@dataclass(frozen=True)
class ComplaintFacts:
    id: int
    received_on: dt.date
    reassessment: DeadlineFact | None
    forwarding: DeadlineFact | None = None


@dataclass(frozen=True)
class Capacity:
    """A capacity the standard states, for a service or a centre."""

    key: str  # the service's or the centre's id in the standard
    name: str
    amount: int
    unit: str  # courses (per year), places (at the same time), participants
    substance: str | None = None
    service_ids: tuple[str, ...] = ()  # for a centre: every service; for a service: itself
    centre: int | None = None  # the centre record, when the capacity is a centre's


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("period ends before it starts / perioden slutter før den begynder")

    def __contains__(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))
