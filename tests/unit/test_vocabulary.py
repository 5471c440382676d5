"""Each word list of a course is defined once (courses/vocabulary.py, issue 11 § 3): the pure
rules' tuples, the services, the forms, the reports, the letters and the API have the same
values, and every value has a Danish label."""

from __future__ import annotations

import typing

import pytest
from django.db import models
from django.utils import translation

from tests.conftest import PINNED_TODAY, SHIPPED
from vendepunkt.api import schemas
from vendepunkt.citizens import models as citizens
from vendepunkt.courses import letters, services, vocabulary
from vendepunkt.courses import models as courses
from vendepunkt.reporting import services as reporting
from vendepunkt.rules import counselling, kpi
from vendepunkt.rules.standards import lint, schema
from vendepunkt.web import kinds, labels
from vendepunkt.web.areas.citizens import forms as citizen_forms
from vendepunkt.web.areas.course import forms as course_forms
from vendepunkt.web.areas.intake import forms as intake_forms
from vendepunkt.web.areas.plan import forms as plan_forms
from vendepunkt.web.areas.reporting import forms as reporting_forms
from vendepunkt.web.areas.visitation import forms as visitation_forms

VOCABULARIES = [
    v
    for v in vars(vocabulary).values()
    if isinstance(v, type) and issubclass(v, models.TextChoices) and v is not models.TextChoices
] + [citizens.ClientKind, citizens.Sex]

# Words that are written the same in Danish and English.
SAME_IN_DANISH = {"Digital Post", "Motivation", "Antabuse", "Video"}


def values(choices) -> list[str]:
    return [str(v) for v, _label in choices]


def test_every_vocabulary_is_found():
    names = {v.__name__ for v in VOCABULARIES}
    assert {
        "LegalTrack",
        "TreatmentPhase",
        "AssessmentOccasion",
        "DischargeStatus",
        "DischargeOutcome",
        "Outcome",
        "CounsellingKind",
        "MedicalKind",
        "AppointmentKind",
        "AttendanceStatus",
        "Substance",
        "ClientKind",
    } <= names


# --- the pure rules keep their own tuples: they hold the same values -------------------------


def test_rules_tuples_equal_the_vocabulary():
    assert vocabulary.DischargeStatus.values == [s.value for s in schema.DischargeStatus]
    # the standard's counselling kinds and the law's doctor's consultation (issue 12 § 1)
    talk_kinds = {k.value for k in schema.CounsellingKind} | set(counselling.LAW_KINDS)
    assert set(vocabulary.CounsellingKind.values) == talk_kinds == set(counselling.ORDER)
    assert set(vocabulary.Substance.values) == {s.value for s in schema.Substance}
    assert set(citizens.ClientKind.values) <= {k.value for k in schema.ClientKind}
    assert {kpi.ANONYMOUS_TRACK, kpi.COUNSELLING_TRACK} <= set(vocabulary.LegalTrack.values)
    assert set(lint.GUARANTEED_BASES) <= set(vocabulary.TREATMENT_TRACKS)
    assert set(kpi.DRUG_SUBSTANCES) >= set(vocabulary.Substance.values) - {"alcohol"}
    assert {k.value for k in schema.DeadlineKind} <= set(kinds.DEADLINE_KINDS)


# --- services, models, forms, reports and the API take the same lists -----------------------


def test_services_validate_against_the_vocabulary():
    assert tuple(vocabulary.LegalTrack.values) == services.TRACKS
    assert tuple(vocabulary.DischargeStatus.values) == services.DISCHARGE_STATUSES
    assert tuple(vocabulary.DischargeOutcome.values) == services.OUTCOMES
    assert tuple(vocabulary.TreatmentPhase.values) == services.PHASES
    assert tuple(vocabulary.SubstanceGoal.values) == services.SUBSTANCE_GOALS
    assert set(services.MEDICATION_KINDS) - {"medication"} <= set(vocabulary.MedicalKind.values)


def test_the_two_phase_lists_are_two_concepts():
    """The phase of a treatment course and the occasion of an assessment were both PHASES."""
    assert set(vocabulary.TreatmentPhase.values) != set(vocabulary.AssessmentOccasion.values)
    assert values(intake_forms.AssessmentForm.base_fields["phase"].choices) == (
        vocabulary.AssessmentOccasion.values
    )
    assert list(course_forms.PHASE) == vocabulary.TreatmentPhase.values


def test_models_take_their_choices_from_the_vocabulary():
    field = lambda model, name: model._meta.get_field(name).choices  # noqa: E731
    assert field(courses.Contact, "channel") == vocabulary.Channel.choices
    assert field(courses.Contact, "made_by") == vocabulary.MadeBy.choices
    assert field(courses.CounsellingTalk, "kind") == vocabulary.CounsellingKind.choices
    assert field(courses.Decision, "outcome") == vocabulary.Outcome.choices
    assert field(courses.Appointment, "status") == vocabulary.AttendanceStatus.choices
    assert courses.Outcome is vocabulary.Outcome


def test_forms_take_their_choices_from_the_vocabulary():
    assert vocabulary.DischargeStatus.choices == plan_forms.DISCHARGE_STATUSES
    assert vocabulary.DischargeOutcome.choices == plan_forms.OUTCOMES
    assert vocabulary.SubstanceGoal.choices == plan_forms.SUBSTANCE_GOALS
    assert dict(vocabulary.LegalTrack.choices) == intake_forms.TRACK_LABELS
    assert vocabulary.Channel.choices == intake_forms.CHANNELS
    assert vocabulary.MadeBy.choices == intake_forms.MADE_BY
    assert vocabulary.Substance.choices == intake_forms.SUBSTANCES
    assert set(intake_forms.COUNSELLING_KINDS) < set(vocabulary.CounsellingKind.values)
    assert vocabulary.AppointmentKind.choices == course_forms.APPOINTMENT_KINDS
    assert dict(vocabulary.AttendanceStatus.choices) == course_forms.ATTENDANCE
    assert vocabulary.StatusMeetingKind.choices == course_forms.MEETING_CHOICES
    assert vocabulary.MedicalKind.choices == course_forms.MEDICAL_CHOICES
    assert vocabulary.CourseEventKind.choices == course_forms.EVENT_CHOICES
    assert citizens.ClientKind.choices == citizen_forms.CLIENT_KINDS
    assert sorted(values(visitation_forms.OUTCOME_CHOICES)) == sorted(vocabulary.Outcome.values)
    assert dict(visitation_forms.OUTCOME_CHOICES) == dict(vocabulary.Outcome.choices)


def test_reports_take_their_lists_from_the_vocabulary():
    assert reporting.TRACKS == vocabulary.TREATMENT_TRACKS
    assert "counselling" not in reporting.TRACKS
    assert set(reporting.SUBSTANCES) <= set(vocabulary.Substance.values)
    assert values(reporting_forms.TRACK_CHOICES)[1:] == list(vocabulary.TREATMENT_TRACKS)
    labels_by_value = dict(vocabulary.Substance.choices)
    assert dict(reporting_forms.SUBSTANCE_CHOICES[1:]) == {
        s: labels_by_value[s] for s in reporting.SUBSTANCES
    }
    with translation.override("da"):
        assert reporting._label(vocabulary.DischargeStatus, "dropped_out") == "Ophørt uden aftale"
        assert reporting._label(vocabulary.DischargeOutcome, "abstinent") == "Stoffri/ædru"
        assert reporting._label(vocabulary.DischargeOutcome, "unknown") == "Ikke registreret"


def test_the_api_enums_equal_the_vocabulary():
    assert list(typing.get_args(schemas.ClientKind)) == citizens.ClientKind.values
    assert list(typing.get_args(schemas.Sex)) == [*citizens.Sex.values, ""]
    assert list(typing.get_args(schemas.Channel)) == vocabulary.Channel.values
    assert list(typing.get_args(schemas.MadeBy)) == vocabulary.MadeBy.values
    assert list(typing.get_args(schemas.Attendance)) == vocabulary.AttendanceStatus.values


# --- one way to translate: every label has a Danish translation ------------------------------


@pytest.mark.parametrize("choices", VOCABULARIES, ids=lambda v: v.__name__)
def test_every_value_has_a_danish_label(choices):
    for value in choices:
        with translation.override("en"):
            english = str(value.label)
        with translation.override("da"):
            danish = str(value.label)
        assert danish, value
        assert danish != english or english in SAME_IN_DANISH, (value, english)


def test_danish_labels_are_the_words_a_treater_knows():
    with translation.override("da"):
        assert str(vocabulary.Outcome.GRANT.label) == "Bevilling"
        assert str(vocabulary.OUTCOME_IN_LETTER[vocabulary.Outcome.GRANT]) == "Bevilget"
        assert str(vocabulary.CounsellingKind.DOCTOR.label) == "Lægesamtale (SUL § 142)"
        assert str(vocabulary.AttendanceStatus.ATTENDED.label) == "Mødt"
        assert str(vocabulary.TreatmentPhase.PRIMARY.label) == "Primærbehandling"
        assert str(vocabulary.AssessmentOccasion.INTAKE.label) == "Indskrivning"
        assert str(citizens.ClientKind.CHILD_OF_USER.label) == "Barn af en bruger"
        assert vocabulary.label_of(vocabulary.DischargeStatus, "completed") == "Færdigbehandlet"
        assert vocabulary.label_of(vocabulary.DischargeStatus, "gone") == "gone"
    with translation.override("en"):
        assert vocabulary.label_of(vocabulary.DischargeStatus, "completed") == (
            "Completed as planned"
        )


def test_the_standard_labels_are_gettext_with_danish_translations():
    """web/labels.py was a Danish-only dictionary; now every label is a msgid."""
    words = [*labels.LABELS.values(), *labels.PER.values(), *labels.WEEKDAY.values()]
    words += [*labels.NTH.values(), *labels.RECURRENCE.values()]
    words += [w for pair in labels.UNIT.values() for w in pair]
    for word in words:
        with translation.override("en"):
            english = str(word)
        with translation.override("da"):
            danish = str(word)
        assert danish != english or english in {"motivation", "online", "ambulant"}, english
    with translation.override("da"):
        assert str(labels.LABELS["cannabis"]) == "hash/cannabis"
        assert str(labels.LABELS["dropped_out"]) == "ophørt uden aftale"
        assert str(labels.LABELS["plan_at_start"]) == "Behandlingsplan ved start"
        assert str(labels.UNIT["month"][1]) == "måneder"
        assert str(labels.RECURRENCE["twice_weekly"]) == "to gange om ugen"
    with translation.override("en"):
        assert str(labels.LABELS["dropped_out"]) == "ended without agreement"


@pytest.mark.parametrize("std_id", SHIPPED)
def test_the_public_document_is_danish_whatever_the_language(shipped, std_id):
    from vendepunkt.documents.standard import render_document_html

    with translation.override("da"):
        danish = render_document_html(shipped[std_id], PINNED_TODAY)
    with translation.override("en"):
        asked_in_english = render_document_html(shipped[std_id], PINNED_TODAY)
    assert asked_in_english == danish


def test_the_decision_letter_says_its_outcome_in_danish():
    assert set(vocabulary.OUTCOME_IN_LETTER) == set(vocabulary.Outcome)
    assert letters.OUTCOME_IN_LETTER is vocabulary.OUTCOME_IN_LETTER


def test_deadline_statuses_are_the_rules_statuses():
    from vendepunkt.rules.deadlines import Status
    from vendepunkt.web.areas.citizens import views as citizen_views
    from vendepunkt.web.areas.course import views as course_views
    from vendepunkt.web.areas.plan import views as plan_views

    assert vocabulary.DeadlineStatus.values == [s.value for s in Status]
    for labels_by_status in (citizen_views.DEADLINE_STATUS, course_views.STATUS, plan_views.STATUS):
        assert labels_by_status == dict(vocabulary.DeadlineStatus.choices)
