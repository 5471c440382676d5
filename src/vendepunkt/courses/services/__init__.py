"""Services for the citizen's course, step by step (R1–R38), one module a phase of the course:
`contact`, `assessment` (counselling and assessment), `visitation` (application, decision,
waivers, free choice), `treatment`, `plan`, `discharge` (and follow-up).

Every change runs through `_change.change`: one transaction, the course's rows locked in one
order (client → contact course → treatment course), the permission check (`require`: deny by
default, another municipality's object is "not found") and the validation under the lock, an
audit entry with the state before and after, and the contact course's deadlines recomputed from
the municipality's standard and the law floor (`deadlines.refresh`). A stale edit (a version
older than the stored one, `expected_version=`) is refused with a `ServiceError` coded "stale".
Reads of personal data go through the `view_*` functions, which write a read-log entry.

`from vendepunkt.courses import services` and `services.<name>` keep working for every name.
"""

from ..guard import course_guard
from ._change import STALE
from ._common import (
    DISCHARGE_STATUSES,
    MEDICATION_KINDS,
    OUTCOMES,
    SUBSTANCE_GOALS,
    TRACKS,
    _before_discharge,
    _standard,
)
from .assessment import (
    assessment_version,
    outreach_eligibility,
    record_assessment,
    record_counselling,
    record_outreach_assessment,
    view_assessments,
)
from .calendar import (
    DOUBLE_BOOKING,
    add_room,
    book_appointment,
    cancel_appointment,
    move_appointment,
    record_active_contact,
    record_attendance,
)
from .contact import get_course, merge_courses_on_link, record_contact
from .discharge import discharge, record_follow_up
from .plan import review_plan, save_plan
from .treatment import (
    PHASES,
    SUBSTITUTION_PRODUCTS,
    assign_treater,
    book_doctor_consultation,
    change_phase,
    change_services,
    record_appointment,
    record_course_event,
    record_doctor_consultation,
    record_medical,
    record_sib,
    record_status_meeting,
    record_stay,
    require_dose_room,
    require_grant,
    set_attendance,
    start_treatment,
    view_medical,
)
from .visitation import (
    apply_for_service,
    choose_provider,
    client_facts,
    complaint_guidance,
    current_body,
    decide,
    extend_grant,
    mark_decision_sent,
    record_waiver,
)

__all__ = [
    "DISCHARGE_STATUSES",
    "DOUBLE_BOOKING",
    "MEDICATION_KINDS",
    "OUTCOMES",
    "PHASES",
    "STALE",
    "SUBSTANCE_GOALS",
    "SUBSTITUTION_PRODUCTS",
    "TRACKS",
    "_before_discharge",
    "_standard",
    "add_room",
    "apply_for_service",
    "assessment_version",
    "assign_treater",
    "book_appointment",
    "book_doctor_consultation",
    "cancel_appointment",
    "change_phase",
    "change_services",
    "choose_provider",
    "client_facts",
    "complaint_guidance",
    "course_guard",
    "current_body",
    "decide",
    "discharge",
    "extend_grant",
    "get_course",
    "mark_decision_sent",
    "merge_courses_on_link",
    "move_appointment",
    "outreach_eligibility",
    "record_active_contact",
    "record_appointment",
    "record_assessment",
    "record_attendance",
    "record_contact",
    "record_counselling",
    "record_course_event",
    "record_doctor_consultation",
    "record_follow_up",
    "record_medical",
    "record_outreach_assessment",
    "record_sib",
    "record_status_meeting",
    "record_stay",
    "record_waiver",
    "require_dose_room",
    "require_grant",
    "review_plan",
    "save_plan",
    "set_attendance",
    "start_treatment",
    "view_assessments",
    "view_medical",
]
