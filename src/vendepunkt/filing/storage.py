"""Encryption at rest for the filed documents, as a Django storage around another one (D89).

`EncryptedStorage` encrypts on save and decrypts on open; underneath lies any Django storage:
`FileSystemStorage` under the var directory by default, or an S3-compatible store through
django-storages (`VENDEPUNKT_FILING_STORAGE=s3`, docs/operations.md). What the inner storage
holds is `MAGIC + nonce + AES-256-GCM(content)`, with the name as associated data, so a file
copied under another name does not decrypt. The key is derived (HKDF-SHA256) from
`VENDEPUNKT_ENCRYPTION_KEY`, the key the CPR numbers are encrypted with (citizens/crypto.py),
with an info string of its own: one secret to keep, distinct keys in use. Names are random
(`new_name`) and never carry personal data. The storage gives no URL: a document is served only
through the permission-checked, logged download."""

from __future__ import annotations

import base64
import os
import secrets
from functools import cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage
from django.utils.functional import cached_property
from django.utils.module_loading import import_string

MAGIC = b"VPD1"
NONCE = 12


class DecryptionFailed(Exception):
    """The stored content does not decrypt: another key, another name, or damaged."""


@cache
def _key(master: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"vendepunkt document storage"
    ).derive(base64.urlsafe_b64decode(master))


def encrypt(name: str, plain: bytes, master: str | None = None) -> bytes:
    key = _key(master or settings.VENDEPUNKT_ENCRYPTION_KEY)
    nonce = os.urandom(NONCE)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, plain, MAGIC + name.encode())


def decrypt(name: str, blob: bytes, master: str | None = None) -> bytes:
    key = _key(master or settings.VENDEPUNKT_ENCRYPTION_KEY)
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + NONCE + 16:
        raise DecryptionFailed(name)
    nonce = blob[len(MAGIC) : len(MAGIC) + NONCE]
    try:
        return AESGCM(key).decrypt(nonce, blob[len(MAGIC) + NONCE :], MAGIC + name.encode())
    except InvalidTag:
        raise DecryptionFailed(name) from None


def new_name() -> str:
    """A random name (128 bits), two levels of folders so no folder grows too large."""
    token = secrets.token_hex(16)
    return f"{token[:2]}/{token[2:4]}/{token}.bin"


def default_inner() -> dict[str, Any]:
    return {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": str(settings.VAR_DIR / "filing"),
            "directory_permissions_mode": 0o700,
            "file_permissions_mode": 0o600,
        },
    }


class EncryptedStorage(Storage):
    """Encrypts on save, decrypts on open, around the storage `inner` ({"BACKEND", "OPTIONS"})."""

    def __init__(self, inner: dict[str, Any] | None = None, key: str | None = None):
        self._inner_spec = inner
        self._master = key

    @cached_property
    def inner(self) -> Storage:
        spec = self._inner_spec or default_inner()
        return import_string(spec["BACKEND"])(**spec.get("OPTIONS", {}))

    def _save(self, name: str, content: File) -> str:
        content.seek(0)
        blob = encrypt(name, content.read(), self._master)
        saved = self.inner.save(name, ContentFile(blob))
        if saved != name:  # the name is part of the ciphertext: a renamed file would not open
            self.inner.delete(saved)
            raise FileExistsError(name)
        return saved

    def _open(self, name: str, mode: str = "rb") -> File:
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("The filing storage opens documents for reading only")
        with self.inner.open(name, "rb") as f:
            blob = f.read()
        return ContentFile(decrypt(name, blob, self._master), name=name)

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        if self.inner.exists(name):
            raise FileExistsError(name)  # random names do not collide; never overwrite
        return name

    def delete(self, name: str) -> None:
        self.inner.delete(name)

    def exists(self, name: str) -> bool:
        return self.inner.exists(name)

    def size(self, name: str) -> int:
        return max(self.inner.size(name) - len(MAGIC) - NONCE - 16, 0)

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        return self.inner.listdir(path)

    def url(self, name: str | None) -> str:
        raise NotImplementedError("Documents are served only through the logged download")
