from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "vendepunkt.web"
    label = "web"
