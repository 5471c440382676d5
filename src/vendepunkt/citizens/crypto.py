"""Encryption of CPR numbers with the key from the environment (never stored in the database),
and a keyed hash for exact look-up. The hash key is derived from the encryption key (HKDF), so a
database dump alone reveals neither the numbers nor a way to test guesses against the hashes."""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


@cache
def _keys(master: str) -> tuple[Fernet, bytes]:
    raw = base64.urlsafe_b64decode(master)
    lookup = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"vendepunkt cpr lookup"
    ).derive(raw)
    return Fernet(master.encode()), lookup


def encrypt(value: str) -> str:
    fernet, _ = _keys(settings.VENDEPUNKT_ENCRYPTION_KEY)
    return fernet.encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    fernet, _ = _keys(settings.VENDEPUNKT_ENCRYPTION_KEY)
    return fernet.decrypt(token.encode()).decode()


def lookup_hash(cpr_number: str) -> str:
    _, key = _keys(settings.VENDEPUNKT_ENCRYPTION_KEY)
    return hmac.new(key, cpr_number.encode(), hashlib.sha256).hexdigest()
