from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "vendepunkt.providers"
    label = "providers"
    verbose_name = "Leverandører"
