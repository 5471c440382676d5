"""Names of the deadline kinds, in the active language: the staff interface's and, in Danish, the
public document's (`labels.py` takes them from here)."""

from django.utils.translation import gettext_lazy as _

DEADLINE_KINDS = {
    "treatment_guarantee": _("Treatment guarantee"),
    "doctor_consultation": _("Doctor's consultation"),
    "open_counselling": _("Open counselling"),
    "plan_at_start": _("Treatment plan at start"),
    "plan_review": _("Treatment plan review"),
    "follow_up": _("Follow-up after discharge"),
    "complaint_period": _("Complaint period"),
    "complaint_reassessment": _("Re-assessment of complaint"),
    "complaint_forwarding": _("Forwarding of complaint"),
    "residential_status_meeting": _("Status meeting during residential stay"),
    "grant_expiry": _("Expiry of grant"),
    "forum_meeting": _("Visitation meeting"),
    "first_appointment": _("First appointment"),
    "decision": _("Decision on treatment"),
    "notification_check": _("Consider notifying children's services"),
    "no_show_contact": _("Active contact after a no-show"),
}


def deadline_kind(kind: str) -> str:
    """The name of a deadline kind; an unknown kind is shown as written, never hidden."""
    label = DEADLINE_KINDS.get(kind)
    return str(label) if label is not None else kind.replace("_", " ").capitalize()
