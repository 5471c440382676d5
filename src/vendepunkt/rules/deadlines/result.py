"""What a computed deadline is: its kind, its status and the `ComputedDeadline` itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    treatment_guarantee = "treatment_guarantee"
    doctor_consultation = "doctor_consultation"
    open_counselling = "open_counselling"
    decision = "decision"
    first_appointment = "first_appointment"
    plan_at_start = "plan_at_start"
    plan_review = "plan_review"
    follow_up = "follow_up"
    complaint_period = "complaint_period"
    complaint_reassessment = "complaint_reassessment"
    complaint_forwarding = "complaint_forwarding"
    residential_status_meeting = "residential_status_meeting"
    grant_expiry = "grant_expiry"
    forum_meeting = "forum_meeting"
    notification_check = "notification_check"
    no_show_contact = "no_show_contact"


KIND_ORDER = tuple(Kind)


class Status(StrEnum):
    open = "open"
    met = "met"
    breached = "breached"
    waived = "waived"
    lapsed = "lapsed"  # a citizen-side period that has run out (the complaint period)


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
    # Where the standard counts from a later event or over a longer period than the law, the
    # standard's own (later) date: shown beside the deadline, never used (issue 12 § 2).
    standard_due: dt.date | None = None

    def __post_init__(self) -> None:
        Kind(self.kind)
        Status(self.status)
        if self.due is not None and self.due < self.trigger:
            raise ValueError(f"{self.kind} {self.subject}: due {self.due} before {self.trigger}")
