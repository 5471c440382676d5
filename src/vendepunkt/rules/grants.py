"""No service without a grant that covers it (issue 12 § 3): pure rules about grants.

- `needs_grant`: a service the standard lets the centre give without visitation
  (`Service.requires_visitation` false: open or anonymous counselling, assessment …) needs no
  decision; nor does a service whose legal basis for this course is one where the standard's
  free choice says no prior visitation is needed (`FreeChoice.requires_prior_visitation` false,
  e.g. alcohol treatment under SUL § 141 in Odsherred) — for ambulant services only: a day or
  residential service is always visited (`VISITED_SETTINGS`). Every other service needs a grant.
- `covering_grant`: a grant in force for the service whose period holds the dates, or the reason
  there is none and the way forward.
- `default_end`: where a standard says a service's grants are time-limited
  (`Service.time_limited`), a grant has an end date; by default the start plus the service's
  `duration` (its maximum, else its minimum).
- `dose_excess` / `dose_behind`: the planned dose (`sessions`, `frequency`, `duration`) against
  the sessions recorded.
- `more_intensive_than_assessed`: the least-intrusive principle (`Visitation.least_intrusive`).
- `may_decide`: where authority and provider are separate, the roles the deciding forum names
  (`Forum.decides_with`) are the ones that may decide (`Visitation.authority_provider_separate`).

Every reason carries its Danish and English message and its source (the standard's or the law's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .dates import date_text
from .eligibility import Reason
from .standards.schema import (
    Duration,
    Forum,
    Intensity,
    Service,
    Setting,
    Standard,
    TimeUnit,
    Visitation,
)

__all__ = [
    "Grant",
    "covering_grant",
    "default_end",
    "dose_behind",
    "dose_excess",
    "may_decide",
    "more_intensive_than_assessed",
    "needs_grant",
    "planned_dose",
    "track_needs_grant",
]

CITE_GRANT = "SEL § 101 stk. 2; SUL § 141"


@dataclass(frozen=True)
class Grant:
    """A decision that grants (or partly grants) a service, as the rules need it."""

    decision_id: int
    service_id: str
    valid_from: dt.date  # the grant's first day: its valid_from, else the day it was decided
    valid_until: dt.date | None


def needs_grant(standard: Standard, service: Service, legal_track: str | None = None) -> bool:
    """Does giving this service need a decision that grants it?"""
    if not service.requires_visitation:
        return False
    if (
        legal_track
        and (not service.legal_bases or legal_track in service.legal_bases)
        and service.setting not in VISITED_SETTINGS
    ):
        return track_needs_grant(standard, legal_track)
    return True


# The free choice without prior visitation is a choice between approved *ambulant* offers
# (SUL § 141; LAW.md; ODS "Mulighed for frit valg": "frit af vælge et andet ambulante
# behandlingstilbud uden forudgående visitation", and "hvis man er visiteret til et ambulært
# tilbud, kan man ikke frit vælge dag- eller døgnbehandling"). Day and residential treatment are
# visited by the municipality on every legal track ("Rusmiddelteamet besidder myndighedsrollen i
# forhold til visitation til ambulært, dag- og døgnbehandling for stof- og alkoholmisbrug"), so a
# stay or an added day/residential service needs a grant of its own service (D76).
VISITED_SETTINGS = frozenset({Setting.day, Setting.residential})


# Legal bases under which the law itself lets the citizen use an approved ambulant offer without
# prior visitation: alcohol treatment, SUL § 141 (docs/law.md; LAW.md "free choice between approved
# ambulant offers without prior visitation", danskelove.dk/sundhedsloven/141). The law wins over a
# standard that says nothing or asks for visitation.
LAW_NO_PRIOR_VISITATION = {"SUL-141": "SUL § 141"}


def track_needs_grant(standard: Standard, legal_track: str | None) -> bool:
    """Does a course on this legal track need a grant to start treatment? Not where the law lets
    the citizen start without prior visitation (SUL § 141), nor where the standard's free choice
    for the track needs none (`FreeChoice.requires_prior_visitation` false)."""
    if legal_track in LAW_NO_PRIOR_VISITATION:
        return False
    return not any(
        legal_track in choice.legal_bases and choice.requires_prior_visitation is False
        for choice in standard.free_choice
    )


def _fmt(day: dt.date) -> str:
    return date_text(day)


def covering_grant(
    grants: Iterable[Grant],
    service: Service,
    start: dt.date,
    end: dt.date | None = None,
) -> tuple[Grant | None, Reason | None]:
    """The grant for `service` in force over `start`…`end` (`end` None: from `start` on), or the
    reason why none covers it, with the way forward."""
    mine = [g for g in grants if g.service_id == service.id]
    name = str(service.name)
    source = str(service.source)
    if not mine:
        return None, Reason(
            "grant-missing",
            f"Der er ingen afgørelse, der bevilger ydelsen »{name}«. Søg om ydelsen og træf "
            "afgørelse først.",
            f"No decision grants the service “{name}”. Apply for the service and decide on the "
            "application first.",
            source,
        )
    for grant in mine:
        if grant.valid_from <= start and (
            grant.valid_until is None or (end or start) <= grant.valid_until
        ):
            return grant, None
    grant = max(mine, key=lambda g: g.valid_from)
    if start < grant.valid_from:
        return None, Reason(
            "grant-not-yet",
            f"Bevillingen af »{name}« gælder fra {_fmt(grant.valid_from)}; datoen "
            f"{_fmt(start)} ligger før. Vælg en dato i bevillingsperioden.",
            f"The grant of “{name}” runs from {_fmt(grant.valid_from)}; {_fmt(start)} is before "
            "it. Choose a date inside the grant's period.",
            source,
        )
    until = grant.valid_until or start
    return None, Reason(
        "grant-ended",
        f"Bevillingen af »{name}« gælder til {_fmt(until)}; perioden rækker ud over den. "
        "Forlæng bevillingen (ny afgørelse) eller vælg datoer inden for perioden.",
        f"The grant of “{name}” runs until {_fmt(until)}; the period goes beyond it. Extend the "
        "grant (a new decision) or choose dates inside the period.",
        source,
    )


def _add(day: dt.date, amount: float, unit: TimeUnit) -> dt.date:
    whole = int(amount)
    if unit == TimeUnit.day:
        return day + dt.timedelta(days=whole)
    if unit == TimeUnit.week:
        return day + dt.timedelta(weeks=whole)
    months = whole * (12 if unit == TimeUnit.year else 1)
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError("no valid day")  # pragma: no cover - unreachable


def _length(duration: Duration | None) -> float | None:
    if duration is None:
        return None
    return duration.max if duration.max is not None else duration.min


def default_end(service: Service, valid_from: dt.date) -> dt.date | None:
    """The default end of a time-limited grant: the start plus the service's duration (its
    maximum, else its minimum), the day before that day. None when not time-limited or when the
    standard gives no duration."""
    amount = _length(service.duration)
    if not service.time_limited or amount is None or service.duration is None:
        return None
    return _add(valid_from, amount, service.duration.unit) - dt.timedelta(days=1)


def end_required(service: Service) -> bool:
    """A time-limited service's grant must have an end date."""
    return bool(service.time_limited)


def _window(unit: TimeUnit) -> int:
    return {TimeUnit.day: 1, TimeUnit.week: 7, TimeUnit.month: 30, TimeUnit.year: 365}[unit]


def dose_excess(
    service: Service, start: dt.date, sessions: Sequence[dt.date], new: dt.date
) -> Reason | None:
    """Would one more session on `new` exceed the planned dose? The maximum number of sessions
    (`sessions.max`), the maximum frequency (`frequency.max` per unit) and, for the number of
    sessions, the duration within which they fall (e.g. at most 5 talks within 3 weeks)."""
    name = str(service.name)
    source = str(service.source)
    all_days = sorted([*sessions, new])
    if service.sessions is not None and service.sessions.max is not None:
        limit = int(service.sessions.max)
        if len(all_days) > limit:
            return Reason(
                "dose-sessions-max",
                f"»{name}« er bevilget med højst {limit} samtaler; der er allerede registreret "
                f"{len(sessions)}. Træf en ny afgørelse for at give flere.",
                f"“{name}” is granted with at most {limit} sessions; {len(sessions)} are already "
                "recorded. Make a new decision to give more.",
                source,
            )
    if service.duration is not None and service.duration.max is not None and service.sessions:
        last = _add(start, service.duration.max, service.duration.unit)
        if new >= last:
            return Reason(
                "dose-duration",
                f"»{name}« gives inden for {int(service.duration.max)} "
                f"{_UNIT_DA_PLURAL[_UNIT_DA[service.duration.unit]]} fra {_fmt(start)}; {_fmt(new)} ligger efter. "
                "Træf en ny afgørelse for at forlænge.",
                f"“{name}” is given within {int(service.duration.max)} "
                f"{_UNIT_EN[service.duration.unit]}(s) from {_fmt(start)}; {_fmt(new)} is after. "
                "Make a new decision to extend it.",
                source,
            )
    freq = service.frequency
    if freq is not None and freq.max is not None:
        days = _window(freq.per)
        within = [d for d in all_days if abs((d - new).days) < days]
        if len(within) > int(freq.max):
            return Reason(
                "dose-frequency-max",
                f"»{name}« gives højst {int(freq.max)} gange pr. {_UNIT_DA[freq.per]}; der er "
                "allerede registreret så mange i perioden. Træf en ny afgørelse for at give mere.",
                f"“{name}” is given at most {int(freq.max)} times per {_UNIT_EN[freq.per]}; as "
                "many are already recorded in the period. Make a new decision to give more.",
                source,
            )
    return None


def dose_behind(
    service: Service, start: dt.date, sessions: Sequence[dt.date], today: dt.date
) -> Reason | None:
    """Has the course fallen behind the minimum frequency (`frequency.min` per unit)? Counted over
    whole periods since the start; the current, unfinished period is not counted."""
    freq = service.frequency
    if freq is None or freq.min is None or freq.min <= 0 or today <= start:
        return None
    days = _window(freq.per)
    periods = (today - start).days // days
    if periods < 1:
        return None
    due = int(freq.min * periods)
    held = len([d for d in sessions if start <= d < start + dt.timedelta(days=days * periods)])
    if held >= due:
        return None
    name = str(service.name)
    return Reason(
        "dose-behind",
        f"»{name}« er planlagt mindst {int(freq.min)} gange pr. {_UNIT_DA[freq.per]}; "
        f"der er holdt {held} af {due} siden {_fmt(start)}.",
        f"“{name}” is planned at least {int(freq.min)} times per {_UNIT_EN[freq.per]}; "
        f"{held} of {due} have been held since {_fmt(start)}.",
        str(service.source),
    )


_UNIT_DA = {TimeUnit.day: "dag", TimeUnit.week: "uge", TimeUnit.month: "måned", TimeUnit.year: "år"}
_UNIT_EN = {
    TimeUnit.day: "day",
    TimeUnit.week: "week",
    TimeUnit.month: "month",
    TimeUnit.year: "year",
}
_UNIT_DA_PLURAL = {"dag": "dage", "uge": "uger", "måned": "måneder", "år": "år"}

_RANK = {
    Intensity.low: 0,
    Intensity.medium: 1,
    Intensity.intensive: 2,
    Intensity.day: 3,
    Intensity.residential: 4,
}
_LOAD_DA = {"low": "lav", "moderate": "moderat", "high": "høj"}
_LOAD_EN = {"low": "low", "moderate": "moderate", "high": "high"}


def more_intensive_than_assessed(
    visitation: Visitation, service: Service, load_degree: str | None
) -> Reason | None:
    """Where the standard follows the least-intrusive principle, a grant of a service more
    intensive than the assessed load degree suggests needs a reason: this says so."""
    scale = visitation.load_degree_intensity
    if not visitation.least_intrusive or not load_degree or service.intensity is None:
        return None
    if scale is None:  # the schema refuses least_intrusive without its scale
        return None
    # the standard's own scale: which intensity each load degree suggests
    suggested = {"low": scale.low, "moderate": scale.moderate, "high": scale.high}.get(load_degree)
    if suggested is None or _RANK[service.intensity] <= _RANK[suggested]:
        return None
    return Reason(
        "least-intrusive",
        f"Ydelsen er mere intensiv, end den vurderede belastningsgrad "
        f"({_LOAD_DA.get(load_degree, load_degree)}) tilsiger; standarden følger mindste "
        "indgrebs princip. Begrund valget af den mere intensive ydelse.",
        f"The service is more intensive than the assessed load degree "
        f"({_LOAD_EN.get(load_degree, load_degree)}) suggests; the standard follows the "
        "least-intrusive principle. Give the reason for the more intensive service.",
        str(scale.source),
    )


def deciding_forum(standard: Standard, service: Service, forum_id: str | None) -> Forum | None:
    """The forum that decides on the service: the one named, else the first the service names."""
    forums = {f.id: f for f in standard.visitation.forums}
    if forum_id:
        return forums.get(forum_id)
    return next((forums[f] for f in service.granted_by if f in forums), None)


def may_decide(standard: Standard, forum: Forum | None, role: str) -> Reason | None:
    """Where authority and provider are separate, only the roles the deciding forum names
    (`decides_with`) may decide; elsewhere the permission system decides alone."""
    visitation = standard.visitation
    if not visitation.authority_provider_separate or forum is None or not forum.decides_with:
        return None
    roles = [str(r) for r in forum.decides_with]
    if role in roles or ("team" in roles and role in ("treater", "nurse", "doctor")):
        return None
    return Reason(
        "decides-with",
        f"Myndighed og udfører er adskilt: afgørelser træffes i »{forum.name}« af "
        f"{', '.join(_ROLE_DA.get(r, r) for r in roles)}.",
        f"Authority and provider are separate: decisions are made in “{forum.name}” by "
        f"{', '.join(_ROLE_EN.get(r, r) for r in roles)}.",
        str(forum.source),
    )


_ROLE_DA = {
    "treater": "behandler",
    "visitation_caseworker": "visitationsrådgiver",
    "doctor": "læge",
    "nurse": "sygeplejerske",
    "centre_leader": "centerleder",
    "team": "teamet",
}
_ROLE_EN = {
    "treater": "a treater",
    "visitation_caseworker": "a visitation caseworker",
    "doctor": "a doctor",
    "nurse": "a nurse",
    "centre_leader": "the centre leader",
    "team": "the team",
}


# Talks and sessions count towards a service's dose; doctor's and nurse's consultations and
# network meetings do not (they are the course's, not the service's).
SESSION_KINDS = frozenset({"individual", "group", "phone"})


def _span_words(low: float | None, high: float | None) -> tuple[str, str]:
    if low is not None and high is not None:
        if low == high:
            return f"{int(low)}", f"{int(low)}"
        return f"{int(low)}–{int(high)}", f"{int(low)}–{int(high)}"
    if high is not None:
        return f"højst {int(high)}", f"at most {int(high)}"
    if low is not None:
        return f"mindst {int(low)}", f"at least {int(low)}"
    return "", ""


def planned_dose(service: Service) -> tuple[str, str] | None:
    """The planned dose as the course page shows it, in Danish and English, e.g. "højst 5
    samtaler · inden for 3 uger"; None when the standard states none."""
    da: list[str] = []
    en: list[str] = []
    if service.sessions is not None:
        w_da, w_en = _span_words(service.sessions.min, service.sessions.max)
        if w_da:
            da.append(f"{w_da} samtaler/sessioner")
            en.append(f"{w_en} sessions")
    if service.frequency is not None:
        w_da, w_en = _span_words(service.frequency.min, service.frequency.max)
        if w_da:
            da.append(f"{w_da} gange pr. {_UNIT_DA[service.frequency.per]}")
            en.append(f"{w_en} times per {_UNIT_EN[service.frequency.per]}")
    if service.duration is not None:
        unit = service.duration.unit
        w_da, w_en = _span_words(service.duration.min, service.duration.max)
        if w_da:
            da.append(f"i {w_da} {_UNIT_DA_PLURAL[_UNIT_DA[unit]]}")
            en.append(f"for {w_en} {_UNIT_EN[unit]}s")
    if not da:
        return None
    return " · ".join(da), " · ".join(en)
