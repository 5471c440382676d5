"""Register submissions (R41; issue 6 § 4): one row per extract made, with the hash of the file,
its row count and findings, and per row a keyed digest of each field (`SubmittedRow`) so the next
extract for the same register and period can be compared with it field by field.

Neither model holds personal data: the file itself is not stored (it goes to the register), the
row key is the local course number and the digests are keyed hashes (docs/registers.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from vendepunkt.accounts.models import Municipality


class Register(models.TextChoices):
    SMDB = "smdb", "Stofmisbrugsdatabasen (SMDB)"
    NAB = "nab", "Nationalt Alkoholbehandlingsregister (NAB)"
    SUBSTITUTION = "substitution", _("Substitution treatment (monthly)")


class RegisterSubmission(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    register = models.CharField(max_length=20, choices=Register.choices)
    period = models.CharField(max_length=7, help_text="YYYY-MM")
    sha256 = models.CharField(max_length=64)
    row_count = models.PositiveIntegerField()
    byte_count = models.PositiveBigIntegerField(default=0)
    codes_version = models.PositiveIntegerField()
    findings = models.JSONField(default=dict, help_text="Counts per severity and per rule")
    diff = models.JSONField(
        null=True, help_text="Counts against the previous submission for the same period"
    )
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["municipality", "register", "period", "created_at"])]

    def __str__(self) -> str:
        rows = ngettext("%(n)s row", "%(n)s rows", self.row_count) % {"n": self.row_count}
        return f"{self.register} {self.period} ({rows})"


class SubmittedRow(models.Model):
    submission = models.ForeignKey(
        RegisterSubmission, on_delete=models.CASCADE, related_name="rows"
    )
    key = models.CharField(max_length=20)
    digests = models.JSONField(help_text="{field: keyed digest}")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "key"], name="one_row_per_key")
        ]
