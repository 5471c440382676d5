"""Discharge and follow-up (R36–R38)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from django.utils.translation import gettext_lazy as _

from vendepunkt.accounts.access import Actor, NotFound
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.accounts.inputs import HAPPENED, check_dates
from vendepunkt.audit.actions import Action
from vendepunkt.rules.deadlines.facts import FollowUpRecord
from vendepunkt.rules.deadlines.follow_up import follow_up_slots, slot_states
from vendepunkt.rules.law import law_floor

from ..models import Appointment, Discharge, FollowUp, ResidentialStay, TreatmentCourse
from ..vocabulary import AttendanceStatus
from ._change import change
from ._common import DISCHARGE_STATUSES, OUTCOMES, _standard

NEEDS_CHOICE = "discharge_needs_choice"

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
    cancel_future_appointments: bool = False,
    end_stays: bool = False,
) -> Discharge:
    """Discharge with status and outcome (R36); the follow-ups come from the standard and the law.

    Nothing happens in a course after its discharge, so what is planned after the discharge day
    must be settled, and the caller is asked first (issue 12 § 5): planned appointments after the
    day are cancelled only with `cancel_future_appointments`, and a residential stay running past
    the day is ended on the discharge day only with `end_stays`. Without the consent the discharge
    is refused, saying what would happen, and nothing is written."""
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
        later = Appointment.objects.filter(
            treatment=treatment, status=AttendanceStatus.PLANNED, at__date__gt=on
        )
        stays = ResidentialStay.objects.filter(treatment=treatment, end_on__gt=on)
        _ask_about_what_lies_ahead(
            later.count(),
            stays.count(),
            cancel_future_appointments=cancel_future_appointments,
            end_stays=end_stays,
        )
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
        cancelled = sorted(later.values_list("pk", flat=True))
        if cancelled:
            later.update(status=AttendanceStatus.CANCELLED)
            c.audit(
                Action.APPOINTMENT_CANCELLED_ON_DISCHARGE,
                treatment,
                after={"appointments": cancelled},
            )
        for stay in stays.order_by("start_on", "pk"):
            # a stay that had not begun by the discharge day ends as it starts: it never ran
            c.update(
                stay,
                Action.STAY_ENDED_ON_DISCHARGE,
                ("end_on",),
                end_on=max(on, stay.start_on),
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


def _ask_about_what_lies_ahead(
    appointments: int, stays: int, *, cancel_future_appointments: bool, end_stays: bool
) -> None:
    """Refuse a discharge that would silently settle what is planned after it (issue 12 § 5)."""
    if appointments and not cancel_future_appointments:
        raise ServiceError(
            _(
                "Planned appointments after the discharge day: %(count)s. Discharging cancels "
                "them: confirm that they are cancelled, or choose a later discharge day."
            ),
            count=appointments,
            field="cancel_future_appointments",
            code=NEEDS_CHOICE,
        )
    if stays and not end_stays:
        raise ServiceError(
            _(
                "Residential stays running past the discharge day: %(count)s. Discharging ends "
                "them on the discharge day: confirm that they end, or choose a later discharge day."
            ),
            count=stays,
            field="end_stays",
            code=NEEDS_CHOICE,
        )


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
    """A follow-up's result, or an attempt that did not reach the citizen (R37). It names the
    follow-up it answers (`follow_up:1m` …, as the standard and the law call for them), cannot be
    recorded before that follow-up's window opens, nor once it is closed (reached, or the
    attempts the standard allows all made)."""
    with change(actor, "courses.record_follow_up", treatment=treatment, today=today) as c:
        check_dates(today, on=(on, HAPPENED))
        if not treatment.discharged_on:
            raise ServiceError(_("Follow-up comes after discharge."))
        done = Discharge.objects.get(treatment=treatment)
        slots = follow_up_slots(
            _standard(treatment.municipality),
            law_floor(),
            treatment.contact_course.legal_track,
            done.on,
            done.status,
        )
        slot = next((s for s in slots if s.subject == subject), None)
        if slot is None:
            raise ServiceError(
                _("This discharge calls for no such follow-up: choose one of %(subjects)s."),
                subjects=", ".join(s.subject for s in slots) or "—",
                field="subject",
                code="follow_up_unknown",
            )
        if on < slot.opens:
            raise ServiceError(
                _("This follow-up can be recorded from %(date)s."),
                date=slot.opens,
                field="on",
                code="follow_up_not_open",
            )
        records = [
            FollowUpRecord(held_on=f.on, reached=f.reached, subject=f.subject)
            for f in FollowUp.objects.filter(treatment=treatment)
        ]
        state = slot_states(slots, records)[subject]
        if state.closed_on is not None:
            raise ServiceError(
                _("This follow-up was closed on %(date)s; nothing more can be recorded on it."),
                date=state.closed_on,
                field="subject",
                code="follow_up_closed",
            )
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
