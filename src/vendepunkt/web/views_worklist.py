"""The worklist: the deadlines that are my work, my teams' or my centre's (issue 13 § 5), breached
and at-risk first, filtered by kind, status, treater and due date; each row links to the citizen
and to the page where the work is done. Leaders also have a caseload view per treater."""

from __future__ import annotations

from typing import NamedTuple, cast

from django import forms
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from vendepunkt.accounts.access import AccessDenied
from vendepunkt.accounts.models import User
from vendepunkt.courses.deadlines import (
    ALL_KINDS,
    caseload,
    dose_behind,
    effective_status,
    kinds_for,
    scopes_for,
    worklist,
)
from vendepunkt.reminders import queries as reminder_queries
from vendepunkt.web.kinds import DEADLINE_KINDS, deadline_kind

from .access import staff_page
from .areas.oversight.views import notices_context

SCOPES = {
    "mine": _("My deadlines"),
    "team": _("My teams"),
    "centre": _("My centre"),
    "all": _("The municipality"),
}
STATUS_CHOICES = [
    ("", _("All")),
    ("breached", _("Breached")),
    ("at_risk", _("At risk")),
    ("open", _("Open, not at risk")),
]
ORDER_CHOICES = [("urgency", _("Most urgent first")), ("due", _("By due date"))]


class Where(NamedTuple):
    url_name: str
    takes: str  # course, treatment, client or subject (the record the subject names)


# Where the work on a deadline is done: the URL name and which id it takes. The subject of a
# deadline names its record ("application:12", "complaint:3"); the course or its treatment
# otherwise.
WHERE: dict[str, Where] = {
    "treatment_guarantee": Where("treatment-start", "course"),
    "doctor_consultation": Where("course-doctor-consultation", "course"),
    "plan_at_start": Where("plan", "treatment"),
    "plan_review": Where("plan-review", "treatment"),
    "follow_up": Where("follow-up-record", "treatment"),
    "residential_status_meeting": Where("course-stays", "course"),
    "grant_expiry": Where("course-services", "course"),
    "notification_check": Where("citizen-detail", "client"),
    "decision": Where("decision-new", "subject"),
    "forum_meeting": Where("decision-new", "subject"),
    "complaint_reassessment": Where("complaint-detail", "subject"),
    "complaint_forwarding": Where("complaint-detail", "subject"),
    "no_show_contact": Where("calendar-appointment", "subject"),  # "no_show:<appointment id>"
}
MARKER = 987654321


class WorklistFilter(forms.Form):
    """The worklist's filters (GET): every field optional, bad values ignored with a message."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    treater = forms.TypedChoiceField(
        label=_("Treater"), required=False, coerce=int, empty_value=None
    )
    due_from = forms.DateField(
        label=_("Due from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    due_to = forms.DateField(
        label=_("Due until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    order = forms.ChoiceField(label=_("Order"), required=False, choices=ORDER_CHOICES)

    def __init__(self, *args, kinds, treaters, **kwargs):
        super().__init__(*args, **kwargs)
        cast("forms.ChoiceField", self.fields["kind"]).choices = [("", _("All kinds")), *kinds]
        cast("forms.ChoiceField", self.fields["treater"]).choices = [
            ("", _("All treaters")),
            *treaters,
        ]

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("due_from"), data.get("due_to")
        if start and end and start > end:
            self.add_error("due_to", _("The end of the range is before its start."))
        return data


def _patterns() -> dict[str, str]:
    found = {}
    for name in {n for n, _kind in WHERE.values()} | {"course-detail", "citizen-detail"}:
        try:
            found[name] = reverse(name, args=[MARKER]).replace(str(MARKER), "{}")
        except NoReverseMatch:
            continue
    return found


def _where(d, patterns: dict[str, str]) -> str:
    """The page where the work on deadline `d` is done; the course page where no better one is."""
    name, key = WHERE.get(d.kind, Where("course-detail", "course"))
    course = d.contact_course
    ident = None
    if key == "course":
        ident = course.pk
    elif key == "client":
        ident = course.client_id
    elif key == "treatment":
        treatment = getattr(course, "treatment", None) if _has_treatment(course) else None
        ident = treatment.pk if treatment is not None else None
    elif key == "subject":
        _prefix, _sep, rest = d.subject.partition(":")
        ident = int(rest) if rest.isdigit() else None
    if ident is None or name not in patterns:
        name, ident = "course-detail", course.pk
    return patterns.get(name, "").format(ident) if name in patterns else ""


def _has_treatment(course) -> bool:
    try:
        return course.treatment is not None
    except course.__class__.treatment.RelatedObjectDoesNotExist:
        return False


def _rows(items, today, english: bool) -> list[dict]:
    """The rows as the page shows them, worked out once per page: labels and URL patterns are
    looked up once, not per row (a full worklist has 200 rows)."""
    patterns = _patterns()
    citizen = patterns.get("citizen-detail", "")
    kinds: dict[str, str] = {}
    not_computable = str(_("not computable"))
    rows = []
    for d in items:
        status = effective_status(d, today)
        if status == "open" and d.at_risk_on(today):
            status = "at_risk"
        if d.kind not in kinds:
            kinds[d.kind] = deadline_kind(d.kind)
        client = d.contact_course.client
        rows.append(
            {
                "deadline": d,
                "client": client,
                "client_link": citizen.format(client.pk) if citizen else "",
                "status": status,
                "due": date_format(d.due, "SHORT_DATE_FORMAT") if d.due else not_computable,
                "kind_label": kinds[d.kind],
                "reason": d.reason_en if english else d.reason_da,
                "link": _where(d, patterns),
                "treater": d.treater,
            }
        )
    return rows


def _dose_rows(user, scope: str, today) -> list[dict]:
    """Courses behind the planned dose of a service (issue 12 § 3)."""
    english = get_language() == "en"
    try:
        pattern = reverse("course-detail", args=[MARKER]).replace(str(MARKER), "{}")
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


def _treaters(user) -> list[tuple[int, str]]:
    """The treaters a user may filter by: their teams' for a treater, the municipality's else."""
    people = User.objects.filter(municipality_id=user.municipality_id, role="treater")
    if user.role == "treater":
        people = people.filter(teams__in=user.team_ids())
    return [
        (u.pk, u.get_full_name() or u.username)
        for u in people.distinct().order_by("first_name", "last_name", "username")
    ]


def _scope(request) -> tuple[str, list[str]]:
    allowed = list(scopes_for(request.user))
    if not allowed:
        raise AccessDenied("courses.view_worklist")
    scope = request.GET.get("scope") or allowed[0]
    return (scope if scope in allowed else allowed[0]), allowed


@staff_page
@require_safe
def worklist_view(request):
    if request.user.role == "administrator":
        # an administrator works on no course: their start page is the staff administration
        return redirect("staff")
    user = request.user
    scope, allowed = _scope(request)
    today = timezone.localdate()
    own = kinds_for(user.role)
    kinds = sorted(own if own is not None else ALL_KINDS, key=lambda k: str(DEADLINE_KINDS[k]))
    treaters = _treaters(user) if scope != "mine" else []
    form = WorklistFilter(
        request.GET or None,
        kinds=[(k, deadline_kind(k)) for k in kinds],
        treaters=treaters,
    )
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    items = worklist(
        user,
        scope=scope,
        today=today,
        kinds=[chosen["kind"]] if chosen.get("kind") else [],
        status=chosen.get("status") or "",
        treater_id=chosen.get("treater"),
        due_from=chosen.get("due_from"),
        due_to=chosen.get("due_to"),
        order=chosen.get("order") or "urgency",
    )
    filtered = any(chosen.get(k) for k in ("kind", "status", "treater", "due_from", "due_to"))
    context = {
        "rows": _rows(items, today, english=get_language() == "en"),
        "dose_rows": [] if filtered else _dose_rows(user, scope, today),
        "scope": scope,
        "scopes": [(s, SCOPES[s]) for s in allowed],
        "form": form,
        "filtered": filtered,
        "show_treater": scope != "mine",
        "caseload_link": reverse("caseload") if user.role == "centre_leader" else "",
        "today": today,
        "nav": "worklist",
        "notices": notices_context(user),
        # the centre leaders see how many reminders to citizens could not be sent (issue 13 § 3)
        "failed_reminders": reminder_queries.failed_count(request.user)
        if reminder_queries.may_see_failures(request.user)
        else 0,
    }
    return render(request, "web/worklist.html", context)


@staff_page
@require_safe
def caseload_view(request):
    """Per treater: open courses and open deadlines, breached and at risk (centre leaders)."""
    user = request.user
    if user.role != "centre_leader":
        raise AccessDenied("courses.view_worklist")
    allowed = [s for s in scopes_for(user) if s != "mine"] or ["all"]
    scope = request.GET.get("scope") or allowed[0]
    if scope not in allowed:
        scope = allowed[0]
    today = timezone.localdate()
    rows = caseload(user, scope=scope, today=today)
    return render(
        request,
        "web/caseload.html",
        {
            "rows": rows,
            "scope": scope,
            "scopes": [(s, SCOPES[s]) for s in allowed],
            "today": today,
            "nav": "worklist",
        },
    )
