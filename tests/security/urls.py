"""Every URL pattern of the application, from the resolver, with the object each argument
points at, so the security tests can call all of them and a new URL cannot escape them."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    args: tuple[str, ...]

    @property
    def api(self) -> bool:
        """An operation of the REST API: its matrix is tests/api/test_matrix.py, from the schema."""
        return self.route.startswith("api/")


def web_routes() -> list[Route]:
    return [r for r in routes() if not r.api]


def routes() -> list[Route]:
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                converters = p.pattern.converters
                yield Route(p.name or "", prefix + str(p.pattern), tuple(converters))

    return list(walk(get_resolver().url_patterns))


# What each URL argument names, by URL name (the world's object of that kind is used).
ARG_KIND = {
    "pk": {
        "citizen-detail": "client",
        "citizen-link": "client",
        "citizen-access-log": "client",
        "citizen-access-log-csv": "client",
        "citizen-insight": "client",
        "citizen-correct": "client",
        "citizen-notification": "client",
        "citizen-reminders": "client",
        "citizen-reminders-withdraw": "client",
        "plan": "treatment",
        "plan-edit": "treatment",
        "plan-sign": "treatment",
        "plan-review": "treatment",
        "plan-compare": "treatment",
        "discharge": "treatment",
        "follow-up-record": "treatment",
        "complaint-detail": "complaint",
        "complaint-reassess": "complaint",
        "complaint-forward": "complaint",
        "staff-edit": "staff",
        "notice-seen": "notice",
        "journal": "client",
        "journal-note-new": "client",
        "group-member-add": "client",
        "documents": "client",
        "document-upload": "client",
    },
    "group_id": "group",
    "membership_id": "membership",
    "session_id": "session",
    "document_id": "document",
    "note_id": "note",
    "course_id": "course",
    "application_id": "application",
    "decision_id": "decision",
    "appointment_id": "appointment",
    "user_id": "staff",
    "team_id": "team",
    "room_id": "room",
    "stay_id": "stay",
}


def kind_of(route: Route, arg: str) -> str:
    kind = ARG_KIND.get(arg)
    if isinstance(kind, dict):
        kind = kind.get(route.name)
    if kind is None:
        raise LookupError(f"{route.name}: unknown argument {arg!r}: add it to ARG_KIND")
    return kind
