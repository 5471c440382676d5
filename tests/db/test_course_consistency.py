"""Issue 12 § 5: the course stays consistent — follow-ups as the follow-up they are (R37),
discharge asks about what lies ahead (R36), the citizen's master data (R34), the doctor's
consultation before treatment (SUL § 142), the plan's signature and copy (R24)."""

import datetime as dt

import pytest

from tests.db.factories import Town, grant_for
from tests.db.test_course_services import AT, TODAY, citizen, contact
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.audit.models import AuditEntry
from vendepunkt.courses import services as courses
from vendepunkt.courses.models import Appointment, CourseDeadline, FollowUp, ResidentialStay

pytestmark = pytest.mark.django_db

LATER = TODAY + dt.timedelta(days=400)


@pytest.fixture
def had():
    return Town("haderslev")


@pytest.fixture
def treatment(had):
    course = contact(had, citizen(had)).contact_course
    grant_for(had, course, on=AT.date(), today=TODAY)
    return courses.start_treatment(
        had.visitation_caseworker,
        course,
        team=had.team,
        start_on=AT.date(),
        treater=had.treater,
        today=TODAY,
    )


def _discharged(had, treatment, end):
    courses.discharge(
        had.treater, treatment, on=end, status="completed", outcome="reduced", today=LATER
    )


def _follow_ups(treatment):
    return dict(
        CourseDeadline.objects.filter(
            contact_course=treatment.contact_course, kind="follow_up"
        ).values_list("subject", "status")
    )


def _follow_up(had, treatment, subject, on, reached=False, result=""):
    return courses.record_follow_up(
        had.treater,
        treatment,
        subject=subject,
        on=on,
        reached=reached,
        result=result,
        today=LATER,
    )


# --- R37: a follow-up is the follow-up it is ----------------------------------------------


def test_R37_six_months_not_reached_does_not_close_the_one_month_follow_up(had, treatment):
    # issue 12: "6 months, not reached" closed the 1-month follow-up as met
    end = AT.date() + dt.timedelta(days=1)
    _discharged(had, treatment, end)
    _follow_up(had, treatment, "follow_up:6m", end + dt.timedelta(days=200))
    # stored open (a breach is decided on read): not met by the 6-month attempt
    assert _follow_ups(treatment) == {"follow_up:1m": "open", "follow_up:6m": "open"}


def test_R37_not_reached_is_an_attempt_three_close_the_follow_up(had, treatment):
    end = AT.date() + dt.timedelta(days=1)
    _discharged(had, treatment, end)
    for days in (5, 10):
        _follow_up(had, treatment, "follow_up:1m", end + dt.timedelta(days=days))
    assert _follow_ups(treatment)["follow_up:1m"] == "open"
    _follow_up(had, treatment, "follow_up:1m", end + dt.timedelta(days=15))
    assert _follow_ups(treatment)["follow_up:1m"] == "met"
    with pytest.raises(ServiceError) as closed:
        _follow_up(had, treatment, "follow_up:1m", end + dt.timedelta(days=16))
    assert closed.value.code == "follow_up_closed"
    assert FollowUp.objects.filter(treatment=treatment).count() == 3


def test_R37_a_follow_up_cannot_be_recorded_before_its_window_opens(had, treatment):
    end = AT.date() + dt.timedelta(days=1)
    _discharged(had, treatment, end)
    with pytest.raises(ServiceError) as early:
        _follow_up(had, treatment, "follow_up:6m", end + dt.timedelta(days=10), True, "Godt")
    assert early.value.code == "follow_up_not_open" and early.value.field == "on"
    with pytest.raises(ServiceError) as unknown:
        _follow_up(had, treatment, "follow_up:2m", end + dt.timedelta(days=40), True, "Godt")
    assert unknown.value.code == "follow_up_unknown"
    assert not FollowUp.objects.filter(treatment=treatment).exists()


def test_R37_the_six_month_follow_up_is_not_recorded_seven_weeks_after_discharge(had, treatment):
    """HAD "opfølgning efter 1 og 6 måneder": the 6-month follow-up is recorded around its own
    due day (from 14 days before it, law floor), not 7 weeks after discharge (D77)."""
    end = AT.date() + dt.timedelta(days=1)
    _discharged(had, treatment, end)
    with pytest.raises(ServiceError) as early:
        _follow_up(had, treatment, "follow_up:6m", end + dt.timedelta(weeks=7), True, "Godt")
    assert early.value.code == "follow_up_not_open" and early.value.field == "on"
    assert not FollowUp.objects.filter(treatment=treatment).exists()
    due = dt.date(end.year + (end.month + 6 - 1) // 12, (end.month + 6 - 1) % 12 + 1, end.day)
    _follow_up(had, treatment, "follow_up:6m", due - dt.timedelta(days=14), True, "Godt")
    assert _follow_ups(treatment)["follow_up:6m"] == "met"


# --- R36: discharge says what happens to what lies ahead and asks --------------------------


def test_R36_discharge_with_future_appointments_asks_and_cancels_on_consent(had, treatment):
    end = AT.date() + dt.timedelta(days=3)
    ahead = courses.record_appointment(
        had.treater, treatment, at=AT + dt.timedelta(days=10), kind="individual", today=AT.date()
    )
    with pytest.raises(ServiceError) as asked:
        courses.discharge(
            had.treater, treatment, on=end, status="completed", outcome="reduced", today=LATER
        )
    assert asked.value.code == "discharge_needs_choice"
    assert asked.value.field == "cancel_future_appointments"
    treatment.refresh_from_db()
    assert treatment.discharged_on is None
    courses.discharge(
        had.treater,
        treatment,
        on=end,
        status="completed",
        outcome="reduced",
        today=LATER,
        cancel_future_appointments=True,
    )
    ahead.refresh_from_db()
    assert ahead.status == "cancelled"
    assert AuditEntry.objects.filter(action="appointment.cancelled_on_discharge").exists()


def test_R36_discharge_during_a_residential_stay_asks_and_ends_it_on_the_day(had, treatment):
    from vendepunkt.providers import services as providers

    provider = providers.register_provider(
        had.centre_leader,
        had.municipality,
        name="Døgn ApS",
        cvr="55667788",
        approved_for=["SEL-101"],
        settings_offered=["residential"],
        public=False,
        on_tilbudsportalen=True,
    )
    residential = grant_for(
        had, treatment.contact_course, on=AT.date(), setting="residential", today=TODAY
    )
    stay = courses.record_stay(
        had.treater,
        treatment,
        provider=provider,
        start_on=AT.date(),
        end_on=AT.date() + dt.timedelta(days=27),  # within the service's 4 weeks
        service_id=residential.application.service_id,
        today=AT.date(),
    )
    end = AT.date() + dt.timedelta(days=20)
    with pytest.raises(ServiceError) as asked:
        courses.discharge(
            had.treater, treatment, on=end, status="completed", outcome="reduced", today=LATER
        )
    assert asked.value.field == "end_stays"
    courses.discharge(
        had.treater,
        treatment,
        on=end,
        status="completed",
        outcome="reduced",
        today=LATER,
        end_stays=True,
    )
    assert ResidentialStay.objects.get(pk=stay.pk).end_on == end
    assert AuditEntry.objects.filter(action="stay.ended_on_discharge").exists()
    assert Appointment.objects.filter(treatment=treatment).count() == 0


# --- the citizen's master data and the notification check (Barnets Lov § 133) --------------


def test_master_data_is_corrected_and_audited_without_the_name_in_the_audit(had):
    from vendepunkt.citizens import services as citizens

    client = citizen(had)
    citizens.correct_client(
        had.treater,
        client,
        name="Testa Rettesen",
        address="Prøvevej 1, 6100 Haderslev",
        home_municipality="Aabenraa",
        today=TODAY,
    )
    client.refresh_from_db()
    assert (client.name, client.address, client.home_municipality) == (
        "Testa Rettesen",
        "Prøvevej 1, 6100 Haderslev",
        "Aabenraa",
    )
    entry = AuditEntry.objects.filter(action="client.corrected").latest("pk")
    assert entry.after["corrected"] == ["address", "home_municipality", "name"]
    assert "Rettesen" not in str(entry.before) + str(entry.after)
    with pytest.raises(ServiceError) as empty:
        citizens.correct_client(had.treater, client, name=" ", today=TODAY)
    assert empty.value.field == "name"


def test_R34_recording_pregnancy_raises_the_notification_check_on_the_worklist(had):
    from vendepunkt.citizens import services as citizens

    client = citizen(had)
    course = contact(had, client).contact_course
    assert not CourseDeadline.objects.filter(contact_course=course, kind="notification_check")
    citizens.correct_client(had.treater, client, pregnant=True, today=TODAY)
    check = CourseDeadline.objects.get(contact_course=course, kind="notification_check")
    assert (check.status, check.citation, check.trigger) == (
        "open",
        "Barnets Lov § 133 stk. 1",
        TODAY,
    )
    assert "Barnets Lov § 133" in check.reason_da
    citizens.record_notification_check(had.treater, client, on=TODAY, today=TODAY)
    check.refresh_from_db()
    assert (check.status, check.closed_on) == ("met", TODAY)


def test_R34_recording_children_under_18_raises_the_notification_check(had):
    from vendepunkt.citizens import services as citizens

    client = citizen(had)
    course = contact(had, client).contact_course
    citizens.correct_client(had.treater, client, children_under_18=2, today=TODAY)
    assert CourseDeadline.objects.get(contact_course=course, kind="notification_check").status == (
        "open"
    )


def test_R34_the_notification_check_is_due_the_day_it_is_raised_and_sorts_among_the_deadlines(
    had,
):
    """Barnets Lov § 133 stk. 1 sets no period: the duty applies as soon as the professional
    learns that the citizen is pregnant or has children under 18 (ODS "Særlig opmærksomhed på
    hjemmeboende børn"). The check is due that day (law floor `notification_check`, D78), is
    breached the day after if not done, and sorts by its due date with the course's other
    deadlines instead of last."""
    from vendepunkt.citizens import services as citizens
    from vendepunkt.rules.law import law_floor

    assert law_floor().notification_check.within_days == 0
    client = citizen(had)
    course = contact(had, client).contact_course
    raised = TODAY - dt.timedelta(days=3)
    citizens.correct_client(had.treater, client, children_under_18=1, today=raised)
    check = CourseDeadline.objects.get(contact_course=course, kind="notification_check")
    assert check.due == raised
    later = CourseDeadline.objects.filter(contact_course=course, due__gt=raised).exclude(
        kind="notification_check"
    )
    ordered = list(CourseDeadline.objects.filter(contact_course=course).order_by("due", "id"))
    # sorted by its due date, before the deadlines due later (it sorted last without one)
    assert all(ordered.index(check) < ordered.index(d) for d in later)
    from vendepunkt.courses.deadlines import effective_status

    assert effective_status(check, TODAY) == "breached"


# --- R24: the plan's signature and copy, as the standard asks ------------------------------


def test_R24_herning_asks_for_signature_and_copy_and_the_plan_records_how():
    from vendepunkt.courses.models import PlanVersion
    from vendepunkt.rules.plan_paperwork import plan_paperwork

    town = Town("herning")
    herning = town.municipality.standard().plan
    assert herning.signed_by_citizen and herning.copy_to_citizen  # HER: underskrives, kopi
    assert [m.what for m in plan_paperwork(herning, signed_on=None, copy_given_on=None)] == [
        "signature",
        "copy",
    ]
    course = contact(town, citizen(town)).contact_course
    grant_for(town, course, on=AT.date(), today=TODAY)
    treatment = courses.start_treatment(
        town.visitation_caseworker,
        course,
        team=town.team,
        start_on=AT.date(),
        treater=town.treater,
        today=TODAY,
    )
    plan = dict(
        substance_goal="reduce",
        goals=[{"text": "Mindre", "horizon": "short"}],
        methods="",
        responsible=[],
        made_on=AT.date(),
        today=TODAY,
    )
    with pytest.raises(ServiceError) as no_how:
        courses.save_plan(town.treater, treatment, copy_given_on=AT.date(), **plan)
    assert no_how.value.field == "copy_how"
    assert not PlanVersion.objects.exists()
    saved = courses.save_plan(
        town.treater,
        treatment,
        signed_on=AT.date(),
        signed_how="in_person",
        copy_given_on=AT.date(),
        copy_how="digital_post",
        **plan,
    )
    assert (saved.signed_how, saved.copy_how) == ("in_person", "digital_post")
    assert (
        plan_paperwork(herning, signed_on=saved.signed_on, copy_given_on=saved.copy_given_on) == ()
    )
    # Haderslev's standard says nothing of either: nothing is missing
    had = Town("haderslev").municipality.standard().plan
    assert plan_paperwork(had, signed_on=None, copy_given_on=None) == ()


# --- SUL § 142: the doctor's consultation before treatment ---------------------------------


def test_SUL_142_the_consultation_is_booked_before_treatment_and_only_a_doctor_records_it(had):
    from vendepunkt.courses.models import DoctorConsultation

    course = contact(had, citizen(had)).contact_course
    booked = courses.book_doctor_consultation(
        had.treater, course, at=AT + dt.timedelta(days=1), today=TODAY
    )
    assert booked.status == "planned" and not hasattr(course, "treatment_id")
    with pytest.raises(ServiceError) as nurse:
        courses.record_doctor_consultation(had.nurse, booked, status="attended", today=TODAY)
    assert nurse.value.code == "doctor_only"
    future = courses.book_doctor_consultation(
        had.treater, course, at=dt.datetime(2027, 1, 5, 10, tzinfo=dt.UTC), today=TODAY
    )
    with pytest.raises(ServiceError):
        courses.record_doctor_consultation(had.doctor, future, status="no_show", today=TODAY)
    courses.record_doctor_consultation(had.doctor, booked, status="attended", today=TODAY)
    assert DoctorConsultation.objects.get(pk=booked.pk).held_by == had.doctor
    deadline = CourseDeadline.objects.get(contact_course=course, kind="doctor_consultation")
    assert deadline.closed_on == (AT + dt.timedelta(days=1)).date()


# --- R8: the outreach target-group assessment is stored on the course ----------------------


def test_R8_the_outreach_target_group_assessment_is_stored_on_the_course(outreach_town):
    from vendepunkt.courses.models import OutreachAssessment

    town = outreach_town
    course = contact(town, citizen(town)).contact_course
    # the seed: a score of at least 0.5 in at least three of health, economy, crime, family
    answers = {"M6": 30, "M7": 4, "M8": 4}  # medical composite 1.0 only
    assessment = courses.record_assessment(
        town.treater,
        course,
        phase="intake",
        assessed_on=AT.date(),
        text="ASI",
        answers=answers,
        today=TODAY,
    )
    stored = courses.record_outreach_assessment(
        town.treater,
        assessment,
        criteria={"intense-mixed-use": True},
        assessed_on=AT.date(),
        today=TODAY,
    )
    assert OutreachAssessment.objects.get(contact_course=course).pk == stored.pk
    assert not stored.eligible and stored.areas_met == ["health"]
    assert "sel-101-target-group" in stored.criteria_unmet
    assert AuditEntry.objects.filter(action="outreach.assessed").exists()


def test_R8_the_outreach_assessment_is_refused_where_the_standard_does_not_enable_it(had):
    course = contact(had, citizen(had)).contact_course
    assessment = courses.record_assessment(
        had.treater, course, phase="intake", assessed_on=AT.date(), text="ASI", today=TODAY
    )
    with pytest.raises(ServiceError) as info:
        courses.record_outreach_assessment(
            had.treater, assessment, criteria={}, assessed_on=AT.date(), today=TODAY
        )
    assert info.value.code == "not_enabled"
