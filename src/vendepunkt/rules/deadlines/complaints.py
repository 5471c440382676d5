"""Complaints (R39): the period to complain about a decision and the handling of a complaint
(reassessment, forwarding)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..calendar import working_day_on_or_after
from ..dates import date_text
from ..law import LawFloor, NotAppealable
from ..standards.schema import ComplaintKind, ComplaintRoute
from .engine import _Ctx, _deadline
from .facts import SentBy
from .periods import _da, _en, add_period
from .result import ComputedDeadline, Kind, Status

# R39 ----------------------------------------------------------------------------------------


def _not_appealable(c: _Ctx, legal_basis: str) -> NotAppealable | None:
    return next(
        (n for n in c.floor.complaints.not_appealable if n.legal_basis == legal_basis), None
    )


def _route(c: _Ctx, legal_basis: str) -> ComplaintRoute | None:
    social = [r for r in c.std.complaints.routes if r.kind == ComplaintKind.social_decision]
    return next((r for r in social if legal_basis in r.legal_bases), None) or next(
        (r for r in social if not r.legal_bases), None
    )


def _add_working_days(day: dt.date, n: int) -> dt.date:
    for _ in range(n):
        day = working_day_on_or_after(day + dt.timedelta(days=1))
    return day


def deemed_received(
    floor: LawFloor, sent_on: dt.date, sent_by: SentBy | None
) -> tuple[dt.date, str, str]:
    """The day the citizen is deemed to have received a letter sent on `sent_on`, with the
    rule's words in Danish and English: Digital Post the day it is available (sent), ordinary
    post 6 working days later. How it was sent unrecorded counts as ordinary post, which gives the
    citizen the longer period."""
    rules = floor.complaints.receipt
    if sent_by == SentBy.digital_post:
        rule = rules.digital_post
        da, en = "sendt med Digital Post", "sent by Digital Post"
    else:
        rule = rules.post
        if sent_by == SentBy.post:
            da, en = "sendt med almindelig post", "sent by ordinary post"
        else:
            da = "forsendelsesmåden er ikke registreret og regnes som almindelig post"
            en = "how it was sent is not recorded and counts as ordinary post"
    received = _add_working_days(sent_on, rule.working_days)
    return (
        received,
        f"Afgørelsen blev {da} {date_text(sent_on)} og anses for modtaget {date_text(received)} ({rule.citation}).",
        f"The decision was {en} on {date_text(sent_on)} and is deemed received on {date_text(received)} ({rule.citation}).",
    )


def complaint_periods(c: _Ctx) -> Iterator[ComputedDeadline]:
    law = c.floor.complaints.social_decision
    guidance_citation = next(
        (n.citation for n in c.floor.complaints.decision_needs if n.what == "complaint_guidance"),
        None,
    )
    for decision in sorted(c.course.decisions, key=lambda d: (d.made_on, d.id)):
        if _not_appealable(c, decision.legal_basis):
            continue  # SEL § 101 a stk. 6
        route = _route(c, decision.legal_basis)
        trigger = decision.sent_on or decision.made_on
        received = sorted(k.received_on for k in c.course.complaints if k.decision == decision.id)
        subject = f"decision:{decision.id}"
        if decision.sent_on is None or not decision.complaint_guidance:
            if decision.sent_on is None:
                da = ["Afgørelsen er ikke sendt; klagefristen løber ikke endnu."]
                en = ["The decision has not been sent; the complaint period does not run yet."]
            else:
                da = [
                    f"Afgørelsen blev sendt uden klagevejledning ({guidance_citation}); klagefristen løber ikke, før vejledningen er givet."
                ]
                en = [
                    f"The decision was sent without complaint guidance ({guidance_citation}); no complaint period runs until guidance is given."
                ]
            first = received[0] if received else None
            yield _deadline(
                Kind.complaint_period,
                subject,
                trigger,
                None,
                first,
                c,
                citation=law.citation,
                source=route.source if route else None,
                da=da,
                en=en,
                status=Status.met if first else Status.open,
            )
            continue
        sent = decision.sent_on
        received_on, receipt_da, receipt_en = deemed_received(c.floor, sent, decision.sent_by)
        law_due = add_period(received_on, law.period)
        period = law.period
        da = [receipt_da]
        en = [receipt_en]
        if route is not None and route.period is not None:
            mine_due = add_period(received_on, route.period)
            if mine_due >= law_due:
                period = route.period
            else:
                da.append(
                    f"Standardens klagefrist på {_da(route.period)} er kortere end lovens; loven går forud."
                )
                en.append(
                    f"The standard's complaint period of {_en(route.period)} is shorter than the law's; the law prevails."
                )
        counted = add_period(received_on, period)
        due = counted
        moves = c.floor.complaints.period_end_on_holiday
        if moves.moves_to_next_working_day:
            due = working_day_on_or_after(counted)
        da.insert(
            0,
            f"Borgeren kan klage inden {_da(period)} fra modtagelsen {date_text(received_on)}: senest {date_text(due)}.",
        )
        en.insert(
            0,
            f"The citizen may complain within {_en(period)} of receiving the decision on {date_text(received_on)}: by {date_text(due)}.",
        )
        if due != counted:
            da.append(
                f"Fristen udløber {date_text(counted)}, en lørdag, søndag eller helligdag, og forlænges til næste hverdag ({moves.citation})."
            )
            en.append(
                f"The period ends on {date_text(counted)}, a Saturday, Sunday or public holiday, and runs to the next working day ({moves.citation})."
            )
        in_time = next((r for r in received if r <= due), None)
        if in_time is not None:
            status = Status.met
        elif c.today > due:
            status = Status.lapsed
            if received:
                da.append(f"En klage kom {date_text(received[0])}, efter fristen.")
                en.append(f"A complaint came on {date_text(received[0])}, after the period.")
        else:
            status = Status.open
        yield _deadline(
            Kind.complaint_period,
            subject,
            received_on,
            due,
            in_time,
            c,
            citation=law.citation,
            source=route.source if route else None,
            da=da,
            en=en,
            status=status,
        )


def complaint_handling(c: _Ctx) -> Iterator[ComputedDeadline]:
    law = c.floor.complaints.social_decision
    decisions = {d.id: d for d in c.course.decisions}
    for complaint in sorted(c.course.complaints, key=lambda k: (k.received_on, k.id)):
        decision = decisions[complaint.decision]
        if _not_appealable(c, decision.legal_basis):
            continue
        route = _route(c, decision.legal_basis)
        received = complaint.received_on
        due = add_period(received, law.reassessment)
        period = law.reassessment
        if route is not None and route.reassessment is not None:
            mine_due = add_period(received, route.reassessment)
            if mine_due <= due:
                due, period = mine_due, route.reassessment
        subject = f"complaint:{complaint.id}"
        yield _deadline(
            Kind.complaint_reassessment,
            subject,
            received,
            due,
            complaint.reassessed_on,
            c,
            citation=law.citation,
            source=route.source if route else None,
            da=[
                f"Klagen modtaget {date_text(received)}: afgørelsen genvurderes inden {_da(period)}, senest {date_text(due)}."
            ],
            en=[
                f"Complaint received on {date_text(received)}: the decision is re-assessed within {_en(period)}, by {date_text(due)}."
            ],
        )
        if complaint.decision_kept:
            yield _deadline(
                Kind.complaint_forwarding,
                subject,
                received,
                due,
                complaint.forwarded_on,
                c,
                citation=law.citation,
                source=route.source if route else None,
                da=[
                    f"Afgørelsen er fastholdt; klagen sendes med sagens dokumenter til {law.next_instance} senest {date_text(due)}, og borgeren orienteres."
                ],
                en=[
                    f"The decision is kept; the complaint goes with the case documents to {law.next_instance} by {date_text(due)}, and the citizen is told."
                ],
            )
