"""The details of a treatment course: counselling limits, waivers, treater and phase changes,
services, attendance and gift vouchers, residential stays and status meetings, events, reviews
and follow-ups (run on SQLite and PostgreSQL)."""

import datetime as dt

import pytest

from tests.db.factories import Town, grant_for
from tests.db.test_course_services import AT, TODAY, citizen, contact, grant
from vendepunkt.accounts.access import AccessDenied
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.audit.models import AuditEntry
from vendepunkt.citizens import services as citizens
from vendepunkt.courses import services as courses
from vendepunkt.courses.models import CourseDeadline, StatusChange
from vendepunkt.providers import services as providers

pytestmark = pytest.mark.django_db


@pytest.fixture
def ods():
    return Town("odsherred")


@pytest.fixture
def treatment(ods):
    course = contact(ods, citizen(ods)).contact_course
    grant_for(ods, course, on=AT.date(), today=TODAY)
    return courses.start_treatment(
        ods.visitation_caseworker,
        course,
        team=ods.team,
        start_on=AT.date(),
        treater=ods.treater,
        today=TODAY,
    )


def test_R2_anonymous_counselling_has_at_most_five_talks(ods):
    anonymous = citizens.register_anonymous(ods.treater, ods.municipality, today=TODAY)
    course = contact(ods, anonymous, track="counselling", wish=False).contact_course
    for n in range(5):
        courses.record_counselling(
            ods.treater,
            course,
            kind="anonymous",
            held_on=AT.date() + dt.timedelta(days=n),
            today=TODAY,
        )
    with pytest.raises(ServiceError):
        courses.record_counselling(
            ods.treater, course, kind="anonymous", held_on=AT.date(), today=TODAY
        )
    assert not CourseDeadline.objects.filter(
        contact_course=course, kind="treatment_guarantee"
    ).exists()


def test_R18_a_waiver_needs_an_accepted_kind_and_a_reason(ods):
    course = contact(ods, citizen(ods)).contact_course
    with pytest.raises(ServiceError):  # Odsherred accepts only free choice
        courses.record_waiver(
            ods.visitation_caseworker,
            course,
            kind="no_show",
            reason="Udeblev",
            on=AT.date(),
            today=TODAY,
        )
    with pytest.raises(ServiceError):
        courses.record_waiver(
            ods.visitation_caseworker,
            course,
            kind="free_choice",
            reason=" ",
            on=AT.date(),
            today=TODAY,
        )
    with pytest.raises(AccessDenied):
        courses.record_waiver(
            ods.treater,
            course,
            kind="free_choice",
            reason="Valgt andet sted",
            on=AT.date(),
            today=TODAY,
        )
    courses.record_waiver(
        ods.visitation_caseworker,
        course,
        kind="free_choice",
        reason="Valgt andet sted",
        on=AT.date(),
        today=TODAY,
    )
    guarantee = CourseDeadline.objects.get(contact_course=course, kind="treatment_guarantee")
    assert guarantee.status == "waived"


def test_R18_hjoerring_accepts_its_own_exceptions():
    town = Town("hjoerring")
    course = contact(town, citizen(town)).contact_course
    courses.record_waiver(
        town.visitation_caseworker,
        course,
        kind="no_show",
        reason="Udeblev to gange",
        on=AT.date(),
        today=TODAY,
    )
    assert (
        CourseDeadline.objects.get(contact_course=course, kind="treatment_guarantee").status
        == "waived"
    )


def test_R28_change_of_treater_and_R26_phases_are_in_the_history(ods, treatment):
    other = ods.user("treater")
    with pytest.raises(AccessDenied):
        courses.assign_treater(ods.treater, treatment, treater=other, on=AT.date(), today=TODAY)
    courses.assign_treater(
        ods.visitation_caseworker, treatment, treater=other, on=AT.date(), today=TODAY
    )
    courses.change_phase(ods.treater, treatment, phase="aftercare", on=AT.date(), today=TODAY)
    statuses = list(
        StatusChange.objects.filter(treatment=treatment).values_list("status", flat=True)
    )
    assert statuses == ["started", "treater_changed", "phase:aftercare"]
    with pytest.raises(ServiceError):
        courses.assign_treater(
            ods.visitation_caseworker, treatment, treater=ods.secretary, on=AT.date(), today=TODAY
        )


def test_R27_attendance_and_R16_gift_vouchers(ods, treatment):
    # Odsherred gives gift vouchers in MOVE (issue 12 § 4: only where the standard offers them);
    # adding MOVE needs a decision that grants it (§ 3)
    grant_for(ods, treatment.contact_course, on=AT.date(), service_id="move", today=TODAY)
    courses.change_services(ods.treater, treatment, add=["move"], on=AT.date(), today=TODAY)
    appointment = courses.record_appointment(
        ods.secretary, treatment, at=AT, kind="individual", today=TODAY
    )
    with pytest.raises(ServiceError):
        courses.set_attendance(
            ods.treater, appointment, status="no_show", gift_voucher=True, today=TODAY
        )
    courses.set_attendance(
        ods.treater, appointment, status="attended", gift_voucher=True, today=TODAY
    )
    appointment.refresh_from_db()
    assert appointment.status == "attended" and appointment.gift_voucher
    assert AuditEntry.objects.filter(action="appointment.attendance").count() == 1


def test_R27_a_future_appointment_is_not_a_no_show(ods, treatment):
    """Attendance is recorded for what has happened: an appointment ahead can be cancelled, not
    marked attended or a no-show (refused with the way forward, nothing written)."""
    ahead = courses.record_appointment(
        ods.secretary,
        treatment,
        at=dt.datetime.combine(TODAY + dt.timedelta(days=3), dt.time(10), tzinfo=dt.UTC),
        kind="individual",
        today=TODAY,
    )
    before = AuditEntry.objects.count()
    for status in ("no_show", "attended"):
        with pytest.raises(ServiceError) as refused:
            courses.set_attendance(ods.treater, ahead, status=status, today=TODAY)
        assert "aflys den i stedet" in refused.value.message_da
        assert "cancel it instead" in refused.value.message_en
    ahead.refresh_from_db()
    assert ahead.status == "planned" and AuditEntry.objects.count() == before
    courses.set_attendance(ods.treater, ahead, status="cancelled", today=TODAY)
    ahead.refresh_from_db()
    assert ahead.status == "cancelled"


def test_an_appointment_is_of_a_kind_the_vocabulary_knows(ods, treatment):
    with pytest.raises(ServiceError) as refused:
        courses.record_appointment(ods.treater, treatment, at=AT, kind="samtale", today=TODAY)
    assert refused.value.field == "kind" and "individual" in refused.value.message_en
    assert not treatment.appointments.exists()


def test_R25_changed_services_make_a_plan_review_due(ods, treatment):
    courses.save_plan(
        ods.treater,
        treatment,
        substance_goal="reduce",
        goals=[{"text": "Mindre alkohol"}],
        methods="",
        responsible=[],
        made_on=AT.date(),
        agreed_until=AT.date() + dt.timedelta(days=90),
        today=TODAY,
    )
    with pytest.raises(ServiceError):
        courses.change_services(
            ods.treater, treatment, add=["findes-ikke"], on=AT.date(), today=TODAY
        )
    grant_for(ods, treatment.contact_course, on=AT.date(), service_id="nada", today=TODAY)
    courses.change_services(
        ods.treater, treatment, add=["nada"], on=AT.date() + dt.timedelta(days=5), today=TODAY
    )
    reviews = CourseDeadline.objects.filter(
        contact_course=treatment.contact_course, kind="plan_review"
    )
    assert reviews.exists()


def test_R32_residential_stay_with_status_meetings_and_no_self_payment_for_alcohol(ods, treatment):
    provider = providers.register_provider(
        ods.centre_leader,
        ods.municipality,
        name="Døgn ApS",
        cvr="11223344",
        approved_for=["SEL-101", "SUL-141"],
        settings_offered=["residential"],
        public=False,
        on_tilbudsportalen=True,
    )
    start = AT.date() + dt.timedelta(days=10)
    grant_for(
        ods,
        treatment.contact_course,
        on=start,
        setting="residential",
        until=start + dt.timedelta(days=60),
        today=TODAY,
    )
    stay = courses.record_stay(
        ods.visitation_caseworker,
        treatment,
        provider=provider,
        start_on=start,
        end_on=start + dt.timedelta(days=60),
        self_payment={"monthly_dkk": 2500},
        today=TODAY,
    )
    meetings = CourseDeadline.objects.filter(
        contact_course=treatment.contact_course, kind="residential_status_meeting"
    )
    assert meetings.count() == 3
    courses.record_status_meeting(
        ods.treater, stay, kind="before", held_on=start, written_report=False, today=TODAY
    )
    assert (
        CourseDeadline.objects.get(
            contact_course=treatment.contact_course,
            kind="residential_status_meeting",
            subject__endswith="before",
        ).closed_on
        == start
    )
    alcohol = contact(ods, citizen(ods, seed=5), track="SUL-141").contact_course
    alcohol_treatment = courses.start_treatment(
        ods.visitation_caseworker, alcohol, team=ods.team, start_on=AT.date(), today=TODAY
    )
    with pytest.raises(ServiceError):
        courses.record_stay(
            ods.visitation_caseworker,
            alcohol_treatment,
            provider=provider,
            start_on=start,
            end_on=start + dt.timedelta(days=30),
            self_payment={"monthly_dkk": 2500},
            today=TODAY,
        )


def test_R31_R33_R34_course_events(ods, treatment):
    courses.record_course_event(
        ods.treater,
        treatment,
        kind="region_handover",
        on=AT.date(),
        details={"region": "Sjælland"},
        today=TODAY,
    )
    courses.record_course_event(
        ods.treater,
        treatment,
        kind="child_welfare_notification",
        on=AT.date(),
        details={"to": "Center for Børn, Unge og Familier"},
        today=TODAY,
    )
    with pytest.raises(ServiceError):  # the client is not pregnant
        courses.record_course_event(
            ods.treater, treatment, kind="pregnancy_contract", on=AT.date(), details={}, today=TODAY
        )


def test_R37_follow_ups_after_discharge_close_in_order(ods, treatment):
    with pytest.raises(ServiceError):
        courses.record_follow_up(
            ods.treater, treatment, subject="follow_up:1m", on=AT.date(), reached=False, today=TODAY
        )
    end = AT.date() + dt.timedelta(days=1)
    courses.discharge(
        ods.treater,
        treatment,
        on=end,
        status="completed",
        outcome="reduced",
        today=TODAY + dt.timedelta(days=400),
    )
    subjects = sorted(
        CourseDeadline.objects.filter(
            contact_course=treatment.contact_course, kind="follow_up"
        ).values_list("due", flat=True)
    )
    assert len(subjects) == 3  # Odsherred's 1 and 3 months, and the law's 6 months
    courses.record_follow_up(
        ods.treater,
        treatment,
        subject="follow_up:1m",
        on=end + dt.timedelta(days=30),
        reached=True,
        result="Borgeren er stoffri.",
        today=TODAY + dt.timedelta(days=400),
    )
    closed = CourseDeadline.objects.filter(
        contact_course=treatment.contact_course, kind="follow_up", closed_on__isnull=False
    )
    assert closed.count() == 1


def test_free_choice_of_an_approved_provider_waives_the_guarantee():
    town = Town("haderslev")
    course = contact(town, citizen(town, birth=dt.date(2000, 1, 5))).contact_course
    decision = grant(town, course, "move")
    provider = providers.register_provider(
        town.centre_leader,
        town.municipality,
        name="Ambulant ApS",
        cvr="55667788",
        approved_for=["SEL-101"],
        settings_offered=["ambulant"],
        public=False,
        on_tilbudsportalen=True,
    )
    courses.choose_provider(town.treater, course, decision, provider, on=AT.date(), today=TODAY)
    assert (
        CourseDeadline.objects.get(
            contact_course=course, kind="treatment_guarantee", subject="course"
        ).status
        == "waived"
    )


# --- the end of a course (R36) and anonymity in decisions (R47) ---------------------------


def test_R36_nothing_is_recorded_in_a_course_after_its_discharge(ods, treatment):
    later = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
    planned = courses.record_appointment(
        ods.treater, treatment, at=later, kind="individual", today=TODAY
    )
    end = AT.date() + dt.timedelta(days=5)
    courses.discharge(
        ods.treater,
        treatment,
        on=end,
        status="completed",
        outcome="reduced",
        today=TODAY,
        cancel_future_appointments=True,
    )
    planned.refresh_from_db()
    assert planned.status == "cancelled"  # a planned appointment after the discharge is cancelled
    assert AuditEntry.objects.filter(action="appointment.cancelled_on_discharge").exists()
    after = end + dt.timedelta(days=1)
    refused = [
        lambda: courses.assign_treater(
            ods.visitation_caseworker, treatment, treater=ods.treater, on=after, today=TODAY
        ),
        lambda: courses.change_services(
            ods.treater, treatment, add=["move"], on=after, today=TODAY
        ),
        lambda: courses.change_phase(
            ods.treater, treatment, phase="aftercare", on=after, today=TODAY
        ),
        lambda: courses.record_appointment(
            ods.treater, treatment, at=later, kind="individual", today=TODAY
        ),
        lambda: courses.set_attendance(ods.treater, planned, status="attended", today=TODAY),
    ]
    changes = AuditEntry.objects.count()
    for action in refused:
        with pytest.raises(ServiceError) as info:
            action()
        assert info.value.code == "discharged" and "afsluttet" in info.value.message_da
        assert "ended on" in info.value.message_en
    assert AuditEntry.objects.count() == changes
    # a record of a day before the discharge may still be entered late
    courses.change_phase(ods.treater, treatment, phase="aftercare", on=end, today=TODAY)


def test_R36_a_discharged_course_leaves_no_task_behind_but_its_follow_ups(ods, treatment):
    from vendepunkt.courses.deadlines import worklist

    courses.discharge(
        ods.treater,
        treatment,
        on=AT.date() + dt.timedelta(days=2),
        status="completed",
        outcome="reduced",
        today=TODAY,
    )
    rows = CourseDeadline.objects.filter(contact_course=treatment.contact_course)
    open_kinds = set(rows.filter(status="open").values_list("kind", flat=True))
    # the citizen's complaint period of the grant runs on after the discharge (issue 12 § 3)
    assert {k for k in open_kinds if not k.startswith("complaint")} == {"follow_up"}
    # the doctor's consultation never held before the start is a breach closed on the start day
    doctor = rows.get(kind="doctor_consultation")
    assert (doctor.status, doctor.closed_on) == ("breached", treatment.start_on)
    listed = {d.kind for d in worklist(ods.centre_leader, scope="all", today=TODAY)}
    assert listed == {"follow_up"}


def test_R47_an_anonymous_client_gets_no_decision_on_SEL_101(ods):
    anonymous = citizens.register_anonymous(
        ods.treater, ods.municipality, birth_year=1995, today=TODAY
    )
    course = contact(ods, anonymous, track="SEL-101a").contact_course
    with pytest.raises(ServiceError) as info:
        grant(ods, course, "lav-intensiv", actor=ods.visitation_caseworker, legal_basis="SEL-101")
    assert info.value.code == "anonymity" and info.value.field == "legal_basis"
    assert "identificeret borger" in info.value.message_da
    assert not AuditEntry.objects.filter(action="decision.made").exists()


def test_R41_substitution_needs_product_and_prescriber(ods, treatment):
    def record(details):
        return courses.record_medical(
            ods.doctor,
            treatment,
            kind="substitution",
            on=AT.date() + dt.timedelta(days=1),
            details=details,
            today=TODAY,
        )

    with pytest.raises(ServiceError) as info:
        record({"pickup": "clinic"})
    assert info.value.field == "product" and "methadone" in info.value.message_en
    with pytest.raises(ServiceError) as info:
        record({"pickup": "clinic", "product": "methadone", "prescriber_authorisation": "12"})
    assert info.value.field == "prescriber_authorisation" and "fem" in info.value.message_da
    saved = record(
        {"pickup": "clinic", "product": "methadone", "prescriber_authorisation": "ab1c2"}
    )
    assert saved.details["prescriber_authorisation"] == "AB1C2"
