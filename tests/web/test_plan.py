"""The plan area: the treatment plan with its versions, reviews and deadlines; editing, signing,
reviewing and comparing; discharge and the follow-ups after it. Data through the services,
synthetic people only."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.db.factories import Town, cpr_for, grant_for
from tests.web.conftest import signed_in
from vendepunkt.audit.models import AuditEntry, ReadLogEntry
from vendepunkt.citizens import services as citizens
from vendepunkt.courses import services as courses
from vendepunkt.courses.models import CourseDeadline, Discharge, FollowUp, PlanReview, PlanVersion

pytestmark = pytest.mark.django_db

NAME = "Fiktiv Planperson"


def today() -> dt.date:
    return timezone.localdate()


def in_treatment(town, *, seed=1, name=NAME, days_ago=40, team=None):
    client = citizens.register_citizen(
        town.treater,
        town.municipality,
        cpr=cpr_for(dt.date(1980, 1, 2), seed=seed),
        name=name,
        today=today(),
    )
    at = timezone.now() - dt.timedelta(days=days_ago)
    contact = courses.record_contact(
        town.treater,
        client,
        at=at,
        channel="phone",
        made_by="self",
        legal_track="SEL-101",
        substances=["cannabis"],
        wish_for_treatment=True,
        today=today(),
    )
    grant_for(town, contact.contact_course, on=at.date(), today=today())
    return courses.start_treatment(
        town.visitation_caseworker,
        contact.contact_course,
        team=team or town.team,
        start_on=at.date(),
        treater=town.treater,
        today=today(),
    )


def save(town, treatment, *, goals=None, substance_goal="reduce", made=None, signed=None):
    return courses.save_plan(
        town.treater,
        treatment,
        substance_goal=substance_goal,
        goals=goals or [{"text": "Færre genstande om ugen", "horizon": "short"}],
        methods="Motiverende samtale",
        responsible=[{"actor": "Borgeren", "task": "Fører dagbog"}],
        made_on=made or treatment.start_on,
        signed_on=signed,
        today=today(),
    )


def discharged(
    town, *, seed=1, name=NAME, days_ago=300, discharge_days_ago=250, status="completed"
):
    treatment = in_treatment(town, seed=seed, name=name, days_ago=days_ago)
    save(town, treatment)
    courses.discharge(
        town.treater,
        treatment,
        on=today() - dt.timedelta(days=discharge_days_ago),
        status=status,
        outcome="reduced",
        today=today(),
    )
    return treatment


def english(user):
    client = signed_in(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def url(name, pk=None):
    paths = {
        "plan": "/behandling/{}/plan/",
        "plan-edit": "/behandling/{}/plan/rediger/",
        "plan-sign": "/behandling/{}/plan/underskrift/",
        "plan-review": "/behandling/{}/plan/gennemgang/",
        "plan-compare": "/behandling/{}/plan/sammenlign/",
        "discharge": "/behandling/{}/udskrivning/",
        "follow-up-record": "/behandling/{}/opfoelgning/",
    }
    return paths[name].format(pk) if pk is not None else "/opfoelgning/"


def test_urls_are_named_and_danish():
    from django.urls import reverse

    for name in ("plan", "plan-edit", "plan-sign", "plan-review", "plan-compare", "discharge"):
        assert reverse(name, args=[7]) == url(name, 7)
    assert reverse("follow-up-record", args=[7]) == url("follow-up-record", 7)
    assert reverse("follow-ups") == "/opfoelgning/"


# --- roles ------------------------------------------------------------------------------------

VIEWERS = {"treater", "visitation_caseworker", "centre_leader", "doctor", "nurse"}
EDITORS = {"treater", "visitation_caseworker", "centre_leader"}
PAGES = {
    "plan": VIEWERS,
    "plan-compare": VIEWERS,
    "discharge": VIEWERS,
    "plan-edit": EDITORS,
    "plan-review": EDITORS,
    "follow-up-record": EDITORS,
}
ROLES = (
    "treater",
    "visitation_caseworker",
    "centre_leader",
    "doctor",
    "nurse",
    "secretary",
    "auditor",
    "administrator",
)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_roles_on_the_course_pages(her, page):
    if page == "follow-up-record":
        treatment = discharged(her)
    else:
        treatment = in_treatment(her)
        save(her, treatment)
    for role in ROLES:
        response = signed_in(getattr(her, role)).get(url(page, treatment.pk))
        body = response.content.decode()
        if role in PAGES[page]:
            assert response.status_code == 200, (page, role)
            assert NAME in body
        else:
            assert response.status_code == 403, (page, role)
            assert NAME not in body
    outsider = her.user("treater", team=her.other_team)
    refused = signed_in(outsider).get(url(page, treatment.pk))
    assert refused.status_code == 403 and NAME not in refused.content.decode()
    other = Town("haderslev")
    for role in ("visitation_caseworker", "treater"):
        missing = signed_in(getattr(other, role)).get(url(page, treatment.pk))
        assert missing.status_code == 404 and NAME not in missing.content.decode()


@pytest.mark.parametrize("page", ["plan-edit", "plan-sign", "plan-review", "discharge"])
def test_posts_by_roles_without_the_right_are_refused_and_write_nothing(her, page):
    treatment = in_treatment(her)
    plan = save(her, treatment)
    before = AuditEntry.objects.count()
    data = {
        "plan-edit": {"substance_goal": "stop", "made_on": today().isoformat()},
        "plan-sign": {"signed_on": today().isoformat(), "expected_version": plan.version},
        "plan-review": {"on": today().isoformat()},
        "discharge": {"on": today().isoformat(), "status": "completed", "outcome": "reduced"},
    }[page]
    for user in (her.doctor, her.secretary, her.user("treater", team=her.other_team)):
        response = signed_in(user).post(url(page, treatment.pk), data)
        assert response.status_code == 403 and NAME not in response.content.decode()
    other = Town("odsherred")
    assert signed_in(other.centre_leader).post(url(page, treatment.pk), data).status_code == 404
    assert AuditEntry.objects.count() == before


def test_a_user_who_is_not_signed_in_is_sent_to_the_login(her):
    from django.test import Client

    treatment = in_treatment(her)
    response = Client().get(url("plan", treatment.pk))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


# --- the plan page ----------------------------------------------------------------------------


def test_the_plan_page_shows_the_current_version_versions_reviews_and_deadlines(her):
    treatment = in_treatment(her, days_ago=120)
    save(her, treatment, goals=[{"text": "Første mål", "horizon": "short"}])
    save(
        her,
        treatment,
        substance_goal="stop",
        goals=[
            {"text": "Ingen alkohol på hverdage", "horizon": "short"},
            {"text": "Tilbage i arbejde", "horizon": "long"},
        ],
        made=treatment.start_on + dt.timedelta(days=5),
    )
    courses.review_plan(
        her.treater,
        treatment,
        on=treatment.start_on + dt.timedelta(days=30),
        note="Planen holder",
        today=today(),
    )
    client = english(her.treater)
    response = client.get(url("plan", treatment.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Current plan (version 2)" in html and "Stop" in html
    assert "Ingen alkohol på hverdage" in html and "Tilbage i arbejde" in html
    assert 'id="plan-long-goals"' in html and "Første mål" not in html.split("plan-versions")[0]
    assert "Borgeren" in html and "Fører dagbog" in html and "Motiverende samtale" in html
    assert html.count('data-version="') == 2 and "Planen holder" in html
    assert 'id="plan-deadlines"' in html
    assert "SEL § 101 stk. 8" in html  # the plan at start, from the law
    assert "The plan is reviewed at least every 3 months" in html  # Herning's reviews
    assert "Not signed yet" in html and 'id="sign-form"' in html
    assert f'href="{url("plan-compare", treatment.pk)}?a=1&amp;b=2"' in html
    assert ReadLogEntry.objects.filter(
        client_id=treatment.contact_course.client_id, record_type="treatment_course"
    ).exists()


def test_a_course_without_a_plan_offers_to_make_one(her):
    treatment = in_treatment(her)
    html = english(her.treater).get(url("plan", treatment.pk)).content.decode()
    assert 'id="no-plan"' in html and "Make the plan" in html and 'id="sign-form"' not in html
    doctor = english(her.doctor).get(url("plan", treatment.pk)).content.decode()
    assert 'id="edit-plan"' not in doctor  # doctors read the plan but do not edit it


def test_the_plan_page_query_count_does_not_grow(her, django_assert_max_num_queries):
    treatment = in_treatment(her, days_ago=200)
    save(her, treatment)
    client = signed_in(her.treater)
    client.get(url("plan", treatment.pk))
    with django_assert_max_num_queries(30) as few:
        client.get(url("plan", treatment.pk))
    for n in range(1, 6):
        save(her, treatment, made=treatment.start_on + dt.timedelta(days=n))
        courses.review_plan(
            her.treater, treatment, on=treatment.start_on + dt.timedelta(days=20 * n), today=today()
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url("plan", treatment.pk)).status_code == 200


# --- editing the plan -------------------------------------------------------------------------


def plan_post(expected, **overrides):
    data = {
        "substance_goal": "reduce",
        "methods": "Kognitiv terapi",
        "agreed_until": "",
        "made_on": today().isoformat(),
        "signed_on": "",
        "expected_version": str(expected),
        "goals-TOTAL_FORMS": "3",
        "goals-INITIAL_FORMS": "0",
        "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "30",
        "goals-0-text": "Drikke højst to dage om ugen",
        "goals-0-horizon": "short",
        "goals-1-text": "",
        "goals-1-horizon": "short",
        "goals-2-text": "Beholde boligen",
        "goals-2-horizon": "long",
        "responsible-TOTAL_FORMS": "2",
        "responsible-INITIAL_FORMS": "0",
        "responsible-MIN_NUM_FORMS": "0",
        "responsible-MAX_NUM_FORMS": "30",
        "responsible-0-actor": "Behandleren",
        "responsible-0-task": "Ugentlige samtaler",
        "responsible-1-actor": "",
        "responsible-1-task": "",
    }
    data.update(overrides)
    return data


def test_the_edit_form_starts_from_the_current_version(her):
    treatment = in_treatment(her)
    save(her, treatment, goals=[{"text": "Mål fra version 1", "horizon": "long"}])
    html = english(her.treater).get(url("plan-edit", treatment.pk)).content.decode()
    assert 'value="Mål fra version 1"' in html
    assert 'name="expected_version" value="1"' in html
    assert 'name="goals-TOTAL_FORMS" value="5"' in html  # the goal plus four empty rows
    assert 'value="long" selected' in html and "Revise the treatment plan" in html


def test_saving_the_plan_makes_a_new_version_and_ignores_empty_rows(her):
    treatment = in_treatment(her)
    client = english(her.treater)
    response = client.post(
        url("plan-edit", treatment.pk), plan_post(0, signed_on=today().isoformat())
    )
    assert response.status_code == 302 and response["Location"] == url("plan", treatment.pk)
    plan = PlanVersion.objects.get(treatment=treatment)
    assert plan.version == 1 and plan.signed_on == today()
    assert plan.goals == [
        {"text": "Drikke højst to dage om ugen", "horizon": "short"},
        {"text": "Beholde boligen", "horizon": "long"},
    ]
    assert plan.responsible == [{"actor": "Behandleren", "task": "Ugentlige samtaler"}]
    assert AuditEntry.objects.filter(action="plan.saved", target_id=str(plan.pk)).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Version 1 of the plan is saved." in page
    second = client.post(url("plan-edit", treatment.pk), plan_post(1, substance_goal="stop"))
    assert second.status_code == 302
    assert PlanVersion.objects.filter(treatment=treatment).count() == 2


def test_a_plan_without_goals_is_refused_by_the_service_and_nothing_is_written(her):
    treatment = in_treatment(her)
    client = english(her.treater)
    before = (PlanVersion.objects.count(), AuditEntry.objects.count())
    response = client.post(
        url("plan-edit", treatment.pk),
        plan_post(0, **{"goals-0-text": "", "goals-2-text": "", "methods": "Mine egne noter"}),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="goals-error"' in html and "The plan needs at least one goal." in html
    assert "Mine egne noter" in html and "Ugentlige samtaler" in html
    assert (PlanVersion.objects.count(), AuditEntry.objects.count()) == before


def test_form_errors_are_shown_next_to_their_field(her):
    treatment = in_treatment(her)
    client = english(her.treater)
    response = client.post(
        url("plan-edit", treatment.pk),
        plan_post(
            0,
            substance_goal="",
            signed_on=(today() - dt.timedelta(days=3)).isoformat(),
            made_on=today().isoformat(),
            **{"responsible-1-task": "Uden ansvarlig"},
        ),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_substance_goal-error"' in html
    assert 'id="id_signed_on-error"' in html and "cannot be signed before it is made" in html
    assert 'id="id_responsible-1-actor-error"' in html and "Uden ansvarlig" in html
    assert not PlanVersion.objects.exists()


def test_a_stale_save_shows_the_conflict_and_keeps_the_users_text(her):
    treatment = in_treatment(her)
    save(her, treatment)
    mine = english(her.treater)
    save(her, treatment, substance_goal="stop")  # someone else saves version 2 meanwhile
    before = (PlanVersion.objects.count(), AuditEntry.objects.count())
    response = mine.post(
        url("plan-edit", treatment.pk), plan_post(1, methods="Min omhyggelige tekst")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="plan-conflict"' in html
    assert "The plan was changed by someone else meanwhile." in html
    assert "Min omhyggelige tekst" in html and "Drikke højst to dage om ugen" in html
    assert f'href="{url("plan-compare", treatment.pk)}?a=1&amp;b=2"' in html
    assert 'name="expected_version" value="2"' in html
    assert (PlanVersion.objects.count(), AuditEntry.objects.count()) == before
    again = mine.post(url("plan-edit", treatment.pk), plan_post(2, methods="Min omhyggelige tekst"))
    assert again.status_code == 302
    assert (
        PlanVersion.objects.get(treatment=treatment, version=3).methods == "Min omhyggelige tekst"
    )


def test_a_conflict_message_in_danish_by_default(her):
    treatment = in_treatment(her)
    save(her, treatment)
    save(her, treatment)
    response = signed_in(her.treater).post(url("plan-edit", treatment.pk), plan_post(1))
    assert response.status_code == 400
    assert "Planen er ændret af en anden i mellemtiden." in response.content.decode()


# --- signing ----------------------------------------------------------------------------------


def test_signing_saves_a_copy_of_the_current_version_with_the_date(her):
    treatment = in_treatment(her)
    first = save(her, treatment)
    client = english(her.treater)
    signed = today() - dt.timedelta(days=1)
    response = client.post(
        url("plan-sign", treatment.pk), {"signed_on": signed.isoformat(), "expected_version": "1"}
    )
    assert response.status_code == 302 and response["Location"] == url("plan", treatment.pk)
    copy = PlanVersion.objects.get(treatment=treatment, version=2)
    assert copy.signed_on == signed and copy.made_on == first.made_on
    assert (copy.goals, copy.methods, copy.responsible, copy.substance_goal) == (
        first.goals,
        first.methods,
        first.responsible,
        first.substance_goal,
    )
    assert AuditEntry.objects.filter(action="plan.saved", target_id=str(copy.pk)).exists()
    html = client.get(url("plan", treatment.pk)).content.decode()
    assert "The signature is recorded in version 2 of the plan." in html
    # Herning also asks for a copy to the citizen: the form stays for it, the signature is done
    assert "not been given a copy" in html and "not signed by the citizen" not in html


def test_signing_refusals_write_nothing(her):
    treatment = in_treatment(her)
    save(her, treatment)
    client = english(her.treater)
    before = (PlanVersion.objects.count(), AuditEntry.objects.count())
    future = client.post(
        url("plan-sign", treatment.pk),
        {"signed_on": (today() + dt.timedelta(days=2)).isoformat(), "expected_version": "1"},
    )
    assert future.status_code == 400
    assert 'id="id_signed_on-error"' in future.content.decode()
    save(her, treatment, signed=today())  # someone saves a signed version 2 meanwhile
    before = (PlanVersion.objects.count(), AuditEntry.objects.count())
    stale = client.post(
        url("plan-sign", treatment.pk), {"signed_on": today().isoformat(), "expected_version": "1"}
    )
    html = stale.content.decode()
    assert stale.status_code == 400 and "The current version is already signed." in html
    assert (PlanVersion.objects.count(), AuditEntry.objects.count()) == before


def test_a_stale_signature_shows_the_conflict(her):
    treatment = in_treatment(her)
    save(her, treatment)
    save(her, treatment)  # version 2, unsigned, saved by someone else
    client = english(her.treater)
    response = client.post(
        url("plan-sign", treatment.pk), {"signed_on": today().isoformat(), "expected_version": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "The plan was changed by someone else meanwhile." in html
    assert 'name="expected_version" value="2"' in html
    assert PlanVersion.objects.filter(treatment=treatment).count() == 2


# --- review -----------------------------------------------------------------------------------


def test_a_review_is_recorded_through_the_service(her):
    treatment = in_treatment(her)
    save(her, treatment)
    client = english(her.treater)
    page = client.get(url("plan-review", treatment.pk))
    assert page.status_code == 200 and 'id="review-form"' in page.content.decode()
    response = client.post(
        url("plan-review", treatment.pk), {"on": today().isoformat(), "note": "Godt på vej"}
    )
    assert response.status_code == 302 and response["Location"] == url("plan", treatment.pk)
    review = PlanReview.objects.get(treatment=treatment)
    assert review.note == "Godt på vej"
    assert AuditEntry.objects.filter(action="plan.reviewed", target_id=str(review.pk)).exists()


def test_review_refusals_keep_the_note_and_write_nothing(her):
    treatment = in_treatment(her)
    client = english(her.treater)
    before = AuditEntry.objects.count()
    no_plan = client.post(url("plan-review", treatment.pk), {"on": today().isoformat()})
    assert no_plan.status_code == 400 and "There is no plan to review." in no_plan.content.decode()
    save(her, treatment)
    before = AuditEntry.objects.count()
    future = client.post(
        url("plan-review", treatment.pk),
        {"on": (today() + dt.timedelta(days=1)).isoformat(), "note": "Min note"},
    )
    html = future.content.decode()
    assert future.status_code == 400 and 'id="id_on-error"' in html and "Min note" in html
    assert not PlanReview.objects.exists() and AuditEntry.objects.count() == before


# --- versions compared ------------------------------------------------------------------------


def test_two_versions_side_by_side_with_the_changes_marked(her):
    treatment = in_treatment(her)
    save(
        her,
        treatment,
        goals=[{"text": "Mål A", "horizon": "short"}, {"text": "Mål B", "horizon": "long"}],
    )
    save(
        her,
        treatment,
        substance_goal="stop",
        goals=[{"text": "Mål A", "horizon": "short"}, {"text": "Mål C", "horizon": "long"}],
    )
    client = english(her.visitation_caseworker)
    response = client.get(url("plan-compare", treatment.pk) + "?a=1&b=2")
    html = response.content.decode()
    assert response.status_code == 200 and 'id="plan-compare"' in html
    assert "<mark>Reduce</mark>" in html and "<mark>Stop</mark>" in html
    assert "Removed: </span>Long term: Mål B</del>" in html
    assert "Added: </span>Long term: Mål C</ins>" in html
    assert '<li class="item-same">Short term: Mål A</li>' in html
    assert html.count("tag-changed") == 2  # substance goal and goals; the rest is unchanged
    default = client.get(url("plan-compare", treatment.pk)).content.decode()
    assert 'id="plan-compare"' in default and "<mark>Stop</mark>" in default


def test_comparing_a_version_that_does_not_exist_is_a_form_error(her):
    treatment = in_treatment(her)
    save(her, treatment)
    response = english(her.treater).get(url("plan-compare", treatment.pk) + "?a=1&b=9")
    assert response.status_code == 400 and 'id="id_b-error"' in response.content.decode()


def test_the_compare_page_query_count_does_not_grow(her, django_assert_max_num_queries):
    treatment = in_treatment(her)
    save(her, treatment)
    save(her, treatment)
    client = signed_in(her.treater)
    client.get(url("plan-compare", treatment.pk))
    with django_assert_max_num_queries(30) as few:
        client.get(url("plan-compare", treatment.pk))
    for n in range(8):
        save(
            her,
            treatment,
            goals=[{"text": f"Mål {i}", "horizon": "short"} for i in range(n)] or None,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url("plan-compare", treatment.pk) + "?a=2&b=9").status_code == 200


# --- discharge --------------------------------------------------------------------------------


def test_discharge_writes_through_the_service_and_shows_the_follow_ups_and_their_basis(db):
    ods = Town("odsherred")  # follow-ups after 1 and 3 months (the standard) and 6 (the law)
    treatment = in_treatment(ods, days_ago=120)
    client = english(ods.treater)
    form = client.get(url("discharge", treatment.pk))
    assert form.status_code == 200 and 'id="discharge-form"' in form.content.decode()
    on = today() - dt.timedelta(days=2)
    response = client.post(
        url("discharge", treatment.pk),
        {"on": on.isoformat(), "status": "completed", "outcome": "abstinent"},
    )
    assert response.status_code == 302 and response["Location"] == url("discharge", treatment.pk)
    record = Discharge.objects.get(treatment=treatment)
    assert (record.on, record.status, record.outcome) == (on, "completed", "abstinent")
    assert AuditEntry.objects.filter(action="treatment.discharged").exists()
    html = client.get(url("discharge", treatment.pk)).content.decode()
    assert "The course is discharged." in html and 'id="discharge-form"' not in html
    assert "Completed as planned" in html and "Abstinent" in html
    rows = {
        d.subject: d
        for d in CourseDeadline.objects.filter(
            contact_course=treatment.contact_course, kind="follow_up"
        )
    }
    assert set(rows) == {"follow_up:1m", "follow_up:3m", "follow_up:6m"}
    for subject in rows:
        assert f'data-subject="{subject}"' in html
    section = html.split('id="follow-up-deadlines"')[1]
    three = section.split('data-subject="follow_up:3m"')[1].split("</tr>")[0]
    six = section.split('data-subject="follow_up:6m"')[1].split("</tr>")[0]
    one = section.split('data-subject="follow_up:1m"')[1].split("</tr>")[0]
    assert "basis-standard" in three and "basis-law" not in three
    assert "The standard promises this follow-up beyond the law" in three
    assert "basis-law" in six and "basis-standard" not in six and "BEK 1477" in six
    assert "the law adds it" in six
    assert "basis-law" in one and "basis-standard" in one
    assert "3 months after discharge" in section
    assert 'id="record-follow-up"' in html


def test_a_refused_discharge_shows_the_error_at_its_field_and_writes_nothing(her):
    treatment = in_treatment(her, days_ago=10)
    client = english(her.treater)
    before = AuditEntry.objects.count()
    response = client.post(
        url("discharge", treatment.pk),
        {
            "on": (treatment.start_on - dt.timedelta(days=3)).isoformat(),
            "status": "to_hospital",
            "outcome": "unchanged",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_on-error"' in html and "The discharge is before the start." in html
    assert 'value="to_hospital" selected' in html and 'value="unchanged" selected' in html
    missing = client.post(url("discharge", treatment.pk), {"on": today().isoformat()})
    assert missing.status_code == 400 and 'id="id_status-error"' in missing.content.decode()
    assert not Discharge.objects.exists() and AuditEntry.objects.count() == before


def test_a_course_is_discharged_once(her):
    treatment = discharged(her)
    before = AuditEntry.objects.count()
    response = english(her.treater).post(
        url("discharge", treatment.pk),
        {"on": today().isoformat(), "status": "completed", "outcome": "reduced"},
    )
    assert response.status_code == 400
    assert "The course has already ended." in response.content.decode()
    assert AuditEntry.objects.count() == before


def test_a_doctor_reads_the_discharge_but_has_no_form(her):
    treatment = in_treatment(her)
    html = english(her.doctor).get(url("discharge", treatment.pk)).content.decode()
    assert 'id="discharge-form"' not in html and 'id="not-discharged"' in html


def test_the_discharge_page_query_count_does_not_grow(her, django_assert_max_num_queries):
    treatment = discharged(her, days_ago=400, discharge_days_ago=300)
    client = signed_in(her.treater)
    client.get(url("discharge", treatment.pk))
    with django_assert_max_num_queries(30) as few:
        client.get(url("discharge", treatment.pk))
    for n in range(2):
        courses.record_follow_up(
            her.treater,
            treatment,
            subject=("follow_up:1m", "follow_up:6m")[n],  # one record answers one follow-up
            # the 6-month one around its own due day (D77): 180 days after the discharge
            on=today() - dt.timedelta(days=(200, 120)[n]),
            reached=True,
            result="Har det godt",
            today=today(),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url("discharge", treatment.pk)).status_code == 200


# --- recording a follow-up --------------------------------------------------------------------


def test_a_follow_up_is_recorded_and_closes_its_deadline(her):
    treatment = discharged(her, days_ago=100, discharge_days_ago=40)
    client = english(her.treater)
    page = client.get(url("follow-up-record", treatment.pk)).content.decode()
    assert 'id="follow-up-form"' in page and 'value="follow_up:1m" selected' in page
    response = client.post(
        url("follow-up-record", treatment.pk),
        {
            "subject": "follow_up:1m",
            "on": today().isoformat(),
            "reached": "yes",
            "result": "Drikker ikke",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("follow-up-record", treatment.pk)
    record = FollowUp.objects.get(treatment=treatment)
    assert (record.subject, record.reached, record.result) == ("follow_up:1m", True, "Drikker ikke")
    assert AuditEntry.objects.filter(action="follow_up.recorded").exists()
    deadline = CourseDeadline.objects.get(
        contact_course=treatment.contact_course, subject="follow_up:1m"
    )
    assert deadline.status != "open"
    html = client.get(url("follow-up-record", treatment.pk)).content.decode()
    assert "The follow-up is recorded." in html and "Drikker ikke" in html
    assert 'value="follow_up:1m"' not in html  # only the open follow-ups are offered


def test_not_reached_needs_no_result(her):
    treatment = discharged(her, days_ago=100, discharge_days_ago=40)
    response = english(her.treater).post(
        url("follow-up-record", treatment.pk),
        {"subject": "follow_up:1m", "on": today().isoformat(), "reached": "no", "result": ""},
    )
    assert response.status_code == 302
    assert FollowUp.objects.get(treatment=treatment).reached is False


def test_a_reached_follow_up_needs_its_result_and_nothing_is_written(her):
    treatment = discharged(her, days_ago=100, discharge_days_ago=40)
    client = english(her.treater)
    before = AuditEntry.objects.count()
    response = client.post(
        url("follow-up-record", treatment.pk),
        {"subject": "follow_up:1m", "on": today().isoformat(), "reached": "yes", "result": "  "},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_result-error"' in html and "Write the result of the follow-up." in html
    before_discharge = client.post(
        url("follow-up-record", treatment.pk),
        {
            "subject": "follow_up:1m",
            "on": (today() - dt.timedelta(days=60)).isoformat(),
            "reached": "no",
        },
    )
    assert before_discharge.status_code == 400
    assert 'id="id_on-error"' in before_discharge.content.decode()
    assert not FollowUp.objects.exists() and AuditEntry.objects.count() == before


def test_follow_up_comes_after_discharge(her):
    treatment = in_treatment(her)
    client = english(her.treater)
    page = client.get(url("follow-up-record", treatment.pk)).content.decode()
    assert 'id="not-discharged"' in page and 'id="follow-up-form"' not in page
    response = client.post(
        url("follow-up-record", treatment.pk),
        {"subject": "follow_up:1m", "on": today().isoformat(), "reached": "no"},
    )
    assert response.status_code == 400
    assert "Follow-up comes after discharge." in response.content.decode()
    assert not FollowUp.objects.exists()


# --- the follow-ups list ----------------------------------------------------------------------


def test_the_follow_ups_list_shows_breached_first_and_recent_results(her):
    late = discharged(her, seed=1, name="Fiktiv Sen", days_ago=400, discharge_days_ago=250)
    discharged(her, seed=2, name="Fiktiv Ny", days_ago=100, discharge_days_ago=5)
    courses.record_follow_up(
        her.treater,
        late,
        subject="follow_up:1m",
        on=today() - dt.timedelta(days=200),
        reached=True,
        result="Stabilt forbrug",
        today=today(),
    )
    client = english(her.visitation_caseworker)
    response = client.get(url("follow-ups"))
    html = response.content.decode()
    assert response.status_code == 200 and "whole municipality" in html
    due = html.split('id="follow-ups-due"')[1].split("</table>")[0]
    assert due.index("Fiktiv Sen") < due.index("Fiktiv Ny")
    assert "status-breached" in due and "6 months after discharge" in due
    assert f'href="{url("follow-up-record", late.pk)}"' in due
    recent = html.split('id="follow-ups-recent"')[1]
    assert "Stabilt forbrug" in recent and "Fiktiv Sen" in recent
    assert ReadLogEntry.objects.filter(record_type="follow_up_list").count() == 2


def test_the_follow_ups_list_by_role_and_municipality(her):
    discharged(her, name="Fiktiv Teamperson", days_ago=100, discharge_days_ago=40)
    assert "Fiktiv Teamperson" in signed_in(her.treater).get(url("follow-ups")).content.decode()
    assert (
        "Fiktiv Teamperson" in signed_in(her.centre_leader).get(url("follow-ups")).content.decode()
    )
    outsider = english(her.user("treater", team=her.other_team)).get(url("follow-ups"))
    assert outsider.status_code == 200 and "Fiktiv Teamperson" not in outsider.content.decode()
    assert "your teams" in outsider.content.decode()
    for role in ("secretary", "auditor", "administrator", "doctor", "nurse"):
        refused = signed_in(getattr(her, role)).get(url("follow-ups"))
        assert refused.status_code == 403 and "Fiktiv Teamperson" not in refused.content.decode()
    other = Town("herning")
    elsewhere = signed_in(other.visitation_caseworker).get(url("follow-ups"))
    assert elsewhere.status_code == 200 and "Fiktiv Teamperson" not in elsewhere.content.decode()


def test_the_follow_ups_list_query_count_does_not_grow(her, django_assert_max_num_queries):
    discharged(her, seed=1, name="Fiktiv 1", days_ago=100, discharge_days_ago=40)
    client = signed_in(her.visitation_caseworker)
    client.get(url("follow-ups"))
    with django_assert_max_num_queries(30) as few:
        client.get(url("follow-ups"))
    for seed in range(2, 7):
        treatment = discharged(
            her, seed=seed, name=f"Fiktiv {seed}", days_ago=300, discharge_days_ago=200
        )
        courses.record_follow_up(
            her.treater,
            treatment,
            subject="follow_up:1m",
            on=today() - dt.timedelta(days=150),
            reached=True,
            result="Godt",
            today=today(),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url("follow-ups")).status_code == 200


@pytest.mark.parametrize("page", ["plan-edit", "plan-review", "follow-up-record"])
def test_the_form_pages_query_count_does_not_grow(her, page, django_assert_max_num_queries):
    treatment = (
        discharged(her, days_ago=400, discharge_days_ago=300)
        if page == "follow-up-record"
        else in_treatment(her, days_ago=200)
    )
    if page != "follow-up-record":
        save(her, treatment)
    client = signed_in(her.treater)
    client.get(url(page, treatment.pk))
    with django_assert_max_num_queries(30) as few:
        client.get(url(page, treatment.pk))
    if page == "follow-up-record":
        courses.record_follow_up(
            her.treater,
            treatment,
            subject="follow_up:1m",
            on=today() - dt.timedelta(days=100),
            reached=False,
            today=today(),
        )
    else:
        for n in range(1, 5):
            save(her, treatment, made=treatment.start_on + dt.timedelta(days=n))
            courses.review_plan(
                her.treater,
                treatment,
                on=treatment.start_on + dt.timedelta(days=10 * n),
                today=today(),
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url(page, treatment.pk)).status_code == 200
