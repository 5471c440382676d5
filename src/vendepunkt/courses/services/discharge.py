"""Discharge and follow-up (R36–R38)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from django.utils.translation import gettext_lazy as _

from vendepunkt.accounts.access import Actor, NotFound
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.accounts.inputs import HAPPENED, check_dates
from vendepunkt.audit.actions import Action

from ..models import Appointment, Discharge, FollowUp, TreatmentCourse
from ..vocabulary import AttendanceStatus
from ._change import change
from ._common import DISCHARGE_STATUSES, OUTCOMES

if TYPE_CHECKING:
    from vendepunkt.accounts.models import User


def discharge(
    actor: Actor,
    treatment: TreatmentCourse,
    *,
    on: dt.date,
    status: str,
    outcome: str,
    today: dt.date,
) -> Discharge:
    """Discharge with status and outcome (R36); the follow-ups come from the standard and the law."""
    with change(actor, "courses.discharge", treatment=treatment, today=today) as c:
        check_dates(today, on=(on, HAPPENED))
        if status not in DISCHARGE_STATUSES:
            raise ServiceError(_("Unknown discharge status."), field="status")
        if outcome not in OUTCOMES:
            raise ServiceError(_("Unknown outcome."), field="outcome")
        if on < treatment.start_on:
            raise ServiceError(
                _("The discharge is before the start."),
                field="on",
            )
        if treatment.discharged_on:
            raise ServiceError(_("The course has already ended."))
        record = Discharge.objects.create(
            municipality=treatment.municipality,
            treatment=treatment,
            on=on,
            status=status,
            outcome=outcome,
            by=cast("User", actor),
        )
        treatment.discharged_on = on
        treatment.save(update_fields=["discharged_on"])
        later = Appointment.objects.filter(
            treatment=treatment, status=AttendanceStatus.PLANNED, at__date__gt=on
        )
        cancelled = sorted(later.values_list("pk", flat=True))
        if cancelled:
            later.update(status=AttendanceStatus.CANCELLED)
            c.audit(
                Action.APPOINTMENT_CANCELLED_ON_DISCHARGE,
                treatment,
                after={"appointments": cancelled},
            )
        course = c.course
        if course is None:  # a treatment course's change locks its contact course too
            raise NotFound
        course.closed_on = on
        course.save(update_fields=["closed_on"])
        c.status(on, f"discharged:{status}")
        c.audit(
            Action.TREATMENT_DISCHARGED,
            record,
            fields=("treatment_id", "on", "status", "outcome"),
        )
    return record


def record_follow_up(
    actor: Actor,
    treatment: TreatmentCourse,
    *,
    subject: str,
    on: dt.date,
    reached: bool,
    result: str = "",
    today: dt.date,
) -> FollowUp:
    """A follow-up's result, or that the citizen was not reached (R37)."""
    with change(actor, "courses.record_follow_up", treatment=treatment, today=today) as c:
        check_dates(today, on=(on, HAPPENED))
        if not treatment.discharged_on:
            raise ServiceError(_("Follow-up comes after discharge."))
        if reached and not result.strip():
            raise ServiceError(
                _("Write the result of the follow-up."),
                field="result",
            )
        return c.create(
            FollowUp,
            Action.FOLLOW_UP_RECORDED,
            ("treatment_id", "subject", "on", "reached"),
            treatment=treatment,
            subject=subject,
            on=on,
            reached=reached,
            result=result,
            by=actor,
        )
