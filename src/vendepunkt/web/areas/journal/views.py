"""The journal screens (issue 13 § 1): a citizen's notes as a searchable timeline, a new note on
its own page, a note with its amendments, editing an unsigned note, signing, and an amendment.
The reads and the changes are the journal app's; these views only show them."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vendepunkt.accounts.errors import ServiceError
from vendepunkt.citizens import queries as citizen_queries
from vendepunkt.courses.models import ContactCourse
from vendepunkt.journal import queries
from vendepunkt.journal import services as journal_services
from vendepunkt.web.access import staff_page
from vendepunkt.web.areas.citizens.views import describe_event
from vendepunkt.web.refusals import NOT_DONE, act_on_form, service_message, show_refusal

from .forms import AmendForm, EditForm, NoteForm, SearchForm

NAV = "citizen-search"
PURPOSE = "journal"


def _label(request, views) -> None:
    """Each note's kind in words (the municipality's own kinds from its standard)."""
    labels = dict(journal_services.note_kinds(request.user.municipality))
    for v in views:
        v.kind_label = labels.get(v.note.kind, v.note.kind)


@require_safe
@staff_page
def journal(request, pk: int):
    search = SearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    page = request.GET.get("side") or 1
    view = queries.journal(request.user, pk, query=query, page=page, purpose=PURPOSE)
    _label(request, view.notes)
    with_events = not view.query and request.GET.get("haendelser") != "nej"
    return render(
        request,
        "areas/journal/journal.html",
        {
            "nav": NAV,
            "j": view,
            "client": view.client,
            "search": search if search.is_bound else SearchForm(),
            "entries": _timeline(request, view) if with_events else _notes_only(view),
            "with_events": with_events,
        },
    )


def _notes_only(view) -> list[dict]:
    return [{"note": v} for v in view.notes]


def _timeline(request, view) -> list[dict]:
    """The page's notes with the course events of the same stretch of time between them, newest
    first (issue 13 § 1): the events from the oldest note's day on this page (from the start on
    the last page) to the newest note's day (up to today on the first page)."""
    notes = view.notes
    day = timezone.localdate()

    def on(v) -> dt.date:
        return timezone.localtime(v.note.event_at).date()

    until = None if view.page.number == 1 or not notes else on(notes[0])
    since = on(notes[-1]) if notes and view.page.has_next() else None
    events = citizen_queries.course_events(
        request.user, view.client, today=day, since=since, until=until, purpose=PURPOSE
    )
    standard = view.client.municipality.standard()
    english = getattr(request, "LANGUAGE_CODE", "da") == "en"
    links = {c.pk: reverse("course-detail", args=[c.pk]) for c in view.courses}
    entries = [{"note": v, "at": v.note.event_at} for v in notes]
    for event in events:
        at = event.at or timezone.make_aware(dt.datetime.combine(event.on, dt.time(0)))
        entries.append({"event": describe_event(event, standard, english, links), "at": at})
    entries.sort(key=lambda e: e["at"], reverse=True)
    return entries


@require_http_methods(["GET", "POST"])
@staff_page
def note_new(request, pk: int):
    view = queries.journal(request.user, pk, page=1, purpose=PURPOSE)
    courses = [(str(c.pk), _course_label(c)) for c in view.courses]
    form = NoteForm(
        request.POST or None,
        kinds=journal_services.note_kinds(request.user.municipality),
        courses=courses,
        may_write_medical=view.may_write_medical,
    )
    if request.method == "POST" and form.is_valid():
        course_id = form.cleaned_data["contact_course"]
        course = (
            ContactCourse.objects.filter(pk=course_id, client=view.client).first()
            if course_id
            else None
        )
        try:
            journal_services.write_note(
                request.user,
                view.client,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                event_at=form.event_at(),
                contact_course=course,
                medical=form.cleaned_data.get("medical", False),
                confidential=form.cleaned_data["confidential"],
                sign=form.cleaned_data["sign"],
                today=timezone.localdate(),
            )
        except ServiceError as error:
            show_refusal(request, form, error, {"event_at": "day"})
        else:
            messages.success(request, _("The note is saved."))
            return redirect(reverse("journal", args=[view.client.pk]))
    return render(
        request,
        "areas/journal/note_new.html",
        {"nav": NAV, "client": view.client, "form": form},
    )


def _course_label(course: ContactCourse) -> str:
    return str(_("Course from %(date)s") % {"date": course.opened_on.strftime("%d.%m.%Y")})


def _note_page(request, note_id: int, *, edit_form=None, amend_form=None, status: int = 200):
    view = queries.note(request.user, note_id, purpose=PURPOSE)
    _label(request, [view])
    original = view.note
    mine = original.author_id == request.user.pk
    return render(
        request,
        "areas/journal/note.html",
        {
            "nav": NAV,
            "v": view,
            "client": original.client,
            "may_edit": mine and not view.locked,
            "may_sign": mine and original.signed_at is None,
            "edit_form": edit_form
            or EditForm(initial={"text": original.text, "version": original.version}),
            "amend_form": amend_form or AmendForm(initial={"text": view.current.text}),
        },
        status=status,
    )


@require_safe
@staff_page
def note_detail(request, note_id: int):
    return _note_page(request, note_id)


@require_POST
@staff_page
def note_edit(request, note_id: int):
    journal_services.require_may_write(request.user, note_id)
    form = EditForm(request.POST)
    done = act_on_form(
        request,
        form,
        lambda d: journal_services.edit_note(
            request.user, note_id, text=d["text"], expected_version=d["version"]
        ),
        done=_("The note is saved."),
    )
    if done is not NOT_DONE:
        return redirect(reverse("journal-note", args=[note_id]))
    return _note_page(request, note_id, edit_form=form, status=400)


@require_POST
@staff_page
def note_sign(request, note_id: int):
    try:
        journal_services.sign_note(request.user, note_id)
    except ServiceError as error:
        messages.error(request, service_message(request, error))
    else:
        messages.success(request, _("The note is signed and locked."))
    return redirect(reverse("journal-note", args=[note_id]))


@require_POST
@staff_page
def note_amend(request, note_id: int):
    journal_services.require_may_write(request.user, note_id)
    form = AmendForm(request.POST)
    done = act_on_form(
        request,
        form,
        lambda d: journal_services.amend_note(
            request.user, note_id, text=d["text"], reason=d["reason"]
        ),
        done=_("The correction is added; the original is kept."),
    )
    if done is not NOT_DONE:
        return redirect(reverse("journal-note", args=[note_id]))
    return _note_page(request, note_id, amend_form=form, status=400)
