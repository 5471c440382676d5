"""The local environment file `var/vendepunkt.env`, made by `vendepunkt init-env` for a demo or
development machine. Variables already set in the environment always win over the file."""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

ENV_FILE = Path(
    os.environ.get(
        "VENDEPUNKT_ENV_FILE", Path(__file__).resolve().parents[2] / "var" / "vendepunkt.env"
    )
)


def load_env_file(path: Path = ENV_FILE) -> None:
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        os.environ.setdefault(key.strip(), value.strip())


def write_env_file(path: Path = ENV_FILE) -> bool:
    """Write a demo environment with fresh secrets, unless the file exists. True if written."""
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    values = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "VENDEPUNKT_ENCRYPTION_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "false",
    }
    body = "# Demo environment made by `vendepunkt init-env`. Not for production.\n"
    body += "".join(f"{k}={v}\n" for k, v in values.items())
    path.touch(mode=0o600)
    path.write_text(body, encoding="utf-8")
    return True
