"""Counselling talks: which kinds a municipality offers and how many talks each allows (R2–R4).

The law sets no number of counselling talks (Serviceloven § 10 gives free counselling; neither
SEL § 101 a nor SUL § 141 stk. 7 caps anonymous counselling), so the number is the standard's:
"1-5 anonyme rådgivende samtaler" (ODS). A kind is offered where a service of the standard names
it (`Service.counselling_kind`); the doctor's consultation is the law's (SUL § 142) and always
offered. The cap is the service's `sessions.max`, and for anonymous counselling also the
standard's anonymity rule for counselling (`AnonymityRule.sessions`), the stricter of the two. A
standard may let a talk beyond the cap be held with a reason (`Service.sessions_extendable`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .standards.schema import AnonymityKind, Source, Standard

# The kinds the law offers whatever the standard says: the doctor's consultation (SUL § 142).
LAW_KINDS = ("doctor",)
# The order the intake shows them in (courses.vocabulary.CounsellingKind).
ORDER = ("anonymous", "open", "information", "course", "doctor")

_NAMES = {  # (da, en), as the refusal names the kind
    "anonymous": ("anonym rådgivning", "anonymous counselling"),
    "open": ("åben rådgivning", "open counselling"),
    "information": ("informationssamtaler", "information talks"),
    "course": ("rådgivningsforløb", "counselling courses"),
    "doctor": ("lægesamtaler", "doctor's consultations"),
}


@dataclass(frozen=True)
class TalkCap:
    """How many talks of one kind a contact course may hold; `max` None: no cap."""

    kind: str
    max: int | None
    extendable: bool
    source: Source | None


@dataclass(frozen=True)
class TalkRefusal:
    code: str
    message_da: str
    message_en: str
    source: str | None

    def __str__(self) -> str:
        return f"{self.message_da} / {self.message_en}"


def offered_kinds(standard: Standard) -> tuple[str, ...]:
    """The kinds of counselling talk the standard offers (its services' `counselling_kind`) and
    the law's, in the intake's order."""
    named = {str(s.counselling_kind) for s in standard.services if s.counselling_kind}
    return tuple(k for k in ORDER if k in named or k in LAW_KINDS)


def talk_cap(standard: Standard, kind: str) -> TalkCap | None:
    """The cap on talks of `kind`, from the standard; None when the kind is not offered."""
    if kind not in offered_kinds(standard):
        return None
    services = [s for s in standard.services if s.counselling_kind and s.counselling_kind == kind]
    caps: list[tuple[int, Source]] = []
    if services and all(s.sessions is not None and s.sessions.max is not None for s in services):
        # several services of one kind: the most generous of them
        best = max(services, key=lambda s: s.sessions.max if s.sessions and s.sessions.max else 0)
        if best.sessions is not None and best.sessions.max is not None:
            caps.append((int(best.sessions.max), best.source))
    if kind == "anonymous":
        for rule in standard.anonymity:
            if rule.kind == AnonymityKind.counselling and rule.sessions and rule.sessions.max:
                caps.append((int(rule.sessions.max), rule.source))
    extendable = any(s.sessions_extendable for s in services)
    if not caps:
        return TalkCap(kind=kind, max=None, extendable=extendable, source=None)
    cap, source = min(caps, key=lambda c: c[0])
    return TalkCap(kind=kind, max=cap, extendable=extendable, source=source)


def _where(source: Source | None) -> tuple[str, str]:
    """The source in words (da, en): never a document code or a requirement id."""
    if source is None:
        return "kommunens kvalitetsstandard", "the municipality's quality standard"
    if source.doc == "law":
        return str(source.citation), str(source.citation)
    if source.section:
        return (
            f"kommunens kvalitetsstandard, afsnittet »{source.section}«",
            f"the municipality's quality standard, section “{source.section}”",
        )
    return "kommunens kvalitetsstandard", "the municipality's quality standard"


def check_talk(
    standard: Standard, kind: str, held: int, extension_reason: str = ""
) -> TalkRefusal | None:
    """May one more talk of `kind` be recorded on a contact course that holds `held` of them?"""
    name_da, name_en = _NAMES.get(kind, (kind, kind))
    cap = talk_cap(standard, kind)
    if cap is None:
        return TalkRefusal(
            code="not_offered",
            message_da=f"Kommunens kvalitetsstandard tilbyder ikke {name_da}.",
            message_en=f"The municipality's quality standard does not offer {name_en}.",
            source=None,
        )
    if cap.max is None or held < cap.max:
        return None
    where_da, where_en = _where(cap.source)
    if cap.extendable and extension_reason.strip():
        return None
    if cap.extendable:
        return TalkRefusal(
            code="extension_reason",
            message_da=(
                f"Der er højst {cap.max} samtaler i {name_da} ({where_da}). Standarden tillader "
                "flere samtaler med en begrundelse: skriv begrundelsen for forlængelsen."
            ),
            message_en=(
                f"There are at most {cap.max} talks in {name_en} ({where_en}). The standard "
                "allows more talks with a reason: give the reason for the extension."
            ),
            source=str(cap.source) if cap.source else None,
        )
    return TalkRefusal(
        code="talk_cap",
        message_da=f"Der er højst {cap.max} samtaler i {name_da} ({where_da}).",
        message_en=f"There are at most {cap.max} talks in {name_en} ({where_en}).",
        source=str(cap.source) if cap.source else None,
    )
