"""System checks of the web interface, run by runserver, migrate, `manage.py check` and at the
application's start under gunicorn (vendepunkt.wsgi)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

# The checks the application's start under gunicorn runs too (vendepunkt.wsgi).
START = "vendepunkt-start"


@register(START)
def frontend_packages(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """web.E001: the front-end packages the pages load (package.json) are run-time needs; a
    missing one stops start-up instead of pages without style or behaviour."""
    errors = []
    for prefix, path in settings.FRONTEND_PACKAGES:
        folder = settings.NODE_MODULES / path
        if not folder.is_dir():
            errors.append(
                Error(
                    f"Front-end-pakken mangler / the front-end package is missing: {folder} "
                    f"(/static/{prefix}/)",
                    hint="Kør / run `npm ci` (make setup) i projektmappen / in the project folder.",
                    id="web.E001",
                )
            )
    return errors


@register(Tags.caches, deploy=True)
def shared_cache(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """web.W001 (`check --deploy`): production counts the rate limits in a cache shared by every
    worker (D46b); each process's memory lets each worker allow the whole limit."""
    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        return []
    return [
        Warning(
            "Cachen er hver proces' egen / the cache is each process's own: the rate limits count "
            "per gunicorn worker.",
            hint="Sæt / set CACHE_URL eller/or REDIS_URL=redis://host:6379/0 (docs/operations.md).",
            id="web.W001",
        )
    ]
