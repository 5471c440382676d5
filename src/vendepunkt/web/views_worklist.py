"""The worklist: the deadlines due for me, my teams, my centre or the municipality; breached and
at-risk first; each with its legal reason and a link to where it is resolved."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from vendepunkt.courses.deadlines import WIDE_ROLES, dose_behind, effective_status, worklist
from vendepunkt.reminders import queries as reminder_queries
from vendepunkt.web.kinds import deadline_kind

from .access import staff_page
from .areas.oversight.views import notices_context

SCOPES = {
    "mine": _("My deadlines"),
    "team": _("My teams"),
    "centre": _("My centre"),
    "all": _("The municipality"),
}


def scopes_for(user) -> list[str]:
    """The tabs a user has: the municipality for the roles that see every course; the centre
    not for treaters, who see only their teams' courses (it would repeat "My teams")."""
    if user.role in WIDE_ROLES:
        return list(SCOPES)
    return [s for s in SCOPES if s not in ("centre", "all")]


def _rows(items, today, english: bool) -> list[dict]:
    """The rows as the page shows them, worked out once per page: labels and URL patterns are
    looked up once, not per row (a full worklist has 200 rows)."""
    marker = 987654321
    try:
        pattern = reverse("course-detail", args=[marker]).replace(str(marker), "{}")
    except NoReverseMatch:
        pattern = ""
    kinds = {}
    not_computable = str(_("not computable"))
    rows = []
    for d in items:
        status = effective_status(d, today)
        if status == "open" and d.at_risk_on(today):
            status = "at_risk"
        if d.kind not in kinds:
            kinds[d.kind] = deadline_kind(d.kind)
        rows.append(
            {
                "deadline": d,
                "client": d.contact_course.client,
                "status": status,
                "due": date_format(d.due, "SHORT_DATE_FORMAT") if d.due else not_computable,
                "kind_label": kinds[d.kind],
                "reason": d.reason_en if english else d.reason_da,
                "link": pattern.format(d.contact_course_id) if pattern else "",
            }
        )
    return rows


def _dose_rows(user, scope: str, today) -> list[dict]:
    """Courses behind the planned dose of a service (issue 12 § 3)."""
    english = get_language() == "en"
    try:
        pattern = reverse("course-detail", args=[987654321]).replace("987654321", "{}")
    except NoReverseMatch:
        pattern = ""
    rows = []
    for item in dose_behind(user, scope=scope, today=today):
        cs = item["course_service"]
        course = cs.treatment.contact_course
        rows.append(
            {
                "client": course.client,
                "reason": item["reason"].message_en if english else item["reason"].message_da,
                "link": pattern.format(course.pk) if pattern else "",
            }
        )
    return rows


@staff_page
@require_safe
def worklist_view(request):
    if request.user.role == "administrator":
        # an administrator works on no course: their start page is the staff administration
        return redirect("staff")
    allowed = scopes_for(request.user)
    scope = request.GET.get("scope") or ("mine" if request.user.role == "treater" else allowed[-1])
    if scope not in allowed:
        scope = allowed[0]
    today = timezone.localdate()
    items = worklist(request.user, scope=scope, today=today)
    context = {
        "rows": _rows(items, today, english=get_language() == "en"),
        "dose_rows": _dose_rows(request.user, scope, today),
        "scope": scope,
        "scopes": [(s, SCOPES[s]) for s in allowed],
        "today": today,
        "nav": "worklist",
        "notices": notices_context(request.user),
        # the centre leaders see how many reminders to citizens could not be sent (issue 13 § 3)
        "failed_reminders": reminder_queries.failed_count(request.user)
        if reminder_queries.may_see_failures(request.user)
        else 0,
    }
    return render(request, "web/worklist.html", context)
