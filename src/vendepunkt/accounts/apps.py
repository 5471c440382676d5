from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "vendepunkt.accounts"
    label = "accounts"
    verbose_name = "Kommuner, teams og brugere"

    def ready(self) -> None:
        from django.db.models.signals import pre_save

        from . import permissions  # noqa: F401  (registers the permission rules)
        from .inputs import refuse_unstorable

        # Nothing unstorable reaches the database from any service (issue 10 § 4; D40).
        pre_save.connect(refuse_unstorable, dispatch_uid="vendepunkt.refuse_unstorable")
