"""Services for clients: register an identified citizen, an anonymous client or a relative; find
a citizen by CPR number; read a client; link an anonymous client to an identified citizen.

Each function takes the acting user, checks permission (`require`), runs in one transaction,
writes an audit entry for a change and a read-log entry for a read. The CPR number never enters
an audit entry, a log line or an exception message.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from vendepunkt.accounts.access import Actor, NotFound, require
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.accounts.inputs import BIRTH, check_birth_year, check_dates
from vendepunkt.audit.actions import Action
from vendepunkt.audit.services import audit_change, log_read, snapshot
from vendepunkt.rules.cpr import CprError, parse_cpr

from . import crypto
from .models import Client, ClientKind

if TYPE_CHECKING:
    from vendepunkt.accounts.models import Municipality


AUDITED = (
    "anonymous",
    "client_kind",
    "birth_date",
    "birth_year",
    "sex",
    "home_municipality",
    "children_under_18",
    "pregnant",
    "relative_of_id",
    "linked_to_id",
    "code",
    "notification_flagged_on",
    "notification_checked_on",
)
# Name and address are personal data: the audit entry of a correction says that they changed,
# never what they were or became.
CORRECTABLE = ("name", "address", "home_municipality", "pregnant", "children_under_18")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _new(actor: Actor, municipality: Municipality) -> Client:
    return Client(municipality=municipality)


def register_citizen(
    actor: Actor,
    municipality: Municipality,
    *,
    cpr: str,
    name: str,
    today: dt.date,
    home_municipality: str = "",
    children_under_18: int | None = None,
    pregnant: bool | None = None,
    client_kind: str = ClientKind.CITIZEN,
    relative_of: Client | None = None,
) -> Client:
    probe = _new(actor, municipality)
    require(actor, "citizens.add_client", probe)
    try:
        parsed = parse_cpr(cpr, today)
    except CprError as exc:
        raise ServiceError(exc, field="cpr") from None
    check_dates(today, cpr=(parsed.birth_date, BIRTH))
    if not name.strip():
        raise ServiceError(_("The name is missing."), field="name")
    _check_relative(actor, municipality, relative_of)
    client = probe
    client.cpr_encrypted = crypto.encrypt(parsed.number)
    client.cpr_hash = crypto.lookup_hash(parsed.number)
    client.name = name.strip()
    client.birth_date = parsed.birth_date
    client.sex = parsed.sex
    client.home_municipality = home_municipality
    client.children_under_18 = children_under_18
    client.pregnant = pregnant
    if pregnant or children_under_18:  # the notification check, Barnets Lov § 133
        client.notification_flagged_on = today
    client.client_kind = client_kind
    client.relative_of = relative_of
    try:
        with transaction.atomic():
            client.save()
            audit_change(actor, Action.CLIENT_REGISTERED, client, fields=AUDITED)
    except IntegrityError:
        raise ServiceError(
            _("The citizen is already registered."),
            field="cpr",
            code="duplicate",
        ) from None
    return client


def register_anonymous(
    actor: Actor,
    municipality: Municipality,
    *,
    birth_year: int | None = None,
    sex: str = "",
    client_kind: str = ClientKind.CITIZEN,
    relative_of: Client | None = None,
    today: dt.date,
) -> Client:
    """An anonymous client: a generated code, optional birth year and sex, never a CPR number."""
    client = _new(actor, municipality)
    require(actor, "citizens.add_client", client)
    check_birth_year(birth_year, today=today)
    _check_relative(actor, municipality, relative_of)
    client.anonymous = True
    client.birth_year = birth_year
    client.sex = sex
    client.client_kind = client_kind
    client.relative_of = relative_of
    with transaction.atomic():
        for _ in range(5):
            client.code = "A-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(7))
            try:
                with transaction.atomic():
                    client.save()
                break
            except IntegrityError:
                client.pk = None
        audit_change(actor, Action.CLIENT_REGISTERED_ANONYMOUS, client, fields=AUDITED)
    return client


def _check_relative(actor: Actor, municipality: Municipality, relative_of: Client | None) -> None:
    if relative_of is not None and relative_of.municipality_id != municipality.pk:
        raise NotFound("Client")


def find_by_cpr(
    actor: Actor, municipality: Municipality, cpr: str, *, today: dt.date, purpose: str
) -> Client | None:
    """Exact look-up by CPR number through its keyed hash; the search itself is logged."""
    require(actor, "citizens.view_client", _new(actor, municipality))
    try:
        parsed = parse_cpr(cpr, today)
    except CprError as exc:
        raise ServiceError(exc, field="cpr") from None
    client = Client.objects.filter(
        municipality=municipality, cpr_hash=crypto.lookup_hash(parsed.number)
    ).first()
    log_read(
        actor=actor,
        municipality_id=municipality.pk,
        client_id=client.pk if client else None,
        record_type="client_search",
        record_id=client.pk if client else "-",
        purpose=purpose,
    )
    return client


def get_client(actor: Actor, client_id: int, *, purpose: str) -> Client:
    client = Client.objects.filter(pk=client_id, municipality_id=actor.municipality_id).first()
    client = require(actor, "citizens.view_client", client)
    log_read(
        actor=actor,
        municipality_id=client.municipality_id,
        client_id=client.pk,
        record_type="client",
        record_id=client.pk,
        purpose=purpose,
    )
    return client


def link_anonymous(
    actor: Actor, anonymous: Client, citizen: Client, *, consent: bool, today: dt.date
) -> Client:
    """Link an anonymous client to an identified citizen with the citizen's consent (R47): the
    anonymous history moves to the citizen; an open contact course of each is merged into one, so
    no course is counted twice."""
    require(actor, "citizens.link_anonymous", anonymous)
    require(actor, "citizens.link_anonymous", citizen)
    if not consent:
        raise ServiceError(
            _("Linking requires the citizen's consent."),
            field="consent",
        )
    if not anonymous.anonymous or citizen.anonymous:
        raise ServiceError(
            _("Only an anonymous client can be linked to an identified citizen."),
        )
    if anonymous.linked_to_id:
        raise ServiceError(_("The client is already linked."))
    from vendepunkt.courses.services import merge_courses_on_link

    with transaction.atomic():
        before = snapshot(anonymous, AUDITED)
        merge_courses_on_link(actor, anonymous, citizen, today=today)
        anonymous.linked_to = citizen
        anonymous.linked_on = today
        anonymous.save(update_fields=["linked_to", "linked_on"])
        audit_change(actor, Action.CLIENT_LINKED, anonymous, fields=AUDITED, before=before)
    return anonymous


def correct_client(
    actor: Actor,
    client: Client,
    *,
    today: dt.date,
    **values: object,
) -> Client:
    """Correct the citizen's master data (issue 12 § 5): name, address, municipality of residence,
    pregnancy, children under 18. Audited (name and address as changed, not their text).
    Recording pregnancy, or children under 18 where there were none, raises the notification check
    (Barnets Lov § 133) on the worklist of the citizen's open course."""
    unknown = sorted(set(values) - set(CORRECTABLE))
    if unknown:
        raise ServiceError(
            _("These details cannot be corrected here: %(fields)s."),
            fields=", ".join(unknown),
            field=unknown[0],
        )
    with transaction.atomic():
        locked = Client.objects.select_for_update().filter(pk=client.pk).first()
        client = require(actor, "citizens.change_client", locked)
        values = {k: v for k, v in values.items() if getattr(client, k) != v}
        name = values.get("name")
        if name is not None and not str(name).strip():
            raise ServiceError(_("The name is missing."), field="name")
        if client.anonymous and (values.get("name") or values.get("address")):
            raise ServiceError(
                _("An anonymous client has no name or address."),
                field="name" if values.get("name") else "address",
            )
        children = values.get("children_under_18")
        if children is not None and not (isinstance(children, int) and 0 <= children <= 30):
            raise ServiceError(
                _("Give the number of children under 18 (0 to 30)."), field="children_under_18"
            )
        if not values:
            return client
        before = snapshot(client, AUDITED)
        newly = (values.get("pregnant") is True and not client.pregnant) or bool(
            children and not client.children_under_18
        )
        for key, value in values.items():
            setattr(client, key, str(value).strip() if key in ("name", "address") else value)
        if newly:
            client.notification_flagged_on = today
        client.save(update_fields=[*values, "notification_flagged_on"])
        after = snapshot(client, AUDITED)
        after["corrected"] = sorted(values)
        audit_change(actor, Action.CLIENT_CORRECTED, client, before=before, after=after)
        _refresh_open_courses(client, today)
    return client


def record_notification_check(
    actor: Actor, client: Client, *, on: dt.date, today: dt.date
) -> Client:
    """The notification check (Barnets Lov § 133) is done: the treater has considered whether to
    notify children's services (a notification itself is recorded in the course, R34)."""
    from vendepunkt.accounts.inputs import HAPPENED

    check_dates(today, on=(on, HAPPENED))
    with transaction.atomic():
        locked = Client.objects.select_for_update().filter(pk=client.pk).first()
        client = require(actor, "citizens.change_client", locked)
        if client.notification_flagged_on is None:
            raise ServiceError(_("There is no notification check to record."))
        if on < client.notification_flagged_on:
            raise ServiceError(
                _("The check cannot be before %(date)s, when it was raised."),
                date=client.notification_flagged_on,
                field="on",
            )
        before = snapshot(client, AUDITED)
        client.notification_checked_on = on
        client.save(update_fields=["notification_checked_on"])
        audit_change(actor, Action.CLIENT_CORRECTED, client, before=before, fields=AUDITED)
        _refresh_open_courses(client, today)
    return client


def _refresh_open_courses(client: Client, today: dt.date) -> None:
    from vendepunkt.courses import deadlines

    for course in client.contact_courses.filter(closed_on__isnull=True):
        deadlines.refresh(course, today)
