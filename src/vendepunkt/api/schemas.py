"""Request and response bodies. Every field carries a description (it shows in /api/docs).
No CPR number is ever returned; a CPR number is only ever sent in a request body, never in a URL."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Field
from ninja import Schema as NinjaSchema
from pydantic import AfterValidator, AwareDatetime, field_validator

MAX_ID = 2**63 - 1  # the database's bigint
TEXT = 20_000  # free text fields


def d(text: str, default: Any = ..., **constraints):
    return Field(default, description=text, **constraints)


def s_(n: int):
    """A string of at most `n` characters (the database column's length)."""
    return Annotated[str, Field(max_length=n)]


Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _in_calendar(value: dt.datetime) -> dt.datetime:
    """A time must be a time in UTC and in Copenhagen too: 9999-12-31T23:59+00:00 is 10000-01-01
    in Copenhagen and 0001-01-01T00:00+01:00 is year 0 in UTC, neither in Python's calendar
    (an OverflowError, a 500, before D40). The services' bounds (rules/bounds.py) then decide
    whether the time is a sensible one."""
    from django.utils import timezone

    try:
        value.astimezone(dt.UTC)
        timezone.localtime(value)
    except OverflowError:
        from django.utils.translation import gettext

        # The request's language (pydantic keeps the message as text).
        raise ValueError(
            gettext("the time is outside the calendar (years 1-9999 in UTC and Danish time)")
        ) from None
    return value


When = Annotated[AwareDatetime, AfterValidator(_in_calendar)]
Sex = Literal["female", "male", ""]
ClientKind = Literal["citizen", "relative", "child_of_user", "family", "professional"]
Channel = Literal["in_person", "phone", "mail", "digital"]
MadeBy = Literal["self", "relative", "gp", "hospital", "authority"]
Attendance = Literal["planned", "attended", "no_show", "cancelled"]


def _refuse_nul(value, path="") -> None:
    if isinstance(value, str) and "\x00" in value:
        raise ValueError(f"NUL characters are not allowed ({path or 'body'})")
    if isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(key, path)
            _refuse_nul(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            _refuse_nul(item, f"{path}[{n}]")


class Schema(NinjaSchema):
    pass


class In(NinjaSchema):
    """A request body: no NUL characters anywhere (the database cannot store them)."""

    @field_validator("*", mode="after")
    @classmethod
    def no_nul(cls, value, info):
        _refuse_nul(value, info.field_name)
        return value


# --- tokens ---------------------------------------------------------------------------------


class TokenIn(In):
    name: s_(100) = d("What the token is for, e.g. the integration's name", "integration")
    days: int = d("Days until the token expires (1–366)", 90, ge=1, le=366)


class TokenOut(Schema):
    id: int = d("The token's id (for revoking it)")
    name: str = d("What the token is for")
    prefix: str = d("The token's first characters, to recognise it")
    created_at: dt.datetime = d("When the token was created")
    expires_at: dt.datetime = d("When the token stops working")
    revoked_at: dt.datetime | None = d("When the token was revoked, if it was")
    last_used_at: dt.datetime | None = d("Roughly when the token was last used (5 min. grain)")


class NewTokenOut(TokenOut):
    token: str = d("The token itself. Shown only in this response: store it safely")


class MeOut(Schema):
    id: int = d("The user's id")
    username: str = d("The user name")
    role: str = d("The user's role, e.g. treater, visitation_caseworker, centre_leader")
    municipality_id: int = d("The user's municipality")
    municipality: str = d("The municipality's name")
    team_ids: list[int] = d("The teams the user works in")
    token_id: int | None = d("The API token of this request, none for the session")


# --- clients --------------------------------------------------------------------------------


class ClientOut(Schema):
    id: int = d("The client's id (use it in URLs; never the CPR number)")
    anonymous: bool = d("An anonymous client (code, no CPR number)")
    code: str | None = d("The anonymous client's code, e.g. A-7K3M9QX")
    name: str = d("The identified citizen's name (empty for anonymous clients)")
    birth_date: dt.date | None = d("Birth date (identified citizens, from the CPR number)")
    birth_year: int | None = d("Birth year given by an anonymous client")
    sex: str = d("female, male or empty")
    client_kind: str = d("citizen, relative or child (the client's kind)")
    home_municipality: str = d("The home municipality if another than this one")
    children_under_18: int | None = d("Number of children under 18, if known")
    pregnant: bool | None = d("Pregnant, if known")
    address: str = d("The citizen's address, if known", "")
    notification_flagged_on: dt.date | None = d(
        "The day pregnancy or children under 18 was recorded: the notification check (Barnets "
        "Lov § 133) is due from then",
        None,
    )
    notification_checked_on: dt.date | None = d("The day the notification check was done", None)
    relative_of_id: int | None = d("The client this client is a relative of")
    linked_to_id: int | None = d("The identified citizen an anonymous client is linked to")


class CitizenIn(In):
    cpr: s_(20) = d("The CPR number (DDMMYY-NNNN or 10 digits); stored encrypted, never returned")
    name: s_(200) = d("The citizen's full name")
    home_municipality: s_(100) = d("Home municipality if another than this one", "")
    children_under_18: int | None = d("Number of children under 18, if known", None, ge=0, le=30)
    pregnant: bool | None = d("Pregnant, if known", None)
    client_kind: ClientKind = d(
        "citizen, relative, child_of_user, family or professional", "citizen"
    )
    relative_of_id: Id | None = d("For a relative: the client they are a relative of", None)


class AnonymousIn(In):
    birth_year: int | None = d("Birth year, if the client gives it", None, ge=1800, le=3000)
    sex: Sex = d("female, male or empty", "")
    client_kind: ClientKind = d(
        "citizen, relative, child_of_user, family or professional", "citizen"
    )
    relative_of_id: Id | None = d("For a relative: the client they are a relative of", None)


class SearchIn(In):
    cpr: s_(20) | None = d("Exact CPR number (sent in the body, never in a URL)", None)
    name: s_(200) | None = d("Part of an identified citizen's name (at most 50 results)", None)
    code: s_(20) | None = d("An anonymous client's exact code", None)


class ClientCorrectionIn(In):
    """Only the fields given are corrected (issue 12 § 5)."""

    name: s_(200) | None = d("The citizen's full name", None)
    address: s_(300) | None = d("The citizen's address", None)
    home_municipality: s_(100) | None = d("Home municipality if another than this one", None)
    children_under_18: int | None = d("Number of children under 18", None, ge=0, le=30)
    pregnant: bool | None = d("Pregnant", None)


class NotificationCheckIn(In):
    on: dt.date = d("The day the notification check (Barnets Lov § 133) was done")


class LinkIn(In):
    citizen_id: Id = d("The identified citizen to link this anonymous client to")
    consent: bool = d("The citizen has consented to the linking (R47)")


# --- contacts and courses -------------------------------------------------------------------


class ContactIn(In):
    at: When = d("When the contact was made (ISO 8601 with a time zone)")
    channel: Channel = d("in_person, phone, mail or digital")
    made_by: MadeBy = d("self, relative, gp, hospital or authority")
    legal_track: s_(20) = d("SEL-101, SEL-101a, SUL-141, SUL-142 or counselling")
    substances: list[s_(40)] = d(
        "The substances the contact is about, e.g. alcohol, cannabis", max_length=20
    )
    main_substance: s_(20) = d("The main substance (one of `substances`)", "")
    wish_for_treatment: bool = d("The citizen wishes treatment (starts the guarantee)", False)
    personal_attendance: bool = d("The citizen came in person", False)
    citizen_agreed: bool = d("The citizen agreed to a contact on their behalf (R1)", True)
    note: s_(TEXT) = d("A note", "")


class ContactOut(Schema):
    id: int = d("The contact's id")
    contact_course_id: int = d("The contact course the contact belongs to (opened or continued)")
    at: dt.datetime = d("When the contact was made")
    channel: str = d("in_person, phone, mail or digital")
    made_by: str = d("Who made the contact")
    legal_track: str = d("The legal track of the contact")
    substances: list[str] = d("The substances")
    main_substance: str = d("The main substance")
    wish_for_treatment: bool = d("The citizen wishes treatment")
    personal_attendance: bool = d("The citizen came in person")
    citizen_agreed: bool = d("The citizen agreed (contacts on their behalf)")
    note: str = d("A note")


class DeadlineOut(Schema):
    id: int = d("The deadline's id")
    contact_course_id: int = d("The contact course it belongs to")
    kind: str = d("e.g. treatment_guarantee, plan_at_start, follow_up, complaint_reassessment")
    subject: str = d("What the deadline is about within the course")
    trigger: dt.date = d("The event that started the clock")
    due: dt.date | None = d("The due date; none when it cannot be computed (reason says why)")
    standard_due: dt.date | None = d(
        "The standard's own later date where it counts from a later event or over a longer "
        "period than the law: shown, never used (the due date is the law's)"
    )
    status: str = d("open, met, waived, not_applicable or breached (decided on read)")
    at_risk: bool = d("The next forum meeting is too late to meet the deadline")
    citation: str = d("The law or standard section it comes from")
    source: str = d("Where the rule stands (law floor or the standard)")
    reason_da: str = d("Why the deadline is what it is, in Danish")
    reason_en: str = d("Why the deadline is what it is, in English")


class ApplicationOut(Schema):
    id: int = d("The application's id")
    contact_course_id: int = d("The contact course")
    service_id: str = d("The service applied for (an id in the municipality's standard)")
    applied_on: dt.date = d("When the application was made")
    forum_id: str = d("The forum that grants the service")
    note: str = d("A note")
    decision_id: int | None = d("The decision on it, once decided")


class CourseOut(Schema):
    id: int = d("The contact course's id")
    client_id: int = d("The client")
    legal_track: str = d("SEL-101, SEL-101a, SUL-141, SUL-142 or counselling")
    opened_on: dt.date = d("First contact of the course")
    request_on: dt.date | None = d("First contact with a wish for treatment")
    personal_attendance_on: dt.date | None = d("First personal attendance with a wish")
    last_contact_on: dt.date = d("Latest contact")
    closed_on: dt.date | None = d("When the course closed")
    team_id: int | None = d("The team the course is given to")
    merged_into_id: int | None = d("The course this one was merged into (linking)")
    treatment_id: int | None = d("The treatment course, once treatment has started")
    deadlines: list[DeadlineOut] = d("The course's deadlines (status decided today)")
    applications: list[ApplicationOut] = d("Applications, with their decision ids")


class CounsellingIn(In):
    kind: s_(20) = d(
        "anonymous, open, information, course or doctor: one the municipality's standard offers"
    )
    held_on: dt.date = d("When the talk was held")
    extension_reason: s_(2000) = d(
        "Why a talk beyond the standard's number is held, where the standard allows it", ""
    )


class CounsellingOut(Schema):
    id: int = d("The talk's id")
    contact_course_id: int = d("The contact course")
    kind: s_(20) = d(
        "anonymous, open, information, course or doctor: one the municipality's standard offers"
    )
    held_on: dt.date = d("When the talk was held")
    extension_reason: s_(2000) = d(
        "Why a talk beyond the standard's number is held, where the standard allows it", ""
    )


class AssessmentIn(In):
    phase: s_(20) = d("intake, plan_review, discharge or follow_up")
    assessed_on: dt.date = d("When the assessment was made")
    text: s_(TEXT) = d("The holistic assessment (SEL § 101 stk. 2)")
    load_degree: s_(20) = d(
        "The load degree (belastningsgrad): low, moderate or high, if stated", ""
    )
    answers: dict[str, Any] = d("ASI item answers by item id (docs/asi.md)", {})


class AssessmentOut(Schema):
    id: int = d("The assessment's id")
    contact_course_id: int = d("The contact course")
    version: int = d("Its number among the course's assessments (1, 2, …)")
    phase: str = d("intake, plan_review, discharge or follow_up")
    assessed_on: dt.date = d("When the assessment was made")
    text: str = d("The assessment")
    load_degree: str = d("The load degree")
    answers: dict[str, Any] = d("ASI item answers")
    composites: dict[str, Any] = d("ASI composite scores by domain, computed from the answers")


class ApplicationIn(In):
    service_id: s_(60) = d("A service id of the municipality's standard")
    applied_on: dt.date = d("When the application was made")
    note: s_(TEXT) = d("A note", "")


class DecisionIn(In):
    outcome: s_(10) = d("grant, refusal or partial")
    legal_basis: s_(20) = d("The legal basis, e.g. SEL-101 or SUL-142")
    reasons: s_(TEXT) = d("The reasons (forvaltningsloven § 22)")
    decided_on: dt.date = d("The date of the decision")
    intensity: s_(20) = d("Intensity, default the service's", "")
    valid_from: dt.date | None = d("First day the grant covers", None)
    valid_until: dt.date | None = d("Last day the grant covers", None)
    extendable: bool = d("The grant can be extended", False)
    other_social_problems: bool | None = d(
        "The citizen has other social problems (eligibility), if known", None
    )
    forum_id: s_(60) = d("The standard's forum that decided, default the application's", "")
    intensity_reason: s_(TEXT) = d(
        "Why a service more intensive than the assessed load degree suggests (least intrusive)",
        "",
    )


class ExtensionIn(In):
    valid_until: dt.date = d("Last day the extended grant covers")
    reasons: s_(TEXT) = d("The reasons (forvaltningsloven § 22)")
    decided_on: dt.date = d("The date of the decision to extend")


class DecisionOut(Schema):
    id: int = d("The decision's id")
    application_id: int = d("The application decided")
    outcome: str = d("grant, refusal or partial")
    legal_basis: str = d("The legal basis")
    intensity: str = d("The intensity granted")
    valid_from: dt.date | None = d("First day covered")
    valid_until: dt.date | None = d("Last day covered")
    extendable: bool = d("Can be extended")
    reasons: str = d("The reasons")
    complaint_guidance: list[dict[str, Any]] = d(
        "The complaint routes the letter names (empty for SEL § 101 a)"
    )
    decided_on: dt.date = d("Date of the decision")
    sent_on: dt.date | None = d("When the letter was sent")
    sent_by: str = d(
        "How it was sent: digital_post or post (empty: not recorded, counted as ordinary post)"
    )
    deemed_received_on: dt.date | None = d(
        "The day the citizen is deemed to have received the letter (Digital Post: the day it is "
        "available; ordinary post: 6 working days later); the complaint period counts from it"
    )
    letter_url: str = d("Where the PDF letter is")
    forum_id: str = d("The standard's forum that decided", "")
    intensity_reason: str = d("The reason for a more intensive service than assessed", "")
    eligibility_notes: list[dict[str, Any]] = d(
        "What was unknown or must be heeded when it was decided (e.g. under 18)", []
    )
    extends_id: int | None = d("The grant this decision extends", None)


SentBy = Literal["digital_post", "post"]


class SentIn(In):
    sent_on: dt.date = d("When the letter was sent")
    sent_by: SentBy = d(
        "How it was sent: digital_post (the default, as the law makes it the rule) or post",
        "digital_post",
    )


class WaiverIn(In):
    kind: s_(30) = d("An exception the standard or the law accepts, e.g. citizen_declined")
    reason: s_(TEXT) = d("The written reason")
    on: dt.date = d("When")


class WaiverOut(Schema):
    id: int = d("The waiver's id")
    contact_course_id: int = d("The contact course")
    kind: str = d("The exception")
    reason: str = d("The reason")
    on: dt.date = d("When")


# --- treatment ------------------------------------------------------------------------------


class TreatmentIn(In):
    team_id: Id = d("The team that gives the treatment")
    start_on: dt.date = d("First day of treatment")
    treater_id: Id | None = d("The primary treater (a treater of the municipality)", None)
    decision_id: Id | None = d("The grant the treatment follows, if any", None)
    provider_id: Id | None = d("The provider delivering the granted service, if another", None)


class TreatmentOut(Schema):
    id: int = d("The treatment course's id")
    contact_course_id: int = d("Its contact course")
    client_id: int = d("The client")
    team_id: int = d("The team")
    start_on: dt.date = d("First day of treatment")
    phase: str = d("The phase, e.g. primary, aftercare")
    primary_treater_id: int | None = d("The primary treater")
    discharged_on: dt.date | None = d("Day of discharge")


class AppointmentIn(In):
    at: When = d("When (ISO 8601 with a time zone)")
    kind: s_(40) = d(
        "What kind of appointment: individual (treatment session), group or nurse (the calendar "
        "books the others: POST /courses/{course_id}/appointments)"
    )
    status: Attendance = d("planned, attended, no_show or cancelled", "planned")
    gift_voucher: bool = d("A gift voucher given for attending (R16)", False)


class AttendanceIn(In):
    status: Attendance = d("planned, attended, no_show or cancelled")
    gift_voucher: bool | None = d("A gift voucher given for attending (R16)", None)


class AppointmentOut(Schema):
    id: int = d("The appointment's id")
    treatment_id: int | None = d("The treatment course (null: booked before treatment started)")
    at: dt.datetime = d("When")
    kind: str = d("What kind")
    status: str = d("planned, attended, no_show or cancelled")
    gift_voucher: bool = d("A gift voucher was given")


class PlanIn(In):
    substance_goal: s_(20) = d("stop, reduce or stabilise")
    goals: list[dict[str, Any]] = d("The goals: [{text, horizon: short|long}]")
    methods: s_(TEXT) = d("The methods", "")
    responsible: list[dict[str, Any]] = d("Who does what: [{actor, task}]", [])
    made_on: dt.date = d("When this version was made")
    agreed_until: dt.date | None = d("Agreed until", None)
    signed_on: dt.date | None = d("When the citizen signed", None)
    signed_how: s_(20) = d("How the citizen signed: in_person or digital", "")
    copy_given_on: dt.date | None = d("When the citizen was given a copy", None)
    copy_how: s_(20) = d("How the copy was given: handed, digital_post or post", "")


class PlanOut(Schema):
    id: int = d("The plan version's id")
    treatment_id: int = d("The treatment course")
    version: int = d("The version number (1, 2, …); the ETag follows it")
    substance_goal: str = d("stop, reduce or stabilise")
    goals: list[dict[str, Any]] = d("The goals")
    methods: str = d("The methods")
    responsible: list[dict[str, Any]] = d("Who does what")
    agreed_until: dt.date | None = d("Agreed until")
    made_on: dt.date = d("When this version was made")
    signed_on: dt.date | None = d("When the citizen signed")
    signed_how: str = d("How the citizen signed", "")
    copy_given_on: dt.date | None = d("When the citizen was given a copy", None)
    copy_how: str = d("How the copy was given", "")


class ReviewIn(In):
    on: dt.date = d("When the plan was reviewed")
    note: s_(TEXT) = d("A note", "")


class ReviewOut(Schema):
    id: int = d("The review's id")
    treatment_id: int = d("The treatment course")
    on: dt.date = d("When")
    note: str = d("A note")


class StayIn(In):
    provider_id: Id = d("The residential provider")
    start_on: dt.date = d("First day")
    end_on: dt.date = d("Last day")
    kind: s_(20) = d(
        "treatment, detoxification, crisis or trial_placement (default: the service's kind)", ""
    )
    service_id: s_(60) = d(
        "The standard's residential service (default: the course's or the standard's only one)",
        "",
    )
    self_payment: dict[str, Any] | None = d(
        "The self-payment assessment (drugs only, R35), DKK per month: board, lodging, "
        "keeps_own_home, assessed_on, economic_counselling_on, income, own_home_costs, "
        "obligations, personal_needs, note",
        None,
    )


class StayOut(Schema):
    id: int = d("The stay's id")
    treatment_id: int = d("The treatment course")
    provider_id: int = d("The provider")
    start_on: dt.date = d("First day")
    end_on: dt.date = d("Last day")
    kind: str = d("The kind of stay")
    service_id: str = d("The standard's residential service")
    transport_paid_by: str = d("Who pays the transport as the standard says (empty: not stated)")
    self_payment: dict[str, Any] = d(
        "The self-payment assessment as given, and what the citizen pays (monthly_amount)"
    )


class MeetingIn(In):
    kind: s_(20) = d("before, midway or final")
    held_on: dt.date = d("When")
    written_report: bool = d("A written report was made")


class MeetingOut(Schema):
    id: int = d("The meeting's id")
    stay_id: int = d("The stay")
    kind: str = d("before, midway or final")
    held_on: dt.date = d("When")
    written_report: bool = d("A written report was made")


class DischargeIn(In):
    on: dt.date = d("Day of discharge")
    status: s_(20) = d("completed, to_other_offer, to_hospital, other_reason or dropped_out")
    outcome: s_(20) = d("abstinent, reduced, stabilised or unchanged")
    cancel_future_appointments: bool = d(
        "Consent to cancel the planned appointments after the discharge day (required when "
        "there are any; otherwise the discharge is refused saying what lies ahead)",
        False,
    )
    end_stays: bool = d(
        "Consent to end residential stays running past the discharge day on that day",
        False,
    )


class DischargeOut(Schema):
    id: int = d("The discharge's id")
    treatment_id: int = d("The treatment course")
    on: dt.date = d("Day of discharge")
    status: str = d("How the course ended")
    outcome: str = d("The outcome")


class FollowUpIn(In):
    subject: s_(40) = d("The follow-up deadline it answers, e.g. follow_up:6m")
    on: dt.date = d("When")
    reached: bool = d("The citizen was reached")
    result: s_(TEXT) = d("The result (required when reached)", "")


class FollowUpOut(Schema):
    id: int = d("The follow-up's id")
    treatment_id: int = d("The treatment course")
    subject: str = d("The deadline it answers")
    on: dt.date = d("When")
    reached: bool = d("The citizen was reached")
    result: str = d("The result")


# --- complaints and providers ---------------------------------------------------------------


class ComplaintIn(In):
    kind: s_(30) = d("The kind, e.g. social_decision, visitation_decision, medical_treatment")
    received_on: dt.date = d("When the complaint was received")
    form: Literal["oral", "written"] = d("oral or written")
    text: s_(TEXT) = d("What the complaint is about")
    decision_id: Id | None = d("The decision complained about, if any", None)
    representative: s_(200) = d("A representative, if any", "")
    power_of_attorney: bool = d("The representative has a power of attorney", False)


class ComplaintOut(Schema):
    id: int = d("The complaint's id")
    client_id: int = d("The client")
    contact_course_id: int | None = d("The contact course")
    decision_id: int | None = d("The decision complained about")
    kind: str = d("The kind")
    route_id: str = d("The standard's complaint route")
    received_on: dt.date = d("Received")
    form: str = d("oral or written")
    representative: str = d("A representative")
    power_of_attorney: bool = d("Power of attorney given")
    text: str = d("What it is about")
    reassessed_on: dt.date | None = d("When re-assessed")
    decision_kept: bool | None = d("The decision was kept at re-assessment")
    outcome: str = d("Result of the re-assessment")
    forwarded_on: dt.date | None = d("When forwarded to the next instance")
    forwarded_to: str = d("The next instance")
    citizen_informed_on: dt.date | None = d("When the citizen was told of the forwarding")


class ReassessIn(In):
    on: dt.date = d("When re-assessed")
    keep_decision: bool = d("The decision is kept (then it is forwarded)")
    outcome: s_(TEXT) = d("The result of the re-assessment")


class ForwardIn(In):
    on: dt.date = d("When forwarded")
    citizen_informed_on: dt.date = d("When the citizen was told")


class ProviderIn(In):
    name: s_(200) = d("The provider's name (unique in the municipality)")
    cvr: s_(8) = d("CVR number (8 digits)", "")
    approved_for: list[s_(20)] = d("Legal bases it is approved for, e.g. SEL-101", max_length=20)
    settings_offered: list[s_(20)] = d("ambulant, day and/or residential", max_length=3)
    intensities_offered: list[s_(20)] = d(
        "low, medium, intensive, day and/or residential (free choice is checked against the "
        "granted intensity)",
        [],
        max_length=5,
    )
    public: bool = d("A public provider")
    on_tilbudsportalen: bool = d("Listed on Tilbudsportalen")
    capacity: int | None = d("Places", None, ge=0, le=100_000)


class ProviderOut(Schema):
    id: int = d("The provider's id")
    name: str = d("Name")
    cvr: str = d("CVR number")
    approved_for: list[str] = d("Legal bases approved for")
    settings_offered: list[str] = d("Settings offered")
    intensities_offered: list[str] = d("Intensities offered")
    capacity: int | None = d("Places")
    public: bool = d("Public provider")
    on_tilbudsportalen: bool = d("On Tilbudsportalen")
    active: bool = d("Active")


# --- timeline, worklist, standard -----------------------------------------------------------


class EventOut(Schema):
    on: dt.date | None = d("The day of the event, or a deadline's due date")
    kind: str = d("contact, counselling, assessment, application, decision, …, deadline")
    course_id: int | None = d("The contact course it belongs to")
    record_id: int = d("The id of the record (of its kind)")
    status: str = d("For a deadline: its status today (open, breached, met, …)")
    deadline: DeadlineOut | None = d("For a deadline: the deadline")


class WorklistRowOut(Schema):
    deadline: DeadlineOut = d("The open deadline")
    status: str = d("Its status today: open or breached")
    client_id: int = d("The client")
    client_label: str = d("The client's name, or the anonymous code")
    treater_id: int | None = d("The course's primary treater, if any")


class CaseloadRowOut(Schema):
    treater_id: int = d("The treater")
    treater_name: str = d("The treater's name")
    courses: int = d("Open treatment courses with this primary treater")
    open: int = d("Open deadlines on those courses")
    breached: int = d("Of which breached")
    at_risk: int = d("Of which at risk")
    next_due: dt.date | None = d("The next due date not yet passed")


class FindingOut(Schema):
    rule: str = d("The lint rule")
    severity: str = d("error, warning or info")
    message_da: str = d("The finding in Danish")
    message_en: str = d("The finding in English")
    citation: str | None = d("The law it cites")
    path: str | None = d("The field of the standard file")
    line: int | None = d("The line in the standard file")


class StandardOut(Schema):
    id: str = d("The standard's id")
    title: str = d("The standard's title")
    sha256: str = d("SHA-256 of the standard file")
    services: list[dict[str, Any]] = d("The services: id, name, legal bases, setting")
    forums: list[dict[str, Any]] = d("The visitation forums: id, name")
    document_url: str = d("The public document (HTML)")


# --- more of the course -----------------------------------------------------------------------


class TreaterIn(In):
    treater_id: Id = d("The new primary treater (a treater of the municipality)")
    on: dt.date = d("From when")


class PhaseIn(In):
    phase: s_(20) = d(
        "assessment, motivation, primary, aftercare, or the outreach phases contact, treatment, "
        "bridging, follow_up"
    )
    on: dt.date = d("From when")


class ServicesIn(In):
    add: list[s_(60)] = d("Service ids of the standard to add", [], max_length=20)
    end: list[s_(60)] = d("Service ids to end", [], max_length=20)
    on: dt.date = d("From when")


class EventIn(In):
    kind: s_(30) = d("region_handover, pregnancy_contract or child_welfare_notification")
    on: dt.date = d("When")
    details: dict[str, Any] = d("Details of the event", {})


class EventRecordOut(Schema):
    id: int = d("The event's id")
    treatment_id: int = d("The treatment course")
    kind: str = d("region_handover, pregnancy_contract or child_welfare_notification")
    on: dt.date = d("When")
    details: dict[str, Any] = d("Details")


class MedicalIn(In):
    kind: s_(30) = d("substitution, detox, screening, vaccination, antabuse, craving, medication")
    on: dt.date = d("When")
    details: dict[str, Any] = d("Details (drug, dose, result, …)", {})


class MedicalOut(Schema):
    id: int = d("The medical record's id")
    treatment_id: int = d("The treatment course")
    kind: str = d("The kind of record")
    on: dt.date = d("When")
    details: dict[str, Any] = d("Details")


class ProviderRefusalIn(In):
    decision_id: Id = d("The grant the citizen chose the provider under")
    provider_id: Id = d("The provider that refuses")
    reason: s_(2000) = d("The provider's reason")
    capacity: bool = d("Refused for capacity (the only ground a public institution has, SUL § 142)")
    on: dt.date = d("When the provider refused")


class FreeChoiceLimitIn(In):
    decision_id: Id = d("The grant whose free choice is limited")
    reason: s_(2000) = d("Why the limitation is for the citizen's own sake (SEL § 101)")
    on: dt.date = d("When")


class FreeChoiceRecordOut(Schema):
    id: int = d("The record's id")
    decision_id: int = d("The grant")
    provider_id: int | None = d("The provider that refused (none for a limitation)")
    kind: str = d("provider_refused or limited")
    capacity: bool = d("Refused for capacity")
    reason: str = d("The reason")
    on: dt.date = d("When")


class FreeChoiceIn(In):
    decision_id: Id = d("The grant the free choice is made under")
    provider_id: Id = d("The approved provider the citizen chose")
    on: dt.date = d("When the citizen chose")


class ReadLogOut(Schema):
    at: dt.datetime = d("When the record was read")
    actor_id: int = d("Who read it (user id)")
    client_id: int | None = d("Whose record (the client or a linked anonymous client)")
    record_type: str = d("What was read, e.g. client, contact_course, assessments")
    record_id: str = d("Which record")
    purpose: str = d("Why (the screen or `api`)")


class AgendaItemOut(Schema):
    forum_id: str | None = d("The forum whose agenda it is on; none when no forum grants it")
    next_meeting: dt.date | None = d("The forum's next meeting, if the calendar is known")
    application: ApplicationOut = d("The application waiting for a decision")
    client_id: int = d("The client")
    guarantee_status: str = d("The treatment guarantee's status today, if there is one")
    guarantee_due: dt.date | None = d("The treatment guarantee's due date")


# --- more of the course, the citizen's rights, staff ----------------------------------------


class OutreachIn(In):
    criteria: dict[s_(40), bool] = d(
        "The assessor's yes/no judgements of the outreach programme's criteria, by id", {}
    )


class OutreachOut(Schema):
    eligible: bool = d("In the outreach programme's target group (R8)")
    areas_met: list[str] = d("The problem areas whose ASI composites reach the minimum")
    areas_unknown: list[str] = d("Areas with no score (never counted as met)")
    criteria_unmet: list[str] = d("Criteria not confirmed")


class OutreachAssessmentIn(In):
    criteria: dict[s_(40), bool] = d(
        "The assessor's yes/no judgements of the outreach programme's criteria, by id", {}
    )
    assessed_on: dt.date = d("When the target group was assessed")


class OutreachAssessmentOut(Schema):
    id: int = d("The stored assessment's id")
    contact_course_id: int = d("The contact course it is stored on")
    assessment_id: int = d("The assessment whose ASI composites it used")
    assessed_on: dt.date = d("When the target group was assessed")
    criteria: dict[str, bool] = d("The assessor's yes/no judgements, by criterion id")
    eligible: bool = d("In the outreach programme's target group (R8)")
    areas_met: list[str] = d("The problem areas whose ASI composites reach the minimum")
    areas_unknown: list[str] = d("Areas with no score (never counted as met)")
    criteria_unmet: list[str] = d("Criteria not confirmed")


class DoctorConsultationIn(In):
    at: When = d("When the consultation is booked (ISO 8601 with a time zone)")


class DoctorConsultationOutcomeIn(In):
    status: Attendance = d("attended, no_show or cancelled (a future one can only be cancelled)")


class DoctorConsultationOut(Schema):
    id: int = d("The consultation's id")
    contact_course_id: int = d("The contact course (the consultation comes before treatment)")
    at: dt.datetime = d("When")
    status: str = d("planned, attended, no_show or cancelled")
    held_by_id: int | None = d("The doctor who recorded it", None)


class SibIn(In):
    route: s_(30) = d("Route of administration: injection, smoking, sniffing, oral, other", "")
    injection_risk: s_(30) = d("shares_equipment, no_sharing, not_injecting", "")
    housing: s_(30) = d("own_home, with_others, homeless, institution, other", "")
    education: s_(30) = d("none, primary, upper_secondary, vocational, higher", "")
    income: s_(30) = d("wages, education_grant, public_benefit, pension, other", "")
    on: dt.date = d("When recorded (not after the discharge)")


class SibOut(Schema):
    treatment_id: int = d("The treatment course")
    sib: dict[str, str] = d("The social indicators recorded; a missing key is not recorded")


class StaffOut(Schema):
    id: int = d("The user's id")
    username: str = d("User name")
    name: str = d("Full name")
    role: str = d("Role; empty: no role and no access")
    team_ids: list[int] = d("Teams of the municipality the user belongs to")


class StaffIn(In):
    role: s_(30) = d(
        "treater, visitation_caseworker, doctor, nurse, secretary, centre_leader, administrator "
        "or auditor"
    )
    team_ids: list[Id] = d("Teams of the municipality", [], max_length=50)


class InsightOut(Schema):
    format: str = d("The export's format and version: vendepunkt-insight/1")
    made_on: dt.date = d("The day the export was made")
    municipality: str = d("The municipality holding the data")
    client: dict[str, Any] = d("The identity; the CPR number masked (CPR-loven § 54)")
    sections: dict[str, list[dict[str, Any]]] = d(
        "Every record of every course, by section (contacts, assessments, decisions, …)"
    )
    access_log: list[dict[str, Any]] = d("Who read the client's data, when and why")
    changes: list[dict[str, Any]] = d("The actions recorded on the client's records")


# --- the journal (issue 13 § 1) ----------------------------------------------------------------


class NoteIn(In):
    kind: s_(40) = d(
        "The kind: conversation, phone, course, network, medical, other, or one the "
        "municipality's standard adds"
    )
    text: s_(20000) = d("The note")
    event_at: When = d("When what the note tells of happened")
    contact_course_id: Id | None = d("The course the note is on, if any", None)
    subject_type: Literal["", "contact", "counselling_talk", "appointment", "stay"] = d(
        "The event of the course the note is about, if any", ""
    )
    subject_id: Id | None = d("The event's id", None)
    medical: bool = d("A medical note (doctors and nurses only)", False)
    confidential: bool = d("Confidential to the team", False)
    sign: bool = d("Sign the note at once (it is then locked)", False)


class NoteEditIn(In):
    text: s_(20000) = d("The note's new text (the author, before it is signed or locked)")


class AmendmentIn(In):
    text: s_(20000) = d("The corrected text")
    reason: s_(500) = d("Why the note is corrected")


class NoteOut(Schema):
    id: int = d("The note's id")
    client_id: int = d("The citizen")
    contact_course_id: int | None = d("The course, if any")
    subject_type: str = d("The event of the course the note is about, if any")
    subject_id: int | None = d("The event's id")
    kind: str = d("The kind of note")
    text: str = d("The note")
    event_at: dt.datetime = d("When what the note tells of happened")
    written_at: dt.datetime = d("When the note was written")
    author_id: int = d("Who wrote it")
    medical: bool = d("A medical note")
    confidential_team_id: int | None = d("The team it is confidential to, if any")
    signed_at: dt.datetime | None = d("When it was signed")
    amends_id: int | None = d("The note this one corrects, if it is an amendment")
    amendment_reason: str = d("Why it corrects the note")
    version: int = d("The note's version (changes with an edit or a signature)")


class JournalEntryOut(NoteOut):
    amendments: list[NoteOut] = d(
        "Its corrections, oldest first (the note itself stays as written)"
    )
    locked: bool = d("Signed, or past the time after which a note locks")


class JournalPageOut(Schema):
    items: list[JournalEntryOut] = d("The notes of this page, newest event first")
    count: int = d("How many notes there are on all pages")
    page: int = d("This page's number, from 1")
    page_size: int = d("Notes per page")
    pages: int = d("How many pages there are")


# --- group treatment (issue 13 § 4) ------------------------------------------------------------

Presence = Literal["present", "absent_notice", "absent_no_notice"]
LeftReason = Literal["completed", "dropped_out", "moved", "course_ended", "other"]


class GroupIn(In):
    service_id: s_(80) = d("The standard's service the group runs (its format is group)")
    name: s_(200) = d("The group's name")
    team_id: Id = d("The team that runs the group")
    leader_ids: list[Id] = d("The group's leaders (staff of the municipality)", max_length=20)
    capacity: int = d("Places", ge=1, le=100)
    intake: Literal["continuous", "fixed"] = d(
        "continuous: members join and leave at any time; fixed: until the first session starts"
    )
    starts_on: dt.date = d("The first day of the group")
    ends_on: dt.date | None = d("The last day, if set", None)


class GroupOut(Schema):
    id: int = d("The group's id")
    service_id: str = d("The standard's service")
    name: str = d("The group's name")
    team_id: int = d("The team")
    capacity: int = d("Places")
    intake: str = d("continuous or fixed")
    starts_on: dt.date = d("The first day")
    ends_on: dt.date | None = d("The last day, if set")
    version: int = d("The group's version")


class GroupRowOut(GroupOut):
    members: int = d("Members who have not left")
    next_session: dt.datetime | None = d("The next session not cancelled")


class MemberIn(In):
    client_id: Id = d("The citizen or relative")
    contact_course_id: Id | None = d("The citizen's course (none for a relative)", None)
    joined_on: dt.date = d("The day the member joins")


class MembershipOut(Schema):
    id: int = d("The membership's id")
    group_id: int = d("The group")
    client_id: int = d("The member")
    contact_course_id: int | None = d("The member's course, if any")
    joined_on: dt.date = d("Joined on")
    left_on: dt.date | None = d("Left on, if the member has left")
    left_reason: str = d("Why the member left")
    version: int = d("The membership's version")


class LeaveIn(In):
    left_on: dt.date = d("The day the member leaves")
    reason: LeftReason = d("Why")
    note: s_(2000) = d("A remark", "")


class SeriesIn(In):
    first_day: dt.date = d("The series starts on this day or the first weekday after it")
    weekday: int = d("0 Monday … 6 Sunday", ge=0, le=6)
    time: dt.time = d("The sessions' local time of day")
    length_minutes: int = d("Each session's length in minutes", ge=1, le=600)
    count: int = d("How many weekly sessions", ge=1, le=52)
    place: s_(200) = d("Where (free text)")


class SessionIn(In):
    starts_at: When = d("When the session starts")
    length_minutes: int = d("Length in minutes", ge=1, le=600)
    place: s_(200) = d("Where (free text)")


class SessionOut(Schema):
    id: int = d("The session's id")
    group_id: int = d("The group")
    starts_at: dt.datetime = d("When it starts")
    length_minutes: int = d("Length in minutes")
    place: str = d("Where")
    calendar_appointment_id: int | None = d("The calendar's appointment, once there is one")
    cancelled_at: dt.datetime | None = d("When it was cancelled, if it was")
    cancel_reason: str = d("Why it was cancelled")
    version: int = d("The session's version")


class GroupDetailOut(Schema):
    group: GroupOut = d("The group")
    leader_ids: list[int] = d("The group's leaders")
    members: list[MembershipOut] = d("The roster (members who left included)")
    sessions: list[SessionOut] = d("The sessions, first first")


class CancelIn(In):
    reason: s_(500) = d("Why the session is cancelled")


class MarkIn(In):
    membership_id: Id = d("The member")
    presence: Presence = d("present, absent_notice or absent_no_notice")


class GroupAttendanceIn(In):
    marks: list[MarkIn] = d("One mark for every member on the roster that day", max_length=100)


class MarkOut(Schema):
    membership_id: int = d("The member")
    client_id: int = d("The member's client id")
    presence: str = d("The mark, or empty where none is recorded")


class SessionDetailOut(Schema):
    session: SessionOut = d("The session")
    started: bool = d("Whether it has started (attendance can be recorded)")
    note: str = d("The session's note, for the group's staff")
    attendance: list[MarkOut] = d("The roster that day with each member's mark")


class ParticipantNoteIn(In):
    membership_id: Id = d("The member")
    text: s_(20000) = d("The note, for that member's journal only")


class SessionNotesIn(In):
    text: s_(20000) = d("The session's note for the group's staff (replaces the one before)", "")
    participants: list[ParticipantNoteIn] = d(
        "Notes for the participants' journals", [], max_length=100
    )
    sign: bool = d("Sign the participants' notes at once", False)


class SessionNotesOut(Schema):
    session: SessionOut = d("The session")
    note_ids: list[int] = d("The journal notes written, one per participant")


# --- documents (issue 13 § 2) -------------------------------------------------------------------


class DocumentOut(Schema):
    id: int = d("The document's id")
    client_id: int = d("The citizen")
    contact_course_id: int | None = d("The course, if any")
    decision_id: int | None = d("The decision a filed decision letter belongs to, if any")
    kind: str = d("The kind: received, letter, decision_letter, consent, report, medical, other")
    source: str = d("upload, or system (a letter the system produced)")
    title: str = d("The title")
    original_name: str = d("The file's name as uploaded (the download is named by id)")
    content_type: str = d("The type, found from the content")
    extension: str = d("The extension the download gets")
    size: int = d("Bytes")
    sha256: str = d("SHA-256 of the content")
    medical: bool = d("A medical document (doctors and nurses only)")
    filed_by_id: int = d("Who filed it")
    filed_at: dt.datetime = d("When it was filed")
    erased_on: dt.date | None = d("When retention erased its content, if it did")


# --- reminders (issue 13 § 3) ------------------------------------------------------------------


class ReminderConsentIn(In):
    sms: bool = d("Reminders by SMS", False)
    email: bool = d("Reminders by e-mail", False)
    phone: s_(20) = d("The mobile number for SMS (8 digits, or + and the country code)", "")
    email_address: s_(254) = d("The e-mail address for reminders", "")
    given_on: dt.date = d("When the citizen gave the consent")
    given_how: Literal["oral", "written", "own_pages"] = d(
        "How: orally, in writing or on the citizen's own pages"
    )


class ReminderWithdrawIn(In):
    on: dt.date = d("When the citizen withdrew the consent")


class ReminderMessageOut(Schema):
    id: int = d("The message's id")
    appointment_id: int = d("The appointment it reminds of")
    channel: str = d("sms or email")
    status: str = d("queued, sending, sent, failed or cancelled (not sent)")
    attempts: int = d("How many times sending was tried")
    last_error: str = d("The last error's code (no personal data)")
    sent_at: dt.datetime | None = d("When it was sent")


class ReminderConsentOut(Schema):
    client_id: int = d("The citizen")
    recorded: bool = d("Whether a consent was ever recorded")
    active: bool = d("Whether reminders are sent now")
    sms: bool = d("Reminders by SMS")
    email: bool = d("Reminders by e-mail")
    phone: str = d("The mobile number (masked unless ?reveal=true)")
    email_address: str = d("The e-mail address (masked unless ?reveal=true)")
    given_on: dt.date | None = d("When the consent was given")
    given_how: str = d("How it was given")
    withdrawn_on: dt.date | None = d("When it was withdrawn, if it was")
    messages: list[ReminderMessageOut] = d("The latest reminders (at most 20)")
