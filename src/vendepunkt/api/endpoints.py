"""The API's operations. Each one is thin: parse the request, call the service or the read
function the web application uses (the apps' `queries` modules; they check permission, write the
audit trail or the read log), render the result. Nothing here writes a model directly."""

import datetime as dt
from typing import Annotated

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Header, Path, Query, Router, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile
from ninja.pagination import paginate

from vendepunkt.accounts.access import AccessDenied, NotFound, require
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.accounts.models import Team, User
from vendepunkt.audit import queries as audit_queries
from vendepunkt.audit.services import client_reads, log_reads
from vendepunkt.citizens import queries as citizen_queries
from vendepunkt.citizens import services as citizens
from vendepunkt.citizens.models import Client
from vendepunkt.complaints import queries as complaint_queries
from vendepunkt.complaints import services as complaints
from vendepunkt.complaints.models import Complaint
from vendepunkt.courses import services as courses
from vendepunkt.courses.deadlines import (
    ORDERS,
    STATUSES,
    caseload,
    effective_status,
    scopes_for,
    worklist,
)
from vendepunkt.courses.letters import decision_letter_pdf, received_on
from vendepunkt.courses.models import (
    Application,
    Appointment,
    Assessment,
    ContactCourse,
    Decision,
    DoctorConsultation,
    ResidentialStay,
    TreatmentCourse,
)
from vendepunkt.courses.queries import course as course_queries
from vendepunkt.courses.queries import intake as intake_queries
from vendepunkt.courses.queries import plan as plan_queries
from vendepunkt.courses.queries import visitation as visitation_queries
from vendepunkt.filing import queries as filing_queries
from vendepunkt.filing import services as filing
from vendepunkt.filing.serving import attachment
from vendepunkt.groups import queries as group_queries
from vendepunkt.groups import services as group_services
from vendepunkt.groups.models import Membership
from vendepunkt.journal import queries as journal_queries
from vendepunkt.journal import services as journal_services
from vendepunkt.providers import queries as provider_queries
from vendepunkt.providers import services as providers
from vendepunkt.providers.models import Provider
from vendepunkt.reminders import queries as reminder_queries
from vendepunkt.reminders import services as reminder_services
from vendepunkt.standards import queries as standard_queries

from . import schemas as s
from . import tokens
from .core import (
    Conflict,
    Pages,
    Problem,
    etag,
    expected_version,
    idempotent,
    stale_as_conflict,
)

PURPOSE = "api"

router = Router()
PathId = Annotated[int, Path(ge=1, le=s.MAX_ID, description="The record's id")]


def today():
    return timezone.localdate()


def errors(*codes):
    """The error responses every operation may give (all as application/problem+json)."""
    return {c: Problem for c in (400, 401, 403, 404, 409, 422, 428, 429, *codes)}


# --- the caller and tokens -----------------------------------------------------------------------


@router.get("/me", response={200: s.MeOut, **errors()}, tags=["tokens"], summary="Who am I")
def me(request):
    """The user the request acts as: role, municipality and teams."""
    user = request.user
    return {
        "id": user.pk,
        "username": user.username,
        "role": user.role,
        "municipality_id": user.municipality_id,
        "municipality": user.municipality.name,
        "team_ids": sorted(user.team_ids()),
        "token_id": getattr(getattr(request, "api_token", None), "pk", None),
    }


@router.get("/tokens", response={200: list[s.TokenOut], **errors()}, tags=["tokens"])
@paginate(Pages)
def list_tokens(request):
    """The caller's own API tokens (never the tokens themselves: only a prefix)."""
    return tokens.tokens_of(request.user)


@router.post("/tokens", response={201: s.NewTokenOut, **errors()}, tags=["tokens"])
def create_token(request, payload: s.TokenIn):
    """Create a personal API token for the signed-in user. Only from the two-factor web
    session: a token cannot make more tokens. The token is in this response only."""
    if getattr(request, "api_token", None) is not None:
        raise AccessDenied("api.create_token (session only)")
    token, raw = tokens.create_token(
        request.user, request.user, name=payload.name, days=payload.days
    )
    return Status(201, _fields(token, s.TokenOut) | {"token": raw})


@router.delete("/tokens/{token_id}", response={200: s.TokenOut, **errors()}, tags=["tokens"])
def revoke_token(request, token_id: PathId):
    """Revoke one of the caller's tokens (it stops working at once)."""
    return tokens.revoke_token(request.user, token_id)


# --- clients -------------------------------------------------------------------------------


@router.post("/clients", response={201: s.ClientOut, **errors(409)}, tags=["clients"])
@decorate_view(idempotent)
def register_citizen(request, payload: s.CitizenIn):
    """Register an identified citizen (the CPR number only in the body; it is stored encrypted
    and never returned)."""
    relative_of = _client_ref(request.user, payload.relative_of_id)
    client = citizens.register_citizen(
        request.user,
        request.user.municipality,
        cpr=payload.cpr,
        name=payload.name,
        today=today(),
        home_municipality=payload.home_municipality,
        children_under_18=payload.children_under_18,
        pregnant=payload.pregnant,
        client_kind=payload.client_kind,
        relative_of=relative_of,
    )
    return Status(201, client)


@router.post("/clients/anonymous", response={201: s.ClientOut, **errors()}, tags=["clients"])
@decorate_view(idempotent)
def register_anonymous(request, payload: s.AnonymousIn):
    """Register an anonymous client: a code is generated; no CPR number."""
    client = citizens.register_anonymous(
        request.user,
        request.user.municipality,
        birth_year=payload.birth_year,
        sex=payload.sex,
        client_kind=payload.client_kind,
        relative_of=_client_ref(request.user, payload.relative_of_id),
        today=today(),
    )
    return Status(201, client)


@router.post("/clients/search", response={200: list[s.ClientOut], **errors()}, tags=["clients"])
@paginate(Pages)
def search_clients(request, payload: s.SearchIn):
    """Find clients by exact CPR number, by part of a name or by anonymous code (exactly one).
    A POST, so that a CPR number never stands in a URL or a server log. The search is logged."""
    given = [k for k in ("cpr", "name", "code") if getattr(payload, k)]
    if len(given) != 1:
        raise ServiceError(
            _("Search by exactly one of cpr, name and code."),
            field="cpr",
        )
    user = request.user
    if payload.cpr:
        found = citizens.find_by_cpr(
            user, user.municipality, payload.cpr, today=today(), purpose=PURPOSE
        )
        return [found] if found else []
    if payload.name:
        return citizen_queries.search_by_name(user, payload.name, purpose=PURPOSE).clients
    found = citizen_queries.find_by_code(user, payload.code, purpose=PURPOSE)
    return [found] if found else []


@router.get("/clients/{client_id}", response={200: s.ClientOut, **errors()}, tags=["clients"])
def get_client(request, client_id: PathId):
    """A client's identity (the read is logged)."""
    return citizens.get_client(request.user, client_id, purpose=PURPOSE)


@router.get(
    "/clients/{client_id}/timeline",
    response={200: list[s.EventOut], **errors()},
    tags=["clients"],
)
@paginate(Pages)
def timeline(request, client_id: PathId):
    """The citizen's timeline: every event of the courses the caller may see and their
    deadlines (with today's status), oldest first. Each course's read is logged."""
    client = citizens.get_client(request.user, client_id, purpose=PURPOSE)
    page = citizen_queries.citizen_page(request.user, client, today=today(), purpose=PURPOSE)
    return [
        {
            "on": e.on,
            "kind": e.kind,
            "course_id": e.course_id,
            "record_id": e.obj.pk,
            "status": e.status,
            "deadline": e.obj if e.kind == "deadline" else None,
        }
        for e in page.events
    ]


@router.post("/clients/{client_id}/link", response={200: s.ClientOut, **errors()}, tags=["clients"])
def link_anonymous(request, client_id: PathId, payload: s.LinkIn):
    """Link this anonymous client to an identified citizen, with consent (R47); the anonymous
    courses move to the citizen."""
    anonymous = _client_ref(request.user, client_id)
    citizen = _client_ref(request.user, payload.citizen_id)
    return citizens.link_anonymous(
        request.user, anonymous, citizen, consent=payload.consent, today=today()
    )


@router.patch("/clients/{client_id}", response={200: s.ClientOut, **errors()}, tags=["clients"])
def correct_client(request, client_id: PathId, payload: s.ClientCorrectionIn):
    """Correct the citizen's master data (the fields given); recording pregnancy or children
    under 18 raises the notification check (Barnets Lov § 133) on the course's worklist."""
    client = _client_ref(request.user, client_id)
    values = payload.dict(exclude_unset=True)
    return citizens.correct_client(request.user, client, today=today(), **values)


@router.post(
    "/clients/{client_id}/notification-check",
    response={200: s.ClientOut, **errors()},
    tags=["clients"],
)
def record_notification_check(request, client_id: PathId, payload: s.NotificationCheckIn):
    """The notification check (Barnets Lov § 133) is done."""
    client = _client_ref(request.user, client_id)
    return citizens.record_notification_check(request.user, client, on=payload.on, today=today())


def _client_ref(user, client_id):
    """A client of the user's municipality referred to by a request (the service checks the
    permission; nothing of it is returned, so nothing is logged)."""
    if client_id is None:
        return None
    client = Client.objects.filter(pk=client_id, municipality_id=user.municipality_id).first()
    if client is None:
        raise NotFound("Client")
    return client


# --- contacts and contact courses ---------------------------------------------------------------


@router.post(
    "/clients/{client_id}/contacts", response={201: s.ContactOut, **errors()}, tags=["contacts"]
)
@decorate_view(idempotent)
def record_contact(request, client_id: PathId, payload: s.ContactIn):
    """Record a contact; the contact-course rule opens or continues a contact course (R6)."""
    contact = courses.record_contact(
        request.user, _client_ref(request.user, client_id), **payload.dict(), today=today()
    )
    return Status(201, contact)


def _course_out(page) -> dict:
    course = page.course
    return {
        **{
            f: getattr(course, f)
            for f in (
                "id",
                "client_id",
                "legal_track",
                "opened_on",
                "request_on",
                "personal_attendance_on",
                "last_contact_on",
                "closed_on",
                "team_id",
                "merged_into_id",
            )
        },
        "treatment_id": page.treatment.pk if page.treatment else None,
        "deadlines": [_deadline(dl) for dl in page.deadlines],
        "applications": [_application(a) for a in page.applications],
    }


def _fields(obj, schema) -> dict:
    return {name: getattr(obj, name) for name in schema.model_fields}


def _deadline(dl) -> dict:
    return _fields(dl, s.DeadlineOut) | {"status": effective_status(dl, today())}


def _application(a) -> dict:
    try:
        decision_id = a.decision.pk
    except Decision.DoesNotExist:
        decision_id = None
    return {
        **{f: getattr(a, f) for f in s.ApplicationOut.model_fields if f != "decision_id"},
        "decision_id": decision_id,
    }


@router.get("/courses/{course_id}", response={200: s.CourseOut, **errors()}, tags=["courses"])
def get_course(request, course_id: PathId):
    """A contact course with its deadlines (today's status) and applications (the read is
    logged)."""
    page = course_queries.course_page(request.user, course_id, purpose=PURPOSE, with_medical=False)
    return _course_out(page)


def _course(user, course_id) -> ContactCourse:
    """The course a change is about (permission to see it checked; nothing logged, nothing of it
    is returned)."""
    return course_queries.course_for_change(user, course_id)


@router.get(
    "/courses/{course_id}/counselling",
    response={200: list[s.CounsellingOut], **errors()},
    tags=["counselling"],
)
@paginate(Pages)
def list_counselling(request, course_id: PathId):
    """The counselling talks of a contact course (the read is logged)."""
    course = _course(request.user, course_id)
    return intake_queries.counselling_talks(request.user, course, purpose=PURPOSE)


@router.post(
    "/courses/{course_id}/counselling",
    response={201: s.CounsellingOut, **errors()},
    tags=["counselling"],
)
@decorate_view(idempotent)
def record_counselling(request, course_id: PathId, payload: s.CounsellingIn):
    """Record a counselling talk of a kind the municipality's standard offers, within the number
    of talks the standard sets (a talk beyond it needs `extension_reason` where the standard
    allows more)."""
    course = _course(request.user, course_id)
    talk = courses.record_counselling(request.user, course, **payload.dict(), today=today())
    return Status(201, talk)


# --- assessments (ETag over the course's assessments) -------------------------------------------


def _assessments_etag(course_id: PathId, count: int) -> str:
    return etag("assessments", course_id, count)


@router.get(
    "/courses/{course_id}/assessments",
    response={200: list[s.AssessmentOut], **errors()},
    tags=["assessments"],
)
@paginate(Pages)
def list_assessments(request, course_id: PathId, response: HttpResponse):
    """The course's assessments, oldest first (the read is logged). The ETag names the set of
    assessments: send it as If-Match with a new assessment to be sure none was added meanwhile."""
    course = _course(request.user, course_id)
    items = courses.view_assessments(request.user, course, purpose=PURPOSE)
    response["ETag"] = _assessments_etag(course.pk, len(items))
    return items


@router.post(
    "/courses/{course_id}/assessments",
    response={201: s.AssessmentOut, **errors(409)},
    tags=["assessments"],
)
@decorate_view(idempotent)
def record_assessment(
    request,
    course_id: PathId,
    payload: s.AssessmentIn,
    response: HttpResponse,
    if_match: str | None = Header(
        None,
        alias="If-Match",
        description="The ETag of GET …/assessments: refused with 409 if another was added",
    ),
):
    """Record an assessment with its ASI composites. With If-Match, refused (409) when another
    assessment was recorded since the caller read the list."""
    course = _course(request.user, course_id)
    count = courses.assessment_version(course)
    with stale_as_conflict():
        assessment = courses.record_assessment(
            request.user,
            course,
            **payload.dict(),
            expected_version=expected_version(request, count, _assessments_etag(course.pk, count)),
            today=today(),
        )
    response["ETag"] = _assessments_etag(course.pk, assessment.version)
    return Status(201, assessment)


# --- applications and decisions (ETag on the decision) ------------------------------------------


@router.get(
    "/courses/{course_id}/applications",
    response={200: list[s.ApplicationOut], **errors()},
    tags=["decisions"],
)
@paginate(Pages)
def list_applications(request, course_id: PathId):
    """The course's applications with their decision ids (the course read is logged)."""
    course = courses.get_course(request.user, course_id, purpose=PURPOSE)
    return [_application(a) for a in visitation_queries.course_applications(course)]


@router.post(
    "/courses/{course_id}/applications",
    response={201: s.ApplicationOut, **errors()},
    tags=["decisions"],
)
@decorate_view(idempotent)
def apply(request, course_id: PathId, payload: s.ApplicationIn):
    """Apply for a service of the municipality's standard."""
    course = _course(request.user, course_id)
    application = courses.apply_for_service(request.user, course, **payload.dict(), today=today())
    return Status(201, _application(application))


def _decision_etag(decision: Decision) -> str:
    return etag("decision", decision.pk, decision.version, decision.sent_on)


DECISION_FIELDS = (
    "id",
    "application_id",
    "outcome",
    "legal_basis",
    "intensity",
    "valid_from",
    "valid_until",
    "extendable",
    "reasons",
    "complaint_guidance",
    "decided_on",
    "sent_on",
    "sent_by",
    "forum_id",
    "intensity_reason",
    "eligibility_notes",
    "extends_id",
)


def _decision_out(decision: Decision) -> dict:
    out = {f: getattr(decision, f) for f in DECISION_FIELDS}
    out["deemed_received_on"] = received_on(decision)
    out["letter_url"] = reverse("api:decision_letter", args=[decision.pk])
    return out


@router.post(
    "/applications/{application_id}/decision",
    response={201: s.DecisionOut, **errors(409)},
    tags=["decisions"],
)
@decorate_view(idempotent)
def decide(request, application_id: PathId, payload: s.DecisionIn, response: HttpResponse):
    """The written decision on an application (grant, refusal or partial grant, with reasons and
    complaint guidance). A second decision on the same application is refused with 409."""
    application = (
        Application.objects.select_related("contact_course__client", "contact_course__municipality")
        .filter(pk=application_id, municipality_id=request.user.municipality_id)
        .first()
    )
    if application is None:
        raise NotFound("Application")
    if Decision.objects.filter(application=application).exists():
        require(request.user, "courses.decide", courses.course_guard(application.contact_course))
        raise Conflict(
            _("The application has already been decided."),
            code="already_decided",
        )
    decision = courses.decide(request.user, application, **payload.dict(), today=today())
    response["ETag"] = _decision_etag(decision)
    return Status(201, _decision_out(decision))


@router.post(
    "/decisions/{decision_id}/extension",
    response={201: s.DecisionOut, **errors(409)},
    tags=["decisions"],
)
@decorate_view(idempotent)
def extend_grant(request, decision_id: PathId, payload: s.ExtensionIn, response: HttpResponse):
    """Extend a time-limited grant: its own decision (with letter and complaint guidance), from
    the day after the grant ends to `valid_until`."""
    decision = visitation_queries.load_decision(request.user, decision_id)
    extension = courses.extend_grant(request.user, decision, **payload.dict(), today=today())
    response["ETag"] = _decision_etag(extension)
    return Status(201, _decision_out(extension))


@router.get(
    "/decisions/{decision_id}", response={200: s.DecisionOut, **errors()}, tags=["decisions"]
)
def get_decision(request, decision_id: PathId, response: HttpResponse):
    """A decision (the read is logged), with its ETag for If-Match on changes."""
    decision = visitation_queries.decision_for(
        request.user, decision_id, "courses.view_course", purpose=PURPOSE
    )
    response["ETag"] = _decision_etag(decision)
    return _decision_out(decision)


@router.get(
    "/decisions/{decision_id}/letter.pdf",
    response={200: None, **errors()},
    tags=["decisions"],
    url_name="decision_letter",
    openapi_extra={
        "responses": {
            200: {
                "description": "The decision letter as PDF",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def decision_letter(request, decision_id: PathId):
    """The decision letter as PDF (CPR number masked; the read is logged)."""
    decision = visitation_queries.load_decision(request.user, decision_id)
    pdf = decision_letter_pdf(request.user, decision, purpose=PURPOSE)
    out = HttpResponse(pdf, content_type="application/pdf")
    out["Content-Disposition"] = f'attachment; filename="afgoerelse-{decision.pk}.pdf"'
    return out


@router.post(
    "/decisions/{decision_id}/sent",
    response={200: s.DecisionOut, **errors(409)},
    tags=["decisions"],
)
def mark_sent(
    request,
    decision_id: PathId,
    payload: s.SentIn,
    response: HttpResponse,
    if_match: str | None = Header(
        None, alias="If-Match", description="The decision's ETag; 409 when it has changed"
    ),
):
    """Record when and how the letter was sent (Digital Post or ordinary post); the complaint
    period counts from the day the citizen is deemed to receive it. With If-Match, refused
    (409) when the decision changed since it was read."""
    decision = visitation_queries.load_decision(request.user, decision_id)
    with stale_as_conflict():
        decision = courses.mark_decision_sent(
            request.user,
            decision,
            sent_on=payload.sent_on,
            sent_by=payload.sent_by,
            expected_version=expected_version(request, decision.version, _decision_etag(decision)),
            today=today(),
        )
    response["ETag"] = _decision_etag(decision)
    return _decision_out(decision)


@router.post(
    "/courses/{course_id}/waivers", response={201: s.WaiverOut, **errors()}, tags=["decisions"]
)
@decorate_view(idempotent)
def record_waiver(request, course_id: PathId, payload: s.WaiverIn):
    """Record a reason the treatment guarantee does not bind (R18)."""
    course = _course(request.user, course_id)
    return Status(201, courses.record_waiver(request.user, course, **payload.dict(), today=today()))


# --- treatment ----------------------------------------------------------------------------------


def _treatment(user, treatment_id) -> TreatmentCourse:
    """A treatment course a change is about (the service checks the permission; nothing of it is
    returned, so nothing is logged)."""
    found = (
        TreatmentCourse.objects.select_related(
            "contact_course__client", "contact_course__municipality"
        )
        .filter(pk=treatment_id, municipality_id=user.municipality_id)
        .first()
    )
    if found is None:
        raise NotFound("TreatmentCourse")
    return found


def _treatment_out(t: TreatmentCourse) -> dict:
    return {
        "id": t.pk,
        "contact_course_id": t.contact_course_id,
        "client_id": t.contact_course.client_id,
        "team_id": t.team_id,
        "start_on": t.start_on,
        "phase": t.phase,
        "primary_treater_id": t.primary_treater_id,
        "discharged_on": t.discharged_on,
    }


@router.post(
    "/courses/{course_id}/treatment",
    response={201: s.TreatmentOut, **errors()},
    tags=["courses"],
)
@decorate_view(idempotent)
def start_treatment(request, course_id: PathId, payload: s.TreatmentIn):
    """Start the treatment course of a contact course (once)."""
    user = request.user
    course = _course(user, course_id)
    team = Team.objects.filter(
        pk=payload.team_id, centre__municipality_id=user.municipality_id
    ).first()
    if team is None:
        raise NotFound("Team")
    treater = None
    if payload.treater_id is not None:
        treater = User.objects.filter(
            pk=payload.treater_id, municipality_id=user.municipality_id
        ).first()
        if treater is None:
            raise NotFound("User")
    decision = None
    if payload.decision_id is not None:
        decision = (
            Decision.objects.filter(pk=payload.decision_id, application__contact_course=course)
            .select_related("application")
            .first()
        )
        if decision is None:
            raise NotFound("Decision")
    provider = None
    if payload.provider_id is not None:
        provider = get_object_or_404(
            Provider, pk=payload.provider_id, municipality_id=user.municipality_id
        )
    treatment = courses.start_treatment(
        user,
        course,
        team=team,
        start_on=payload.start_on,
        treater=treater,
        decision=decision,
        provider=provider,
        today=today(),
    )
    return Status(201, _treatment_out(treatment))


@router.get(
    "/treatments/{treatment_id}", response={200: s.TreatmentOut, **errors()}, tags=["courses"]
)
def get_treatment(request, treatment_id: PathId):
    """A treatment course (the read is logged)."""
    treatment = plan_queries.treatment(
        request.user, treatment_id, perm="courses.view_course", purpose=PURPOSE
    )
    return _treatment_out(treatment)


@router.get(
    "/treatments/{treatment_id}/appointments",
    response={200: list[s.AppointmentOut], **errors()},
    tags=["appointments"],
)
@paginate(Pages)
def list_appointments(request, treatment_id: PathId):
    """The appointments of a treatment course (the read is logged)."""
    treatment = plan_queries.treatment(
        request.user, treatment_id, perm="courses.view_course", purpose=PURPOSE
    )
    return course_queries.appointments_of(treatment)


@router.post(
    "/treatments/{treatment_id}/appointments",
    response={201: s.AppointmentOut, **errors()},
    tags=["appointments"],
)
@decorate_view(idempotent)
def record_appointment(request, treatment_id: PathId, payload: s.AppointmentIn):
    """Book (or record) an appointment."""
    treatment = _treatment(request.user, treatment_id)
    return Status(
        201, courses.record_appointment(request.user, treatment, **payload.dict(), today=today())
    )


@router.post(
    "/appointments/{appointment_id}/attendance",
    response={200: s.AppointmentOut, **errors()},
    tags=["appointments"],
)
def set_attendance(request, appointment_id: PathId, payload: s.AttendanceIn):
    """Record attendance: attended, no-show or cancelled (R27)."""
    appointment = (
        Appointment.objects.select_related("treatment")
        .filter(pk=appointment_id, municipality_id=request.user.municipality_id)
        .first()
    )
    if appointment is None:
        raise NotFound("Appointment")
    return courses.set_attendance(request.user, appointment, **payload.dict(), today=today())


@router.post(
    "/treatments/{treatment_id}/treater",
    response={200: s.TreatmentOut, **errors()},
    tags=["courses"],
)
def assign_treater(request, treatment_id: PathId, payload: s.TreaterIn):
    """Assign or change the primary treater (R28)."""
    treatment = _treatment(request.user, treatment_id)
    treater = User.objects.filter(
        pk=payload.treater_id, municipality_id=request.user.municipality_id
    ).first()
    if treater is None:
        raise NotFound("User")
    courses.assign_treater(request.user, treatment, treater=treater, on=payload.on, today=today())
    return _treatment_out(treatment)


@router.post(
    "/treatments/{treatment_id}/phase",
    response={200: s.TreatmentOut, **errors()},
    tags=["courses"],
)
def change_phase(request, treatment_id: PathId, payload: s.PhaseIn):
    """Move the course to another phase its standard uses (R26); recorded in the status history."""
    treatment = _treatment(request.user, treatment_id)
    courses.change_phase(request.user, treatment, **payload.dict(), today=today())
    return _treatment_out(treatment)


@router.post(
    "/treatments/{treatment_id}/services",
    response={200: s.TreatmentOut, **errors()},
    tags=["courses"],
)
def change_services(request, treatment_id: PathId, payload: s.ServicesIn):
    """Add or end services of the course; the standard may then require a plan review (R25)."""
    treatment = _treatment(request.user, treatment_id)
    courses.change_services(request.user, treatment, **payload.dict(), today=today())
    return _treatment_out(treatment)


@router.post(
    "/treatments/{treatment_id}/events",
    response={201: s.EventRecordOut, **errors()},
    tags=["courses"],
)
@decorate_view(idempotent)
def record_course_event(request, treatment_id: PathId, payload: s.EventIn):
    """Hand-over to the region (R31), pregnancy contract (R33), child-welfare notification (R34)."""
    treatment = _treatment(request.user, treatment_id)
    return Status(
        201, courses.record_course_event(request.user, treatment, **payload.dict(), today=today())
    )


@router.get(
    "/treatments/{treatment_id}/medical",
    response={200: list[s.MedicalOut], **errors()},
    tags=["courses"],
)
@paginate(Pages)
def list_medical(request, treatment_id: PathId):
    """Medical records (doctors and nurses only; the read is logged)."""
    treatment = _treatment(request.user, treatment_id)
    return courses.view_medical(request.user, treatment, purpose=PURPOSE)


@router.post(
    "/treatments/{treatment_id}/medical",
    response={201: s.MedicalOut, **errors()},
    tags=["courses"],
)
@decorate_view(idempotent)
def record_medical(request, treatment_id: PathId, payload: s.MedicalIn):
    """Record a medical record (doctors and nurses; medication ends anonymity, R47)."""
    treatment = _treatment(request.user, treatment_id)
    return Status(
        201, courses.record_medical(request.user, treatment, **payload.dict(), today=today())
    )


@router.post(
    "/courses/{course_id}/free-choice",
    response={201: s.WaiverOut, **errors()},
    tags=["decisions"],
)
@decorate_view(idempotent)
def choose_provider(request, course_id: PathId, payload: s.FreeChoiceIn):
    """The citizen chooses another approved provider under a grant (free choice, R21); recorded
    as a waiver of the guarantee with its reason."""
    course = _course(request.user, course_id)
    decision = (
        Decision.objects.select_related("application")
        .filter(pk=payload.decision_id, municipality_id=request.user.municipality_id)
        .first()
    )
    provider = Provider.objects.filter(
        pk=payload.provider_id, municipality_id=request.user.municipality_id
    ).first()
    if decision is None or provider is None:
        raise NotFound("Decision" if decision is None else "Provider")
    return Status(
        201,
        courses.choose_provider(
            request.user, course, decision, provider, on=payload.on, today=today()
        ),
    )


def _decision_and_course(user, course_id: int, decision_id: int) -> Decision:
    course = _course(user, course_id)
    decision = (
        Decision.objects.select_related("application")
        .filter(pk=decision_id, municipality_id=user.municipality_id)
        .first()
    )
    if decision is None or decision.application.contact_course_id != course.pk:
        raise NotFound("Decision")
    return decision


@router.post(
    "/courses/{course_id}/free-choice/refusals",
    response={201: s.FreeChoiceRecordOut, **errors()},
    tags=["decisions"],
)
@decorate_view(idempotent)
def record_provider_refusal(request, course_id: PathId, payload: s.ProviderRefusalIn):
    """The provider the citizen chose refuses to receive them, with the reason (R21); a public
    institution may refuse a SUL § 142 citizen only for capacity."""
    decision = _decision_and_course(request.user, course_id, payload.decision_id)
    provider = Provider.objects.filter(
        pk=payload.provider_id, municipality_id=request.user.municipality_id
    ).first()
    if provider is None:
        raise NotFound("Provider")
    return Status(
        201,
        providers.record_provider_refusal(
            request.user,
            decision,
            provider,
            reason=payload.reason,
            capacity=payload.capacity,
            on=payload.on,
            today=today(),
        ),
    )


@router.post(
    "/courses/{course_id}/free-choice/limitations",
    response={201: s.FreeChoiceRecordOut, **errors()},
    tags=["decisions"],
)
@decorate_view(idempotent)
def limit_free_choice(request, course_id: PathId, payload: s.FreeChoiceLimitIn):
    """Limit the citizen's free choice under a grant for their own sake, with the reason
    (SEL § 101; visitation caseworkers)."""
    decision = _decision_and_course(request.user, course_id, payload.decision_id)
    return Status(
        201,
        providers.limit_free_choice(
            request.user, decision, reason=payload.reason, on=payload.on, today=today()
        ),
    )


# --- the plan (ETag on its version; If-Match required) -------------------------------------------


def _plan_etag(treatment_id: PathId, version: int) -> str:
    return f'"plan-{treatment_id}-v{version}"'


@router.get(
    "/treatments/{treatment_id}/plan",
    response={200: s.PlanOut, **errors()},
    tags=["plans"],
)
def get_plan(request, treatment_id: PathId, response: HttpResponse):
    """The current plan version (the read is logged). Its ETag is needed to change the plan."""
    page = plan_queries.plan_page(request.user, treatment_id, purpose=PURPOSE)
    if page.current is None:
        raise NotFound("PlanVersion")
    response["ETag"] = _plan_etag(treatment_id, page.current.version)
    return page.current


@router.get(
    "/treatments/{treatment_id}/plan/versions",
    response={200: list[s.PlanOut], **errors()},
    tags=["plans"],
)
@paginate(Pages)
def list_plan_versions(request, treatment_id: PathId):
    """Every version of the plan, oldest first (the read is logged)."""
    return plan_queries.plan_page(request.user, treatment_id, purpose=PURPOSE).versions


@router.put(
    "/treatments/{treatment_id}/plan",
    response={200: s.PlanOut, **errors(409, 428)},
    tags=["plans"],
)
def save_plan(
    request,
    treatment_id: PathId,
    payload: s.PlanIn,
    response: HttpResponse,
    if_match: str = Header(
        None,
        alias="If-Match",
        description='The plan\'s ETag from GET (e.g. "plan-7-v2"), or "plan-7-v0" for the first',
    ),
):
    """Save a new version of the plan. If-Match is required: a stale ETag (someone saved a
    version since) is refused with 409 and nothing is overwritten."""
    treatment = _treatment(request.user, treatment_id)
    require(request.user, "courses.edit_plan", treatment)  # refuse before asking for If-Match
    expected = _expected_plan_version(request, treatment.pk)
    # The service locks the course: the second of two concurrent saves waits, then sees the
    # first one's version and is refused (409, nothing overwritten).
    with stale_as_conflict(code="conflict", field=None):
        plan = courses.save_plan(
            request.user, treatment, **payload.dict(), expected_version=expected, today=today()
        )
    response["ETag"] = _plan_etag(treatment.pk, plan.version)
    return plan


def _expected_plan_version(request, treatment_id: PathId) -> int:
    from .core import PreconditionRequired, if_match

    sent = if_match(request)
    if sent is None:
        raise PreconditionRequired()
    prefix = f'"plan-{treatment_id}-v'
    if not (sent.startswith(prefix) and sent.endswith('"') and sent[len(prefix) : -1].isdigit()):
        raise Conflict(
            _("If-Match is not this plan's ETag."),
            code="stale",
            field="If-Match",
        )
    return int(sent[len(prefix) : -1])


@router.post(
    "/treatments/{treatment_id}/plan/reviews",
    response={201: s.ReviewOut, **errors()},
    tags=["plans"],
)
@decorate_view(idempotent)
def review_plan(request, treatment_id: PathId, payload: s.ReviewIn):
    """Record a review of the plan."""
    treatment = _treatment(request.user, treatment_id)
    return Status(
        201, courses.review_plan(request.user, treatment, **payload.dict(), today=today())
    )


# --- residential stays, discharge, follow-ups -------------------------------------------------


@router.get(
    "/treatments/{treatment_id}/stays",
    response={200: list[s.StayOut], **errors()},
    tags=["stays"],
)
@paginate(Pages)
def list_stays(request, treatment_id: PathId):
    """The residential stays of a treatment course (the read is logged)."""
    treatment = plan_queries.treatment(
        request.user, treatment_id, perm="courses.view_course", purpose=PURPOSE
    )
    return course_queries.stays_of(treatment)


@router.post(
    "/treatments/{treatment_id}/stays",
    response={201: s.StayOut, **errors()},
    tags=["stays"],
)
@decorate_view(idempotent)
def record_stay(request, treatment_id: PathId, payload: s.StayIn):
    """Record a residential stay (self-payment only for drug treatment, R35)."""
    treatment = _treatment(request.user, treatment_id)
    provider = Provider.objects.filter(
        pk=payload.provider_id, municipality_id=request.user.municipality_id
    ).first()
    if provider is None:
        raise NotFound("Provider")
    stay = courses.record_stay(
        request.user,
        treatment,
        provider=provider,
        start_on=payload.start_on,
        end_on=payload.end_on,
        self_payment=payload.self_payment,
        kind=payload.kind,
        service_id=payload.service_id,
        today=today(),
    )
    return Status(201, stay)


@router.post(
    "/stays/{stay_id}/status-meetings",
    response={201: s.MeetingOut, **errors()},
    tags=["stays"],
)
@decorate_view(idempotent)
def record_status_meeting(request, stay_id: PathId, payload: s.MeetingIn):
    """Record a status meeting of a stay (before, midway, final)."""
    stay = (
        ResidentialStay.objects.select_related("treatment__contact_course")
        .filter(pk=stay_id, municipality_id=request.user.municipality_id)
        .first()
    )
    if stay is None:
        raise NotFound("ResidentialStay")
    return Status(
        201, courses.record_status_meeting(request.user, stay, **payload.dict(), today=today())
    )


@router.post(
    "/treatments/{treatment_id}/discharge",
    response={201: s.DischargeOut, **errors()},
    tags=["discharge"],
)
@decorate_view(idempotent)
def discharge(request, treatment_id: PathId, payload: s.DischargeIn):
    """Discharge with status and outcome (R36); the follow-up deadlines follow."""
    treatment = _treatment(request.user, treatment_id)
    return Status(201, courses.discharge(request.user, treatment, **payload.dict(), today=today()))


@router.post(
    "/treatments/{treatment_id}/follow-ups",
    response={201: s.FollowUpOut, **errors()},
    tags=["discharge"],
)
@decorate_view(idempotent)
def record_follow_up(request, treatment_id: PathId, payload: s.FollowUpIn):
    """Record a follow-up after discharge, or that the citizen was not reached (R37)."""
    treatment = _treatment(request.user, treatment_id)
    return Status(
        201, courses.record_follow_up(request.user, treatment, **payload.dict(), today=today())
    )


@router.get("/follow-ups/due", response={200: list[s.DeadlineOut], **errors()}, tags=["discharge"])
@paginate(Pages)
def follow_ups_due(request):
    """Open follow-up deadlines, breached first (the municipality's, or a treater's teams');
    every client listed is logged as read."""
    listing = plan_queries.follow_ups_due(request.user, today=today())
    return [_deadline(dl) for dl in listing.due]


# --- complaints ---------------------------------------------------------------------------------


@router.get("/complaints", response={200: list[s.ComplaintOut], **errors()}, tags=["complaints"])
@paginate(Pages)
def list_complaints(request):
    """The municipality's complaints, open first, newest first. Every client listed is logged
    as read."""
    if request.user.municipality_id is None or not complaint_queries.may_list_complaints(
        request.user
    ):
        raise AccessDenied("complaints.view_complaint")
    return _LoggedComplaints(request.user)


class _LoggedComplaints:
    """The complaints as a lazily sliced sequence: only the page returned is read and logged."""

    def __init__(self, user):
        from django.db.models import Case, IntegerField, Value, When

        self.user = user
        self.queryset = (
            Complaint.objects.filter(municipality_id=user.municipality_id)
            .filter(complaint_queries.listed_for(user))  # need to know, as on the web page
            .annotate(
                open_rank=Case(
                    When(complaint_queries.OPEN, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("open_rank", "-received_on", "-id")
        )

    def all(self):
        return self.queryset

    def __len__(self):
        return self.queryset.count()

    def __getitem__(self, item):
        rows = list(self.queryset[item])
        log_reads(
            self.user, client_reads((c.client_id for c in rows), "complaint_list"), purpose=PURPOSE
        )
        return rows


@router.post(
    "/clients/{client_id}/complaints",
    response={201: s.ComplaintOut, **errors()},
    tags=["complaints"],
)
@decorate_view(idempotent)
def register_complaint(request, client_id: PathId, payload: s.ComplaintIn):
    """Register a complaint on the route the municipality's standard gives (a complaint about a
    SEL § 101 a decision is refused with the reason)."""
    client = _client_ref(request.user, client_id)
    decision = None
    if payload.decision_id is not None:
        decision = (
            Decision.objects.filter(
                pk=payload.decision_id, municipality_id=request.user.municipality_id
            )
            .select_related("application__contact_course")
            .first()
        )
        if decision is None:
            raise NotFound("Decision")
    data = payload.dict()
    data.pop("decision_id")
    return Status(
        201,
        complaints.register_complaint(
            request.user, client, **data, decision=decision, today=today()
        ),
    )


@router.get(
    "/complaints/{complaint_id}", response={200: s.ComplaintOut, **errors()}, tags=["complaints"]
)
def get_complaint(request, complaint_id: PathId):
    """A complaint (the read is logged)."""
    return complaints.view_complaint(request.user, complaint_id, purpose=PURPOSE)


def _complaint(user, complaint_id) -> Complaint:
    found = Complaint.objects.filter(pk=complaint_id, municipality_id=user.municipality_id).first()
    if found is None:
        raise NotFound("Complaint")
    return found


@router.post(
    "/complaints/{complaint_id}/reassessment",
    response={200: s.ComplaintOut, **errors()},
    tags=["complaints"],
)
def reassess(request, complaint_id: PathId, payload: s.ReassessIn):
    """Record the re-assessment of the decision complained about."""
    complaint = _complaint(request.user, complaint_id)
    return complaints.reassess(request.user, complaint, **payload.dict(), today=today())


@router.post(
    "/complaints/{complaint_id}/forwarding",
    response={200: s.ComplaintOut, **errors()},
    tags=["complaints"],
)
def forward(request, complaint_id: PathId, payload: s.ForwardIn):
    """Forward a kept decision to the next instance of the route."""
    complaint = _complaint(request.user, complaint_id)
    return complaints.forward(request.user, complaint, **payload.dict(), today=today())


# --- providers ----------------------------------------------------------------------------------


@router.get("/providers", response={200: list[s.ProviderOut], **errors()}, tags=["providers"])
@paginate(Pages)
def list_providers(request):
    """The municipality's provider register (no personal data)."""
    return provider_queries.list_providers(request.user)


@router.post("/providers", response={201: s.ProviderOut, **errors(409)}, tags=["providers"])
@decorate_view(idempotent)
def register_provider(request, payload: s.ProviderIn):
    """Register a provider (centre leaders and administrators)."""
    return Status(
        201, providers.register_provider(request.user, request.user.municipality, **payload.dict())
    )


@router.get(
    "/providers/{provider_id}", response={200: s.ProviderOut, **errors()}, tags=["providers"]
)
def get_provider(request, provider_id: PathId):
    """One provider of the register."""
    for provider in provider_queries.list_providers(request.user):  # checks the permission
        if provider.pk == provider_id:
            return provider
    raise NotFound("Provider")


@router.get(
    "/clients/{client_id}/access-log",
    response={200: list[s.ReadLogOut], **errors()},
    tags=["clients"],
)
@paginate(Pages)
def access_log(request, client_id: PathId):
    """Who read this client's records, when and why, newest first, including linked anonymous
    clients (centre leaders and auditors; reading the log is itself logged)."""
    log = audit_queries.access_log(request.user, client_id, purpose=PURPOSE)
    return log.entries


@router.get(
    "/visitation/agenda",
    response={200: list[s.AgendaItemOut], **errors()},
    tags=["decisions"],
)
@paginate(Pages)
def visitation_agenda(request):
    """Applications waiting for a decision, by forum with its next meeting and the guarantee's
    status (every client listed is logged as read)."""
    agenda = visitation_queries.visitation_agenda(request.user, today=today())
    rows = []
    for forum in agenda.forums:
        rows += [_agenda_row(item, forum.forum.id, forum.next_meeting) for item in forum.items]
    rows += [_agenda_row(item, None, None) for item in agenda.without_forum]
    return rows


def _agenda_row(item, forum_id, next_meeting) -> dict:
    guarantee = item.guarantee
    return {
        "forum_id": forum_id,
        "next_meeting": next_meeting,
        "application": _application(item.application),
        "client_id": item.application.contact_course.client_id,
        "guarantee_status": item.guarantee_status,
        "guarantee_due": guarantee.due if guarantee else None,
    }


# --- worklist and the standard -------------------------------------------------------------


@router.get("/worklist", response={200: list[s.WorklistRowOut], **errors()}, tags=["worklist"])
@paginate(Pages)
def get_worklist(
    request,
    scope: str = "",
    kind: str = "",
    status: str = "",
    treater: int | None = None,
    due_from: dt.date | None = None,
    due_to: dt.date | None = None,
    order: str = "urgency",
):
    """Open deadlines that are the caller's work (the kinds of their role), for me (`mine`,
    treaters), my teams (`team`), my centre (`centre`) or the municipality (`all`, not for
    treaters); the role's first scope when none is given. Filters: `kind`, `status` (breached,
    at_risk, open), `treater` (a user id), `due_from`/`due_to`; `order` urgency (breached and at
    risk first) or due. At most 200. Every client on the worklist is logged as read."""
    allowed = scopes_for(request.user)
    if scope and scope not in ("mine", "team", "centre", "all"):
        raise ServiceError(_("scope must be mine, team, centre or all."), field="scope")
    if status and status not in STATUSES:
        raise ServiceError(_("status must be breached, at_risk or open."), field="status")
    if order not in ORDERS:
        raise ServiceError(_("order must be urgency or due."), field="order")
    if due_from and due_to and due_from > due_to:
        raise ServiceError(_("The end of the range is before its start."), field="due_to")
    day = today()
    return [
        {
            "deadline": _deadline(dl),
            "status": effective_status(dl, day),
            "client_id": dl.contact_course.client_id,
            "client_label": dl.contact_course.client.name or dl.contact_course.client.code or "",
            "treater_id": dl.treater_id,
        }
        for dl in worklist(
            request.user,
            scope=scope or (allowed[0] if allowed else "mine"),
            today=day,
            kinds=[kind] if kind else [],
            status=status,
            treater_id=treater,
            due_from=due_from,
            due_to=due_to,
            order=order,
        )
    ]


@router.get("/caseload", response={200: list[s.CaseloadRowOut], **errors()}, tags=["worklist"])
def get_caseload(request, scope: str = ""):
    """Per treater in my teams (`team`), my centre (`centre`) or the municipality (`all`): the
    open treatment courses they are primary treater of and their open deadlines, breached and at
    risk, and the next due date (centre leaders; by default their centre, or the municipality
    for a leader of no team). No client is shown."""
    if scope and scope not in ("team", "centre", "all"):
        raise ServiceError(_("scope must be team, centre or all."), field="scope")
    if not scope:
        scope = next((s for s in scopes_for(request.user) if s != "mine"), "all")
    return [
        {
            "treater_id": row["treater"].pk,
            "treater_name": row["treater"].get_full_name() or row["treater"].username,
            "courses": row["courses"],
            "open": row["open"],
            "breached": row["breached"],
            "at_risk": row["at_risk"],
            "next_due": row["next_due"],
        }
        for row in caseload(request.user, scope=scope, today=today())
    ]


@router.get("/standard", response={200: s.StandardOut, **errors()}, tags=["standard"])
def get_standard(request):
    """The municipality's quality standard (public information): services and forums."""
    loaded = _loaded_standard(request.user)
    std = loaded.standard
    return {
        "id": std.id,
        "title": std.document.title,
        "sha256": loaded.sha256,
        "services": [
            {
                "id": sv.id,
                "name": sv.name,
                "legal_bases": list(sv.legal_bases or ()),
                "setting": str(sv.setting) if sv.setting else None,
            }
            for sv in std.services
        ],
        "forums": [{"id": f.id, "name": f.name} for f in std.visitation.forums],
        "document_url": reverse("standard-document", args=[std.id]),
    }


def _loaded_standard(user):
    from vendepunkt.rules.standards import registry

    loaded = registry.get(user.municipality.standard_id)
    if loaded is None:
        raise NotFound("Standard")
    return loaded


@router.get("/standard/findings", response={200: list[s.FindingOut], **errors()}, tags=["standard"])
@paginate(Pages)
def standard_findings(request):
    """The lint findings of the municipality's standard against the law, errors first
    (centre leaders and administrators)."""
    result = standard_queries.standard_findings(request.user, today())
    return [
        {
            "rule": f.rule,
            "severity": str(f.severity),
            "message_da": f.message_da,
            "message_en": f.message_en,
            "citation": f.citation,
            "path": f.path,
            "line": f.line,
        }
        for f in result.findings
    ]


# --- more of the course, the citizen's rights, staff ------------------------------------------


@router.post(
    "/assessments/{assessment_id}/outreach",
    response={200: s.OutreachOut, **errors()},
    tags=["assessments"],
)
def outreach_eligibility(request, assessment_id: PathId, payload: s.OutreachIn):
    """Is the citizen in the outreach programme's target group (R8), from this assessment's ASI
    composites and the assessor's judgements? Only where the municipality enables the programme;
    the read of the assessment is logged."""
    assessment = (
        Assessment.objects.select_related("contact_course__municipality")
        .filter(pk=assessment_id, municipality_id=request.user.municipality_id)
        .first()
    )
    if assessment is None:
        raise NotFound("Assessment")
    result = courses.outreach_eligibility(
        request.user, assessment, criteria=payload.criteria, purpose=PURPOSE
    )
    return {
        "eligible": result.eligible,
        "areas_met": list(result.areas_met),
        "areas_unknown": list(result.areas_unknown),
        "criteria_unmet": list(result.criteria_unmet),
    }


@router.post(
    "/assessments/{assessment_id}/outreach-assessments",
    response={201: s.OutreachAssessmentOut, **errors()},
    tags=["assessments"],
)
@decorate_view(idempotent)
def record_outreach_assessment(request, assessment_id: PathId, payload: s.OutreachAssessmentIn):
    """Store the outreach programme's target-group assessment (R8) on the contact course, from
    this assessment's ASI composites and the assessor's judgements (the web's "Gem vurderingen"
    on the assessments page). Only where the municipality enables the programme."""
    assessment = (
        Assessment.objects.select_related("contact_course__municipality")
        .filter(pk=assessment_id, municipality_id=request.user.municipality_id)
        .first()
    )
    if assessment is None:
        raise NotFound("Assessment")
    stored = courses.record_outreach_assessment(
        request.user,
        assessment,
        criteria=payload.criteria,
        assessed_on=payload.assessed_on,
        today=today(),
    )
    return Status(201, stored)


# --- the doctor's consultation before treatment (SUL § 142 stk. 1-2) -----------------------------


@router.post(
    "/courses/{course_id}/doctor-consultations",
    response={201: s.DoctorConsultationOut, **errors()},
    tags=["courses"],
)
@decorate_view(idempotent)
def book_doctor_consultation(request, course_id: PathId, payload: s.DoctorConsultationIn):
    """Book the doctor's consultation on the contact course, before treatment starts (SUL § 142;
    course staff and secretaries, as the web's "Lægesamtale" page)."""
    course = _course(request.user, course_id)
    return Status(
        201,
        courses.book_doctor_consultation(request.user, course, at=payload.at, today=today()),
    )


@router.post(
    "/courses/{course_id}/doctor-consultations/{consultation_id}/outcome",
    response={200: s.DoctorConsultationOut, **errors()},
    tags=["courses"],
)
def record_doctor_consultation(
    request,
    course_id: PathId,
    consultation_id: PathId,
    payload: s.DoctorConsultationOutcomeIn,
):
    """A doctor records the booked consultation as held (attended), a no-show or cancelled; held,
    it meets the doctor's consultation deadline (SUL § 142). Only a doctor (422 otherwise)."""
    course = _course(request.user, course_id)
    consultation = DoctorConsultation.objects.filter(
        pk=consultation_id, contact_course=course, municipality_id=request.user.municipality_id
    ).first()
    if consultation is None:
        raise NotFound("DoctorConsultation")
    return courses.record_doctor_consultation(
        request.user, consultation, status=payload.status, today=today()
    )


@router.put(
    "/treatments/{treatment_id}/sib",
    response={200: s.SibOut, **errors()},
    tags=["courses"],
)
def record_sib(request, treatment_id: PathId, payload: s.SibIn):
    """The social indicators of the drug treatment database (SIB, R41), replacing what was
    recorded; an empty value means not known."""
    treatment = _treatment(request.user, treatment_id)
    values = payload.dict()
    on = values.pop("on")
    courses.record_sib(request.user, treatment, values=values, on=on, today=today())
    return {"treatment_id": treatment.pk, "sib": treatment.sib}


@router.get(
    "/clients/{client_id}/insight",
    response={200: s.InsightOut, **errors()},
    tags=["clients"],
)
def client_insight(request, client_id: PathId):
    """Everything held about the client, for a request of insight (GDPR art. 15; centre leaders;
    docs/rights.md): the identity with the CPR number masked, every record of every course, the
    access log and the changes made. The export is logged as a read and in the audit trail."""
    from vendepunkt.rights.services import export_client

    return export_client(request.user, client_id, purpose="insight_request", today=today())


def _staff_out(user) -> dict:
    return {
        "id": user.pk,
        "username": user.username,
        "name": user.get_full_name(),
        "role": user.role,
        "team_ids": sorted(t.pk for t in user.teams.all()),
    }


@router.get("/staff", response={200: list[s.StaffOut], **errors()}, tags=["staff"])
@paginate(Pages)
def list_staff(request):
    """The municipality's users with role and teams (administrators only)."""
    from vendepunkt.accounts import services as accounts

    return [_staff_out(u) for u in accounts.list_staff(request.user)]


@router.put("/staff/{user_id}", response={200: s.StaffOut, **errors()}, tags=["staff"])
def set_staff_role(request, user_id: PathId, payload: s.StaffIn):
    """Give a user of the municipality a role and teams (administrators only; audited). A new user
    from the identity provider has no role, and so no access, until then."""
    from vendepunkt.accounts import services as accounts

    member = accounts.get_staff(request.user, user_id)
    teams = {t.pk: t for t in accounts.municipality_teams(request.user)}
    unknown = [pk for pk in payload.team_ids if pk not in teams]
    if unknown:
        raise ServiceError(
            _("A team must belong to the user's municipality."),
            field="team_ids",
        )
    accounts.set_role_and_teams(
        request.user, member, role=payload.role, teams=[teams[pk] for pk in payload.team_ids]
    )
    return _staff_out(member)


# --- the journal (issue 13 § 1) ----------------------------------------------------------------


def _entry(view) -> dict:
    return {**_note_out(view.note), "amendments": view.amendments, "locked": view.locked}


def _note_out(note) -> dict:
    return {f: getattr(note, f) for f in s.NoteOut.model_fields}


@router.get(
    "/clients/{client_id}/journal",
    response={200: s.JournalPageOut, **errors()},
    tags=["journal"],
)
def get_journal(
    request,
    client_id: PathId,
    q: str = Query("", max_length=200, description="Search the notes and their corrections"),
    page: int = Query(1, ge=1, le=1_000_000, description="The page, from 1"),
    page_size: int = Query(25, ge=1, le=100, description="Notes per page (at most 100)"),
):
    """The citizen's journal notes the caller may read (medical ones for clinicians, confidential
    ones for the team), newest event first, each with its corrections (every note is logged as
    read)."""
    view = journal_queries.journal(
        request.user, client_id, query=q, page=page, per_page=page_size, purpose=PURPOSE
    )
    paginator = view.page.paginator
    return {
        "items": [_entry(v) for v in view.notes],
        "count": paginator.count,
        "page": view.page.number,
        "page_size": page_size,
        "pages": paginator.num_pages,
    }


@router.post(
    "/clients/{client_id}/journal",
    response={201: s.NoteOut, **errors()},
    tags=["journal"],
)
@decorate_view(idempotent)
def write_note(request, client_id: PathId, payload: s.NoteIn):
    """Write a note on the citizen, optionally on one of their courses and one event of it."""
    client = _client_ref(request.user, client_id)
    course = None
    if payload.contact_course_id is not None:
        course = ContactCourse.objects.filter(pk=payload.contact_course_id, client=client).first()
        if course is None:
            raise NotFound("ContactCourse")
    data = payload.dict()
    data.pop("contact_course_id")
    note = journal_services.write_note(
        request.user, client, **data, contact_course=course, today=today()
    )
    return Status(201, note)


@router.post("/journal/{note_id}/edit", response={200: s.NoteOut, **errors()}, tags=["journal"])
def edit_note(request, note_id: PathId, payload: s.NoteEditIn):
    """The author edits a note before it is signed or locked."""
    return journal_services.edit_note(request.user, note_id, text=payload.text)


@router.post("/journal/{note_id}/sign", response={200: s.NoteOut, **errors()}, tags=["journal"])
def sign_note(request, note_id: PathId):
    """The author signs a note; it is then locked."""
    return journal_services.sign_note(request.user, note_id)


@router.post(
    "/journal/{note_id}/amendments", response={201: s.NoteOut, **errors()}, tags=["journal"]
)
@decorate_view(idempotent)
def amend_note(request, note_id: PathId, payload: s.AmendmentIn):
    """Correct a note: a new, signed note beside the original, which stays as written."""
    return Status(
        201,
        journal_services.amend_note(
            request.user, note_id, text=payload.text, reason=payload.reason
        ),
    )


# --- group treatment (issue 13 § 4) ------------------------------------------------------------


def _group_out(g) -> dict:
    return {f: getattr(g, f) for f in s.GroupOut.model_fields}


@router.get("/groups", response={200: list[s.GroupRowOut], **errors()}, tags=["groups"])
def list_groups(request):
    """The groups the caller may see, with their members and next session (counts only)."""
    return [
        {**_group_out(r.group), "members": r.members, "next_session": r.next_session}
        for r in group_queries.groups(request.user)
    ]


@router.post("/groups", response={201: s.GroupOut, **errors()}, tags=["groups"])
@decorate_view(idempotent)
def create_group(request, payload: s.GroupIn):
    """A new group of one of the standard's group services, run by a team."""
    user = request.user
    team = Team.objects.filter(
        pk=payload.team_id, centre__municipality_id=user.municipality_id
    ).first()
    if team is None:
        raise ServiceError(_("A team must belong to the user's municipality."), field="team_id")
    leaders = list(User.objects.filter(pk__in=payload.leader_ids))
    if len(leaders) != len(set(payload.leader_ids)):
        raise ServiceError(
            _("A group's leaders are the centre's treaters, clinicians or leaders."),
            field="leader_ids",
        )
    group = group_services.create_group(
        user,
        service_id=payload.service_id,
        name=payload.name,
        team=team,
        capacity=payload.capacity,
        intake=payload.intake,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        leaders=leaders,
        today=today(),
    )
    return Status(201, group)


@router.get("/groups/{group_id}", response={200: s.GroupDetailOut, **errors()}, tags=["groups"])
def get_group(request, group_id: PathId):
    """A group with its leaders, roster and sessions (the roster is logged as read)."""
    view = group_queries.group(request.user, group_id, purpose=PURPOSE)
    return {
        "group": view.group,
        "leader_ids": [u.pk for u in view.leaders],
        "members": view.members,
        "sessions": view.sessions,
    }


@router.post(
    "/groups/{group_id}/members", response={201: s.MembershipOut, **errors()}, tags=["groups"]
)
@decorate_view(idempotent)
def add_group_member(request, group_id: PathId, payload: s.MemberIn):
    """Put a citizen (through their course) or a relative on the group's roster; the capacity
    and the intake decide."""
    group_services.require_may(request.user, group_id)
    client = _client_ref(request.user, payload.client_id)
    course = None
    if payload.contact_course_id is not None:
        course = ContactCourse.objects.filter(pk=payload.contact_course_id, client=client).first()
        if course is None:
            raise NotFound("ContactCourse")
    membership = group_services.add_member(
        request.user,
        group_id,
        client=client,
        contact_course=course,
        joined_on=payload.joined_on,
        today=today(),
    )
    return Status(201, membership)


@router.post(
    "/groups/memberships/{membership_id}/leave",
    response={200: s.MembershipOut, **errors()},
    tags=["groups"],
)
def leave_group(request, membership_id: PathId, payload: s.LeaveIn):
    """A member leaves the group, with the reason."""
    return group_services.end_membership(
        request.user,
        membership_id,
        left_on=payload.left_on,
        reason=payload.reason,
        note=payload.note,
        today=today(),
    )


@router.post(
    "/groups/{group_id}/series",
    response={201: list[s.SessionOut], **errors()},
    tags=["groups"],
)
@decorate_view(idempotent)
def plan_group_series(request, group_id: PathId, payload: s.SeriesIn):
    """A weekly series of sessions from a day, on a weekday, at a time, of a length."""
    return Status(
        201,
        group_services.plan_series(
            request.user,
            group_id,
            first_day=payload.first_day,
            weekday=payload.weekday,
            at=payload.time,
            length_minutes=payload.length_minutes,
            count=payload.count,
            place=payload.place,
            today=today(),
        ),
    )


@router.post(
    "/groups/{group_id}/sessions", response={201: s.SessionOut, **errors()}, tags=["groups"]
)
@decorate_view(idempotent)
def add_group_session(request, group_id: PathId, payload: s.SessionIn):
    """One extra session of the group."""
    return Status(
        201,
        group_services.add_session(
            request.user,
            group_id,
            starts_at=payload.starts_at,
            length_minutes=payload.length_minutes,
            place=payload.place,
            today=today(),
        ),
    )


@router.get(
    "/groups/sessions/{session_id}",
    response={200: s.SessionDetailOut, **errors()},
    tags=["groups"],
)
def get_group_session(request, session_id: PathId):
    """A session with the roster that day and each member's mark (logged as read)."""
    view = group_queries.session(request.user, session_id, purpose=PURPOSE)
    return {
        "session": view.session,
        "started": view.started,
        "note": view.session.note,
        "attendance": [
            {
                "membership_id": r.membership.pk,
                "client_id": r.membership.client_id,
                "presence": r.presence,
            }
            for r in view.rows
        ],
    }


@router.post(
    "/groups/sessions/{session_id}/cancel",
    response={200: s.SessionOut, **errors()},
    tags=["groups"],
)
def cancel_group_session(request, session_id: PathId, payload: s.CancelIn):
    """Cancel one session of the series."""
    return group_services.cancel_session(request.user, session_id, reason=payload.reason)


@router.post(
    "/groups/sessions/{session_id}/attendance",
    response={200: list[s.MarkOut], **errors()},
    tags=["groups"],
)
def record_group_attendance(request, session_id: PathId, payload: s.GroupAttendanceIn):
    """The attendance of the whole group at a session that has started, in one call: a mark for
    every member on the roster that day."""
    marks = {m.membership_id: m.presence for m in payload.marks}
    if len(marks) != len(payload.marks):
        raise ServiceError(_("Mark each member once."), field="marks")
    rows = group_services.record_attendance(request.user, session_id, marks=marks)
    clients = dict(
        Membership.objects.filter(pk__in=[a.membership_id for a in rows]).values_list(
            "pk", "client_id"
        )
    )
    return [
        {
            "membership_id": a.membership_id,
            "client_id": clients[a.membership_id],
            "presence": a.presence,
        }
        for a in rows
    ]


@router.post(
    "/groups/sessions/{session_id}/notes",
    response={200: s.SessionNotesOut, **errors()},
    tags=["groups"],
)
def write_group_session_notes(request, session_id: PathId, payload: s.SessionNotesIn):
    """The session's note for the group's staff and a note per participant, each into that
    participant's journal only."""
    notes = {p.membership_id: p.text for p in payload.participants}
    if len(notes) != len(payload.participants):
        raise ServiceError(_("One note per participant."), field="participants")
    session, written = group_services.write_session_note(
        request.user,
        session_id,
        text=payload.text,
        participant_notes=notes,
        sign=payload.sign,
        today=today(),
    )
    return {"session": session, "note_ids": [n.pk for n in written]}


# --- documents (issue 13 § 2) -------------------------------------------------------------------


@router.get(
    "/clients/{client_id}/documents",
    response={200: list[s.DocumentOut], **errors()},
    tags=["documents"],
)
def list_documents(
    request,
    client_id: PathId,
    course_id: int | None = Query(None, ge=1, le=s.MAX_ID, description="Only this course's"),
):
    """The citizen's documents the caller may read (medical ones for clinicians), newest first
    (every document listed is logged as read)."""
    return filing_queries.documents(
        request.user, client_id, course_id=course_id, purpose=PURPOSE
    ).documents


@router.post(
    "/clients/{client_id}/documents",
    response={201: s.DocumentOut, **errors()},
    tags=["documents"],
)
@decorate_view(idempotent)
def upload_document(
    request,
    client_id: PathId,
    file: Annotated[UploadedFile, File(description="The document: PDF, an image or office file")],
    kind: Annotated[
        str,
        Form(max_length=40, description="received, letter, consent, report, medical, other"),
    ],
    title: Annotated[
        str, Form(max_length=200, description="The title (else the file's name)")
    ] = "",
    contact_course_id: Annotated[
        int | None, Form(ge=1, le=s.MAX_ID, description="The course, if any")
    ] = None,
    medical: Annotated[
        bool, Form(description="A medical document (doctors and nurses only)")
    ] = False,
):
    """File a document on the citizen (multipart/form-data). The type is found from the
    content, not from the name or the Content-Type sent; the file is stored encrypted."""
    client = _client_ref(request.user, client_id)
    course = None
    if contact_course_id is not None:
        course = ContactCourse.objects.filter(pk=contact_course_id, client=client).first()
        if course is None:
            raise NotFound("ContactCourse")
    document = filing.file_document(
        request.user,
        client,
        data=file.read(filing.max_bytes() + 1),
        title=title,
        kind=kind,
        original_name=file.name or "",
        contact_course=course,
        medical=medical,
    )
    return Status(201, document)


@router.get(
    "/documents/{document_id}/content",
    response={200: None, **errors()},
    tags=["documents"],
    url_name="download_document",
    openapi_extra={
        "responses": {
            200: {
                "description": "The document's content, as an attachment",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    },
)
def download_document(request, document_id: PathId):
    """The document's content (the read is logged), with the type found when it was filed."""
    document, data = filing_queries.download(request.user, document_id, purpose=PURPOSE)
    return attachment(document, data)


# --- reminders (issue 13 § 3) --------------------------------------------------------------------


def _consent_out(user, client, *, reveal: bool = False) -> dict:
    view = reminder_queries.client_reminders(user, client, purpose=PURPOSE)
    c = view.consent
    phone = c.phone if c else ""
    address = c.email_address if c else ""
    return {
        "client_id": client.pk,
        "recorded": c is not None,
        "active": view.active,
        "sms": bool(c and c.sms),
        "email": bool(c and c.email),
        "phone": phone if reveal else reminder_queries.mask_phone(phone),
        "email_address": address if reveal else reminder_queries.mask_email(address),
        "given_on": c.given_on if c else None,
        "given_how": c.given_how if c else "",
        "withdrawn_on": c.withdrawn_on if c else None,
        "messages": [
            {f: getattr(m, f) for f in s.ReminderMessageOut.model_fields} for m in view.recent
        ],
    }


@router.get(
    "/clients/{client_id}/reminder-consent",
    response={200: s.ReminderConsentOut, **errors()},
    tags=["reminders"],
)
def get_reminder_consent(request, client_id: PathId, reveal: bool = False):
    """The citizen's consent to reminders and the latest reminders (read-logged); the number
    and the address masked unless `reveal=true`."""
    client = citizens.get_client(request.user, client_id, purpose=PURPOSE)
    return _consent_out(request.user, client, reveal=reveal)


@router.put(
    "/clients/{client_id}/reminder-consent",
    response={200: s.ReminderConsentOut, **errors()},
    tags=["reminders"],
)
def record_reminder_consent(request, client_id: PathId, payload: s.ReminderConsentIn):
    """Record the consent to reminders by SMS and/or e-mail, with when and how it was given."""
    client = _client_ref(request.user, client_id)
    reminder_services.record_consent(request.user, client, **payload.dict(), today=today())
    return _consent_out(request.user, client)


@router.post(
    "/clients/{client_id}/reminder-consent/withdraw",
    response={200: s.ReminderConsentOut, **errors()},
    tags=["reminders"],
)
def withdraw_reminder_consent(request, client_id: PathId, payload: s.ReminderWithdrawIn):
    """The citizen withdrew the consent: no reminder is sent from then on."""
    client = _client_ref(request.user, client_id)
    reminder_services.withdraw_consent(request.user, client, on=payload.on, today=today())
    return _consent_out(request.user, client)
