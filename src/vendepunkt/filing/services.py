"""Filing documents (issue 13 § 2). Every change of state is here: `file_document` (an upload by
a member of staff, and a letter the system produces, `file_decision_letter`) and
`erase_by_retention` (the only deletion, called by the retention run). Each checks permission
(deny by default), runs in one transaction with the citizen's row locked, and writes the audit
entry. The content is checked from its bytes (`content.detect`), encrypted by the filing storage
(`storage.EncryptedStorage`) and stored under a random name.

Who may file and read follows the journal's need to know (D75): those who work on the course
(`filing.add_document`/`filing.view_documents`: the course staff); a document on the citizen
alone is for every treater of the municipality, like the citizen page; medical documents for
doctors and nurses only."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from vendepunkt.accounts.access import Actor, NotFound, require
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.accounts.models import Role
from vendepunkt.audit.actions import Action
from vendepunkt.audit.services import audit_change, write_entry
from vendepunkt.citizens.models import Client
from vendepunkt.courses.guard import course_guard
from vendepunkt.courses.models import ContactCourse, Decision

from .content import ALLOWED_NAMES, detect
from .models import Document
from .storage import new_name
from .vocabulary import UPLOAD_KINDS, DocumentKind, Source

if TYPE_CHECKING:
    from vendepunkt.accounts.models import User

log = logging.getLogger(__name__)

FIELDS = (
    "client_id",
    "contact_course_id",
    "decision_id",
    "kind",
    "source",
    "content_type",
    "size",
    "sha256",
    "medical",
)
MAX_TITLE = 200


class Guard:
    """What the permission rules see of a document or of one to be filed: its municipality and
    the team of its course (none for a document on the citizen alone)."""

    def __init__(self, municipality_id: int, team_id: int | None):
        self.municipality_id = municipality_id
        self.team_id = team_id


def guard_for(client: Client, course: ContactCourse | None) -> Guard | None:
    if course is None:
        return Guard(client.municipality_id, None)
    g = course_guard(course)
    return Guard(g.municipality_id, g.team_id) if g is not None else None


def storage() -> Storage:
    return storages["filing"]


def max_bytes() -> int:
    return int(getattr(settings, "VENDEPUNKT_UPLOAD_MAX_BYTES", 20 * 1024 * 1024))


def may_read(actor: Actor, document: Document) -> bool:
    """Need to know beyond the role's permission: medical documents for clinicians."""
    return not document.medical or cast("User", actor).role in (Role.DOCTOR, Role.NURSE)


def _printable(text: str) -> str:
    """Without control characters, NUL and lone surrogates (the database stores none of them)."""
    return "".join(ch for ch in text if ch.isprintable() and not 0xD800 <= ord(ch) <= 0xDFFF)


def _clean_title(title: str, fallback: str) -> str:
    title = " ".join(_printable(title or "").split())[:MAX_TITLE] or fallback
    if not title:
        raise ServiceError(_("Give the document a title."), field="title")
    return title


def safe_name(name: str) -> str:
    """The uploaded file's name without folders or control characters, at most 200 characters
    (shown on the page only; the stored name is random)."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return _printable(name).strip()[:MAX_TITLE]


def check_content(data: bytes) -> tuple[str, str]:
    """(content type, extension) of content that may be filed; a ServiceError otherwise."""
    limit = max_bytes()
    if not data:
        raise ServiceError(_("The file is empty."), field="file", code="empty")
    if len(data) > limit:
        raise ServiceError(
            _("The file is too large: at most %(mb)s MB."),
            mb=limit // (1024 * 1024),
            field="file",
            code="too_large",
        )
    kind = detect(data)
    if kind is None:
        raise ServiceError(
            _("This type of file cannot be filed. Allowed: %(types)s."),
            types=ALLOWED_NAMES,
            field="file",
            code="type",
        )
    return kind.content_type, kind.extension


def file_document(
    actor: Actor,
    client: Client,
    *,
    data: bytes,
    title: str,
    kind: str,
    original_name: str = "",
    contact_course: ContactCourse | None = None,
    medical: bool = False,
    decision: Decision | None = None,
    source: str = Source.UPLOAD,
) -> Document:
    """File `data` on the citizen (optionally on one of their courses). The content is checked
    before anything is written; the encrypted file is stored, then the row, in one transaction
    with the citizen locked; if the row cannot be written, the stored file is removed."""
    if contact_course is not None and contact_course.client_id != client.pk:
        raise NotFound("ContactCourse")
    require(actor, "filing.add_document", guard_for(client, contact_course))
    if medical:
        require(actor, "courses.record_medical", client)
    if source not in Source.values:
        raise ServiceError(_("Unknown source of the document."), field="source")
    allowed = (
        {str(k) for k in UPLOAD_KINDS} if source == Source.UPLOAD else set(DocumentKind.values)
    )
    if kind not in allowed:
        raise ServiceError(_("Unknown kind of document."), field="kind")
    if kind == DocumentKind.MEDICAL and not medical:
        raise ServiceError(_("A medical document is marked medical."), field="medical")
    if decision is not None and decision.application.contact_course_id != getattr(
        contact_course, "pk", None
    ):
        raise NotFound("Decision")
    content_type, extension = check_content(data)
    original_name = safe_name(original_name)
    title = _clean_title(title, original_name)
    name = new_name()
    store = storage()
    store.save(name, ContentFile(data))
    try:
        with transaction.atomic():
            Client.objects.select_for_update().filter(pk=client.pk).first()
            document = Document.objects.create(
                municipality_id=client.municipality_id,
                client=client,
                contact_course=contact_course,
                decision=decision,
                kind=kind,
                source=source,
                title=title,
                original_name=original_name,
                content_type=content_type,
                extension=extension,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                stored_name=name,
                medical=medical,
                filed_by=cast("User", actor),
            )
            audit_change(actor, Action.DOCUMENT_FILED, document, fields=FIELDS)
    except BaseException:
        store.delete(name)
        raise
    return document


def file_decision_letter(actor: Actor, decision: Decision, pdf: bytes) -> Document:
    """The decision letter as it was sent, filed on its course (issue 13 § 2: the letters the
    system produces are filed too), through `file_document`."""
    course = decision.application.contact_course
    return file_document(
        actor,
        course.client,
        data=pdf,
        title=str(
            _("Decision letter of %(day)s") % {"day": decision.decided_on.strftime("%d.%m.%Y")}
        ),
        kind=DocumentKind.DECISION_LETTER,
        original_name=f"afgoerelse-{decision.pk}.pdf",
        contact_course=course,
        decision=decision,
        source=Source.SYSTEM,
    )


def read_content(document: Document) -> bytes:
    """The decrypted content (for the download, which checks permission and logs the read)."""
    if document.erased_on is not None:
        raise NotFound("Document")
    with storage().open(document.stored_name, "rb") as f:
        return cast(bytes, f.read())


def erase_by_retention(
    document_ids: list[int], *, today: dt.date, reason: str, system_actor: str
) -> int:
    """The only deletion (called by the retention run, inside its transaction): the content's
    file is deleted once the transaction has committed; the row stays, marked erased, with its
    title and original name blanked. Returns how many were erased."""
    erased = "[slettet / erased]"
    docs = list(
        Document.objects.select_for_update()
        .filter(pk__in=document_ids, erased_on__isnull=True)
        .only("pk", "stored_name")
    )
    if not docs:
        return 0
    names = [d.stored_name for d in docs]
    Document.objects.filter(pk__in=[d.pk for d in docs]).update(
        erased_on=today, title=erased, original_name=""
    )
    for d in docs:
        write_entry(
            system_actor=system_actor,
            action=Action.DOCUMENT_ERASED,
            target_type="document",
            target_id=str(d.pk),
            after={"on": today.isoformat(), "reason": reason},
        )

    def delete_files() -> None:
        store = storage()
        for name in names:
            try:
                store.delete(name)
            except OSError:  # pragma: no cover - logged, the row says erased
                log.exception("filing: could not delete a stored file", extra={"name": name})

    transaction.on_commit(delete_files)
    return len(docs)


def retention_candidates(client_ids: list[int], *, medical: bool) -> list[int]:
    return list(
        Document.objects.filter(
            client_id__in=client_ids, medical=medical, erased_on__isnull=True
        ).values_list("pk", flat=True)
    )
