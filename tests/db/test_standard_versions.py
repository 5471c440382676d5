"""Recorded versions of the standard files (run on SQLite and on PostgreSQL)."""

import copy

import pytest
import yaml
from django.core.management import call_command
from django.db import IntegrityError, transaction

from tests.conftest import PINNED_TODAY
from vendepunkt.rules.standards.loader import load_standard_text
from vendepunkt.standards.models import StandardVersion
from vendepunkt.standards.services import current_versions, record_versions

pytestmark = pytest.mark.django_db


def changed(loaded, title):
    data = copy.deepcopy(loaded.data)
    data["document"]["title"] = title
    return load_standard_text(yaml.safe_dump(data, allow_unicode=True), name="changed.yaml")


def test_first_sync_records_every_standard_once(shipped):
    results = record_versions(list(shipped.values()), PINNED_TODAY)
    assert all(r.created for r in results)
    assert StandardVersion.objects.count() == 4
    again = record_versions(list(shipped.values()), PINNED_TODAY)
    assert not any(r.created for r in again)
    assert StandardVersion.objects.count() == 4


def test_snapshot_keeps_the_content_and_lint_counts(shipped):
    [rec] = record_versions([shipped["odsherred"]], PINNED_TODAY)
    version = StandardVersion.objects.get(pk=rec.version.pk)
    assert version.content == shipped["odsherred"].standard.model_dump(mode="json")
    assert version.content["deadlines"][0]["within"] == {"amount": 14, "unit": "day"}
    assert version.municipality == "Odsherred Kommune"
    assert str(version.period_start) == "2025-01-01"
    assert version.lint_errors >= 1 and version.sha256 == shipped["odsherred"].sha256


def test_a_revised_file_becomes_the_current_version_and_the_old_one_is_kept(shipped):
    original = shipped["herning"]
    record_versions([original], PINNED_TODAY)
    revised = changed(original, "Kvalitetsstandard 2026")
    [rec] = record_versions([revised], PINNED_TODAY)
    assert rec.created
    assert StandardVersion.objects.filter(standard_id="herning").count() == 2
    assert current_versions()["herning"].title == "Kvalitetsstandard 2026"
    [back] = record_versions([original], PINNED_TODAY)
    assert not back.created and current_versions()["herning"].sha256 == original.sha256
    assert StandardVersion.objects.filter(standard_id="herning", is_current=True).count() == 1


def test_the_database_refuses_a_duplicate_version(shipped):
    [rec] = record_versions([shipped["haderslev"]], PINNED_TODAY)
    duplicate = {
        f: getattr(rec.version, f)
        for f in ("standard_id", "sha256", "municipality", "title", "content")
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        StandardVersion.objects.create(**duplicate, is_current=False)


def test_the_database_refuses_two_current_versions(shipped):
    [rec] = record_versions([shipped["haderslev"]], PINNED_TODAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        StandardVersion.objects.create(
            standard_id="haderslev",
            sha256="0" * 64,
            municipality="x",
            title="x",
            content={},
            is_current=True,
        )
    assert rec.version.is_current


def test_a_failure_midway_records_nothing(shipped):
    broken = copy.copy(shipped["hjoerring"])
    object.__setattr__(broken, "sha256", None)  # NOT NULL violation on the second standard
    with pytest.raises(IntegrityError):
        record_versions([shipped["haderslev"], broken], PINNED_TODAY)
    assert StandardVersion.objects.count() == 0


def test_sync_command(capsys):
    call_command("sync_standards")
    out = capsys.readouterr().out
    assert out.count("ny version / new version") == 4
    call_command("sync_standards")
    assert capsys.readouterr().out.count("uændret / unchanged") == 4


def test_every_version_made_current_is_audited(shipped):
    from vendepunkt.audit.models import AuditEntry

    original = shipped["herning"]
    record_versions([original], PINNED_TODAY)
    record_versions([original], PINNED_TODAY)  # unchanged: no new entry
    revised = changed(original, "Kvalitetsstandard 2026")
    record_versions([revised], PINNED_TODAY)
    entries = list(AuditEntry.objects.order_by("id"))
    assert [e.action for e in entries] == ["standard_version.made_current"] * 2
    first, second = entries
    assert first.system_actor == "system:sync_standards" and first.actor is None
    assert first.before is None and first.after["sha256"] == original.sha256
    assert second.before == {"sha256": original.sha256} and second.after["sha256"] == revised.sha256
    assert second.target_type == "standard" and second.target_id == "herning"


@pytest.mark.django_db(transaction=True)
def test_audit_entries_need_a_transaction_and_an_actor():
    from vendepunkt.audit.models import AuditEntry
    from vendepunkt.audit.services import write_entry

    with pytest.raises(RuntimeError):
        write_entry(action="x", target_type="t", target_id="1", system_actor="system:test")
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.create(action="x", target_type="t", target_id="1")
