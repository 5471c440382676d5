"""The course screens: the course page, starting treatment and the treatment course's sections
(services, treater, phase, appointments with the HTMX attendance row, stays and status meetings,
medical records, events). Roles, tenancy, query counts, refused and accepted submits, read log."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.db.factories import Town, cpr_for, grant_for
from tests.web.conftest import signed_in
from vendepunkt.audit.models import AuditEntry, ReadLogEntry
from vendepunkt.citizens import services as citizens
from vendepunkt.courses import services as courses
from vendepunkt.courses.models import (
    Appointment,
    CourseEvent,
    CourseService,
    MedicalRecord,
    ResidentialStay,
    StatusChange,
    StatusMeeting,
    TreatmentCourse,
)
from vendepunkt.providers import services as providers

pytestmark = pytest.mark.django_db

NAME = "Fiktiv Forløbsperson"
SECTIONS = (
    "course-services",
    "course-treater",
    "course-phase",
    "course-appointments",
    "course-stays",
    "course-events",
)


def today():
    return timezone.localdate()


def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def requested(town, *, seed=1, days_ago=20, track="SEL-101", birth=dt.date(1990, 5, 17), **extra):
    """A citizen who asked for treatment `days_ago` days ago; returns the contact course."""
    client = citizens.register_citizen(
        town.treater,
        town.municipality,
        cpr=cpr_for(birth, seed=seed),
        name=NAME if seed == 1 else f"{NAME} {seed}",
        today=today(),
        **extra,
    )
    contact = courses.record_contact(
        town.treater,
        client,
        at=timezone.now() - dt.timedelta(days=days_ago),
        channel="phone",
        made_by="self",
        legal_track=track,
        substances=["alcohol" if track == "SUL-141" else "cannabis"],
        wish_for_treatment=True,
        personal_attendance=True,
        today=today(),
    )
    return contact.contact_course


def granted(town, course, service_id, *, decider=None, basis=None):
    application = courses.apply_for_service(
        town.treater, course, service_id=service_id, applied_on=course.request_on, today=today()
    )
    return courses.decide(
        decider or town.visitation_caseworker,
        application,
        outcome="grant",
        legal_basis=basis or course.legal_track,
        reasons="I målgruppen.",
        decided_on=course.request_on + dt.timedelta(days=1),
        today=today(),
    )


def started(town, course, decision=None):
    if decision is None:
        grant_for(town, course, on=course.request_on + dt.timedelta(days=2), today=today())
    return courses.start_treatment(
        town.visitation_caseworker,
        course,
        team=town.team,
        start_on=course.request_on + dt.timedelta(days=2),
        treater=town.treater,
        decision=decision,
        today=today(),
    )


def provider(town, name="Døgnbehandling Fiktiv ApS"):
    return providers.register_provider(
        town.centre_leader,
        town.municipality,
        name=name,
        cvr="12345678",
        approved_for=["SEL-101", "SUL-141"],
        settings_offered=["residential"],
        public=False,
        on_tilbudsportalen=True,
    )


def add_records(town, treatment, n, supplier, *, offset=0):
    """n of every kind of record a treatment course has."""
    first = treatment.services.order_by("id").first()
    for i in range(offset, offset + n):
        day = treatment.start_on + dt.timedelta(days=i % 5)
        courses.record_appointment(
            town.treater,
            treatment,
            at=timezone.make_aware(dt.datetime.combine(day, dt.time(9, i % 50))),
            kind="individual",
            service_id=first.service_id if first else "",  # several services: name one
            today=today(),
        )
        courses.record_course_event(
            town.treater,
            treatment,
            kind="region_handover",
            on=day,
            details={"note": f"note {i}"},
            today=today(),
        )
        courses.record_medical(
            town.doctor, treatment, kind="detox", on=day, details={"note": "x"}, today=today()
        )
        courses.change_phase(town.treater, treatment, phase="primary", on=day, today=today())
        grant_for(
            town,
            treatment.contact_course,
            on=day,
            setting="residential",
            until=day + dt.timedelta(days=30),
            today=today(),
        )
        stay = courses.record_stay(
            town.treater,
            treatment,
            provider=supplier,
            start_on=day,
            end_on=day + dt.timedelta(days=30),
            # Herning: the assessment before the stay, after the economic counselling talk
            self_payment={"assessed_on": day, "economic_counselling_on": day, "board": "1000"},
            today=today(),
        )
        courses.record_status_meeting(
            town.treater, stay, kind="before", held_on=day, written_report=True, today=today()
        )
    for service_id in ["nada", "hash-stop"][: max(1, min(n, 2))]:
        grant_for(
            town,
            treatment.contact_course,
            on=treatment.start_on,
            service_id=service_id,
            today=today(),
        )
    courses.change_services(
        town.treater,
        treatment,
        add=["nada", "hash-stop"][: max(1, min(n, 2))],
        on=treatment.start_on,
        today=today(),
    )


@pytest.fixture
def her():
    return Town("herning")


@pytest.fixture
def course(her):
    return requested(her)


@pytest.fixture
def treatment(her, course):
    return started(her, course, granted(her, course, "primaer-ambulant-move"))


def url(name, *args):
    return reverse(name, args=args)


def audit_count():
    return AuditEntry.objects.count()


# --- the course page --------------------------------------------------------------------------


def test_course_page_shows_the_client_the_course_and_its_deadlines(her, course):
    client = english(signed_in(her.visitation_caseworker))
    response = client.get(url("course-detail", course.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert NAME in html and 'id="deadline-table"' in html
    assert 'data-kind="treatment_guarantee"' in html and "SEL § 101 stk. 4" in html
    assert url("treatment-start", course.pk) in html  # the guarantee is resolved by the start
    assert "Treatment has not started." in html
    guarantee = course.deadlines.get(kind="treatment_guarantee")
    assert guarantee.reason_en in html and guarantee.reason_da not in html
    assert ReadLogEntry.objects.filter(
        record_type="contact_course", client_id=course.client_id, actor=her.visitation_caseworker
    ).exists()


def test_a_breached_deadline_is_shown_as_breached_on_read(her):
    course = requested(her, days_ago=40)  # 14 days' guarantee: long past
    html = english(signed_in(her.visitation_caseworker)).get(url("course-detail", course.pk))
    assert "deadline-breached" in html.content.decode() and "Breached" in html.content.decode()


def test_course_page_shows_applications_decisions_and_the_treatment(her, course, treatment):
    html = english(signed_in(her.treater)).get(url("course-detail", course.pk)).content.decode()
    assert 'id="application-table"' in html and "Grant" in html and "SEL § 101" in html
    assert 'id="treatment-facts"' in html and str(her.team) in html
    assert 'id="service-table"' in html and 'data-service="primaer-ambulant-move"' in html
    assert 'id="history-table"' in html and "Treatment started" in html
    assert url("treatment-start", course.pk) not in html


def test_course_page_for_the_roles_allowed(her, course, treatment):
    for role in (
        "treater",
        "visitation_caseworker",
        "centre_leader",
        "doctor",
        "nurse",
        "secretary",
    ):
        assert signed_in(getattr(her, role)).get(url("course-detail", course.pk)).status_code == 200


@pytest.mark.parametrize("role", ["auditor", "administrator"])
def test_course_page_refused_without_personal_data(her, course, role):
    response = signed_in(getattr(her, role)).get(url("course-detail", course.pk))
    assert response.status_code == 403 and NAME not in response.content.decode()
    assert not ReadLogEntry.objects.filter(client_id=course.client_id).exists()


def test_a_treater_of_another_team_is_refused_and_another_municipality_finds_nothing(
    her, course, treatment
):
    outsider = her.user("treater", team=her.other_team)
    response = signed_in(outsider).get(url("course-detail", course.pk))
    assert response.status_code == 403 and NAME not in response.content.decode()
    other = Town("herning")
    response = signed_in(other.visitation_caseworker).get(url("course-detail", course.pk))
    assert response.status_code == 404 and NAME not in response.content.decode()
    missing = signed_in(her.visitation_caseworker).get(url("course-detail", 999999))
    assert missing.status_code == 404


def test_course_page_queries_do_not_grow_with_the_data(
    her, course, treatment, django_assert_max_num_queries
):
    supplier = provider(her)
    add_records(her, treatment, 1, supplier)
    client = signed_in(her.doctor)  # the doctor sees every section, the medical records too
    client.get(url("course-detail", course.pk))
    with django_assert_max_num_queries(60) as few:
        assert client.get(url("course-detail", course.pk)).status_code == 200
    add_records(her, treatment, 6, supplier, offset=1)
    for seed in (2, 3):
        courses.apply_for_service(
            her.treater, course, service_id="nada", applied_on=today(), today=today()
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("course-detail", course.pk))
    html = response.content.decode()
    assert html.count('class="appointment ') == 7 and html.count('class="stay"') == 7


# --- start treatment --------------------------------------------------------------------------


def test_start_treatment_form_and_roles(her, course):
    page = english(signed_in(her.treater)).get(url("treatment-start", course.pk))
    assert page.status_code == 200 and 'id="start-form"' in page.content.decode()
    for role in ("secretary", "doctor", "auditor"):
        refused = signed_in(getattr(her, role)).get(url("treatment-start", course.pk))
        assert refused.status_code == 403 and NAME not in refused.content.decode()
    other = Town("herning")
    assert (
        signed_in(other.visitation_caseworker).get(url("treatment-start", course.pk)).status_code
        == 404
    )


def test_start_treatment_page_queries_do_not_grow_and_the_read_is_logged(
    her, course, django_assert_max_num_queries
):
    granted(her, course, "primaer-ambulant-move")
    client = signed_in(her.treater)
    client.get(url("treatment-start", course.pk))
    with django_assert_max_num_queries(40) as few:
        assert client.get(url("treatment-start", course.pk)).status_code == 200
    for service_id in ("nada", "hash-stop", "efterbehandling"):
        granted(her, course, service_id)
    for _ in range(3):
        her.user("treater")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url("treatment-start", course.pk)).content.decode()
    assert html.count('<option value="', html.index('id="id_decision"')) == 5  # (none) + 4 grants
    assert ReadLogEntry.objects.filter(
        actor=her.treater, client_id=course.client_id, purpose="treatment-start"
    ).exists()


def test_start_treatment_refused_keeps_the_input_and_writes_nothing(her, course):
    decision = granted(her, course, "primaer-ambulant-move")
    before = audit_count()
    too_early = (course.request_on - dt.timedelta(days=3)).isoformat()
    response = english(signed_in(her.treater)).post(
        url("treatment-start", course.pk),
        {
            "team": her.team.pk,
            "start_on": too_early,
            "treater": her.treater.pk,
            "decision": decision.pk,
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert f'value="{too_early}"' in html and 'id="id_start_on-error"' in html
    assert "Treatment cannot start before the request." in html
    assert not TreatmentCourse.objects.filter(contact_course=course).exists()
    assert audit_count() == before


def test_start_treatment_writes_through_the_service_and_redirects(her, course):
    decision = granted(her, course, "primaer-ambulant-move")
    response = signed_in(her.treater).post(
        url("treatment-start", course.pk),
        {
            "team": her.team.pk,
            "start_on": today().isoformat(),
            "treater": her.treater.pk,
            "decision": decision.pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("course-detail", course.pk) + "#treatment"
    treatment = TreatmentCourse.objects.get(contact_course=course)
    assert treatment.primary_treater == her.treater
    assert CourseService.objects.get(treatment=treatment).decision == decision
    assert AuditEntry.objects.filter(
        action="treatment.started", target_id=str(treatment.pk)
    ).exists()
    assert course.deadlines.get(kind="treatment_guarantee").closed_on == today()


def test_start_treatment_after_the_start_goes_back_to_the_course(her, course, treatment):
    response = signed_in(her.treater).get(url("treatment-start", course.pk))
    assert response.status_code == 302


# --- the sections: roles and query counts -------------------------------------------------------


def test_section_pages_roles(her, course, treatment):
    allowed = [
        signed_in(getattr(her, r)) for r in ("treater", "visitation_caseworker", "secretary")
    ]
    outsider = signed_in(her.user("treater", team=her.other_team))
    other = signed_in(Town("herning").visitation_caseworker)
    for name in SECTIONS:
        for client in allowed:
            assert client.get(url(name, course.pk)).status_code == 200
        for client in (signed_in(her.auditor), outsider):
            refused = client.get(url(name, course.pk))
            assert refused.status_code == 403 and NAME not in refused.content.decode()
        missing = other.get(url(name, course.pk))
        assert missing.status_code == 404 and NAME not in missing.content.decode()


def test_section_pages_need_a_started_treatment(her, course):
    assert (
        signed_in(her.visitation_caseworker).get(url("course-services", course.pk)).status_code
        == 404
    )


def test_section_pages_queries_do_not_grow(her, course, treatment, django_assert_max_num_queries):
    supplier = provider(her)
    add_records(her, treatment, 1, supplier)
    client = signed_in(her.doctor)
    names = [*SECTIONS, "course-medical"]
    counts = {}
    for name in names:
        client.get(url(name, course.pk))
        with django_assert_max_num_queries(60) as few:
            assert client.get(url(name, course.pk)).status_code == 200
        counts[name] = len(few.captured_queries)
    add_records(her, treatment, 5, supplier, offset=1)
    for name in names:
        with django_assert_max_num_queries(counts[name]):
            assert client.get(url(name, course.pk)).status_code == 200


def test_section_page_reads_are_logged(her, course, treatment):
    signed_in(her.secretary).get(url("course-appointments", course.pk))
    entry = ReadLogEntry.objects.get(actor=her.secretary, client_id=course.client_id)
    assert entry.purpose == "course:appointments"


# --- services -----------------------------------------------------------------------------------


def test_change_services_refused_without_a_choice(her, course, treatment):
    before = (audit_count(), CourseService.objects.count())
    response = english(signed_in(her.treater)).post(
        url("course-services", course.pk), {"services-on": "2026-01-05"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose a service to add or a service to end." in html and 'value="2026-01-05"' in html
    assert (audit_count(), CourseService.objects.count()) == before


def test_change_services_adds_and_ends(her, course, treatment):
    granted(her, course, "nada")  # issue 12 § 3: an added service needs its grant
    client = english(signed_in(her.treater))
    response = client.post(
        url("course-services", course.pk),
        {"services-add": "nada", "services-on": today().isoformat()},
    )
    assert response.status_code == 302 and response["Location"].endswith("#services")
    assert CourseService.objects.filter(treatment=treatment, service_id="nada").exists()
    assert AuditEntry.objects.filter(action="treatment.services_changed").count() == 1
    response = client.post(
        url("course-services", course.pk),
        {"services-end": "nada", "services-on": today().isoformat()},
    )
    assert response.status_code == 302
    assert CourseService.objects.get(treatment=treatment, service_id="nada").end_on == today()


def test_change_services_tells_when_the_standard_requires_a_plan_review():
    had = Town("haderslev")
    course = requested(had)
    decision = granted(
        had, course, "behandlingsforloeb-stof", decider=had.centre_leader, basis="SEL-101"
    )
    treatment = started(had, course, decision)
    granted(had, course, "nada-ball-stick", decider=had.centre_leader, basis="SEL-101")
    courses.save_plan(
        had.treater,
        treatment,
        substance_goal="stop",
        goals=[{"text": "Stop", "horizon": "short"}],
        methods="Samtaler",
        responsible=[],
        made_on=treatment.start_on,
        today=today(),
    )
    client = english(signed_in(had.treater))
    response = client.post(
        url("course-services", course.pk),
        {"services-add": "nada-ball-stick", "services-on": today().isoformat()},
        follow=True,
    )
    html = response.content.decode()
    assert "requires a review of the treatment plan" in html
    assert "The services were changed." in html


def test_a_secretary_cannot_change_services(her, course, treatment):
    response = signed_in(her.secretary).post(
        url("course-services", course.pk),
        {"services-add": "nada", "services-on": today().isoformat()},
    )
    assert response.status_code == 403 and NAME not in response.content.decode()
    assert not CourseService.objects.filter(service_id="nada").exists()


# --- treater and phase --------------------------------------------------------------------------


def test_change_of_treater(her, course, treatment):
    new = her.user("treater")
    new.first_name, new.last_name = "Ny", "Behandler"
    new.save()
    refused = signed_in(her.treater).post(
        url("course-treater", course.pk),
        {"treater-treater": new.pk, "treater-on": today().isoformat()},
    )
    assert refused.status_code == 403
    client = english(signed_in(her.visitation_caseworker))
    before = audit_count()
    bad = client.post(url("course-treater", course.pk), {"treater-on": today().isoformat()})
    assert bad.status_code == 400 and 'id="id_treater-treater-error"' in bad.content.decode()
    assert audit_count() == before
    ok = client.post(
        url("course-treater", course.pk),
        {"treater-treater": new.pk, "treater-on": today().isoformat()},
    )
    assert ok.status_code == 302
    treatment.refresh_from_db()
    assert treatment.primary_treater == new
    assert AuditEntry.objects.filter(action="treatment.treater_changed").exists()
    page = client.get(url("course-detail", course.pk)).content.decode()
    assert "Ny Behandler" in page and "Primary treater changed" in page


def test_change_of_phase(her, course, treatment):
    client = english(signed_in(her.treater))
    before = (audit_count(), StatusChange.objects.count())
    bad = client.post(
        url("course-phase", course.pk), {"phase-phase": "nirvana", "phase-on": "2026-02-03"}
    )
    assert bad.status_code == 400 and 'value="2026-02-03"' in bad.content.decode()
    assert (audit_count(), StatusChange.objects.count()) == before
    ok = client.post(
        url("course-phase", course.pk),
        {"phase-phase": "aftercare", "phase-on": today().isoformat()},
    )
    assert ok.status_code == 302
    treatment.refresh_from_db()
    assert treatment.phase == "aftercare"
    assert StatusChange.objects.filter(treatment=treatment, status="phase:aftercare").exists()
    assert AuditEntry.objects.filter(action="treatment.phase_changed").exists()


# --- appointments and attendance ----------------------------------------------------------------


def test_new_appointment(her, course, treatment):
    client = english(signed_in(her.secretary))
    before = audit_count()
    bad = client.post(
        url("course-appointments", course.pk),
        {"appointment-day": "2026-03-04", "appointment-kind": "individual"},
    )
    html = bad.content.decode()
    assert bad.status_code == 400 and 'id="id_appointment-time-error"' in html
    assert 'value="2026-03-04"' in html and audit_count() == before
    ok = client.post(
        url("course-appointments", course.pk),
        {
            "appointment-day": today().isoformat(),
            "appointment-time": "10:30",
            "appointment-kind": "group",
        },
    )
    assert ok.status_code == 302
    appointment = Appointment.objects.get(treatment=treatment)
    assert appointment.kind == "group" and appointment.status == "planned"
    assert timezone.localtime(appointment.at).time() == dt.time(10, 30)
    assert AuditEntry.objects.filter(action="appointment.recorded").exists()


def appointment(her, treatment):
    return courses.record_appointment(
        her.treater,
        treatment,
        at=timezone.now(),
        kind="individual",
        today=today(),
    )


def test_attendance_with_htmx_updates_the_row(her, course, treatment):
    visit = appointment(her, treatment)
    client = english(signed_in(her.secretary))
    target = url("appointment-attendance", course.pk, visit.pk)
    prefix = f"att{visit.pk}"
    before = audit_count()
    bad = client.post(
        target,
        {f"{prefix}-status": "no_show", f"{prefix}-gift_voucher": "on"},
        HTTP_HX_REQUEST="true",
    )
    html = bad.content.decode()
    assert bad.status_code == 400 and html.lstrip().startswith(f'<tr id="appointment-{visit.pk}"')
    assert "Gift vouchers are given for attendance." in html and "<html" not in html
    assert audit_count() == before
    visit.refresh_from_db()
    assert visit.status == "planned"
    # Herning's standard offers no gift vouchers (issue 12 § 4): refused with the reason
    no_voucher = client.post(
        target,
        {f"{prefix}-status": "attended", f"{prefix}-gift_voucher": "on"},
        HTTP_HX_REQUEST="true",
    )
    assert no_voucher.status_code == 400
    assert "gives gift vouchers only in services that offer them" in no_voucher.content.decode()
    assert audit_count() == before
    ok = client.post(target, {f"{prefix}-status": "attended"}, HTTP_HX_REQUEST="true")
    html = ok.content.decode()
    assert ok.status_code == 200 and html.lstrip().startswith(f'<tr id="appointment-{visit.pk}"')
    assert "appointment-attended" in html
    visit.refresh_from_db()
    assert visit.status == "attended" and not visit.gift_voucher
    assert AuditEntry.objects.filter(action="appointment.attendance").count() == 1
    assert ReadLogEntry.objects.filter(record_type="appointment", record_id=str(visit.pk)).exists()


def test_attendance_without_javascript(her, course, treatment):
    visit = appointment(her, treatment)
    client = english(signed_in(her.treater))
    target = url("appointment-attendance", course.pk, visit.pk)
    prefix = f"att{visit.pk}"
    bad = client.post(target, {f"{prefix}-status": "cancelled", f"{prefix}-gift_voucher": "on"})
    assert bad.status_code == 400 and "<html" in bad.content.decode()
    assert f'id="id_att{visit.pk}-gift_voucher-error"' in bad.content.decode()
    ok = client.post(target, {f"{prefix}-status": "no_show"})
    assert ok.status_code == 302 and ok["Location"].endswith(f"#appointment-{visit.pk}")
    visit.refresh_from_db()
    assert visit.status == "no_show"


def test_a_future_appointment_cannot_be_marked_a_no_show(her, course, treatment):
    visit = courses.record_appointment(
        her.treater,
        treatment,
        at=timezone.now() + dt.timedelta(days=3),
        kind="individual",
        today=today(),
    )
    client = english(signed_in(her.treater))
    prefix = f"att{visit.pk}"
    before = audit_count()
    refused = client.post(
        url("appointment-attendance", course.pk, visit.pk),
        {f"{prefix}-status": "no_show"},
        HTTP_HX_REQUEST="true",
    )
    assert refused.status_code == 400
    assert "cancel it instead" in refused.content.decode()
    assert audit_count() == before
    visit.refresh_from_db()
    assert visit.status == "planned"


def test_attendance_roles_and_tenancy(her, course, treatment):
    visit = appointment(her, treatment)
    target = url("appointment-attendance", course.pk, visit.pk)
    data = {f"att{visit.pk}-status": "attended"}
    refused = signed_in(her.auditor).post(target, data, HTTP_HX_REQUEST="true")
    assert refused.status_code == 403 and NAME not in refused.content.decode()
    other = Town("herning")
    missing = signed_in(other.visitation_caseworker).post(target, data, HTTP_HX_REQUEST="true")
    assert missing.status_code == 404
    other_course = requested(her, seed=2)
    other_treatment = started(her, other_course)
    wrong = signed_in(her.secretary).post(
        url("appointment-attendance", other_course.pk, visit.pk), data
    )
    assert wrong.status_code == 404 and other_treatment.pk
    visit.refresh_from_db()
    assert visit.status == "planned"


def test_attendance_fragment_queries_do_not_grow(
    her, course, treatment, django_assert_max_num_queries
):
    visit = appointment(her, treatment)
    client = signed_in(her.secretary)
    target = url("appointment-attendance", course.pk, visit.pk)
    data = {f"att{visit.pk}-status": "attended"}
    client.post(target, data, HTTP_HX_REQUEST="true")
    with django_assert_max_num_queries(40) as few:
        client.post(target, data, HTTP_HX_REQUEST="true")
    add_records(her, treatment, 4, provider(her))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.post(target, data, HTTP_HX_REQUEST="true").status_code == 200


# --- residential stays and status meetings ------------------------------------------------------


def test_residential_stay_with_self_payment_and_status_meetings():
    ods = Town("odsherred")
    course = requested(ods)
    treatment = started(ods, course)
    supplier = provider(ods)
    client = english(signed_in(ods.treater))
    start = today() + dt.timedelta(days=10)
    grant_for(
        ods,
        course,
        on=start,
        setting="residential",
        until=start + dt.timedelta(days=60),
        today=today(),
    )
    ok = client.post(
        url("course-stays", course.pk),
        {
            "stay-provider": supplier.pk,
            "stay-start_on": start.isoformat(),
            "stay-end_on": (start + dt.timedelta(days=60)).isoformat(),
            "stay-board": "1500",
            "stay-self_payment_note": "Individuel økonomisk vurdering",
        },
    )
    assert ok.status_code == 302
    stay = ResidentialStay.objects.get(treatment=treatment)
    assert stay.self_payment["monthly_amount"] == "1500"
    assert stay.self_payment["note"] == "Individuel økonomisk vurdering"
    assert stay.kind == "treatment" and stay.service_id == "doegnbehandling"
    assert stay.transport_paid_by == "municipality"  # ODS: paid to day and residential places
    assert AuditEntry.objects.filter(action="stay.recorded").exists()
    html = client.get(url("course-stays", course.pk)).content.decode()
    assert f'id="stay-{stay.pk}"' in html and "1500 DKK per month" in html
    assert "The municipality pays the transport" in html
    assert "Status meetings the quality standard requires" in html  # Odsherred names them
    before = audit_count()
    bad = client.post(
        url("stay-meeting", course.pk, stay.pk),
        {f"meeting{stay.pk}-kind": "before", f"meeting{stay.pk}-written_report": "on"},
    )
    assert (
        bad.status_code == 400 and f'id="id_meeting{stay.pk}-held_on-error"' in bad.content.decode()
    )
    assert audit_count() == before
    ok = client.post(
        url("stay-meeting", course.pk, stay.pk),
        {
            f"meeting{stay.pk}-kind": "before",
            f"meeting{stay.pk}-held_on": start.isoformat(),
            f"meeting{stay.pk}-written_report": "on",
        },
    )
    assert ok.status_code == 302 and ok["Location"].endswith(f"#stay-{stay.pk}")
    meeting = StatusMeeting.objects.get(stay=stay)
    assert meeting.kind == "before" and meeting.written_report
    assert course.deadlines.get(subject=f"stay:{stay.pk}:before").status == "met"


def test_no_self_payment_in_alcohol_treatment():
    ods = Town("odsherred")
    course = requested(ods, track="SUL-141")
    started(ods, course)
    # a residential stay is visited on the alcohol track too (D76): its service is granted
    grant_for(
        ods,
        course,
        on=course.request_on + dt.timedelta(days=2),
        service_id="doegnbehandling",
        today=today(),
    )
    supplier = provider(ods)
    client = english(signed_in(ods.treater))
    page = client.get(url("course-stays", course.pk)).content.decode()
    assert "There is no self-payment in alcohol treatment" in page
    before = audit_count()
    response = client.post(
        url("course-stays", course.pk),
        {
            "stay-provider": supplier.pk,
            "stay-start_on": today().isoformat(),
            "stay-end_on": (today() + dt.timedelta(days=30)).isoformat(),
            "stay-board": "900",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_stay-board-error"' in html and 'value="900"' in html
    assert "no self-payment in alcohol treatment (SUL § 141)" in html
    assert not ResidentialStay.objects.exists() and audit_count() == before


# --- medical records ---------------------------------------------------------------------------


def test_medical_records_are_for_doctors_and_nurses_only(her, course, treatment):
    courses.record_medical(
        her.doctor, treatment, kind="antabuse", on=today(), details={}, today=today()
    )
    for role in ("treater", "secretary", "visitation_caseworker", "centre_leader"):
        page = signed_in(getattr(her, role)).get(url("course-detail", course.pk))
        assert page.status_code == 200 and 'id="medical-table"' not in page.content.decode()
        assert 'id="medical"' not in page.content.decode()
        refused = signed_in(getattr(her, role)).get(url("course-medical", course.pk))
        assert refused.status_code == 403 and NAME not in refused.content.decode()
    assert not ReadLogEntry.objects.filter(record_type="medical_records").exists()
    for role in ("doctor", "nurse"):
        page = signed_in(getattr(her, role)).get(url("course-medical", course.pk))
        assert page.status_code == 200 and 'data-kind="antabuse"' in page.content.decode()
    assert ReadLogEntry.objects.filter(record_type="medical_records").count() == 2
    other = Town("herning")
    assert signed_in(other.doctor).get(url("course-medical", course.pk)).status_code == 404


def test_recording_a_medical_record(her, course, treatment):
    client = english(signed_in(her.nurse))
    before = audit_count()
    bad = client.post(
        url("course-medical", course.pk),
        {
            "medical-kind": "substitution",
            "medical-on": today().isoformat(),
            "medical-note": "Metadon",
        },
    )
    html = bad.content.decode()
    assert bad.status_code == 400 and 'id="id_medical-pickup-error"' in html and "Metadon" in html
    # the monthly substitution report needs the product and the prescribing doctor (R41)
    assert 'id="id_medical-product-error"' in html
    assert 'id="id_medical-prescriber_authorisation-error"' in html
    assert audit_count() == before and not MedicalRecord.objects.exists()
    wrong_id = client.post(
        url("course-medical", course.pk),
        {
            "medical-kind": "substitution",
            "medical-on": today().isoformat(),
            "medical-pickup": "pharmacy",
            "medical-product": "methadone",
            "medical-prescriber_authorisation": "12-45",
        },
    )
    assert wrong_id.status_code == 400 and "five letters or digits" in wrong_id.content.decode()
    ok = client.post(
        url("course-medical", course.pk),
        {
            "medical-kind": "substitution",
            "medical-on": today().isoformat(),
            "medical-pickup": "pharmacy",
            "medical-product": "methadone",
            "medical-prescriber_authorisation": "0a1b2",
            "medical-note": "Metadon",
        },
    )
    assert ok.status_code == 302
    record = MedicalRecord.objects.get()
    assert record.details == {
        "pickup": "pharmacy",
        "product": "methadone",
        "prescriber_authorisation": "0A1B2",
        "note": "Metadon",
    }
    assert record.by == her.nurse
    assert AuditEntry.objects.filter(action="medical.recorded").exists()
    client.post(
        url("course-medical", course.pk),
        {
            "medical-kind": "screening",
            "medical-on": today().isoformat(),
            "medical-screen_hepatitis": "on",
            "medical-screen_hiv": "on",
        },
    )
    assert MedicalRecord.objects.get(kind="screening").details == {"tests": ["hepatitis", "hiv"]}
    html = client.get(url("course-medical", course.pk)).content.decode()
    assert "At the pharmacy" in html and "hepatitis, HIV" in html and "Methadone" in html
    refused = signed_in(her.treater).post(
        url("course-medical", course.pk),
        {"medical-kind": "detox", "medical-on": today().isoformat()},
    )
    assert refused.status_code == 403 and MedicalRecord.objects.count() == 2


def test_a_doctors_consultation_deadline_links_to_the_medical_records(her, course, treatment):
    deadline = course.deadlines.get(kind="doctor_consultation")  # the law's, on SEL § 101
    link = url("course-medical", course.pk) + "#medical-form"
    row = f'id="deadline-{deadline.pk}"'
    html = signed_in(her.doctor).get(url("course-detail", course.pk)).content.decode()
    assert row in html and link in html
    html = signed_in(her.treater).get(url("course-detail", course.pk)).content.decode()
    assert row in html and link not in html  # only doctors and nurses record it


# --- events -------------------------------------------------------------------------------------


def test_course_events(her, course, treatment):
    client = english(signed_in(her.treater))
    before = audit_count()
    bad = client.post(
        url("course-events", course.pk),
        {
            "event-kind": "pregnancy_contract",
            "event-on": today().isoformat(),
            "event-note": "Tilbudt",
        },
    )
    html = bad.content.decode()
    assert bad.status_code == 400 and 'id="id_event-kind-error"' in html and "Tilbudt" in html
    assert "The contract is offered to pregnant users" in html
    assert audit_count() == before and not CourseEvent.objects.exists()
    ok = client.post(
        url("course-events", course.pk),
        {
            "event-kind": "region_handover",
            "event-on": today().isoformat(),
            "event-note": "Psykiatri",
        },
    )
    assert ok.status_code == 302
    event = CourseEvent.objects.get()
    assert event.kind == "region_handover" and event.details == {"note": "Psykiatri"}
    assert AuditEntry.objects.filter(action="course.region_handover").exists()
    page = client.get(url("course-detail", course.pk)).content.decode()
    assert "Hand-over to the region" in page and "Psykiatri" in page


def test_pregnancy_contract_for_a_pregnant_citizen(her):
    course = requested(her, seed=5, pregnant=True)
    started(her, course)
    response = signed_in(her.visitation_caseworker).post(
        url("course-events", course.pk),
        {"event-kind": "pregnancy_contract", "event-on": today().isoformat()},
    )
    assert response.status_code == 302
    assert CourseEvent.objects.get().kind == "pregnancy_contract"


def test_course_page_links_to_counselling_and_assessments_by_role(her, course):
    treater = signed_in(her.treater).get(url("course-detail", course.pk)).content.decode()
    for name, element in (
        ("counselling-new", "counselling-link"),
        ("assessment-new", "assessment-link"),
        ("assessments", "assessments-link"),
    ):
        assert f'id="{element}" href="{url(name, course.pk)}"' in treater
    # a secretary sees no assessments (R46) and records no counselling
    secretary = signed_in(her.secretary).get(url("course-detail", course.pk)).content.decode()
    assert 'id="assessments-link"' not in secretary and 'id="assessment-link"' not in secretary
    assert 'id="counselling-link"' not in secretary


def test_R41_recording_the_register_variables_of_a_course(her, course, treatment):
    client = english(signed_in(her.treater))
    page = client.get(url("course-phase", course.pk)).content.decode()
    assert 'id="sib-form"' in page and "Route of administration" in page
    bad = client.post(
        url("course-sib", course.pk),
        {"sib-housing": "castle", "sib-on": today().isoformat(), "sib-income": "wages"},
    )
    assert bad.status_code == 400 and 'id="id_sib-housing-error"' in bad.content.decode()
    treatment.refresh_from_db()
    assert treatment.sib == {}
    ok = client.post(
        url("course-sib", course.pk),
        {"sib-housing": "homeless", "sib-income": "public_benefit", "sib-on": today().isoformat()},
    )
    assert ok.status_code == 302
    treatment.refresh_from_db()
    assert treatment.sib == {"housing": "homeless", "income": "public_benefit"}
    entry = AuditEntry.objects.filter(action="treatment.sib_recorded").get()
    assert entry.after == {"sib": {"housing": "homeless", "income": "public_benefit"}}
    refused = signed_in(her.secretary).post(
        url("course-sib", course.pk), {"sib-housing": "own_home", "sib-on": today().isoformat()}
    )
    assert refused.status_code == 403
    secretary_page = signed_in(her.secretary).get(url("course-phase", course.pk)).content.decode()
    assert 'id="sib-form"' not in secretary_page


def test_dates_out_of_bounds_are_shown_at_the_field_not_a_server_error(her, course, treatment):
    """Issue 10 § 4 (D40): year 1 and year 9999 are refused by the service's bounds and the
    message stands at the form's field; nothing is written."""
    client = english(signed_in(her.secretary))
    before = audit_count()
    for day, words in (("0001-01-01", "too far back"), ("9999-12-31", "too far in the future")):
        bad = client.post(
            url("course-appointments", course.pk),
            {"appointment-day": day, "appointment-time": "00:00", "appointment-kind": "group"},
        )
        html = bad.content.decode()
        assert bad.status_code == 400 and 'id="id_appointment-day-error"' in html, day
        assert words in html
    assert audit_count() == before and not Appointment.objects.filter(treatment=treatment).exists()


def test_R35_herning_stay_needs_the_assessment_and_the_counselling_talk_first():
    """HER 12 in the web: the form says what the standard asks; a stay without the assessment
    is refused beside the field, nothing written; with it, own home means no lodging."""
    her = Town("herning")
    course = requested(her)
    started(her, course)
    # the stay needs a decision granting Herning's residential service (issue 12 § 3)
    grant_for(her, course, on=today(), service_id="primaer-doegn")
    supplier = provider(her)
    client = english(signed_in(her.treater))
    page = client.get(url("course-stays", course.pk)).content.decode()
    assert "requires a self-payment assessment before the stay begins" in page
    assert "economic counselling talk first" in page
    start = today() + dt.timedelta(days=5)
    body = {
        "stay-provider": supplier.pk,
        "stay-start_on": start.isoformat(),
        "stay-end_on": (start + dt.timedelta(days=60)).isoformat(),
    }
    before = audit_count()
    refused = client.post(url("course-stays", course.pk), body)
    assert refused.status_code == 400
    assert 'id="id_stay-board-error"' in refused.content.decode()
    assert not ResidentialStay.objects.exists() and audit_count() == before
    ok = client.post(
        url("course-stays", course.pk),
        {
            **body,
            "stay-economic_counselling_on": today().isoformat(),
            "stay-assessed_on": today().isoformat(),
            "stay-board": "2500",
            "stay-lodging": "3000",
            "stay-keeps_own_home": "on",
        },
    )
    assert ok.status_code == 302
    stay = ResidentialStay.objects.get()
    assert stay.self_payment["monthly_amount"] == "2500" and stay.service_id == "primaer-doegn"
    html = client.get(url("course-stays", course.pk)).content.decode()
    assert "keeps their own home and pays no lodging" in html


def test_the_course_page_shows_the_records_and_links_each_section_to_its_form(
    her, course, treatment
):
    """Issue 13 § 6: the course page lists each section's records with a link to the section's
    own page, where its form is; a submit there returns to the course page at the section."""
    client = english(signed_in(her.visitation_caseworker))
    html = client.get(url("course-detail", course.pk)).content.decode()
    for form in ("services-form", "treater-form", "phase-form", "sib-form", "appointment-form"):
        assert f'id="{form}"' not in html
    for key, action in (
        ("services", "Change services"),
        ("treater", "Change treater"),
        ("phase", "Change phase or register variables"),
        ("appointments", "Book appointments and record attendance"),
        ("stays", "Record a stay or a status meeting"),
        ("events", "Record an event"),
    ):
        link = f'href="{url(f"course-{key}", course.pk)}" id="{key}-link">{action}</a>'
        assert link in html, key
        assert f'<a href="#{key}">' in html  # the in-page contents
    section = client.get(url("course-services", course.pk)).content.decode()
    assert 'id="services-form"' in section and 'aria-current="page"' in section
    # a secretary may read the sections but change nothing: a plain link, no action
    secretary = english(signed_in(her.secretary)).get(url("course-detail", course.pk))
    page = secretary.content.decode()
    assert "Change services" not in page and "Services on a page of its own" in page
