"""Service tests: every action of the course, including refusals, with its audit entry and read
log (run on SQLite and PostgreSQL). Synthetic people only."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction

from tests.db.factories import Town, cpr_for, grant_for
from vendepunkt.accounts.access import AccessDenied, NotFound
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.audit.models import AuditEntry, ReadLogEntry
from vendepunkt.citizens import services as citizens
from vendepunkt.citizens.models import Client
from vendepunkt.complaints import services as complaints
from vendepunkt.courses import services as courses
from vendepunkt.courses.models import ContactCourse, CourseDeadline
from vendepunkt.providers import services as providers

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
AT = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def had():
    return Town("haderslev")


@pytest.fixture
def ods():
    return Town("odsherred")


def citizen(town, *, seed=1, birth=dt.date(1990, 5, 17), actor=None, **extra):
    return citizens.register_citizen(
        actor or town.treater,
        town.municipality,
        cpr=cpr_for(birth, seed=seed),
        name="Testa Testesen",
        today=TODAY,
        **extra,
    )


def contact(town, client, *, at=AT, track="SEL-101", wish=True, actor=None, **extra):
    return courses.record_contact(
        actor or town.treater,
        client,
        at=at,
        channel="phone",
        made_by="self",
        legal_track=track,
        substances=["cannabis"],
        main_substance="cannabis",
        wish_for_treatment=wish,
        today=TODAY,
        **extra,
    )


# --- clients ------------------------------------------------------------------------------


def test_cpr_is_stored_encrypted_and_found_by_its_keyed_hash(had):
    number = cpr_for(dt.date(1990, 5, 17))
    client = citizen(had)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT cpr_encrypted, cpr_hash FROM citizens_client WHERE id = %s", [client.pk]
        )
        encrypted, hashed = cursor.fetchone()
    assert number not in encrypted and number not in hashed
    assert Client.objects.get(pk=client.pk).cpr == number
    assert client.birth_date == dt.date(1990, 5, 17) and client.sex == "female"
    assert (
        citizens.find_by_cpr(had.treater, had.municipality, number, today=TODAY, purpose="intake")
        == client
    )
    assert (
        ReadLogEntry.objects.filter(record_type="client_search", client_id=client.pk).count() == 1
    )


def test_the_cpr_number_never_enters_the_audit_trail(had):
    number = cpr_for(dt.date(1990, 5, 17))
    client = citizen(had)
    entries = AuditEntry.objects.filter(target_type="client", target_id=str(client.pk))
    assert entries.count() == 1
    assert all(number not in str(e.after) and number[:6] not in str(e.after) for e in entries)
    assert number not in str(client) and number not in repr(client)


def test_a_registered_cpr_number_cannot_be_registered_twice(had):
    citizen(had)
    with pytest.raises(ServiceError) as info:
        citizen(had)
    assert info.value.code == "duplicate" and "allerede registreret" in info.value.message_da


def test_an_invalid_cpr_number_is_refused_in_both_languages(had):
    with pytest.raises(ServiceError) as info:
        citizens.register_citizen(
            had.treater, had.municipality, cpr="320190-1234", name="X", today=TODAY
        )
    assert info.value.field == "cpr" and info.value.message_da and info.value.message_en


def test_an_anonymous_client_never_stores_a_cpr_number(had):
    client = citizens.register_anonymous(
        had.treater, had.municipality, birth_year=1988, sex="male", today=TODAY
    )
    assert client.code.startswith("A-") and client.cpr_encrypted == "" and client.cpr_hash is None
    client.cpr_hash = "x" * 64
    with pytest.raises(IntegrityError), transaction.atomic():
        client.save()


def test_another_municipalitys_citizen_is_not_found(had, ods):
    client = citizen(had)
    with pytest.raises(NotFound):
        citizens.get_client(ods.treater, client.pk, purpose="look")
    assert (
        citizens.find_by_cpr(
            ods.treater,
            ods.municipality,
            cpr_for(dt.date(1990, 5, 17)),
            today=TODAY,
            purpose="intake",
        )
        is None
    )
    with pytest.raises(NotFound):
        contact(ods, client)


def test_reading_a_client_is_logged_with_its_purpose(had):
    client = citizen(had)
    citizens.get_client(had.visitation_caseworker, client.pk, purpose="visitation")
    entry = ReadLogEntry.objects.get(record_type="client", client_id=client.pk)
    assert entry.purpose == "visitation"


def test_auditors_read_logs_but_not_clients(had):
    client = citizen(had)
    with pytest.raises(AccessDenied):
        citizens.get_client(had.auditor, client.pk, purpose="curious")


# --- the contact course rule (R6) -----------------------------------------------------------


def test_R6_contacts_at_most_10_days_apart_are_one_course(had):
    client = citizen(had)
    first = contact(had, client, at=AT)
    second = contact(had, client, at=AT + dt.timedelta(days=10))
    assert first.contact_course_id == second.contact_course_id
    third = contact(had, client, at=AT + dt.timedelta(days=21))
    assert third.contact_course_id != second.contact_course_id
    closed = ContactCourse.objects.get(pk=first.contact_course_id)
    assert closed.closed_on == (AT + dt.timedelta(days=10)).date()
    assert ContactCourse.objects.filter(client=client, closed_on__isnull=True).count() == 1


def test_R6_R18_a_course_closed_by_a_gap_settles_what_it_owed_as_of_the_next_contact(had):
    from vendepunkt.courses.deadlines import worklist

    client = citizen(had)
    first = contact(had, client, at=AT)  # a request on 2 November: the guarantee is due 16th
    third = contact(had, client, at=AT + dt.timedelta(days=21))  # 23 November: a new course
    old = ContactCourse.objects.get(pk=first.contact_course_id)
    assert (old.closed_on, old.end_noted_on) == (AT.date(), TODAY)
    guarantee = CourseDeadline.objects.get(contact_course=old, kind="treatment_guarantee")
    # no start and no recorded reason (R18): the breach stays a breach, closed when noted
    assert (guarantee.status, guarantee.closed_on) == ("breached", TODAY)
    assert not CourseDeadline.objects.filter(contact_course=old, status="open").exists()
    listed = {
        d.contact_course_id for d in worklist(had.visitation_caseworker, scope="all", today=TODAY)
    }
    assert old.pk not in listed and third.contact_course_id in listed


def test_R6_the_database_holds_one_open_course_per_client(had):
    client = citizen(had)
    course = contact(had, client).contact_course
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactCourse.objects.create(
            municipality=had.municipality,
            client=client,
            legal_track="SEL-101",
            opened_on=TODAY,
            last_contact_on=TODAY,
        )
    assert course.request_on == AT.date()


def test_R1_a_contact_on_behalf_needs_the_citizens_agreement(had):
    client = citizen(had)
    with pytest.raises(ServiceError) as info:
        courses.record_contact(
            had.treater,
            client,
            at=AT,
            channel="phone",
            made_by="gp",
            citizen_agreed=False,
            legal_track="SEL-101",
            substances=["alcohol"],
            today=TODAY,
        )
    assert info.value.field == "citizen_agreed"
    assert not ContactCourse.objects.filter(client=client).exists()  # nothing half-written


def test_R47_anonymity_only_on_the_tracks_the_law_allows(had):
    anonymous = citizens.register_anonymous(had.treater, had.municipality, today=TODAY)
    with pytest.raises(ServiceError) as info:
        contact(had, anonymous, track="SUL-142")
    assert info.value.code == "anonymity"
    assert contact(had, anonymous, track="SUL-141").contact_course.legal_track == "SUL-141"


# --- assessment, visitation and decisions (R7, R11–R16) -------------------------------------


def test_a_secretary_cannot_read_an_assessment(had):
    client = citizen(had)
    course = contact(had, client).contact_course
    courses.record_assessment(
        had.treater,
        course,
        phase="intake",
        assessed_on=AT.date(),
        text="Helhedsorienteret afdækning",
        today=TODAY,
    )
    with pytest.raises(AccessDenied):
        courses.view_assessments(had.secretary, course, purpose="curious")
    items = courses.view_assessments(had.treater, course, purpose="treatment")
    assert len(items) == 1 and ReadLogEntry.objects.filter(record_type="assessments").count() == 1


def grant(town, course, service_id="move", *, actor=None, legal_basis="SEL-101", **extra):
    application = courses.apply_for_service(
        town.treater, course, service_id=service_id, applied_on=AT.date(), today=TODAY
    )
    return courses.decide(
        actor or town.centre_leader,
        application,
        outcome="grant",
        legal_basis=legal_basis,
        reasons="Borgeren ønsker behandling og er i målgruppen.",
        decided_on=AT.date() + dt.timedelta(days=3),
        today=TODAY,
        **extra,
    )


def test_a_treater_cannot_decide_and_at_haderslev_the_leader_has_the_final_say(had):
    client = citizen(had, birth=dt.date(2000, 1, 5))
    course = contact(had, client).contact_course
    application = courses.apply_for_service(
        had.treater, course, service_id="move", applied_on=AT.date(), today=TODAY
    )
    for user in (had.treater, had.visitation_caseworker):
        with pytest.raises(AccessDenied):
            courses.decide(
                user,
                application,
                outcome="grant",
                legal_basis="SEL-101",
                reasons="x",
                decided_on=AT.date(),
                today=TODAY,
            )
    decision = courses.decide(
        had.centre_leader,
        application,
        outcome="grant",
        legal_basis="SEL-101",
        reasons="I målgruppen.",
        decided_on=AT.date(),
        today=TODAY,
    )
    assert decision.complaint_guidance and decision.complaint_guidance[0]["next_instance"]


def test_R14_a_grant_outside_the_service_eligibility_is_refused_with_the_reason(had):
    client = citizen(had, birth=dt.date(1970, 1, 5))  # 56: MOVE is for 18–30
    course = contact(had, client).contact_course
    with pytest.raises(ServiceError) as info:
        grant(had, course, "move")
    assert info.value.code == "not_eligible" and "30" in info.value.message_da


def test_R12_a_decision_needs_reasons(had):
    client = citizen(had, birth=dt.date(2000, 1, 5))
    course = contact(had, client).contact_course
    application = courses.apply_for_service(
        had.treater, course, service_id="move", applied_on=AT.date(), today=TODAY
    )
    with pytest.raises(ServiceError) as info:
        courses.decide(
            had.centre_leader,
            application,
            outcome="grant",
            legal_basis="SEL-101",
            reasons=" ",
            decided_on=AT.date(),
            today=TODAY,
        )
    assert info.value.field == "reasons"


def test_R12_no_complaint_guidance_and_no_complaint_for_101a(ods):
    anonymous = citizens.register_anonymous(
        ods.treater, ods.municipality, birth_year=1995, today=TODAY
    )
    course = contact(ods, anonymous, track="SEL-101a").contact_course
    decision = grant(
        ods,
        course,
        "anonym-gruppebehandling",
        actor=ods.visitation_caseworker,
        legal_basis="SEL-101a",
        other_social_problems=False,
    )
    assert decision.complaint_guidance == []
    with pytest.raises(ServiceError) as info:
        complaints.register_complaint(
            ods.treater,
            anonymous,
            kind="social_decision",
            received_on=TODAY,
            form="oral",
            text="Uenig",
            decision=decision,
            today=TODAY,
        )
    assert info.value.code == "not_appealable" and "stk. 6" in info.value.message_da


# --- the course to discharge and follow-up --------------------------------------------------


def test_the_whole_course_writes_an_audit_entry_for_every_change(had):
    client = citizen(had, birth=dt.date(2000, 1, 5))
    course = contact(had, client).contact_course
    decision = grant(had, course)
    courses.mark_decision_sent(
        had.centre_leader, decision, sent_on=decision.decided_on, today=TODAY
    )
    treatment = courses.start_treatment(
        had.treater,
        course,
        team=had.team,
        start_on=AT.date() + dt.timedelta(days=7),
        treater=had.treater,
        decision=decision,
        today=TODAY,
    )
    plan = courses.save_plan(
        had.treater,
        treatment,
        substance_goal="stop",
        goals=[{"text": "Stop med hash", "horizon": "short"}],
        methods="MOVE",
        responsible=[{"actor": "behandler", "task": "samtaler"}],
        made_on=treatment.start_on,
        signed_on=treatment.start_on,
        today=TODAY,
    )
    courses.review_plan(
        had.treater, treatment, on=treatment.start_on + dt.timedelta(days=30), today=TODAY
    )
    courses.discharge(
        had.treater,
        treatment,
        on=treatment.start_on + dt.timedelta(days=60),
        status="completed",
        outcome="abstinent",
        today=TODAY,
    )
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    for action in (
        "client.registered",
        "contact.recorded",
        "application.made",
        "decision.made",
        "decision.sent",
        "treatment.started",
        "plan.saved",
        "plan.reviewed",
        "treatment.discharged",
    ):
        assert action in actions
    assert plan.version == 1
    follow_ups = CourseDeadline.objects.filter(contact_course=course, kind="follow_up")
    assert sorted(d.subject for d in follow_ups) and follow_ups.count() >= 2


def test_a_treater_of_another_team_cannot_work_on_the_course(had):
    client = citizen(had, birth=dt.date(2000, 1, 5))
    course = contact(had, client).contact_course
    grant_for(had, course, on=AT.date(), today=TODAY)
    treatment = courses.start_treatment(
        had.visitation_caseworker, course, team=had.team, start_on=AT.date(), today=TODAY
    )
    outsider = had.user("treater", team=had.other_team)
    with pytest.raises(AccessDenied):
        courses.save_plan(
            outsider,
            treatment,
            substance_goal="stop",
            goals=[{"text": "x"}],
            methods="",
            responsible=[],
            made_on=AT.date(),
            today=TODAY,
        )


def test_R47_medication_ends_anonymity_of_an_alcohol_client(ods):
    anonymous = citizens.register_anonymous(ods.treater, ods.municipality, today=TODAY)
    course = contact(ods, anonymous, track="SUL-141").contact_course
    treatment = courses.start_treatment(
        ods.visitation_caseworker, course, team=ods.team, start_on=AT.date(), today=TODAY
    )
    with pytest.raises(ServiceError) as info:
        courses.record_medical(
            ods.doctor, treatment, kind="antabuse", on=AT.date(), details={}, today=TODAY
        )
    assert info.value.code == "anonymity"
    with pytest.raises(AccessDenied):
        courses.view_medical(ods.secretary, treatment, purpose="curious")


def test_linking_an_anonymous_client_keeps_history_and_counts_one_course(ods):
    anonymous = citizens.register_anonymous(ods.treater, ods.municipality, today=TODAY)
    contact(ods, anonymous, track="SUL-141")
    person = citizen(ods)
    contact(ods, person, track="SUL-141", at=AT + dt.timedelta(days=2))
    with pytest.raises(ServiceError):
        citizens.link_anonymous(
            ods.visitation_caseworker, anonymous, person, consent=False, today=TODAY
        )
    citizens.link_anonymous(ods.visitation_caseworker, anonymous, person, consent=True, today=TODAY)
    open_courses = ContactCourse.objects.filter(client=person, closed_on__isnull=True)
    assert open_courses.count() == 1
    assert open_courses.get().contacts.count() == 2
    assert not ContactCourse.objects.filter(client=anonymous).exists()


def test_providers_and_free_choice(had):
    with pytest.raises(AccessDenied):
        providers.register_provider(
            had.treater,
            had.municipality,
            name="X",
            cvr="12345678",
            approved_for=["SEL-101"],
            settings_offered=["ambulant"],
            public=False,
            on_tilbudsportalen=True,
        )
    provider = providers.register_provider(
        had.centre_leader,
        had.municipality,
        name="Privat Behandling ApS",
        cvr="12345678",
        approved_for=["SEL-101"],
        settings_offered=["day"],
        public=False,
        on_tilbudsportalen=True,
    )
    client = citizen(had, birth=dt.date(2000, 1, 5))
    course = contact(had, client).contact_course
    decision = grant(had, course, "move")
    with pytest.raises(
        ServiceError
    ) as info:  # MOVE is ambulant; the provider offers day treatment only
        courses.choose_provider(had.treater, course, decision, provider, on=AT.date(), today=TODAY)
    assert "samme behandlingsform" in info.value.message_da


def test_R39_complaint_is_reassessed_and_forwarded_to_the_body_of_today(had):
    client = citizen(had, birth=dt.date(2000, 1, 5))
    course = contact(had, client).contact_course
    decision = grant(had, course)
    courses.mark_decision_sent(
        had.centre_leader, decision, sent_on=decision.decided_on, today=TODAY
    )
    complaint = complaints.register_complaint(
        had.secretary,
        client,
        kind="social_decision",
        form="written",
        received_on=decision.decided_on + dt.timedelta(days=7),
        text="Uenig",
        decision=decision,
        today=TODAY,
    )
    assert CourseDeadline.objects.filter(
        contact_course=course, kind="complaint_reassessment"
    ).exists()
    with pytest.raises(AccessDenied):
        complaints.reassess(
            had.treater, complaint, on=TODAY, keep_decision=True, outcome="Fastholdt", today=TODAY
        )
    with pytest.raises(ServiceError):
        complaints.forward(
            had.visitation_caseworker, complaint, on=TODAY, citizen_informed_on=TODAY, today=TODAY
        )
    complaints.reassess(
        had.visitation_caseworker,
        complaint,
        on=TODAY,
        keep_decision=True,
        outcome="Fastholdt",
        today=TODAY,
    )
    complaints.forward(
        had.visitation_caseworker, complaint, on=TODAY, citizen_informed_on=TODAY, today=TODAY
    )
    complaint.refresh_from_db()
    assert complaint.forwarded_to == "Ankestyrelsen" and complaint.citizen_informed_on == TODAY
    assert AuditEntry.objects.filter(action__startswith="complaint.").count() == 3
    with pytest.raises(ServiceError):
        complaints.register_complaint(
            had.secretary,
            client,
            kind="social_decision",
            form="oral",
            text="x",
            received_on=TODAY,
            representative="Advokat",
            today=TODAY,
        )
