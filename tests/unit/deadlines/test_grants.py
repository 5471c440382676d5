"""Time-limited grants (R15)."""

from vendepunkt.rules.deadlines import Discharge, Grant

from .common import REQUEST, D, course, of, one, run

# --- R15: time-limited grants ------------------------------------------------------------


def test_R15_grant_expiry_closed_by_extension_later_grant_or_discharge():
    g = Grant("g1", "intensiv", D(2026, 3, 10), D(2026, 6, 10))
    plain = one(run("odsherred", course(grants=(g,)), D(2026, 6, 11)), "grant_expiry")
    assert (plain.subject, plain.due, plain.status) == ("grant:g1", D(2026, 6, 10), "breached")
    assert plain.source == "ODS Tilbuddet (indhold og omfang)"
    extended = Grant("g1", "intensiv", D(2026, 3, 10), D(2026, 6, 10), extended_on=D(2026, 6, 1))
    assert (
        one(run("odsherred", course(grants=(extended,)), D(2026, 7, 1)), "grant_expiry").status
        == "met"
    )
    later = Grant("g2", "mellem-intensiv", D(2026, 6, 5), None)
    assert (
        one(run("odsherred", course(grants=(g, later)), D(2026, 7, 1)), "grant_expiry").status
        == "met"
    )
    gone = course(grants=(g,), discharge=Discharge(D(2026, 5, 1), "completed"))
    assert one(run("odsherred", gone, D(2026, 7, 1)), "grant_expiry").closed_on == D(2026, 5, 1)


def test_R15_a_grant_without_end_date_has_no_expiry():
    g = Grant("g1", "modul-2-individuel", REQUEST, None)
    assert not of(run("hjoerring", course(grants=(g,))), "grant_expiry")
