"""Clients: identified citizens (CPR number encrypted, keyed hash for look-up), anonymous clients
(a generated code, never a CPR number) and relatives as clients in their own right (R5)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from vendepunkt.accounts.models import Municipality

from . import crypto


class ClientKind(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    RELATIVE = "relative", _("Relative")
    CHILD_OF_USER = "child_of_user", _("Child of a user")
    # issue 12 § 3: the kinds of client the standards name (R5)
    FAMILY = "family", _("Family")
    PROFESSIONAL = "professional", _("Professional partner")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class Client(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="clients")
    anonymous = models.BooleanField(default=False)
    client_kind = models.CharField(
        max_length=20, choices=ClientKind.choices, default=ClientKind.CITIZEN
    )
    # Identified citizens only; never set for an anonymous client (a database constraint holds it).
    cpr_encrypted = models.TextField(blank=True)
    cpr_hash = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 (NULL is not unique)
    name = models.CharField(max_length=200, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    # Anonymous clients only.
    code = models.CharField(max_length=20, null=True, blank=True)  # noqa: DJ001 (NULL is not unique)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    sex = models.CharField(max_length=10, choices=Sex.choices, blank=True)
    home_municipality = models.CharField(max_length=100, blank=True)
    children_under_18 = models.PositiveSmallIntegerField(null=True, blank=True)
    pregnant = models.BooleanField(null=True, blank=True)
    address = models.CharField(max_length=300, blank=True)
    # The notification check (Barnets Lov § 133): the day pregnancy or children under 18 was
    # recorded, and the day the check was last done (courses' deadlines read both).
    notification_flagged_on = models.DateField(null=True, blank=True)
    notification_checked_on = models.DateField(null=True, blank=True)
    # A relative's link to the person whose substance use affects them (optional, R5).
    relative_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="relatives"
    )
    # An anonymous client linked to an identified citizen with consent: history moves, nothing is counted twice.
    linked_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="linked_anonymous"
    )
    linked_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the retention period ran out and the identity was removed (R49, rights app).
    anonymised_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "cpr_hash"], name="one_client_per_cpr"),
            models.UniqueConstraint(fields=["municipality", "code"], name="unique_anonymous_code"),
            models.CheckConstraint(
                condition=models.Q(anonymous=False)
                | (models.Q(cpr_encrypted="") & models.Q(cpr_hash__isnull=True)),
                name="anonymous_client_has_no_cpr",
            ),
            models.CheckConstraint(
                condition=models.Q(anonymous=True) | models.Q(code__isnull=True),
                name="identified_client_has_no_code",
            ),
        ]

    def __str__(self) -> str:  # never the CPR number or the name: this string reaches logs
        return f"Klient {self.code or self.pk}"

    @property
    def cpr(self) -> str | None:
        return crypto.decrypt(self.cpr_encrypted) if self.cpr_encrypted else None

    @property
    def masked_cpr(self) -> str:
        cpr = self.cpr
        return f"{cpr[:6]}-xxxx" if cpr else ""

    @property
    def display_name(self) -> str:
        return self.name if not self.anonymous else f"Anonym {self.code}"

    def age_on(self, day) -> int | None:
        if self.birth_date:
            years = day.year - self.birth_date.year
            return years - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))
        if self.birth_year:
            return day.year - self.birth_year
        return None
