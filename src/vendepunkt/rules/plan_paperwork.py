"""The plan's paperwork as the standard asks for it (R24): where the standard says the plan is
signed by the citizen (`Plan.signed_by_citizen`) or a copy is given to the citizen
(`Plan.copy_to_citizen`), a plan version without the signature or without the copy is shown as
such. Pure: no Django."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .standards.schema import Plan

# How the citizen signed, and how the copy was given.
SIGNED_HOW = ("in_person", "digital")
COPY_HOW = ("handed", "digital_post", "post")


@dataclass(frozen=True)
class Missing:
    """What the standard asks for and the plan version lacks, in Danish and English."""

    what: str  # "signature" or "copy"
    message_da: str
    message_en: str


def plan_paperwork(
    plan: Plan, *, signed_on: dt.date | None, copy_given_on: dt.date | None
) -> tuple[Missing, ...]:
    """What the standard's plan section asks of a plan version that it does not have."""
    missing: list[Missing] = []
    if plan.signed_by_citizen and signed_on is None:
        missing.append(
            Missing(
                "signature",
                "Planen er ikke underskrevet af borgeren, som kvalitetsstandarden kræver.",
                "The plan is not signed by the citizen, as the quality standard requires.",
            )
        )
    if plan.copy_to_citizen and copy_given_on is None:
        missing.append(
            Missing(
                "copy",
                "Borgeren har ikke fået en kopi af planen, som kvalitetsstandarden kræver.",
                "The citizen has not been given a copy of the plan, as the quality standard "
                "requires.",
            )
        )
    return tuple(missing)
