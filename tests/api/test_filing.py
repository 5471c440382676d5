"""Documents over the API (issue 13 § 2): multipart upload, list and download through the same
services and reads as the web; the type from the content; safe headers on the download."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as DjangoClient

from tests import filing_samples as f
from tests.api.conftest import api_as
from tests.db.factories import Town
from tests.db.test_course_services import citizen, contact
from vendepunkt.audit.models import ReadLogEntry
from vendepunkt.filing.models import Document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _rate_limit_counts_left_behind():
    """Token ids come again in later tests (SQLite reuses them after the rollback): the counts of
    the rate limit's window are not left for them."""
    from django.core.cache import cache

    yield
    cache.clear()


def _upload(api, client_id, data, name="brev.pdf", content_type="application/pdf", **form):
    body = {"file": SimpleUploadedFile(name, data, content_type=content_type), "kind": "received"}
    body.update(form)
    return DjangoClient.post(api, f"/api/clients/{client_id}/documents", body)


def test_upload_list_and_download_a_document():
    her = Town("herning")
    client = citizen(her)
    course = contact(her, client).contact_course
    api = api_as(her.treater)
    docx = f.docx()
    created = _upload(
        api, client.pk, docx, name="aftale.pdf", title="Aftale", contact_course_id=course.pk
    )
    assert created.status_code == 201, created.content
    doc = created.json()
    assert doc["extension"] == "docx" and doc["contact_course_id"] == course.pk
    assert doc["original_name"] == "aftale.pdf" and "stored_name" not in doc
    listed = api.get(f"/api/clients/{client.pk}/documents").json()
    assert [d["id"] for d in listed] == [doc["id"]]
    response = api.get(f"/api/documents/{doc['id']}/content")
    assert response.status_code == 200 and response.content == docx
    assert response["Content-Disposition"] == f'attachment; filename="dokument-{doc["id"]}.docx"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    assert ReadLogEntry.objects.filter(
        actor=her.treater, record_type="document", record_id=str(doc["id"])
    ).exists()


def test_a_page_sent_as_a_pdf_is_refused_as_a_problem_in_both_languages():
    her = Town("herning")
    client = citizen(her)
    response = _upload(api_as(her.treater), client.pk, f.HTML, name="brev.pdf")
    assert response.status_code == 422
    problem = response.json()
    assert problem["field"] == "file" and problem["code"] == "type"
    assert problem["detail_da"] and problem["detail_en"]
    assert not Document.objects.exists()


def test_a_secretary_and_another_municipality_are_refused():
    her = Town("herning")
    client = citizen(her)
    assert _upload(api_as(her.secretary), client.pk, f.PDF).status_code == 403
    had = Town("haderslev")
    assert _upload(api_as(had.treater), client.pk, f.PDF).status_code == 404
    assert not Document.objects.exists()


def test_an_upload_repeated_with_its_idempotency_key_files_one_document():
    her = Town("herning")
    client = citizen(her)
    api = api_as(her.treater)
    api.defaults["HTTP_IDEMPOTENCY_KEY"] = "upload-1"
    first = _upload(api, client.pk, f.PDF)
    again = _upload(api, client.pk, f.PDF)
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert first.json()["id"] == again.json()["id"]
    assert Document.objects.count() == 1
    other = _upload(api, client.pk, f.PNG, name="billede.png")
    assert other.status_code == 422  # the same key with another file
