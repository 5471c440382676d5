"""The statutory floor as data (`floor.yaml`), validated and loaded once."""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from pathlib import Path

import yaml

from ..standards.schema import (
    DischargeStatus,
    Event,
    GuaranteeException,
    LegalBasisId,
    Model,
    Period,
)

FLOOR_FILE = Path(__file__).with_name("floor.yaml")


class ProvisionStatus(StrEnum):
    in_force = "in_force"
    repealed = "repealed"
    moved = "moved"
    replaced = "replaced"


class Provision(Model):
    id: str
    citation: str
    title: str
    status: ProvisionStatus
    replaced_by: str | None = None
    verified: bool
    source: str
    note: str | None = None


class Guarantee(Model):
    legal_basis: LegalBasisId
    days: int
    counts_from: Event
    citation: str
    exceptions: tuple[GuaranteeException, ...]
    exceptions_citation: str | None


class NotGuaranteed(Model):
    legal_basis: LegalBasisId
    citation: str
    note: str


class DoctorConsultation(Model):
    before: Event
    applies_to: tuple[LegalBasisId, ...]
    citation: str


class PlanAtStart(Model):
    applies_to: tuple[LegalBasisId, ...]
    citation: str


class FollowUp(Model):
    citation: str
    offsets: tuple[Period, ...]
    discharge_statuses: tuple[DischargeStatus, ...]
    # A later follow-up ("og igen 6 måneder efter") can be recorded from this long before its own
    # due day (D77); the first ("senest 1 måned") from the discharge day.
    opens_before_due: Period
    opens_before_due_source: str

    @property
    def opens_before_due_days(self) -> int:
        if self.opens_before_due.unit != "day":
            raise ValueError("the follow-up window is counted in days")
        return self.opens_before_due.amount


class NotificationCheck(Model):
    """The check whether to notify children's services (R34): due `within` the day the facts
    that raise it were recorded (the duty applies as soon as the professional knows)."""

    within: Period
    citation: str
    verified: bool
    source: str
    note: str | None = None

    @property
    def within_days(self) -> int:
        if self.within.unit != "day":
            raise ValueError("the notification check is counted in days")
        return self.within.amount


class Revision(Model):
    at_most: Period
    citation: str


class SocialDecisionComplaint(Model):
    period: Period
    reassessment: Period
    next_instance: str
    citation: str


class NotAppealable(Model):
    legal_basis: LegalBasisId
    citation: str


class DecisionNeed(Model):
    what: str
    citation: str


class ReceiptRule(Model):
    """A letter sent this way is deemed received this many working days after it was sent."""

    working_days: int
    citation: str
    verified: bool
    source: str


class Receipt(Model):
    digital_post: ReceiptRule
    post: ReceiptRule


class PeriodEndOnHoliday(Model):
    moves_to_next_working_day: bool
    citation: str
    verified: bool
    source: str


class ComplaintFloor(Model):
    social_decision: SocialDecisionComplaint
    not_appealable: tuple[NotAppealable, ...]
    decision_needs: tuple[DecisionNeed, ...]
    receipt: Receipt
    period_end_on_holiday: PeriodEndOnHoliday


class ContactCourseRule(Model):
    """The statistics' contact course: contacts at most `merge_gap` apart are one course."""

    merge_gap: Period
    citation: str
    verified: bool

    @property
    def merge_gap_days(self) -> int:
        if self.merge_gap.unit != "day":
            raise ValueError("the contact course's merge gap is counted in days")
        return self.merge_gap.amount


class OutdatedBody(Model):
    as_written: str
    current: str
    verified: bool
    citation: str


class RegisterInfo(Model):
    id: str
    name: str
    status: str
    verified: bool
    note: str | None = None


class MandatorySection(Model):
    key: str
    da: str
    en: str


class LawFloor(Model):
    provisions: tuple[Provision, ...]
    guarantees: tuple[Guarantee, ...]
    not_guaranteed: tuple[NotGuaranteed, ...]
    doctor_consultation: DoctorConsultation
    plan_at_start: PlanAtStart
    follow_up: FollowUp
    notification_check: NotificationCheck
    revision: Revision
    complaints: ComplaintFloor
    contact_course: ContactCourseRule
    outdated_bodies: tuple[OutdatedBody, ...]
    registers: tuple[RegisterInfo, ...]
    mandatory_sections: tuple[MandatorySection, ...]
    mandatory_sections_citation: str

    def provision(self, provision_id: str) -> Provision | None:
        return next((p for p in self.provisions if p.id == provision_id), None)

    def citation(self, provision_id: str) -> str:
        found = self.provision(provision_id)
        return found.citation if found else provision_id

    def guarantee(self, legal_basis: str) -> Guarantee | None:
        return next((g for g in self.guarantees if g.legal_basis == legal_basis), None)

    def register(self, register_id: str) -> RegisterInfo | None:
        wanted = register_id.casefold()
        return next((r for r in self.registers if r.id.casefold() == wanted), None)


@cache
def law_floor() -> LawFloor:
    return LawFloor.model_validate(yaml.safe_load(FLOOR_FILE.read_text(encoding="utf-8")))
