from django.apps import AppConfig


class CitizensConfig(AppConfig):
    name = "vendepunkt.citizens"
    label = "citizens"
    verbose_name = "Borgere og klienter"
