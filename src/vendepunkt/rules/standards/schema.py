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


def informational(reason: str, default: Any = ...) -> Any:
    """A field that decides nothing, marked with the reason why (issue 12 § 1). Every other
    field drives a rule and is listed in `coverage.USED_BY`; tests/unit/test_standard_coverage.py
    holds the two together."""
    return Field(default, json_schema_extra={"informational": reason})


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
    source: Source = informational(
        "provenance: cited in refusals, findings and the public document; it decides nothing itself"
    )


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
    title: Text = informational(
        "the title of a seed document, cited in provenance; it decides nothing"
    )
    file: str | None = informational(
        "the file name of a seed document, kept for provenance; it decides nothing", None
    )


class Document(Sourced):
    title: Text = informational("the standard's title, shown in the public document and on screens")
    period_start: dt.date | None
    period_end: dt.date | None
    adopted: dt.date | None
    adopted_by: str | None = informational(
        "who adopted the standard, shown in the public document; the adoption date is what the revision check uses"
    )
    next_revision: dt.date | None
    revision_interval: Period | None
    legal_basis_for_standard: str | None = informational(
        "the basis the standard names for itself, shown in the public document; the law floor (BEK 1477 § 4) is what the linter checks against",
        None,
    )


class Municipality(Sourced):
    name: Text = informational(
        "the municipality's name as the standard writes it, shown in the public document; the municipality record decides who may act"
    )
    contact: Contact | None = informational(
        "contact details shown to citizens in the public document and letters", None
    )
    organisation: str | None = informational(
        "a description of the organisation for the public document; the centres, forums and roles decide"
    )


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
    name: Text = informational(
        "a name shown on screens, in letters and in the public document; rules refer to the id"
    )
    kind: CentreKind = informational(
        "describes the kind of place in the public document; which services a centre gives follows from each service's delivery"
    )
    contact: Contact | None = informational(
        "contact details shown to citizens in the public document and letters", None
    )
    legal_bases: tuple[LegalBasisId, ...] = informational(
        "the tracks the centre works under, shown on the public document; each service's own legal bases decide eligibility and deadlines",
        (),
    )
    age: Range | None = None
    capacity: tuple[Capacity, ...] = ()
    approved_by: str | None = informational(
        "who approved the place (e.g. Socialtilsynet), shown in the public document; approval is the supervisory authority's register, not the standard's",
        None,
    )


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
    id: Id = informational(
        "the file's own name for the target group, used in findings; its age, substances and client kinds decide"
    )
    name: Text = informational(
        "a name shown on screens, in letters and in the public document; rules refer to the id"
    )
    age: Range | None
    substances: tuple[Substance, ...]
    client_kinds: tuple[ClientKind, ...]
    note: str | None = informational(
        "free text shown beside the value it explains; the structured fields decide", None
    )


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
    note: str | None = informational(
        "free text shown beside the value it explains; the structured fields decide", None
    )


class CounsellingKind(StrEnum):
    """The kinds of counselling talk the intake records (courses.vocabulary.CounsellingKind, less
    the doctor's consultation, which the law gives)."""

    anonymous = "anonymous"
    open = "open"
    information = "information"
    course = "course"


class DeliveryKind(StrEnum):
    own_centre = "own_centre"
    external_provider = "external_provider"
    partner_municipality = "partner_municipality"
    cross_municipal = "cross_municipal"


class Delivery(Model):
    kind: DeliveryKind
    centre: Id | None = None
    partner: str | None = informational(
        "the partner's name as written, shown in the public document; the delivery kind and centre decide",
        None,
    )


class Product(StrEnum):
    """Medication products by the code the medical record stores (substitution, R30)."""

    methadone = "methadone"
    buprenorphine = "buprenorphine"
    buprenorphine_naloxone = "buprenorphine_naloxone"
    heroin = "heroin"  # diacetylmorphine


class Service(Sourced):
    id: Id
    name: Text = informational(
        "a name shown on screens, in letters and in the public document; rules refer to the id"
    )
    description: str | None = informational(
        "the service described in words for the public document; its structured fields decide", None
    )
    legal_bases: tuple[LegalBasisId, ...]
    substances: tuple[Substance, ...]
    phase: Phase | None
    module: str | None = informational(
        "the name of a module as the standard writes it, shown in the public document; it groups nothing a rule uses",
        None,
    )
    intensity: Intensity | None = None
    setting: Setting | None
    # issue 13 § 4: a service of format group (or mixed) is one a group can run (groups/)
    format: Format | None = None
    frequency: Frequency | None
    sessions: Range | None
    counselling_kind: CounsellingKind | None = None
    sessions_extendable: bool = False
    session_length_minutes: Range | None = informational(
        "the length of a talk, shown in the public document; appointments do not record their length, so there is nothing to check it against",
        None,
    )
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
    schedule: str | None = informational(
        "opening hours in words for the public document (e.g. Thursdays 15-17); forums have the structured schedule the deadlines use",
        None,
    )

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


class OnPublicHoliday(StrEnum):
    """What happens to a meeting that falls on a Danish public holiday: it is skipped (the next
    meeting is the next one in the rhythm) or moves to the next working day."""

    skip = "skip"
    move = "move"


class Schedule(Model):
    recurrence: Recurrence
    weekdays: tuple[Weekday, ...] = ()
    nth_weekday_of_month: Annotated[int, Field(ge=1, le=5)] | None = None
    # A forum does not meet on a public holiday. The default, skip, never promises a meeting
    # that may not be held, so the guarantee's risk is flagged early rather than late.
    on_public_holiday: OnPublicHoliday = OnPublicHoliday.skip
    note: str | None = informational(
        "free text shown beside the value it explains; the structured fields decide", None
    )

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
    name: Text = informational(
        "a name shown on screens, in letters and in the public document; rules refer to the id"
    )
    kind: ForumKind = informational(
        "describes the forum in the public document; its schedule, followed_by and decides_with are what rules use"
    )
    schedule: Schedule | None
    members: tuple[str, ...] = informational(
        "the members as the standard names them (titles, not user accounts), shown in the public document; decides_with names the roles that decide",
        (),
    )
    decides_with: tuple[Role, ...] = ()
    followed_by: Id | None = None
    note: str | None = informational(
        "free text shown beside the value it explains; the structured fields decide", None
    )


class FinalSay(Sourced):
    role: Role
    note: str | None = informational(
        "free text shown beside the value it explains; the structured fields decide", None
    )


class LoadDegreeIntensity(Sourced):
    """The most intensive service each assessed load degree (belastningsgrad: low, moderate,
    high) suggests under the least-intrusive principle (R9): a grant of a more intensive service
    needs a reason (rules.grants.more_intensive_than_assessed). The seeds name intensities and
    say the intensity follows the load degree (ODS "Tilbuddet (indhold og omfang)"), so the
    mapping is the standard's, stated beside `least_intrusive` with its source (D79)."""

    low: Intensity
    moderate: Intensity
    high: Intensity


class Visitation(Sourced):
    authority: str | None = informational(
        "the authority's name as written, shown in the public document and letters; whether authority and provider are separate is decided by authority_provider_separate"
    )
    provider: str | None = informational(
        "the provider's name as written, shown in the public document", None
    )
    authority_provider_separate: bool
    least_intrusive: bool | None = None
    load_degree_intensity: LoadDegreeIntensity | None = None
    final_say: FinalSay | None
    forums: tuple[Forum, ...]
    written_decision: bool | None = informational(
        "every decision is written as a letter with reasons and complaint guidance whatever the standard says (Forvaltningsloven §§ 22 and 25), so the field decides nothing"
    )
    procedure: tuple[str, ...] = informational(
        "the visitation procedure in words, shown in the public document; the forums and their schedules decide",
        (),
    )

    @model_validator(mode="after")
    def _least_intrusive_has_its_scale(self) -> Visitation:
        # the principle is enforced only with the intensity each load degree suggests: a file
        # that follows it must say which, or the check would be silently dropped (issue 12 § 1)
        if self.least_intrusive and self.load_degree_intensity is None:
            raise ValueError(
                "visitation.least_intrusive: true needs visitation.load_degree_intensity "
                "(the intensity each load degree suggests)"
            )
        return self


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
    id: Id = informational(
        "the file's own name for the deadline, used in findings and the public document; its kind decides what is computed"
    )
    kind: DeadlineKind
    legal_bases: tuple[LegalBasisId, ...]
    within: Period | None
    counts_from: Event | None
    exceptions: tuple[GuaranteeException, ...] = ()
    not_covered: tuple[LegalBasisId, ...] = ()
    triggers: tuple[ReviewTrigger, ...] = ()
    discharge_statuses: tuple[DischargeStatus, ...] = ()
    method: str | None = informational(
        "how the centre keeps the deadline, as written (e.g. by phone); shown on the public document",
        None,
    )
    citation: str | None = informational(
        "provenance shown with the deadline; the computed deadline carries the law floor's citation",
        None,
    )
    note: str | None = informational(
        "free text shown beside the value it explains; the structured fields decide", None
    )
    # A follow-up only: how many attempts without reaching the citizen close it (R37).
    attempts: int | None = Field(default=None, ge=1, le=20)

    @model_validator(mode="after")
    def _computable(self) -> Deadline:
        """Every deadline a file states is computed by the deadline engine (rules/deadlines), or
        the file is refused here: nothing is dropped without a word (issue 12 § 1)."""
        events = COMPUTED_FROM[self.kind]
        if self.counts_from is not None and self.counts_from not in events:
            raise ValueError(
                f"deadline '{self.id}': a {self.kind} deadline cannot count from "
                f"'{self.counts_from}'; the engine counts it from "
                + " or ".join(f"'{e}'" for e in events)
            )
        if self.within is None and self.kind in NEEDS_PERIOD:
            raise ValueError(f"deadline '{self.id}': a {self.kind} deadline needs 'within'")
        if (
            self.kind == DeadlineKind.plan_review
            and self.within is None
            and not self.triggers
            and self.counts_from != Event.end_of_agreed_period
        ):
            raise ValueError(
                f"deadline '{self.id}': a plan review needs 'within', a trigger or "
                "'counts_from: end_of_agreed_period'"
            )
        return self


_FROM_CONTACT = (Event.request, Event.contact, Event.personal_attendance)
# The events the engine counts each kind of deadline from (None: the kind's own event).
COMPUTED_FROM: dict[DeadlineKind, tuple[Event, ...]] = {
    DeadlineKind.treatment_guarantee: _FROM_CONTACT,
    DeadlineKind.open_counselling: _FROM_CONTACT,
    DeadlineKind.doctor_consultation: _FROM_CONTACT,
    DeadlineKind.decision: _FROM_CONTACT,
    DeadlineKind.first_appointment: _FROM_CONTACT,
    DeadlineKind.plan_at_start: (Event.treatment_start,),
    DeadlineKind.plan_review: (Event.previous_review, Event.end_of_agreed_period),
    DeadlineKind.follow_up: (Event.discharge,),
}
# Kinds that count nothing without a period (a guarantee or follow-up "some time" is no deadline).
NEEDS_PERIOD = (DeadlineKind.treatment_guarantee, DeadlineKind.follow_up)


# --- rights: free choice, anonymity, payment, complaints --------------------------------


class FreeChoice(Sourced):
    legal_bases: tuple[LegalBasisId, ...]
    scope: str | None = informational(
        "the standard's wording of the free choice; the same form and intensity is checked from the grant"
    )
    requires_prior_visitation: bool | None
    limitable: bool | None = None
    provider_register: str | None = informational(
        "the law floor requires Tilbudsportalen for every free choice (providers.check_free_choice), whatever the standard names",
        None,
    )
    deadline_may_be_waived: bool | None = informational(
        "the law lets the guarantee be set aside on free choice (SEL § 101, SUL § 142); choose_provider records the waiver under the law, not the standard's statement",
        None,
    )
    excluded: tuple[str, ...] = informational(
        "exclusions as written (e.g. another intensity); enforced by the form and intensity check, diacetylmorphine by product code",
        (),
    )
    note: str | None = informational(
        "free text shown beside the value it explains; the structured fields decide", None
    )


class AnonymityKind(StrEnum):
    counselling = "counselling"
    treatment = "treatment"


class AnonymityRule(Sourced):
    kind: AnonymityKind
    legal_bases: tuple[LegalBasisId, ...]
    sessions: Range | None = None
    client_kinds: tuple[ClientKind, ...] = informational(
        "the law decides who may be anonymous (rules.eligibility.anonymity_allowed); the standard's wording is shown on the public document",
        (),
    )
    whole_course: bool | None = None
    ends_when: tuple[str, ...] = ()
    no_other_social_problems: bool = False
    formats: tuple[Format, ...] = informational(
        "how anonymous counselling is given, as written (in person, phone, online); shown on the public document, no rule depends on the format",
        (),
    )
    delivery: Delivery | None = None
    note: str | None = informational(
        "free text shown beside the value it explains; the structured fields decide", None
    )


class SelfPayment(Sourced):
    legal_bases: tuple[LegalBasisId, ...]
    setting: Setting
    charged: bool
    covers: tuple[str, ...] = ()
    assessment: str | None = informational(
        "the standard's words on how the assessment is made; the computation uses the structured inputs (own home costs, obligations, personal needs) and is shown on the public document",
        None,
    )
    economic_counselling_first: bool | None = None
    own_home_exempts_lodging: bool | None = None
    # The individual assessment is made before the stay begins (HER 12, HJO); issue 12 § 4.
    assessed_before_stay: bool | None = None
    set_by: str | None = informational(
        "who sets the rate or makes the assessment, as written; shown on the public document",
        None,
    )
    note: str | None = informational(
        "free text shown beside the value it explains; the structured fields decide", None
    )


class Transport(Sourced):
    paid_by: Annotated[str, Field(pattern=r"^(citizen|municipality)$")]
    applies_to: str | None = informational(
        "the standard's wording of the transport rule (e.g. HAD: free public transport from outer areas), shown on the public document; the setting is `settings`",
        None,
    )
    # The settings the rule is for (ODS: day and residential); empty: every setting.
    settings: tuple[Setting, ...] = ()


class Payment(Model):
    treatment_free: bool | None = informational(
        "treatment is free by law (SEL § 101, SUL §§ 141-142); the statement is shown, never used to charge"
    )
    treatment_free_source: Source | None = informational(
        "provenance: cited in refusals, findings and the public document; it decides nothing itself",
        None,
    )
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
    counts_from: Event | None = informational(
        "the law fixes the start of the complaint period (the day the letter is deemed received, rules.deadlines.complaints.deemed_received); a standard cannot move it",
        None,
    )
    reassessment: Period | None = None
    next_instance: str | None
    forms: tuple[Annotated[str, Field(pattern=r"^(oral|written)$")], ...] = ()
    representative_allowed: bool | None = None
    citizen_informed_on_forward: bool | None = informational(
        "the complaint service always records the day the citizen was told of a forwarding, whatever the standard says, so the field decides nothing",
        None,
    )
    note: str | None = informational(
        "free text shown beside the value it explains; the structured fields decide", None
    )


class Complaints(Model):
    routes: tuple[ComplaintRoute, ...]
    appealable_exceptions: tuple[LegalBasisId, ...] = informational(
        "the law floor decides which decisions cannot be appealed (SEL § 101 a stk. 6); a standard cannot change that, and no shipped standard lists one",
        (),
    )
    citizens_adviser: Contact | None = informational(
        "the citizens' adviser's contact details, shown in the public document and letters", None
    )
    citizens_adviser_source: Source | None = informational(
        "provenance: cited in refusals, findings and the public document; it decides nothing itself",
        None,
    )
    pending_reported_to: str | None = informational(
        "names who is told of pending complaints (HER: the department); no seed says when or how it is reported, so the complaints overview, which lists every pending complaint, is what the system offers",
        None,
    )
    guidance_with_decisions: bool | None = informational(
        "every decision letter carries complaint guidance whatever the standard says (Forvaltningsloven § 25), so the field decides nothing",
        None,
    )


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
    note: str | None = informational(
        "free text shown beside the value it explains; the structured fields decide", None
    )


class KpiTarget(Sourced):
    id: Id
    metric: Metric
    description: Text = informational(
        "the target in words for the annex and the dashboard; metric, target and direction decide"
    )
    target: Annotated[float, Field(ge=0, le=1)] | None
    direction: Direction
    population: Population


class Register(Sourced):
    id: Annotated[str, Field(pattern=r"^[A-Za-z]+$")]
    name_as_written: str


class Monitoring(Model):
    registers: tuple[Register, ...]
    supervision: tuple[str, ...] = informational(
        "how staff are supervised, in words for the public document; nothing in a course depends on it",
        (),
    )
    activity_reports: str | None = informational(
        "how activity is reported, in words for the public document; the registers decide what is reported",
        None,
    )
    evaluations: str | None = informational(
        "how the centre evaluates, in words for the public document; the KPI targets are what is measured",
        None,
    )
    source: Source | None = informational(
        "provenance: cited in refusals, findings and the public document; it decides nothing itself",
        None,
    )


class Narrative(Sourced):
    paragraphs: tuple[Text, ...] = informational(
        "the standard's own text for the public document (BEK 1477 § 4 sections); the linter checks that the mandatory sections exist"
    )


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
    time_limited: bool | None = informational(
        "whether the plan is made for a limited period, as written; the grant's period (Service.time_limited, rules.grants) decides when the course ends",
        None,
    )
    contents: tuple[str, ...] = informational(
        "what the plan holds, in words; the plan form always records substance goals, other goals, services and period, which covers what the seeds list",
        (),
    )
    network_meetings: bool | None = informational(
        "network meetings belong to issue 16; until then an appointment of the kind network meeting is recorded as any other, and the field is shown in the public document only",
        None,
    )
    action_plan_separate: bool | None = informational(
        "the SEL § 141 action plan belongs to issue 16; until then the field is shown in the public document only (the linter counts it towards the mandatory action-plan section)",
        None,
    )
    source: Source | None = informational(
        "provenance: cited in refusals, findings and the public document; it decides nothing itself",
        None,
    )


class ResidentialProviderRequirements(Sourced):
    requirements: tuple[Text, ...] = informational(
        "requirements to residential providers in words, for contracts and the public document"
    )
    status_meetings: tuple[str, ...] = ()
    written_reports: tuple[str, ...] = informational(
        "the reports a residential provider sends, in words; a report is filed as a document on the stay, and no seed gives a deadline for it",
        (),
    )


class Reference(Sourced):
    """A legal reference the seed makes, as written, mapped to a provision of the law floor."""

    as_written: Text
    provision: Annotated[str, Field(max_length=30)]


class OpenPoint(Model):
    field: Text
    note: Text


class JournalNoteKind(Model):
    """A kind of journal note of the municipality's own, beside the kinds every centre has."""

    id: Id
    name: Text


class Journal(Model):
    """The municipality's journal settings (issue 13 § 1)."""

    note_kinds: tuple[JournalNoteKind, ...] = ()


class Standard(Model):
    schema_version: Annotated[int, Field(ge=1, le=1)] = informational(
        "the schema version the file was written for; only version 1 exists, and the schema rejects any other",
        1,
    )
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
    journal: Journal = Journal()
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
