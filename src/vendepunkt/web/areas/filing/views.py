"""The documents screens (issue 13 § 2): a citizen's documents (optionally one course's), the
upload form on its own page, and the download. The reads and the changes are the filing app's;
these views only show them."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from vendepunkt.accounts.errors import ServiceError
from vendepunkt.courses.models import ContactCourse
from vendepunkt.filing import queries
from vendepunkt.filing import services as filing
from vendepunkt.filing.serving import attachment
from vendepunkt.filing.vocabulary import DocumentKind
from vendepunkt.web.access import staff_page

from .forms import UploadForm

NAV = "citizen-search"
PURPOSE = "documents"


def _course_id(request) -> int | None:
    raw = request.GET.get("forloeb", "")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 2**62 else None


def _course_label(course: ContactCourse) -> str:
    return str(_("Course from %(date)s") % {"date": course.opened_on.strftime("%d.%m.%Y")})


@require_safe
@staff_page
def documents(request, pk: int):
    view = queries.documents(request.user, pk, course_id=_course_id(request), purpose=PURPOSE)
    labels = dict(DocumentKind.choices)
    for d in view.documents:
        d.kind_label = labels.get(d.kind, d.kind)
    return render(
        request,
        "areas/filing/documents.html",
        {"nav": NAV, "v": view, "client": view.client},
    )


@require_http_methods(["GET", "POST"])
@staff_page
def upload(request, pk: int):
    view = queries.documents(request.user, pk, course_id=_course_id(request), purpose=PURPOSE)
    courses = [(str(c.pk), _course_label(c)) for c in view.courses]
    initial = {"contact_course": str(view.course.pk)} if view.course else {}
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        courses=courses,
        may_upload_medical=view.may_upload_medical,
        initial=initial,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            course_id = form.cleaned_data["contact_course"]
            course = (
                ContactCourse.objects.filter(pk=course_id, client=view.client).first()
                if course_id
                else None
            )
            upload = form.cleaned_data["file"]
            try:
                document = filing.file_document(
                    request.user,
                    view.client,
                    data=upload.read(filing.max_bytes() + 1),
                    title=form.cleaned_data["title"],
                    kind=form.cleaned_data["kind"],
                    original_name=upload.name or "",
                    contact_course=course,
                    medical=form.cleaned_data.get("medical", False),
                )
            except ServiceError as error:
                message = (
                    error.message_en
                    if getattr(request, "LANGUAGE_CODE", "da") == "en"
                    else error.message_da
                )
                field = error.field if error.field in form.fields else None
                form.add_error(field, message)
            else:
                messages.success(request, _("The document is filed."))
                url = reverse("documents", args=[view.client.pk])
                if document.contact_course_id:
                    url += f"?forloeb={document.contact_course_id}"
                return redirect(url)
    return render(
        request,
        "areas/filing/upload.html",
        {"nav": NAV, "client": view.client, "form": form, "v": view},
        status=status,
    )


@require_safe
@staff_page
def download(request, document_id: int):
    document, data = queries.download(request.user, document_id, purpose=PURPOSE)
    return attachment(document, data)
