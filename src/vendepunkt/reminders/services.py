"""Reminders to citizens (issue 13 § 3).

- `record_consent` / `withdraw_consent`: the citizen's consent to reminders by SMS and e-mail,
  through the acting user (permission, one transaction with the client's row locked, audit entry;
  the audit says that the number or address changed, never what it is).
- `queue_due_reminders`: the worker's periodic scan. Every planned appointment that starts within
  VENDEPUNKT_REMINDER_LEAD_HOURS, of a citizen whose consent is in force, gets one outbox row per
  channel (unique per appointment, channel and kind, so several workers scanning at once queue it
  once) and a task on the job queue that delivers it.
- `deliver`: one outbox row, claimed in a transaction (on PostgreSQL with SELECT … FOR UPDATE
  SKIP LOCKED; SQLite's BEGIN IMMEDIATE lets one writer at a time), so that two workers never
  send it twice; then sent, retried with backoff, or failed for good (visible to the staff).
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vendepunkt.accounts.access import Actor, require
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.accounts.inputs import HAPPENED, check_dates
from vendepunkt.audit.actions import Action
from vendepunkt.audit.services import audit_change, snapshot, write_entry
from vendepunkt.citizens import crypto
from vendepunkt.citizens.models import Client
from vendepunkt.courses.models import Appointment
from vendepunkt.courses.vocabulary import AttendanceStatus

from . import text, transports
from .models import (
    Channel,
    ConsentGiven,
    MessageStatus,
    OutboxMessage,
    ReminderConsent,
    ReminderKind,
)

logger = logging.getLogger("vendepunkt.reminders")
SYSTEM = "reminder-worker"
AUDITED = ("sms", "email", "given_on", "given_how", "withdrawn_on")
PHONE = re.compile(r"^\+?[0-9]{8,15}$")
# A claim older than this is a worker that stopped while sending: the row is queued again.
STALE_CLAIM = dt.timedelta(minutes=10)
# A queued row whose task has not run this long after it was due is given a new task.
LOST_TASK = dt.timedelta(minutes=5)


def _clean_phone(raw: str) -> str:
    phone = re.sub(r"[\s-]", "", raw or "")
    if phone and not PHONE.match(phone):
        raise ServiceError(
            _("Give the phone number as 8 digits, or with + and the country code."),
            field="phone",
        )
    return phone


def _clean_email(raw: str) -> str:
    address = (raw or "").strip()
    if address:
        try:
            validate_email(address)
        except ValidationError:
            raise ServiceError(
                _("The e-mail address is not valid."), field="email_address"
            ) from None
    return address


def record_consent(
    actor: Actor,
    client: Client,
    *,
    sms: bool,
    email: bool,
    phone: str = "",
    email_address: str = "",
    given_on: dt.date,
    given_how: str,
    today: dt.date,
) -> ReminderConsent:
    """Record (or change) the citizen's consent to reminders: by SMS and/or e-mail, the phone
    number and e-mail address to use, when and how it was given. A consent to neither channel is
    refused (withdraw it instead)."""
    check_dates(today, given_on=(given_on, HAPPENED))
    if given_on > today:
        raise ServiceError(_("The consent cannot be given after today."), field="given_on")
    if given_how not in ConsentGiven.values:
        raise ServiceError(_("Choose how the consent was given."), field="given_how")
    if not (sms or email):
        raise ServiceError(
            _("Choose SMS, e-mail or both; to stop reminders, withdraw the consent."),
            field="sms",
        )
    phone = _clean_phone(phone)
    email_address = _clean_email(email_address)
    if sms and not phone:
        raise ServiceError(_("Give the phone number for reminders by SMS."), field="phone")
    if email and not email_address:
        raise ServiceError(
            _("Give the e-mail address for reminders by e-mail."), field="email_address"
        )
    with transaction.atomic():
        locked = Client.objects.select_for_update().filter(pk=client.pk).first()
        client = require(actor, "reminders.record_consent", locked)
        if client.anonymous or client.anonymised_on:
            raise ServiceError(_("An anonymous client cannot be sent reminders."), code="anonymous")
        consent = ReminderConsent.objects.filter(client=client).first()
        before = snapshot(consent, AUDITED) if consent else None
        old_phone = consent.phone if consent else ""
        old_email = consent.email_address if consent else ""
        if consent is None:
            consent = ReminderConsent(client=client, municipality_id=client.municipality_id)
        consent.sms = sms
        consent.email = email
        consent.phone_encrypted = crypto.encrypt(phone) if phone else ""
        consent.email_address_encrypted = crypto.encrypt(email_address) if email_address else ""
        consent.given_on = given_on
        consent.given_how = given_how
        consent.withdrawn_on = None
        consent.recorded_by_id = actor.pk
        consent.save()
        after = snapshot(consent, AUDITED)
        after["changed"] = [
            name
            for name, old, new in (
                ("phone", old_phone, phone),
                ("email_address", old_email, email_address),
            )
            if old != new
        ]
        audit_change(actor, Action.REMINDER_CONSENT_RECORDED, consent, before=before, after=after)
    return consent


def withdraw_consent(
    actor: Actor, client: Client, *, on: dt.date, today: dt.date
) -> ReminderConsent:
    """The citizen withdrew the consent on `on`: no reminder is sent from then on (queued ones
    are not sent either). The phone number and address are removed."""
    check_dates(today, on=(on, HAPPENED))
    if on > today:
        raise ServiceError(_("The consent cannot be withdrawn after today."), field="on")
    with transaction.atomic():
        locked = Client.objects.select_for_update().filter(pk=client.pk).first()
        client = require(actor, "reminders.record_consent", locked)
        consent = ReminderConsent.objects.filter(client=client).first()
        if consent is None or consent.withdrawn_on is not None:
            raise ServiceError(_("There is no consent to withdraw."), code="no_consent")
        if on < consent.given_on:
            raise ServiceError(
                _("The consent cannot be withdrawn before %(date)s, when it was given."),
                date=consent.given_on,
                field="on",
            )
        before = snapshot(consent, AUDITED)
        consent.withdrawn_on = on
        consent.phone_encrypted = ""
        consent.email_address_encrypted = ""
        consent.recorded_by_id = actor.pk
        consent.save()
        audit_change(
            actor, Action.REMINDER_CONSENT_WITHDRAWN, consent, before=before, fields=AUDITED
        )
        OutboxMessage.objects.filter(client=client, status=MessageStatus.QUEUED).update(
            status=MessageStatus.CANCELLED, last_error="consent_withdrawn"
        )
    return consent


# --- the worker's side: no acting user, the system writes the audit entries ----------------------


def _enqueue(message_id: int, run_after: dt.datetime | None = None) -> None:
    from . import tasks

    task = tasks.deliver_reminder
    if run_after is not None:
        task = task.using(run_after=run_after)
    task.enqueue(message_id)


def queue_due_reminders(*, now: dt.datetime | None = None) -> int:
    """Queue the reminders of the appointments starting within the lead time; returns how many
    rows were queued. Idempotent: a row that exists (by another worker's scan) is left alone.
    Also hands a lost task a new one and frees the claim of a worker that stopped while sending."""
    now = now or timezone.now()
    lead = dt.timedelta(hours=settings.VENDEPUNKT_REMINDER_LEAD_HOURS)
    _recover(now)
    appointments = (
        Appointment.objects.filter(
            status=AttendanceStatus.PLANNED,
            at__gt=now,
            at__lte=now + lead,
            contact_course__client__reminder_consent__isnull=False,
            contact_course__client__reminder_consent__withdrawn_on__isnull=True,
            contact_course__client__anonymised_on__isnull=True,
        )
        .select_related("municipality", "contact_course__client__reminder_consent")
        .order_by("at")
    )
    queued = 0
    for appointment in appointments:
        client = appointment.contact_course.client
        consent = client.reminder_consent
        channels = [c for c in Channel.values if consent.allows(c)]
        if not channels:
            continue
        if OutboxMessage.objects.filter(
            appointment=appointment, kind=ReminderKind.BEFORE, channel__in=channels
        ).count() == len(channels):
            continue
        _subject, body = text.render(appointment.municipality, appointment.at)
        for channel in channels:
            try:
                with transaction.atomic():
                    message = OutboxMessage.objects.create(
                        municipality_id=appointment.municipality_id,
                        client=client,
                        appointment=appointment,
                        channel=channel,
                        kind=ReminderKind.BEFORE,
                        text=body,
                        next_attempt_at=now,
                    )
                    _enqueue(message.pk)
            except IntegrityError:
                continue  # another worker queued it
            queued += 1
    if queued:
        logger.info("reminders_queued", extra={"count": queued})
    return queued


def _recover(now: dt.datetime) -> None:
    with transaction.atomic():
        OutboxMessage.objects.filter(
            status=MessageStatus.SENDING, claimed_at__lt=now - STALE_CLAIM
        ).update(status=MessageStatus.QUEUED, next_attempt_at=now, claimed_by="")
        lost = list(
            OutboxMessage.objects.filter(
                status=MessageStatus.QUEUED, next_attempt_at__lt=now - LOST_TASK
            ).values_list("pk", flat=True)[:500]
        )
        if lost:
            OutboxMessage.objects.filter(pk__in=lost).update(next_attempt_at=now)
            for pk in lost:
                _enqueue(pk)


def _claim(message_id: int, now: dt.datetime, worker: str) -> OutboxMessage | None:
    rows = OutboxMessage.objects.filter(
        pk=message_id, status=MessageStatus.QUEUED, next_attempt_at__lte=now
    )
    if connection.features.has_select_for_update_skip_locked:
        rows = rows.select_for_update(skip_locked=True)
    message = rows.first()
    if message is None:
        return None
    message.status = MessageStatus.SENDING
    message.claimed_at = now
    message.claimed_by = worker[:64]
    message.attempts += 1
    message.save(update_fields=["status", "claimed_at", "claimed_by", "attempts"])
    return message


def _not_to_send(message: OutboxMessage, now: dt.datetime) -> str:
    """Why a claimed message must not be sent any more ("" when it may)."""
    appointment = Appointment.objects.get(pk=message.appointment_id)
    if appointment.status != AttendanceStatus.PLANNED:
        return "appointment_not_planned"
    if appointment.at <= now:
        return "appointment_passed"
    consent = ReminderConsent.objects.filter(client_id=message.client_id).first()
    if consent is None or not consent.allows(message.channel):
        return "consent_withdrawn"
    return ""


def deliver(message_id: int, *, worker: str = "", now: dt.datetime | None = None) -> str:
    """Send one outbox message; returns its status afterwards ("skipped" when another worker
    has it, it is not due or it is done)."""
    now = now or timezone.now()
    with transaction.atomic():
        message = _claim(message_id, now, worker)
        if message is None:
            return "skipped"
        reason = _not_to_send(message, now)
        if reason:
            message.status = MessageStatus.CANCELLED
            message.last_error = reason
            message.save(update_fields=["status", "last_error"])
            return str(message.status)
        consent = ReminderConsent.objects.get(client_id=message.client_id)
        recipient = consent.phone if message.channel == Channel.SMS else consent.email_address
        # the text as the appointment stands now (it may have been moved since it was queued)
        subject, body = text.render(message.municipality, message.appointment.at)
        if body != message.text:
            message.text = body
            message.save(update_fields=["text"])
    try:
        if message.channel == Channel.SMS:
            transports.send_sms(recipient, message.text)
        else:
            transports.send_email(recipient, subject, message.text)
    except transports.TransportError as exc:
        return _failed(message, exc.code, permanent=exc.permanent, now=now)
    except Exception as exc:
        return _failed(message, f"error_{type(exc).__name__}", permanent=False, now=now)
    with transaction.atomic():
        message.status = MessageStatus.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["status", "sent_at", "last_error"])
        write_entry(
            action=Action.REMINDER_SENT,
            target_type="outboxmessage",
            target_id=str(message.pk),
            after={"channel": message.channel, "attempts": message.attempts},
            system_actor=SYSTEM,
        )
    logger.info("reminder_sent", extra={"message_id": message.pk, "channel": message.channel})
    return str(message.status)


def _failed(message: OutboxMessage, code: str, *, permanent: bool, now: dt.datetime) -> str:
    last = permanent or message.attempts >= settings.VENDEPUNKT_REMINDER_MAX_ATTEMPTS
    with transaction.atomic():
        message.last_error = code
        if last:
            message.status = MessageStatus.FAILED
            write_entry(
                action=Action.REMINDER_FAILED,
                target_type="outboxmessage",
                target_id=str(message.pk),
                after={"channel": message.channel, "attempts": message.attempts, "error": code},
                system_actor=SYSTEM,
            )
        else:
            delay = settings.VENDEPUNKT_REMINDER_RETRY_SECONDS * 2 ** (message.attempts - 1)
            message.status = MessageStatus.QUEUED
            message.next_attempt_at = max(now, timezone.now()) + dt.timedelta(seconds=delay)
            _enqueue(message.pk, run_after=message.next_attempt_at)
        message.save(update_fields=["status", "last_error", "next_attempt_at"])
    logger.warning(
        "reminder_failed" if last else "reminder_retry",
        extra={"message_id": message.pk, "channel": message.channel, "error": code},
    )
    return str(message.status)
