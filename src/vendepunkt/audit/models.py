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
