"""What the KPI tests share: small hand-made courses with known answers, and the year 2025
read on a fixed day."""

from __future__ import annotations

import datetime as dt

from vendepunkt.rules.kpi import CourseFacts, Period

D = dt.date
Y2025 = Period.year(2025)
AS_OF = D(2026, 11, 1)


def course(n: int, **kw) -> CourseFacts:
    base = dict(
        id=n,
        client=kw.pop("client", n),
        track="SEL-101",
        anonymous=False,
        substance="drugs",
        age=35,
        request_on=D(2020, 1, 2),  # a request for treatment (before every period used here)
    )
    base.update(kw)
    return CourseFacts(**base)


def discharged(n, on, status="completed", outcome="abstinent", **kw):
    return course(
        n,
        start_on=kw.pop("start_on", on - dt.timedelta(days=100)),
        discharged_on=on,
        discharge_status=status,
        discharge_outcome=outcome,
        **kw,
    )
