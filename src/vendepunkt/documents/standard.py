"""The public document of a standard: one template, rendered as HTML and as PDF.

Both come from the same validated file the system enforces, with the sections BEK 1477 § 4
requires, and with the linter's findings against the law printed in the document itself, so a
reader sees where the law prevails over the text.
"""

from __future__ import annotations

import datetime as dt
import re

from django.template.loader import render_to_string
from django.utils.translation import pgettext_lazy

from vendepunkt.rules.law import law_floor
from vendepunkt.rules.programmes import programmes
from vendepunkt.rules.standards.lint import Severity, lint
from vendepunkt.rules.standards.loader import LoadedStandard
from vendepunkt.rules.standards.schema import DeadlineKind

from .pdf import html_to_pdf
from .styles import inline_css

# The part of the standard an open point is about, in words: a reader of the public document is
# not shown the file's field paths ("document.period_start", "services[move].eligibility", D81).
OPEN_POINT_PARTS = {
    "document": pgettext_lazy("standard part", "The standard itself"),
    "narrative": pgettext_lazy("standard part", "The standard's text"),
    "references": pgettext_lazy("standard part", "References"),
    "legal_bases": pgettext_lazy("standard part", "Legal basis"),
    "target_groups": pgettext_lazy("standard part", "Target groups"),
    "services": pgettext_lazy("standard part", "Services"),
    "centres": pgettext_lazy("standard part", "Places of treatment"),
    "anonymity": pgettext_lazy("standard part", "Anonymity"),
    "visitation": pgettext_lazy("standard part", "Visitation"),
    "deadlines": pgettext_lazy("standard part", "Deadlines"),
    "plan": pgettext_lazy("standard part", "Treatment plan"),
    "free_choice": pgettext_lazy("standard part", "Free choice"),
    "payment": pgettext_lazy("standard part", "Payment"),
    "complaints": pgettext_lazy("standard part", "Complaints"),
    "kpi_targets": pgettext_lazy("standard part", "Targets"),
    "monitoring": pgettext_lazy("standard part", "Monitoring"),
}


def open_point_parts(field: str) -> list:
    """The parts of the standard an open point's field paths name, each once, as lazy words (the
    document's template renders them in Danish): "services[move].eligibility.age /
    kpi_targets[move-under-30]" → [Services, Targets]."""
    keys: list[str] = []
    for path in str(field).split("/"):
        match = re.match(r"\s*([a-z_]+)", path)
        if match and match[1] in OPEN_POINT_PARTS and match[1] not in keys:
            keys.append(match[1])
    if not keys:
        return [pgettext_lazy("standard part", "Other")]
    return [OPEN_POINT_PARTS[k] for k in keys]


def document_context(loaded: LoadedStandard, today: dt.date) -> dict:
    std = loaded.standard
    findings = lint(loaded, today)
    floor = law_floor()
    return {
        "loaded": loaded,
        "std": std,
        "n": std.narrative,
        "today": today,
        "law_notes": [f for f in findings if f.severity in (Severity.error, Severity.warning)],
        "mandatory": {s.key: s for s in floor.mandatory_sections},
        "mandatory_citation": floor.mandatory_sections_citation,
        "guarantees": std.deadlines_of(DeadlineKind.treatment_guarantee),
        "other_deadlines": [
            d
            for d in std.deadlines
            if d.kind
            not in (
                DeadlineKind.treatment_guarantee,
                DeadlineKind.plan_review,
                DeadlineKind.follow_up,
            )
        ],
        "reviews": std.deadlines_of(DeadlineKind.plan_review),
        "follow_ups": std.deadlines_of(DeadlineKind.follow_up),
        "voucher_services": [s for s in std.services if s.gift_vouchers],
        "programmes": [programmes()[p] for p in std.programmes if p in programmes()],
        "citation": floor.citation,
        "open_points": [(open_point_parts(p.field), p.note) for p in std.open_points],
    }


def render_document_html(
    loaded: LoadedStandard,
    today: dt.date,
    *,
    request=None,
    standalone: bool = False,
    annex=None,
) -> str:
    """The document as HTML: for the web page (linked stylesheets, navigation) or standalone
    (one self-contained file with its styles inline, as written by the CLI and fed to the PDF).
    `annex` (a `reporting.services.AnnexReport`) adds the goal-attainment annex (R43, `annex.py`)
    at the end, with small cells hidden as in every public document."""
    context = document_context(loaded, today)
    context["standalone"] = standalone
    if annex is not None:
        # Imported here: the annex reads the reporting models, and the command line renders the
        # document itself with the template engine only (no apps, no database).
        from .annex import annex_context

        context["annex"] = annex_context(annex, public=True)
    if standalone:
        context["inline_css"] = inline_css()
    return render_to_string("standards/document.html", context, request=request)


def render_document_pdf(loaded: LoadedStandard, today: dt.date, *, annex=None) -> bytes:
    return html_to_pdf(render_document_html(loaded, today, standalone=True, annex=annex))
