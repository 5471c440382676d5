"""Personal API tokens (stored as a SHA-256 digest, shown once) and idempotency records (the
first response to a create with an `Idempotency-Key`, returned again for a repeat)."""

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A personal API token of one user: it acts with the user's role in the user's
    municipality. Only the SHA-256 digest of the token is stored; the token itself is shown once,
    when it is created. A token expires and can be revoked; nothing is ever deleted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for")
    prefix = models.CharField(max_length=12, help_text="The first characters, to recognise it")
    digest = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the token (hex)")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"API token {self.prefix}… ({self.name})"


class IdempotencyRecord(models.Model):
    """The response to a create request sent with an `Idempotency-Key`: a repeat of the same
    request by the same user with the same key gets this response instead of a second record.
    The response holds personal data, so records are deleted after 24 hours (docs/api.md)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    request_digest = models.CharField(
        max_length=64, help_text="HMAC-SHA-256 of method, path and body"
    )
    status_code = models.PositiveSmallIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(default=b"")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_response_per_idempotency_key")
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.key})"
