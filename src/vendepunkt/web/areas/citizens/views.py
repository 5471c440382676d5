"""The citizen screens: find a citizen, register a citizen or an anonymous client (or a relative),
the citizen page with its courses and timeline, linking an anonymous client to an identified
citizen, and the citizen's access log.

A CPR number or a name never appears in a URL: the search form is posted and answered in the
response, and pages are addressed by the client's primary key."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from vendepunkt.accounts.access import NotFound, require
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.audit import queries as audit_queries
from vendepunkt.citizens import queries
from vendepunkt.citizens import services as citizens
from vendepunkt.citizens.models import Client, ClientKind
from vendepunkt.courses.vocabulary import AppointmentKind, DeadlineStatus, LoadDegree
from vendepunkt.groups import queries as group_queries
from vendepunkt.reminders import queries as reminder_queries
from vendepunkt.web.access import staff_page
from vendepunkt.web.kinds import deadline_kind
from vendepunkt.web.labels import LABELS, follow_up_label, legal_name
from vendepunkt.web.refusals import service_message, show_refusal

from .forms import (
    AnonymousForm,
    CitizenForm,
    CorrectForm,
    LinkForm,
    NotificationCheckForm,
    PeriodForm,
    SearchForm,
    search_kind,
)

NAV = "citizen-search"

# Why a record was read: the purposes these screens write into the read log.
PURPOSE_SEARCH = "citizen_search"
PURPOSE_PAGE = "citizen_page"
PURPOSE_REGISTER = "citizen_register"
PURPOSE_LINK = "citizen_link"
PURPOSE_LOG = "access_log"
PURPOSE_CORRECT = "citizen_correct"

PURPOSES = {
    PURPOSE_SEARCH: _("Search for a citizen"),
    PURPOSE_PAGE: _("The citizen's page"),
    PURPOSE_REGISTER: _("Registering a citizen or a relative"),
    PURPOSE_LINK: _("Linking an anonymous client"),
    PURPOSE_LOG: _("The citizen's access log"),
    PURPOSE_CORRECT: _("Correcting the citizen's details"),
    "journal": _("The journal"),
    "groups": _("Group treatment"),
    "reminders": _("Reminders"),
    "worklist": _("Worklist"),
}
RECORD_TYPES = {
    "client": _("Citizen record"),
    "client_search": _("Search result"),
    "contact_course": _("Contact course"),
    "assessments": _("Assessments"),
    "assessment": _("Assessment"),
    "medical_records": _("Medical records"),
    "complaint": _("Complaint"),
    "worklist": _("Worklist"),
    "access_log": _("Access log"),
    "journal": _("Journal"),
    "journalnote": _("Journal note"),
    "groupmembership": _("Group membership"),
    "groupsession": _("Group session attendance"),
    "reminder_consent": _("Consent to reminders"),
    "decision": _("Decision"),
    "decision_letter": _("Decision letter"),
    "plan": _("Treatment plan"),
    "register_extract": _("Register extract"),
    "fhir_export": _("FHIR export"),
}
COURSE_STATUS = {
    "open": _("Open"),
    "in_treatment": _("In treatment"),
    "discharged": _("Discharged"),
    "closed": _("Closed"),
    "merged": _("Merged"),
}
DEADLINE_STATUS = dict(DeadlineStatus.choices)
EVENT_TITLES = {
    "contact": _("Contact"),
    "counselling": _("Counselling talk"),
    "assessment": _("Assessment"),
    "application": _("Application"),
    "decision": _("Decision"),
    "waiver": _("Guarantee waived"),
    "treatment_start": _("Treatment started"),
    "plan": _("Treatment plan"),
    "review": _("Plan review"),
    "appointment": _("Appointment"),
    "stay": _("Residential stay"),
    "status_meeting": _("Status meeting"),
    "course_event": _("Course event"),
    "discharge": _("Discharge"),
    "follow_up": _("Follow-up"),
    "complaint": _("Complaint"),
    "deadline": _("Deadline"),
}
WORDS = {
    # assessment phases
    "intake": _("intake"),
    "plan_review": _("plan review"),
    "discharge": _("discharge"),
    "follow_up": _("follow-up"),
    # substance goals
    "stop": _("stop"),
    "reduce": _("reduce"),
    "stabilise": _("stabilise"),
    # discharge outcomes
    "abstinent": _("abstinent"),
    "reduced": _("reduced use"),
    "stabilised": _("stabilised"),
    "unchanged": _("unchanged"),
    # status meetings
    "before": _("before the stay"),
    "midway": _("midway"),
    "final": _("final"),
    # course events
    "region_handover": _("hand-over to the region"),
    "pregnancy_contract": _("pregnancy contract"),
    "child_welfare_notification": _("child-welfare notification"),
}


def safe_reverse(name: str, *args, query: str = "") -> str:
    """The URL of a screen another area may or may not have built yet; "" when it is missing."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return ""
    return f"{url}?{query}" if query else url


def _label(choices, value: str) -> str:
    """A stored value of a word list in words, lower case inside a line of details."""
    return str(dict(choices.choices).get(value, value)).lower()


def _word(value: str) -> str:
    return str(WORDS.get(value) or LABELS.get(value) or value.replace("_", " "))


def _probe(user) -> Client:
    return Client(municipality_id=user.municipality_id)


# --- find a citizen ---------------------------------------------------------------------------


@staff_page
@require_http_methods(["GET", "POST"])
def search(request):
    """Search by CPR number (exact), anonymous code (exact) or a part of a name. Posted, so the
    search text never enters a URL; the results are answered in the response."""
    user = request.user
    require(user, "citizens.view_client", _probe(user))
    form = SearchForm(request.POST if request.method == "POST" else None)
    context = {
        "form": form,
        "nav": NAV,
        "searched": False,
        "results": [],
        "kind": "",
        "more": False,
        "can_add": rules.has_perm("citizens.add_client", user, _probe(user)),
    }
    status = 200
    if request.method == "POST":
        if form.is_valid():
            text = form.cleaned_data["query"]
            kind = search_kind(text)
            try:
                if kind == "cpr":
                    found = citizens.find_by_cpr(
                        user,
                        user.municipality,
                        text,
                        today=timezone.localdate(),
                        purpose=PURPOSE_SEARCH,
                    )
                    results = [found] if found else []
                elif kind == "code":
                    found = queries.find_by_code(user, text, purpose=PURPOSE_SEARCH)
                    results = [found] if found else []
                else:
                    names = queries.search_by_name(user, text, purpose=PURPOSE_SEARCH)
                    results, context["more"] = names.clients, names.more
            except ServiceError as exc:
                form.add_error("query", service_message(request, exc))
            else:
                context.update(searched=True, kind=kind, results=results)
                if kind == "cpr":  # the full number is not echoed back once it has been used
                    context["form"] = SearchForm()
        if form.errors:
            status = 400
    return render(request, "areas/citizens/search.html", context, status=status)


# --- register a citizen, an anonymous client or a relative ---------------------------------------


def _initial_relative(request, context: dict) -> dict:
    """Coming from a citizen's page (`?relative_of=<pk>`): the form starts as that person's relative."""
    raw = request.GET.get("relative_of", "")
    if not raw.isdigit():
        return {}
    try:
        person = citizens.get_client(request.user, int(raw), purpose=PURPOSE_REGISTER)
    except NotFound:
        return {}
    context["relative_person"] = person
    return {"relative_of": person.pk, "client_kind": ClientKind.RELATIVE}


def _relative(request, form) -> Client | None:
    """The client chosen by number as the person a relative is related to, or a field error."""
    pk = form.cleaned_data.get("relative_of")
    if not pk:
        return None
    try:
        return citizens.get_client(request.user, pk, purpose=PURPOSE_REGISTER)
    except NotFound:
        form.add_error("relative_of", _("There is no client with this number in the municipality."))
        return None


def _registered(request, client: Client):
    if client.anonymous:
        messages.success(
            request,
            format_html(
                "{} <strong>{}</strong>",
                _("The anonymous client was registered with the code"),
                client.code,
            ),
        )
    else:
        messages.success(request, _("The citizen was registered."))
    return redirect("citizen-detail", pk=client.pk)


@staff_page
@require_http_methods(["GET", "POST"])
def citizen_new(request):
    user = request.user
    require(user, "citizens.add_client", _probe(user))
    context = {"nav": NAV}
    if request.method != "POST":
        initial = {
            "home_municipality": user.municipality.name,
            **_initial_relative(request, context),
        }
        context["form"] = CitizenForm(initial=initial)
        return render(request, "areas/citizens/citizen_new.html", context)
    form = context["form"] = CitizenForm(request.POST)
    if form.is_valid():
        relative_of = _relative(request, form)
        if not form.errors:
            data = form.cleaned_data
            today = timezone.localdate()
            try:
                client = citizens.register_citizen(
                    user,
                    user.municipality,
                    cpr=data["cpr"],
                    name=data["name"],
                    today=today,
                    home_municipality=data["home_municipality"].strip(),
                    children_under_18=data["children_under_18"],
                    pregnant=data["pregnant"],
                    client_kind=data["client_kind"],
                    relative_of=relative_of,
                )
            except ServiceError as exc:
                show_refusal(request, form, exc, message=_duplicate_message(request, exc, data))
            else:
                return _registered(request, client)
    return render(request, "areas/citizens/citizen_new.html", context, status=400)


def _duplicate_message(request, exc: ServiceError, data):
    """A CPR number registered already: the error links to the existing citizen's page."""
    if exc.code != "duplicate":
        return None
    existing = citizens.find_by_cpr(
        request.user,
        request.user.municipality,
        data["cpr"],
        today=timezone.localdate(),
        purpose=PURPOSE_REGISTER,
    )
    if existing is None:
        return None
    return format_html(
        '{} <a href="{}" id="existing-citizen">{}</a>',
        service_message(request, exc),
        reverse("citizen-detail", args=[existing.pk]),
        _("Open the citizen's page"),
    )


@staff_page
@require_http_methods(["GET", "POST"])
def anonymous_new(request):
    user = request.user
    require(user, "citizens.add_client", _probe(user))
    context = {"nav": NAV}
    if request.method != "POST":
        context["form"] = AnonymousForm(initial=_initial_relative(request, context))
        return render(request, "areas/citizens/anonymous_new.html", context)
    form = context["form"] = AnonymousForm(request.POST)
    if form.is_valid():
        relative_of = _relative(request, form)
        if not form.errors:
            data = form.cleaned_data
            try:
                client = citizens.register_anonymous(
                    user,
                    user.municipality,
                    birth_year=data["birth_year"],
                    sex=data["sex"],
                    client_kind=data["client_kind"],
                    relative_of=relative_of,
                    today=timezone.localdate(),
                )
            except ServiceError as exc:
                show_refusal(request, form, exc)
            else:
                return _registered(request, client)
    return render(request, "areas/citizens/anonymous_new.html", context, status=400)


# --- the citizen page ---------------------------------------------------------------------------


@staff_page
@require_safe
def detail(request, pk: int):
    user = request.user
    today = timezone.localdate()
    client = citizens.get_client(user, pk, purpose=PURPOSE_PAGE)
    page = queries.citizen_page(user, client, today=today, purpose=PURPOSE_PAGE)
    standard = client.municipality.standard()
    english = getattr(request, "LANGUAGE_CODE", "da") == "en"
    courses = [
        {
            "row": row,
            "course": row.course,
            "status": COURSE_STATUS[row.status],
            "status_key": row.status,
            "link": safe_reverse("course-detail", row.course.pk),
            "track": legal_name(row.course.legal_track),
        }
        for row in page.courses
    ]
    links = {c["course"].pk: c["link"] for c in courses}
    reminders = (
        reminder_queries.client_reminders(user, client, purpose=PURPOSE_PAGE)
        if rules.has_perm("reminders.view_consent", user, client) and not client.anonymous
        else None
    )
    timeline = [describe_event(e, standard, english, links) for e in page.events]
    can_contact = not client.linked_to_id and rules.has_perm("courses.record_contact", user, client)
    context = {
        "nav": NAV,
        "client": client,
        "page": page,
        "courses": courses,
        "timeline": timeline,
        "today": today,
        "age": client.age_on(today),
        "kind_label": dict(CitizenForm.base_fields["client_kind"].choices).get(
            client.client_kind, client.client_kind
        ),
        "contact_link": safe_reverse("contact-new", query=f"client={client.pk}")
        if can_contact
        else "",
        "can_add": rules.has_perm("citizens.add_client", user, client),
        "can_link": client.anonymous
        and not client.linked_to_id
        and rules.has_perm("citizens.link_anonymous", user, client),
        "can_see_log": rules.has_perm("audit.view_log", user, client),
        "can_correct": not client.linked_to_id
        and rules.has_perm("citizens.change_client", user, client),
        "notification_open": client.notification_flagged_on is not None
        and (
            client.notification_checked_on is None
            or client.notification_checked_on < client.notification_flagged_on
        ),
        "can_see_journal": rules.has_perm("journal.view_notes", user, client),
        "group_memberships": group_queries.memberships_of(user, client.pk, purpose=PURPOSE_PAGE),
        "can_join_group": rules.has_perm("groups.manage_group", user, client),
        "can_see_documents": rules.has_perm("filing.view_documents", user, client),
        "reminders": reminders,
        "reminder_phone": reminder_queries.mask_phone(reminders.consent.phone)
        if reminders and reminders.consent
        else "",
        "reminder_email": reminder_queries.mask_email(reminders.consent.email_address)
        if reminders and reminders.consent
        else "",
        "can_record_reminders": not client.anonymous
        and not client.linked_to_id
        and rules.has_perm("reminders.record_consent", user, client),
        "insight_link": safe_reverse("citizen-insight", client.pk)
        if rules.has_perm("rights.export_client", user, client)
        else "",
        "complaint_link": safe_reverse("complaint-new", query=f"client={client.pk}")
        if rules.has_perm("complaints.register", user, client)
        else "",
    }
    return render(request, "areas/citizens/detail.html", context)


def describe_event(event: queries.Event, standard, english: bool, links: dict) -> dict:
    """A timeline line: its date, title and details in words."""
    obj, kind = event.obj, event.kind
    title = str(EVENT_TITLES[kind])
    details: list[str] = []
    time = ""
    if kind == "contact":
        time = timezone.localtime(obj.at).strftime("%H:%M")
        details = [
            f"{obj.get_channel_display()}, {obj.get_made_by_display().lower()}",
            legal_name(obj.legal_track),
        ]
        if obj.wish_for_treatment:
            details.append(str(_("wish for treatment")))
        if obj.personal_attendance:
            details.append(str(_("attended in person")))
    elif kind == "counselling":
        details = [obj.get_kind_display()]
    elif kind == "assessment":
        details = [_word(obj.phase), f"{_('version')} {obj.version}"]
        if obj.load_degree:
            details.append(f"{_('Load degree')}: {_label(LoadDegree, obj.load_degree)}")
    elif kind == "application":
        service = standard.service(obj.service_id)
        details = [service.name if service else obj.service_id]
        forum = next((f for f in standard.visitation.forums if f.id == obj.forum_id), None)
        if forum is not None:
            details.append(forum.name)
    elif kind == "decision":
        details = [obj.get_outcome_display(), legal_name(obj.legal_basis)]
        if obj.valid_until:
            details.append(str(_("valid until %(day)s") % {"day": _date(obj.valid_until)}))
        details.append(
            str(_("sent %(day)s") % {"day": _date(obj.sent_on)})
            if obj.sent_on
            else str(_("not sent yet"))
        )
    elif kind == "waiver":
        details = [_word(obj.kind), Truncator(obj.reason).chars(160)]
    elif kind == "treatment_start":
        details = [obj.team.name, _word(obj.phase)]
    elif kind == "plan":
        details = [f"{_('version')} {obj.version}", _word(obj.substance_goal)]
        if obj.agreed_until:
            details.append(str(_("agreed until %(day)s") % {"day": _date(obj.agreed_until)}))
    elif kind == "review":
        details = [Truncator(obj.note).chars(160)] if obj.note else []
    elif kind == "appointment":
        time = timezone.localtime(obj.at).strftime("%H:%M")
        details = [_label(AppointmentKind, obj.kind), obj.get_status_display()]
    elif kind == "stay":
        details = [obj.provider.name, f"{_date(obj.start_on)}–{_date(obj.end_on)}"]
    elif kind == "status_meeting":
        details = [_word(obj.kind)]
        if obj.written_report:
            details.append(str(_("written report")))
    elif kind == "course_event":
        details = [_word(obj.kind)]
    elif kind == "discharge":
        details = [_word(obj.status), _word(obj.outcome)]
    elif kind == "follow_up":
        details = [
            follow_up_label(obj.subject),
            str(_("reached")) if obj.reached else str(_("not reached")),
        ]
    elif kind == "complaint":
        details = [_word(obj.kind), _word(obj.form)]
    elif kind == "deadline":
        title = f"{title}: {deadline_kind(obj.kind)}"
    return {
        "event": event,
        "kind": kind,
        "title": title,
        "time": time,
        "details": [d for d in details if d],
        "deadline": obj if kind == "deadline" else None,
        "status": DEADLINE_STATUS.get(event.status, event.status) if kind == "deadline" else "",
        "reason": (obj.reason_en if english else obj.reason_da) if kind == "deadline" else "",
        "course_link": links.get(event.course_id, ""),
    }


def _date(day) -> str:
    from django.utils.formats import date_format

    return date_format(day, "SHORT_DATE_FORMAT") if day else ""


# --- link an anonymous client -------------------------------------------------------------------


@staff_page
@require_http_methods(["GET", "POST"])
def link(request, pk: int):
    """Link an anonymous client to an identified citizen, found by CPR number, with the citizen's
    consent. Two steps: find and show the citizen, then confirm."""
    user = request.user
    queries.require_client(user, pk, "citizens.link_anonymous")
    anonymous = citizens.get_client(user, pk, purpose=PURPOSE_LINK)
    if not anonymous.anonymous or anonymous.linked_to_id:
        messages.info(request, _("Only an anonymous client that is not linked yet can be linked."))
        return redirect("citizen-detail", pk=anonymous.pk)
    form = LinkForm(request.POST if request.method == "POST" else None)
    context = {"nav": NAV, "anonymous": anonymous, "form": form, "candidate": None}
    if request.method != "POST":
        return render(request, "areas/citizens/link.html", context)
    today = timezone.localdate()
    if form.is_valid():
        try:
            citizen = citizens.find_by_cpr(
                user, user.municipality, form.cleaned_data["cpr"], today=today, purpose=PURPOSE_LINK
            )
        except ServiceError as exc:
            show_refusal(request, form, exc)
            citizen = None
        else:
            if citizen is None:
                form.add_error(
                    "cpr",
                    _("No citizen with this CPR number is registered in the municipality."),
                )
            elif citizen.anonymous or citizen.pk == anonymous.pk:
                form.add_error("cpr", _("Choose an identified citizen."))
        if citizen is not None and not form.errors:
            if request.POST.get("confirm") and request.POST.get("citizen") == str(citizen.pk):
                try:
                    citizens.link_anonymous(
                        user, anonymous, citizen, consent=form.cleaned_data["consent"], today=today
                    )
                except ServiceError as exc:
                    show_refusal(request, form, exc)
                else:
                    messages.success(
                        request,
                        format_html(
                            "{} <strong>{}</strong>",
                            _("The anonymous history was linked to the citizen. Anonymous code:"),
                            anonymous.code,
                        ),
                    )
                    return redirect("citizen-detail", pk=citizen.pk)
            else:
                context["candidate"] = citizen
                return render(request, "areas/citizens/link.html", context)
    return render(request, "areas/citizens/link.html", context, status=400)


# --- correct the master data (issue 12 § 5) ---------------------------------------------------


@staff_page
@require_http_methods(["GET", "POST"])
def correct(request, pk: int):
    """Correct name, address, municipality of residence, pregnancy and children under 18;
    recording pregnancy or children raises the notification check (Barnets Lov § 133)."""
    user = request.user
    queries.require_client(user, pk, "citizens.change_client")
    client = citizens.get_client(user, pk, purpose=PURPOSE_CORRECT)
    initial = {
        "name": client.name,
        "address": client.address,
        "home_municipality": client.home_municipality,
        "children_under_18": client.children_under_18,
        "pregnant": {True: "yes", False: "no"}.get(client.pregnant, ""),
    }
    posting = request.method == "POST"
    form = CorrectForm(
        request.POST if posting else None, initial=initial, anonymous=client.anonymous
    )
    context = {"nav": NAV, "client": client, "form": form}
    if not posting:
        return render(request, "areas/citizens/correct.html", context)
    if form.is_valid():
        flagged = client.notification_flagged_on
        try:
            client = citizens.correct_client(
                user, client, today=timezone.localdate(), **form.values()
            )
        except ServiceError as exc:
            show_refusal(request, form, exc)
        else:
            messages.success(request, _("The citizen's details are corrected."))
            if client.notification_flagged_on != flagged:
                messages.warning(
                    request,
                    _(
                        "Pregnancy or children under 18 is recorded: consider whether to notify "
                        "children's services (Barnets Lov § 133). The check is on the worklist."
                    ),
                )
            return redirect("citizen-detail", pk=client.pk)
    return render(request, "areas/citizens/correct.html", context, status=400)


@staff_page
@require_http_methods(["POST"])
def notification_check(request, pk: int):
    """Record that the notification check (Barnets Lov § 133) is done."""
    user = request.user
    queries.require_client(user, pk, "citizens.change_client")
    client = citizens.get_client(user, pk, purpose=PURPOSE_CORRECT)
    form = NotificationCheckForm(request.POST)
    if form.is_valid():
        try:
            citizens.record_notification_check(
                user, client, on=form.cleaned_data["on"], today=timezone.localdate()
            )
        except ServiceError as exc:
            messages.error(request, service_message(request, exc))
        else:
            messages.success(request, _("The notification check is recorded."))
    else:
        messages.error(request, _("Give the date of the check."))
    return redirect("citizen-detail", pk=client.pk)


# --- the access log -----------------------------------------------------------------------------


@staff_page
@require_safe
def access_log(request, pk: int):
    user = request.user
    form = PeriodForm(request.GET if ("since" in request.GET or "until" in request.GET) else None)
    since = until = None
    if form.is_bound and form.is_valid():
        since, until = form.cleaned_data["since"], form.cleaned_data["until"]
    log = audit_queries.access_log(user, pk, purpose=PURPOSE_LOG, since=since, until=until)
    codes = {c.pk: c.code for c in log.linked_anonymous}
    rows = [
        {
            "entry": e,
            "reader": e.actor.get_full_name() or e.actor.username,
            "role": e.actor.get_role_display(),
            "record": RECORD_TYPES.get(e.record_type, e.record_type.replace("_", " ")),
            "purpose": PURPOSES.get(e.purpose, e.purpose),
            "as_anonymous": codes.get(e.client_id, ""),
        }
        for e in log.entries
    ]
    query = request.GET.copy()
    csv_query = query.urlencode()
    query["print"] = "1"
    context = {
        "nav": NAV,
        "client": log.client,
        "rows": rows,
        "form": form,
        "since": since,
        "until": until,
        "now": timezone.localtime(),
        "print_query": query.urlencode(),
        "csv_query": csv_query,
        "reader": user,
        "can_view_client": rules.has_perm("citizens.view_client", user, log.client),
    }
    template = (
        "areas/citizens/access_log_print.html"
        if request.GET.get("print") == "1"
        else "areas/citizens/access_log.html"
    )
    status = 400 if form.is_bound and form.errors else 200
    return render(request, template, context, status=status)
