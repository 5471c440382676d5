"""FHIR export (issue 6 § 5): a FHIR R4B bundle (type "collection") per citizen or per period,
built with the `fhir.resources.R4B` models, so every resource is checked structurally as it is
made.

- Patient: an identified citizen with the CPR number (identifier system urn:oid:1.2.208.176.1.2,
  the Danish CPR OID), name, birth date and sex; an anonymous client is pseudonymous: no
  identifier, no name, birth year and sex only, and the security label PSEUDED.
- EpisodeOfCare: a contact course with its treatment course (status from the course; type: the
  legal track).
- CarePlan and Goal: the latest plan version of each treatment course, a Goal per plan goal and
  one for the substance goal.
- QuestionnaireResponse: an assessment (phase, load degree, the ASI answers and composites).
- Encounter: an appointment (planned → planned, attended → finished, no-show and cancelled →
  cancelled; R4B has no no-show status for an Encounter).

Ids are UUIDs made with a keyed hash from the record's type and number (stable between exports,
not guessable from a record number). Leaders and administrators only
(`registers.export_fhir`); every exported client gets a read-log entry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import uuid
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from fhir.resources.R4B.bundle import Bundle, BundleEntry
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.episodeofcare import EpisodeOfCare
from fhir.resources.R4B.goal import Goal
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from vendepunkt.accounts.access import require
from vendepunkt.audit.actions import Action
from vendepunkt.audit.services import audit_change, log_read, write_entry
from vendepunkt.citizens.models import Client
from vendepunkt.courses.models import Appointment, Assessment, ContactCourse, PlanVersion
from vendepunkt.rules.registers import Period

from .services import Scope, digest_key, parse_period

PERM = "registers.export_fhir"
CPR_SYSTEM = "urn:oid:1.2.208.176.1.2"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
OBSERVATION_VALUE = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue"
TRACK_SYSTEM = "urn:vendepunkt:legal-track"
QUESTIONNAIRE = "urn:vendepunkt:questionnaire:assessment"
ENCOUNTER_STATUS = {
    "planned": "planned",
    "attended": "finished",
    "no_show": "cancelled",
    "cancelled": "cancelled",
}


def _id(kind: str, pk: int) -> str:
    digest = hmac.new(digest_key(), f"fhir:{kind}:{pk}".encode(), hashlib.sha256).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


def _ref(kind: str, pk: int) -> dict:
    return {"reference": f"urn:uuid:{_id(kind, pk)}"}


def patient(client: Client) -> Patient:
    if client.anonymous:
        return Patient(
            id=_id("patient", client.pk),
            meta={"security": [{"system": OBSERVATION_VALUE, "code": "PSEUDED"}]},
            gender=client.sex or "unknown",
            birthDate=str(client.birth_year) if client.birth_year else None,
        )
    cpr = client.cpr
    sex = client.sex or ("female" if cpr and int(cpr[9]) % 2 == 0 else "male" if cpr else "")
    return Patient(
        id=_id("patient", client.pk),
        identifier=[{"system": CPR_SYSTEM, "value": cpr}] if cpr else None,
        name=[{"text": client.name}] if client.name else None,
        gender=sex or "unknown",
        birthDate=client.birth_date,
    )


def episode(course: ContactCourse) -> EpisodeOfCare:
    treatment = getattr(course, "treatment", None)
    if course.closed_on:
        status = "finished"
    elif treatment is not None:
        status = "active"
    else:
        status = "waitlist"
    start = course.request_on or course.opened_on
    return EpisodeOfCare(
        id=_id("episode", course.pk),
        status=status,
        type=[{"coding": [{"system": TRACK_SYSTEM, "code": course.legal_track}]}],
        patient=_ref("patient", course.client_id),
        period={"start": start, "end": course.closed_on},
    )


def care_plan(plan: PlanVersion, discharged: bool) -> tuple[CarePlan, list[Goal]]:
    course_ref = _ref("episode", plan.treatment.contact_course_id)
    patient_ref = _ref("patient", plan.treatment.contact_course.client_id)
    lifecycle = "completed" if discharged else "active"
    goals = [
        Goal(
            id=_id(f"goal-{plan.pk}", 0),
            lifecycleStatus=lifecycle,
            category=[{"text": "rusmiddelmål"}],
            description={"text": plan.substance_goal},
            subject=patient_ref,
        )
    ]
    for n, goal in enumerate(plan.goals or [], start=1):
        goals.append(
            Goal(
                id=_id(f"goal-{plan.pk}", n),
                lifecycleStatus=lifecycle,
                category=[{"text": goal.get("horizon") or "goal"}],
                description={"text": goal.get("text") or "—"},
                subject=patient_ref,
            )
        )
    careplan = CarePlan(
        id=_id("careplan", plan.pk),
        status="completed" if discharged else "active",
        intent="plan",
        title=f"Behandlingsplan version {plan.version}",
        description=plan.methods or None,
        subject=patient_ref,
        period={"start": plan.made_on, "end": plan.agreed_until},
        created=plan.made_on,
        supportingInfo=[course_ref],
        goal=[{"reference": f"urn:uuid:{g.id}"} for g in goals],
    )
    return careplan, goals


def _answer(value) -> dict | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return {"valueInteger": value}
    if isinstance(value, float):
        return {"valueDecimal": value}
    return {"valueString": str(value)}


def questionnaire_response(assessment: Assessment) -> QuestionnaireResponse:
    items = [{"linkId": "phase", "answer": [{"valueString": assessment.phase}]}]
    if assessment.load_degree:
        items.append({"linkId": "load_degree", "answer": [{"valueString": assessment.load_degree}]})
    if assessment.text:
        items.append({"linkId": "text", "answer": [{"valueString": assessment.text}]})
    for item, value in sorted((assessment.answers or {}).items()):
        answer = _answer(value)
        if answer:
            items.append({"linkId": f"asi.{item}", "answer": [answer]})
    for domain, score in sorted((assessment.composites or {}).items()):
        if score is not None:
            items.append({"linkId": f"composite.{domain}", "answer": [{"valueDecimal": score}]})
    return QuestionnaireResponse(
        id=_id("assessment", assessment.pk),
        status="completed",
        questionnaire=QUESTIONNAIRE,
        subject=_ref("patient", assessment.contact_course.client_id),
        authored=assessment.assessed_on.isoformat(),
        item=items,
    )


def encounter(appointment: Appointment) -> Encounter:
    course = appointment.treatment.contact_course
    return Encounter(
        id=_id("encounter", appointment.pk),
        status=ENCOUNTER_STATUS.get(appointment.status, "unknown"),
        **{"class": {"system": ACT_CODE, "code": "AMB", "display": "ambulatory"}},
        type=[{"text": appointment.kind}],
        subject=_ref("patient", course.client_id),
        episodeOfCare=[_ref("episode", course.pk)],
        period={"start": appointment.at},
    )


def _entries(resources: Iterable) -> list[BundleEntry]:
    return [BundleEntry(fullUrl=f"urn:uuid:{r.id}", resource=r) for r in resources]


def _resources_for(clients, course_filter: Q, period: Period | None):
    """Patients, episodes, plans, goals, assessments and encounters of `clients`' courses."""
    out: list = []
    for client in clients:
        out.append(patient(client))
        courses = (
            ContactCourse.objects.filter(course_filter, client=client, merged_into__isnull=True)
            .select_related("treatment")
            .order_by("id")
        )
        for course in courses:
            out.append(episode(course))
            assessments = Assessment.objects.filter(contact_course=course).select_related(
                "contact_course"
            )
            if period is not None:
                assessments = assessments.filter(
                    assessed_on__gte=period.first, assessed_on__lte=period.last
                )
            out.extend(questionnaire_response(a) for a in assessments.order_by("assessed_on", "id"))
            treatment = getattr(course, "treatment", None)
            if treatment is None:
                continue
            plans = PlanVersion.objects.filter(treatment=treatment).select_related(
                "treatment__contact_course"
            )
            if period is not None:
                plans = plans.filter(made_on__lte=period.last)
            plan = plans.order_by("-version").first()
            if plan is not None:
                careplan, goals = care_plan(plan, discharged=treatment.discharged_on is not None)
                out.append(careplan)
                out.extend(goals)
            appointments = Appointment.objects.filter(treatment=treatment).select_related(
                "treatment__contact_course"
            )
            if period is not None:
                appointments = appointments.filter(
                    at__date__gte=period.first, at__date__lte=period.last
                )
            out.extend(encounter(a) for a in appointments.order_by("at", "id"))
    return out


def citizen_bundle(user, client: Client, *, today: dt.date) -> Bundle:
    """Everything about one client's courses, as a FHIR R4B collection bundle."""
    require(user, PERM, client)
    with transaction.atomic():
        bundle = Bundle(
            type="collection",
            timestamp=dt.datetime.now(dt.UTC),
            entry=_entries(_resources_for([client], Q(), None)),
        )
        log_read(
            actor=user,
            municipality_id=client.municipality_id,
            client_id=client.pk,
            record_type="fhir_export",
            record_id=client.pk,
            purpose="FHIR-eksport af borgerens forløb",
        )
        audit_change(
            user,
            Action.REGISTERS_FHIR_EXPORTED,
            client,
            after={"resources": len(bundle.entry or [])},
        )
    return bundle


def period_bundle(user, period: str, *, today: dt.date) -> Bundle:
    """The courses of the user's municipality open at some time in the month, with the
    assessments and appointments of the month and the plan in force at its end."""
    require(user, PERM, Scope(user.municipality_id))
    month = parse_period(period, today)
    overlaps = Q(opened_on__lte=month.last) & (
        Q(closed_on__isnull=True) | Q(closed_on__gte=month.first)
    )
    with transaction.atomic():
        client_ids = (
            ContactCourse.objects.filter(
                overlaps, municipality_id=user.municipality_id, merged_into__isnull=True
            )
            .values_list("client_id", flat=True)
            .distinct()
        )
        clients = Client.objects.filter(pk__in=list(client_ids)).order_by("id")
        resources = _resources_for(clients, overlaps, month)
        bundle = Bundle(
            type="collection", timestamp=dt.datetime.now(dt.UTC), entry=_entries(resources)
        )
        for client in clients:
            log_read(
                actor=user,
                municipality_id=user.municipality_id,
                client_id=client.pk,
                record_type="fhir_export",
                record_id=str(month),
                purpose=f"FHIR-eksport for perioden {month}",
            )
        write_entry(
            actor=user,
            action=Action.REGISTERS_FHIR_EXPORTED,
            target_type="Period",
            target_id=str(month),
            after={"clients": len(clients), "resources": len(bundle.entry or [])},
        )
    return bundle
