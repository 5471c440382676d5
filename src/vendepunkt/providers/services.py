"""The provider register (R21, R22) and the citizen's free choice of provider."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from vendepunkt.accounts.access import Actor, NotFound, require
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.accounts.inputs import HAPPENED, check_dates, unstorable_text
from vendepunkt.audit.actions import Action
from vendepunkt.audit.services import audit_change
from vendepunkt.courses.models import ContactCourse, Decision, MedicalRecord
from vendepunkt.rules import payment
from vendepunkt.rules.law import law_floor

from .models import FreeChoiceRecord, Provider

if TYPE_CHECKING:
    from vendepunkt.accounts.models import Municipality
    from vendepunkt.rules.standards.schema import Service


FIELDS = (
    "name",
    "cvr",
    "approved_for",
    "settings_offered",
    "intensities_offered",
    "capacity",
    "public",
    "on_tilbudsportalen",
    "active",
)
SETTINGS = ("ambulant", "day", "residential")
INTENSITIES = ("low", "medium", "intensive", "day", "residential")


def register_provider(
    actor: Actor,
    municipality: Municipality,
    *,
    name: str,
    cvr: str,
    approved_for: list[str],
    settings_offered: list[str],
    public: bool,
    on_tilbudsportalen: bool,
    capacity: int | None = None,
    intensities_offered: list[str] | None = None,
) -> Provider:
    provider = Provider(municipality=municipality)
    require(actor, "providers.manage", provider)
    if not name.strip():
        raise ServiceError(_("The name is missing."), field="name")
    if cvr and not re.fullmatch(r"\d{8}", cvr):
        raise ServiceError(_("The CVR number must be 8 digits."), field="cvr")
    known = {p.id for p in law_floor().provisions}
    unknown = [a for a in approved_for if a not in known]
    if unknown:
        raise ServiceError(
            _("Unknown legal basis: %(unknown)s."),
            unknown=", ".join(unknown),
            field="approved_for",
        )
    if any(s not in SETTINGS for s in settings_offered):
        raise ServiceError(_("Unknown setting."), field="settings_offered")
    intensities_offered = list(intensities_offered or [])
    if any(i not in INTENSITIES for i in intensities_offered):
        raise ServiceError(_("Unknown intensity."), field="intensities_offered")
    for key, value in dict(
        name=name.strip(),
        cvr=cvr,
        approved_for=approved_for,
        settings_offered=settings_offered,
        intensities_offered=intensities_offered,
        public=public,
        on_tilbudsportalen=on_tilbudsportalen,
        capacity=capacity,
    ).items():
        setattr(provider, key, value)
    try:
        with transaction.atomic():
            provider.save()
            audit_change(actor, Action.PROVIDER_REGISTERED, provider, fields=FIELDS)
    except IntegrityError:
        raise ServiceError(
            _("A provider with that name exists."),
            field="name",
            code="duplicate",
        ) from None
    return provider


def check_free_choice(
    provider: Provider,
    *,
    legal_basis: str,
    setting: str,
    intensity: str | None = None,
    products: Iterable[str] = (),
) -> None:
    """Free choice (R21; SEL § 101 stk. 5, SUL § 141, SUL § 142 stk. 7): an approved provider on
    Tilbudsportalen, offering the same form (setting) and intensity as granted; never treatment
    with diacetylmorphine under SUL § 142, known from the recorded product codes (the granted
    service's `products` and the course's substitution records), never from free text.
    Raises ServiceError with the reason."""
    if not provider.active:
        raise ServiceError(_("The provider is not active."), field="provider")
    if legal_basis not in provider.approved_for:
        raise ServiceError(
            _("The provider is not approved under %(citation)s."),
            citation=law_floor().citation(legal_basis),
            field="provider",
        )
    if not provider.on_tilbudsportalen:
        raise ServiceError(
            _("Free choice covers only offers on Tilbudsportalen."),
            field="provider",
        )
    refusal = payment.free_choice_refusal(
        legal_basis=legal_basis,
        provider=payment.ProviderFacts(
            settings=tuple(provider.settings_offered),
            intensities=tuple(provider.intensities_offered or ()),
        ),
        setting=setting,
        intensity=intensity,
        products=products,
    )
    if refusal is not None:
        raise ServiceError(refusal, field="provider", code=refusal.code)


def free_choice_products(course: ContactCourse, service: Service | None) -> set[str]:
    """The medication product codes of a grant: the service's products in the standard and the
    products recorded in the course's substitution records."""
    products = {str(p) for p in service.products} if service is not None else set()
    records = MedicalRecord.objects.filter(
        treatment__contact_course=course, kind="substitution"
    ).values_list("details", flat=True)
    products |= {str(d.get("product")) for d in records if isinstance(d, dict) and d.get("product")}
    return products


def record_provider_refusal(
    actor: Actor,
    decision: Decision,
    provider: Provider,
    *,
    reason: str,
    capacity: bool,
    on: dt.date,
    today: dt.date,
) -> FreeChoiceRecord:
    """The chosen institution refuses the citizen (R21): recorded with its reason. A public
    institution may refuse a SUL § 142 citizen only for capacity (SUL § 142 stk. 7)."""
    from vendepunkt.courses.services._change import change

    course = decision.application.contact_course
    with change(actor, "courses.apply", course=course, today=today, refresh=False) as c:
        check_dates(today, on=(on, HAPPENED))
        if provider.municipality_id != course.municipality_id:
            raise NotFound("Provider")
        if not reason.strip() or unstorable_text(reason):
            raise ServiceError(_("Give the provider's reason for the refusal."), field="reason")
        refusal = payment.refusal_by_provider(
            legal_basis=decision.legal_basis, public=provider.public, capacity=capacity
        )
        if refusal is not None:
            raise ServiceError(refusal, field="capacity", code=refusal.code)
        return c.create(
            FreeChoiceRecord,
            Action.FREE_CHOICE_REFUSED_BY_PROVIDER,
            ("contact_course_id", "decision_id", "provider_id", "kind", "capacity", "on"),
            contact_course=course,
            decision=decision,
            provider=provider,
            kind=FreeChoiceRecord.REFUSED,
            capacity=capacity,
            reason=reason.strip(),
            on=on,
            by=actor,
        )


def limit_free_choice(
    actor: Actor, decision: Decision, *, reason: str, on: dt.date, today: dt.date
) -> FreeChoiceRecord:
    """Limit the citizen's free choice under a grant for their own sake (SEL § 101 stk. 7), with
    the reason; only where the law and the standard allow it. A decision for the caseworkers."""
    from vendepunkt.courses.services._change import change

    course = decision.application.contact_course
    with change(actor, "courses.decide", course=course, today=today, refresh=False) as c:
        check_dates(today, on=(on, HAPPENED))
        if not reason.strip() or unstorable_text(reason):
            raise ServiceError(
                _("Give the reason the free choice is limited for the citizen's sake."),
                field="reason",
            )
        refusal = payment.limitation_refusal(
            course.municipality.standard(), decision.legal_basis, decision.outcome
        )
        if refusal is not None:
            raise ServiceError(refusal, field="reason", code=refusal.code)
        return c.create(
            FreeChoiceRecord,
            Action.FREE_CHOICE_LIMITED,
            ("contact_course_id", "decision_id", "kind", "on"),
            contact_course=course,
            decision=decision,
            kind=FreeChoiceRecord.LIMITED,
            reason=reason.strip(),
            on=on,
            by=actor,
        )


def check_free_choice_records(
    decision: Decision, provider: Provider, records: list[FreeChoiceRecord] | None = None
) -> None:
    """A limitation of the free choice under this grant, or the provider's recorded refusal,
    stops the choice (R21). `records` are the grant's records when the caller has read them."""
    if records is None:
        records = list(FreeChoiceRecord.objects.filter(decision=decision).order_by("on", "id"))
    limited = [r for r in records if r.kind == FreeChoiceRecord.LIMITED]
    if limited:
        raise ServiceError(
            _("The free choice under this grant is limited for the citizen's sake: %(reason)s"),
            reason=limited[-1].reason,
            field="provider",
            code="free-choice-limited",
        )
    refused = [
        r for r in records if r.kind == FreeChoiceRecord.REFUSED and r.provider_id == provider.pk
    ]
    if refused:
        raise ServiceError(
            _("%(provider)s has refused to receive the citizen: %(reason)s"),
            provider=provider.name,
            reason=refused[-1].reason,
            field="provider",
            code="provider-refused",
        )


def get_provider(actor: Actor, provider_id: int) -> Provider:
    provider = Provider.objects.filter(
        pk=provider_id, municipality_id=actor.municipality_id
    ).first()
    if provider is None:
        raise NotFound("Provider")
    return provider
