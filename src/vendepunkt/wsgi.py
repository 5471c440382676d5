import os

from django.core.wsgi import get_wsgi_application

from vendepunkt.envfile import load_env_file

load_env_file()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vendepunkt.settings")
application = get_wsgi_application()


def refuse_a_broken_setup() -> None:
    """Run the start-up system checks (tag "vendepunkt-start": a missing front-end package,
    web.E001) as runserver and migrate run every check: an error stops the workers with its
    message instead of pages being served without it. Only these: all of Django's checks would
    add seconds to every worker's start."""
    from django.core import checks
    from django.core.management.base import SystemCheckError

    from vendepunkt.web.checks import START

    errors = [e for e in checks.run_checks(tags=[START]) if e.is_serious() and not e.is_silenced()]
    if errors:
        raise SystemCheckError("\n".join(str(e) for e in errors))


def refuse_a_wrong_key() -> None:
    """Refuse to start with an encryption key that does not match the database (a restore with
    the wrong key, D42): one clear message at start instead of an error on every record."""
    from contextlib import suppress

    from django.db import DatabaseError

    from vendepunkt.citizens.crypto import require_matching_key

    # not migrated yet, or the database is down: then the first request says so
    with suppress(DatabaseError):
        require_matching_key()


refuse_a_broken_setup()
refuse_a_wrong_key()
