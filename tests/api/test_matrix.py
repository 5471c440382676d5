"""Every operation of the OpenAPI schema, called as every role, as a user of another
municipality and anonymously. Who may do what is kept as data (ALLOWED, from the permission
rules in accounts/permissions.py, D15): an allowed role is never refused (401, 403, 404), every
other role is refused with 403 and a problem body, another municipality's user gets 404 for any
record named in the path, and nobody gets in without credentials. An operation added to the API
without a line here fails the test."""

import datetime as dt
import re

import pytest
from django.test import Client as DjangoClient
from django.utils import timezone

from tests.api.conftest import ApiClient
from tests.db.factories import Town, cpr_for, grant_for
from tests.filing_samples import PDF
from vendepunkt.accounts.models import Role
from vendepunkt.api import tokens
from vendepunkt.citizens import services as citizens
from vendepunkt.complaints import services as complaints
from vendepunkt.courses import services as courses
from vendepunkt.filing import services as filing
from vendepunkt.groups import services as groups
from vendepunkt.journal import services as journal
from vendepunkt.providers import services as providers

pytestmark = pytest.mark.django_db

ALL = frozenset(Role.values)
STAFF = frozenset(
    {"treater", "visitation_caseworker", "centre_leader", "doctor", "nurse", "secretary"}
)
COURSE = STAFF  # courses.view_course: course staff (treater in the course's team) and secretaries
CLINICAL = STAFF - {"secretary"}  # courses.view_assessment
CASE = frozenset({"visitation_caseworker", "centre_leader"})
EDIT = CASE | {"treater"}  # edit_plan, apply, record_assessment, discharge, follow-up
ADD_CLIENT = EDIT | {"secretary"}
NOBODY = frozenset()

ALLOWED = {
    "me": ALL,
    "list_tokens": ALL,
    "create_token": NOBODY,  # only from the two-factor session, never with a token
    "revoke_token": NOBODY,  # another user's token: not found for everyone
    "register_citizen": ADD_CLIENT,
    "register_anonymous": ADD_CLIENT,
    "search_clients": STAFF,
    "get_client": STAFF,
    "timeline": STAFF,
    "link_anonymous": CASE,
    "correct_client": ADD_CLIENT,  # citizens.change_client
    "record_notification_check": ADD_CLIENT,
    "get_reminder_consent": STAFF,  # reminders.view_consent
    "record_reminder_consent": ADD_CLIENT,  # reminders.record_consent
    "withdraw_reminder_consent": ADD_CLIENT,  # after the first, 422: nothing to withdraw
    "record_contact": ADD_CLIENT,
    "get_course": COURSE,
    "list_counselling": COURSE,
    "record_counselling": EDIT,
    "list_assessments": CLINICAL,
    "record_assessment": EDIT,
    "list_applications": COURSE,
    "apply": EDIT,
    "decide": CASE,
    "get_decision": COURSE,
    "decision_letter": COURSE,
    "mark_sent": CASE,
    "extend_grant": CASE,
    "record_waiver": CASE,
    "start_treatment": EDIT,
    "get_treatment": COURSE,
    "list_appointments": COURSE,
    "record_appointment": COURSE,
    "set_attendance": COURSE,
    "get_plan": CLINICAL,
    "list_plan_versions": CLINICAL,
    "save_plan": EDIT,
    "review_plan": EDIT,
    "list_stays": COURSE,
    "record_stay": EDIT,
    "record_status_meeting": EDIT,
    "discharge": EDIT,
    "record_follow_up": EDIT,
    "follow_ups_due": EDIT,
    "list_complaints": EDIT | {"secretary"},
    "register_complaint": EDIT | {"secretary"},
    "get_complaint": EDIT,
    "reassess": CASE,
    "forward": CASE,
    "list_providers": ALL - {"auditor"},
    "register_provider": frozenset({"centre_leader", "administrator"}),
    "get_provider": ALL - {"auditor"},
    "get_worklist": ALL - {"auditor", "administrator"},
    "get_caseload": frozenset({"centre_leader"}),
    "get_standard": ALL,
    "standard_findings": frozenset({"centre_leader", "administrator"}),
    "assign_treater": CASE,
    "change_phase": EDIT,
    "change_services": EDIT,
    "record_course_event": EDIT,
    "list_medical": frozenset({"doctor", "nurse"}),
    "record_medical": frozenset({"doctor", "nurse"}),
    "choose_provider": EDIT,
    "record_provider_refusal": EDIT,
    "limit_free_choice": CASE,
    "access_log": frozenset({"centre_leader", "auditor"}),
    "visitation_agenda": EDIT,
    "outreach_eligibility": CLINICAL,
    "record_outreach_assessment": EDIT,  # courses.record_assessment
    "book_doctor_consultation": COURSE,  # courses.record_appointment
    # courses.record_medical; the service then lets only a doctor record it (422 for a nurse)
    "record_doctor_consultation": frozenset({"doctor", "nurse"}),
    "record_sib": EDIT,
    "client_insight": frozenset({"centre_leader"}),
    "get_journal": CLINICAL,  # journal.view_notes: who works on the course, no secretaries
    "write_note": CLINICAL,
    "edit_note": CLINICAL,  # the author edits; others are told so (422)
    "sign_note": CLINICAL,
    "amend_note": CLINICAL,
    # group treatment (issue 13 § 4): groups.view_group / record_attendance are course staff
    # (treaters of the group's team), groups.manage_group case staff and the team's treaters
    "list_groups": CLINICAL,
    "create_group": EDIT,
    "get_group": CLINICAL,
    "add_group_member": EDIT,
    "leave_group": EDIT,
    "plan_group_series": EDIT,
    "add_group_session": EDIT,
    "get_group_session": CLINICAL,
    "cancel_group_session": EDIT,
    "record_group_attendance": CLINICAL,
    "write_group_session_notes": CLINICAL,
    "list_documents": CLINICAL,  # filing.view_documents: the journal's need to know
    "upload_document": CLINICAL,  # filing.add_document
    "download_document": CLINICAL,
    # the calendar (issue 13 § 3): courses.view_calendar / courses.record_appointment
    "calendar_appointments": STAFF,
    "list_rooms": STAFF,
    "book_appointment": COURSE,
    "move_appointment": COURSE,
    "cancel_appointment": COURSE,
    "record_active_contact": COURSE,
    "list_staff": frozenset({"administrator"}),
    "set_staff_role": frozenset({"administrator"}),
}


def today():
    return timezone.localdate()


def iso(days_ago=0):
    return (today() - dt.timedelta(days=days_ago)).isoformat()


class World:
    """One of everything in a Herning municipality, made through the services."""

    def __init__(self):
        town = self.town = Town("herning")
        cw, leader = town.visitation_caseworker, town.centre_leader
        self.client = citizens.register_citizen(
            cw,
            town.municipality,
            cpr=cpr_for(dt.date(1980, 2, 3), seed=7),
            name="Fiktiv Matrix",
            today=today(),
        )
        self.anonymous = citizens.register_anonymous(cw, town.municipality, today=today())
        self.citizen2 = citizens.register_citizen(
            cw,
            town.municipality,
            cpr=cpr_for(dt.date(1981, 2, 3), seed=8),
            name="Fiktiv To",
            today=today(),
        )
        contact = courses.record_contact(
            cw,
            self.client,
            at=timezone.now() - dt.timedelta(days=30),
            channel="phone",
            made_by="self",
            legal_track="SEL-101",
            substances=["drugs"],
            wish_for_treatment=True,
            today=today(),
        )
        self.course = contact.contact_course
        self.application = courses.apply_for_service(
            cw,
            self.course,
            service_id="primaer-doegn",
            applied_on=today() - dt.timedelta(days=25),
            today=today(),
        )
        decided_app = courses.apply_for_service(
            cw,
            self.course,
            service_id="primaer-doegn",
            applied_on=today() - dt.timedelta(days=25),
            today=today(),
        )
        self.decision = courses.decide(
            leader,
            decided_app,
            outcome="grant",
            legal_basis="SEL-101",
            reasons="I målgruppen.",
            decided_on=today() - dt.timedelta(days=24),
            today=today(),
        )
        self.treatment = courses.start_treatment(
            cw,
            self.course,
            team=town.team,
            start_on=today() - dt.timedelta(days=20),
            treater=town.treater,
            today=today(),
        )
        self.appointment = courses.record_appointment(
            cw,
            self.treatment,
            at=timezone.now() - dt.timedelta(days=5),
            kind="individual",
            today=today(),
        )
        self.provider = providers.register_provider(
            leader,
            town.municipality,
            name="Fiktiv Døgn",
            cvr="",
            approved_for=["SEL-101"],
            settings_offered=["residential"],
            public=False,
            on_tilbudsportalen=True,
        )
        grant_for(
            town,
            self.course,
            on=today() - dt.timedelta(days=15),
            setting="residential",
            until=today() - dt.timedelta(days=10),
            today=today(),
        )
        self.stay = courses.record_stay(
            cw,
            self.treatment,
            provider=self.provider,
            start_on=today() - dt.timedelta(days=15),
            end_on=today() - dt.timedelta(days=10),
            # Herning: the assessment before the stay, the economic counselling talk first
            self_payment={
                "assessed_on": (today() - dt.timedelta(days=20)).isoformat(),
                "economic_counselling_on": (today() - dt.timedelta(days=21)).isoformat(),
                "board": "2000",
            },
            today=today(),
        )
        self.complaint = complaints.register_complaint(
            cw,
            self.client,
            kind="social_decision",
            received_on=today() - dt.timedelta(days=3),
            form="written",
            text="Klage.",
            decision=self.decision,
            today=today(),
        )
        courses.save_plan(
            town.treater,
            self.treatment,
            substance_goal="reduce",
            goals=[{"text": "Mål"}],
            methods="",
            responsible=[],
            made_on=today() - dt.timedelta(days=19),
            today=today(),
        )
        self.assessment = courses.record_assessment(
            cw,
            self.course,
            phase="intake",
            assessed_on=today() - dt.timedelta(days=28),
            text="Vurdering.",
            today=today(),
        )
        self.note = journal.write_note(
            town.treater,
            self.client,
            kind="conversation",
            text="Notat.",
            event_at=timezone.now() - dt.timedelta(days=2),
            contact_course=self.course,
            today=today(),
        )
        self.consultation = courses.book_doctor_consultation(
            cw, self.course, at=timezone.now() - dt.timedelta(days=26), today=today()
        )
        self.group = groups.create_group(
            town.treater,
            service_id="hash-stop",
            name="Hash-Stop",
            team=town.team,
            capacity=30,
            intake="continuous",
            starts_on=today() - dt.timedelta(days=7),
            leaders=[town.treater],
            today=today(),
        )
        self.membership = groups.add_member(
            town.treater,
            self.group.pk,
            client=self.client,
            contact_course=self.course,
            joined_on=today() - dt.timedelta(days=7),
            today=today(),
        )
        self.session = groups.add_session(
            town.treater,
            self.group.pk,
            starts_at=timezone.now() - dt.timedelta(hours=2),
            length_minutes=90,
            place="Lokale 1",
            today=today(),
        )
        self.later = groups.add_session(  # to be cancelled
            town.treater,
            self.group.pk,
            starts_at=timezone.now() + dt.timedelta(days=7),
            length_minutes=90,
            place="Lokale 1",
            today=today(),
        )
        self.document = filing.file_document(
            town.treater,
            self.client,
            data=PDF,
            title="Udtalelse",
            kind="received",
            contact_course=self.course,
        )
        self.newcomer = town.user("treater")  # a member of staff for the administration
        someone = town.user("doctor")  # a user none of the role clients is
        self.foreign_token, _ = tokens.create_token(None, someone, name="theirs", days=5)

    def path_ids(self, operation: str) -> dict:
        ids = {
            "client_id": self.client.pk,
            "course_id": self.course.pk,
            "application_id": self.application.pk,
            "decision_id": self.decision.pk,
            "treatment_id": self.treatment.pk,
            "appointment_id": self.appointment.pk,
            "stay_id": self.stay.pk,
            "complaint_id": self.complaint.pk,
            "provider_id": self.provider.pk,
            "token_id": self.foreign_token.pk,
            "assessment_id": self.assessment.pk,
            "user_id": self.newcomer.pk,
            "note_id": self.note.pk,
            "consultation_id": self.consultation.pk,
            "group_id": self.group.pk,
            "membership_id": self.membership.pk,
            "session_id": self.session.pk,
            "document_id": self.document.pk,
        }
        if operation == "cancel_group_session":
            ids["session_id"] = self.later.pk
        if operation == "link_anonymous":
            ids["client_id"] = self.anonymous.pk
        return ids

    def body(self, operation: str, n: int):
        town = self.town
        bodies = {
            "create_token": {"name": "x", "days": 5},
            "register_citizen": {
                "cpr": cpr_for(dt.date(1970, 1, 1), seed=100 + n),
                "name": f"Fiktiv {n}",
            },
            "register_anonymous": {"birth_year": 1990},
            "search_clients": {"name": "Fiktiv"},
            "link_anonymous": {"citizen_id": self.citizen2.pk, "consent": True},
            "correct_client": {"address": f"Prøvevej {n}"},
            "record_notification_check": {"on": iso(0)},
            "record_reminder_consent": {
                "sms": True,
                "phone": "12345678",
                "given_on": iso(0),
                "given_how": "oral",
            },
            "withdraw_reminder_consent": {"on": iso(0)},
            "record_contact": {
                "at": (timezone.now() - dt.timedelta(days=1)).isoformat(),
                "channel": "phone",
                "made_by": "self",
                "legal_track": "SEL-101",
                "substances": ["drugs"],
            },
            "record_counselling": {"kind": "open", "held_on": iso(1)},
            "record_assessment": {"phase": "intake", "assessed_on": iso(1), "text": "Vurdering."},
            "apply": {"service_id": "primaer-doegn", "applied_on": iso(1)},
            "decide": {
                "outcome": "refusal",
                "legal_basis": "SEL-101",
                "reasons": "Nej.",
                "decided_on": iso(1),
            },
            "mark_sent": {"sent_on": iso(0)},
            "extend_grant": {"valid_until": iso(-60), "reasons": "Mere tid.", "decided_on": iso(0)},
            "record_waiver": {"kind": "free_choice", "reason": "Valgt selv.", "on": iso(1)},
            "start_treatment": {"team_id": town.team.pk, "start_on": iso(1)},
            "record_appointment": {
                "at": (timezone.now() + dt.timedelta(days=2)).isoformat(),
                "kind": "individual",
            },
            "set_attendance": {"status": "attended"},
            "book_appointment": {
                "at": (timezone.now() + dt.timedelta(days=3)).isoformat(),
                "kind": "intake",
                "minutes": 30,
                "staff_ids": [town.treater.pk],
                "place": "phone",
                "confirm_overlap": True,
            },
            "move_appointment": {
                "at": (timezone.now() + dt.timedelta(days=4)).isoformat(),
                "minutes": 45,
                "staff_ids": [town.treater.pk],
                "place": "video",
                "confirm_overlap": True,
            },
            "record_active_contact": {"on": iso(0)},
            "save_plan": {
                "substance_goal": "reduce",
                "goals": [{"text": "Mål"}],
                "made_on": iso(1),
            },
            "review_plan": {"on": iso(1)},
            "record_stay": {"provider_id": self.provider.pk, "start_on": iso(9), "end_on": iso(8)},
            "record_status_meeting": {
                "kind": "midway",
                "held_on": iso(12),
                "written_report": False,
            },
            "discharge": {"on": iso(1), "status": "completed", "outcome": "reduced"},
            "record_follow_up": {"subject": "follow_up:1m", "on": iso(0), "reached": False},
            "register_complaint": {
                "kind": "social_decision",
                "received_on": iso(1),
                "form": "oral",
                "text": "Klage.",
            },
            "reassess": {"on": iso(1), "keep_decision": True, "outcome": "Fastholdt."},
            "forward": {"on": iso(0), "citizen_informed_on": iso(0)},
            "assign_treater": {"treater_id": town.treater.pk, "on": iso(1)},
            "change_phase": {"phase": "aftercare", "on": iso(1)},
            "change_services": {"add": [], "end": [], "on": iso(1)},
            "record_course_event": {"kind": "child_welfare_notification", "on": iso(1)},
            "record_medical": {"kind": "screening", "on": iso(1)},
            "choose_provider": {
                "decision_id": self.decision.pk,
                "provider_id": self.provider.pk,
                "on": iso(1),
            },
            "record_provider_refusal": {
                "decision_id": self.decision.pk,
                "provider_id": self.provider.pk,
                "reason": "Ingen ledige pladser.",
                "capacity": True,
                "on": iso(1),
            },
            "limit_free_choice": {
                "decision_id": self.decision.pk,
                "reason": "Hensynet til borgerens psykiske tilstand.",
                "on": iso(1),
            },
            "outreach_eligibility": {"criteria": {}},
            "record_outreach_assessment": {"criteria": {}, "assessed_on": iso(1)},
            "book_doctor_consultation": {
                "at": (timezone.now() + dt.timedelta(days=3)).isoformat(),
            },
            "record_doctor_consultation": {"status": "attended"},
            "write_note": {
                "kind": "conversation",
                "text": "Notat.",
                "event_at": (timezone.now() - dt.timedelta(hours=1)).isoformat(),
            },
            "edit_note": {"text": "Rettet."},
            "create_group": {
                "service_id": "hash-stop",
                "name": f"Gruppe {n}",
                "team_id": town.team.pk,
                "leader_ids": [town.treater.pk],
                "capacity": 8,
                "intake": "continuous",
                "starts_on": iso(0),
            },
            "add_group_member": {
                "client_id": self.client.pk,
                "contact_course_id": self.course.pk,
                "joined_on": iso(0),
            },
            "leave_group": {"left_on": iso(0), "reason": "completed"},
            "plan_group_series": {
                "first_day": iso(-1),
                "weekday": 2,
                "time": "16:00",
                "length_minutes": 90,
                "count": 2,
                "place": "Lokale 1",
            },
            "add_group_session": {
                "starts_at": (timezone.now() + dt.timedelta(days=3)).isoformat(),
                "length_minutes": 60,
                "place": "Lokale 2",
            },
            "cancel_group_session": {"reason": "Sygdom."},
            "record_group_attendance": {
                "marks": [{"membership_id": self.membership.pk, "presence": "present"}]
            },
            "write_group_session_notes": {
                "text": "Godt møde.",
                "participants": [{"membership_id": self.membership.pk, "text": "Deltog."}],
            },
            "amend_note": {"text": "Rettet.", "reason": "Fejl."},
            "record_sib": {"housing": "own_home", "on": iso(1)},
            "set_staff_role": {"role": "treater", "team_ids": [town.team.pk]},
            "register_provider": {
                "name": f"Leverandør {n}",
                "approved_for": ["SEL-101"],
                "settings_offered": ["ambulant"],
                "public": True,
                "on_tilbudsportalen": True,
            },
        }
        return bodies.get(operation)


def operations():
    schema = DjangoClient().get("/api/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            yield op["operationId"], method, path


def call(client, world, operation, method, path, n):
    url = re.sub(r"\{(\w+)\}", lambda m: str(world.path_ids(operation)[m.group(1)]), path)
    extra = {}
    if operation == "save_plan":
        extra["HTTP_IF_MATCH"] = f'"plan-{world.treatment.pk}-v0"'
    body = world.body(operation, n)
    if operation == "upload_document":  # multipart/form-data, not JSON
        from django.core.files.uploadedfile import SimpleUploadedFile

        form = {"file": SimpleUploadedFile("u.pdf", PDF), "kind": "received"}
        return DjangoClient.post(client, url, form, **extra)
    if operation == "calendar_appointments":
        url += f"?from={iso(7)}&to={iso(0)}&staff_id={world.town.treater.pk}"
    if method == "get":
        return client.get(url, **extra)
    if method == "delete":
        return client.delete(url, **extra)
    return getattr(client, method)(url, body or {}, **extra)


def test_the_table_covers_every_operation_of_the_schema(db):
    assert {op for op, _, _ in operations()} == set(ALLOWED)


def test_every_operation_as_every_role_another_municipality_and_anonymously(db):
    world = World()
    other = Town("haderslev")
    clients = {
        role: ApiClient(tokens.create_token(None, getattr(world.town, role), name="m", days=1)[1])
        for role in Role.values
    }
    foreign = ApiClient(tokens.create_token(None, other.visitation_caseworker, name="m", days=1)[1])
    failures = []
    for n, (operation, method, path) in enumerate(sorted(operations())):
        if "{" in path:
            response = call(foreign, world, operation, method, path, n)
            if response.status_code != 404:
                failures.append((operation, "other municipality", response.status_code))
        response = call(DjangoClient(), world, operation, method, path, n)
        if response.status_code != 401:
            failures.append((operation, "anonymous", response.status_code))
        for role, client in clients.items():
            response = call(client, world, operation, method, path, n)
            allowed = role in ALLOWED[operation]
            status = response.status_code
            if allowed and status in (401, 403, 404):
                failures.append((operation, role, status, response.content[:200]))
            if not allowed and status not in (403, 404):
                failures.append((operation, role, status, "should be refused"))
            if status >= 500:
                failures.append((operation, role, status))
            if status >= 400:
                assert response["Content-Type"] == "application/problem+json", (operation, role)
    for failure in failures:
        print(failure)
    _forget_rate_counts()
    assert failures == []


def _forget_rate_counts() -> None:
    """The matrix sends about a hundred requests per token in well under a minute; the next
    tests' tokens get the same ids after the database is reset, so their window would start
    nearly full (a 429 in the middle of another test). Forget this run's counts."""
    import time

    from django.conf import settings
    from django.core.cache import cache

    from vendepunkt.api.models import ApiToken

    window = settings.VENDEPUNKT_API_RATE_WINDOW
    slot = int(time.time() // window)
    for token in ApiToken.objects.all():
        for s in (slot - 1, slot, slot + 1):
            cache.delete(f"vendepunkt-api-rate:token:{token.pk}:{s}")


def test_nobody_changes_their_own_role_or_teams(db):
    """Staff administration in the matrix (issue 10 § 1): `set_staff_role` on one's own id is
    refused for every role, the administrator included, and nothing changes."""
    town = Town("herning")
    for role in Role.values:
        user = getattr(town, role)
        client = ApiClient(tokens.create_token(None, user, name="m", days=1)[1])
        response = client.put(f"/api/staff/{user.pk}", {"role": "centre_leader", "team_ids": []})
        assert response.status_code == 403, role
        assert response["Content-Type"] == "application/problem+json"
        user.refresh_from_db()
        assert user.role == role
