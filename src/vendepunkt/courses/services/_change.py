"""One way to change a course. Every state-changing service of the course runs in `change`:

1. one transaction;
2. row locks in one fixed order — client → contact course → treatment course — so that two
   changes of one course run one after the other (and never deadlock), and what a service counts
   or compares under the lock is current (the cap of five counselling talks, R2/R4; the plan's
   version);
3. the permission check and the validation, under the lock;
4. the audit entry of each record written (`Change.create`, `Change.update`, `Change.audit`);
5. the contact course's deadlines recomputed (`deadlines.refresh`) when the change ends.

Optimistic concurrency is a parameter of the services (`expected_version=`): `Change.expect`
refuses a stale edit with a `ServiceError` coded "stale", whoever calls (web, API, command line).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vendepunkt.accounts.access import Actor, NotFound, require
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.audit.actions import Action
from vendepunkt.audit.services import audit_change, snapshot
from vendepunkt.citizens.models import Client

from .. import deadlines
from ..guard import course_guard
from ..models import ContactCourse, StatusChange, TreatmentCourse

if TYPE_CHECKING:
    from vendepunkt.accounts.models import Municipality, User

STALE = "stale"

_M = TypeVar("_M", bound=models.Model)


class Change:
    """The change under way: the locked records, the actor, and how to record what it writes."""

    def __init__(
        self,
        actor: Actor,
        *,
        client: Client | None,
        course: ContactCourse | None,
        treatment: TreatmentCourse | None,
    ):
        self.actor = actor
        self.client = client
        self.course = course
        self.treatment = treatment
        self.refresh = True

    def on_course(self, course: ContactCourse) -> None:
        """The change turned out to be on `course` (a contact opens or continues one): its
        deadlines are recomputed at the end."""
        self.course = course

    @property
    def municipality(self) -> Municipality:
        owner = self.treatment or self.course or self.client
        if owner is None:  # `change` refuses a change on none of them ("not found")
            raise NotFound
        return owner.municipality

    def audit(
        self,
        action: Action,
        obj: models.Model,
        *,
        before: dict[str, Any] | None = None,
        fields: Sequence[str] = (),
        after: dict[str, Any] | None = None,
    ) -> None:
        """An audit entry on `obj`: `fields` snapshot after the change, or `after` as given."""
        audit_change(self.actor, action, obj, fields=fields, before=before, after=after)

    def create(
        self, model: type[_M], action: Action, fields: Sequence[str] = (), **values: Any
    ) -> _M:
        """Create a record of the course's municipality and audit it."""
        obj = model._default_manager.create(municipality=self.municipality, **values)
        self.audit(action, obj, fields=fields)
        return obj

    def update(self, obj: _M, action: Action, fields: Sequence[str], **values: Any) -> _M:
        """Set `values` on `obj`, save just them, and audit `fields` before and after."""
        before = snapshot(obj, fields)
        for name, value in values.items():
            setattr(obj, name, value)
        obj.save(update_fields=list(values))
        self.audit(action, obj, before=before, fields=fields)
        return obj

    def status(self, on: dt.date, status: str, note: str = "") -> StatusChange:
        """A line in the treatment course's status history (not audited on its own)."""
        treatment = self.treatment
        if treatment is None:
            raise TypeError("only a change of a treatment course has a status history")
        return StatusChange.objects.create(
            municipality=treatment.municipality,
            treatment=treatment,
            on=on,
            status=status,
            note=note,
            by=cast("User", self.actor),
        )

    @staticmethod
    def expect(expected: int | None, current: int, message: Promise) -> None:
        """Refuse a stale edit: the caller read version `expected`, the record is at `current`."""
        if expected is not None and expected != current:
            raise ServiceError(message, code=STALE)


STALE_RECORD = _("The record was changed by someone else since you read it. Read it again.")


def _lock(obj: models.Model) -> None:
    """Lock the row of `obj` and reload it, so the change sees what is stored now."""
    obj.refresh_from_db(from_queryset=type(obj)._default_manager.select_for_update())


@contextmanager
def change(
    actor: Actor,
    permission: str,
    *,
    today: dt.date,
    client: Client | None = None,
    course: ContactCourse | None = None,
    treatment: TreatmentCourse | None = None,
    refresh: bool = True,
) -> Iterator[Change]:
    """Run a change of a course: see the module's description. Give the client (a change that may
    open a course), the contact course, or the treatment course (its contact course is locked
    too). The permission is checked on the innermost of them, after the locks are taken."""
    if treatment is not None:
        course = treatment.contact_course
    with transaction.atomic():
        if client is not None:
            Client.objects.select_for_update().filter(pk=client.pk).values_list("pk").first()
        if course is not None:
            _lock(course)
        if treatment is not None:
            _lock(treatment)
        if treatment is not None:
            require(actor, permission, treatment)
        elif course is not None:
            require(actor, permission, course_guard(course))
        else:
            require(actor, permission, client)
        done = Change(actor, client=client, course=course, treatment=treatment)
        done.refresh = refresh
        yield done
        if done.refresh and done.course is not None:
            deadlines.refresh(done.course, today)
