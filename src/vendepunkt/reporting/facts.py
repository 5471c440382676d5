"""Records → KPI facts: one municipality's courses, complaints and its standard's capacities as
the plain frozen facts of `vendepunkt.rules.kpi`.

A fixed number of queries whatever the number of courses (eight: courses, contacts, applications,
course services, deadlines, follow-ups, complaints, centres), each reading only the columns the
figures need (`values()`), so no personal data beyond age and substance leaves the database.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from vendepunkt.accounts.models import Centre, Municipality
from vendepunkt.complaints.models import Complaint
from vendepunkt.courses.models import (
    Application,
    Contact,
    ContactCourse,
    CourseDeadline,
    CourseService,
    FollowUp,
)
from vendepunkt.rules.kpi import (
    DRUG_SUBSTANCES,
    Capacity,
    ComplaintFacts,
    CourseFacts,
    DeadlineFact,
    ServiceSpan,
    TargetSpec,
)

COURSE_DEADLINES = ("treatment_guarantee", "follow_up", "plan_review")
COMPLAINT_DEADLINES = ("complaint_reassessment", "complaint_forwarding")


@dataclass(frozen=True)
class Facts:
    courses: tuple[CourseFacts, ...]
    complaints: tuple[ComplaintFacts, ...]
    capacities: tuple[Capacity, ...]
    move_services: tuple[str, ...]
    service_names: dict[str, str]
    centres: dict[int, str]


def substance_of(main: str | None, track: str) -> str | None:
    """The KPI substance (alcohol or drugs) of a course's main substance, else of its track."""
    if main == "alcohol":
        return "alcohol"
    if main in DRUG_SUBSTANCES:
        return "drugs"
    return {"SUL-141": "alcohol", "SUL-142": "drugs"}.get(track)


def age_on(day: dt.date | None, birth_date: dt.date | None, birth_year: int | None) -> int | None:
    if day is None:
        return None
    if birth_date is not None:
        return (
            day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
        )
    if birth_year is not None:
        return day.year - birth_year
    return None


def target_specs(standard) -> list[TargetSpec]:
    """The standard's `kpi_targets` as the annex needs them."""
    out = []
    for t in standard.kpi_targets:
        age = t.population.age
        out.append(
            TargetSpec(
                id=t.id,
                metric=str(t.metric),
                description=t.description,
                target=t.target,
                direction=str(t.direction),
                substances=tuple(str(s) for s in t.population.substances),
                tracks=tuple(str(b) for b in t.population.legal_bases),
                age_min=getattr(age, "min", None),
                age_max=getattr(age, "max", None),
                source=str(t.source),
            )
        )
    return out


def move_services(standard) -> tuple[str, ...]:
    """The services that are MOVE: the standard's services whose id, name or methods say MOVE."""
    return tuple(
        s.id
        for s in standard.services
        if s.id == "move"
        or "MOVE" in s.name.upper().split()
        or any(m.upper().startswith("MOVE") for m in s.methods)
    )


def capacities(standard, centre_records: dict[str, int]) -> list[Capacity]:
    out = []
    for s in standard.services:
        for cap in s.capacity:
            out.append(
                Capacity(
                    key=s.id,
                    name=s.name,
                    amount=cap.amount,
                    unit=cap.unit,
                    substance=cap.substance,
                    service_ids=(s.id,),
                )
            )
    for c in standard.centres:
        if not c.capacity:
            continue
        ids = tuple(s.id for s in standard.services if s.delivery.centre == c.id)
        record = centre_records.get(c.id)
        if not ids and record is None:
            continue  # nothing ties courses to this centre
        for cap in c.capacity:
            out.append(
                Capacity(
                    key=c.id,
                    name=c.name,
                    amount=cap.amount,
                    unit=cap.unit,
                    substance=cap.substance,
                    service_ids=ids,
                    centre=record,
                )
            )
    return out


def kept_courses(rows: list[dict]) -> list[dict]:
    """The courses the figures count. A merged course (an anonymous client's course merged into
    the citizen's open course when the client was linked, `merged_into`) gave its contacts to
    the course it was merged into, but keeps its treatment, applications, discharge and request.
    It is kept when it has a treatment or applications, or a request for treatment that the
    course it was merged into does not have; otherwise it is only contacts, now counted with the
    other course. Its client is the citizen, so the person is one person in every figure."""
    by_id = {r["id"]: r for r in rows}
    out = []
    for r in rows:
        target = by_id.get(r["merged_into_id"]) if r["merged_into_id"] else None
        if (
            r["merged_into_id"] is None
            or r["treatment__start_on"] is not None
            or r["has_applications"]
            or (r["request_on"] is not None and (target is None or target["request_on"] is None))
        ):
            out.append(r)
    return out


def load_facts(municipality: Municipality) -> Facts:
    standard = municipality.standard()
    mid = municipality.pk
    centres = list(
        Centre.objects.filter(municipality_id=mid).values("id", "name", "standard_centre_id")
    )
    rows = list(
        ContactCourse.objects.filter(municipality_id=mid)
        .annotate(
            has_applications=Exists(Application.objects.filter(contact_course=OuterRef("pk")))
        )
        .values(
            "id",
            "merged_into_id",
            "has_applications",
            "client_id",
            "client__anonymous",
            "client__linked_to_id",
            "client__birth_date",
            "client__birth_year",
            "legal_track",
            "request_on",
            "opened_on",
            "team__centre_id",
            "treatment__start_on",
            "treatment__discharged_on",
            "treatment__team__centre_id",
            "treatment__discharge__status",
            "treatment__discharge__outcome",
        )
    )
    rows = kept_courses(rows)
    main: dict[int, str] = {}
    for cc, sub in (
        Contact.objects.filter(municipality_id=mid)
        .exclude(main_substance="")
        .order_by("at")
        .values_list("contact_course_id", "main_substance")
    ):
        main.setdefault(cc, sub)
    offered: dict[int, set[str]] = defaultdict(set)
    grants: dict[int, dt.date] = {}
    for cc, service, outcome, decided in Application.objects.filter(
        municipality_id=mid
    ).values_list("contact_course_id", "service_id", "decision__outcome", "decision__decided_on"):
        offered[cc].add(service)
        if outcome in ("grant", "partial") and decided is not None:
            grants[cc] = min(decided, grants.get(cc, decided))
    spans: dict[int, list[ServiceSpan]] = defaultdict(list)
    for cc, service, start, end in CourseService.objects.filter(municipality_id=mid).values_list(
        "treatment__contact_course_id", "service_id", "start_on", "end_on"
    ):
        spans[cc].append(ServiceSpan(service, start, end))
        offered[cc].add(service)
    deadlines: dict[tuple[int, str], list[DeadlineFact]] = defaultdict(list)
    complaint_deadlines: dict[tuple[str, str], DeadlineFact] = {}
    for cc, kind, subject, due, closed, status, trigger in CourseDeadline.objects.filter(
        municipality_id=mid, kind__in=COURSE_DEADLINES + COMPLAINT_DEADLINES
    ).values_list("contact_course_id", "kind", "subject", "due", "closed_on", "status", "trigger"):
        fact = DeadlineFact(due=due, closed_on=closed, status=status, trigger=trigger)
        if kind in COMPLAINT_DEADLINES:
            complaint_deadlines[(subject, kind)] = fact
        else:
            deadlines[(cc, kind)].append(fact)
    follow_ups: dict[int, list[bool]] = defaultdict(list)
    for cc, reached in FollowUp.objects.filter(municipality_id=mid).values_list(
        "treatment__contact_course_id", "reached"
    ):
        follow_ups[cc].append(reached)

    courses = []
    for r in rows:
        cid = r["id"]
        linked = r["client__linked_to_id"]
        requested = r["request_on"] or r["opened_on"]
        guarantee = deadlines.get((cid, "treatment_guarantee"))
        courses.append(
            CourseFacts(
                id=cid,
                client=linked or r["client_id"],
                track=r["legal_track"],
                anonymous=bool(r["client__anonymous"]) and linked is None,
                substance=substance_of(
                    main.get(cid) or main.get(r["merged_into_id"]), r["legal_track"]
                ),
                age=age_on(requested, r["client__birth_date"], r["client__birth_year"]),
                centre=r["treatment__team__centre_id"] or r["team__centre_id"],
                request_on=r["request_on"],
                opened_on=r["opened_on"],
                first_grant_on=grants.get(cid),
                start_on=r["treatment__start_on"],
                discharged_on=r["treatment__discharged_on"],
                discharge_status=r["treatment__discharge__status"],
                discharge_outcome=r["treatment__discharge__outcome"],
                offered_services=tuple(sorted(offered.get(cid, ()))),
                services=tuple(spans.get(cid, ())),
                guarantee=guarantee[0] if guarantee else None,
                follow_ups=tuple(deadlines.get((cid, "follow_up"), ())),
                follow_ups_recorded=len(follow_ups.get(cid, ())),
                follow_ups_reached=sum(follow_ups.get(cid, ())),
                plan_reviews=tuple(deadlines.get((cid, "plan_review"), ())),
            )
        )
    complaints = tuple(
        ComplaintFacts(
            id=pk,
            received_on=received,
            reassessment=complaint_deadlines.get((f"complaint:{pk}", "complaint_reassessment")),
            forwarding=complaint_deadlines.get((f"complaint:{pk}", "complaint_forwarding")),
        )
        for pk, received in Complaint.objects.filter(municipality_id=mid).values_list(
            "id", "received_on"
        )
    )
    records = {c["standard_centre_id"]: c["id"] for c in centres if c["standard_centre_id"]}
    return Facts(
        courses=tuple(courses),
        complaints=complaints,
        capacities=tuple(capacities(standard, records)),
        move_services=move_services(standard),
        service_names={s.id: s.name for s in standard.services},
        centres={c["id"]: c["name"] for c in centres},
    )
