"""Documents on a citizen or one of their courses (issue 13 § 2): uploads and the letters the
system produces. The row holds what the screens show; the content lies encrypted in the filing
storage (`storage.EncryptedStorage`) under a random name that says nothing of the citizen.
Nothing is deleted outside retention (rights/records.py): the retention run erases the content
and blanks the title and the name the file came with."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from vendepunkt.accounts.models import Municipality
from vendepunkt.citizens.models import Client
from vendepunkt.courses.models import ContactCourse, Decision


class Document(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="documents")
    contact_course = models.ForeignKey(
        ContactCourse, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        help_text="The decision a filed decision letter is the letter of",
    )
    kind = models.CharField(max_length=40, help_text="vocabulary.DocumentKind")
    source = models.CharField(max_length=10, help_text="vocabulary.Source")
    title = models.CharField(max_length=200)
    original_name = models.CharField(
        max_length=200, blank=True, help_text="The file's name as uploaded (shown, never stored)"
    )
    content_type = models.CharField(max_length=100, help_text="Found from the content")
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField(help_text="Bytes, before encryption")
    sha256 = models.CharField(max_length=64, help_text="Of the content, before encryption")
    stored_name = models.CharField(max_length=100, unique=True, help_text="Random")
    medical = models.BooleanField(default=False, help_text="Clinicians only (need to know)")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(auto_now_add=True)
    erased_on = models.DateField(
        null=True, blank=True, help_text="The content was erased by retention on this day"
    )

    class Meta:
        ordering = ["-filed_at", "-id"]
        indexes = [
            models.Index(fields=["client", "filed_at"]),
            models.Index(fields=["municipality", "filed_at"]),
        ]

    def __str__(self) -> str:
        return f"document {self.pk}"
