"""May this client get this service? The service's eligibility in its standard, and the law.

`check_eligibility(service, client)` checks what the standard file says about the service
(`Service.eligibility`, R14) and, for an anonymous client, what the law allows
(`anonymity_allowed`, R2, R47, SEL § 101 a). The result says whether the client is eligible,
why not (`reasons`), and what must be checked because it is not known (`notes`). Every reason
and note has a stable `code`, a message in Danish and English written for the caseworker, and
its source: the standard's source (``"HER 6.3"``) or a legal citation (``"SEL § 101 a"``).

Decisions (where the schema or the law leaves a choice):

- Unknown is never a refusal. An unknown age, substance, main substance, pregnancy or "other
  social problems" gives a note; only a known fact refuses. An anonymous client's age is often
  unknown.
- Client kinds: a service that names no `client_kinds` is for the citizen with the substance use
  (`citizen`) only. Relatives, children of users, families and professionals are clients where a
  service names them (R5).
- Substances: `eligibility.substances` is the condition. A service for `drugs` takes `cannabis`,
  `opioids` and `drugs`; `alcohol` is separate; a service for `cannabis` or `opioids` takes only
  that substance. A client registered with the general `drugs` for a service that needs a
  specific drug gives a note (which drug is not known), not a refusal. `Service.substances`
  describes the offer and is not a condition; when a citizen's known substances are all outside
  it, that is a note. A client without substances recorded gives a note.
- `main_substance` works the same way against the client's main substance (Hash Stop: cannabis).
- Anonymity `not_allowed` refuses an anonymous client. Anonymity `required` does NOT refuse an
  identified client: the law allows anonymity, it never demands it, so an identified citizen may
  still use the service; a note says that nothing identifying is registered on it (and, for
  SEL § 101 a, that the identified route is SEL § 101 with its guarantee and right of appeal).
- For an anonymous client the law is applied too, also where the standard says `allowed`: the
  system applies the law where it is stricter. The legal bases are first narrowed to the client's
  substances (alcohol: SUL § 141; drugs: SEL § 101/101 a, SUL § 142), so an anonymous alcohol
  client may use a service that covers both SEL § 101 and SUL § 141.
- A service whose standard names no legal basis cannot be checked against the law: if the
  standard allows anonymity, that holds with a note; if the standard is silent, a note asks the
  caseworker to settle it (counselling and services for relatives are anonymous-capable).
- Counselling, for `anonymity_allowed`, is a service in the phase `counselling`, `reception` or
  `relatives` (R2: anonymous counselling for citizens and relatives).
- SEL § 101 a's condition "no other social problems" is applied to every service with the legal
  basis SEL-101a, also where the file forgot `no_other_social_problems` (the linter flags that).
- Medication ends anonymity only for alcohol (SUL § 141 stk. 7, R47). Medical drug treatment is
  never anonymous (SUL § 142); under SEL § 101 a a need for medication is a note.
- The standard's free-text `eligibility.note` is passed on as a note, for the caseworker to read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .standards.schema import (
    Anonymity,
    Centre,
    ClientKind,
    Phase,
    Range,
    Service,
    Standard,
    Substance,
    TargetGroup,
)

__all__ = [
    "ClientFacts",
    "EligibilityResult",
    "Reason",
    "anonymity_allowed",
    "check_eligibility",
    "check_in_standard",
]

CITE_101A = "SEL § 101 a"
CITE_141_7 = "SUL § 141 stk. 7"
CITE_142 = "SUL § 142"
CITE_107 = "SEL § 107"
CITE_972 = "LBK nr. 972 af 08/08/2017"
CITE_BL_33 = "Barnets Lov § 33"
CITE_BL_133 = "Barnets Lov § 133"

_BASIS_ID = re.compile(r"^([A-Z]+)-([0-9]+)([a-z]?)$")
_DRUGS = frozenset({Substance.drugs, Substance.cannabis, Substance.opioids})
_SPECIFIC_DRUGS = frozenset({Substance.cannabis, Substance.opioids})
# Which substances a legal basis is about; bases not listed are about any substance.
_BASIS_FAMILY = {
    "SEL-101": "drugs",
    "SEL-101a": "drugs",
    "SUL-142": "drugs",
    "BL-33": "drugs",
    "LBK-972": "drugs",
    "SUL-141": "alcohol",
    "SUL-141b": "alcohol",
}
_COUNSELLING_PHASES = frozenset({Phase.counselling, Phase.reception, Phase.relatives})

_SUBSTANCE_DA = {
    "drugs": "stoffer",
    "alcohol": "alkohol",
    "cannabis": "hash (cannabis)",
    "opioids": "opioider",
}
_SUBSTANCE_EN = {
    "drugs": "drugs",
    "alcohol": "alcohol",
    "cannabis": "cannabis",
    "opioids": "opioids",
}
_KIND_DA = {
    "citizen": "borgere med eget forbrug",
    "relative": "pårørende",
    "child_of_user": "børn af borgere med et forbrug",
    "family": "familier",
    "professional": "fagpersoner",
}
_KIND_EN = {
    "citizen": "citizens with their own use",
    "relative": "relatives",
    "child_of_user": "children of people with a substance use",
    "family": "families",
    "professional": "professionals",
}
_KIND_ONE_DA = {
    "citizen": "en borger med eget forbrug",
    "relative": "pårørende",
    "child_of_user": "barn af en borger med et forbrug",
    "family": "en familie",
    "professional": "fagperson",
}
_KIND_ONE_EN = {
    "citizen": "a citizen with their own use",
    "relative": "a relative",
    "child_of_user": "a child of a person with a substance use",
    "family": "a family",
    "professional": "a professional",
}


@dataclass(frozen=True)
class ClientFacts:
    """What is known about the client. `None` means unknown (common for anonymous clients)."""

    age: int | None
    anonymous: bool
    substances: frozenset[str]
    main_substance: str | None
    pregnant: bool | None
    client_kind: str  # a ClientKind value
    other_social_problems: bool | None
    needs_medication: bool = False


@dataclass(frozen=True)
class Reason:
    code: str
    message_da: str
    message_en: str
    source: str | None  # the standard's source ("HER 6.3") or a legal citation ("SUL § 142")

    def __str__(self) -> str:
        return f"{self.message_da} / {self.message_en}"


@dataclass(frozen=True)
class EligibilityResult:
    eligible: bool
    reasons: tuple[Reason, ...]  # why not; empty when eligible
    notes: tuple[Reason, ...]  # what is unknown and must be checked


# --- small helpers ----------------------------------------------------------------------------


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def _num_en(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _list_da(items: Iterable[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " eller " + items[-1]


def _list_en(items: Iterable[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _substance_matches(client: str, wanted: str) -> bool:
    """A client's substance meets a wanted one: equal, or any drug for `drugs`."""
    return client == wanted or (wanted == Substance.drugs and client in _DRUGS)


def _substance_maybe(client: str, wanted: str) -> bool:
    """The client uses 'drugs' without saying which, and a specific drug is wanted."""
    return client == Substance.drugs and wanted in _SPECIFIC_DRUGS


def _is_drug(substance: str) -> bool:
    return substance in _DRUGS


# --- the law on anonymity -----------------------------------------------------------------


def anonymity_allowed(
    legal_bases: Iterable[str], *, counselling: bool, needs_medication: bool
) -> EligibilityResult:
    """May a course on these legal bases run anonymously? (R2, R47, SEL § 101 a)

    Anonymity is possible only as anonymous ambulant drug treatment (SEL § 101 a, for people
    without other social problems: checked by `check_eligibility`), anonymous alcohol treatment
    (SUL § 141 stk. 7, ending when medication is needed, R47) and anonymous counselling. It is
    never possible for medical treatment of drug use (SUL § 142), residential stays (SEL § 107) or
    a contract with detention (LBK 972). A basis that forbids anonymity refuses even when another
    basis of the same service would allow it: narrow the bases to the client's course first.
    """
    bases = tuple(dict.fromkeys(legal_bases))
    reasons: list[Reason] = []
    notes: list[Reason] = []
    if "SUL-142" in bases:
        reasons.append(
            Reason(
                "anonymity-medical-treatment",
                "Lægelig behandling af stofmisbrug (SUL § 142) kan ikke gives anonymt: "
                "ordination af medicin kræver borgerens identitet.",
                "Medical treatment of drug use (SUL § 142) cannot be given anonymously: "
                "prescribing medication requires the citizen's identity.",
                CITE_142,
            )
        )
    if "SEL-107" in bases:
        reasons.append(
            Reason(
                "anonymity-residential",
                "Midlertidigt ophold i en boform (SEL § 107) kan ikke gives anonymt; anonym "
                "stofbehandling efter SEL § 101 a er kun ambulant.",
                "A temporary residential stay (SEL § 107) cannot be anonymous; anonymous drug "
                "treatment under SEL § 101 a is ambulant only.",
                CITE_107,
            )
        )
    if "LBK-972" in bases:
        reasons.append(
            Reason(
                "anonymity-detention",
                "En kontrakt med mulighed for tilbageholdelse kan ikke indgås anonymt.",
                "A contract with possible detention cannot be made anonymously.",
                CITE_972,
            )
        )
    if needs_medication and "SUL-141" in bases:
        reasons.append(
            Reason(
                "anonymity-medication",
                "Borgeren har brug for medicinsk behandling; anonym alkoholbehandling kan ikke "
                "opretholdes, når der gives medicin.",
                "The citizen needs medical treatment; anonymous alcohol treatment cannot "
                "continue once medication is given.",
                CITE_141_7,
            )
        )
    if needs_medication and "SEL-101a" in bases:
        notes.append(
            Reason(
                "anonymity-medication-drugs",
                "Borgeren har brug for medicin; medicinsk behandling (SUL § 142) kan ikke gives "
                "anonymt, kun den sociale behandling efter SEL § 101 a.",
                "The citizen needs medication; medical treatment (SUL § 142) cannot be anonymous, "
                "only the social treatment under SEL § 101 a can.",
                CITE_142,
            )
        )
    permitting = counselling or "SEL-101a" in bases or "SUL-141" in bases
    if not reasons and not permitting:
        named = ", ".join(_cite(b) for b in bases)
        reasons.append(
            Reason(
                "anonymity-no-basis",
                "Anonymitet er kun mulig ved anonym ambulant stofbehandling (SEL § 101 a), "
                "alkoholbehandling (SUL § 141 stk. 7) og anonym rådgivning; ydelsens hjemmel "
                f"({named or 'ingen'}) giver ikke mulighed for det.",
                "Anonymity is only possible in anonymous ambulant drug treatment (SEL § 101 a), "
                "alcohol treatment (SUL § 141 stk. 7) and anonymous counselling; the service's "
                f"legal basis ({named or 'none'}) does not allow it.",
                f"{CITE_101A}; {CITE_141_7}",
            )
        )
    elif not reasons and not counselling:
        closed = [_cite(b) for b in bases if b not in ("SEL-101a", "SUL-141")]
        if closed:
            notes.append(
                Reason(
                    "anonymity-partial",
                    f"Kun den del af forløbet, der hører under {_open_bases(bases)}, kan være "
                    f"anonym; ikke den del, der hører under {', '.join(closed)}.",
                    f"Only the part of the course under {_open_bases(bases)} can be anonymous; "
                    f"not the part under {', '.join(closed)}.",
                    f"{CITE_101A}; {CITE_141_7}",
                )
            )
    return EligibilityResult(not reasons, tuple(reasons), tuple(notes))


def _open_bases(bases: tuple[str, ...]) -> str:
    return ", ".join(_cite(b) for b in bases if b in ("SEL-101a", "SUL-141"))


def _cite(basis: str) -> str:
    """A legal-basis id as a short citation: "SEL-101a" -> "SEL § 101 a"."""
    match = _BASIS_ID.match(basis)
    if match is None:
        return basis
    law, number, letter = match.groups()
    return f"{law} § {number}" + (f" {letter}" if letter else "")


def _bases_for_client(bases: tuple[str, ...], substances: frozenset[str]) -> tuple[str, ...]:
    """The service's legal bases that concern this client's substances (all when unknown)."""
    families = {"drugs" if _is_drug(s) else str(s) for s in substances}
    if not families:
        return bases
    narrowed = tuple(b for b in bases if _BASIS_FAMILY.get(b, "any") in (*families, "any"))
    return narrowed or bases


# --- the service's conditions ---------------------------------------------------------------


def check_eligibility(service: Service, client: ClientFacts) -> EligibilityResult:
    """Check `client` against `service.eligibility` and, for an anonymous client, the law."""
    rules = service.eligibility
    source = str(service.source)
    reasons: list[Reason] = []
    notes: list[Reason] = []

    _check_kind(service, client, source, reasons)
    if rules.age is not None:
        _check_age(rules.age, client, source, reasons, notes)
    _check_substances(service, client, source, reasons, notes)
    _check_anonymity(service, client, source, reasons, notes)
    _check_social_problems(service, client, source, reasons, notes)
    if rules.pregnant:
        _check_pregnant(client, source, reasons, notes)
    if rules.note:
        notes.append(
            Reason(
                "standard-note",
                f"Standarden tilføjer: {rules.note}",
                f"The standard adds (in Danish): {rules.note}",
                source,
            )
        )
    return EligibilityResult(not reasons, tuple(reasons), tuple(notes))


def _check_kind(service: Service, client: ClientFacts, source: str, reasons: list[Reason]) -> None:
    kinds = [str(k) for k in service.eligibility.client_kinds] or [ClientKind.citizen.value]
    if client.client_kind in kinds:
        return
    reasons.append(
        Reason(
            "client-kind",
            f"Ydelsen er for {_list_da(_KIND_DA.get(k, k) for k in kinds)}; klienten er "
            f"{_KIND_ONE_DA.get(client.client_kind, client.client_kind)}.",
            f"The service is for {_list_en(_KIND_EN.get(k, k) for k in kinds)}; the client is "
            f"{_KIND_ONE_EN.get(client.client_kind, client.client_kind)}.",
            source,
        )
    )


def _check_age(
    age: Range, client: ClientFacts, source: str, reasons: list[Reason], notes: list[Reason]
) -> None:
    span_da, span_en = _span(age)
    if client.age is None:
        why_da = " (borgeren er anonym)" if client.anonymous else ""
        why_en = " (the citizen is anonymous)" if client.anonymous else ""
        notes.append(
            Reason(
                "age-unknown",
                f"Borgerens alder er ukendt{why_da}; ydelsen {span_da}. Afklar alderen.",
                f"The citizen's age is unknown{why_en}; the service {span_en}. Check the age.",
                source,
            )
        )
        return
    if age.min is not None and client.age < age.min:
        reasons.append(
            Reason(
                "age-below-min",
                f"Borgeren er {client.age} år; ydelsen kræver mindst {_num(age.min)} år.",
                f"The citizen is {client.age}; the service requires at least {_num_en(age.min)}.",
                source,
            )
        )
    elif age.max is not None and client.age > age.max:
        reasons.append(
            Reason(
                "age-above-max",
                f"Borgeren er {client.age} år; ydelsen er for borgere på højst {_num(age.max)} år.",
                f"The citizen is {client.age}; the service is for citizens aged at most "
                f"{_num_en(age.max)}.",
                source,
            )
        )


def _span(age: Range) -> tuple[str, str]:
    if age.min is not None and age.max is not None:
        return (
            f"er for borgere på {_num(age.min)}–{_num(age.max)} år",
            f"is for citizens aged {_num_en(age.min)}–{_num_en(age.max)}",
        )
    if age.min is not None:
        return (f"kræver mindst {_num(age.min)} år", f"requires at least {_num_en(age.min)}")
    if age.max is not None:
        return (
            f"er for borgere på højst {_num(age.max)} år",
            f"is for ages up to {_num_en(age.max)}",
        )
    return ("har ingen aldersgrænse", "has no age limit")


def _check_substances(
    service: Service, client: ClientFacts, source: str, reasons: list[Reason], notes: list[Reason]
) -> None:
    rules = service.eligibility
    wanted = [str(s) for s in rules.substances]
    have = sorted(str(s) for s in client.substances)
    if wanted:
        wanted_da = _list_da(_SUBSTANCE_DA.get(s, s) for s in wanted)
        wanted_en = _list_en(_SUBSTANCE_EN.get(s, s) for s in wanted)
        if not have:
            notes.append(
                Reason(
                    "substance-unknown",
                    f"Borgerens rusmidler er ikke registreret; ydelsen er for {wanted_da}.",
                    f"The citizen's substances are not recorded; the service is for {wanted_en}.",
                    source,
                )
            )
        elif not any(_substance_matches(c, w) for c in have for w in wanted):
            if any(_substance_maybe(c, w) for c in have for w in wanted):
                notes.append(
                    Reason(
                        "substance-unspecified",
                        f"Borgeren bruger stoffer, men det er ikke registreret hvilke; ydelsen "
                        f"er for {wanted_da}.",
                        f"The citizen uses drugs, but which is not recorded; the service is for "
                        f"{wanted_en}.",
                        source,
                    )
                )
            else:
                reasons.append(
                    Reason(
                        "substance",
                        f"Ydelsen er for {wanted_da}; borgerens rusmidler er "
                        f"{_list_da(_SUBSTANCE_DA.get(s, s) for s in have)}.",
                        f"The service is for {wanted_en}; the citizen's substances are "
                        f"{_list_en(_SUBSTANCE_EN.get(s, s) for s in have)}.",
                        source,
                    )
                )
    elif (
        have
        and service.substances
        and client.client_kind == ClientKind.citizen
        and not any(_substance_matches(c, str(w)) for c in have for w in service.substances)
    ):
        offered = [str(s) for s in service.substances]
        notes.append(
            Reason(
                "substance-outside-offer",
                f"Ydelsen er beskrevet for {_list_da(_SUBSTANCE_DA.get(s, s) for s in offered)}; "
                f"borgerens rusmidler er {_list_da(_SUBSTANCE_DA.get(s, s) for s in have)}.",
                f"The service is described for {_list_en(_SUBSTANCE_EN.get(s, s) for s in offered)}; "
                f"the citizen's substances are {_list_en(_SUBSTANCE_EN.get(s, s) for s in have)}.",
                source,
            )
        )

    main = rules.main_substance
    if main is None:
        return
    main_da, main_en = _SUBSTANCE_DA.get(main, main), _SUBSTANCE_EN.get(main, main)
    if client.main_substance is None:
        notes.append(
            Reason(
                "main-substance-unknown",
                f"Borgerens hovedrusmiddel er ikke registreret; ydelsen kræver {main_da} som "
                "hovedrusmiddel.",
                f"The citizen's main substance is not recorded; the service requires {main_en} "
                "as the main substance.",
                source,
            )
        )
    elif _substance_matches(client.main_substance, main):
        return
    elif _substance_maybe(client.main_substance, main):
        notes.append(
            Reason(
                "main-substance-unspecified",
                f"Borgerens hovedrusmiddel er registreret som stoffer uden at sige hvilke; "
                f"ydelsen kræver {main_da} som hovedrusmiddel.",
                f"The citizen's main substance is recorded as drugs without saying which; the "
                f"service requires {main_en} as the main substance.",
                source,
            )
        )
    else:
        reasons.append(
            Reason(
                "main-substance",
                f"Ydelsen kræver {main_da} som hovedrusmiddel; borgerens hovedrusmiddel er "
                f"{_SUBSTANCE_DA.get(client.main_substance, client.main_substance)}.",
                f"The service requires {main_en} as the main substance; the citizen's main "
                f"substance is {_SUBSTANCE_EN.get(client.main_substance, client.main_substance)}.",
                source,
            )
        )


def _check_anonymity(
    service: Service, client: ClientFacts, source: str, reasons: list[Reason], notes: list[Reason]
) -> None:
    stated = service.eligibility.anonymity
    if not client.anonymous:
        if stated == Anonymity.required or "SEL-101a" in service.legal_bases:
            extra_da = extra_en = ""
            if "SEL-101a" in service.legal_bases:
                extra_da = (
                    " En identificeret borger kan i stedet få behandling efter SEL § 101 med "
                    "behandlingsgaranti og klageadgang."
                )
                extra_en = (
                    " An identified citizen can instead be treated under SEL § 101, with the "
                    "treatment guarantee and the right of appeal."
                )
            notes.append(
                Reason(
                    "anonymous-service",
                    "Ydelsen gives anonymt: borgerens identitet registreres ikke på ydelsen."
                    + extra_da,
                    "The service is anonymous: the citizen's identity is not recorded on it."
                    + extra_en,
                    CITE_101A if "SEL-101a" in service.legal_bases else source,
                )
            )
        return
    if stated == Anonymity.not_allowed:
        reasons.append(
            Reason(
                "anonymity-not-allowed",
                "Ydelsen kan ikke gives anonymt; borgeren skal oplyse sin identitet.",
                "The service cannot be given anonymously; the citizen must give their identity.",
                source,
            )
        )
        return
    bases = _bases_for_client(service.legal_bases, client.substances)
    law = anonymity_allowed(
        bases,
        counselling=service.phase in _COUNSELLING_PHASES,
        needs_medication=client.needs_medication,
    )
    notes.extend(law.notes)
    for reason in law.reasons:
        if reason.code != "anonymity-no-basis" or bases:
            reasons.append(reason)
        elif stated in (Anonymity.allowed, Anonymity.required):
            notes.append(
                Reason(
                    "anonymity-basis-unstated",
                    "Standarden tillader anonymitet, men nævner ingen hjemmel for ydelsen; "
                    "kontrollér, at anonymiteten har hjemmel i SEL § 101 a eller SUL § 141 stk. 7.",
                    "The standard allows anonymity but names no legal basis for the service; "
                    "check that SEL § 101 a or SUL § 141 stk. 7 supports it.",
                    source,
                )
            )
        else:
            notes.append(
                Reason(
                    "anonymity-unclear",
                    "Standarden siger ikke, om ydelsen kan gives anonymt, og nævner ingen hjemmel; "
                    "afklar det, før borgeren begynder anonymt.",
                    "The standard does not say whether the service can be anonymous and names no "
                    "legal basis; settle this before the citizen starts anonymously.",
                    source,
                )
            )


def _check_social_problems(
    service: Service, client: ClientFacts, source: str, reasons: list[Reason], notes: list[Reason]
) -> None:
    by_law = "SEL-101a" in service.legal_bases
    if not (service.eligibility.no_other_social_problems or by_law):
        return
    cite = CITE_101A if by_law else source
    if client.other_social_problems is None:
        notes.append(
            Reason(
                "other-social-problems-unknown",
                "Det er ikke afklaret, om borgeren har andre sociale problemer; ydelsen er kun "
                "for borgere uden andre sociale problemer end forbruget.",
                "It is not known whether the citizen has other social problems; the service is "
                "only for citizens with no social problems beyond the substance use.",
                cite,
            )
        )
    elif client.other_social_problems:
        reasons.append(
            Reason(
                "other-social-problems",
                "Borgeren har andre sociale problemer; ydelsen er kun for borgere uden andre "
                "sociale problemer end forbruget.",
                "The citizen has other social problems; the service is only for citizens with "
                "no social problems beyond the substance use.",
                cite,
            )
        )


def _check_pregnant(
    client: ClientFacts, source: str, reasons: list[Reason], notes: list[Reason]
) -> None:
    if client.pregnant is None:
        notes.append(
            Reason(
                "pregnancy-unknown",
                "Ydelsen er kun for gravide; det er ikke registreret, om borgeren er gravid.",
                "The service is for pregnant women only; whether the citizen is pregnant is not "
                "recorded.",
                source,
            )
        )
    elif not client.pregnant:
        reasons.append(
            Reason(
                "pregnant-only",
                "Ydelsen er kun for gravide; borgeren er ikke gravid.",
                "The service is for pregnant women only; the citizen is not pregnant.",
                source,
            )
        )


# --- every level of the standard: target group, centre, service (issue 12 § 3) ---------------


def check_in_standard(
    standard: Standard, service: Service, client: ClientFacts
) -> EligibilityResult:
    """Every limit the standard sets, at every level where it sets one: the service
    (`check_eligibility`), the centre that delivers it (`Centre.age`) and the target groups
    (`TargetGroup.age`, `TargetGroup.substances`, `TargetGroup.client_kinds`); and, for a client
    under 18, the warning and the legal basis the law gives (Barnets Lov § 33; the duty to notify,
    Barnets Lov § 133).

    A target group limits a client only where the standard has target groups for the client's
    kind (a service for professionals in a standard without a target group for them is decided by
    the service alone); the client must then fit one of them."""
    result = check_eligibility(service, client)
    reasons = list(result.reasons)
    notes = list(result.notes)
    centre = _centre_of(standard, service)
    if (
        centre is not None
        and centre.age is not None
        and client.age is not None
        and not centre.age.contains(client.age)
    ):
        span_da, span_en = _span(centre.age)
        reasons.append(
            Reason(
                "centre-age",
                f"Borgeren er {client.age} år; {centre.name} {span_da}.",
                f"The citizen is {client.age}; {centre.name} {span_en}.",
                str(centre.source),
            )
        )
    _check_target_groups(standard.target_groups, client, reasons, notes)
    if client.age is not None and client.age < 18:
        drugs = not client.substances or any(_is_drug(s) for s in client.substances)
        notes.append(
            Reason(
                "under-18",
                f"Borgeren er {client.age} år (under 18). "
                + (
                    "Behandling af børn og unge under 18 år for stofmisbrug gives efter Barnets "
                    "Lov § 33, ikke serviceloven § 101. "
                    if drugs
                    else ""
                )
                + "Forældremyndighedens indehaver skal inddrages, og underretningspligten efter "
                "Barnets Lov § 133 gælder.",
                f"The citizen is {client.age} (under 18). "
                + (
                    "Treatment of children and young people under 18 for drug use is given under "
                    "Barnets Lov § 33, not SEL § 101. "
                    if drugs
                    else ""
                )
                + "The holder of parental authority must be involved, and the duty to notify "
                "under Barnets Lov § 133 applies.",
                f"{CITE_BL_33}; {CITE_BL_133}",
            )
        )
    return EligibilityResult(not reasons, tuple(reasons), tuple(notes))


def _centre_of(standard: Standard, service: Service) -> Centre | None:
    centre_id = service.delivery.centre
    return next((c for c in standard.centres if c.id == centre_id), None) if centre_id else None


def _check_target_groups(
    groups: tuple[TargetGroup, ...], client: ClientFacts, reasons: list[Reason], notes: list[Reason]
) -> None:
    mine = [
        g
        for g in groups
        if client.client_kind in ([str(k) for k in g.client_kinds] or [ClientKind.citizen.value])
    ]
    if not mine:
        return
    citizen = client.client_kind == ClientKind.citizen
    fitting = []
    for group in mine:
        if group.age is not None and client.age is not None and not group.age.contains(client.age):
            continue
        if (
            citizen
            and group.substances
            and client.substances
            and not any(
                _substance_matches(c, str(w)) for c in client.substances for w in group.substances
            )
            and not any(
                _substance_maybe(c, str(w)) for c in client.substances for w in group.substances
            )
        ):
            continue
        fitting.append(group)
    if fitting:
        return
    names = _list_da(str(g.name) for g in mine)
    names_en = _list_en(str(g.name) for g in mine)
    spans = [_span(g.age) for g in mine if g.age is not None]
    reasons.append(
        Reason(
            "target-group",
            f"Borgeren hører ikke til standardens målgruppe ({names})"
            + (f": målgruppen {spans[0][0]}" if spans and client.age is not None else "")
            + ".",
            f"The citizen is outside the standard's target group ({names_en})"
            + (f": the target group {spans[0][1]}" if spans and client.age is not None else "")
            + ".",
            str(mine[0].source),
        )
    )
