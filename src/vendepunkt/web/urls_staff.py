"""The staff application's screens, one package per area (each with its own views and tests)."""

from django.urls import include, path

AREAS = (
    "citizens",
    "journal",
    "groups",
    "filing",
    "calendar",
    "reminders",
    "intake",
    "visitation",
    "course",
    "plan",
    "oversight",
    "reporting",
    "registers",
)

urlpatterns = [path("", include(f"vendepunkt.web.areas.{area}.urls")) for area in AREAS]
