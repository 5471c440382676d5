"""The provider register (R21, R22): approved public and private providers the municipality
uses or a citizen may choose freely."""

from django.conf import settings
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
    # issue 12 § 4: the intensities offered (low, medium, intensive, day, residential), so free
    # choice can be checked against the granted intensity
    intensities_offered = models.JSONField(default=list, blank=True)
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


class FreeChoiceRecord(models.Model):
    """A provider's refusal of a citizen who chose it, or a limitation of the citizen's free
    choice for their own sake (R21; SUL § 142 stk. 7, SEL § 101 stk. 7), with the reason."""

    REFUSED = "provider_refused"
    LIMITED = "limited"

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    contact_course = models.ForeignKey(
        "courses.ContactCourse", on_delete=models.PROTECT, related_name="free_choice_records"
    )
    decision = models.ForeignKey("courses.Decision", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey(
        Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20)
    capacity = models.BooleanField(default=False, help_text="Refused for capacity")
    reason = models.TextField()
    on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
