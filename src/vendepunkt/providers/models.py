"""The provider register (R21, R22): approved public and private providers the municipality
uses or a citizen may choose freely."""

from django.db import models

from vendepunkt.accounts.models import Municipality


class Provider(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="providers"
    )
    name = models.CharField(max_length=200)
    cvr = models.CharField(max_length=8, blank=True, help_text="CVR-nummer (8 cifre)")
    # Legal paragraphs the provider is approved for by Socialtilsynet, as law-floor ids.
    approved_for = models.JSONField(default=list)
    settings_offered = models.JSONField(default=list, help_text="ambulant, day, residential")
    capacity = models.PositiveIntegerField(null=True, blank=True)
    public = models.BooleanField()
    on_tilbudsportalen = models.BooleanField(default=False)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="unique_provider_name")
        ]

    def __str__(self) -> str:
        return self.name
