"""The shipped standards: they load, round-trip, quote their seeds truthfully, and hold the
concrete facts each seed states (R11, R13, R14, R17, R25, R37, R42)."""

import pytest
import yaml

from tests.conftest import SHIPPED
from vendepunkt.rules.programmes import PROGRAMMES_DIR
from vendepunkt.rules.standards.provenance import quotes, unmatched_quotes
from vendepunkt.rules.standards.schema import DeadlineKind, Standard


def test_every_shipped_standard_is_loaded(shipped):
    assert sorted(shipped) == sorted(SHIPPED)
    for std_id, loaded in shipped.items():
        assert loaded.path.stem == std_id


@pytest.mark.parametrize("std_id", SHIPPED)
def test_round_trip(shipped, std_id):
    std = shipped[std_id].standard
    again = Standard.model_validate(std.model_dump(mode="json"))
    assert again == std


@pytest.mark.parametrize("std_id", SHIPPED)
def test_every_quote_stands_in_its_seed(shipped, seeds, std_id):
    data = shipped[std_id].data
    assert sum(1 for _ in quotes(data)) >= 40, "services, deadlines and routes carry quotes"
    assert unmatched_quotes(data, seeds) == []


def test_outreach_programme_quotes_its_seed(seeds):
    data = yaml.safe_load((PROGRAMMES_DIR / "outreach.yaml").read_text(encoding="utf-8"))
    assert sum(1 for _ in quotes(data)) >= 20
    assert unmatched_quotes(data, seeds) == []


def test_a_false_quote_is_caught(shipped, seeds):
    data = {
        "services": [{"source": {"doc": "HAD", "quote": "behandling starter senest 3 dage efter"}}]
    }
    assert unmatched_quotes(data, seeds) == [
        (("services", 0, "source"), "behandling starter senest 3 dage efter")
    ]


def svc(std, service_id):
    found = std.service(service_id)
    assert found is not None, f"{std.id} lacks service {service_id}"
    return found


def only(items):
    assert len(items) == 1, items
    return items[0]


def test_haderslev_facts(shipped):
    s = shipped["haderslev"].standard
    centre = next(c for c in s.centres if c.id == "rusmiddelcenter-haderslev")
    assert {(c.amount, c.substance) for c in centre.capacity} == {
        (373, "drugs"),
        (184, "alcohol"),
    }  # R13
    assert (centre.age.min, centre.age.max) == (18, 85)  # R14
    halfway = next(c for c in s.centres if c.id == "bramdruphus")
    assert [(c.amount, c.unit) for c in halfway.capacity] == [(6, "places")]
    move = svc(s, "move")
    assert move.gift_vouchers and (move.eligibility.age.min, move.eligibility.age.max) == (
        18,
        30,
    )  # R16
    assert (
        svc(s, "paaroerende-samtaler").sessions.min,
        svc(s, "paaroerende-samtaler").sessions.max,
    ) == (3, 4)
    detox = svc(s, "kort-afgiftning-doegn").duration
    assert (detox.min, detox.max, detox.unit) == (3, 4, "week")
    forum = only(s.visitation.forums)
    assert forum.kind == "visitation_meeting" and forum.schedule.recurrence == "weekly"  # R11
    assert s.visitation.final_say.role == "centre_leader"
    open_counselling = only(s.deadlines_of(DeadlineKind.open_counselling))
    assert (open_counselling.within.amount, open_counselling.within.unit) == (1, "week")  # R3
    review = only(s.deadlines_of(DeadlineKind.plan_review))
    assert review.within.amount == 3 and "service_change" in review.triggers  # R25
    assert sorted(d.within.amount for d in s.deadlines_of(DeadlineKind.follow_up)) == [1, 6]  # R37
    assert {(k.metric, k.target) for k in s.kpi_targets} == {
        ("completed_as_planned", 0.4),
        ("completed_as_planned", 0.5),
        ("offered_move_under_30", 1.0),
    }  # R42
    alcohol = [p for p in s.payment.self_payment if "SUL-141" in p.legal_bases]
    assert alcohol and not any(p.charged for p in alcohol)  # R35


def test_odsherred_facts(shipped):
    s = shipped["odsherred"].standard
    tiers = {sv.intensity: sv for sv in s.services if sv.intensity and sv.id != "move"}
    low, medium, intensive = tiers["low"], tiers["medium"], tiers["intensive"]
    assert (low.frequency.min, low.frequency.max, low.frequency.per) == (1, 2, "month")  # R13
    assert (low.duration.max, low.duration.unit) == (6, "month")
    assert (medium.frequency.min, medium.sessions.max, medium.duration.max) == (2, 8, 4)
    assert (intensive.frequency.min, intensive.frequency.per, intensive.sessions.max) == (
        1,
        "week",
        12,
    )
    assert (tiers["day"].duration.min, tiers["day"].duration.max) == (3, 5)
    assert (tiers["residential"].duration.min, tiers["residential"].duration.max) == (1, 3)
    assert svc(s, "move").gift_vouchers
    guarantee = only(s.deadlines_of(DeadlineKind.treatment_guarantee))
    assert (
        guarantee.counts_from == "personal_attendance" and "SEL-101a" in guarantee.not_covered
    )  # R17, R18
    assert sorted(d.within.amount for d in s.deadlines_of(DeadlineKind.follow_up)) == [
        1,
        3,
    ]  # R37 as written
    assert {(k.metric, k.target, k.direction) for k in s.kpi_targets} == {
        ("abstinent_after_treatment", 0.35, "at_least"),
        ("reduced_after_treatment", 0.35, "at_least"),
        ("return_within_12_months", 0.3, "at_most"),
    }
    assert any(t.age and t.age.min == 12 for t in s.target_groups)  # R14
    assert any(r.kind == "counselling" and r.sessions.max == 5 for r in s.anonymity)  # R2
    assert any(ref.provision == "SEL-153" for ref in s.references)  # cited as written (now BL-133)


def test_hjoerring_facts(shipped):
    s = shipped["hjoerring"].standard
    assert s.visitation.authority_provider_separate  # R11
    m1 = svc(s, "modul-1")
    assert (m1.sessions.max, m1.duration.max, m1.duration.unit) == (5, 3, "week")  # R13
    day = svc(s, "modul-2-dagbehandling")
    assert (day.frequency.min, day.frequency.max, day.duration.max, day.duration.unit) == (
        3,
        4,
        16,
        "week",
    )
    boost = svc(s, "modul-3-boostersamtaler")
    assert (boost.sessions.max, boost.duration.max, boost.duration.unit) == (3, 6, "month")  # R38
    guarantee = only(s.deadlines_of(DeadlineKind.treatment_guarantee))
    assert set(guarantee.exceptions) == {
        "free_choice",
        "citizen_declines",
        "no_show",
        "missing_cooperation",
        "delayed_information",
    }  # R18
    assert only(s.deadlines_of(DeadlineKind.doctor_consultation)).within.amount == 14  # R19
    assert s.complaints.routes == () and s.deadlines_of(DeadlineKind.follow_up) == []  # left open
    assert any(t.paid_by == "citizen" for t in s.payment.transport)  # R35
    assert any(c.kind == "partner_municipality" for c in s.centres)  # R23


def test_herning_facts(shipped):
    s = shipped["herning"].standard
    committee = next(f for f in s.visitation.forums if f.kind == "residential_committee")
    assert committee.schedule.nth_weekday_of_month == 1 and committee.schedule.weekdays == (
        "tuesday",
    )  # R11
    doctor = next(f for f in s.visitation.forums if f.kind == "doctor_consultation")
    assert doctor.schedule.recurrence == "twice_weekly" and doctor.followed_by
    mi = svc(s, "mi")
    assert mi.sessions.max == 4 and (
        mi.session_length_minutes.min,
        mi.session_length_minutes.max,
    ) == (20, 40)
    hash_stop = svc(s, "hash-stop")
    assert hash_stop.sessions.max == 12 and hash_stop.eligibility.main_substance == "cannabis"
    assert (svc(s, "nada").sessions.min, svc(s, "nada").sessions.max) == (10, 12)
    aftercare = svc(s, "efterbehandling")
    assert (aftercare.frequency.min, aftercare.frequency.per, aftercare.duration.max) == (
        2,
        "month",
        6,
    )
    assert (svc(s, "primaer-doegn").duration.min, svc(s, "primaer-doegn").duration.max) == (
        3,
        4,
    )  # R32
    assert svc(s, "paaroerendetilbud").sessions.max == 4  # R5
    assert only(s.deadlines_of(DeadlineKind.plan_review)).within.amount == 3  # R25
    assert sorted(d.within.amount for d in s.deadlines_of(DeadlineKind.follow_up)) == [1, 6]
    assert len(s.complaints.routes) == 7  # R39, R40
    assert {(k.metric, k.direction) for k in s.kpi_targets} == {
        ("completed_as_planned", "above"),
        ("return_within_12_months", "decrease"),
    }
    assert s.plan.signed_by_citizen and s.plan.action_plan_separate  # R24, R29


def test_committed_json_schema_is_current():
    """Editors validate the YAML files against standard.schema.json; it must match the model.
    Regenerate with `vendepunkt standards schema --out src/vendepunkt/standards/standard.schema.json`."""
    import json

    from vendepunkt.rules.standards.registry import SHIPPED_DIR

    committed = json.loads((SHIPPED_DIR / "standard.schema.json").read_text(encoding="utf-8"))
    assert committed == Standard.model_json_schema()
