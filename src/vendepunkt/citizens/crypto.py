"""Encryption of CPR numbers with the key from the environment (never stored in the database),
and a keyed hash for exact look-up. The hash key is derived from the encryption key (HKDF), so a
database dump alone reveals neither the numbers nor a way to test guesses against the hashes.

The database keeps the key's fingerprint (table `citizens_keyfingerprint`, written by migration
`citizens.0003`; HKDF-derived, so it reveals nothing about the key). A process checks it once
before it first encrypts or hashes, and again when a record does not decrypt: a database restored
with the wrong key stops with one clear message ("Krypteringsnøglen passer ikke til databasen /
The encryption key does not match the database") instead of failing on every record, or worse,
registering a known citizen again under a new hash. The system check `citizens.E001` (run by
`migrate` and `manage.py check --database default`) and `manage.py verify_restore` say the same
(docs/operations.md, Backup and restore)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

FINGERPRINT_TABLE = "citizens_keyfingerprint"
# How every Fernet token begins (version byte 0x80, base64): a field that holds something else
# (emptied, or erased by the retention run) is not a token to decrypt.
TOKEN_PREFIX = "gAAAAA"  # noqa: S105  # nosec B105 (a format marker, not a secret)
KEY_MISMATCH = (
    "Krypteringsnøglen passer ikke til databasen / The encryption key does not match the database"
)
KEY_MISMATCH_HINT = (
    "VENDEPUNKT_ENCRYPTION_KEY er ikke den nøgle, databasens CPR-numre er krypteret med; brug "
    "nøglen, der hører til databasen / is not the key the database's CPR numbers were encrypted "
    "with; use the key that belongs to the database (docs/operations.md, Backup and restore)."
)


class KeyMismatch(ImproperlyConfigured):
    """The configured encryption key is not the one the database was written with."""

    def __init__(self) -> None:
        super().__init__(f"{KEY_MISMATCH}. {KEY_MISMATCH_HINT}")


@cache
def _keys(master: str) -> tuple[Fernet, bytes]:
    raw = base64.urlsafe_b64decode(master)
    lookup = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"vendepunkt cpr lookup"
    ).derive(raw)
    return Fernet(master.encode()), lookup


@cache
def _fingerprint(master: str) -> str:
    return (
        HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"vendepunkt key fingerprint")
        .derive(base64.urlsafe_b64decode(master))
        .hex()
    )


def fingerprint() -> str:
    """The configured key's fingerprint: a one-way derivation, safe to store beside the data."""
    return _fingerprint(settings.VENDEPUNKT_ENCRYPTION_KEY)


def encrypt(value: str) -> str:
    require_matching_key()
    fernet, _ = _keys(settings.VENDEPUNKT_ENCRYPTION_KEY)
    return fernet.encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    fernet, _ = _keys(settings.VENDEPUNKT_ENCRYPTION_KEY)
    try:
        return fernet.decrypt(token.encode()).decode()
    except InvalidToken:
        if key_status() == "mismatch":
            raise KeyMismatch from None
        raise  # the key is right: this one record is damaged


def lookup_hash(cpr_number: str) -> str:
    require_matching_key()
    _, key = _keys(settings.VENDEPUNKT_ENCRYPTION_KEY)
    return hmac.new(key, cpr_number.encode(), hashlib.sha256).hexdigest()


# --- the key check -------------------------------------------------------------------------------


def stored_fingerprint(using: str = DEFAULT_DB_ALIAS) -> str | None:
    """The fingerprint kept in the database; None before migration `citizens.0003`."""
    connection = connections[using]
    if FINGERPRINT_TABLE not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT fingerprint FROM citizens_keyfingerprint WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else None


def record_fingerprint(using: str = DEFAULT_DB_ALIAS) -> None:
    """Store the configured key's fingerprint (migration `citizens.0003`)."""
    from django.utils import timezone

    with connections[using].cursor() as cursor:
        cursor.execute("DELETE FROM citizens_keyfingerprint")
        cursor.execute(
            "INSERT INTO citizens_keyfingerprint (id, fingerprint, recorded_at) VALUES (1, %s, %s)",
            [fingerprint(), timezone.now().isoformat()],
        )


def sample_decrypts(using: str = DEFAULT_DB_ALIAS) -> bool | None:
    """Whether one stored CPR number decrypts with the configured key (None: there is none)."""
    connection = connections[using]
    if "citizens_client" not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT cpr_encrypted FROM citizens_client WHERE cpr_encrypted <> '' "
            "ORDER BY id LIMIT 1"
        )
        row = cursor.fetchone()
    if row is None:
        return None
    fernet, _ = _keys(settings.VENDEPUNKT_ENCRYPTION_KEY)
    try:
        fernet.decrypt(row[0].encode())
    except InvalidToken:
        return False
    return True


def key_status(using: str = DEFAULT_DB_ALIAS) -> str:
    """Whether the key fits the database: "match", "mismatch" or "unknown" (no fingerprint
    stored and no CPR number to try)."""
    stored = stored_fingerprint(using)
    if stored is not None:
        return "match" if hmac.compare_digest(stored, fingerprint()) else "mismatch"
    decrypts = sample_decrypts(using)
    return "unknown" if decrypts is None else ("match" if decrypts else "mismatch")


_checked: set[tuple[str, str]] = set()


def require_matching_key(using: str = DEFAULT_DB_ALIAS) -> None:
    """Raise KeyMismatch if the key does not match the database; checked once per process."""
    checked = (fingerprint(), str(connections[using].settings_dict["NAME"]))
    if checked in _checked:
        return
    if key_status(using) == "mismatch":
        raise KeyMismatch
    _checked.add(checked)


@checks.register(checks.Tags.database)
def check_encryption_key(app_configs=None, databases=None, **kwargs):
    """citizens.E001: run by `migrate` and `manage.py check --database default`."""
    errors = []
    for alias in databases or ():
        try:
            mismatch = key_status(alias) == "mismatch"
        except DatabaseError:
            continue  # not migrated yet: nothing is encrypted
        if mismatch:
            errors.append(checks.Error(KEY_MISMATCH, hint=KEY_MISMATCH_HINT, id="citizens.E001"))
    return errors
