"""The next forum meeting (R11)."""

from vendepunkt.rules.deadlines import Application
from vendepunkt.rules.standards.schema import Schedule

from .common import REQUEST, D, course, of, one, run, std

# --- R11: the next forum meeting ---------------------------------------------------------


def test_R11_herning_residential_application_waits_for_the_first_tuesday():
    a = Application("a1", "primaer-doegn", D(2026, 3, 4), decided_on=D(2026, 4, 7))
    m = one(run("herning", course(applications=(a,)), D(2026, 4, 8)), "forum_meeting")
    assert (m.subject, m.trigger, m.due, m.status) == (
        "application:a1",
        D(2026, 3, 4),
        D(2026, 4, 7),
        "met",
    )
    pending = Application("a1", "primaer-doegn", D(2026, 3, 4))
    m = one(run("herning", course(applications=(pending,)), D(2026, 4, 8)), "forum_meeting")
    assert m.status == "breached"


def test_R11_open_calendars_and_on_demand_forums():
    mi = one(
        run("herning", course(applications=(Application("a1", "mi", REQUEST),))), "forum_meeting"
    )
    assert mi.due is None and "calendar is open" in mi.reason_en
    # Hjørring's caseworker talk is booked on demand: there is no meeting to wait for.
    hjo = course(applications=(Application("a1", "modul-1", REQUEST),))
    assert not of(run("hjoerring", hjo), "forum_meeting")


def test_R11_a_forum_followed_by_another_decides_at_the_follower():
    # Herning: the doctor's consultation, then the health team the same day. With the doctor's
    # weekdays known, the decision falls on the next consultation day.
    s = std("herning")
    forums = tuple(
        f.model_copy(
            update={
                "schedule": Schedule(recurrence="twice_weekly", weekdays=("monday", "thursday"))
            }
        )
        if f.id == "laegekonsultation"
        else f
        for f in s.visitation.forums
    )
    s = s.model_copy(update={"visitation": s.visitation.model_copy(update={"forums": forums})})
    a = Application("a1", "substitution-ambulatorium", D(2026, 3, 3))  # a Tuesday
    m = one(run("herning", course(applications=(a,)), standard=s), "forum_meeting")
    assert m.due == D(2026, 3, 5)
