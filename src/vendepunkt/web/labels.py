"""Labels of the standard's enum values and units, for the public document and the staff screens
that show a standard's values. The msgids are English in the context "standard", translated into
Danish in the central catalogue; the public document is rendered in Danish (its template switches
to Danish), the staff screens in the user's language. The deadline kinds are the staff screens'
names (`web/kinds.py`)."""

import re

from django.utils.translation import ngettext, pgettext_lazy

from vendepunkt.courses.vocabulary import legal_name as legal_name
from vendepunkt.web.kinds import DEADLINE_KINDS

FOLLOW_UP = re.compile(r"follow_up:(\d+)([dwmy])")


def follow_up_label(subject: str) -> str:
    """A follow-up subject in words (D81): "follow_up:6m" → "6 months after discharge"."""
    match = FOLLOW_UP.fullmatch(subject)
    if not match:
        return subject
    n, unit = int(match[1]), match[2]
    if unit == "d":
        text = ngettext("%(n)d day after discharge", "%(n)d days after discharge", n)
    elif unit == "w":
        text = ngettext("%(n)d week after discharge", "%(n)d weeks after discharge", n)
    elif unit == "m":
        text = ngettext("%(n)d month after discharge", "%(n)d months after discharge", n)
    else:
        text = ngettext("%(n)d year after discharge", "%(n)d years after discharge", n)
    return text % {"n": n}


UNIT = {
    "day": (pgettext_lazy("standard", "day"), pgettext_lazy("standard", "days")),
    "week": (pgettext_lazy("standard", "week"), pgettext_lazy("standard", "weeks")),
    "month": (pgettext_lazy("standard", "month"), pgettext_lazy("standard", "months")),
    "year": (pgettext_lazy("standard", "year"), pgettext_lazy("standard", "years")),
}
PER = {
    "day": pgettext_lazy("standard", "daily"),
    "week": pgettext_lazy("standard", "a week"),
    "month": pgettext_lazy("standard", "a month"),
    "year": pgettext_lazy("standard", "a year"),
}
WEEKDAY = {
    "monday": pgettext_lazy("standard", "Monday"),
    "tuesday": pgettext_lazy("standard", "Tuesday"),
    "wednesday": pgettext_lazy("standard", "Wednesday"),
    "thursday": pgettext_lazy("standard", "Thursday"),
    "friday": pgettext_lazy("standard", "Friday"),
    "saturday": pgettext_lazy("standard", "Saturday"),
    "sunday": pgettext_lazy("standard", "Sunday"),
}
NTH = {
    1: pgettext_lazy("standard", "first"),
    2: pgettext_lazy("standard", "second"),
    3: pgettext_lazy("standard", "third"),
    4: pgettext_lazy("standard", "fourth"),
    5: pgettext_lazy("standard", "fifth"),
}
RECURRENCE = {
    "weekly": pgettext_lazy("standard", "every week"),
    "twice_weekly": pgettext_lazy("standard", "twice a week"),
    "monthly": pgettext_lazy("standard", "every month"),
    "daily": pgettext_lazy("standard", "every day"),
    "same_day": pgettext_lazy("standard", "the same day"),
    "on_demand": pgettext_lazy("standard", "on demand"),
}
LABELS = {
    # substances
    "drugs": pgettext_lazy("standard", "drugs"),
    "alcohol": pgettext_lazy("standard", "alcohol"),
    "cannabis": pgettext_lazy("standard", "cannabis"),
    "opioids": pgettext_lazy("standard", "opioids"),
    # client kinds
    "citizen": pgettext_lazy("standard", "citizens"),
    "relative": pgettext_lazy("standard", "relatives"),
    "child_of_user": pgettext_lazy("standard", "children of users"),
    "family": pgettext_lazy("standard", "families"),
    "professional": pgettext_lazy("standard", "professionals"),
    # phases
    "reception": pgettext_lazy("standard", "reception"),
    "counselling": pgettext_lazy("standard", "counselling"),
    "assessment": pgettext_lazy("standard", "assessment"),
    "motivation": pgettext_lazy("standard", "motivation"),
    "primary": pgettext_lazy("standard", "primary treatment"),
    "aftercare": pgettext_lazy("standard", "aftercare"),
    "medical": pgettext_lazy("standard", "medical treatment"),
    "support": pgettext_lazy("standard", "support"),
    "relatives": pgettext_lazy("standard", "relatives"),
    "detox": pgettext_lazy("standard", "detoxification"),
    "outreach": pgettext_lazy("standard", "outreach"),
    # intensity / setting / format
    "low": pgettext_lazy("standard", "low intensity"),
    "medium": pgettext_lazy("standard", "medium intensity"),
    "intensive": pgettext_lazy("standard", "intensive"),
    "day": pgettext_lazy("standard", "day treatment"),
    "residential": pgettext_lazy("standard", "residential treatment"),
    "ambulant": pgettext_lazy("standard", "ambulant"),
    "online": pgettext_lazy("standard", "online"),
    "individual": pgettext_lazy("standard", "individual"),
    "group": pgettext_lazy("standard", "group"),
    "couple": pgettext_lazy("standard", "couple"),
    "mixed": pgettext_lazy("standard", "mixed"),
    # delivery
    "own_centre": pgettext_lazy("standard", "own centre"),
    "external_provider": pgettext_lazy("standard", "external provider"),
    "partner_municipality": pgettext_lazy("standard", "partner municipality"),
    "cross_municipal": pgettext_lazy("standard", "cross-municipal"),
    # events
    "request": pgettext_lazy("standard", "the request with a wish for treatment"),
    "contact": pgettext_lazy("standard", "the contact"),
    "personal_attendance": pgettext_lazy(
        "standard", "personal attendance with a wish for treatment"
    ),
    "decision": pgettext_lazy("standard", "the decision"),
    "treatment_start": pgettext_lazy("standard", "the start of treatment"),
    "previous_review": pgettext_lazy("standard", "the previous review"),
    "end_of_agreed_period": pgettext_lazy("standard", "the end of the agreed period"),
    "discharge": pgettext_lazy("standard", "the end of treatment"),
    "complaint_received": pgettext_lazy("standard", "the receipt of the complaint"),
    "end_of_primary_treatment": pgettext_lazy("standard", "the end of primary treatment"),
    # deadline kinds
    "treatment_guarantee": DEADLINE_KINDS["treatment_guarantee"],
    "open_counselling": DEADLINE_KINDS["open_counselling"],
    "doctor_consultation": DEADLINE_KINDS["doctor_consultation"],
    "plan_at_start": DEADLINE_KINDS["plan_at_start"],
    "plan_review": DEADLINE_KINDS["plan_review"],
    "follow_up": DEADLINE_KINDS["follow_up"],
    "first_appointment": DEADLINE_KINDS["first_appointment"],
    "forum_meeting": DEADLINE_KINDS["forum_meeting"],
    "complaint_period": DEADLINE_KINDS["complaint_period"],
    "complaint_reassessment": DEADLINE_KINDS["complaint_reassessment"],
    "complaint_forwarding": DEADLINE_KINDS["complaint_forwarding"],
    "grant_expiry": DEADLINE_KINDS["grant_expiry"],
    "residential_status_meeting": DEADLINE_KINDS["residential_status_meeting"],
    # exceptions
    "free_choice": pgettext_lazy("standard", "the citizen freely chooses another offer"),
    "citizen_declines": pgettext_lazy("standard", "the citizen does not wish to use the guarantee"),
    "no_show": pgettext_lazy("standard", "the citizen does not show up"),
    "missing_cooperation": pgettext_lazy(
        "standard", "the citizen does not help obtain information"
    ),
    "delayed_information": pgettext_lazy("standard", "information is delayed"),
    # discharge statuses
    "completed": pgettext_lazy("standard", "completed"),
    "to_other_offer": pgettext_lazy("standard", "discharged to another offer"),
    "to_hospital": pgettext_lazy("standard", "discharged to hospital"),
    "other_reason": pgettext_lazy("standard", "other reason"),
    "dropped_out": pgettext_lazy("standard", "ended without agreement"),
    # review triggers
    "service_change": pgettext_lazy("standard", "changed services"),
    # complaint kinds
    "social_decision": pgettext_lazy("standard", "Decisions on social treatment"),
    "guarantee_breach": pgettext_lazy("standard", "Treatment guarantee exceeded"),
    "visitation_decision": pgettext_lazy("standard", "Visitation decisions"),
    "case_handling": pgettext_lazy("standard", "Case handling"),
    "service_level": pgettext_lazy("standard", "Service level"),
    "medical_treatment": pgettext_lazy("standard", "Medical/health-care treatment"),
    "staff_conduct": pgettext_lazy("standard", "Staff conduct"),
    "treatment_plan": pgettext_lazy("standard", "Treatment plan"),
    # roles and forums
    "treater": pgettext_lazy("standard", "treater"),
    "visitation_caseworker": pgettext_lazy("standard", "visitation caseworker"),
    "doctor": pgettext_lazy("standard", "doctor"),
    "nurse": pgettext_lazy("standard", "nurse"),
    "centre_leader": pgettext_lazy("standard", "the centre's leader"),
    "team": pgettext_lazy("standard", "the team"),
    "visitation_meeting": pgettext_lazy("standard", "visitation meeting"),
    "residential_committee": pgettext_lazy("standard", "residential visitation committee"),
    "health_team": pgettext_lazy("standard", "health team"),
    "internal_committee": pgettext_lazy("standard", "internal visitation committee"),
    "caseworker": pgettext_lazy("standard", "caseworker"),
    "treatment_conference": pgettext_lazy("standard", "treatment conference"),
    # metrics and directions
    "completed_as_planned": pgettext_lazy(
        "standard", "Share of courses ended as completed/as planned"
    ),
    "abstinent_after_treatment": pgettext_lazy("standard", "Share abstinent/sober after treatment"),
    "reduced_after_treatment": pgettext_lazy("standard", "Share with reduced use after treatment"),
    "return_within_12_months": pgettext_lazy("standard", "Share returning within 12 months"),
    "offered_move_under_30": pgettext_lazy("standard", "Young people under 30 offered MOVE"),
    "started_within_guarantee": pgettext_lazy("standard", "Treatment started within the guarantee"),
    "at_least": pgettext_lazy("standard", "at least"),
    "at_most": pgettext_lazy("standard", "at most"),
    "above": pgettext_lazy("standard", "above"),
    "decrease": pgettext_lazy("standard", "must decrease"),
    "all": pgettext_lazy("standard", "all"),
    # severities
    "error": pgettext_lazy("standard", "Error"),
    "warning": pgettext_lazy("standard", "Warning"),
    "info": pgettext_lazy("standard", "Information"),
    "oral": pgettext_lazy("standard", "oral"),
    "written": pgettext_lazy("standard", "written"),
}
