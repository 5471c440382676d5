"""The phases of a treatment course a municipality uses (R26, issue 12 § 1).

The words are `courses.vocabulary.TreatmentPhase`; which of them a course can be in is the
standard's: the treatment phases its services name (`Service.phase`: assessment, motivation,
primary, aftercare) and, where it enables the outreach programme (`Standard.programmes`), the
programme's own phases (contact → treatment → bridging → follow-up, UDG "Indsatsens
kernekomponenter"). The law names no phases of a course.
"""

from __future__ import annotations

from collections.abc import Mapping

from .programmes import Programme
from .standards.schema import Standard

# The phases of the standard's services that are phases of a treatment course, in course order.
TREATMENT_PHASES = ("assessment", "motivation", "primary", "aftercare")


def _word(phase_id: str) -> str:
    return phase_id.replace("-", "_")  # a programme's "follow-up" is the vocabulary's follow_up


def course_phases(standard: Standard, programmes: Mapping[str, Programme]) -> tuple[str, ...]:
    """The phases a treatment course in this municipality can be in, in course order."""
    named = {str(s.phase) for s in standard.services if s.phase is not None}
    phases = [p for p in TREATMENT_PHASES if p in named]
    for programme_id in standard.programmes:
        programme = programmes.get(programme_id)
        if programme is not None:
            phases += [_word(p.id) for p in programme.phases if _word(p.id) not in phases]
    return tuple(phases)
