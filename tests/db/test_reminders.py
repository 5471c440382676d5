"""Reminders (issue 13 § 3): the consent service, the scan, the outbox's claim, retries and
failures, the transports against local servers (run on SQLite and PostgreSQL). The worker as a
real process is tests/db/test_reminder_worker.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone, translation

from tests.db.factories import Town, grant_for
from tests.db.test_course_services import AT, TODAY, citizen, contact
from tests.reminder_servers import sms_gateway
from vendepunkt.accounts.access import AccessDenied
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.audit.models import AuditEntry
from vendepunkt.courses import services as courses
from vendepunkt.reminders import queries, services, text
from vendepunkt.reminders.models import OutboxMessage, ReminderConsent

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def ods():
    return Town("odsherred")


@pytest.fixture
def treatment(ods):
    course = contact(ods, citizen(ods)).contact_course
    grant_for(ods, course, on=AT.date(), today=TODAY)
    return courses.start_treatment(
        ods.visitation_caseworker,
        course,
        team=ods.team,
        start_on=AT.date(),
        treater=ods.treater,
        today=TODAY,
    )


def appointment(ods, treatment, at):
    return courses.record_appointment(ods.secretary, treatment, at=at, kind="doctor", today=TODAY)


def consent(ods, treatment, **values):
    values = {
        "sms": True,
        "email": True,
        "phone": "12 34 56 78",
        "email_address": "borger@example.org",
        "given_on": TODAY,
        "given_how": "oral",
        **values,
    }
    return services.record_consent(
        ods.secretary, treatment.contact_course.client, today=TODAY, **values
    )


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.VENDEPUNKT_REMINDER_RETRY_SECONDS = 1
    settings.VENDEPUNKT_REMINDER_MAX_ATTEMPTS = 3
    settings.VENDEPUNKT_SMS_URL = ""


def test_consent_is_recorded_encrypted_audited_and_denied_by_default(ods, treatment):
    given = consent(ods, treatment)
    stored = ReminderConsent.objects.get(pk=given.pk)
    assert stored.phone == "12345678" and stored.email_address == "borger@example.org"
    assert (
        "12345678" not in stored.phone_encrypted and "example" not in stored.email_address_encrypted
    )
    entry = AuditEntry.objects.get(action="reminder.consent_recorded")
    assert "12345678" not in str(entry.after) and entry.after["changed"] == [
        "phone",
        "email_address",
    ]
    for role in ("auditor", "administrator"):
        with pytest.raises(AccessDenied):
            services.record_consent(
                getattr(ods, role),
                treatment.contact_course.client,
                sms=True,
                email=False,
                phone="12345678",
                given_on=TODAY,
                given_how="oral",
                today=TODAY,
            )
    other = Town("haderslev")
    with pytest.raises(LookupError):
        services.record_consent(
            other.secretary,
            treatment.contact_course.client,
            sms=True,
            email=False,
            phone="12345678",
            given_on=TODAY,
            given_how="oral",
            today=TODAY,
        )


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"sms": False, "email": False}, "sms"),
        ({"phone": "12"}, "phone"),
        ({"email_address": "not an address"}, "email_address"),
        ({"phone": "", "email": False}, "phone"),
        ({"given_how": "telepathy"}, "given_how"),
        ({"given_on": TODAY + dt.timedelta(days=1)}, "given_on"),
    ],
)
def test_consent_refusals(ods, treatment, values, field):
    with pytest.raises(ServiceError) as refused:
        consent(ods, treatment, **values)
    assert refused.value.field == field
    assert not ReminderConsent.objects.exists()


def test_withdrawal_removes_the_contact_data_and_cancels_queued_messages(ods, treatment):
    consent(ods, treatment)
    appointment(ods, treatment, NOW + dt.timedelta(hours=5))
    assert services.queue_due_reminders(now=NOW) == 2
    services.withdraw_consent(ods.treater, treatment.contact_course.client, on=TODAY, today=TODAY)
    stored = ReminderConsent.objects.get()
    assert stored.withdrawn_on == TODAY and not stored.phone_encrypted
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"cancelled"}
    with pytest.raises(ServiceError):
        services.withdraw_consent(
            ods.treater, treatment.contact_course.client, on=TODAY, today=TODAY
        )
    assert services.queue_due_reminders(now=NOW) == 0


def test_the_scan_queues_within_the_lead_time_once_and_skips_cancelled(ods, treatment):
    consent(ods, treatment, email=False)
    soon = appointment(ods, treatment, NOW + dt.timedelta(hours=20))
    appointment(ods, treatment, NOW + dt.timedelta(hours=30))  # beyond 24 hours
    cancelled = appointment(ods, treatment, NOW + dt.timedelta(hours=3))
    courses.set_attendance(ods.treater, cancelled, status="cancelled", today=TODAY)
    assert services.queue_due_reminders(now=NOW) == 1
    assert services.queue_due_reminders(now=NOW) == 0  # idempotent: another worker's scan
    message = OutboxMessage.objects.get()
    assert (message.appointment_id, message.channel, message.status) == (soon.pk, "sms", "queued")


def test_no_consent_no_reminder(ods, treatment):
    appointment(ods, treatment, NOW + dt.timedelta(hours=2))
    assert services.queue_due_reminders(now=NOW) == 0


def test_the_text_says_no_more_than_necessary(ods, treatment, settings):
    at = dt.datetime(2026, 12, 8, 9, 0, tzinfo=dt.UTC)  # 10.00 in Copenhagen
    with translation.override("en"):
        _subject, body = text.render(ods.municipality, at)
    assert "tirsdag den 8. december 2026 kl. 10.00" in body
    assert "Odsherred Kommune" in body  # the standard file's name of the municipality
    for word in ("rusmiddel", "misbrug", "behandling", "læge", "doctor", "Testa"):
        assert word.lower() not in body.lower()
    with translation.override("da"):
        assert body == translation.gettext(text.BODY) % {
            "sender": "Odsherred Kommune",
            "when": "tirsdag den 8. december 2026 kl. 10.00",
        }
    settings.VENDEPUNKT_REMINDER_SENDER = "Center Nord"
    assert "Center Nord" in text.render(ods.municipality, at)[1]


def test_delivery_by_email_and_sms_once(ods, treatment, settings):
    consent(ods, treatment)
    appointment(ods, treatment, NOW + dt.timedelta(hours=5))
    services.queue_due_reminders(now=NOW)
    with sms_gateway() as gateway:
        settings.VENDEPUNKT_SMS_URL = gateway.url
        settings.VENDEPUNKT_SMS_TOKEN = "token-for-tests"
        for message in OutboxMessage.objects.all():
            assert services.deliver(message.pk, now=NOW) == "sent"
            assert services.deliver(message.pk, now=NOW) == "skipped"  # never twice
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["borger@example.org"]
    assert len(gateway.received) == 1
    request = gateway.received[0]
    assert request["body"]["to"] == "12345678"
    assert request["authorization"] == "Bearer token-for-tests"
    assert AuditEntry.objects.filter(action="reminder.sent").count() == 2


def test_a_failed_transport_is_retried_with_backoff_then_failed_for_good(ods, treatment, settings):
    consent(ods, treatment, email=False)
    appointment(ods, treatment, NOW + dt.timedelta(hours=5))
    services.queue_due_reminders(now=NOW)
    message = OutboxMessage.objects.get()
    with sms_gateway(fail_first=10, status=503) as gateway:
        settings.VENDEPUNKT_SMS_URL = gateway.url
        assert services.deliver(message.pk, now=NOW) == "queued"
        message.refresh_from_db()
        assert message.attempts == 1 and message.last_error == "http_503"
        assert services.deliver(message.pk, now=NOW) == "skipped"  # not due yet (backoff)
        later = message.next_attempt_at
        assert services.deliver(message.pk, now=later) == "queued"
        message.refresh_from_db()
        assert message.next_attempt_at - later >= dt.timedelta(seconds=2)  # doubled
        assert services.deliver(message.pk, now=message.next_attempt_at) == "failed"
    message.refresh_from_db()
    assert message.status == "failed" and message.attempts == 3
    view = queries.client_reminders(ods.treater, treatment.contact_course.client, purpose="test")
    assert [m.pk for m in view.failed] == [message.pk]
    assert queries.failed_count(ods.centre_leader) == 1
    with pytest.raises(AccessDenied):
        queries.failed_count(ods.treater)


def test_a_refused_request_fails_at_once(ods, treatment, settings):
    consent(ods, treatment, email=False)
    appointment(ods, treatment, NOW + dt.timedelta(hours=5))
    services.queue_due_reminders(now=NOW)
    with sms_gateway(fail_first=10, status=400) as gateway:
        settings.VENDEPUNKT_SMS_URL = gateway.url
        assert services.deliver(OutboxMessage.objects.get().pk, now=NOW) == "failed"


def test_a_cancelled_appointment_is_not_reminded(ods, treatment):
    consent(ods, treatment, sms=False)
    booked = appointment(ods, treatment, NOW + dt.timedelta(hours=5))
    services.queue_due_reminders(now=NOW)
    courses.set_attendance(ods.treater, booked, status="cancelled", today=TODAY)
    assert services.deliver(OutboxMessage.objects.get().pk, now=NOW) == "cancelled"
    assert not mail.outbox


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SKIP LOCKED: PostgreSQL (SQLite has one writer)"
)
def test_a_claimed_row_is_skipped_by_another_worker(ods, treatment):
    """While one worker holds the row (FOR UPDATE), another skips it instead of waiting."""
    import threading

    from django.db import connections, transaction

    consent(ods, treatment, sms=False)
    appointment(ods, treatment, NOW + dt.timedelta(hours=5))
    services.queue_due_reminders(now=NOW)
    message = OutboxMessage.objects.get()
    seen = []

    def other() -> None:
        try:
            with transaction.atomic():
                seen.append(services._claim(message.pk, NOW, "other"))
        finally:
            connections.close_all()

    with transaction.atomic():
        mine = services._claim(message.pk, NOW, "mine")
        thread = threading.Thread(target=other)
        thread.start()
        thread.join(10)
    assert mine is not None and seen == [None]
    assert timezone.now()


def test_the_insight_export_shows_the_consent_and_retention_erases_the_number(ods, treatment):
    from vendepunkt.rights.services import _anonymise_client, export_client

    consent(ods, treatment)
    client = treatment.contact_course.client
    data = export_client(ods.centre_leader, client.pk, purpose="insight_request", today=TODAY)
    (row,) = data["sections"]["reminder_consent"]
    assert (
        row["phone"] == "12345678"
        and row["email_address"] == "borger@example.org"
        and row["email"] is True
    )
    _anonymise_client(client, TODAY, {"scrubbed": True})
    stored = ReminderConsent.objects.get()
    assert stored.phone == "" and stored.email_address == ""


def test_a_moved_appointment_is_reminded_at_its_new_time(ods, treatment):
    consent(ods, treatment, sms=False)
    booked = appointment(ods, treatment, dt.datetime(2026, 12, 7, 15, 0, tzinfo=dt.UTC))
    services.queue_due_reminders(now=NOW)
    booked.at = dt.datetime(2026, 12, 7, 16, 30, tzinfo=dt.UTC)
    booked.save(update_fields=["at"])
    assert services.deliver(OutboxMessage.objects.get().pk, now=NOW) == "sent"
    assert "kl. 17.30" in mail.outbox[0].body
