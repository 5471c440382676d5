"""Active contact after a no-show (R27): when a citizen does not come to an appointment, the
treater contacts them actively (the national guidelines for treatment of substance use; the
outreach model's "vedholdende og kontinuerligt relationsarbejde"). The shipped standards name the
no-show only as a reason the treatment guarantee may be extended and set no number of days, so
the task is due a fixed number of working days after the no-show (a project default, D94). It is
met by the recorded contact, or by the citizen attending a later appointment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from .engine import _Ctx, _deadline
from .result import ComputedDeadline, Kind

NO_SHOW_CONTACT_WORKING_DAYS = 2


def add_working_days(day: dt.date, n: int) -> dt.date:
    """`n` weekdays (Monday to Friday) after `day`."""
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def no_show_contact(c: _Ctx) -> Iterator[ComputedDeadline]:
    for no_show in c.course.no_shows:
        due = add_working_days(no_show.on, NO_SHOW_CONTACT_WORKING_DAYS)
        answers = [d for d in c.course.attended_on if d > no_show.on]
        if no_show.contacted_on is not None:
            answers.append(no_show.contacted_on)
        closed = min(answers, default=None)
        yield _deadline(
            Kind.no_show_contact,
            f"no_show:{no_show.id}",
            no_show.on,
            due,
            closed,
            c,
            citation=None,
            source=None,
            da=[
                f"Borgeren udeblev fra en aftale ({no_show.on}): tag aktivt kontakt senest "
                f"{NO_SHOW_CONTACT_WORKING_DAYS} hverdage efter (nationale retningslinjer; "
                "standarden angiver ingen frist)."
            ],
            en=[
                f"The citizen did not come to an appointment ({no_show.on}): contact them "
                f"actively within {NO_SHOW_CONTACT_WORKING_DAYS} working days (national "
                "guidelines; the standard sets no period)."
            ],
        )
