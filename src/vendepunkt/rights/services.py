"""The citizen's data rights (R48, R49; GDPR art. 15 and 5(1)(e)).

- `export_client`: everything held about one client, for a request of insight: the identity (the
  CPR number masked, CPR-loven § 54), every record of every course (`records.SECTIONS`), the
  access log and the list of changes made to the records. For centre leaders; the export is
  logged as a read (the read log) and as an action (the audit trail), in one transaction.
- `retention_plan` / `apply_retention`: what has outlived its retention period under
  `rules.retention` (a dry run lists it), and removing it: free text and identity anonymised,
  medical content deleted, old read-log rows deleted, and the personal data in the audit trail's
  before/after details scrubbed, while the fact of every action remains.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Max, Q

from vendepunkt.accounts.access import Actor, NotFound, require
from vendepunkt.audit.actions import Action
from vendepunkt.audit.models import AuditEntry, ReadLogEntry
from vendepunkt.audit.services import audit_change, log_read, write_entry
from vendepunkt.citizens.models import Client
from vendepunkt.courses.models import MedicalRecord, TreatmentCourse
from vendepunkt.filing import services as filing
from vendepunkt.filing.models import Document
from vendepunkt.journal.models import JournalNote
from vendepunkt.rules.retention import cutoff, retention_rules

from .records import SECTIONS, Section

if TYPE_CHECKING:
    from vendepunkt.accounts.models import User


SYSTEM = "system:retention"
ERASED = "[slettet / erased]"  # what an anonymised free-text field holds
SKIPPED_FIELDS = {"municipality"}


# --- export (insight) --------------------------------------------------------------------------


def export_client(actor: Actor, client_id: int, *, purpose: str, today: dt.date) -> dict[str, Any]:
    """Everything held about the client `client_id` (and the anonymous clients linked to it)."""
    client = Client.objects.select_related("municipality").filter(pk=client_id).first()
    if client is None:
        raise NotFound("Client")
    require(actor, "rights.export_client", client)
    linked = list(Client.objects.filter(linked_to=client).order_by("id"))
    ids = [client.pk, *(c.pk for c in linked)]
    with transaction.atomic():
        sections = {s.key: [_row(obj) for obj in s.rows(ids)] for s in SECTIONS}
        users = _users(sections)
        for rows in sections.values():
            for row in rows:
                _name_users(row, users)
        reads = list(
            ReadLogEntry.objects.filter(municipality_id=client.municipality_id, client_id__in=ids)
            .select_related("actor")
            .order_by("at", "id")
        )
        changes = _changes(sections, ids)
        data = {
            "format": "vendepunkt-insight/1",
            "made_on": today.isoformat(),
            "municipality": client.municipality.name,
            "client": _identity(client, linked),
            "sections": sections,
            "access_log": [
                {
                    "at": e.at.isoformat(),
                    "reader": _person(e.actor),
                    "record_type": e.record_type,
                    "record_id": e.record_id,
                    "purpose": e.purpose,
                }
                for e in reads
            ],
            "changes": changes,
        }
        log_read(
            actor=actor,
            municipality_id=client.municipality_id,
            client_id=client.pk,
            record_type="citizen_export",
            record_id=client.pk,
            purpose=purpose,
        )
        audit_change(
            actor,
            Action.CLIENT_EXPORTED,
            client,
            after={"sections": {k: len(v) for k, v in sections.items()}, "purpose": purpose},
        )
    return data


def _identity(client: Client, linked: list[Client]) -> dict[str, Any]:
    return {
        "id": client.pk,
        "anonymous": client.anonymous,
        "code": client.code,
        "kind": client.client_kind,
        "cpr_masked": client.masked_cpr,
        "name": client.name,
        "birth_date": _json(client.birth_date),
        "birth_year": client.birth_year,
        "sex": client.sex,
        "home_municipality": client.home_municipality,
        "children_under_18": client.children_under_18,
        "pregnant": client.pregnant,
        "registered_at": _json(client.created_at),
        "anonymised_on": _json(client.anonymised_on),
        "linked_anonymous_clients": [{"id": c.pk, "code": c.code} for c in linked],
        # a relative's record is the relative's own: only that one exists
        "relative_of_client": client.relative_of_id,
        "relatives_registered": client.relatives.count(),
    }


def _json(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _row(obj: Any) -> dict[str, Any]:
    row = {}
    for f in obj._meta.concrete_fields:
        if f.name in SKIPPED_FIELDS:
            continue
        if f.is_relation:
            row[f.attname] = getattr(obj, f.attname)
        elif f.name.endswith("_encrypted"):  # the citizen sees the value, not the ciphertext
            row[f.name.removesuffix("_encrypted")] = _decrypted(getattr(obj, f.attname))
        else:
            row[f.name] = _json(getattr(obj, f.attname))
    return row


def _decrypted(value: str) -> str:
    from vendepunkt.citizens import crypto

    return crypto.decrypt(value) if value.startswith(crypto.TOKEN_PREFIX) else value


@cache
def _user_fields() -> frozenset[str]:
    user_model = get_user_model()
    return frozenset(
        f.attname
        for s in SECTIONS
        for f in s.model._meta.concrete_fields
        if f.is_relation and f.related_model is user_model
    )


def _users(sections: dict[str, Any]) -> dict[int, str]:
    names = _user_fields()
    ids = {row[k] for rows in sections.values() for row in rows for k in names if row.get(k)}
    return {u.pk: _person(u) for u in get_user_model().objects.filter(pk__in=ids)}


def _name_users(row: dict[str, Any], users: dict[int, str]) -> None:
    for key in list(row):
        if key in _user_fields() and row[key] is not None:
            row[key.removesuffix("_id")] = users.get(row.pop(key), "")


def _person(user: User) -> str:
    name = user.get_full_name() or user.username
    return f"{name} ({user.get_role_display()})" if user.role else name


def _changes(sections: dict[str, Any], client_ids: list[int]) -> list[dict[str, Any]]:
    """The actions recorded on the client's records: what was done, when and by whom (the
    before/after values are the records themselves, above)."""
    targets = Q(target_type="client", target_id__in=[str(i) for i in client_ids])
    for s in SECTIONS:
        ids = [str(r["id"]) for r in sections[s.key]]
        if ids:
            targets |= Q(target_type=s.model.__name__.lower(), target_id__in=ids)
    entries = AuditEntry.objects.filter(targets).select_related("actor").order_by("at", "id")
    return [
        {
            "at": e.at.isoformat(),
            "action": e.action,
            "record": f"{e.target_type}:{e.target_id}",
            "by": _person(e.actor) if e.actor else e.system_actor,
        }
        for e in entries
    ]


# --- retention -------------------------------------------------------------------------------


@dataclass
class RetentionPlan:
    today: dt.date
    municipality_id: int | None
    clients: list[int] = field(default_factory=list)  # social_case + client_identity
    medical_treatments: list[int] = field(default_factory=list)
    # clients whose medical journal notes are all older than the medical records' period
    medical_note_clients: list[int] = field(default_factory=list)
    # clients whose medical documents are all older than the medical records' period
    medical_document_clients: list[int] = field(default_factory=list)
    medical_records: int = 0
    read_log_before: dt.date | None = None
    read_log_rows: int = 0
    cutoffs: dict[str, dt.date] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (
            self.clients
            or self.medical_records
            or self.read_log_rows
            or self.medical_document_clients
        )


def retention_plan(*, today: dt.date, municipality_id: int | None = None) -> RetentionPlan:
    """What has expired on `today` (a dry run: nothing is changed)."""
    rules = retention_rules()
    social = rules.get("social_case")
    identity = rules.get("client_identity")
    # A client's case and identity go together: the later of the two periods decides.
    client_cut = min(cutoff(social, today), cutoff(identity, today))
    medical_cut = cutoff(rules.get("medical_record"), today)
    log_cut = cutoff(rules.get("read_log"), today)
    plan = RetentionPlan(today=today, municipality_id=municipality_id)
    plan.cutoffs = {
        "social_case": cutoff(social, today),
        "client_identity": cutoff(identity, today),
        "medical_record": medical_cut,
        "read_log": log_cut,
    }
    clients = Client.objects.filter(anonymised_on__isnull=True)
    treatments = TreatmentCourse.objects.all()
    reads = ReadLogEntry.objects.filter(at__date__lte=log_cut)
    if municipality_id is not None:
        clients = clients.filter(municipality_id=municipality_id)
        treatments = treatments.filter(municipality_id=municipality_id)
        reads = reads.filter(municipality_id=municipality_id)
    clients = (
        clients.annotate(
            open_courses=Count(
                "contact_courses", filter=Q(contact_courses__closed_on__isnull=True)
            ),
            last_end=Max("contact_courses__closed_on"),
            last_complaint=Max("complaints__received_on"),
            linked_open=Count(
                "linked_anonymous__contact_courses",
                filter=Q(linked_anonymous__contact_courses__closed_on__isnull=True),
            ),
        )
        .filter(open_courses=0, linked_open=0)
        .filter(
            Q(last_end__lte=client_cut) | Q(last_end__isnull=True, created_at__date__lte=client_cut)
        )
        .exclude(last_complaint__gt=client_cut)
    )
    plan.clients = sorted(clients.values_list("pk", flat=True))
    expired = (
        treatments.annotate(last_entry=Max("medical_records__on"))
        .filter(last_entry__lte=medical_cut)
        .filter(medical_records__content_deleted_on__isnull=True)
        .distinct()
    )
    plan.medical_treatments = sorted(expired.values_list("pk", flat=True))
    plan.medical_records = MedicalRecord.objects.filter(
        treatment_id__in=plan.medical_treatments, content_deleted_on__isnull=True
    ).count()
    notes = JournalNote.objects.filter(medical=True)
    if municipality_id is not None:
        notes = notes.filter(municipality_id=municipality_id)
    plan.medical_note_clients = sorted(
        notes.values("client_id")
        .annotate(last=Max("event_at"))
        .filter(last__date__lte=medical_cut)
        .filter(client_id__in=notes.exclude(text=ERASED).values("client_id"))
        .values_list("client_id", flat=True)
    )
    documents = Document.objects.filter(medical=True)
    if municipality_id is not None:
        documents = documents.filter(municipality_id=municipality_id)
    plan.medical_document_clients = sorted(
        documents.values("client_id")
        .annotate(last=Max("filed_at"))
        .filter(last__date__lte=medical_cut)
        .filter(client_id__in=documents.filter(erased_on__isnull=True).values("client_id"))
        .values_list("client_id", flat=True)
    )
    plan.read_log_before = log_cut
    plan.read_log_rows = reads.count()
    return plan


def apply_retention(plan: RetentionPlan) -> dict[str, Any]:
    """Carry out `plan` in one transaction, with one audit entry per client and one for the run
    (system actor: the command is run by an operator). Returns the counts."""
    today = plan.today
    scrubbed = {"scrubbed": "retention", "on": today.isoformat()}
    counts = {"clients": 0, "records": 0, "medical_records": 0, "read_log": 0, "audit_scrubbed": 0}
    with transaction.atomic():
        # What has expired is decided again inside the transaction, with the clients locked: a
        # client with a new contact since the dry run is not touched.
        still = set(retention_plan(today=today, municipality_id=plan.municipality_id).clients)
        due = [pk for pk in plan.clients if pk in still]
        for client in Client.objects.select_for_update().filter(pk__in=due):
            records, audit = _anonymise_client(client, today, scrubbed)
            counts["clients"] += 1
            counts["records"] += records
            counts["audit_scrubbed"] += audit
        medical = MedicalRecord.objects.filter(
            treatment_id__in=plan.medical_treatments, content_deleted_on__isnull=True
        )
        ids = [str(pk) for pk in medical.values_list("pk", flat=True)]
        counts["medical_records"] = medical.update(details={}, content_deleted_on=today)
        counts["audit_scrubbed"] += AuditEntry.objects.filter(
            target_type="medicalrecord", target_id__in=ids
        ).update(before=None, after=scrubbed)
        notes = JournalNote.objects.filter(
            medical=True, client_id__in=plan.medical_note_clients
        ).exclude(text=ERASED)
        note_ids = [str(pk) for pk in notes.values_list("pk", flat=True)]
        counts["medical_records"] += notes.update(text=ERASED, amendment_reason="")
        counts["audit_scrubbed"] += AuditEntry.objects.filter(
            target_type="journalnote", target_id__in=note_ids
        ).update(before=None, after=scrubbed)
        counts["medical_records"] += filing.erase_by_retention(
            filing.retention_candidates(plan.medical_document_clients, medical=True),
            today=today,
            reason="medical_record",
            system_actor=SYSTEM,
        )
        reads = ReadLogEntry.objects.filter(at__date__lte=plan.read_log_before)
        if plan.municipality_id is not None:
            reads = reads.filter(municipality_id=plan.municipality_id)
        counts["read_log"] = reads.delete()[0] if plan.read_log_rows else 0
        write_entry(
            system_actor=SYSTEM,
            action=Action.RETENTION_APPLIED,
            target_type="municipality" if plan.municipality_id else "system",
            target_id=str(plan.municipality_id or "-"),
            after={**counts, "cutoffs": {k: v.isoformat() for k, v in plan.cutoffs.items()}},
        )
    return counts


def _anonymise_client(client: Client, today: dt.date, scrubbed: dict[str, Any]) -> tuple[int, int]:
    ids = [client.pk]
    records = 0
    audit = 0
    for section in SECTIONS:
        if section.record_class != "social_case":
            continue  # medical records have their own, longer period (the medical_record pass)
        rows = section.rows(ids)
        pks = [str(pk) for pk in rows.values_list("pk", flat=True)]
        if not pks:
            continue
        blank = {name: ERASED for name in section.free_text}
        blank.update({name: _empty(section, name) for name in section.free_json})
        if blank:
            records += section.model._default_manager.filter(pk__in=pks).update(**blank)
        audit += _scrub(section, pks, scrubbed)
    # the documents' content goes with the case (their title and name are blanked above)
    records += filing.erase_by_retention(
        filing.retention_candidates(ids, medical=False),
        today=today,
        reason="social_case",
        system_actor=SYSTEM,
    )
    client.cpr_encrypted = ""
    client.cpr_hash = None
    client.name = ""
    if client.birth_date and not client.birth_year:
        client.birth_year = client.birth_date.year
    client.birth_date = None
    client.home_municipality = ""
    client.children_under_18 = None
    client.pregnant = None
    client.anonymised_on = today
    client.save()
    audit += AuditEntry.objects.filter(target_type="client", target_id=str(client.pk)).update(
        before=None, after=scrubbed
    )
    write_entry(
        system_actor=SYSTEM,
        action=Action.CLIENT_ANONYMISED_BY_RETENTION,
        target_type="client",
        target_id=str(client.pk),
        after={"records": records, "on": today.isoformat()},
    )
    return records, audit


def _empty(section: Section, name: str) -> Any:
    default = getattr(section.model._meta.get_field(name), "default", None)
    return default() if callable(default) else default


def _scrub(section: Section, pks: list[str], scrubbed: dict[str, Any]) -> int:
    return AuditEntry.objects.filter(
        target_type=section.model.__name__.lower(), target_id__in=pks
    ).update(before=None, after=scrubbed)
