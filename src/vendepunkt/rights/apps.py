from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "vendepunkt.rights"
    label = "rights"
    verbose_name = "Borgerens rettigheder"
