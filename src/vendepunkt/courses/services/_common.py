"""What the phases of a course share: word lists, the course guard, the discharge boundary."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from vendepunkt.accounts.errors import ServiceError
from vendepunkt.rules.law import law_floor

from .. import vocabulary
from ..models import TreatmentCourse

if TYPE_CHECKING:
    from vendepunkt.accounts.models import Municipality
    from vendepunkt.rules.standards.schema import Service, Standard

TRACKS = tuple(vocabulary.LegalTrack.values)


def merge_gap_days() -> int:
    """Contacts at most this many days apart are one contact course (R6): the national
    statistics' definition, from the law floor (`rules/law/floor.yaml`, `contact_course`)."""
    return law_floor().contact_course.merge_gap_days


DISCHARGE_STATUSES = tuple(vocabulary.DischargeStatus.values)
OUTCOMES = tuple(vocabulary.DischargeOutcome.values)
SUBSTANCE_GOALS = tuple(vocabulary.SubstanceGoal.values)
MEDICATION_KINDS = vocabulary.MEDICATION_KINDS


def _standard(municipality: Municipality) -> Standard:
    return municipality.standard()


def offered_phases(municipality: Municipality) -> tuple[str, ...]:
    """The phases a treatment course of `municipality` can be in: its standard's (R26)."""
    from vendepunkt.rules.phases import course_phases
    from vendepunkt.rules.programmes import programmes

    return course_phases(_standard(municipality), programmes())


def _service_of(standard: Standard, service_id: str) -> Service:
    """The service a grant or an application names, as the municipality's standard has it now; a
    service the standard no longer offers is refused with a clear message."""
    service = standard.service(service_id)
    if service is None:
        raise ServiceError(
            _("The service is no longer in the municipality's quality standard."),
            field="service_id",
        )
    return service


def _before_discharge(treatment: TreatmentCourse, on: dt.date, field: str = "on") -> None:
    """R36: nothing happens in a treatment course after its discharge (the follow-ups and
    complaints come after it, and are recorded on their own). A record dated on or before the
    discharge day may still be entered late."""
    if treatment.discharged_on is not None and on > treatment.discharged_on:
        raise ServiceError(
            _(
                "The treatment course ended on %(date)s; nothing can be recorded in it after the "
                "discharge."
            ),
            date=treatment.discharged_on,
            field=field,
            code="discharged",
        )
