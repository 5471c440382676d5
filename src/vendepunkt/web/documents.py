"""The public document of a standard: one template, rendered as HTML and as PDF (WeasyPrint).

Both come from the same validated file the system enforces, with the sections BEK 1477 § 4
requires, and with the linter's findings against the law printed in the document itself, so a
reader sees where the law prevails over the text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.template.loader import render_to_string

from vendepunkt.rules.law import law_floor
from vendepunkt.rules.programmes import programmes
from vendepunkt.rules.standards.lint import Severity, lint
from vendepunkt.rules.standards.loader import LoadedStandard
from vendepunkt.rules.standards.schema import DeadlineKind

STATIC = Path(__file__).with_name("static") / "vendepunkt"

# The sections of BEK 1477 § 4 in the order the document prints them, plus the extra ones the
# standards carry. Keys match the law floor's mandatory_sections.
SECTION_ORDER = (
    "tasks",
    "target_group",
    "goals_values",
    "organisation",
    "visitation",
    "guarantee",
    "free_choice",
    "plan",
    "action_plans",
    "user_involvement",
    "payment",
    "complaints",
    "staff",
    "monitoring",
    "gift_vouchers",
)


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
    `annex` (a `reporting.services.AnnexReport`) adds the goal-attainment annex (R43) at the end,
    with small cells hidden as in every public document."""
    context = document_context(loaded, today)
    context["standalone"] = standalone
    if annex is not None:
        from vendepunkt.reporting.annex import annex_context

        context["annex"] = annex_context(annex, public=True)
    if standalone:
        context["inline_css"] = "\n".join(
            (STATIC / name).read_text(encoding="utf-8") for name in ("site.css", "document.css")
        )
    return render_to_string("standards/document.html", context, request=request)


def render_document_pdf(loaded: LoadedStandard, today: dt.date, *, annex=None) -> bytes:
    from weasyprint import HTML  # heavy import, kept local

    html = render_document_html(loaded, today, standalone=True, annex=annex)
    return HTML(string=html).write_pdf()
