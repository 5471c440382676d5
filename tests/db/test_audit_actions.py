"""The audit trail's actions are a vocabulary (audit.actions.Action): stored as the same strings
as before, and `write_entry` refuses anything else, a free string included."""

import re

import pytest
from django.db import transaction

from vendepunkt.audit.actions import Action
from vendepunkt.audit.models import AuditEntry
from vendepunkt.audit.services import write_entry

pytestmark = pytest.mark.django_db


def test_the_vocabulary_is_unique_dotted_names():
    values = [a.value for a in Action]
    assert len(values) == len(set(values))
    assert all(re.fullmatch(r"[a-z_]+\.[a-z_]+", v) for v in values)


def test_an_action_is_stored_as_its_string():
    with transaction.atomic():
        entry = write_entry(
            action=Action.PLAN_SAVED, target_type="t", target_id="1", system_actor="system:test"
        )
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.action == "plan.saved" and AuditEntry.objects.filter(action="plan.saved").exists()


@pytest.mark.parametrize("action", ["plan.saved", "plan.savd", "", None])
def test_write_entry_refuses_what_is_not_in_the_vocabulary(action):
    with transaction.atomic(), pytest.raises(ValueError, match="unknown audit action"):
        write_entry(action=action, target_type="t", target_id="1", system_actor="system:test")
    assert not AuditEntry.objects.exists()
