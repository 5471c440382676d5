from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "vendepunkt.web"
    label = "web"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
