"""The notification check (underretningspligt, R34): when a citizen in a course is recorded as
pregnant or as having children under 18, the treater must consider whether the municipality's
children's services are to be notified (Barnets Lov § 133, formerly SEL § 153). The check stands
on the worklist from the day it was recorded until a child-welfare notification is recorded or
the check is recorded as done. The law sets no number of days: the duty applies as soon as the
professional knows, so the check is due the day it was raised (law floor `notification_check`,
D78) and sorts with the other deadlines on the worklist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from .engine import _Ctx, _deadline
from .result import ComputedDeadline, Kind

NOTIFICATION_CITATION = "Barnets Lov § 133"  # the law floor's citation is used when loaded


def notification_check(c: _Ctx) -> Iterator[ComputedDeadline]:
    flagged = c.course.notification_flagged_on
    if flagged is None:
        return
    done = c.course.notification_checked_on
    closed = done if done is not None and done >= flagged else None
    rule = c.floor.notification_check
    due = flagged + dt.timedelta(days=rule.within_days)
    yield _deadline(
        Kind.notification_check,
        "notification_check",
        flagged,
        due,
        closed,
        c,
        citation=rule.citation,
        source=None,
        da=[
            f"Borgeren er registreret som gravid eller med børn under 18 år ({flagged}): "
            "vurdér straks, om der skal underrettes (Barnets Lov § 133: pligten gælder, så "
            "snart man får kendskab til forholdet)."
        ],
        en=[
            f"The citizen is recorded as pregnant or with children under 18 ({flagged}): "
            "consider now whether to notify (Barnets Lov § 133: the duty applies as soon as "
            "the facts are known)."
        ],
    )
