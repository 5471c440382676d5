"""The documents screens (issue 13 § 2): a treater uploads a document to a course from the
citizen's documents page and downloads it with safe headers; a refused file is shown at the
field and writes nothing; a secretary is refused; the links from the citizen and the course."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests import filing_samples as f
from tests.db.factories import Town
from tests.db.test_course_services import citizen, contact
from tests.web.conftest import signed_in
from vendepunkt.filing.models import Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def her():
    return Town("herning")


def _form(data=f.PDF, name="udtalelse.pdf", **extra):
    form = {
        "file": SimpleUploadedFile(name, data, content_type="application/pdf"),
        "title": "Udtalelse fra egen læge",
        "kind": "received",
        "contact_course": "",
    }
    form.update(extra)
    return form


def test_a_treater_uploads_and_downloads_a_document_on_a_course(her):
    client = citizen(her)
    course = contact(her, client).contact_course
    web = signed_in(her.treater)
    page = web.get(reverse("citizen-detail", args=[client.pk])).content.decode()
    assert reverse("documents", args=[client.pk]) in page
    course_page = web.get(reverse("course-detail", args=[course.pk])).content.decode()
    assert f"{reverse('documents', args=[client.pk])}?forloeb={course.pk}" in course_page
    upload = reverse("document-upload", args=[client.pk])
    assert web.get(upload).status_code == 200
    response = web.post(upload, _form(contact_course=str(course.pk)))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('documents', args=[client.pk])}?forloeb={course.pk}"
    document = Document.objects.get()
    assert document.contact_course_id == course.pk and document.filed_by == her.treater
    listing = web.get(response["Location"]).content.decode()
    download = reverse("document-download", args=[document.pk])
    assert download in listing and "Udtalelse fra egen læge" in listing
    got = web.get(download)
    assert got.status_code == 200 and got.content == f.PDF
    assert got["Content-Type"] == "application/pdf"
    assert got["Content-Disposition"] == f'attachment; filename="dokument-{document.pk}.pdf"'
    assert got["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in got["Content-Security-Policy"]
    assert "default-src 'none'" in got["Content-Security-Policy"]
    assert "no-store" in got["Cache-Control"]


def test_a_page_named_pdf_is_refused_at_the_field_in_danish_and_writes_nothing(her):
    client = citizen(her)
    web = signed_in(her.treater)
    response = web.post(reverse("document-upload", args=[client.pk]), _form(f.HTML))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_file-error"' in body or "form-error" in body
    assert not Document.objects.exists()


def test_a_secretary_is_refused_and_the_refusal_is_logged(her):
    from vendepunkt.audit.models import SecurityEvent

    client = citizen(her)
    web = signed_in(her.secretary)
    assert web.get(reverse("documents", args=[client.pk])).status_code == 403
    assert web.post(reverse("document-upload", args=[client.pk]), _form()).status_code == 403
    assert not Document.objects.exists()
    assert SecurityEvent.objects.filter(actor=her.secretary).count() >= 2


def test_the_page_reads_in_english_too(her):
    client = citizen(her)
    web = signed_in(her.treater)
    web.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    body = web.get(reverse("documents", args=[client.pk])).content.decode()
    assert "Upload a document" in body and "There are no documents yet." in body
