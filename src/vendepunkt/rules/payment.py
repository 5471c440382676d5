"""Money, stays and free choice as the standard and the law say (R16, R21, R32, R35; issue 12 § 4).

Pure rules, no Django. Every refusal is a `Reason` (code, Danish and English message, source).

Stays (R32)
    A residential stay has a kind: treatment, detoxification, crisis or trial placement. Treatment
    and detoxification stays are the standard's residential services; the kind follows the
    service's phase (`detox` → detoxification) and the longest stay is the service's `duration.max`
    (ODS 1–3 months, HER 3–4 months, HAD's short detox 3–4 weeks). Crisis stays (up to three
    months) and trial placements (14 days) are the outreach model's referrals (UDG) and exist only
    where the standard enables that programme.

Self-payment (R35)
    Treatment is free. Board and lodging (kost og logi) in residential drug treatment may be charged
    where the standard says so, after an individual economic assessment. Nothing is charged in
    alcohol treatment (SUL § 141: alcohol treatment is free, HAD 5.5). A citizen who keeps their
    own home pays no lodging where the standard says so, and for a stay in a § 107 facility the
    law says so too (SEL § 163 stk. 2: "Beboere i midlertidige botilbud, der bevarer egen bolig
    under opholdet, betaler som udgangspunkt ikke for boligen"). Where the standard requires it, the
    assessment is made before the stay begins, and an economic counselling talk comes first.
    What the citizen pays is the covered charges, limited by what the citizen can pay: the
    monthly income less the costs of keeping the own home, the obligations and a reasonable
    amount for personal needs (HER 12), never below zero.

Transport
    The standard's `payment.transport` says who pays the transport to the place of treatment, for
    which settings (empty: every setting).

Gift vouchers (R16, SEL § 101 stk. 9)
    Only in a service whose standard entry offers them; at most the standard's count per citizen;
    each voucher is worth the standard's value where the standard states one.

Free choice (R21)
    Diacetylmorphine (product code "heroin") has no free choice (SUL § 142 stk. 7): decided by the
    recorded product codes and the granted service's products, never by searching text. The chosen
    provider must offer the same form (setting) and intensity as granted. A provider's refusal and
    a limitation for the citizen's own sake are recorded with reasons; a public institution may
    refuse a SUL § 142 citizen only for capacity; only SEL § 101 free choice may be limited for
    the citizen's sake (SEL § 101 stk. 7), and not where the standard says it is not limitable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .dates import add_months, date_text
from .eligibility import Reason

__all__ = ["Reason"]
from .standards.schema import (
    Duration,
    Phase,
    Product,
    SelfPayment,
    Service,
    Setting,
    Standard,
    TimeUnit,
    Transport,
)

ALCOHOL_TRACK = "SUL-141"
# the law floor's citations for this module (docs/law.md; SEL § 163 and BEK 1387 are unverified
# against retsinformation.dk, see the floor)
ALCOHOL_FREE = "SUL § 141"
OWN_HOME_LAW = "SEL § 163 stk. 2"
OWN_HOME_FACILITY = "SEL-107"
NO_FREE_CHOICE = "SUL § 142 stk. 7"
PUBLIC_REFUSES_FOR_CAPACITY = "SUL § 142 stk. 7"
LIMITABLE = "SEL § 101 stk. 7"
GIFT_VOUCHERS = "SEL § 101 stk. 9"
EXCLUDED_PRODUCTS = frozenset({Product.heroin.value})  # diacetylmorphine


class StayKind(StrEnum):
    treatment = "treatment"
    detoxification = "detoxification"
    crisis = "crisis"
    trial_placement = "trial_placement"


@dataclass(frozen=True)
class ProgrammeStay:
    """A stay the outreach model refers to: the programme, its referral and the longest stay."""

    programme: str
    referral: str
    longest: Duration
    source: str


# The outreach model's referrals (UDG, "Aktuelt bedste viden fra praksis"): "en 14. dages
# behandlingspraktik i døgnbehandling" and "et ophold af optil tre måneder på et Akut krisecenter".
PROGRAMME_STAYS: dict[StayKind, ProgrammeStay] = {
    StayKind.crisis: ProgrammeStay(
        "outreach", "crisis-stay", Duration(min=None, max=3, unit=TimeUnit.month), "UDG"
    ),
    StayKind.trial_placement: ProgrammeStay(
        "outreach", "treatment-placement", Duration(min=None, max=14, unit=TimeUnit.day), "UDG"
    ),
}


def _reason(code: str, da: str, en: str, source: str | None = None) -> Reason:
    return Reason(code=code, message_da=da, message_en=en, source=source)


def _after(day: dt.date, amount: float, unit: TimeUnit) -> dt.date:
    """The last day of a period of `amount` units starting on `day` (inclusive)."""
    whole = int(amount)
    if unit == TimeUnit.day:
        return day + dt.timedelta(days=whole - 1)
    if unit == TimeUnit.week:
        return day + dt.timedelta(days=7 * whole - 1)
    months = whole * (12 if unit == TimeUnit.year else 1)
    return add_months(day, months) - dt.timedelta(days=1)


_UNIT_DA = {"day": "dage", "week": "uger", "month": "måneder", "year": "år"}
_UNIT_EN = {"day": "days", "week": "weeks", "month": "months", "year": "years"}


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


# --- stays --------------------------------------------------------------------------------


def residential_services(standard: Standard) -> list[Service]:
    return [s for s in standard.services if s.setting == Setting.residential]


def stay_kinds(standard: Standard) -> list[StayKind]:
    """The kinds of stay this standard offers: its residential services' kinds, and the outreach
    model's crisis and trial stays where the standard enables the programme."""
    kinds = {stay_kind_of(s) for s in residential_services(standard)}
    kinds |= {k for k, p in PROGRAMME_STAYS.items() if p.programme in standard.programmes}
    return [k for k in StayKind if k in kinds]


def stay_kind_of(service: Service) -> StayKind:
    return StayKind.detoxification if service.phase == Phase.detox else StayKind.treatment


def stay_duration(standard: Standard, kind: StayKind, service: Service | None) -> Duration | None:
    """The standard's duration of a stay of this kind (None where it states none)."""
    if kind in PROGRAMME_STAYS:
        return PROGRAMME_STAYS[kind].longest
    return service.duration if service is not None else None


def check_stay(
    standard: Standard,
    *,
    kind: str,
    service: Service | None,
    start_on: dt.date,
    end_on: dt.date,
) -> Reason | None:
    """Is this stay one the standard offers, and no longer than its duration? None when it is."""
    if kind not in StayKind.__members__:
        return _reason(
            "stay-kind",
            "Ukendt slags ophold.",
            "Unknown kind of stay.",
        )
    stay_kind = StayKind(kind)
    if stay_kind in PROGRAMME_STAYS:
        programme = PROGRAMME_STAYS[stay_kind]
        if programme.programme not in standard.programmes:
            return _reason(
                "stay-kind-not-offered",
                "Kvalitetsstandarden tilbyder ikke denne slags ophold (den udgående model er ikke "
                "slået til).",
                "The quality standard does not offer this kind of stay (the outreach model is "
                "not enabled).",
                programme.source,
            )
    else:
        if service is None or service.setting != Setting.residential:
            return _reason(
                "stay-service",
                "Vælg den døgnydelse i kvalitetsstandarden, som opholdet hører til.",
                "Choose the residential service of the quality standard the stay belongs to.",
            )
        if stay_kind_of(service) != stay_kind:
            return _reason(
                "stay-kind-service",
                f"Ydelsen “{service.name}” er ikke et ophold af denne slags.",
                f"The service “{service.name}” is not a stay of this kind.",
                str(service.source),
            )
    duration = stay_duration(standard, stay_kind, service)
    if duration is not None and duration.max is not None:
        last = _after(start_on, duration.max, duration.unit)
        if end_on > last:
            amount = _num(duration.max)
            return _reason(
                "stay-too-long",
                f"Kvalitetsstandarden giver et ophold af denne slags højst {amount} "
                f"{_UNIT_DA[duration.unit]}; opholdet kan højst vare til {last:%d.%m.%Y}. Et "
                f"længere ophold kræver en ny afgørelse.",
                f"The quality standard gives a stay of this kind at most {amount} "
                f"{_UNIT_EN[duration.unit]}; the stay can last until {date_text(last)} at most. "
                f"A longer stay needs a new decision.",
                PROGRAMME_STAYS[stay_kind].source
                if stay_kind in PROGRAMME_STAYS
                else str(service.source)
                if service
                else None,
            )
    return None


# --- self-payment -------------------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    """The individual economic assessment of a stay (all amounts DKK per month)."""

    assessed_on: dt.date
    board: Decimal = Decimal(0)
    lodging: Decimal = Decimal(0)
    keeps_own_home: bool = False
    economic_counselling_on: dt.date | None = None
    income: Decimal | None = None
    own_home_costs: Decimal = Decimal(0)
    obligations: Decimal = Decimal(0)
    personal_needs: Decimal = Decimal(0)


@dataclass(frozen=True)
class SelfPaymentResult:
    charged: bool
    board: Decimal
    lodging: Decimal
    lodging_exempt: bool
    monthly_amount: Decimal
    source: str | None
    notes: tuple[Reason, ...] = ()


def self_payment_rule(standard: Standard, track: str) -> SelfPayment | None:
    """The standard's self-payment entry for a residential stay in this legal track, if any."""
    for entry in standard.payment.self_payment:
        if entry.setting != Setting.residential:
            continue
        if not entry.legal_bases or track in entry.legal_bases:
            return entry
    return None


def assessment_required(standard: Standard, track: str) -> bool:
    """Must an assessment be made before the stay begins? Never in alcohol treatment."""
    if track == ALCOHOL_TRACK:
        return False
    entry = self_payment_rule(standard, track)
    return bool(entry and entry.charged and entry.assessed_before_stay)


def assess_self_payment(
    standard: Standard,
    *,
    track: str,
    start_on: dt.date,
    assessment: Assessment | None,
) -> SelfPaymentResult | Reason:
    """What the citizen pays per month for a residential stay, or the reason it cannot be so."""
    entry = self_payment_rule(standard, track)
    none = SelfPaymentResult(False, Decimal(0), Decimal(0), False, Decimal(0), None)
    if track == ALCOHOL_TRACK:
        if assessment is not None and (assessment.board or assessment.lodging):
            return _reason(
                "self-payment-alcohol",
                "Der er ingen egenbetaling i alkoholbehandling (SUL § 141).",
                "There is no self-payment in alcohol treatment (SUL § 141).",
                ALCOHOL_FREE,
            )
        return SelfPaymentResult(False, Decimal(0), Decimal(0), False, Decimal(0), ALCOHOL_FREE)
    if entry is None or not entry.charged:
        if assessment is not None and (assessment.board or assessment.lodging):
            return _reason(
                "self-payment-not-charged",
                "Kvalitetsstandarden fastsætter ingen egenbetaling for dette ophold.",
                "The quality standard sets no self-payment for this stay.",
                str(entry.source) if entry else None,
            )
        return none
    source = str(entry.source)
    if assessment is None:
        if entry.assessed_before_stay:
            return _reason(
                "self-payment-missing",
                "Kvalitetsstandarden kræver en egenbetalingsberegning, før opholdet begynder.",
                "The quality standard requires a self-payment assessment before the stay begins.",
                source,
            )
        return SelfPaymentResult(True, Decimal(0), Decimal(0), False, Decimal(0), source)
    if entry.assessed_before_stay and assessment.assessed_on > start_on:
        return _reason(
            "self-payment-late",
            "Egenbetalingsberegningen skal laves, før opholdet begynder.",
            "The self-payment assessment must be made before the stay begins.",
            source,
        )
    if entry.economic_counselling_first and (
        assessment.economic_counselling_on is None
        or assessment.economic_counselling_on > assessment.assessed_on
    ):
        return _reason(
            "economic-counselling-first",
            "Kvalitetsstandarden kræver, at borgeren først tilbydes en økonomisamtale; angiv "
            "datoen for samtalen (senest dagen for beregningen).",
            "The quality standard requires an economic counselling talk first; give the date "
            "of the talk (at the latest the day of the assessment).",
            source,
        )
    notes: list[Reason] = []
    board = assessment.board if "kost" in entry.covers else Decimal(0)
    lodging = assessment.lodging if "logi" in entry.covers else Decimal(0)
    exempt = False
    if assessment.keeps_own_home and lodging:
        by_law = OWN_HOME_FACILITY in entry.legal_bases
        if entry.own_home_exempts_lodging or by_law:
            exempt = True
            lodging = Decimal(0)
            notes.append(
                _reason(
                    "own-home-no-lodging",
                    "Borgeren bevarer egen bolig og betaler ikke for logi.",
                    "The citizen keeps their own home and pays no lodging.",
                    OWN_HOME_LAW if by_law and not entry.own_home_exempts_lodging else source,
                )
            )
    charge = board + lodging
    amount = charge
    if assessment.income is not None:
        room = (
            assessment.income
            - (assessment.own_home_costs if assessment.keeps_own_home else Decimal(0))
            - assessment.obligations
            - assessment.personal_needs
        )
        amount = max(Decimal(0), min(charge, room))
        if amount < charge:
            notes.append(
                _reason(
                    "self-payment-reduced",
                    "Betalingen er nedsat efter borgerens økonomi (egen bolig, forpligtelser og "
                    "et rimeligt beløb til personlige fornødenheder).",
                    "The payment is reduced for the citizen's means (own home, obligations and a "
                    "reasonable amount for personal needs).",
                    source,
                )
            )
    return SelfPaymentResult(True, board, lodging, exempt, amount, source, tuple(notes))


# --- transport ----------------------------------------------------------------------------


def transport_for(standard: Standard, setting: str) -> Transport | None:
    """Who pays the transport to a place of treatment of this setting (None: not stated)."""
    for entry in standard.payment.transport:
        if not entry.settings or setting in entry.settings:
            return entry
    return None


# --- gift vouchers ------------------------------------------------------------------------


@dataclass(frozen=True)
class VoucherGrant:
    service_id: str
    value: int | None
    source: str


def gift_voucher(services: Sequence[Service], given_before: int) -> VoucherGrant | Reason:
    """May a gift voucher be given now to a citizen in these (current) services, who has been
    given `given_before` vouchers in them? The first service offering vouchers decides."""
    offering = [s for s in services if s.gift_vouchers]
    if not offering:
        return _reason(
            "gift-voucher-not-offered",
            "Kvalitetsstandarden giver kun gavekort i ydelser, der tilbyder dem, og borgeren "
            "modtager ingen sådan ydelse.",
            "The quality standard gives gift vouchers only in services that offer them, and the "
            "citizen receives no such service.",
            GIFT_VOUCHERS,
        )
    service = offering[0]
    cap = service.gift_vouchers_per_citizen
    if cap is not None and given_before >= cap:
        return _reason(
            "gift-voucher-cap",
            f"Kvalitetsstandarden giver højst {cap} gavekort pr. borger i “{service.name}”.",
            f"The quality standard gives at most {cap} gift vouchers per citizen in "
            f"“{service.name}”.",
            str(service.source),
        )
    return VoucherGrant(service.id, service.gift_voucher_value, str(service.source))


# --- free choice --------------------------------------------------------------------------


@dataclass(frozen=True)
class ProviderFacts:
    settings: tuple[str, ...]
    intensities: tuple[str, ...]


def free_choice_refusal(
    *,
    legal_basis: str,
    provider: ProviderFacts,
    setting: str,
    intensity: str | None,
    products: Iterable[str],
) -> Reason | None:
    """The law's and the grant's limits on the provider a citizen may choose (the register's
    approval and Tilbudsportalen are checked by the provider service)."""
    if legal_basis == "SUL-142" and EXCLUDED_PRODUCTS & set(products):
        return _reason(
            "free-choice-diacetylmorphine",
            "Der er ikke frit valg ved behandling med diacetylmorfin (SUL § 142 stk. 7).",
            "There is no free choice for treatment with diacetylmorphine (SUL § 142 stk. 7).",
            NO_FREE_CHOICE,
        )
    if setting not in provider.settings:
        return _reason(
            "free-choice-form",
            "Frit valg omfatter samme behandlingsform, som der er bevilget.",
            "Free choice covers the same form of treatment as granted.",
        )
    if intensity and intensity not in provider.intensities:
        return _reason(
            "free-choice-intensity",
            "Frit valg omfatter samme intensitet, som der er bevilget; leverandørregistret "
            "viser ikke, at stedet tilbyder den.",
            "Free choice covers the same intensity as granted; the provider register does not "
            "show that the provider offers it.",
        )
    return None


def refusal_by_provider(*, legal_basis: str, public: bool, capacity: bool) -> Reason | None:
    """May the chosen institution refuse the citizen on this ground? None when it may."""
    if legal_basis == "SUL-142" and public and not capacity:
        return _reason(
            "public-refuses-for-capacity",
            "En offentlig institution kan kun afvise en borger, der har valgt den, af "
            "kapacitetshensyn (SUL § 142 stk. 7).",
            "A public institution can refuse a citizen who chose it only for capacity "
            "(SUL § 142 stk. 7).",
            PUBLIC_REFUSES_FOR_CAPACITY,
        )
    return None


def limitation_refusal(
    standard: Standard, legal_basis: str, outcome: str = "grant"
) -> Reason | None:
    """May the free choice under this decision be limited for the citizen's own sake? Only a
    grant (there is no free choice under a refusal) under SEL § 101, whose stk. 7 (L 7 2019-20)
    lets the municipality limit the choice for the person's sake. SUL § 141 (alcohol) and SUL
    § 142 stk. 7 give free choice with no such limitation (only diacetylmorphine is excluded, and
    only the institution may refuse); SEL § 101 a has no free choice to limit (D79)."""
    if outcome == "refusal":
        return _reason(
            "limit-no-grant",
            "Der er intet frit valg at begrænse under et afslag.",
            "There is no free choice to limit under a refusal.",
            LIMITABLE,
        )
    if legal_basis != "SEL-101":
        return _reason(
            "limit-not-in-law",
            "Loven giver kun adgang til at begrænse det frie valg af hensyn til borgeren ved "
            "stofmisbrugsbehandling efter serviceloven (SEL § 101 stk. 7).",
            "The law lets free choice be limited for the citizen's sake only in drug treatment "
            "under the Social Services Act (SEL § 101 stk. 7).",
            LIMITABLE,
        )
    for entry in standard.free_choice:
        if legal_basis in entry.legal_bases and entry.limitable is False:
            return _reason(
                "limit-not-in-standard",
                "Kvalitetsstandarden siger, at det frie valg ikke begrænses.",
                "The quality standard says free choice is not limited.",
                str(entry.source),
            )
    return None
