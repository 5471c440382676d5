"""The treatment plan (R24–R25): versions, kept, and reviews."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from vendepunkt.accounts.access import Actor
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.accounts.inputs import HAPPENED, PLANNED, check_dates
from vendepunkt.audit.actions import Action
from vendepunkt.rules.plan_paperwork import COPY_HOW, SIGNED_HOW

from ..models import PlanReview, PlanVersion, TreatmentCourse
from ._change import change
from ._common import SUBSTANCE_GOALS, _before_discharge

STALE_PLAN = _("The plan was changed by someone else meanwhile.")


def save_plan(
    actor: Actor,
    treatment: TreatmentCourse,
    *,
    substance_goal: str,
    goals: list[dict[str, Any]],
    methods: str,
    responsible: list[dict[str, Any]],
    made_on: dt.date,
    agreed_until: dt.date | None = None,
    signed_on: dt.date | None = None,
    expected_version: int | None = None,
    today: dt.date,
    signed_how: str = "",
    copy_given_on: dt.date | None = None,
    copy_how: str = "",
) -> PlanVersion:
    """A new version of the treatment plan (SEL § 101 stk. 8); earlier versions are kept. With
    `expected_version` (the version the caller edited, 0 for none), a plan saved by someone else
    since is refused as stale and nothing is overwritten."""
    with change(actor, "courses.edit_plan", treatment=treatment, today=today) as c:
        check_dates(
            today,
            made_on=(made_on, HAPPENED),
            signed_on=(signed_on, HAPPENED),
            agreed_until=(agreed_until, PLANNED),
            copy_given_on=(copy_given_on, HAPPENED),
        )
        _before_discharge(treatment, made_on, field="made_on")
        _check_paperwork(signed_on, signed_how, copy_given_on, copy_how)
        if substance_goal not in SUBSTANCE_GOALS:
            raise ServiceError(
                _("The substance goal must be stop, reduce or stabilise."),
                field="substance_goal",
            )
        if not goals:
            raise ServiceError(
                _("The plan needs at least one goal."),
                field="goals",
            )
        latest = PlanVersion.objects.filter(treatment=treatment).order_by("-version").first()
        current = latest.version if latest else 0
        c.expect(expected_version, current, STALE_PLAN)
        return c.create(
            PlanVersion,
            Action.PLAN_SAVED,
            (
                "treatment_id",
                "version",
                "substance_goal",
                "made_on",
                "signed_on",
                "signed_how",
                "copy_given_on",
                "copy_how",
                "agreed_until",
            ),
            treatment=treatment,
            version=current + 1,
            substance_goal=substance_goal,
            goals=goals,
            methods=methods,
            responsible=responsible,
            agreed_until=agreed_until,
            made_on=made_on,
            signed_on=signed_on,
            signed_how=signed_how,
            copy_given_on=copy_given_on,
            copy_how=copy_how,
            by=actor,
        )


def _check_paperwork(
    signed_on: dt.date | None, signed_how: str, copy_given_on: dt.date | None, copy_how: str
) -> None:
    """How the plan was signed and how the copy was given go with their dates (R24)."""
    if signed_how and signed_how not in SIGNED_HOW:
        raise ServiceError(
            _("Unknown way of signing: choose one of %(ways)s."),
            ways=", ".join(SIGNED_HOW),
            field="signed_how",
        )
    if copy_how and copy_how not in COPY_HOW:
        raise ServiceError(
            _("Unknown way of giving the copy: choose one of %(ways)s."),
            ways=", ".join(COPY_HOW),
            field="copy_how",
        )
    if signed_how and signed_on is None:
        raise ServiceError(_("Give the date the citizen signed."), field="signed_on")
    if copy_given_on is not None and not copy_how:
        raise ServiceError(_("Say how the copy was given."), field="copy_how")
    if copy_how and copy_given_on is None:
        raise ServiceError(_("Give the date the copy was given."), field="copy_given_on")


def review_plan(
    actor: Actor, treatment: TreatmentCourse, *, on: dt.date, note: str = "", today: dt.date
) -> PlanReview:
    with change(actor, "courses.edit_plan", treatment=treatment, today=today) as c:
        check_dates(today, on=(on, HAPPENED))
        _before_discharge(treatment, on)
        if not PlanVersion.objects.filter(treatment=treatment).exists():
            raise ServiceError(_("There is no plan to review."))
        return c.create(
            PlanReview,
            Action.PLAN_REVIEWED,
            ("treatment_id", "on"),
            treatment=treatment,
            on=on,
            note=note,
            by=actor,
        )
