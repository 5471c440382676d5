"""The settings of `make run` with Django's SQLite defaults, as before issue 10 § 5 (rollback
journal, 5 s busy timeout, deferred transactions): `run_sqlite_load.py --sqlite-defaults` serves
with these to show what the SQLite options of D41 change. Never for use otherwise."""

from vendepunkt.settings import *  # noqa: F403
from vendepunkt.settings import DATABASES

DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=DELETE"}
