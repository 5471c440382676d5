from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "vendepunkt.audit"
    label = "audit"
    verbose_name = "Revisionsspor"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_login_failed

        from .models import SecurityEvent
        from .security import record_sign_in_failure

        def failed(sender, credentials=None, request=None, **kwargs):
            username = (credentials or {}).get("username", "")
            record_sign_in_failure(request, username, SecurityEvent.Kind.SIGN_IN_FAILED)

        def locked(sender, request=None, username=None, **kwargs):
            record_sign_in_failure(request, username or "", SecurityEvent.Kind.LOCKED_OUT)

        user_login_failed.connect(failed, dispatch_uid="vendepunkt-sign-in-failed", weak=False)
        user_locked_out.connect(locked, dispatch_uid="vendepunkt-locked-out", weak=False)
