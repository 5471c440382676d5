"""The schema of one municipality's quality standard (kvalitetsstandard).

A standard file is YAML that validates against `Standard`. Every model is strict about its keys
(unknown keys are errors) and immutable once loaded. Values a seed leaves open are written as
`null` on purpose: most key facts are required keys, so a file cannot silently omit them.

Every entry carries a `source`: the seed document and section it was taken from (for example
`"HAD 6.2"`), optionally with a verbatim `quote`. Values that come from the law carry a
`citation` (for example `"SEL § 101 stk. 4"`).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=60)]
LegalBasisId = Annotated[str, Field(pattern=r"^[A-Za-z]+-[0-9]+[a-z]?$", max_length=20)]
Text = Annotated[str, Field(min_length=1, max_length=4000)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(Model):
    """Where a value comes from: a seed document and its section, or the law."""

    doc: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_-]*$")]
    section: str | None = None
    quote: str | None = Field(default=None, max_length=1000)
    citation: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        # "HAD 6.2" is short for {doc: HAD, section: "6.2"}.
        if isinstance(value, str):
            doc, _, section = value.strip().partition(" ")
            return {"doc": doc, "section": section.strip() or None}
        return value

    @model_validator(mode="after")
    def _law_needs_citation(self) -> Source:
        if self.doc == "law" and not self.citation:
            raise ValueError("a source from the law needs a citation")
        return self

    def __str__(self) -> str:
        if self.doc == "law":
            return str(self.citation)
        return f"{self.doc} {self.section}" if self.section else self.doc


class Sourced(Model):
    source: Source


# --- small value types --------------------------------------------------------------------


class TimeUnit(StrEnum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"


class Period(Model):
    amount: Annotated[int, Field(ge=0, le=1000)]
    unit: TimeUnit


class Range(Model):
    """An inclusive range; either end may be open (null)."""

    min: Annotated[float, Field(ge=0)] | None = None
    max: Annotated[float, Field(ge=0)] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        return self

    def contains(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)

    def overlaps(self, other: Range) -> bool:
        lo = max(self.min or 0, other.min or 0)
        hi = min(
            self.max if self.max is not None else float("inf"),
            other.max if other.max is not None else float("inf"),
        )
        return lo <= hi


class Duration(Range):
    unit: TimeUnit


class Frequency(Range):
    per: TimeUnit


class Weekday(StrEnum):
    monday = "monday"
    tuesday = "tuesday"
    wednesday = "wednesday"
    thursday = "thursday"
    friday = "friday"
    saturday = "saturday"
    sunday = "sunday"


class Contact(Model):
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    note: str | None = None


# --- the document and the organisation ----------------------------------------------------


class SeedDocument(Model):
    title: Text
    file: str | None = None


class Document(Sourced):
    title: Text
    period_start: dt.date | None
    period_end: dt.date | None
    adopted: dt.date | None
    adopted_by: str | None
    next_revision: dt.date | None
    revision_interval: Period | None
    legal_basis_for_standard: str | None = None


class Municipality(Sourced):
    name: Text
    contact: Contact | None = None
    organisation: str | None


class CentreKind(StrEnum):
    treatment_centre = "treatment_centre"
    residential = "residential"
    authority = "authority"
    clinic = "clinic"
    external = "external"
    partner_municipality = "partner_municipality"


class Capacity(Model):
    amount: Annotated[int, Field(ge=0)]
    unit: Annotated[str, Field(pattern=r"^(courses|places|participants)$")]
    substance: str | None = None


class Centre(Sourced):
    id: Id
    name: Text
    kind: CentreKind
    contact: Contact | None = None
    legal_bases: tuple[LegalBasisId, ...] = ()
    age: Range | None = None
    capacity: tuple[Capacity, ...] = ()
    approved_by: str | None = None


# --- target groups and services -----------------------------------------------------------


class Substance(StrEnum):
    drugs = "drugs"
    alcohol = "alcohol"
    cannabis = "cannabis"
    opioids = "opioids"


class ClientKind(StrEnum):
    citizen = "citizen"
    relative = "relative"
    child_of_user = "child_of_user"
    family = "family"
    professional = "professional"


class TargetGroup(Sourced):
    id: Id
    name: Text
    age: Range | None
    substances: tuple[Substance, ...]
    client_kinds: tuple[ClientKind, ...]
    note: str | None = None


class Phase(StrEnum):
    reception = "reception"
    counselling = "counselling"
    assessment = "assessment"
    motivation = "motivation"
    primary = "primary"
    aftercare = "aftercare"
    medical = "medical"
    support = "support"
    relatives = "relatives"
    detox = "detox"
    outreach = "outreach"


class Intensity(StrEnum):
    low = "low"
    medium = "medium"
    intensive = "intensive"
    day = "day"
    residential = "residential"


class Setting(StrEnum):
    ambulant = "ambulant"
    day = "day"
    residential = "residential"
    online = "online"
    outreach = "outreach"


class Format(StrEnum):
    individual = "individual"
    group = "group"
    family = "family"
    couple = "couple"
    mixed = "mixed"


class Anonymity(StrEnum):
    required = "required"
    allowed = "allowed"
    not_allowed = "not_allowed"


class Eligibility(Model):
    age: Range | None = None
    substances: tuple[Substance, ...] = ()
    main_substance: Substance | None = None
    anonymity: Anonymity | None = None
    no_other_social_problems: bool = False
    pregnant: bool = False
    client_kinds: tuple[ClientKind, ...] = ()
    note: str | None = None


class DeliveryKind(StrEnum):
    own_centre = "own_centre"
    external_provider = "external_provider"
    partner_municipality = "partner_municipality"
    cross_municipal = "cross_municipal"


class Delivery(Model):
    kind: DeliveryKind
    centre: Id | None = None
    partner: str | None = None


class Product(StrEnum):
    """Medication products by the code the medical record stores (substitution, R30)."""

    methadone = "methadone"
    buprenorphine = "buprenorphine"
    buprenorphine_naloxone = "buprenorphine_naloxone"
    heroin = "heroin"  # diacetylmorphine


class Service(Sourced):
    id: Id
    name: Text
    description: str | None = None
    legal_bases: tuple[LegalBasisId, ...]
    substances: tuple[Substance, ...]
    phase: Phase | None
    module: str | None = None
    intensity: Intensity | None = None
    setting: Setting | None
    format: Format | None = None
    frequency: Frequency | None
    sessions: Range | None
    session_length_minutes: Range | None = None
    duration: Duration | None
    time_limited: bool | None = None
    capacity: tuple[Capacity, ...] = ()
    eligibility: Eligibility
    gift_vouchers: bool = False
    # Issue 12 § 4: what one gift voucher is worth (DKK) and how many one citizen may get in
    # this service; null where the standard does not say (then the value is recorded per voucher
    # and there is no cap).
    gift_voucher_value: Annotated[int, Field(ge=1, le=10000)] | None = None
    gift_vouchers_per_citizen: Annotated[int, Field(ge=1, le=1000)] | None = None
    # The medication products the service gives, as the product codes of the medical record
    # (rules.payment: diacetylmorphine, "heroin", has no free choice, SUL § 142).
    products: tuple[Product, ...] = ()
    delivery: Delivery
    requires_visitation: bool
    granted_by: tuple[Id, ...] = ()
    methods: tuple[str, ...] = ()
    schedule: str | None = None

    @model_validator(mode="after")
    def _vouchers_offered(self) -> Service:
        if not self.gift_vouchers and (
            self.gift_voucher_value is not None or self.gift_vouchers_per_citizen is not None
        ):
            raise ValueError(
                f"service '{self.id}': a gift voucher value or count needs gift_vouchers: true"
            )
        return self


# --- visitation ---------------------------------------------------------------------------


class Recurrence(StrEnum):
    weekly = "weekly"
    twice_weekly = "twice_weekly"
    monthly = "monthly"
    daily = "daily"
    same_day = "same_day"
    on_demand = "on_demand"


class Schedule(Model):
    recurrence: Recurrence
    weekdays: tuple[Weekday, ...] = ()
    nth_weekday_of_month: Annotated[int, Field(ge=1, le=5)] | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Schedule:
        if (
            self.recurrence == Recurrence.monthly
            and self.nth_weekday_of_month
            and not self.weekdays
        ):
            raise ValueError("a monthly nth-weekday schedule names its weekday")
        return self


class ForumKind(StrEnum):
    visitation_meeting = "visitation_meeting"
    residential_committee = "residential_committee"
    doctor_consultation = "doctor_consultation"
    health_team = "health_team"
    internal_committee = "internal_committee"
    caseworker = "caseworker"
    treatment_conference = "treatment_conference"


class Role(StrEnum):
    treater = "treater"
    visitation_caseworker = "visitation_caseworker"
    doctor = "doctor"
    nurse = "nurse"
    centre_leader = "centre_leader"
    team = "team"


class Forum(Sourced):
    id: Id
    name: Text
    kind: ForumKind
    schedule: Schedule | None
    members: tuple[str, ...] = ()
    decides_with: tuple[Role, ...] = ()
    followed_by: Id | None = None
    note: str | None = None


class FinalSay(Sourced):
    role: Role
    note: str | None = None


class Visitation(Sourced):
    authority: str | None
    provider: str | None = None
    authority_provider_separate: bool
    least_intrusive: bool | None = None
    final_say: FinalSay | None
    forums: tuple[Forum, ...]
    written_decision: bool | None
    procedure: tuple[str, ...] = ()


# --- deadlines ----------------------------------------------------------------------------


class DeadlineKind(StrEnum):
    treatment_guarantee = "treatment_guarantee"
    open_counselling = "open_counselling"
    doctor_consultation = "doctor_consultation"
    decision = "decision"
    plan_at_start = "plan_at_start"
    plan_review = "plan_review"
    follow_up = "follow_up"
    first_appointment = "first_appointment"


class Event(StrEnum):
    request = "request"
    contact = "contact"
    personal_attendance = "personal_attendance"
    decision = "decision"
    treatment_start = "treatment_start"
    previous_review = "previous_review"
    end_of_agreed_period = "end_of_agreed_period"
    discharge = "discharge"
    complaint_received = "complaint_received"
    end_of_primary_treatment = "end_of_primary_treatment"


class GuaranteeException(StrEnum):
    free_choice = "free_choice"
    citizen_declines = "citizen_declines"
    no_show = "no_show"
    missing_cooperation = "missing_cooperation"
    delayed_information = "delayed_information"


class DischargeStatus(StrEnum):
    completed = "completed"
    to_other_offer = "to_other_offer"
    to_hospital = "to_hospital"
    other_reason = "other_reason"
    dropped_out = "dropped_out"


class ReviewTrigger(StrEnum):
    service_change = "service_change"
    end_of_agreed_period = "end_of_agreed_period"


class Deadline(Sourced):
    id: Id
    kind: DeadlineKind
    legal_bases: tuple[LegalBasisId, ...]
    within: Period | None
    counts_from: Event | None
    exceptions: tuple[GuaranteeException, ...] = ()
    not_covered: tuple[LegalBasisId, ...] = ()
    triggers: tuple[ReviewTrigger, ...] = ()
    discharge_statuses: tuple[DischargeStatus, ...] = ()
    method: str | None = None
    citation: str | None = None
    note: str | None = None


# --- rights: free choice, anonymity, payment, complaints --------------------------------


class FreeChoice(Sourced):
    legal_bases: tuple[LegalBasisId, ...]
    scope: str | None
    requires_prior_visitation: bool | None
    limitable: bool | None = None
    provider_register: str | None = None
    deadline_may_be_waived: bool | None = None
    excluded: tuple[str, ...] = ()
    note: str | None = None


class AnonymityKind(StrEnum):
    counselling = "counselling"
    treatment = "treatment"


class AnonymityRule(Sourced):
    kind: AnonymityKind
    legal_bases: tuple[LegalBasisId, ...]
    sessions: Range | None = None
    client_kinds: tuple[ClientKind, ...] = ()
    whole_course: bool | None = None
    ends_when: tuple[str, ...] = ()
    no_other_social_problems: bool = False
    formats: tuple[Format, ...] = ()
    delivery: Delivery | None = None
    note: str | None = None


class SelfPayment(Sourced):
    legal_bases: tuple[LegalBasisId, ...]
    setting: Setting
    charged: bool
    covers: tuple[str, ...] = ()
    assessment: str | None = None
    economic_counselling_first: bool | None = None
    own_home_exempts_lodging: bool | None = None
    # The individual assessment is made before the stay begins (HER 12, HJO); issue 12 § 4.
    assessed_before_stay: bool | None = None
    set_by: str | None = None
    note: str | None = None


class Transport(Sourced):
    paid_by: Annotated[str, Field(pattern=r"^(citizen|municipality)$")]
    applies_to: str | None = None
    # The settings the rule is for (ODS: day and residential); empty: every setting.
    settings: tuple[Setting, ...] = ()


class Payment(Model):
    treatment_free: bool | None
    treatment_free_source: Source | None = None
    self_payment: tuple[SelfPayment, ...]
    transport: tuple[Transport, ...]


class ComplaintKind(StrEnum):
    social_decision = "social_decision"
    guarantee_breach = "guarantee_breach"
    visitation_decision = "visitation_decision"
    case_handling = "case_handling"
    service_level = "service_level"
    medical_treatment = "medical_treatment"
    staff_conduct = "staff_conduct"
    treatment_plan = "treatment_plan"


class ComplaintRoute(Sourced):
    id: Id
    kind: ComplaintKind
    legal_bases: tuple[LegalBasisId, ...] = ()
    first_instance: str | None
    period: Period | None
    counts_from: Event | None = None
    reassessment: Period | None = None
    next_instance: str | None
    forms: tuple[Annotated[str, Field(pattern=r"^(oral|written)$")], ...] = ()
    representative_allowed: bool | None = None
    citizen_informed_on_forward: bool | None = None
    note: str | None = None


class Complaints(Model):
    routes: tuple[ComplaintRoute, ...]
    appealable_exceptions: tuple[LegalBasisId, ...] = ()
    citizens_adviser: Contact | None = None
    citizens_adviser_source: Source | None = None
    pending_reported_to: str | None = None
    guidance_with_decisions: bool | None = None


# --- targets, monitoring and the narrative sections ---------------------------------------


class Metric(StrEnum):
    completed_as_planned = "completed_as_planned"
    abstinent_after_treatment = "abstinent_after_treatment"
    reduced_after_treatment = "reduced_after_treatment"
    return_within_12_months = "return_within_12_months"
    offered_move_under_30 = "offered_move_under_30"
    started_within_guarantee = "started_within_guarantee"


class Direction(StrEnum):
    at_least = "at_least"
    at_most = "at_most"
    above = "above"
    decrease = "decrease"
    all = "all"


class Population(Model):
    substances: tuple[Substance, ...] = ()
    legal_bases: tuple[LegalBasisId, ...] = ()
    age: Range | None = None
    note: str | None = None


class KpiTarget(Sourced):
    id: Id
    metric: Metric
    description: Text
    target: Annotated[float, Field(ge=0, le=1)] | None
    direction: Direction
    population: Population


class Register(Sourced):
    id: Annotated[str, Field(pattern=r"^[A-Za-z]+$")]
    name_as_written: str


class Monitoring(Model):
    registers: tuple[Register, ...]
    supervision: tuple[str, ...] = ()
    activity_reports: str | None = None
    evaluations: str | None = None
    source: Source | None = None


class Narrative(Sourced):
    paragraphs: tuple[Text, ...]


class NarrativeKey(StrEnum):
    purpose = "purpose"
    values = "values"
    goals = "goals"
    organisation = "organisation"
    offers = "offers"
    plan = "plan"
    action_plan = "action_plan"
    user_involvement = "user_involvement"
    children = "children"
    staff = "staff"
    monitoring = "monitoring"
    case_handling = "case_handling"
    future = "future"
    confidentiality = "confidentiality"
    provider_requirements = "provider_requirements"


class Plan(Model):
    at_start: bool | None
    signed_by_citizen: bool | None = None
    copy_to_citizen: bool | None = None
    time_limited: bool | None = None
    contents: tuple[str, ...] = ()
    network_meetings: bool | None = None
    action_plan_separate: bool | None = None
    source: Source | None = None


class ResidentialProviderRequirements(Sourced):
    requirements: tuple[Text, ...]
    status_meetings: tuple[str, ...] = ()
    written_reports: tuple[str, ...] = ()


class Reference(Sourced):
    """A legal reference the seed makes, as written, mapped to a provision of the law floor."""

    as_written: Text
    provision: Annotated[str, Field(max_length=30)]


class OpenPoint(Model):
    field: Text
    note: Text


class Standard(Model):
    schema_version: Annotated[int, Field(ge=1, le=1)] = 1
    id: Id
    sources: dict[str, SeedDocument]
    document: Document
    municipality: Municipality
    centres: tuple[Centre, ...]
    legal_bases: tuple[LegalBasisId, ...]
    target_groups: tuple[TargetGroup, ...]
    services: tuple[Service, ...]
    visitation: Visitation
    deadlines: tuple[Deadline, ...]
    plan: Plan
    free_choice: tuple[FreeChoice, ...]
    anonymity: tuple[AnonymityRule, ...]
    payment: Payment
    complaints: Complaints
    kpi_targets: tuple[KpiTarget, ...]
    qualitative_goals: tuple[Narrative, ...] = ()
    monitoring: Monitoring
    residential_provider_requirements: ResidentialProviderRequirements | None = None
    narrative: dict[NarrativeKey, Narrative] = {}
    references: tuple[Reference, ...] = ()
    programmes: tuple[Id, ...] = ()
    open_points: tuple[OpenPoint, ...] = ()

    @field_validator("sources")
    @classmethod
    def _some_source(cls, value: dict[str, SeedDocument]) -> dict[str, SeedDocument]:
        if not value:
            raise ValueError("name at least one source document")
        return value

    @model_validator(mode="after")
    def _stated_values_have_sources(self) -> Standard:
        """A value the standard states carries its source, also where the source is optional
        because the whole block may be left open."""
        missing = []
        plan_values = self.plan.model_dump(exclude={"source"})
        if any(v not in (None, (), []) for v in plan_values.values()) and self.plan.source is None:
            missing.append("plan.source")
        if self.payment.treatment_free is not None and self.payment.treatment_free_source is None:
            missing.append("payment.treatment_free_source")
        if self.complaints.citizens_adviser and self.complaints.citizens_adviser_source is None:
            missing.append("complaints.citizens_adviser_source")
        monitoring = self.monitoring
        if (
            monitoring.supervision or monitoring.activity_reports or monitoring.evaluations
        ) and monitoring.source is None:
            missing.append("monitoring.source")
        if missing:
            raise ValueError(f"stated values need their source: {', '.join(missing)}")
        return self

    @model_validator(mode="after")
    def _unique_ids(self) -> Standard:
        for name, items in (
            ("centres", self.centres),
            ("target_groups", self.target_groups),
            ("services", self.services),
            ("visitation.forums", self.visitation.forums),
            ("deadlines", self.deadlines),
            ("complaints.routes", self.complaints.routes),
            ("kpi_targets", self.kpi_targets),
        ):
            seen: set[str] = set()
            for item in items:
                if item.id in seen:
                    raise ValueError(f"{name}: the id '{item.id}' is used twice")
                seen.add(item.id)
        return self

    def service(self, service_id: str) -> Service | None:
        return next((s for s in self.services if s.id == service_id), None)

    def deadlines_of(self, kind: DeadlineKind) -> list[Deadline]:
        return [d for d in self.deadlines if d.kind == kind]
