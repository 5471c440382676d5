"""The audit trail: one row per change of state, written by the service that made the change,
inside the same transaction. Rows are never updated; personal data is never put in `summary`."""

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # Who acted when no user did: e.g. "system:sync_standards" for an operator's command.
    system_actor = models.CharField(max_length=100, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    target_type = models.CharField(max_length=100)
    target_id = models.CharField(max_length=100)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(actor__isnull=False) | ~models.Q(system_actor=""),
                name="audit_entry_has_an_actor",
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type}:{self.target_id}"


class ReadLogEntry(models.Model):
    """One row per read of a client's data through a service (R48; SUL § 42 a; GDPR art. 15):
    who read which record of which client, when and why. Indexed for the client's own log view."""

    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    municipality_id = models.BigIntegerField()
    client_id = models.BigIntegerField(null=True)
    record_type = models.CharField(max_length=60)
    record_id = models.CharField(max_length=60)
    purpose = models.CharField(max_length=200)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["client_id", "at"]),
            models.Index(fields=["actor", "at"]),
            models.Index(fields=["at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.record_type}:{self.record_id} ({self.purpose})"


class SecurityEvent(models.Model):
    """One row per refused or failed access (issue 10 § 2): a 401/403/404 on staff data or the
    API, a failed sign-in, a wrong second factor, a lockout. It says who asked, when, what (the
    method and the path, never the query string) and the outcome; it never holds personal data
    of the record asked for (a path holds ids only). Rows are never updated."""

    class Kind(models.TextChoices):
        REFUSED = "refused"
        NOT_FOUND = "not_found"
        UNAUTHENTICATED = "unauthenticated"
        SIGN_IN_FAILED = "sign_in_failed"
        SECOND_FACTOR_FAILED = "second_factor_failed"
        LOCKED_OUT = "locked_out"

    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # The user name tried at a failed sign-in (the account may not exist).
    username = models.CharField(max_length=150, blank=True)
    # The actor's municipality, or the tried account's; null when neither is known.
    municipality_id = models.BigIntegerField(null=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    channel = models.CharField(max_length=10)  # web, api, sign-in
    method = models.CharField(max_length=10, blank=True)
    path = models.CharField(max_length=300, blank=True)
    status = models.PositiveSmallIntegerField(null=True)
    permission = models.CharField(max_length=100, blank=True)
    address = models.GenericIPAddressField(null=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["municipality_id", "at"]),
            models.Index(fields=["actor", "at"]),
            models.Index(fields=["username", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.method} {self.path}"


class Notice(models.Model):
    """Something a centre leader must be told (issue 10): a role that opens personal data was
    granted, or one user was refused again and again. Shown to the municipality's leaders (and
    auditors) until one of them marks it seen. Holds no citizen's data."""

    class Kind(models.TextChoices):
        ROLE_GRANTED = "role_granted"
        REPEATED_REFUSALS = "repeated_refusals"

    created_at = models.DateTimeField(auto_now_add=True)
    municipality_id = models.BigIntegerField()
    kind = models.CharField(max_length=30, choices=Kind.choices)
    # The user the notice is about (the one granted a role, the one refused), and who acted.
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    data = models.JSONField(default=dict)
    seen_at = models.DateTimeField(null=True)
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["municipality_id", "seen_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind}"
