"""The reports (R42–R44): the goal-attainment annex of a municipality's standard and the leaders'
figures, computed by the pure KPI rules over the facts of one municipality.

`annex_for` and `dashboard_for` take the acting user and check `reporting.view` (leaders,
administrators and visitation caseworkers; deny by default). The reports are aggregates: no
citizen's data is returned, so no read-log entry is written per citizen (decision D in
`docs/decisions.md`). `annex_report` is the unguarded computation used by the public document
(aggregates only, small cells hidden) and by the operator's command line; `dashboard_report` is
the unguarded computation of the leaders' figures, used by `dashboard_for` and the command line.

Every report is also a list of `Table`s: the accessible tables beside the charts, the CSV and the
XLSX exports are the same rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import get_language, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from vendepunkt.accounts.access import Actor, require
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.accounts.inputs import PLANNED, check_dates, check_year
from vendepunkt.accounts.models import Municipality
from vendepunkt.courses.vocabulary import (
    TREATMENT_TRACKS,
    DischargeOutcome,
    DischargeStatus,
    Substance,
    label_of,
    legal_name,
)
from vendepunkt.rules import kpi
from vendepunkt.rules.kpi import Filters, Period

from .facts import Facts, load_facts, target_specs

if TYPE_CHECKING:
    from django.db import models

SUBSTANCES = (Substance.DRUGS.value, Substance.ALCOHOL.value)  # the key figures' two groups
TRACKS = TREATMENT_TRACKS
# Public documents hide figures of fewer courses than this (small cells could point to a person).
PUBLIC_MIN_CELL = 5
RETENTION_DAYS = (30, 90, 180, 365)


@dataclass(frozen=True)
class Scope:
    """The user's municipality as an object the permission rules can test."""

    municipality_id: int | None


@dataclass(frozen=True)
class Table:
    id: str
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


@dataclass
class AnnexReport:
    municipality: Municipality
    standard: object
    period: Period
    as_of: dt.date
    results: list[kpi.TargetResult]
    courses: int

    @property
    def year(self) -> int:
        return self.period.start.year


@dataclass
class Dashboard:
    municipality: Municipality
    period: Period
    as_of: dt.date
    filters: Filters
    figures: kpi.LeaderFigures
    flow: dict[str, Any]
    outcomes: dict[str, Any]
    retention: dict[str, list[kpi.KMPoint]]
    facts: Facts
    group_by: str = "service"
    tables: list[Table] = field(default_factory=list)

    @property
    def horizon(self) -> dt.date:
        """The day running courses are censored on in the retention curves."""
        return min(self.as_of, self.period.end)


def _scope(user: Actor) -> Scope:
    return Scope(getattr(user, "municipality_id", None))


def may_view(user: Actor) -> bool:
    from vendepunkt.accounts.access import can

    return can(user, "reporting.view", _scope(user))


def annex_report(municipality: Municipality, year: int, as_of: dt.date) -> AnnexReport:
    """The annex of one municipality's standard for a calendar year, measured on `as_of`."""
    standard = municipality.standard()
    facts = load_facts(municipality)
    period = Period.year(year)
    results = kpi.annex(target_specs(standard), facts.courses, period, as_of, facts.move_services)
    return AnnexReport(municipality, standard, period, as_of, results, len(facts.courses))


def annex_for(user: Actor, *, year: int, as_of: dt.date) -> AnnexReport:
    require(user, "reporting.view", _scope(user))
    check_year(year, today=as_of)
    return annex_report(user.municipality, year, as_of)


def dashboard_for(
    user: Actor, *, period: Period, filters: Filters, as_of: dt.date, group_by: str = "service"
) -> Dashboard:
    require(user, "reporting.view", _scope(user))
    check_dates(as_of, start=(period.start, PLANNED), end=(period.end, PLANNED))
    if group_by not in GROUP_LABELS:
        raise ServiceError(
            _("Unknown grouping: %(groups)s."),
            groups=list(GROUP_LABELS),
            field="group_by",
        )
    return dashboard_report(
        user.municipality, period=period, filters=filters, as_of=as_of, group_by=group_by
    )


def dashboard_report(
    municipality: Municipality,
    *,
    period: Period,
    filters: Filters,
    as_of: dt.date,
    group_by: str = "service",
) -> Dashboard:
    """The leaders' figures of one municipality, unguarded: the web page reaches it through
    `dashboard_for` (permission checked), the operator's command line directly."""
    facts = load_facts(municipality)
    pool = [c for c in kpi.known_on(facts.courses, as_of) if filters.keep(c)]
    figures = kpi.leader_figures(
        facts.courses,
        facts.complaints,
        facts.capacities,
        period,
        as_of,
        facts.move_services,
        filters,
    )

    def first_service(c: kpi.CourseFacts) -> str:
        if c.services:
            sid = min(c.services, key=lambda s: s.start_on).service_id
            return facts.service_names.get(sid, sid)
        return "—"

    def group(c: kpi.CourseFacts) -> str:
        if group_by == "track":
            return legal_name(c.track)
        if group_by == "substance":
            return str(SUBSTANCE_GROUP.get(c.substance or "", pgettext("dashboard", "unknown")))
        return first_service(c)

    board = Dashboard(
        municipality=municipality,
        period=period,
        as_of=as_of,
        filters=filters,
        figures=figures,
        flow=kpi.flow(pool, period),
        outcomes=kpi.outcomes(pool, period),
        retention=kpi.retention(pool, period, as_of, group),
        group_by=group_by,
        facts=facts,
    )
    board.tables = [
        *dashboard_tables(board),
        gift_voucher_table(gift_vouchers(municipality, period)),
    ]
    return board


# --- gift vouchers (R16, issue 12 § 4) -------------------------------------------------------


@dataclass(frozen=True)
class GiftVoucherReport:
    """The gift vouchers given in a period: how many, their value in DKK, and how many carry no
    value (the standard states none)."""

    period: Period
    count: int
    value: int
    unvalued: int


def gift_vouchers(municipality: Municipality, period: Period) -> GiftVoucherReport:
    """Unguarded: the vouchers given at appointments inside the period (one query, reading only
    that period's rows)."""
    from django.db.models import Count, Q, Sum

    from vendepunkt.courses.models import Appointment

    totals = Appointment.objects.filter(
        municipality=municipality,
        gift_voucher=True,
        at__date__gte=period.start,
        at__date__lte=period.end,
    ).aggregate(
        count=Count("id"),
        value=Sum("gift_voucher_value"),
        unvalued=Count("id", filter=Q(gift_voucher_value__isnull=True)),
    )
    return GiftVoucherReport(
        period, totals["count"] or 0, totals["value"] or 0, totals["unvalued"] or 0
    )


def gift_voucher_report(user: Actor, *, period: Period, today: dt.date) -> GiftVoucherReport:
    """The gift vouchers of the period asked (leaders; R16)."""
    require(user, "reporting.view", _scope(user))
    check_dates(today, start=(period.start, PLANNED), end=(period.end, PLANNED))
    if period.end < period.start:
        raise ServiceError(_("The period ends before it starts."), field="end")
    return gift_vouchers(user.municipality, period)


def gift_voucher_table(report: GiftVoucherReport) -> Table:
    return Table(
        "gift_vouchers",
        pgettext("dashboard", "Gift vouchers"),
        (
            pgettext("dashboard", "Gift vouchers given"),
            pgettext("dashboard", "Value (DKK)"),
            pgettext("dashboard", "Without a stated value"),
        ),
        ((report.count, report.value, report.unvalued),),
    )


# --- tables ---------------------------------------------------------------------------------


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %".replace(".", ",")


def _rule_text(da: str, en: str) -> str:
    """One of a pure rule's (da, en) pairs, in the active language (the rules keep no gettext)."""
    return en if (get_language() or "da").startswith("en") else da


def share_row(name: str, share: kpi.Share) -> tuple[Any, ...]:
    return (name, share.numerator, share.denominator, share.excluded, pct(share.value))


def small(count: int) -> bool:
    """A count of 1–4 could point to a person: hidden in the public document."""
    return 0 < count < PUBLIC_MIN_CELL


def _small_share(share: kpi.Share | None) -> bool:
    return share is not None and (small(share.denominator) or small(share.numerator))


def _count(count: int, public: bool) -> int | str:
    return f"<{PUBLIC_MIN_CELL}" if public and small(count) else count


def annex_table(report: AnnexReport, *, public: bool = False) -> Table:
    """The annex as a table: each target, its figure, the measured share with its numerator,
    denominator and excluded courses, met or not. In the public document (`public`) a share
    whose denominator or numerator is 1–4, this year or the year before, is hidden and every
    count of 1–4 is shown as "<5", so no citizen can be recognised."""
    rows = []
    for r in report.results:
        share = r.share or kpi.Share(0, 0)
        hidden = public and (_small_share(share) or _small_share(r.previous))
        rows.append(
            (
                r.spec.description,
                _target_text(r.spec),
                pgettext("dashboard", "hidden (under 5 courses)")
                if hidden
                else _measured(r, share),
                "" if hidden else _count(share.numerator, public),
                _count(share.denominator, public),
                _count(share.excluded, public),
                "" if hidden else met_text(r.met),
                r.spec.source,
            )
        )
    return Table(
        "annex",
        pgettext("dashboard", "Goal attainment %(year)s: %(municipality)s")
        % {"year": report.year, "municipality": report.municipality.name},
        (
            pgettext("dashboard", "Target"),
            pgettext("annex", "Figure"),
            pgettext("dashboard", "Measured"),
            pgettext("dashboard", "Numerator"),
            pgettext("dashboard", "Denominator (population)"),
            pgettext("dashboard", "Excluded"),
            pgettext("dashboard", "Met"),
            pgettext("dashboard", "Source"),
        ),
        tuple(rows),
    )


def _measured(r: kpi.TargetResult, share: kpi.Share) -> str:
    text = pct(share.value)
    if r.previous is not None and r.previous.value is not None:
        text += pgettext("dashboard", " (the year before: ") + pct(r.previous.value) + ")"
    return text


DIRECTION = {
    "at_least": pgettext_lazy("dashboard", "at least"),
    "at_most": pgettext_lazy("dashboard", "at most"),
    "above": pgettext_lazy("dashboard", "above"),
    "decrease": pgettext_lazy("dashboard", "lower than the year before"),
    "all": pgettext_lazy("dashboard", "all"),
}


def _target_text(spec: kpi.TargetSpec) -> str:
    word = str(DIRECTION.get(spec.direction, spec.direction))
    if spec.target is None or spec.direction == "decrease":
        return word
    if spec.direction == "all" and spec.target == 1.0:
        return f"{word} (100 %)"
    return f"{word} {pct(spec.target)}"


def met_text(met: bool | None) -> str:
    if met is None:
        return pgettext("dashboard", "not measurable")
    return pgettext("dashboard", "yes") if met else pgettext("dashboard", "no")


SHARE_HEADERS = (
    pgettext_lazy("dashboard", "Figure"),
    pgettext_lazy("dashboard", "Numerator"),
    pgettext_lazy("dashboard", "Denominator"),
    pgettext_lazy("dashboard", "Excluded"),
    pgettext_lazy("dashboard", "Share"),
)


def dashboard_tables(board: Dashboard) -> list[Table]:
    f = board.figures
    headers = tuple(str(h) for h in SHARE_HEADERS)
    m = kpi.METRICS

    def name(mid: str) -> str:
        return _rule_text(m[mid].name_da, m[mid].name_en)

    kpis = Table(
        "kpis",
        pgettext("dashboard", "Key figures"),
        headers,
        (
            share_row(
                name("completed_as_planned") + pgettext("dashboard", " (drugs)"), f.completed_drugs
            ),
            share_row(
                name("completed_as_planned") + pgettext("dashboard", " (alcohol)"),
                f.completed_alcohol,
            ),
            share_row(name("abstinent_after_treatment"), f.abstinent),
            share_row(name("reduced_after_treatment"), f.reduced),
            share_row(name("return_within_12_months"), f.returns),
            share_row(name("offered_move_under_30"), f.move_under_30),
            share_row(name("started_within_guarantee"), f.guarantee),
            share_row(name("follow_ups_on_time"), f.follow_ups),
            share_row(name("plan_reviews_on_time"), f.plan_reviews),
            share_row(name("complaints_on_time"), f.complaints),
        ),
    )
    w = f.waiting
    waiting = Table(
        "waiting",
        pgettext("dashboard", "Waiting time from request to start (days)"),
        (pgettext("dashboard", "Days"), pgettext("dashboard", "Courses")),
        tuple(w.buckets),
    )
    waiting_summary = Table(
        "waiting_summary",
        pgettext("dashboard", "Waiting time: summary"),
        (pgettext("dashboard", "Figure"), pgettext("dashboard", "Value")),
        (
            (pgettext("dashboard", "Courses started"), w.n),
            ("Median", "—" if w.median is None else w.median),
            (pgettext("dashboard", "Mean"), "—" if w.mean is None else w.mean),
            (pgettext("dashboard", "90th percentile"), "—" if w.p90 is None else w.p90),
        ),
    )
    guarantee = Table(
        "guarantee",
        pgettext("dashboard", "The treatment guarantee"),
        headers,
        (share_row(name("started_within_guarantee"), f.guarantee),),
    )
    steps = {
        "requests": pgettext("dashboard", "Requests"),
        "decisions": pgettext("dashboard", "Grants"),
        "starts": pgettext("dashboard", "Starts"),
        "discharges": pgettext("dashboard", "Discharges"),
    }
    month_keys = kpi.months(board.period)
    flow = Table(
        "flow",
        pgettext("dashboard", "Flow per month"),
        (pgettext("dashboard", "Month"), *steps.values()),
        tuple(
            (f"{y}-{mo:02d}", *(board.flow[s][(y, mo)] for s in kpi.FLOW_STEPS))
            for y, mo in month_keys
        ),
    )
    o = board.outcomes
    outcomes = Table(
        "outcomes",
        pgettext("dashboard", "Outcomes at discharge"),
        (pgettext("dashboard", "Outcome"), pgettext("dashboard", "Courses")),
        (
            *tuple((_label(DischargeOutcome, k), v) for k, v in o["outcome"].items()),
            (pgettext("dashboard", "Follow-ups recorded"), o["follow_ups_recorded"]),
            (
                pgettext("dashboard", "Follow-ups reaching the citizen"),
                o["follow_ups_reached"],
            ),
        ),
    )
    statuses = Table(
        "statuses",
        pgettext("dashboard", "Discharge status"),
        (pgettext("dashboard", "Status"), pgettext("dashboard", "Courses")),
        tuple((_label(DischargeStatus, k), v) for k, v in o["status"].items()),
    )
    retention = Table(
        "retention",
        pgettext("dashboard", "Retention in treatment (Kaplan–Meier)"),
        (
            str(GROUP_LABELS[board.group_by]),
            pgettext("dashboard", "Courses"),
            *(pgettext("dashboard", "After %(days)s days") % {"days": d} for d in RETENTION_DAYS),
        ),
        tuple(
            (group, points[0].at_risk, *(pct(kpi.survival_at(points, d)) for d in RETENTION_DAYS))
            for group, points in board.retention.items()
        ),
    )
    curves = Table(
        "retention_curves",
        pgettext("dashboard", "The Kaplan–Meier curves"),
        (
            str(GROUP_LABELS[board.group_by]),
            pgettext("dashboard", "Days"),
            pgettext("dashboard", "At risk"),
            pgettext("dashboard", "Ended"),
            pgettext("dashboard", "Still in treatment"),
        ),
        tuple(
            (group, p.day, p.at_risk, p.events, pct(p.survival))
            for group, points in board.retention.items()
            for p in points
        ),
    )
    capacity = Table(
        "capacity",
        pgettext("dashboard", "Capacity use"),
        (
            pgettext("dashboard", "Service or centre"),
            pgettext("dashboard", "Unit"),
            pgettext("dashboard", "Capacity"),
            pgettext("dashboard", "Used"),
            pgettext("dashboard", "Available in the period"),
            pgettext("dashboard", "Use"),
        ),
        tuple(
            (
                u.capacity.name
                + (
                    f" ({SUBSTANCE_GROUP.get(u.capacity.substance, u.capacity.substance)})"
                    if u.capacity.substance
                    else ""
                ),
                str(UNIT_LABELS.get(u.capacity.unit, u.capacity.unit)),
                u.capacity.amount,
                u.used,
                u.available,
                pct(u.value),
            )
            for u in f.capacity
        ),
    )
    return [
        kpis,
        guarantee,
        waiting_summary,
        waiting,
        flow,
        retention,
        curves,
        statuses,
        outcomes,
        capacity,
    ]


def _label(choices: type[models.TextChoices], value: str) -> str:
    """A discharge status or outcome in the active language; "unknown" is one not recorded."""
    if value == "unknown":
        return pgettext("dashboard", "Not recorded")
    return label_of(choices, value)


# The substance groups of the key figures (kpi: "drugs" covers every drug) and of capacities.
SUBSTANCE_GROUP = {
    "drugs": pgettext_lazy("substance group", "drugs"),
    "alcohol": pgettext_lazy("substance group", "alcohol"),
    "cannabis": pgettext_lazy("substance group", "cannabis"),
    "opioids": pgettext_lazy("substance group", "opioids"),
}
GROUP_LABELS = {
    "service": pgettext_lazy("dashboard", "First service"),
    "track": pgettext_lazy("dashboard", "Legal track"),
    "substance": pgettext_lazy("dashboard", "Substance"),
}
UNIT_LABELS = {
    "courses": pgettext_lazy("dashboard", "courses per year"),
    "places": pgettext_lazy("dashboard", "places"),
    "participants": pgettext_lazy("dashboard", "participants per year"),
}


def public_annex(standard_id: str, year: int, as_of: dt.date) -> AnnexReport | None:
    """The annex for the public document of a standard: only when exactly one municipality works
    by the file (the document is the standard's, the results are that municipality's)."""
    found = list(Municipality.objects.filter(standard_id=standard_id)[:2])
    if len(found) != 1:
        return None
    return annex_report(found[0], year, as_of)


def annex_year(value: str | None, today: dt.date) -> int:
    """The annex's year from a request parameter: a year up to this one, else the last full year."""
    try:
        year = int(value or "")
    except ValueError:
        return today.year - 1
    return year if 2000 <= year <= today.year else today.year - 1


def definitions(metric_ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The written definitions of the metrics (docs/kpi.md) in the active language."""
    lang = "en" if (get_language() or "da").startswith("en") else "da"
    chosen = metric_ids if metric_ids is not None else kpi.METRICS.keys()
    out = []
    for mid in dict.fromkeys(chosen):
        m = kpi.METRICS[mid]
        out.append(
            {
                "id": m.id,
                "name": m.name_en if lang == "en" else m.name_da,
                "population": m.population.get(lang),
                "numerator": m.numerator.get(lang),
                "denominator": m.denominator.get(lang),
                "period": m.period.get(lang),
                "exclusions": m.exclusions.get(lang),
                "source": m.cited,
            }
        )
    return out
