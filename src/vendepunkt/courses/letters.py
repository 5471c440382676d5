"""The decision letter (R12) as PDF: outcome, legal basis, period, reasons and the complaint
guidance taken from the standard's routes (none for SEL § 101 a), with the CPR number masked
(CPR-loven § 54). Made a PDF by the documents' one PDF function."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from vendepunkt.accounts.access import require
from vendepunkt.audit.services import log_read
from vendepunkt.documents.pdf import html_to_pdf
from vendepunkt.rules.deadlines import deemed_received
from vendepunkt.rules.law import law_floor

from .models import CourseDeadline, Decision
from .vocabulary import OUTCOME_IN_LETTER, SentBy


def _letter_html(decision: Decision) -> str:
    application = decision.application
    course = application.contact_course
    standard = course.municipality.standard()
    service = standard.service(application.service_id)
    treatment_team = course.team
    context = {
        "decision": decision,
        "application": application,
        "client": course.client,
        "service": service,
        "municipality": course.municipality,
        "standard_title": standard.document.title,
        "centre_name": treatment_team.centre.name if treatment_team else "",
        "outcome_label": OUTCOME_IN_LETTER[decision.outcome],
        "decided_by": decision.decided_by.get_full_name() or decision.decided_by.get_role_display(),
    }
    return render_to_string("courses/decision_letter.html", context)


def decision_letter_html(decision: Decision) -> str:
    """The letter in Danish, whatever the language of the screen that asks for it."""
    with translation.override("da"):
        return _letter_html(decision)


def decision_letter_pdf_bytes(decision: Decision) -> bytes:
    """The letter as PDF, for filing it when it is sent (no permission check: the service that
    sends it checks; no read: nobody is shown it)."""
    return html_to_pdf(decision_letter_html(decision))


def decision_letter_pdf(actor, decision: Decision, *, purpose: str) -> bytes:
    """The letter for `actor`, who must be allowed to see the course; the read is logged."""
    from .guard import course_guard

    course = decision.application.contact_course
    require(actor, "courses.view_course", course_guard(course))
    log_read(
        actor=actor,
        municipality_id=course.municipality_id,
        client_id=course.client_id,
        record_type="decision_letter",
        record_id=decision.pk,
        purpose=purpose,
    )
    return html_to_pdf(decision_letter_html(decision))


def received_on(decision: Decision):
    """The day the citizen is deemed to have received the sent letter (None while not sent)."""
    if decision.sent_on is None:
        return None
    return deemed_received(law_floor(), decision.sent_on, decision.sent_by or None)[0]


def sending(decision: Decision) -> dict | None:
    """How and when a sent letter reached the citizen, for the letter page: the way it was sent,
    the day the citizen is deemed to have received it (Digital Post: the day it is available;
    ordinary post or not recorded: 6 working days later) and the end of the complaint period as
    stored with the course's deadlines. None while the letter is not sent."""
    if decision.sent_on is None:
        return None
    received_on, _da, _en = deemed_received(law_floor(), decision.sent_on, decision.sent_by or None)
    period = CourseDeadline.objects.filter(
        contact_course_id=decision.application.contact_course_id,
        kind="complaint_period",
        subject=f"decision:{decision.pk}",
    ).first()
    return {
        "by": SentBy(decision.sent_by).label if decision.sent_by else None,
        "received_on": received_on,
        "complaint_due": period.due if period else None,
    }
