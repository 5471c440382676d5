"""Recorded versions of the standard files.

Every distinct content of a standard file (by SHA-256) is recorded once with a snapshot of its
validated content. Decisions and deadlines (later issues) point to the version they were made
under, so an old decision can always show the rules that applied when it was made, after the
municipality has revised its standard.
"""

from django.db import models


class StandardVersion(models.Model):
    standard_id = models.SlugField(max_length=60)
    sha256 = models.CharField(max_length=64)
    municipality = models.CharField(max_length=200)
    title = models.CharField(max_length=400)
    period_start = models.DateField(null=True)
    period_end = models.DateField(null=True)
    content = models.JSONField()
    lint_errors = models.PositiveIntegerField(default=0)
    lint_warnings = models.PositiveIntegerField(default=0)
    first_seen = models.DateTimeField(auto_now_add=True)
    is_current = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["standard_id", "sha256"], name="standard_version_unique"
            ),
            models.UniqueConstraint(
                fields=["standard_id"],
                condition=models.Q(is_current=True),
                name="one_current_version",
            ),
        ]
        indexes = [models.Index(fields=["standard_id", "is_current"])]
        ordering = ["standard_id", "-first_seen"]

    def __str__(self) -> str:
        return f"{self.standard_id} {self.sha256[:12]}"
