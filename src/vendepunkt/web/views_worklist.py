"""The worklist: the deadlines due for me, my teams, my centre or the municipality; breached and
at-risk first; each with its legal reason and a link to where it is resolved."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from vendepunkt.courses.deadlines import effective_status, worklist
from vendepunkt.web.kinds import deadline_kind

from .access import staff_page

SCOPES = {
    "mine": _("My deadlines"),
    "team": _("My teams"),
    "centre": _("My centre"),
    "all": _("The municipality"),
}
WIDE = {"visitation_caseworker", "centre_leader", "secretary", "doctor", "nurse"}


def scopes_for(user) -> list[str]:
    return [s for s in SCOPES if s != "all" or user.role in WIDE]


def link_for(deadline) -> str:
    try:
        return reverse("course-detail", args=[deadline.contact_course_id])
    except NoReverseMatch:
        return ""


@staff_page
@require_safe
def worklist_view(request):
    allowed = scopes_for(request.user)
    scope = request.GET.get("scope") or ("mine" if request.user.role == "treater" else allowed[-1])
    if scope not in allowed:
        scope = allowed[0]
    today = timezone.localdate()
    rows = [
        {
            "deadline": d,
            "client": d.contact_course.client,
            "status": effective_status(d, today),
            "kind_label": deadline_kind(d.kind),
            "link": link_for(d),
        }
        for d in worklist(request.user, scope=scope, today=today)
    ]
    context = {
        "rows": rows,
        "scope": scope,
        "scopes": [(s, SCOPES[s]) for s in allowed],
        "today": today,
        "nav": "worklist",
    }
    return render(request, "web/worklist.html", context)
