"""Issue 13 § 5: a worklist that tells each person what to do. Each role gets the kinds of work
that are theirs, scopes mean what they say, filters and the order narrow the list in the database,
and leaders have a caseload per treater with a fixed number of queries."""

import datetime as dt

import pytest

from tests.db.factories import Town, grant_for
from tests.db.test_course_services import citizen as new_citizen
from tests.db.test_course_services import contact
from vendepunkt.accounts.access import AccessDenied
from vendepunkt.courses import services as courses
from vendepunkt.courses.deadlines import WORK_OF, caseload, kinds_for, scopes_for, worklist

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
AT = dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC)


def in_treatment(town, seed=0):
    """A course in treatment with the town's treater: plan and plan review deadlines open."""
    course = contact(town, new_citizen(town, seed=seed)).contact_course
    grant_for(town, course, on=AT.date(), today=TODAY)
    courses.start_treatment(
        town.visitation_caseworker,
        course,
        team=town.team,
        start_on=AT.date(),
        treater=town.treater,
        today=TODAY,
    )
    return course


def kinds(items) -> set[str]:
    return {d.kind for d in items}


def test_the_caseworker_is_not_handed_the_treaters_plan_work():
    town = Town("herning")
    in_treatment(town)
    contact(town, new_citizen(town, seed=9))  # a fresh request: its guarantee is open
    treater = kinds(worklist(town.treater, scope="mine", today=TODAY))
    caseworker = kinds(worklist(town.visitation_caseworker, scope="all", today=TODAY))
    assert "plan_at_start" in treater
    assert not caseworker & {"plan_at_start", "plan_review", "follow_up", "open_counselling"}
    assert caseworker <= WORK_OF["visitation_caseworker"]
    assert "treatment_guarantee" in caseworker
    # the leader oversees every kind
    town.centre_leader.teams.add(town.team)
    assert kinds_for("centre_leader") is None
    leader = kinds(worklist(town.centre_leader, scope="all", today=TODAY))
    assert treater <= leader and caseworker <= leader


def test_scopes_mean_what_they_say():
    town = Town("herning")
    assert scopes_for(town.treater) == ("mine", "team")
    assert scopes_for(town.visitation_caseworker) == ("all",)  # no team: no team or centre list
    town.centre_leader.teams.add(town.team)
    assert scopes_for(town.centre_leader) == ("centre", "team", "all")
    for role in ("administrator", "auditor"):
        with pytest.raises(AccessDenied):
            worklist(getattr(town, role), scope="all", today=TODAY)
    with pytest.raises(AccessDenied):
        worklist(town.treater, scope="all", today=TODAY)
    # "mine" is the treater's own courses, not the team's
    colleague = town.user("treater")
    in_treatment(town)
    assert worklist(town.treater, scope="mine", today=TODAY)
    assert worklist(colleague, scope="mine", today=TODAY) == []
    assert worklist(colleague, scope="team", today=TODAY)


def test_filters_by_kind_status_treater_and_due_range():
    town = Town("herning")
    course = in_treatment(town)
    fresh = contact(town, new_citizen(town, seed=7)).contact_course
    leader = town.centre_leader
    everything = worklist(leader, scope="all", today=TODAY)
    assert {"plan_at_start", "treatment_guarantee"} <= kinds(everything)
    only = worklist(leader, scope="all", today=TODAY, kinds=["plan_at_start"])
    assert kinds(only) == {"plan_at_start"}
    # a kind that is not the role's is not shown even when asked for
    assert worklist(town.secretary, scope="all", today=TODAY, kinds=["plan_at_start"]) == []
    mine = worklist(leader, scope="all", today=TODAY, treater_id=town.treater.pk)
    assert mine and {d.contact_course_id for d in mine} == {course.pk}
    assert worklist(leader, scope="all", today=TODAY, treater_id=town.user("treater").pk) == []
    first = min(d.due for d in everything if d.due)
    narrowed = worklist(leader, scope="all", today=TODAY, due_from=first, due_to=first)
    assert narrowed and all(d.due == first for d in narrowed)
    later = TODAY + dt.timedelta(days=400)
    breached = worklist(leader, scope="all", today=later, status="breached")
    assert breached and all(d.due < later for d in breached)
    assert worklist(leader, scope="all", today=TODAY, status="breached") == [
        d for d in everything if d.due and d.due < TODAY
    ]
    by_due = worklist(leader, scope="all", today=TODAY, order="due")
    dues = [d.due for d in by_due if d.due]
    assert dues == sorted(dues)
    assert {d.contact_course_id for d in everything} == {course.pk, fresh.pk}


def test_caseload_per_treater_for_leaders_with_a_fixed_number_of_queries(
    django_assert_max_num_queries,
):
    town = Town("herning")
    town.centre_leader.teams.add(town.team)
    in_treatment(town, seed=1)
    rows = caseload(town.centre_leader, scope="centre", today=TODAY)
    mine = next(r for r in rows if r["treater"] == town.treater)
    assert mine["courses"] == 1 and mine["open"] >= 1
    with django_assert_max_num_queries(6) as few:
        caseload(town.centre_leader, scope="centre", today=TODAY)
    for seed in range(2, 6):
        in_treatment(town, seed=seed)
    with django_assert_max_num_queries(len(few.captured_queries)):
        rows = caseload(town.centre_leader, scope="centre", today=TODAY)
    assert next(r for r in rows if r["treater"] == town.treater)["courses"] == 5
    with pytest.raises(AccessDenied):
        caseload(town.treater, scope="team", today=TODAY)
    with pytest.raises(AccessDenied):
        caseload(town.visitation_caseworker, scope="all", today=TODAY)
