from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "vendepunkt.accounts"
    label = "accounts"
    verbose_name = "Kommuner, teams og brugere"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the permission rules)
