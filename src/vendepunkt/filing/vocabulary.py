"""The documents' word lists, defined once (issue 13 § 2)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """What a filed document is."""

    RECEIVED = "received", _("Received document")
    LETTER = "letter", _("Letter from the centre")
    DECISION_LETTER = "decision_letter", _("Decision letter")
    CONSENT = "consent", _("Consent")
    REPORT = "report", _("Report or statement")
    MEDICAL = "medical", _("Medical document")
    OTHER = "other", _("Other document")


class Source(models.TextChoices):
    """How a document came to be filed."""

    UPLOAD = "upload", _("Uploaded")
    SYSTEM = "system", _("Produced by the system")


# The kinds a member of staff may choose when uploading (the system files decision letters).
UPLOAD_KINDS = tuple(k for k in DocumentKind if k != DocumentKind.DECISION_LETTER)
