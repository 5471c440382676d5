from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "vendepunkt.standards"
    label = "standards"
    verbose_name = "Kvalitetsstandarder"
