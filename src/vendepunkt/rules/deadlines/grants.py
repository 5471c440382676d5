"""Time-limited grants: a grant expires unless extended or followed by another (R15)."""

from __future__ import annotations

from collections.abc import Iterator

from ..dates import date_text
from .engine import _Ctx, _deadline
from .result import ComputedDeadline, Kind

# R15 ----------------------------------------------------------------------------------------


def grant_expiries(c: _Ctx) -> Iterator[ComputedDeadline]:
    course = c.course
    for grant in sorted(course.grants, key=lambda g: (g.granted_on, g.id)):
        if grant.ends_on is None:
            continue
        later = [g.granted_on for g in course.grants if g.granted_on > grant.granted_on]
        candidates = [d for d in (grant.extended_on, *later) if d is not None]
        if course.discharge is not None:
            candidates.append(course.discharge.on)
        closing = min(candidates, default=None)
        service = c.std.service(grant.service)
        name = service.name if service else grant.service
        yield _deadline(
            Kind.grant_expiry,
            f"grant:{grant.id}",
            grant.granted_on,
            grant.ends_on,
            closing,
            c,
            citation=None,
            source=service.source if service else None,
            da=[
                f"Bevillingen af «{name}» udløber {date_text(grant.ends_on)}; forlæng den, bevilg et nyt tilbud eller afslut forløbet inden."
            ],
            en=[
                f"The grant of “{name}” expires on {date_text(grant.ends_on)}; extend it, grant a new service or end the course before then."
            ],
        )
