"""Reading the documents (issue 13 § 2): a citizen's documents the reader may see, and one
document's content for the download. Each checks permission and writes the read log (the list:
one row per document shown, in one query; the download: one row)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from vendepunkt.accounts.access import NotFound, can, require
from vendepunkt.accounts.models import Role
from vendepunkt.audit.services import log_read, log_reads
from vendepunkt.citizens.models import Client
from vendepunkt.courses.models import ContactCourse

from .models import Document
from .services import Guard, guard_for, may_read, read_content


@dataclass
class Documents:
    client: Client
    documents: list[Document]
    may_upload: bool
    may_upload_medical: bool
    courses: list[ContactCourse]
    course: ContactCourse | None


def visible(user: Any) -> Q:
    """The documents `user` may read: medical ones for clinicians only, and for a treater only
    those on the citizen alone or on a course of their teams (or on a course no team has yet)."""
    q = Q()
    if user.role not in (Role.DOCTOR, Role.NURSE):
        q &= Q(medical=False)
    if user.role == Role.TREATER:
        teams = user.team_ids()
        q &= (
            Q(contact_course__isnull=True)
            | Q(contact_course__treatment__team_id__in=teams)
            | Q(contact_course__treatment__isnull=True, contact_course__team_id__in=teams)
            | Q(contact_course__treatment__team__isnull=True, contact_course__team__isnull=True)
        )
    return q


def documents(
    user: Any, client_id: int, *, course_id: int | None = None, purpose: str
) -> Documents:
    """The citizen's documents `user` may read, newest first (optionally one course's)."""
    client = Client.objects.filter(pk=client_id, municipality_id=user.municipality_id).first()
    require(user, "filing.view_documents", Guard(client.municipality_id, None) if client else None)
    if client is None:
        raise NotFound("Client")
    course = None
    if course_id is not None:
        course = ContactCourse.objects.filter(pk=course_id, client=client).first()
        require(user, "filing.view_documents", guard_for(client, course) if course else None)
    rows = (
        Document.objects.filter(client=client)
        .filter(visible(user))
        .select_related("contact_course", "filed_by")
        .order_by("-filed_at", "-id")
    )
    if course is not None:
        rows = rows.filter(contact_course=course)
    shown = list(rows)
    if shown:
        log_reads(user, [(client.pk, "document", d.pk) for d in shown], purpose=purpose)
    else:
        log_reads(user, [(client.pk, "documents", client.pk)], purpose=purpose)
    courses = [
        c
        for c in ContactCourse.objects.filter(client=client)
        .select_related("treatment")
        .order_by("-opened_on")
        if can(user, "filing.add_document", guard_for(client, c))
    ]
    return Documents(
        client=client,
        documents=shown,
        may_upload=can(user, "filing.add_document", guard_for(client, course)),
        may_upload_medical=can(user, "courses.record_medical", client),
        courses=courses,
        course=course,
    )


def download(user: Any, document_id: int, *, purpose: str) -> tuple[Document, bytes]:
    """A document and its decrypted content, for `user` who may read it; the read is logged.
    Another municipality's, an erased or an unreadable document is "not found"."""
    found = (
        Document.objects.select_related("client", "contact_course")
        .filter(pk=document_id, municipality_id=user.municipality_id)
        .first()
    )
    if found is None:
        raise NotFound("Document")
    require(user, "filing.view_documents", guard_for(found.client, found.contact_course))
    if (
        not may_read(user, found)
        or found.erased_on is not None
        or not Document.objects.filter(Q(pk=found.pk) & visible(user)).exists()
    ):
        raise NotFound("Document")
    data = read_content(found)
    log_read(
        actor=user,
        municipality_id=found.municipality_id,
        client_id=found.client_id,
        record_type="document",
        record_id=found.pk,
        purpose=purpose,
    )
    return found, data


__all__ = ["Documents", "documents", "download", "visible"]
