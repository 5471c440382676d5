"""The export as a readable document (HTML → PDF with the documents' one PDF function): each
section with its records, Danish headings with the English beside them (one gettext message each,
rendered in both languages). The field names are the
export's own keys, so the PDF and the JSON say the same."""

from __future__ import annotations

import json

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from vendepunkt.documents.pdf import html_to_pdf
from vendepunkt.texts import Text

SECTION_TITLES = {
    "contact_courses": _("Contact courses"),
    "contacts": _("Contacts"),
    "counselling_talks": _("Counselling talks"),
    "assessments": _("Assessments"),
    "applications": _("Applications"),
    "decisions": _("Decisions"),
    "guarantee_waivers": _("Guarantee waivers"),
    "treatment_courses": _("Treatment courses"),
    "status_history": _("Status history"),
    "services": _("Services"),
    "appointments": _("Appointments and attendance"),
    "medical_records": _("Medical records"),
    "residential_stays": _("Residential stays"),
    "status_meetings": _("Status meetings"),
    "course_events": _("Course events"),
    "plan_versions": _("Treatment plans"),
    "plan_reviews": _("Plan reviews"),
    "discharges": _("Discharges"),
    "follow_ups": _("Follow-ups"),
    "doctor_consultations": _("Doctor's consultations"),
    "outreach_assessments": _("Outreach target-group assessments"),
    "deadlines": _("Deadlines"),
    "group_memberships": _("Group memberships"),
    "group_attendance": _("Attendance at group sessions"),
    "reminder_consent": _("Consent to reminders"),
    "reminders": _("Reminders"),
    "complaints": _("Complaints"),
}

# The document's own words, each rendered in Danish with the English beside it.
WORDS = {
    "title": _("Insight into your data"),
    "made": _("made"),
    "intro": _(
        "This is all the data the municipality's treatment centre holds about you in Vendepunkt, "
        "and who has seen it (GDPR art. 15). The CPR number is partly masked."
    ),
    "identity": _("Identity"),
    "none": _("none"),
    "who_has_seen": _("Who has seen your data"),
    "time": _("time"),
    "reader": _("staff · record · purpose"),
    "changes": _("Changes to your data"),
    "yes": _("yes"),
    "no": _("no"),
}


def _both(message) -> dict[str, str]:
    text = Text(message)
    return {"da": text.da, "en": text.en}


def _value(value) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        word = _both(WORDS["yes"] if value else WORDS["no"])
        return f"{word['da']} / {word['en']}"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, indent=1)
    return str(value)


def export_html(data: dict) -> str:
    sections = [
        {
            "key": key,
            "title": _both(SECTION_TITLES.get(key, key)),
            "rows": [[(k, _value(v)) for k, v in row.items()] for row in rows],
        }
        for key, rows in data["sections"].items()
    ]
    identity = [(k, _value(v)) for k, v in data["client"].items()]
    return render_to_string(
        "rights/export.html",
        {
            "data": data,
            "identity": identity,
            "sections": sections,
            "words": {key: _both(message) for key, message in WORDS.items()},
        },
    )


def export_pdf(data: dict) -> bytes:
    return html_to_pdf(export_html(data))
