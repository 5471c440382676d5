"""Every service entry point under generated input (issue 10 § 4; D40).

For each public function of the services modules (found by inspecting `vendepunkt.*.services`,
so a new one cannot escape: `test_every_service_entry_point_is_fuzzed_or_exempt_with_a_reason`),
Hypothesis draws the values a user gives (dates from year 1 to 9999, times with every offset and
without one, texts long and short, with NUL characters and lone surrogates, integers beyond the
database's range, lists and dictionaries of them) and calls the service on a small world (a
citizen with a decision, a treatment with an appointment, a stay and a plan, complaints, a
provider). The only outcomes allowed are success or `ServiceError`, `AccessDenied`, `NotFound`;
a refused call writes nothing (the row count of every table of Vendepunkt's own models is the
same after). Each example runs in a savepoint that is rolled back, so examples do not disturb
each other. `today` is the server's date (never a user's input) and is held fixed.

`test_dates_out_of_bounds_are_refused_at_their_field` calls every date parameter with year 1
and year 9999 (and every time with the offsets that leave Python's calendar in UTC) and asserts
the refusal names that field, in Danish and English.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import io
import os
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vendepunkt
from tests.db.factories import Town, cpr_for
from vendepunkt.accounts import services as accounts
from vendepunkt.accounts.access import AccessDenied, NotFound
from vendepunkt.accounts.errors import ServiceError
from vendepunkt.accounts.models import User
from vendepunkt.citizens import services as citizens
from vendepunkt.citizens.models import Client
from vendepunkt.complaints import services as complaints
from vendepunkt.complaints.models import Complaint
from vendepunkt.courses import services as courses
from vendepunkt.courses.models import (
    Application,
    Appointment,
    Assessment,
    ContactCourse,
    Decision,
    DoctorConsultation,
    ResidentialStay,
    Room,
    TreatmentCourse,
)
from vendepunkt.filing import services as filing
from vendepunkt.groups import services as groups
from vendepunkt.journal import services as journal
from vendepunkt.providers import services as providers
from vendepunkt.providers.models import Provider
from vendepunkt.registers import services as registers
from vendepunkt.reminders import services as reminders
from vendepunkt.reporting import services as reporting
from vendepunkt.rights import services as rights
from vendepunkt.rules import bounds
from vendepunkt.rules.kpi import Filters, Period

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
AT = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.UTC)
ALLOWED = (ServiceError, AccessDenied, NotFound)

# --- what a user can send ---------------------------------------------------------------------

LATEST_PLANNED = bounds.latest(bounds.Kind.PLANNED, TODAY)
BOUNDARY_DATES = [
    dt.date.min,
    dt.date.max,
    dt.date(1899, 12, 31),
    dt.date(1900, 1, 1),
    bounds.EARLIEST_EVENT - dt.timedelta(days=1),
    bounds.EARLIEST_EVENT,
    TODAY - dt.timedelta(days=1),
    TODAY,
    TODAY + dt.timedelta(days=1),
    LATEST_PLANNED,
    LATEST_PLANNED + dt.timedelta(days=1),
]
NEAR = st.dates(
    min_value=AT.date() - dt.timedelta(days=40), max_value=TODAY + dt.timedelta(days=40)
)
DATES = st.one_of(st.sampled_from(BOUNDARY_DATES), NEAR, st.dates())


def _tz(hours: int, minutes: int = 0) -> dt.timezone:
    return dt.timezone(dt.timedelta(hours=hours, minutes=minutes))


EXTREME_TIMES = [
    dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.UTC),
    dt.datetime(1, 1, 1, 0, 0, tzinfo=_tz(-23, -59)),
    dt.datetime(1, 1, 1, 0, 0, tzinfo=_tz(23, 59)),
    dt.datetime(1, 1, 1, 0, 0, tzinfo=_tz(1)),
    dt.datetime.max.replace(tzinfo=_tz(-23, -59)),
    dt.datetime.min.replace(tzinfo=dt.UTC),
]
BOUNDARY_TIMES = [
    *EXTREME_TIMES,
    dt.datetime(2026, 11, 10, 10, 0),  # naive
    dt.datetime.combine(TODAY, dt.time(23, 59), tzinfo=_tz(-23, -59)),
    dt.datetime.combine(TODAY, dt.time(0, 1), tzinfo=_tz(14)),
    dt.datetime.combine(LATEST_PLANNED, dt.time(23, 59), tzinfo=dt.UTC),
]
OFFSETS = st.builds(
    dt.timezone,
    st.timedeltas(
        min_value=dt.timedelta(hours=-23, minutes=-59), max_value=dt.timedelta(hours=23, minutes=59)
    ),
)
DATETIMES = st.one_of(
    st.sampled_from(BOUNDARY_TIMES),
    st.builds(
        lambda day, time, tz: dt.datetime.combine(day, time, tzinfo=tz), NEAR, st.times(), OFFSETS
    ),
    st.datetimes(timezones=OFFSETS),
    st.datetimes(),
)
ODD_TEXTS = ["", " ", "x" * 201, "x" * 20_001, "ø" * 100_000, "a\x00b", "\ud800", "-1", "9" * 30]
TEXTS = st.one_of(st.sampled_from(ODD_TEXTS), st.text(max_size=60))
INTS = st.one_of(
    st.sampled_from([-(2**63) - 1, -(2**31), -1, 0, 1, 1900, 2026, 2**15, 2**31, 2**63, 2**70]),
    st.integers(),
)
JSONS = st.recursive(
    st.one_of(st.none(), st.booleans(), INTS, TEXTS),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXTS, inner, max_size=3),
    max_leaves=6,
)
DICTS = st.dictionaries(TEXTS, JSONS, max_size=4)


def _with_valid(strategy, valid):
    strategy.valid = valid  # the value `test_dates_out_of_bounds_…` gives the other parameters
    return strategy


def text_or(*valid: str):
    return _with_valid(st.one_of(st.sampled_from(valid), TEXTS), valid[0])


def int_or(*valid: int):
    return _with_valid(st.one_of(st.sampled_from(valid), INTS), valid[0])


def list_of(strategy, *valid):
    return _with_valid(st.one_of(st.just(list(valid)), st.lists(strategy, max_size=4)), list(valid))


def just_or(valid, strategy):
    return _with_valid(st.one_of(st.just(valid), strategy), valid)


# --- the world --------------------------------------------------------------------------------


@dataclass
class World:
    town: Town
    ids: dict[str, int] = field(default_factory=dict)

    def __getattr__(self, role: str) -> User:
        return getattr(self.__dict__["town"], role)

    @property
    def municipality(self):
        return self.town.municipality

    def get(self, model, key: str):
        return model.objects.get(pk=self.ids[key])


def build_world() -> World:
    town = Town("haderslev")
    w = World(town)

    def citizen(seed, birth=dt.date(2000, 1, 5)):
        return citizens.register_citizen(
            town.treater, town.municipality, cpr=cpr_for(birth, seed=seed), name="Test", today=TODAY
        )

    def contact(client):
        return courses.record_contact(
            town.treater,
            client,
            at=AT,
            channel="phone",
            made_by="self",
            legal_track="SEL-101",
            substances=["cannabis"],
            main_substance="cannabis",
            wish_for_treatment=True,
            today=TODAY,
        ).contact_course

    def grant(course):
        application = courses.apply_for_service(
            town.treater, course, service_id="move", applied_on=AT.date(), today=TODAY
        )
        return courses.decide(
            town.centre_leader,
            application,
            outcome="grant",
            legal_basis="SEL-101",
            reasons="I målgruppen.",
            decided_on=AT.date() + dt.timedelta(days=3),
            today=TODAY,
        )

    def treat(course, decision):
        return courses.start_treatment(
            town.treater,
            course,
            team=town.team,
            start_on=AT.date() + dt.timedelta(days=7),
            treater=town.treater,
            decision=decision,
            today=TODAY,
        )

    provider = providers.register_provider(
        town.centre_leader,
        town.municipality,
        name="Privat Behandling ApS",
        cvr="12345678",
        approved_for=["SEL-101"],
        settings_offered=["ambulant", "day", "residential"],
        public=False,
        on_tilbudsportalen=True,
    )
    client = citizen(1)
    course = contact(client)
    decision = grant(course)
    courses.mark_decision_sent(
        town.centre_leader, decision, sent_on=decision.decided_on, today=TODAY
    )
    pending = courses.apply_for_service(
        town.treater, course, service_id="move", applied_on=AT.date(), today=TODAY
    )
    assessment = courses.record_assessment(
        town.treater, course, phase="intake", assessed_on=AT.date(), text="Udredning", today=TODAY
    )
    treatment = treat(course, decision)
    courses.save_plan(
        town.treater,
        treatment,
        substance_goal="stop",
        goals=[{"text": "Stop", "horizon": "short"}],
        methods="MOVE",
        responsible=[],
        made_on=treatment.start_on,
        today=TODAY,
    )
    appointment = courses.record_appointment(
        town.treater, treatment, at=AT + dt.timedelta(days=10), kind="individual", today=TODAY
    )
    courses.decide(
        town.centre_leader,
        courses.apply_for_service(
            town.treater,
            course,
            service_id="ekstern-doegnbehandling",
            applied_on=AT.date(),
            today=TODAY,
        ),
        outcome="grant",
        legal_basis="SEL-101",
        reasons="Døgnbehandling (syntetisk).",
        decided_on=AT.date() + dt.timedelta(days=3),
        valid_from=treatment.start_on,
        today=TODAY,
    )
    stay = courses.record_stay(
        town.treater,
        treatment,
        provider=provider,
        start_on=treatment.start_on,
        end_on=treatment.start_on + dt.timedelta(days=30),
        service_id="ekstern-doegnbehandling",
        today=TODAY,
    )
    complaint = complaints.register_complaint(
        town.secretary,
        client,
        kind="social_decision",
        received_on=decision.decided_on + dt.timedelta(days=2),
        form="written",
        text="Uenig",
        decision=decision,
        today=TODAY,
    )
    kept = complaints.register_complaint(
        town.secretary,
        client,
        kind="social_decision",
        received_on=decision.decided_on + dt.timedelta(days=2),
        form="oral",
        text="Uenig igen",
        decision=decision,
        today=TODAY,
    )
    complaints.reassess(
        town.visitation_caseworker,
        kept,
        on=TODAY,
        keep_decision=True,
        outcome="Fastholdt",
        today=TODAY,
    )
    # A second citizen, discharged (follow-ups), and an anonymous client (linking).
    other = citizen(2)
    other_course = contact(other)
    ended = treat(other_course, grant(other_course))
    courses.discharge(
        town.treater,
        ended,
        on=TODAY - dt.timedelta(days=1),
        status="completed",
        outcome="abstinent",
        today=TODAY,
    )
    anonymous = citizens.register_anonymous(town.treater, town.municipality, today=TODAY)
    staff = town.user("secretary")
    consultation = courses.book_doctor_consultation(
        town.treater, course, at=AT - dt.timedelta(days=1), today=TODAY
    )
    note = journal.write_note(
        town.treater, client, kind="conversation", text="Notat", event_at=AT, today=TODAY
    )
    group = groups.create_group(
        town.treater,
        service_id="motivationsgruppe",
        name="Gruppe",
        team=town.team,
        capacity=10,
        intake="continuous",
        starts_on=TODAY - dt.timedelta(days=7),
        leaders=[town.treater],
        today=TODAY,
    )
    membership = groups.add_member(
        town.treater,
        group.pk,
        client=client,
        contact_course=course,
        joined_on=TODAY - dt.timedelta(days=7),
        today=TODAY,
    )
    session = groups.add_session(
        town.treater,
        group.pk,
        starts_at=timezone.now() - dt.timedelta(hours=1),
        length_minutes=90,
        place="Lokale",
        today=timezone.localdate(),
    )
    room = courses.add_room(town.centre_leader, town.centre, name="Samtalerum 1")
    w.ids = {
        "group": group.pk,
        "membership": membership.pk,
        "group_session": session.pk,
        "other_course": other_course.pk,
        "room": room.pk,
        "note": note.pk,
        "provider": provider.pk,
        "client": client.pk,
        "course": course.pk,
        "decision": decision.pk,
        "pending": pending.pk,
        "assessment": assessment.pk,
        "treatment": treatment.pk,
        "appointment": appointment.pk,
        "stay": stay.pk,
        "complaint": complaint.pk,
        "kept": kept.pk,
        "ended": ended.pk,
        "other": other.pk,
        "anonymous": anonymous.pk,
        "staff": staff.pk,
        "consultation": consultation.pk,
    }
    return w


@pytest.fixture
def world():
    return build_world()


# --- the entry points -------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipe:
    """How to call one entry point: `call(world, values)` with the drawn `values`, and the
    strategy of each value a user gives. `dates`/`times` name the date and time parameters."""

    call: Callable[[World, dict], object]
    values: dict[str, st.SearchStrategy]

    @property
    def dates(self) -> list[str]:
        return [k for k, v in self.values.items() if v is DATES or v is OPT_DATES]

    @property
    def times(self) -> list[str]:
        return [k for k, v in self.values.items() if v is DATETIMES]


OPT_DATES = st.one_of(st.none(), DATES)
BOOLS = st.booleans()


def _files():
    from tests import filing_samples as f

    samples = [f.PDF, f.PNG, f.JPEG, f.HTML, f.EXE, f.TEXT, b"", f.docx(), f.plain_zip()]
    return st.one_of(
        st.sampled_from(samples),
        st.binary(max_size=200),
        st.builds(lambda head, tail: head + tail, st.sampled_from(samples), st.binary(max_size=64)),
    )


FILES = _files()
OPT_BOOLS = st.one_of(st.none(), st.booleans())


def _period(v):
    """The period as given, also one that ends before it begins (the service's own bounds are
    under test, not the `Period` constructor's)."""
    period = object.__new__(Period)
    object.__setattr__(period, "start", v["start"])
    object.__setattr__(period, "end", v["end"])
    return period


RECIPES: dict[str, Recipe] = {
    # accounts
    "accounts.get_staff": Recipe(
        lambda w, v: accounts.get_staff(w.administrator, v["user_id"]),
        {"user_id": INTS},
    ),
    "accounts.set_role_and_teams": Recipe(
        lambda w, v: accounts.set_role_and_teams(
            w.administrator, w.get(User, "staff"), role=v["role"], teams=[w.town.team]
        ),
        {"role": text_or("treater", "secretary", "auditor")},
    ),
    # citizens
    "citizens.register_citizen": Recipe(
        lambda w, v: citizens.register_citizen(
            w.treater,
            w.municipality,
            cpr=v["cpr"],
            name=v["name"],
            home_municipality=v["home_municipality"],
            children_under_18=v["children_under_18"],
            client_kind=v["client_kind"],
            today=TODAY,
        ),
        {
            "cpr": text_or(
                cpr_for(dt.date(1985, 3, 4), seed=9),
                "010100-1234",  # 1900 (the 7th digit 1)
                "311299-4999",  # 1999
                "010158-5999",  # 1858: before 1900
                "311224-4000",  # 2024, in the past
            ),
            "name": text_or("Fiktiv Person"),
            "home_municipality": text_or("", "Vejle"),
            "children_under_18": st.one_of(st.none(), INTS),
            "client_kind": text_or("citizen", "relative"),
        },
    ),
    "citizens.register_anonymous": Recipe(
        lambda w, v: citizens.register_anonymous(
            w.treater,
            w.municipality,
            birth_year=v["birth_year"],
            sex=v["sex"],
            client_kind=v["client_kind"],
            today=TODAY,
        ),
        {
            "birth_year": st.one_of(st.none(), int_or(1905, 1906, 1990, 2026, 2027)),
            "sex": text_or("", "female", "male"),
            "client_kind": text_or("citizen", "relative"),
        },
    ),
    "citizens.find_by_cpr": Recipe(
        lambda w, v: citizens.find_by_cpr(
            w.treater, w.municipality, v["cpr"], today=TODAY, purpose="fuzz"
        ),
        {"cpr": text_or(cpr_for(dt.date(2000, 1, 5), seed=1))},
    ),
    "citizens.get_client": Recipe(
        lambda w, v: citizens.get_client(w.treater, v["client_id"], purpose="fuzz"),
        {"client_id": INTS},
    ),
    "citizens.link_anonymous": Recipe(
        lambda w, v: citizens.link_anonymous(
            w.visitation_caseworker,
            w.get(Client, "anonymous"),
            w.get(Client, "client"),
            consent=v["consent"],
            today=TODAY,
        ),
        {"consent": BOOLS},
    ),
    "courses.book_doctor_consultation": Recipe(
        lambda w, v: courses.book_doctor_consultation(
            w.treater, w.get(ContactCourse, "course"), at=v["at"], today=TODAY
        ),
        {"at": DATETIMES},
    ),
    "courses.record_doctor_consultation": Recipe(
        lambda w, v: courses.record_doctor_consultation(
            w.doctor, w.get(DoctorConsultation, "consultation"), status=v["status"], today=TODAY
        ),
        {"status": text_or("attended", "no_show", "cancelled")},
    ),
    "courses.record_outreach_assessment": Recipe(
        lambda w, v: courses.record_outreach_assessment(
            w.treater,
            w.get(Assessment, "assessment"),
            criteria={"intense-mixed-use": v["mixed"]},
            assessed_on=v["assessed_on"],
            today=TODAY,
        ),
        {"mixed": BOOLS, "assessed_on": DATES},
    ),
    "citizens.correct_client": Recipe(
        lambda w, v: citizens.correct_client(
            w.treater,
            w.get(Client, "client"),
            name=v["name"],
            address=v["address"],
            home_municipality=v["home_municipality"],
            children_under_18=v["children_under_18"],
            pregnant=v["pregnant"],
            today=TODAY,
        ),
        {
            "name": text_or("Fiktiv Person"),
            "address": text_or("", "Prøvevej 1"),
            "home_municipality": text_or("", "Vejle"),
            "children_under_18": st.one_of(st.none(), INTS),
            "pregnant": OPT_BOOLS,
        },
    ),
    "citizens.record_notification_check": Recipe(
        lambda w, v: citizens.record_notification_check(
            w.treater, w.get(Client, "client"), on=v["on"], today=TODAY
        ),
        {"on": DATES},
    ),
    # complaints
    "complaints.register_complaint": Recipe(
        lambda w, v: complaints.register_complaint(
            w.secretary,
            w.get(Client, "client"),
            kind=v["kind"],
            received_on=v["received_on"],
            form=v["form"],
            text=v["text"],
            representative=v["representative"],
            power_of_attorney=v["power_of_attorney"],
            today=TODAY,
        ),
        {
            "kind": text_or("social_decision", "medical_treatment"),
            "received_on": DATES,
            "form": text_or("oral", "written"),
            "text": text_or("Klage"),
            "representative": text_or("", "Advokat"),
            "power_of_attorney": BOOLS,
        },
    ),
    "complaints.reassess": Recipe(
        lambda w, v: complaints.reassess(
            w.visitation_caseworker,
            w.get(Complaint, "complaint"),
            on=v["on"],
            keep_decision=v["keep_decision"],
            outcome=v["outcome"],
            today=TODAY,
        ),
        {"on": DATES, "keep_decision": BOOLS, "outcome": text_or("Fastholdt")},
    ),
    "complaints.forward": Recipe(
        lambda w, v: complaints.forward(
            w.visitation_caseworker,
            w.get(Complaint, "kept"),
            on=v["on"],
            citizen_informed_on=v["citizen_informed_on"],
            today=TODAY,
        ),
        {"on": DATES, "citizen_informed_on": DATES},
    ),
    "complaints.view_complaint": Recipe(
        lambda w, v: complaints.view_complaint(w.visitation_caseworker, v["id"], purpose="fuzz"),
        {"id": INTS},
    ),
    # courses
    "courses.record_contact": Recipe(
        lambda w, v: courses.record_contact(
            w.treater,
            w.get(Client, "client"),
            at=v["at"],
            channel=v["channel"],
            made_by=v["made_by"],
            legal_track=v["legal_track"],
            substances=v["substances"],
            main_substance=v["main_substance"],
            note=v["note"],
            today=TODAY,
        ),
        {
            "at": DATETIMES,
            "channel": text_or("phone", "mail"),
            "made_by": text_or("self"),
            "legal_track": text_or("SEL-101", "SUL-141", "counselling"),
            "substances": list_of(TEXTS, "alcohol"),
            "main_substance": text_or("", "alcohol"),
            "note": text_or(""),
        },
    ),
    "courses.get_course": Recipe(
        lambda w, v: courses.get_course(w.treater, v["id"], purpose="fuzz"), {"id": INTS}
    ),
    "courses.record_counselling": Recipe(
        lambda w, v: courses.record_counselling(
            w.treater,
            w.get(ContactCourse, "course"),
            kind=v["kind"],
            held_on=v["held_on"],
            today=TODAY,
        ),
        {"kind": text_or("open", "doctor"), "held_on": DATES},
    ),
    "courses.record_assessment": Recipe(
        lambda w, v: courses.record_assessment(
            w.treater,
            w.get(ContactCourse, "course"),
            phase=v["phase"],
            assessed_on=v["assessed_on"],
            text=v["text"],
            load_degree=v["load_degree"],
            answers=v["answers"],
            today=TODAY,
        ),
        {
            "phase": text_or("intake", "plan_review"),
            "assessed_on": DATES,
            "text": text_or("Udredning"),
            "load_degree": text_or("", "high"),
            "answers": just_or({}, DICTS),
        },
    ),
    "courses.view_assessments": Recipe(
        lambda w, v: courses.view_assessments(
            w.treater, w.get(ContactCourse, "course"), purpose=v["purpose"]
        ),
        {"purpose": text_or("fuzz")},
    ),
    "courses.apply_for_service": Recipe(
        lambda w, v: courses.apply_for_service(
            w.treater,
            w.get(ContactCourse, "course"),
            service_id=v["service_id"],
            applied_on=v["applied_on"],
            note=v["note"],
            today=TODAY,
        ),
        {"service_id": text_or("move"), "applied_on": DATES, "note": text_or("")},
    ),
    "courses.decide": Recipe(
        lambda w, v: courses.decide(
            w.centre_leader,
            w.get(Application, "pending"),
            outcome=v["outcome"],
            legal_basis=v["legal_basis"],
            reasons=v["reasons"],
            decided_on=v["decided_on"],
            intensity=v["intensity"],
            valid_from=v["valid_from"],
            valid_until=v["valid_until"],
            today=TODAY,
        ),
        {
            "outcome": text_or("grant", "refusal"),
            "legal_basis": text_or("SEL-101"),
            "reasons": text_or("Begrundelse"),
            "decided_on": DATES,
            "intensity": text_or(""),
            "valid_from": OPT_DATES,
            "valid_until": OPT_DATES,
        },
    ),
    "courses.extend_grant": Recipe(
        lambda w, v: courses.extend_grant(
            w.centre_leader,
            w.get(Decision, "decision"),
            valid_until=v["valid_until"],
            reasons=v["reasons"],
            decided_on=v["decided_on"],
            today=TODAY,
        ),
        {"valid_until": DATES, "reasons": TEXTS, "decided_on": DATES},
    ),
    "courses.mark_decision_sent": Recipe(
        lambda w, v: courses.mark_decision_sent(
            w.centre_leader, w.get(Decision, "decision"), sent_on=v["sent_on"], today=TODAY
        ),
        {"sent_on": DATES},
    ),
    "courses.record_waiver": Recipe(
        lambda w, v: courses.record_waiver(
            w.visitation_caseworker,
            w.get(ContactCourse, "course"),
            kind=v["kind"],
            reason=v["reason"],
            on=v["on"],
            today=TODAY,
        ),
        {
            "kind": text_or("citizen_declined", "free_choice"),
            "reason": text_or("Fordi"),
            "on": DATES,
        },
    ),
    "courses.start_treatment": Recipe(
        lambda w, v: courses.start_treatment(
            w.treater,
            w.get(ContactCourse, "course"),
            team=w.town.team,
            start_on=v["start_on"],
            today=TODAY,
        ),
        {"start_on": DATES},
    ),
    "courses.assign_treater": Recipe(
        lambda w, v: courses.assign_treater(
            w.visitation_caseworker,
            w.get(TreatmentCourse, "treatment"),
            treater=w.treater,
            on=v["on"],
            today=TODAY,
        ),
        {"on": DATES},
    ),
    "courses.change_services": Recipe(
        lambda w, v: courses.change_services(
            w.treater,
            w.get(TreatmentCourse, "treatment"),
            add=v["add"],
            end=v["end"],
            on=v["on"],
            today=TODAY,
        ),
        {"add": list_of(TEXTS, "move"), "end": list_of(TEXTS), "on": DATES},
    ),
    # group treatment
    "groups.create_group": Recipe(
        lambda w, v: groups.create_group(
            w.treater,
            service_id=v["service_id"],
            name=v["name"],
            team=w.town.team,
            capacity=v["capacity"],
            intake=v["intake"],
            starts_on=v["starts_on"],
            ends_on=v["ends_on"],
            leaders=[w.treater],
            today=TODAY,
        ),
        {
            "service_id": text_or("motivationsgruppe", "individuelle-samtaler"),
            "name": text_or("Gruppe"),
            "capacity": int_or(8),
            "intake": text_or("continuous", "fixed"),
            "starts_on": DATES,
            "ends_on": OPT_DATES,
        },
    ),
    "groups.add_member": Recipe(
        lambda w, v: groups.add_member(
            w.treater,
            w.ids["group"],
            client=w.get(Client, "other"),
            contact_course=w.get(ContactCourse, "other_course"),
            joined_on=v["joined_on"],
            today=TODAY,
        ),
        {"joined_on": DATES},
    ),
    "groups.end_membership": Recipe(
        lambda w, v: groups.end_membership(
            w.treater,
            w.ids["membership"],
            left_on=v["left_on"],
            reason=v["reason"],
            note=v["note"],
            today=TODAY,
        ),
        {"left_on": DATES, "reason": text_or("completed", "other"), "note": TEXTS},
    ),
    "groups.plan_series": Recipe(
        lambda w, v: groups.plan_series(
            w.treater,
            w.ids["group"],
            first_day=v["first_day"],
            weekday=v["weekday"],
            at=v["at"],
            length_minutes=v["length_minutes"],
            count=v["count"],
            place=v["place"],
            today=TODAY,
        ),
        {
            "first_day": DATES,
            "weekday": int_or(2),
            "at": just_or(dt.time(16), st.times()),
            "length_minutes": int_or(90),
            "count": int_or(4),
            "place": text_or("Lokale"),
        },
    ),
    "groups.add_session": Recipe(
        lambda w, v: groups.add_session(
            w.treater,
            w.ids["group"],
            starts_at=v["starts_at"],
            length_minutes=v["length_minutes"],
            place=v["place"],
            today=TODAY,
        ),
        {"starts_at": DATETIMES, "length_minutes": int_or(90), "place": text_or("Lokale")},
    ),
    "groups.cancel_session": Recipe(
        lambda w, v: groups.cancel_session(w.treater, w.ids["group_session"], reason=v["reason"]),
        {"reason": text_or("Sygdom")},
    ),
    "groups.record_attendance": Recipe(
        lambda w, v: groups.record_attendance(
            w.treater, w.ids["group_session"], marks={w.ids["membership"]: v["presence"]}
        ),
        {"presence": text_or("present", "absent_notice", "absent_no_notice")},
    ),
    "groups.write_session_note": Recipe(
        lambda w, v: groups.write_session_note(
            w.treater,
            w.ids["group_session"],
            text=v["text"],
            participant_notes={w.ids["membership"]: v["note"]},
            sign=v["sign"],
            today=TODAY,
        ),
        {"text": TEXTS, "note": TEXTS, "sign": BOOLS},
    ),
    # reminders (issue 13 § 3)
    "reminders.record_consent": Recipe(
        lambda w, v: reminders.record_consent(
            w.treater,
            w.get(Client, "client"),
            sms=v["sms"],
            email=v["email"],
            phone=v["phone"],
            email_address=v["email_address"],
            given_on=v["given_on"],
            given_how=v["given_how"],
            today=TODAY,
        ),
        {
            "sms": BOOLS,
            "email": BOOLS,
            "phone": text_or("12345678", "+4512345678", ""),
            "email_address": text_or("borger@example.org", ""),
            "given_on": DATES,
            "given_how": text_or("oral", "written", "own_pages"),
        },
    ),
    "reminders.withdraw_consent": Recipe(
        lambda w, v: reminders.withdraw_consent(
            w.treater, w.get(Client, "client"), on=v["on"], today=TODAY
        ),
        {"on": DATES},
    ),
    # the journal
    "journal.write_note": Recipe(
        lambda w, v: journal.write_note(
            w.treater,
            w.get(Client, "client"),
            kind=v["kind"],
            text=v["text"],
            event_at=v["event_at"],
            medical=v["medical"],
            confidential=v["confidential"],
            today=TODAY,
        ),
        {
            "kind": text_or("conversation", "phone"),
            "text": TEXTS,
            "event_at": DATETIMES,
            "medical": st.booleans(),
            "confidential": st.booleans(),
        },
    ),
    "journal.edit_note": Recipe(
        lambda w, v: journal.edit_note(w.treater, w.ids["note"], text=v["text"]),
        {"text": TEXTS},
    ),
    "journal.amend_note": Recipe(
        lambda w, v: journal.amend_note(
            w.visitation_caseworker, w.ids["note"], text=v["text"], reason=v["reason"]
        ),
        {"text": TEXTS, "reason": TEXTS},
    ),
    # documents
    "filing.file_document": Recipe(
        lambda w, v: filing.file_document(
            w.treater,
            w.get(Client, "client"),
            data=v["data"],
            title=v["title"],
            kind=v["kind"],
            original_name=v["original_name"],
            contact_course=w.get(ContactCourse, "course") if v["on_course"] else None,
            medical=v["medical"],
        ),
        {
            "data": FILES,
            "title": TEXTS,
            "kind": text_or("received", "consent"),
            "original_name": TEXTS,
            "on_course": BOOLS,
            "medical": BOOLS,
        },
    ),
    "filing.check_content": Recipe(lambda w, v: filing.check_content(v["data"]), {"data": FILES}),
    "filing.safe_name": Recipe(lambda w, v: filing.safe_name(v["name"]), {"name": TEXTS}),
    "courses.record_appointment": Recipe(
        lambda w, v: courses.record_appointment(
            w.treater,
            w.get(TreatmentCourse, "treatment"),
            at=v["at"],
            kind=v["kind"],
            status=v["status"],
            today=TODAY,
        ),
        {"at": DATETIMES, "kind": text_or("individual"), "status": text_or("planned", "attended")},
    ),
    # the calendar (issue 13 § 3)
    "courses.book_appointment": Recipe(
        lambda w, v: courses.book_appointment(
            w.secretary,
            w.get(ContactCourse, "course"),
            at=v["at"],
            kind=v["kind"],
            minutes=v["minutes"],
            staff=[w.treater],
            place=v["place"],
            room=w.get(Room, "room") if v["place"] == "room" else None,
            location=v["location"],
            confirm_overlap=v["confirm"],
            today=TODAY,
        ),
        {
            "at": DATETIMES,
            "kind": text_or("intake", "individual", "doctor"),
            "minutes": int_or(45, 5, 480, 481),
            "place": text_or("room", "phone", "outreach", "video"),
            "location": text_or("", "Værestedet"),
            "confirm": BOOLS,
        },
    ),
    "courses.move_appointment": Recipe(
        lambda w, v: courses.move_appointment(
            w.secretary,
            w.get(Appointment, "appointment"),
            at=v["at"],
            minutes=v["minutes"],
            place=v["place"],
            room=w.get(Room, "room") if v["place"] == "room" else None,
            location=v["location"],
            confirm_overlap=v["confirm"],
            today=TODAY,
        ),
        {
            "at": DATETIMES,
            "minutes": int_or(45, 0),
            "place": text_or("room", "phone", "outreach"),
            "location": text_or("", "Værestedet"),
            "confirm": BOOLS,
        },
    ),
    "courses.record_attendance": Recipe(
        lambda w, v: courses.record_attendance(
            w.treater, w.get(Appointment, "appointment"), status=v["status"], today=TODAY
        ),
        {"status": text_or("attended", "no_show", "planned")},
    ),
    "courses.record_active_contact": Recipe(
        lambda w, v: courses.record_active_contact(
            w.treater, w.get(Appointment, "appointment"), on=v["on"], today=TODAY
        ),
        {"on": DATES},
    ),
    "courses.add_room": Recipe(
        lambda w, v: courses.add_room(w.centre_leader, w.town.centre, name=v["name"]),
        {"name": text_or("Samtalerum 2", "Samtalerum 1")},
    ),
    "courses.set_attendance": Recipe(
        lambda w, v: courses.set_attendance(
            w.treater,
            w.get(Appointment, "appointment"),
            status=v["status"],
            gift_voucher=v["gift_voucher"],
            today=TODAY,
        ),
        {"status": text_or("attended", "no_show"), "gift_voucher": OPT_BOOLS},
    ),
    "courses.record_medical": Recipe(
        lambda w, v: courses.record_medical(
            w.doctor,
            w.get(TreatmentCourse, "treatment"),
            kind=v["kind"],
            on=v["on"],
            details=v["details"],
            today=TODAY,
        ),
        {
            "kind": text_or("screening", "substitution"),
            "on": DATES,
            "details": just_or(
                {"product": "methadone", "prescriber_authorisation": "AB123"}, DICTS
            ),
        },
    ),
    "courses.view_medical": Recipe(
        lambda w, v: courses.view_medical(
            w.doctor, w.get(TreatmentCourse, "treatment"), purpose=v["purpose"]
        ),
        {"purpose": text_or("fuzz")},
    ),
    "courses.record_stay": Recipe(
        lambda w, v: courses.record_stay(
            w.treater,
            w.get(TreatmentCourse, "treatment"),
            provider=w.get(Provider, "provider"),
            start_on=v["start_on"],
            end_on=v["end_on"],
            self_payment=v["self_payment"],
            kind=v["kind"],
            service_id=v["service_id"],
            today=TODAY,
        ),
        {
            "start_on": DATES,
            "end_on": DATES,
            "self_payment": st.one_of(
                st.none(),
                DICTS,
                st.fixed_dictionaries(
                    {"board": text_or("2000", "-1", "1e400"), "assessed_on": text_or("2026-11-20")}
                ),
            ),
            "kind": text_or("treatment", "detoxification", "crisis"),
            "service_id": text_or("ekstern-doegnbehandling", "kort-afgiftning-doegn", ""),
        },
    ),
    "courses.record_status_meeting": Recipe(
        lambda w, v: courses.record_status_meeting(
            w.treater,
            w.get(ResidentialStay, "stay"),
            kind=v["kind"],
            held_on=v["held_on"],
            written_report=v["written_report"],
            today=TODAY,
        ),
        {"kind": text_or("before", "final"), "held_on": DATES, "written_report": BOOLS},
    ),
    "courses.record_course_event": Recipe(
        lambda w, v: courses.record_course_event(
            w.treater,
            w.get(TreatmentCourse, "treatment"),
            kind=v["kind"],
            on=v["on"],
            details=v["details"],
            today=TODAY,
        ),
        {
            "kind": text_or("region_handover", "child_welfare_notification"),
            "on": DATES,
            "details": just_or({}, DICTS),
        },
    ),
    "courses.save_plan": Recipe(
        lambda w, v: courses.save_plan(
            w.treater,
            w.get(TreatmentCourse, "treatment"),
            substance_goal=v["substance_goal"],
            goals=v["goals"],
            methods=v["methods"],
            responsible=v["responsible"],
            made_on=v["made_on"],
            agreed_until=v["agreed_until"],
            signed_on=v["signed_on"],
            expected_version=v["expected_version"],
            today=TODAY,
        ),
        {
            "substance_goal": text_or("stop", "reduce"),
            "goals": just_or([{"text": "Mål", "horizon": "short"}], st.lists(DICTS, max_size=3)),
            "methods": text_or("Samtaler"),
            "responsible": just_or([], st.lists(DICTS, max_size=3)),
            "made_on": DATES,
            "agreed_until": OPT_DATES,
            "signed_on": OPT_DATES,
            "expected_version": st.one_of(st.none(), int_or(1)),
        },
    ),
    "courses.review_plan": Recipe(
        lambda w, v: courses.review_plan(
            w.treater, w.get(TreatmentCourse, "treatment"), on=v["on"], note=v["note"], today=TODAY
        ),
        {"on": DATES, "note": text_or("")},
    ),
    "courses.discharge": Recipe(
        lambda w, v: courses.discharge(
            w.treater,
            w.get(TreatmentCourse, "treatment"),
            on=v["on"],
            status=v["status"],
            outcome=v["outcome"],
            today=TODAY,
            cancel_future_appointments=v["cancel"],
            end_stays=v["end_stays"],
        ),
        {
            "on": DATES,
            "status": text_or("completed", "dropped_out"),
            "outcome": text_or("abstinent", "reduced"),
            "cancel": BOOLS,
            "end_stays": BOOLS,
        },
    ),
    "courses.record_follow_up": Recipe(
        lambda w, v: courses.record_follow_up(
            w.treater,
            w.get(TreatmentCourse, "ended"),
            subject=v["subject"],
            on=v["on"],
            reached=v["reached"],
            result=v["result"],
            today=TODAY,
        ),
        {
            "subject": text_or("follow_up:1m"),
            "on": DATES,
            "reached": BOOLS,
            "result": text_or("Godt"),
        },
    ),
    "courses.choose_provider": Recipe(
        lambda w, v: courses.choose_provider(
            w.treater,
            w.get(ContactCourse, "course"),
            w.get(Decision, "decision"),
            w.get(Provider, "provider"),
            on=v["on"],
            today=TODAY,
        ),
        {"on": DATES},
    ),
    "courses.outreach_eligibility": Recipe(
        lambda w, v: courses.outreach_eligibility(
            w.treater, w.get(Assessment, "assessment"), criteria=v["criteria"], purpose="fuzz"
        ),
        {"criteria": st.dictionaries(TEXTS, BOOLS, max_size=3)},
    ),
    "courses.record_sib": Recipe(
        lambda w, v: courses.record_sib(
            w.treater,
            w.get(TreatmentCourse, "treatment"),
            values=v["values"],
            on=v["on"],
            today=TODAY,
        ),
        {
            "values": just_or({"housing": "own_home"}, st.dictionaries(TEXTS, TEXTS, max_size=3)),
            "on": DATES,
        },
    ),
    "courses.change_phase": Recipe(
        lambda w, v: courses.change_phase(
            w.treater,
            w.get(TreatmentCourse, "treatment"),
            phase=v["phase"],
            on=v["on"],
            today=TODAY,
        ),
        {"phase": text_or("aftercare", "primary"), "on": DATES},
    ),
    # providers
    "providers.register_provider": Recipe(
        lambda w, v: providers.register_provider(
            w.centre_leader,
            w.municipality,
            name=v["name"],
            cvr=v["cvr"],
            approved_for=v["approved_for"],
            settings_offered=v["settings_offered"],
            public=v["public"],
            on_tilbudsportalen=v["on_tilbudsportalen"],
            capacity=v["capacity"],
        ),
        {
            "name": text_or("Ny Leverandør"),
            "cvr": text_or("", "87654321"),
            "approved_for": list_of(TEXTS, "SEL-101"),
            "settings_offered": list_of(TEXTS, "ambulant"),
            "public": BOOLS,
            "on_tilbudsportalen": BOOLS,
            "capacity": st.one_of(st.none(), INTS),
        },
    ),
    "providers.record_provider_refusal": Recipe(
        lambda w, v: providers.record_provider_refusal(
            w.treater,
            w.get(Decision, "decision"),
            w.get(Provider, "provider"),
            reason=v["reason"],
            capacity=v["capacity"],
            on=v["on"],
            today=TODAY,
        ),
        {"reason": text_or("Ingen ledige pladser"), "capacity": BOOLS, "on": DATES},
    ),
    "providers.limit_free_choice": Recipe(
        lambda w, v: providers.limit_free_choice(
            w.visitation_caseworker,
            w.get(Decision, "decision"),
            reason=v["reason"],
            on=v["on"],
            today=TODAY,
        ),
        {"reason": text_or("Hensynet til borgeren"), "on": DATES},
    ),
    "providers.get_provider": Recipe(
        lambda w, v: providers.get_provider(w.centre_leader, v["id"]), {"id": INTS}
    ),
    # registers
    "registers.parse_period": Recipe(
        lambda w, v: registers.parse_period(v["period"], TODAY),
        {"period": text_or("2026-10", "0001-01", "9999-12", "2026-13")},
    ),
    "registers.parse_request": Recipe(
        lambda w, v: registers.parse_request(v["register"], v["period"], TODAY),
        {"register": text_or("smdb", "nab"), "period": text_or("2026-10", "0001-01")},
    ),
    "registers.submissions": Recipe(
        lambda w, v: registers.submissions(w.centre_leader, v["register"]),
        {"register": st.one_of(st.none(), text_or("smdb"))},
    ),
    "registers.check_extract": Recipe(
        lambda w, v: registers.check_extract(
            w.centre_leader, v["register"], v["period"], today=TODAY
        ),
        {"register": text_or("smdb", "nab"), "period": text_or("2026-11", "9999-12")},
    ),
    "registers.create_extract": Recipe(
        lambda w, v: registers.create_extract(
            w.centre_leader, v["register"], v["period"], io.BytesIO(), today=TODAY
        ),
        {"register": text_or("substitution", "nab"), "period": text_or("2026-11", "1999-12")},
    ),
    # reporting
    "reporting.annex_for": Recipe(
        lambda w, v: reporting.annex_for(w.centre_leader, year=v["year"], as_of=TODAY),
        {"year": int_or(2025, 2026, 1, 9999)},
    ),
    "reporting.annex_year": Recipe(
        lambda w, v: reporting.annex_year(v["value"], TODAY),
        {"value": st.one_of(st.none(), text_or("2025", "0", "99999999999999999999"))},
    ),
    "reporting.gift_voucher_report": Recipe(
        lambda w, v: reporting.gift_voucher_report(w.centre_leader, period=_period(v), today=TODAY),
        {"start": DATES, "end": DATES},
    ),
    "reporting.dashboard_for": Recipe(
        lambda w, v: reporting.dashboard_for(
            w.centre_leader,
            period=_period(v),
            filters=Filters(),
            as_of=TODAY,
            group_by=v["group_by"],
        ),
        {"start": DATES, "end": DATES, "group_by": text_or("service", "track")},
    ),
    # rights
    "rights.export_client": Recipe(
        lambda w, v: rights.export_client(w.centre_leader, v["id"], purpose="fuzz", today=TODAY),
        {"id": INTS},
    ),
}

# Public functions of the services modules that take nothing from a user, with the reason.
EXEMPT = {
    "groups.group_services": "the group services of a municipality's standard",
    "groups.require_may": "a permission check on a stored group",
    "groups.require_may_create": "a permission check on the actor's municipality",
    "groups.require_may_leave": "a permission check on a stored membership",
    "groups.require_may_session": "a permission check on a stored session",
    "groups.active_members": "a stored group's members on a day the caller computes",
    "groups.roster_at": "a stored session's roster",
    "filing.erase_by_retention": "called by the retention run with the ids of stored documents",
    "filing.retention_candidates": "called by the retention run with the ids of stored clients",
    "filing.file_decision_letter": "called by courses.mark_decision_sent (fuzzed) inside it",
    "filing.guard_for": "what the permission rules see of a stored client and course",
    "filing.may_read": "a permission check on a stored document",
    "filing.max_bytes": "no arguments (a setting)",
    "filing.read_content": "a stored document's content (the download checks permission)",
    "filing.storage": "no arguments",
    "courses.cancel_appointment": "no value from the user: the appointment's id (a stored record)",
    "reminders.queue_due_reminders": "the worker's scan: no user, no value from a user",
    "reminders.deliver": "the worker's delivery of a stored outbox row (its id only)",
    "journal.sign_note": "no value from the user: the note's id (a stored note)",
    "journal.guard_for": "what the permission rules see of a stored client and course",
    "journal.is_locked": "a stored note's state at a time",
    "journal.may_read": "a permission check on a stored note",
    "journal.note_kinds": "the kinds of the actor's municipality (from its standard)",
    "journal.require_may_write": "a permission check on a stored note",
    "accounts.list_staff": "the actor only",
    "accounts.municipality_teams": "the actor only",
    "accounts.require_may_change": "a permission check on two stored users",
    "audit.audit_change": "called by the services inside their transaction on a stored record",
    "audit.client_reads": "builds the rows for log_reads from the ids a read function chose",
    "audit.log_read": "called by the services with values they made",
    "audit.log_reads": "called by the read functions with values they made",
    "audit.snapshot": "called by the services on a stored record",
    "audit.write_entry": "called by the services with values they made",
    "courses.assessment_version": "a count of a stored course's assessments (a form's version)",
    "courses.client_facts": "eligibility facts of stored records on a checked date (decide)",
    "courses.complaint_guidance": "the routes of the standard for a stored legal basis",
    "courses.current_body": "a body's current name, from the standard and the law floor",
    "courses.require_dose_room": "called by record_appointment (fuzzed) in its transaction",
    "courses.require_grant": "called by start_treatment, change_services and record_stay (fuzzed) in their transaction",
    "courses.merge_courses_on_link": "called by citizens.link_anonymous (fuzzed) inside it",
    "providers.check_free_choice": "called by courses.choose_provider (fuzzed) on stored values",
    "providers.check_free_choice_records": "called by courses.choose_provider (fuzzed)",
    "providers.free_choice_products": "called by courses.choose_provider (fuzzed) on stored records",
    "registers.digest_key": "no arguments",
    "registers.latest_submission": "called by the extract services after parse_request",
    "registers.may_extract": "the user only",
    "reporting.annex_report": "called by annex_for (fuzzed) and public_annex after annex_year",
    "reporting.annex_table": "formats a report",
    "reporting.dashboard_report": "called by dashboard_for (fuzzed) after the permission check",
    "reporting.dashboard_tables": "formats a report",
    "reporting.definitions": "metric ids from the code",
    "reporting.gift_voucher_table": "formats a report",
    "reporting.gift_vouchers": "called by gift_voucher_report (fuzzed) and dashboard_report",
    "reporting.may_view": "the user only",
    "reporting.met_text": "formats a result",
    "reporting.pct": "formats a result",
    "reporting.public_annex": "the year comes through annex_year (fuzzed); the server's date",
    "reporting.share_row": "formats a result",
    "reporting.small": "formats a result",
    "rights.apply_retention": "carries out a plan made by retention_plan",
    "rights.retention_plan": "an operator's command: the municipality is found by its code",
    "standards.current_versions": "no arguments",
    "standards.record_versions": "the shipped standard files, an operator's command",
}


def service_entry_points() -> set[str]:
    """Every public function defined in a `vendepunkt.<app>.services` module, or in a module of a
    `vendepunkt.<app>.services` package and offered by the package (`courses.services`)."""
    found = set()
    for info in pkgutil.iter_modules(vendepunkt.__path__):
        try:
            module = importlib.import_module(f"vendepunkt.{info.name}.services")
        except ModuleNotFoundError:
            continue
        for name, function in inspect.getmembers(module, inspect.isfunction):
            defined_here = function.__module__ == module.__name__ or (
                hasattr(module, "__path__")
                and function.__module__.startswith(module.__name__ + ".")
            )
            if defined_here and not name.startswith("_"):
                found.add(f"{info.name}.{name}")
    return found


def test_every_service_entry_point_is_fuzzed_or_exempt_with_a_reason():
    found = service_entry_points()
    assert len(found) > 50
    assert not (set(RECIPES) & set(EXEMPT))
    missing = found - set(RECIPES) - set(EXEMPT)
    assert not missing, f"add a recipe (or an exemption with its reason) for: {sorted(missing)}"
    assert not (set(RECIPES) | set(EXEMPT)) - found, "a recipe names a function that is gone"


# --- the calls --------------------------------------------------------------------------------


def _row_counts_sql() -> str:
    tables = sorted(
        {m._meta.db_table for m in apps.get_models() if m.__module__.startswith("vendepunkt.")}
    )
    q = connection.ops.quote_name
    return "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {q(t)})" for t in tables)


def row_counts() -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(_row_counts_sql())
        return cursor.fetchone()


def attempt(w: World, recipe: Recipe, values: dict):
    """Call the entry point in a savepoint that is rolled back; return the refusal or None.
    Any other exception fails the test; a refusal must have written nothing."""
    with transaction.atomic():
        before = row_counts()
        try:
            recipe.call(w, values)
        except ALLOWED as refusal:
            after = row_counts()
            assert after == before, f"a refused call wrote rows: {refusal!r}"
            return refusal
        except Exception as exc:
            pytest.fail(f"{type(exc).__name__}: {str(exc)[:300]} with {_short(values)}")
        finally:
            transaction.set_rollback(True)
    return None


def _short(values: dict) -> dict:
    return {
        k: (v[:40] + "…" if isinstance(v, str) and len(v) > 40 else v) for k, v in values.items()
    }


# VENDEPUNKT_FUZZ_EXAMPLES=200 explores further (random, not derandomised); CI runs 20 per entry
# point, the same on every run.
EXPLORE = int(os.environ.get("VENDEPUNKT_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=EXPLORE or 20,
    deadline=None,
    derandomize=not EXPLORE,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.parametrize("name", sorted(RECIPES))
@FUZZ
@given(data=st.data())
def test_a_service_only_succeeds_or_refuses_and_a_refusal_writes_nothing(name, data, world):
    recipe = RECIPES[name]
    values = {key: data.draw(strategy, label=key) for key, strategy in recipe.values.items()}
    attempt(world, recipe, values)


DATED = sorted(name for name, r in RECIPES.items() if r.dates or r.times)


@pytest.mark.parametrize("name", DATED)
def test_dates_out_of_bounds_are_refused_at_their_field(name, world):
    recipe = RECIPES[name]
    base = _first_values(recipe)
    for key in recipe.dates:
        for value in (dt.date.min, dt.date.max, dt.date(1, 1, 1), dt.date(9999, 12, 31)):
            refusal = attempt(world, recipe, {**base, key: value})
            _assert_date_refusal(refusal, key, value)
    for key in recipe.times:
        for value in EXTREME_TIMES:
            refusal = attempt(world, recipe, {**base, key: value})
            _assert_date_refusal(refusal, key, value)


def _assert_date_refusal(refusal, key, value):
    assert isinstance(refusal, ServiceError), f"{key}={value!r} was not refused: {refusal!r}"
    assert refusal.field == key and refusal.code == "date_out_of_range", refusal
    assert str(value.year) in refusal.message_da or "0001" in refusal.message_da, refusal
    assert refusal.message_da != refusal.message_en


def _first_values(recipe: Recipe) -> dict:
    """Valid values: the first choice of each `text_or`/`int_or`/`list_of`, a date two weeks
    after the contact, a time then; None where the parameter may be left out."""
    values = {}
    for key, strategy in recipe.values.items():
        if strategy is DATES or strategy is OPT_DATES:
            values[key] = AT.date() + dt.timedelta(days=14)
        elif strategy is DATETIMES:
            values[key] = AT + dt.timedelta(days=14)
        elif strategy is BOOLS:
            values[key] = False
        else:
            values[key] = getattr(strategy, "valid", None)
    return values
