from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "vendepunkt.audit"
    label = "audit"
    verbose_name = "Revisionsspor"
