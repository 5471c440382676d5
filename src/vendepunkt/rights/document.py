"""The export as a readable document (HTML → PDF with the documents' one PDF function): each
section with its records, Danish headings with the English beside them. The field names are the
export's own keys, so the PDF and the JSON say the same."""

from __future__ import annotations

import json

from django.template.loader import render_to_string

from vendepunkt.documents.pdf import html_to_pdf

SECTION_TITLES = {
    "contact_courses": ("Kontaktforløb", "Contact courses"),
    "contacts": ("Henvendelser", "Contacts"),
    "counselling_talks": ("Rådgivningssamtaler", "Counselling talks"),
    "assessments": ("Udredninger", "Assessments"),
    "applications": ("Ansøgninger", "Applications"),
    "decisions": ("Afgørelser", "Decisions"),
    "guarantee_waivers": ("Fravigelser af behandlingsgarantien", "Guarantee waivers"),
    "treatment_courses": ("Behandlingsforløb", "Treatment courses"),
    "status_history": ("Forløbshistorik", "Status history"),
    "services": ("Ydelser", "Services"),
    "appointments": ("Aftaler og fremmøde", "Appointments and attendance"),
    "medical_records": ("Lægelige optegnelser", "Medical records"),
    "residential_stays": ("Døgnophold", "Residential stays"),
    "status_meetings": ("Statusmøder", "Status meetings"),
    "course_events": ("Hændelser i forløbet", "Course events"),
    "plan_versions": ("Behandlingsplaner", "Treatment plans"),
    "plan_reviews": ("Opfølgning på behandlingsplaner", "Plan reviews"),
    "discharges": ("Udskrivninger", "Discharges"),
    "follow_ups": ("Opfølgning efter udskrivning", "Follow-ups"),
    "deadlines": ("Frister", "Deadlines"),
    "complaints": ("Klager", "Complaints"),
}


def _value(value) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return "ja / yes" if value else "nej / no"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, indent=1)
    return str(value)


def export_html(data: dict) -> str:
    sections = [
        {
            "key": key,
            "title_da": SECTION_TITLES.get(key, (key, key))[0],
            "title_en": SECTION_TITLES.get(key, (key, key))[1],
            "rows": [[(k, _value(v)) for k, v in row.items()] for row in rows],
        }
        for key, rows in data["sections"].items()
    ]
    identity = [(k, _value(v)) for k, v in data["client"].items()]
    return render_to_string(
        "rights/export.html",
        {"data": data, "identity": identity, "sections": sections},
    )


def export_pdf(data: dict) -> bytes:
    return html_to_pdf(export_html(data))
