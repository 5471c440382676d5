"""The staff application's screens, one package per area (each with its own views and tests)."""

import importlib.util

from django.urls import include, path

AREAS = (
    "citizens",
    "intake",
    "visitation",
    "course",
    "plan",
    "oversight",
    "reporting",
    "registers",
)


def _present(area: str) -> bool:
    return importlib.util.find_spec(f"vendepunkt.web.areas.{area}") is not None


urlpatterns = [
    path("", include(f"vendepunkt.web.areas.{area}.urls")) for area in AREAS if _present(area)
]
