"""Every metric defined as data, in Danish and English (`METRICS`); `docs/kpi.md` writes the same
definitions down."""

from __future__ import annotations

import re
from dataclasses import dataclass

_REQUIREMENT = re.compile(r"R\d{1,3}")

# --- metric definitions ---------------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    """A text in Danish and English."""

    da: str
    en: str

    def __str__(self) -> str:
        return self.en

    def get(self, lang: str) -> str:
        return self.en if lang.startswith("en") else self.da


@dataclass(frozen=True)
class MetricDef:
    id: str
    name_da: str
    name_en: str
    population: Words  # the courses (or deadlines, complaints) looked at
    numerator: Words
    denominator: Words
    period: Words
    exclusions: Words
    source: str  # requirement, law or standard the metric answers
    unit: str = "share"  # share, days, count

    @property
    def cited(self) -> str:
        """The source as people read it: the law and the standards' sections, without the
        project's own requirement ids ("R17, R42; SEL § 101 stk. 4" → "SEL § 101 stk. 4"); ""
        when only requirement ids remain (D81)."""
        parts = []
        for group in self.source.split(";"):
            kept = [p.strip() for p in group.split(",") if not _REQUIREMENT.fullmatch(p.strip())]
            if any(kept):
                parts.append(", ".join(p for p in kept if p))
        return "; ".join(parts)


W = Words
_EXCL = W(
    "anonyme forløb efter SEL § 101 a; forløb på rådgivningssporet (anonym rådgivning, pårørende, "
    "informationssamtaler); forløb uden en henvendelse om behandling",
    "anonymous courses under SEL § 101 a; courses on the counselling track (anonymous "
    "counselling, relatives, information talks); courses without a request for treatment",
)
_DISCHARGED = W(
    "behandlingsforløb udskrevet i perioden", "treatment courses discharged in the period"
)
_ALL_DISCHARGES = W("alle udskrivninger i populationen", "all discharges in the population")
_DISCHARGE_DATE = W("udskrivningsdato i perioden", "discharge date in the period")
_THE_POPULATION = W("populationen", "the population")
METRICS: dict[str, MetricDef] = {
    m.id: m
    for m in (
        MetricDef(
            "completed_as_planned",
            "Forløb afsluttet som planlagt (færdigbehandlede)",
            "Courses completed as planned",
            _DISCHARGED,
            W(
                "udskrivninger med status «færdigbehandlet»",
                "discharges with status 'completed'",
            ),
            _ALL_DISCHARGES,
            _DISCHARGE_DATE,
            _EXCL,
            "R42; HAD 9.1, HER 8",
        ),
        MetricDef(
            "abstinent_after_treatment",
            "Stoffri/ædru ved afslutning",
            "Abstinent at the end of treatment",
            _DISCHARGED,
            W("udskrivninger med resultatet «stoffri/ædru»", "discharges with outcome 'abstinent'"),
            _ALL_DISCHARGES,
            _DISCHARGE_DATE,
            _EXCL,
            "R42; ODS Monitorering af indsatsen",
        ),
        MetricDef(
            "reduced_after_treatment",
            "Reduceret forbrug ved afslutning",
            "Reduced use at the end of treatment",
            _DISCHARGED,
            W(
                "udskrivninger med resultatet «reduceret forbrug»",
                "discharges with outcome 'reduced'",
            ),
            _ALL_DISCHARGES,
            _DISCHARGE_DATE,
            _EXCL,
            "R42; ODS Monitorering af indsatsen",
        ),
        MetricDef(
            "return_within_12_months",
            "Tilbage i behandling inden for 12 måneder",
            "Back in treatment within 12 months",
            W(
                "behandlingsforløb udskrevet i perioden, hvis 12 måneder er gået på "
                "beregningsdagen",
                "treatment courses discharged in the period whose 12 months have passed by the "
                "as-of date",
            ),
            W(
                "forløb, hvor samme person startede et nyt behandlingsforløb inden for 12 måneder "
                "(365 dage) efter udskrivningen",
                "courses after which the same person started a new treatment course within 12 "
                "months (365 days) of the discharge",
            ),
            _THE_POPULATION,
            _DISCHARGE_DATE,
            W(
                _EXCL.da + "; alle anonyme borgere (en tilbagevenden kan ikke ses); udskrivninger, "
                "hvis 12 måneder endnu ikke er gået",
                _EXCL.en + "; every anonymous client (a return cannot be seen); discharges whose "
                "12 months have not yet passed",
            ),
            "R42; ODS Monitorering af indsatsen, HER 8",
        ),
        MetricDef(
            "offered_move_under_30",
            "Unge under 30 tilbudt MOVE",
            "Under-30s offered MOVE",
            W(
                "forløb med en henvendelse om behandling i perioden fra borgere under 30 år ved "
                "henvendelsen",
                "courses with a request for treatment in the period by citizens under 30 at the "
                "request",
            ),
            W(
                "forløb, hvor der er søgt om eller givet en MOVE-ydelse (standardens ydelser, "
                "der nævner MOVE)",
                "courses where a MOVE service (the standard's services naming MOVE) was applied "
                "for or given",
            ),
            _THE_POPULATION,
            W("henvendelsesdato i perioden", "request date in the period"),
            W(
                _EXCL.da + "; forløb, hvor alderen ikke kendes",
                _EXCL.en + "; courses whose age is unknown",
            ),
            "R42; HAD 9.1",
        ),
        MetricDef(
            "started_within_guarantee",
            "Behandling startet inden for behandlingsgarantien",
            "Treatment started within the guarantee",
            W(
                "forløb med en frist for behandlingsgarantien, hvis udgangspunkt (henvendelsen "
                "eller den hændelse, standarden nævner) ligger i perioden",
                "courses with a treatment-guarantee deadline whose trigger (the request, or the "
                "event the standard names) falls in the period",
            ),
            W(
                "garantier overholdt (behandlingen startet senest på fristdagen)",
                "guarantees met (treatment started on or before the due date)",
            ),
            W(
                "garantier overholdt eller overskredet (åben og forfalden tæller som overskredet)",
                "guarantees met or breached (open and past due counts as breached)",
            ),
            W(
                "garantiens udgangspunkt (fristens startdato) i perioden",
                "the guarantee's trigger (the deadline's start date) in the period",
            ),
            W(
                _EXCL.da + "; fravegne garantier; garantier, der stadig er åbne og ikke forfaldne",
                _EXCL.en + "; waived guarantees; guarantees still open and not yet due",
            ),
            "R17, R42; SEL § 101 stk. 4, SUL § 141 stk. 2, SUL § 142 stk. 6; HJO Kvalitetsmål",
        ),
        MetricDef(
            "waiting_days",
            "Ventetid fra henvendelse til behandlingsstart (median)",
            "Waiting time from request to treatment start (median)",
            W("behandlingsforløb startet i perioden", "treatment courses started in the period"),
            W(
                "dage fra henvendelsen om behandling til opstarten",
                "days from the request for treatment to the start",
            ),
            W("—", "—"),
            W("startdato i perioden", "start date in the period"),
            _EXCL,
            "R17, R44",
            unit="days",
        ),
        MetricDef(
            "follow_ups_on_time",
            "Opfølgninger gennemført til tiden",
            "Follow-ups done on time",
            W("opfølgningsfrister med forfald i perioden", "follow-up deadlines due in the period"),
            W(
                "opfølgninger registreret senest på fristdagen",
                "follow-ups recorded on or before the due date",
            ),
            W("opfølgninger overholdt eller overskredet", "follow-ups met or breached"),
            W("fristdato i perioden", "due date in the period"),
            W(
                _EXCL.da + "; opfølgninger, der stadig er åbne og ikke forfaldne",
                _EXCL.en + "; follow-ups still open and not yet due",
            ),
            "R37; BEK 1477 § 4 stk. 2",
        ),
        MetricDef(
            "plan_reviews_on_time",
            "Planrevisioner til tiden",
            "Plan reviews on time",
            W("frister for planrevision i perioden", "plan review deadlines due in the period"),
            W(
                "revisioner registreret senest på fristdagen",
                "reviews recorded on or before the due date",
            ),
            W("revisioner overholdt eller overskredet", "reviews met or breached"),
            W("fristdato i perioden", "due date in the period"),
            W(
                _EXCL.da + "; revisioner, der stadig er åbne og ikke forfaldne",
                _EXCL.en + "; reviews still open and not yet due",
            ),
            "R25",
        ),
        MetricDef(
            "complaints_on_time",
            "Klager genvurderet til tiden",
            "Complaints handled on time",
            W(
                "klager, hvis genvurdering havde frist i perioden",
                "complaints whose re-assessment was due in the period",
            ),
            W(
                "klager genvurderet (og, når afgørelsen fastholdes, videresendt) senest på "
                "fristdagen",
                "complaints re-assessed (and, when the decision was kept, forwarded) on or before "
                "the due date",
            ),
            W("klager overholdt eller overskredet", "complaints met or breached"),
            W("fristdato for genvurderingen i perioden", "re-assessment due date in the period"),
            W(
                "klager, der stadig er åbne og ikke forfaldne; klager uden genvurderingsfrist "
                "(SEL § 101 a)",
                "complaints still open and not yet due; complaints without a re-assessment "
                "deadline (SEL § 101 a)",
            ),
            "R39; Retssikkerhedsloven §§ 66-67",
        ),
        MetricDef(
            "capacity_use",
            "Kapacitetsudnyttelse",
            "Capacity use",
            W(
                "kapaciteter, standarden angiver, pr. ydelse eller center",
                "capacities the standard states, per service or centre",
            ),
            W(
                "forløb: behandlingsforløb i ydelsen (eller centret) på noget tidspunkt i "
                "perioden; pladser: dage i ydelsen i perioden divideret med periodens dage",
                "courses: treatment courses in the service (or centre) at any time in the period; "
                "places: days in the service in the period divided by the period's days",
            ),
            W(
                "den angivne kapacitet (forløb pr. år omregnet til periodens længde; pladser)",
                "the stated capacity (courses per year scaled to the period's length; places)",
            ),
            W("ethvert overlap med perioden", "any overlap with the period"),
            _EXCL,
            "R44",
        ),
    )
}
