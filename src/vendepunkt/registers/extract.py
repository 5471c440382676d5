"""Records → register facts, streamed: the courses of a municipality for a register and a period
in course order, read in chunks (`iterator(chunk_size=…)`, a server-side cursor on PostgreSQL),
with the few related values as annotations and one prefetch per chunk. No codes here: the
mapping to register rows is the pure adapter's (`rules/registers/adapter.py`).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from vendepunkt.accounts.models import Municipality
from vendepunkt.courses.models import (
    Contact,
    ContactCourse,
    CourseDeadline,
    CourseService,
    MedicalRecord,
    Waiver,
)
from vendepunkt.rules.registers import CourseFacts, Period, SubstitutionFacts
from vendepunkt.rules.registers.codes import Register
from vendepunkt.rules.standards import registry

CHUNK = 1000


def _in(period: Period, field: str) -> Q:
    return Q(**{f"{field}__gte": period.first, f"{field}__lte": period.last})


def course_queryset(municipality: Municipality, register: Register, period: Period) -> QuerySet:
    """The contact courses the register's extract for `period` is made from (the adapter decides
    again, from the facts, which rows go in)."""
    qs = ContactCourse.objects.filter(
        municipality=municipality,
        legal_track__in=register.tracks,
        merged_into__isnull=True,
    ).exclude(legal_track__in=register.excluded_tracks)
    if not register.anonymous_allowed:
        qs = qs.filter(client__anonymous=False)
    return qs.filter(
        _in(period, "request_on")
        | _in(period, "treatment__start_on")
        | _in(period, "treatment__discharged_on")
        | _in(period, "closed_on")
    )


def iter_course_facts(
    municipality: Municipality, register: Register, period: Period, chunk: int = CHUNK
) -> Iterator[CourseFacts]:
    guarantee = (
        CourseDeadline.objects.filter(contact_course=OuterRef("pk"), kind="treatment_guarantee")
        .order_by("due")
        .values("due")[:1]
    )
    first_service = (
        CourseService.objects.filter(treatment__contact_course=OuterRef("pk"))
        .order_by("start_on", "id")
        .values("service_id")[:1]
    )
    qs = (
        course_queryset(municipality, register, period)
        .select_related("client", "treatment", "treatment__discharge")
        .annotate(guarantee_due=Subquery(guarantee), first_service=Subquery(first_service))
        .prefetch_related(
            Prefetch("waivers", queryset=Waiver.objects.only("id", "contact_course_id", "kind")),
            Prefetch(
                "contacts",
                queryset=Contact.objects.only(
                    "id", "contact_course_id", "at", "main_substance", "substances"
                ).order_by("at", "id"),
            ),
        )
        .order_by("id")
    )
    settings_of = _service_settings(municipality.standard_id)
    for course in qs.iterator(chunk_size=chunk):
        yield course_facts(course, municipality, settings_of)


def course_facts(course: ContactCourse, municipality: Municipality, settings_of) -> CourseFacts:
    client = course.client
    # A missing reverse one-to-one raises RelatedObjectDoesNotExist, an AttributeError.
    treatment = getattr(course, "treatment", None)
    discharge = getattr(treatment, "discharge", None) if treatment is not None else None
    contacts = [c for c in course.contacts.all() if c.main_substance]
    main = contacts[-1] if contacts else None
    cpr = None if client.anonymous else client.cpr
    sex = client.sex or (("female" if int(cpr[9]) % 2 == 0 else "male") if cpr else "")
    return CourseFacts(
        course_id=course.pk,
        client_id=client.pk,
        municipality=municipality.standard_id,
        legal_track=course.legal_track,
        anonymous=client.anonymous,
        cpr=cpr,
        birth_year=client.birth_date.year if client.birth_date else client.birth_year,
        sex=sex,
        request_on=course.request_on,
        start_on=treatment.start_on if treatment else None,
        end_on=(treatment.discharged_on if treatment else course.closed_on),
        discharge_status=discharge.status if discharge else "",
        outcome=discharge.outcome if discharge else "",
        main_substance=main.main_substance if main else "",
        substances=tuple(main.substances) if main else (),
        children_under_18=client.children_under_18,
        setting=settings_of(course.first_service) if course.first_service else "",
        guarantee_due=course.guarantee_due,
        waiver_kinds=tuple(sorted({w.kind for w in course.waivers.all()})),
        sib=tuple(sorted((treatment.sib or {}).items())) if treatment else (),
    )


def _service_settings(standard_id: str):
    loaded = registry.get(standard_id)
    services = {s.id: s for s in loaded.standard.services} if loaded else {}

    @cache
    def setting(service_id: str) -> str:
        service = services.get(service_id)
        value = getattr(service, "setting", None) if service else None
        return str(value) if value else ""

    return setting


def substitution_queryset(municipality: Municipality, register: Register, period: Period):
    qs = MedicalRecord.objects.filter(
        municipality=municipality,
        kind="substitution",
        on__gte=period.first,
        on__lte=period.last,
        treatment__contact_course__legal_track__in=register.tracks,
        treatment__contact_course__merged_into__isnull=True,
    ).exclude(treatment__contact_course__legal_track__in=register.excluded_tracks)
    if not register.anonymous_allowed:
        qs = qs.filter(treatment__contact_course__client__anonymous=False)
    return qs


def iter_substitution_facts(
    municipality: Municipality, register: Register, period: Period, chunk: int = CHUNK
) -> Iterator[SubstitutionFacts]:
    """One fact per course with substitution medicine recorded in the month: the last record of
    the month gives the product and the prescribing doctor (records come in course order, so one
    course is held in memory at a time)."""
    qs = (
        substitution_queryset(municipality, register, period)
        .select_related("treatment__contact_course__client")
        .order_by("treatment__contact_course_id", "on", "id")
    )
    current = None
    for record in qs.iterator(chunk_size=chunk):
        if current is not None and current.treatment.contact_course_id != (
            record.treatment.contact_course_id
        ):
            yield _substitution_facts(current, municipality)
        current = record
    if current is not None:
        yield _substitution_facts(current, municipality)


def _substitution_facts(record: MedicalRecord, municipality: Municipality) -> SubstitutionFacts:
    course = record.treatment.contact_course
    client = course.client
    details = record.details or {}
    return SubstitutionFacts(
        course_id=course.pk,
        client_id=client.pk,
        municipality=municipality.standard_id,
        legal_track=course.legal_track,
        anonymous=client.anonymous,
        cpr=None if client.anonymous else client.cpr,
        product=str(details.get("product", "")),
        prescriber=str(details.get("prescriber_authorisation", "")),
        last_on=record.on,
    )


def count(municipality: Municipality, register: Register, period: Period) -> int:
    if register.id == "substitution":
        qs = substitution_queryset(municipality, register, period)
        return qs.values("treatment__contact_course_id").distinct().count()
    return course_queryset(municipality, register, period).count()


def iter_facts(municipality: Municipality, register: Register, period: Period):
    if register.id == "substitution":
        return iter_substitution_facts(municipality, register, period)
    return iter_course_facts(municipality, register, period)
