from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "vendepunkt.complaints"
    label = "complaints"
    verbose_name = "Klager"
