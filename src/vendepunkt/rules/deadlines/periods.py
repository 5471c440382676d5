"""Periods of the standard after a day, and the words for periods, events, exceptions and
discharge statuses in Danish and English."""

from __future__ import annotations

import datetime as dt

from ..dates import add_months
from ..standards.schema import DischargeStatus, Event, GuaranteeException, Period, TimeUnit

# --- dates ----------------------------------------------------------------------------------


def add_period(day: dt.date, period: Period) -> dt.date:
    """A period after `day`: a 4-week period ends on the same weekday 4 weeks later."""
    match period.unit:
        case TimeUnit.day:
            return day + dt.timedelta(days=period.amount)
        case TimeUnit.week:
            return day + dt.timedelta(weeks=period.amount)
        case TimeUnit.month:
            return add_months(day, period.amount)
        case TimeUnit.year:
            return add_months(day, 12 * period.amount)
    raise ValueError(f"unknown unit {period.unit}")  # pragma: no cover


_UNIT = {
    "day": ("dag", "dage", "day", "days", "d"),
    "week": ("uge", "uger", "week", "weeks", "w"),
    "month": ("måned", "måneder", "month", "months", "m"),
    "year": ("år", "år", "year", "years", "y"),
}


def _da(period: Period) -> str:
    one, many, *_ = _UNIT[str(period.unit)]
    return f"{period.amount} {one if period.amount == 1 else many}"


def _en(period: Period) -> str:
    _, _, one, many, _ = _UNIT[str(period.unit)]
    return f"{period.amount} {one if period.amount == 1 else many}"


def _every_da(period: Period) -> str:
    """'hver 3. måned', 'hver uge'."""
    one = _UNIT[str(period.unit)][0]
    return f"hver {one}" if period.amount == 1 else f"hver {period.amount}. {one}"


def _short(period: Period) -> str:
    return f"{period.amount}{_UNIT[str(period.unit)][4]}"


_EVENT = {
    Event.request: ("henvendelsen", "the request"),
    Event.contact: ("henvendelsen", "the contact"),
    Event.personal_attendance: (
        "borgerens personlige fremmøde",
        "the citizen's personal attendance",
    ),
}

_EXCEPTION = {
    GuaranteeException.free_choice: ("frit valg", "free choice"),
    GuaranteeException.citizen_declines: ("borgeren fravælger garantien", "the citizen declines"),
    GuaranteeException.no_show: ("udeblivelse", "no-show"),
    GuaranteeException.missing_cooperation: ("manglende medvirken", "missing cooperation"),
    GuaranteeException.delayed_information: ("forsinkede oplysninger", "delayed information"),
}

_DISCHARGE = {
    DischargeStatus.completed: ("færdigbehandlet", "completed"),
    DischargeStatus.to_other_offer: ("udskrevet til andet tilbud", "to another offer"),
    DischargeStatus.to_hospital: ("udskrevet til hospital", "to hospital"),
    DischargeStatus.other_reason: ("anden årsag", "other reason"),
    DischargeStatus.dropped_out: ("udeblevet / afbrudt", "dropped out"),
}
