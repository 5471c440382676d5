"""Status meetings of residential stays (R22, R32)."""

from vendepunkt.rules.deadlines import Stay

from .common import D, course, of, run

# --- R22, R32: status meetings of residential stays --------------------------------------


def test_R22_R32_odsherred_status_meetings_before_midway_and_final():
    stay = Stay("s1", D(2026, 4, 1), D(2026, 5, 31), before_meeting_on=D(2026, 3, 30))
    meetings = of(
        run("odsherred", course(stays=(stay,)), D(2026, 5, 5)), "residential_status_meeting"
    )
    assert [(m.subject, m.trigger, m.due, m.status) for m in meetings] == [
        ("stay:s1:before", D(2026, 4, 1), D(2026, 4, 1), "met"),
        ("stay:s1:midway", D(2026, 4, 1), D(2026, 5, 1), "breached"),
        ("stay:s1:final", D(2026, 4, 1), D(2026, 5, 31), "open"),
    ]
    assert meetings[0].source == "ODS Krav til eksterne udbydere af rusmiddelbehandling"


def test_R22_R32_unknown_end_and_standards_without_meetings():
    stay = Stay("s1", D(2026, 4, 1), None)
    meetings = of(run("odsherred", course(stays=(stay,))), "residential_status_meeting")
    assert [m.due for m in meetings] == [D(2026, 4, 1), None, None]
    assert not of(run("haderslev", course(stays=(stay,))), "residential_status_meeting")
