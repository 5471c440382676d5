"""The standards linter: a standard checked against the law floor and against itself.

Each check is a small function that yields `Finding`s; `lint()` runs them all. A finding names
its rule, severity, the legal citation (where it is about the law), the place in the file
(dotted path and line) and a message in Danish and English. `today` is an argument, so the
result is a pure function of the file, the floor and the date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from itertools import combinations
from typing import Any

from ..dates import date_text
from ..deadlines.periods import _DISCHARGE, _EXCEPTION
from ..law import LawFloor, ProvisionStatus, law_floor
from .loader import LoadedStandard
from .schema import (
    ComplaintKind,
    DeadlineKind,
    Event,
    NarrativeKey,
    Period,
    Standard,
    TimeUnit,
)

DAYS = {TimeUnit.day: 1.0, TimeUnit.week: 7.0, TimeUnit.month: 30.44, TimeUnit.year: 365.25}
PER_MONTH = {TimeUnit.day: 30.44, TimeUnit.week: 4.345, TimeUnit.month: 1.0, TimeUnit.year: 1 / 12}
GUARANTEED_BASES = ("SEL-101", "SUL-141", "SUL-142")


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


SEVERITY_ORDER = {Severity.error: 0, Severity.warning: 1, Severity.info: 2}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    path: str
    message_da: str
    message_en: str
    citation: str | None = None
    line: int | None = None

    def key(self) -> tuple[int, str, str]:
        return (SEVERITY_ORDER[self.severity], self.rule, self.path)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "path": self.path,
            "line": self.line,
            "citation": self.citation,
            "message_da": self.message_da,
            "message_en": self.message_en,
        }


def days(period: Period) -> float:
    return period.amount * DAYS[period.unit]


_UNIT_DA = {
    "day": ("dag", "dage"),
    "week": ("uge", "uger"),
    "month": ("måned", "måneder"),
    "year": ("år", "år"),
}


def fmt(period: Period) -> str:
    """The period in English, e.g. '6 months'."""
    return f"{period.amount} {period.unit}{'' if period.amount == 1 else 's'}"


_EVENT_DA = {
    "personal_attendance": "personligt fremmøde",
    "decision": "afgørelsen",
    "treatment_start": "behandlingens start",
    "contact": "henvendelsen",
}
_EVENT_EN = {
    "personal_attendance": "personal attendance",
    "decision": "the decision",
    "treatment_start": "the start of treatment",
    "contact": "the contact",
}


def fmt_da(period: Period) -> str:
    singular, plural = _UNIT_DA[str(period.unit)]
    return f"{period.amount} {singular if period.amount == 1 else plural}"


@dataclass
class _Ctx:
    std: Standard
    floor: LawFloor
    today: dt.date


def _f(
    rule: str,
    severity: Severity,
    path: str,
    da: str,
    en: str,
    citation: str | None = None,
) -> Finding:
    return Finding(
        rule=rule, severity=severity, path=path, message_da=da, message_en=en, citation=citation
    )


# --- the document ---------------------------------------------------------------------------


def check_revision(c: _Ctx) -> Iterator[Finding]:
    doc, rev = c.std.document, c.floor.revision
    limit = days(rev.at_most)
    if doc.revision_interval and days(doc.revision_interval) > limit + 1:
        yield _f(
            "revision-interval",
            Severity.error,
            "document.revision_interval",
            f"Revisionsintervallet {fmt_da(doc.revision_interval)} er længere end lovens højst {fmt_da(rev.at_most)}.",
            f"The revision interval {fmt(doc.revision_interval)} exceeds the legal maximum of {fmt(rev.at_most)}.",
            rev.citation,
        )
    due = doc.next_revision
    if due is None:
        # Revised at least every second year: counted from adoption, else from the period's start.
        start = doc.adopted or doc.period_start
        due = start + dt.timedelta(days=round(limit)) if start else None
    if due is None:
        yield _f(
            "revision-date-missing",
            Severity.warning,
            "document.next_revision",
            "Standarden angiver hverken vedtagelsesdato, periode eller næste revision; fristen for revision kan ikke følges.",
            "The standard states no adoption date, period or next revision; its revision deadline cannot be followed.",
            rev.citation,
        )
    elif due < c.today:
        yield _f(
            "revision-overdue",
            Severity.error,
            "document",
            f"Standarden skulle have været revideret senest {date_text(due)}; den er forældet.",
            f"The standard was due for revision by {date_text(due)}; it is out of date.",
            rev.citation,
        )
    if doc.period_end is not None and doc.period_end < c.today:
        yield _f(
            "period-expired",
            Severity.warning,
            "document.period_end",
            f"Standardens periode udløb {date_text(doc.period_end)}.",
            f"The standard's period ended on {date_text(doc.period_end)}.",
        )
    if doc.adopted is None:
        yield _f(
            "adoption-missing",
            Severity.warning,
            "document.adopted",
            "Standarden angiver ikke, hvornår den blev vedtaget af kommunalbestyrelsen.",
            "The standard does not state when the municipal council adopted it.",
            rev.citation,
        )


def check_mandatory_sections(c: _Ctx) -> Iterator[Finding]:
    s, n = c.std, c.std.narrative
    if "SEL-101" not in s.legal_bases:
        return
    present = {
        "tasks": bool(s.services),
        "target_group": bool(s.target_groups),
        "goals_values": bool(
            {NarrativeKey.goals, NarrativeKey.values, NarrativeKey.purpose} & n.keys()
        )
        or bool(s.qualitative_goals)
        or bool(s.kpi_targets),
        "organisation": bool(s.centres) or NarrativeKey.organisation in n,
        "visitation": bool(s.visitation.forums) or bool(s.visitation.procedure),
        "guarantee": bool(s.deadlines_of(DeadlineKind.treatment_guarantee)),
        "free_choice": bool(s.free_choice),
        "plan": s.plan.at_start is not None or bool(s.deadlines_of(DeadlineKind.plan_review)),
        "action_plans": NarrativeKey.action_plan in n or s.plan.action_plan_separate is not None,
        "user_involvement": NarrativeKey.user_involvement in n,
        "payment": bool(s.payment.self_payment),
        "complaints": bool(s.complaints.routes),
        "staff": NarrativeKey.staff in n,
        "monitoring": bool(s.monitoring.registers) or NarrativeKey.monitoring in n,
        "gift_vouchers": any(sv.gift_vouchers for sv in s.services),
    }
    for section in c.floor.mandatory_sections:
        if not present.get(section.key, False):
            severity = Severity.warning if section.key == "gift_vouchers" else Severity.error
            yield _f(
                f"mandatory-{section.key.replace('_', '-')}",
                severity,
                section.key,
                f"Standarden mangler det obligatoriske afsnit «{section.da}».",
                f"The standard lacks the mandatory section “{section.en}”.",
                c.floor.mandatory_sections_citation,
            )


# --- guarantee, doctor, plan, follow-up ------------------------------------------------------


def check_guarantee(c: _Ctx) -> Iterator[Finding]:
    guarantees = c.std.deadlines_of(DeadlineKind.treatment_guarantee)
    for basis in GUARANTEED_BASES:
        law = c.floor.guarantee(basis)
        if basis not in c.std.legal_bases or law is None:
            continue
        mine = [
            (i, d)
            for i, d in enumerate(c.std.deadlines)
            if d.kind == DeadlineKind.treatment_guarantee and basis in d.legal_bases
        ]
        if not mine:
            yield _f(
                "guarantee-missing",
                Severity.error,
                "deadlines",
                f"Ingen behandlingsgaranti for {c.floor.citation(basis)}; loven kræver start senest {law.days} dage efter henvendelsen.",
                f"No treatment guarantee for {c.floor.citation(basis)}; the law requires a start within {law.days} days of the request.",
                law.citation,
            )
        for i, d in mine:
            path = f"deadlines[{i}]"
            if d.within is not None and days(d.within) > law.days:
                yield _f(
                    "guarantee-too-long",
                    Severity.error,
                    f"{path}.within",
                    f"Garantien på {fmt_da(d.within)} er længere end lovens {law.days} dage.",
                    f"The guarantee of {fmt(d.within)} is longer than the law's {law.days} days.",
                    law.citation,
                )
            if d.counts_from not in (None, law.counts_from, Event.contact):
                yield _f(
                    "guarantee-counts-from",
                    Severity.warning,
                    f"{path}.counts_from",
                    f"Fristen regnes fra «{_EVENT_DA.get(d.counts_from, d.counts_from)}», men loven regner fra henvendelsen. Vendepunkt gemmer lovens dato ({law.days} dage fra henvendelsen) og viser standardens senere dato ved siden af; den bruges ikke.",
                    f"The deadline counts from “{_EVENT_EN.get(d.counts_from, d.counts_from)}”, but the law counts from the request. Vendepunkt stores the law's date ({law.days} days from the request) and shows the standard's later date beside it; it is not used.",
                    law.citation,
                )
            extra = [e for e in d.exceptions if e not in law.exceptions]
            if extra:
                yield _f(
                    "guarantee-extra-exceptions",
                    Severity.info,
                    f"{path}.exceptions",
                    f"Undtagelser ud over lovens: {', '.join(_EXCEPTION.get(e, (e, e))[0] for e in extra)}. De er accepteret praksis, men skal begrundes i den enkelte sag.",
                    f"Exceptions beyond the statutory ones: {', '.join(_EXCEPTION.get(e, (e, e))[1] for e in extra)}. They are accepted practice but must be reasoned in each case.",
                    law.exceptions_citation or law.citation,
                )
    not_guaranteed = {n.legal_basis: n for n in c.floor.not_guaranteed}
    for i, d in enumerate(guarantees):
        for basis in d.legal_bases:
            if basis in not_guaranteed:
                yield _f(
                    "guarantee-beyond-law",
                    Severity.info,
                    f"deadlines[{i}].legal_bases",
                    f"{c.floor.citation(basis)} er ikke omfattet af garantien efter loven; standarden giver mere.",
                    f"{c.floor.citation(basis)} is not covered by the statutory guarantee; the standard offers more.",
                    not_guaranteed[basis].citation,
                )


def check_doctor(c: _Ctx) -> Iterator[Finding]:
    law = c.floor.doctor_consultation
    if set(law.applies_to) & set(c.std.legal_bases) and not c.std.deadlines_of(
        DeadlineKind.doctor_consultation
    ):
        yield _f(
            "doctor-consultation-missing",
            Severity.warning,
            "deadlines",
            "Standarden fastsætter ingen frist for lægesamtalen, som skal finde sted inden stofmisbrugsbehandlingen iværksættes.",
            "The standard sets no deadline for the doctor's consultation, which must take place before drug treatment starts.",
            law.citation,
        )


def check_plan(c: _Ctx) -> Iterator[Finding]:
    law = c.floor.plan_at_start
    if set(law.applies_to) & set(c.std.legal_bases) and c.std.plan.at_start is not True:
        yield _f(
            "plan-at-start-missing",
            Severity.error,
            "plan.at_start",
            "Standarden lover ikke en behandlingsplan ved behandlingens start.",
            "The standard does not promise a treatment plan at the start of treatment.",
            law.citation,
        )


def check_follow_up(c: _Ctx) -> Iterator[Finding]:
    law = c.floor.follow_up
    if "SEL-101" not in c.std.legal_bases:
        return
    mine = [(i, d) for i, d in enumerate(c.std.deadlines) if d.kind == DeadlineKind.follow_up]
    if not mine:
        yield _f(
            "follow-up-missing",
            Severity.error,
            "deadlines",
            "Standarden beskriver ingen opfølgning efter afsluttet behandling (lovkrav: senest 1 og igen 6 måneder efter).",
            "The standard describes no follow-up after discharge (required: at the latest 1 and again 6 months after).",
            law.citation,
        )
        return
    for offset in law.offsets:
        if not any(d.within and abs(days(d.within) - days(offset)) <= 3 for _, d in mine):
            others_da = ", ".join(fmt_da(d.within) for _, d in mine if d.within)
            others = ", ".join(fmt(d.within) for _, d in mine if d.within)
            yield _f(
                "follow-up-offset",
                Severity.error,
                "deadlines",
                f"Opfølgningen efter {fmt_da(offset)} mangler (standarden har: {others_da}). Loven går forud: systemet planlægger opfølgning efter {fmt_da(offset)}.",
                f"The follow-up after {fmt(offset)} is missing (the standard has: {others}). The law prevails: the system schedules a follow-up after {fmt(offset)}.",
                law.citation,
            )
    for i, d in mine:
        missing = [s for s in law.discharge_statuses if s not in d.discharge_statuses]
        if missing:
            yield _f(
                "follow-up-statuses",
                Severity.warning,
                f"deadlines[{i}].discharge_statuses",
                f"Opfølgningen dækker ikke udskrivningsstatus: {', '.join(_DISCHARGE[m][0] for m in missing)}.",
                f"The follow-up does not cover discharge status: {', '.join(_DISCHARGE[m][1] for m in missing)}.",
                law.citation,
            )


# --- complaints ------------------------------------------------------------------------------


def check_complaints(c: _Ctx) -> Iterator[Finding]:
    law = c.floor.complaints
    routes = c.std.complaints.routes
    social = [(i, r) for i, r in enumerate(routes) if r.kind == ComplaintKind.social_decision]
    if "SEL-101" in c.std.legal_bases and not social:
        yield _f(
            "complaint-route-missing",
            Severity.error,
            "complaints.routes",
            f"Ingen klagevejledning for afgørelser om social behandling (klagefrist {fmt_da(law.social_decision.period)}, derefter {law.social_decision.next_instance}).",
            f"No complaint route for decisions on social treatment (period {fmt(law.social_decision.period)}, then {law.social_decision.next_instance}).",
            law.social_decision.citation,
        )
    for i, r in social:
        if r.period is not None and days(r.period) < days(law.social_decision.period):
            yield _f(
                "complaint-period-short",
                Severity.error,
                f"complaints.routes[{i}].period",
                f"Klagefristen {fmt_da(r.period)} er kortere end lovens {fmt_da(law.social_decision.period)}.",
                f"The complaint period {fmt(r.period)} is shorter than the law's {fmt(law.social_decision.period)}.",
                law.social_decision.citation,
            )
    for i, r in enumerate(routes):
        for rule in law.not_appealable:
            if rule.legal_basis in r.legal_bases and r.next_instance:
                yield _f(
                    "complaint-not-appealable",
                    Severity.error,
                    f"complaints.routes[{i}].legal_bases",
                    f"Afgørelser efter {c.floor.citation(rule.legal_basis)} kan ikke indbringes for anden administrativ myndighed; standarden sender dem videre til {r.next_instance}. Loven går forud.",
                    f"Decisions under {c.floor.citation(rule.legal_basis)} cannot be appealed to another administrative authority; the standard forwards them to {r.next_instance}. The law prevails.",
                    rule.citation,
                )
        for field in ("first_instance", "next_instance"):
            yield from _outdated_body(c, getattr(r, field), f"complaints.routes[{i}].{field}")


def _outdated_body(c: _Ctx, name: str | None, path: str) -> Iterator[Finding]:
    if not name:
        return
    for body in c.floor.outdated_bodies:
        if body.as_written.casefold() in name.casefold():
            note_da = "" if body.verified else " (ikke endeligt verificeret)"
            note_en = "" if body.verified else " (not yet verified)"
            yield _f(
                "outdated-body",
                Severity.warning,
                path,
                f"«{body.as_written}» er en tidligere myndighed; i dag: {body.current}{note_da}.",
                f"“{body.as_written}” is a former authority; today: {body.current}{note_en}.",
                body.citation,
            )


# --- references, legal bases, registers ------------------------------------------------------


def check_references(c: _Ctx) -> Iterator[Finding]:
    for i, ref in enumerate(c.std.references):
        provision = c.floor.provision(ref.provision)
        path = f"references[{i}]"
        if provision is None:
            yield _f(
                "unknown-provision",
                Severity.error,
                f"{path}.provision",
                f"Ukendt bestemmelse «{ref.provision}» (skrevet som «{ref.as_written}»).",
                f"Unknown provision “{ref.provision}” (written as “{ref.as_written}”).",
            )
        elif provision.status != ProvisionStatus.in_force:
            successor = c.floor.provision(provision.replaced_by) if provision.replaced_by else None
            now = successor.citation if successor else "—"
            yield _f(
                "repealed-provision",
                Severity.warning,
                path,
                f"«{ref.as_written}» henviser til en ophævet eller flyttet bestemmelse; gældende: {now}.",
                f"“{ref.as_written}” cites a repealed or moved provision; in force: {now}.",
                provision.citation,
            )


def check_legal_bases(c: _Ctx) -> Iterator[Finding]:
    known = {p.id for p in c.floor.provisions}
    for i, basis in enumerate(c.std.legal_bases):
        if basis not in known:
            yield _f(
                "unknown-legal-basis",
                Severity.error,
                f"legal_bases[{i}]",
                f"Ukendt lovgrundlag «{basis}».",
                f"Unknown legal basis “{basis}”.",
            )
    for i, s in enumerate(c.std.services):
        for basis in s.legal_bases:
            if basis not in known:
                yield _f(
                    "unknown-legal-basis",
                    Severity.error,
                    f"services[{i}].legal_bases",
                    f"Ydelsen «{s.name}» har ukendt lovgrundlag «{basis}».",
                    f"The service “{s.name}” has an unknown legal basis “{basis}”.",
                )
            elif basis not in c.std.legal_bases:
                yield _f(
                    "legal-basis-not-declared",
                    Severity.warning,
                    f"services[{i}].legal_bases",
                    f"Ydelsen «{s.name}» bygger på {c.floor.citation(basis)}, som standarden ikke angiver som lovgrundlag.",
                    f"The service “{s.name}” rests on {c.floor.citation(basis)}, which the standard does not list as a legal basis.",
                )


def check_registers(c: _Ctx) -> Iterator[Finding]:
    for i, reg in enumerate(c.std.monitoring.registers):
        info = c.floor.register(reg.id)
        if info is None:
            yield _f(
                "unknown-register",
                Severity.warning,
                f"monitoring.registers[{i}]",
                f"Ukendt register «{reg.name_as_written}».",
                f"Unknown register “{reg.name_as_written}”.",
            )
        elif info.status == "ended":
            yield _f(
                "register-ended",
                Severity.warning,
                f"monitoring.registers[{i}]",
                f"Der indberettes ikke længere til «{reg.name_as_written}»: {info.note}",
                f"“{reg.name_as_written}” is no longer reported to: {info.note}",
            )


def check_anonymity(c: _Ctx) -> Iterator[Finding]:
    for i, s in enumerate(c.std.services):
        if "SEL-101a" in s.legal_bases and not s.eligibility.no_other_social_problems:
            yield _f(
                "anonymous-101a-condition",
                Severity.error,
                f"services[{i}].eligibility",
                f"Ydelsen «{s.name}» efter SEL § 101 a kræver, at borgeren ikke har andre sociale problemer.",
                f"The service “{s.name}” under SEL § 101 a requires that the citizen has no other social problems.",
                "SEL § 101 a stk. 1",
            )
    for i, rule in enumerate(c.std.anonymity):
        if "SUL-141" in rule.legal_bases and rule.whole_course and not rule.ends_when:
            yield _f(
                "anonymity-medication",
                Severity.warning,
                f"anonymity[{i}].ends_when",
                "Anonym alkoholbehandling kan ikke opretholdes, når der gives medicin; standarden siger det ikke.",
                "Anonymous alcohol treatment cannot continue when medication is given; the standard does not say so.",
                "SUL § 141 stk. 7",
            )


def check_counselling(c: _Ctx) -> Iterator[Finding]:
    """A counselling service the intake cannot record, or an extension of no number of talks
    (issue 12 § 1: nothing in a standard is dropped without a word)."""
    for i, s in enumerate(c.std.services):
        if s.phase == "counselling" and s.counselling_kind is None:
            yield _f(
                "counselling-kind-missing",
                Severity.warning,
                f"services[{i}].counselling_kind",
                f"Rådgivningsydelsen «{s.name}» siger ikke, hvilken slags rådgivning den er; "
                "indskrivningen kan ikke registrere samtaler i den.",
                f"The counselling service “{s.name}” does not say which kind of counselling it "
                "is; the intake cannot record talks in it.",
            )
        if s.sessions_extendable and (s.sessions is None or s.sessions.max is None):
            yield _f(
                "sessions-extension-without-number",
                Severity.warning,
                f"services[{i}].sessions_extendable",
                f"Ydelsen «{s.name}» tillader flere samtaler, men angiver intet antal.",
                f"The service “{s.name}” allows more talks but states no number of talks.",
            )


# --- internal consistency --------------------------------------------------------------------


def check_references_inside(c: _Ctx) -> Iterator[Finding]:
    forums = {f.id for f in c.std.visitation.forums}
    centres = {ce.id for ce in c.std.centres}
    for i, s in enumerate(c.std.services):
        for forum in s.granted_by:
            if forum not in forums:
                yield _f(
                    "unknown-forum",
                    Severity.error,
                    f"services[{i}].granted_by",
                    f"Ydelsen «{s.name}» henviser til et ukendt forum «{forum}».",
                    f"The service “{s.name}” refers to an unknown forum “{forum}”.",
                )
        if s.delivery.centre and s.delivery.centre not in centres:
            yield _f(
                "unknown-centre",
                Severity.error,
                f"services[{i}].delivery.centre",
                f"Ydelsen «{s.name}» henviser til et ukendt sted «{s.delivery.centre}».",
                f"The service “{s.name}” refers to an unknown centre “{s.delivery.centre}”.",
            )
    for i, f in enumerate(c.std.visitation.forums):
        if f.followed_by and f.followed_by not in forums:
            yield _f(
                "unknown-forum",
                Severity.error,
                f"visitation.forums[{i}].followed_by",
                f"Forummet «{f.name}» efterfølges af et ukendt forum «{f.followed_by}».",
                f"The forum “{f.name}” is followed by an unknown forum “{f.followed_by}”.",
            )


def check_forums_used(c: _Ctx) -> Iterator[Finding]:
    used = {fid for s in c.std.services for fid in s.granted_by}
    used |= {f.followed_by for f in c.std.visitation.forums if f.followed_by}
    used |= {f.id for f in c.std.visitation.forums if f.followed_by}
    for i, f in enumerate(c.std.visitation.forums):
        if f.id not in used:
            yield _f(
                "forum-unused",
                Severity.warning,
                f"visitation.forums[{i}]",
                f"Forummet «{f.name}» bevilger ingen ydelse i standarden.",
                f"The forum “{f.name}” grants no service in the standard.",
            )
    for i, s in enumerate(c.std.services):
        if s.requires_visitation and not s.granted_by:
            yield _f(
                "service-ungranted",
                Severity.warning,
                f"services[{i}].granted_by",
                f"Ydelsen «{s.name}» kræver visitation, men intet forum kan bevilge den.",
                f"The service “{s.name}” requires visitation, but no forum can grant it.",
            )


def check_tiers(c: _Ctx) -> Iterator[Finding]:
    tiers = [
        (i, s)
        for i, s in enumerate(c.std.services)
        if s.intensity and s.frequency and s.eligibility.anonymity != "required"
    ]
    for (_i, a), (j, b) in combinations(tiers, 2):
        if a.intensity == b.intensity or set(a.substances).isdisjoint(b.substances):
            continue
        ra, rb = _per_month(a), _per_month(b)
        if ra[0] <= rb[1] and rb[0] <= ra[1]:
            yield _f(
                "tier-overlap",
                Severity.warning,
                f"services[{j}].frequency",
                f"Intensitetsniveauerne «{a.name}» og «{b.name}» overlapper i hyppighed; visitationen kan ikke skelne dem på hyppighed alene.",
                f"The intensity tiers “{a.name}” and “{b.name}” overlap in frequency; visitation cannot tell them apart by frequency alone.",
            )


def _per_month(s: Any) -> tuple[float, float]:
    factor = PER_MONTH[s.frequency.per]
    lo = (s.frequency.min or 0) * factor
    hi = s.frequency.max * factor if s.frequency.max is not None else float("inf")
    return lo, hi


def check_ages(c: _Ctx) -> Iterator[Finding]:
    groups = [g.age for g in c.std.target_groups if g.age is not None]
    if not groups or any(g.min is None and g.max is None for g in groups):
        return
    lo = min((g.min if g.min is not None else 0) for g in groups)
    hi = max((g.max if g.max is not None else float("inf")) for g in groups)
    for i, s in enumerate(c.std.services):
        age = s.eligibility.age
        if age and (
            (age.min is not None and age.min > hi) or (age.max is not None and age.max < lo)
        ):
            yield _f(
                "age-outside-target-group",
                Severity.warning,
                f"services[{i}].eligibility.age",
                f"Aldersgrænsen for «{s.name}» ligger uden for målgruppens alder.",
                f"The age limits of “{s.name}” lie outside the target group's ages.",
            )


def check_programmes(c: _Ctx) -> Iterator[Finding]:
    from ..programmes import programmes

    for i, programme in enumerate(c.std.programmes):
        if programme not in programmes():
            yield _f(
                "unknown-programme",
                Severity.error,
                f"programmes[{i}]",
                f"Ukendt program «{programme}»; kendte: {', '.join(programmes())}.",
                f"Unknown programme “{programme}”; known: {', '.join(programmes())}.",
            )


def check_open_points(c: _Ctx) -> Iterator[Finding]:
    for i, p in enumerate(c.std.open_points):
        yield _f(
            "open-point",
            Severity.info,
            f"open_points[{i}]",
            f"Åbent i standarden: {p.field} — {p.note}",
            f"Left open by the standard: {p.field} — {p.note}",
        )


def check_within_guarantee(c: _Ctx) -> Iterator[Finding]:
    """A decision or doctor's consultation the standard promises later than the law's guarantee
    allows (a longer period, or counted from a later event): the engine stores the guarantee's
    date and shows the standard's beside it (issue 12 § 2)."""
    for i, d in enumerate(c.std.deadlines):
        if d.kind not in (DeadlineKind.decision, DeadlineKind.doctor_consultation):
            continue
        bases = [b for b in (d.legal_bases or c.std.legal_bases) if c.floor.guarantee(b)]
        for basis in bases:
            law = c.floor.guarantee(basis)
            if law is None:  # pragma: no cover - filtered above
                continue
            later = d.counts_from not in (None, law.counts_from, Event.contact)
            longer = d.within is not None and days(d.within) > law.days
            if later or longer:
                yield _f(
                    "deadline-after-guarantee",
                    Severity.warning,
                    f"deadlines[{i}]",
                    f"Standardens frist kan ligge efter behandlingsgarantien ({law.days} dage fra henvendelsen); Vendepunkt gemmer garantiens dato og viser standardens ved siden af.",
                    f"The standard's deadline can fall after the treatment guarantee ({law.days} days from the request); Vendepunkt stores the guarantee's date and shows the standard's beside it.",
                    law.citation,
                )


CHECKS: tuple[Callable[[_Ctx], Iterator[Finding]], ...] = (
    check_revision,
    check_mandatory_sections,
    check_guarantee,
    check_within_guarantee,
    check_doctor,
    check_plan,
    check_follow_up,
    check_complaints,
    check_references,
    check_legal_bases,
    check_registers,
    check_anonymity,
    check_references_inside,
    check_forums_used,
    check_tiers,
    check_ages,
    check_programmes,
    check_open_points,
    check_counselling,
)


def lint(loaded: LoadedStandard, today: dt.date, floor: LawFloor | None = None) -> list[Finding]:
    ctx = _Ctx(std=loaded.standard, floor=floor or law_floor(), today=today)
    findings: dict[tuple[str, str, str], Finding] = {}
    for check in CHECKS:
        for finding in check(ctx):
            line = loaded.line_of(_path_tuple(finding.path))
            # A deadline shared by several legal bases can trip one check once per basis.
            findings.setdefault(
                (finding.rule, finding.path, finding.message_en),
                Finding(**{**finding.__dict__, "line": line}),
            )
    return sorted(findings.values(), key=Finding.key)


def _path_tuple(dotted: str) -> tuple[str | int, ...]:
    parts: list[str | int] = []
    for chunk in dotted.replace("]", "").split("."):
        name, *indexes = chunk.split("[")
        if name:
            parts.append(name)
        parts.extend(int(i) for i in indexes)
    return tuple(parts)


def worst(findings: list[Finding]) -> Severity | None:
    return min((f.severity for f in findings), key=SEVERITY_ORDER.__getitem__, default=None)
