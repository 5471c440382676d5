"""System checks of the web interface, run by runserver, migrate, `manage.py check` and at the
application's start under gunicorn (vendepunkt.wsgi)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register()
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
