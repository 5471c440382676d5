import os

from django.core.wsgi import get_wsgi_application

from vendepunkt.envfile import load_env_file

load_env_file()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vendepunkt.settings")
application = get_wsgi_application()


def refuse_a_broken_setup() -> None:
    """Run Django's system checks at start, as runserver and migrate do: an error (a missing
    front-end package, web.E001, …) stops the workers with its message instead of being served."""
    import io

    from django.core.management import call_command

    call_command("check", stdout=io.StringIO())


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
