"""Web tests: a Django test client signed in with two factors as a given user."""

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice


def signed_in(user) -> Client:
    """A client for `user`, signed in and verified with a confirmed TOTP device."""
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client
