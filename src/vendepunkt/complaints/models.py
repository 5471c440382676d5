"""Complaints (R39, R40): about a decision, the guarantee, case handling, staff, medical
treatment; routed by the municipality's standard, re-assessed and forwarded."""

from django.conf import settings
from django.db import models

from vendepunkt.accounts.models import Municipality
from vendepunkt.citizens.models import Client
from vendepunkt.courses.models import ContactCourse, Decision


class Complaint(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="complaints")
    contact_course = models.ForeignKey(
        ContactCourse, null=True, on_delete=models.PROTECT, related_name="complaints"
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    kind = models.CharField(max_length=30, help_text="The standard's ComplaintKind")
    route_id = models.SlugField(
        max_length=60, blank=True, help_text="The standard's complaint route"
    )
    received_on = models.DateField()
    form = models.CharField(max_length=10, help_text="oral or written")
    representative = models.CharField(max_length=200, blank=True)
    power_of_attorney = models.BooleanField(default=False)
    text = models.TextField()
    reassessed_on = models.DateField(null=True, blank=True)
    decision_kept = models.BooleanField(null=True)
    forwarded_on = models.DateField(null=True, blank=True)
    forwarded_to = models.CharField(max_length=200, blank=True)
    citizen_informed_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
