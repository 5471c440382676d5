"""The law floor as data: every rule carries its citation; repealed provisions point onwards."""

from vendepunkt.rules.law import ProvisionStatus, law_floor


def test_guarantees_are_14_days_with_citations_R17():
    floor = law_floor()
    for basis, citation in (
        ("SEL-101", "SEL § 101 stk. 4"),
        ("SUL-141", "SUL § 141 stk. 2"),
        ("SUL-142", "SUL § 142 stk. 6"),
    ):
        g = floor.guarantee(basis)
        assert g.days == 14 and g.citation == citation and g.counts_from == "request"
    assert floor.guarantee("SEL-101a") is None
    assert [n.legal_basis for n in floor.not_guaranteed] == ["SEL-101a"]


def test_follow_up_revision_and_complaints():
    floor = law_floor()
    assert [(o.amount, o.unit) for o in floor.follow_up.offsets] == [(1, "month"), (6, "month")]
    assert set(floor.follow_up.discharge_statuses) == {
        "completed",
        "to_other_offer",
        "to_hospital",
        "other_reason",
    }
    assert (floor.revision.at_most.amount, floor.revision.at_most.unit) == (2, "year")
    assert floor.complaints.social_decision.next_instance == "Ankestyrelsen"
    assert floor.complaints.not_appealable[0].citation == "SEL § 101 a stk. 6"


def test_moved_and_repealed_provisions_point_to_what_is_in_force():
    floor = law_floor()
    for p in floor.provisions:
        if p.status != ProvisionStatus.in_force:
            successor = floor.provision(p.replaced_by)
            assert successor is not None and successor.status == ProvisionStatus.in_force, p.id
    assert floor.provision("SEL-153").replaced_by == "BL-133"


def test_mandatory_sections_of_bek_1477():
    keys = [s.key for s in law_floor().mandatory_sections]
    assert len(keys) == 15 and len(set(keys)) == 15
    assert {"guarantee", "free_choice", "complaints", "gift_vouchers", "payment"} <= set(keys)


def test_unverified_items_are_marked():
    floor = law_floor()
    assert floor.provision("SUL-82c").verified is False
    assert floor.register("NAB").verified is False
    assert any(not b.verified for b in floor.outdated_bodies)
