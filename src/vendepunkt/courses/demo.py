"""Synthetic demo data: municipalities bound to the shipped standards, staff for every role, and
citizens with courses in realistic proportions (ages, substances, legal tracks, waiting times,
no-shows, discharge statuses, complaints). Every record goes through the services, so the demo
data is audited and its deadlines are computed exactly as in real use. Deterministic for a seed.

The same generator feeds the benchmarks. All people are synthetic: names from a short list of
invented ones, CPR numbers from `synthetic_cpr` (which always fail modulus-11).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from vendepunkt.accounts.errors import ServiceError
from vendepunkt.accounts.models import Centre, Municipality, Role, Team, User
from vendepunkt.citizens import services as citizens
from vendepunkt.complaints import services as complaints
from vendepunkt.groups import services as groups
from vendepunkt.groups.models import Group
from vendepunkt.providers.models import Provider
from vendepunkt.rules import grants as grant_rules
from vendepunkt.rules.cpr import synthetic_cpr
from vendepunkt.rules.eligibility import check_eligibility
from vendepunkt.rules.standards import registry
from vendepunkt.rules.standards.schema import Intensity

from . import services
from .models import ContactCourse, Room

FIRST = (
    "Alma",
    "Bo",
    "Cecilie",
    "Dennis",
    "Emma",
    "Frederik",
    "Gry",
    "Henrik",
    "Ida",
    "Jonas",
    "Karen",
    "Lars",
    "Maja",
    "Niels",
    "Olivia",
    "Peter",
    "Rikke",
    "Søren",
    "Tine",
    "Ulrik",
    "Vera",
    "William",
    "Ynez",
    "Åse",
)
LAST = (
    "Demoager",
    "Prøvesen",
    "Testrup",
    "Fiktivsen",
    "Eksempelgaard",
    "Opdigtholm",
    "Syntesen",
    "Skabelund",
)
# Demo staff: common Danish first names with the same made-up surnames as the citizens, so a
# member of staff reads as a person on every page ("Mette Prøvesen", not "Treater"), and no one
# can take the demo for real people (D83).
STAFF_FIRST = (
    "Mette",
    "Anders",
    "Hanne",
    "Kasper",
    "Lone",
    "Jesper",
    "Pia",
    "Morten",
    "Susanne",
    "Thomas",
    "Birgitte",
    "Michael",
)
TRACK_WEIGHTS = {"SEL-101": 55, "SUL-141": 35, "SUL-142": 5, "SEL-101a": 5}
DRUGS = (("cannabis", 45), ("drugs", 25), ("opioids", 15))
DISCHARGE = (
    ("completed", 40),
    ("dropped_out", 25),
    ("to_other_offer", 12),
    ("other_reason", 15),
    ("to_hospital", 8),
)
OUTCOME = {
    "completed": ("abstinent", "reduced"),
    "dropped_out": ("unchanged", "reduced"),
    "to_other_offer": ("stabilised", "reduced"),
    "other_reason": ("unchanged", "stabilised"),
    "to_hospital": ("unchanged", "stabilised"),
}


def pick(rng: random.Random, weighted):
    items, weights = zip(*weighted, strict=True)
    return rng.choices(items, weights=weights)[0]


class Town:
    """A demo municipality with its centre, two teams and one member of staff per role."""

    def __init__(self, standard_id: str):
        standard = registry.get(standard_id).standard
        self.standard = standard
        self.municipality, _ = Municipality.objects.get_or_create(
            code=standard_id,
            defaults={"name": standard.municipality.name, "standard_id": standard_id},
        )
        centre_spec = next(
            (c for c in standard.centres if c.kind == "treatment_centre"), standard.centres[0]
        )
        self.centre, _ = Centre.objects.get_or_create(
            municipality=self.municipality,
            name=centre_spec.name,
            defaults={"standard_centre_id": centre_spec.id},
        )
        self.teams = [
            Team.objects.get_or_create(centre=self.centre, name=f"Team {n}")[0] for n in (1, 2)
        ]
        self.staff = {role: self._user(role) for role in Role.values}
        self.treaters = [
            self.staff[Role.TREATER],
            self._user(Role.TREATER, suffix="2", team=self.teams[1]),
        ]
        # the centre's rooms (the calendar, issue 13 § 3) and the slots booked so far, so that the
        # demo books no one twice (a double booking is a warning the user answers, D93)
        self.rooms = list(Room.objects.filter(centre=self.centre).order_by("id")) or [
            services.add_room(self.staff[Role.CENTRE_LEADER], self.centre, name=name)
            for name in ("Samtalerum 1", "Samtalerum 2", "Gruppelokalet", "Lægens konsultation")
        ]
        self.booked: set[tuple[str, int, dt.date, int]] = set()
        self.provider, _ = Provider.objects.get_or_create(
            municipality=self.municipality,
            name="Døgnbehandling Demo ApS",
            defaults={
                "cvr": "99999999",
                "approved_for": ["SEL-101", "SEL-107", "SUL-141"],
                "settings_offered": ["residential", "day"],
                # every intensity, so the demo's grants can be chosen here (free choice checks
                # the same form and intensity as granted, D67)
                "intensities_offered": [i.value for i in Intensity],
                "public": False,
                "on_tilbudsportalen": True,
            },
        )

    def _user(self, role: str, suffix: str = "", team: Team | None = None) -> User:
        username = f"{role}{suffix}.{self.municipality.code}"
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "municipality": self.municipality,
                "role": role,
                **self._staff_name(role, suffix),
            },
        )
        if created:
            user.set_unusable_password()
            user.save()
            if role in (Role.TREATER, Role.DOCTOR, Role.NURSE):
                user.teams.add(team or self.teams[0])
            elif role in (Role.CENTRE_LEADER, Role.SECRETARY):
                # the leader and the secretary work for the whole centre: its teams' lists
                user.teams.add(*self.teams)
        return user

    def _staff_name(self, role: str, suffix: str) -> dict[str, str]:
        """A synthetic name for a demo member of staff, the same for the same municipality, role
        and suffix on every run."""
        n = Role.values.index(role) + len(suffix) * 7 + sum(map(ord, self.municipality.code))
        return {
            "first_name": STAFF_FIRST[n % len(STAFF_FIRST)],
            "last_name": LAST[(n // len(STAFF_FIRST) + len(suffix)) % len(LAST)],
        }

    @property
    def decider(self) -> User:
        final = self.standard.visitation.final_say
        return self.staff[
            Role.CENTRE_LEADER
            if final and final.role == "centre_leader"
            else Role.VISITATION_CASEWORKER
        ]


def generate(
    standard_id: str,
    *,
    courses: int,
    today: dt.date,
    seed: int = 2026,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Create `courses` synthetic courses for the municipality of `standard_id`; returns how many
    were created (a course the standard cannot serve, e.g. an ineligible service, is skipped)."""
    # synthetic data, reproducible by seed: not for anything secret
    rng = random.Random(f"{seed}-{standard_id}")  # noqa: S311  # nosec B311
    town = Town(standard_id)
    tracks = [
        (t, w)
        for t, w in TRACK_WEIGHTS.items()
        if t in town.standard.legal_bases
        or (t == "SEL-101a" and any("SEL-101a" in s.legal_bases for s in town.standard.services))
    ]
    made = 0
    for n in range(courses):
        with transaction.atomic():
            try:
                _one_course(town, rng, pick(rng, tracks), today, n)
                made += 1
            except ServiceError:
                pass  # the synthetic citizen did not fit the standard's services: skip
        if progress:
            progress(1)
    with transaction.atomic():
        _groups(town, rng, today)
    return made


def _groups(town: Town, rng: random.Random, today: dt.date) -> None:
    """A group or two of the standard's group services (issue 13 § 4), with members from the
    open courses, a weekly series half held, attendance for the held sessions and a note."""
    if Group.objects.filter(municipality=town.municipality).exists():
        return
    lead = town.staff[Role.VISITATION_CASEWORKER]
    courses = list(
        ContactCourse.objects.filter(municipality=town.municipality, closed_on__isnull=True)
        .select_related("client")
        .order_by("id")
    )
    rng.shuffle(courses)
    start = today - dt.timedelta(days=28)
    for n, service in enumerate(groups.group_services(town.municipality)[:2]):
        try:
            group = groups.create_group(
                lead,
                service_id=service.id,
                name=f"{service.name} ({'tirsdag' if n == 0 else 'torsdag'})",
                team=town.teams[0],
                capacity=8,
                intake="continuous",
                starts_on=start,
                leaders=[town.treaters[0]],
                today=today,
            )
            members = [
                groups.add_member(
                    lead,
                    group.pk,
                    client=course.client,
                    contact_course=course,
                    joined_on=start,
                    today=today,
                )
                for course in courses[n * 6 : n * 6 + 6]
            ]
            sessions = groups.plan_series(
                lead,
                group.pk,
                first_day=start,
                weekday=1 if n == 0 else 3,
                at=dt.time(16, 0),
                length_minutes=120,
                count=8,
                place="Mødelokale 1",
                today=today,
            )
            held = [s for s in sessions if s.starts_at <= timezone.now()]
            for session in held:
                marks = {
                    m.pk: pick(
                        rng, (("present", 75), ("absent_notice", 15), ("absent_no_notice", 10))
                    )
                    for m in members
                }
                groups.record_attendance(lead, session.pk, marks=marks)
            if held and members:
                groups.write_session_note(
                    lead,
                    held[-1].pk,
                    text="Gennemgang af ugens opgave; god stemning i gruppen.",
                    participant_notes={members[0].pk: "Deltog aktivt og fortalte om sin uge."},
                    today=today,
                )
        except ServiceError:
            continue  # the synthetic data did not fit (e.g. too few open courses)


def _one_course(town: Town, rng: random.Random, track: str, today: dt.date, n: int) -> None:
    anonymous = track == "SEL-101a" or (track == "SUL-141" and rng.random() < 0.15)
    age = int(min(80, max(18, rng.gauss(38, 13))))
    requested = today - dt.timedelta(days=rng.randint(0, 420))
    birth = requested.replace(year=requested.year - age) - dt.timedelta(days=rng.randint(1, 360))
    sex = rng.choice(("female", "male", "male"))
    treater = rng.choice(town.treaters)
    team = town.teams[town.treaters.index(treater)]
    if anonymous:
        client = citizens.register_anonymous(
            treater, town.municipality, birth_year=birth.year, sex=sex, today=today
        )
    else:
        client = citizens.register_citizen(
            treater,
            town.municipality,
            cpr=synthetic_cpr(rng, birth, sex),
            today=today,
            name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            children_under_18=rng.choice((0, 0, 0, 1, 2)),
            pregnant=(sex == "female" and rng.random() < 0.03),
            home_municipality=town.municipality.name,
        )
    substance = (
        "alcohol" if track == "SUL-141" else ("opioids" if track == "SUL-142" else pick(rng, DRUGS))
    )
    at = dt.datetime.combine(requested, dt.time(9 + n % 7, 0), tzinfo=dt.UTC)
    contact = services.record_contact(
        treater,
        client,
        at=at,
        channel=rng.choice(("phone", "in_person", "digital")),
        made_by=pick(rng, (("self", 80), ("relative", 8), ("gp", 8), ("authority", 4))),
        legal_track=track,
        substances=[substance],
        main_substance=substance,
        wish_for_treatment=True,
        personal_attendance=rng.random() < 0.7,
        today=today,
    )
    course = contact.contact_course
    # The holistic assessment with its load degree (R9), so the least-intrusive reason shows
    # where the standard follows the principle and a more intensive service is granted.
    load_degree = "" if anonymous else pick(rng, (("low", 35), ("moderate", 40), ("high", 25)))
    if load_degree:
        services.record_assessment(
            treater,
            course,
            phase="intake",
            assessed_on=requested,
            text="Helhedsorienteret afdækning. (Syntetiske demodata.)",
            load_degree=load_degree,
            today=today,
        )
    # the intake talk, booked before treatment starts (the calendar, issue 13 § 3)
    _book(
        town,
        rng,
        course,
        treater,
        requested + dt.timedelta(days=rng.randint(1, 4)),
        "intake",
        today,
    )
    service = _service_for(
        town, client, course, track, requested, more_intensive=rng.random() < 0.3
    )
    if service is None:
        return
    application = services.apply_for_service(
        treater, course, service_id=service.id, applied_on=requested, today=today
    )
    decided = requested + dt.timedelta(days=rng.randint(1, 9))
    if track in ("SEL-101", "SUL-142") and rng.random() < 0.85:
        # The doctor's consultation before drug treatment starts (R19), for most citizens.
        held = requested + dt.timedelta(days=rng.randint(0, (decided - requested).days))
        if held <= today:
            services.record_counselling(treater, course, kind="doctor", held_on=held, today=today)
    if decided > today:
        return  # still waiting for the forum
    decision = services.decide(
        town.decider,
        application,
        outcome="grant",
        legal_basis=_basis(service, track),
        reasons="Borgeren er i målgruppen og ønsker behandling. (Syntetiske demodata.)",
        decided_on=decided,
        valid_from=decided,
        valid_until=_grant_end(service, decided, 180),
        extendable=True,
        other_social_problems=False if track == "SEL-101a" else None,
        intensity_reason=_intensity_reason(town, service, load_degree),
        today=today,
    )
    services.mark_decision_sent(town.decider, decision, sent_on=decided, today=today)
    start = decided + dt.timedelta(days=rng.choice((0, 1, 2, 3, 5, 8, 12)))
    if start > today:
        return
    treatment = services.start_treatment(
        treater, course, team=team, start_on=start, treater=treater, decision=decision, today=today
    )
    services.save_plan(
        treater,
        treatment,
        substance_goal=rng.choice(("stop", "reduce", "stabilise")),
        goals=[
            {"text": "Mål for rusmiddelbrug", "horizon": "short"},
            {"text": "Stabil bolig og hverdag", "horizon": "long"},
        ],
        methods="Samtaler",
        responsible=[{"actor": "Primærbehandler", "task": "Samtaler"}],
        made_on=start,
        signed_on=start,
        agreed_until=start + dt.timedelta(days=90),
        today=today,
    )
    _appointments(town, treater, treatment, rng, start, today)
    length = rng.randint(30, 300)
    if not anonymous and track in ("SEL-101", "SUL-141") and rng.random() < 0.2:
        _residential(town, treater, course, treatment, track, load_degree, start, rng, today)
    if start + dt.timedelta(days=length) < today and rng.random() < 0.75:
        end = start + dt.timedelta(days=length)
        if length > 100:
            services.review_plan(treater, treatment, on=start + dt.timedelta(days=88), today=today)
        status = pick(rng, DISCHARGE)
        services.discharge(
            treater,
            treatment,
            on=end,
            status=status,
            outcome=rng.choice(OUTCOME[status]),
            end_stays=True,  # a stay running past the discharge ends with it (D70)
            cancel_future_appointments=True,  # the calendar's bookings after the discharge day
            today=today,
        )
        if status != "dropped_out" and end + dt.timedelta(days=31) < today and rng.random() < 0.7:
            services.record_follow_up(
                treater,
                treatment,
                subject="follow_up:1m",
                on=end + dt.timedelta(days=rng.randint(25, 35)),
                reached=rng.random() < 0.7,
                result="Kontakt ved telefon.",
                today=today,
            )
    if (
        not anonymous
        and track != "SEL-101a"
        and rng.random() < 0.03
        and decision.complaint_guidance
    ):
        complaints.register_complaint(
            treater,
            client,
            kind="social_decision",
            received_on=decided + dt.timedelta(days=10),
            form=rng.choice(("oral", "written")),
            text="Uenig i afgørelsen.",
            decision=decision,
            today=today,
        )


def _grant_end(service, start: dt.date, days: int) -> dt.date:
    """The end of a demo grant: the standard's default for a time-limited service with a
    duration (the service rule's own default), else `days` after the start. Every demo grant of a
    time-limited service has an end date (issue 12 § 3, D59)."""
    return grant_rules.default_end(service, start) or start + dt.timedelta(days=days - 1)


def _intensity_reason(town: Town, service, load_degree: str) -> str:
    """The reason for a more intensive service than the load degree suggests (least intrusive,
    R9), where the standard asks for one."""
    if grant_rules.more_intensive_than_assessed(town.standard.visitation, service, load_degree):
        return (
            "Borgerens samlede belastning og tidligere forløb taler for en mere intensiv indsats "
            "end belastningsgraden alene tilsiger. (Syntetiske demodata.)"
        )
    return ""


def _residential(
    town: Town,
    treater: User,
    course,
    treatment,
    track: str,
    load_degree: str,
    start: dt.date,
    rng: random.Random,
    today: dt.date,
) -> None:
    """A residential stay with a grant of its own residential service (issue 12 § 3): the grant
    has an end date (the standard's duration, else 8 weeks) and the stay lies inside it. A course
    the standard cannot give a stay (no eligible residential service, its own checks) is left
    without one."""
    on = start + dt.timedelta(days=rng.randint(7, 30))
    if on > today:
        return
    candidates = [
        s
        for s in town.standard.services
        if str(s.setting) == "residential"
        and s.requires_visitation
        and (track in s.legal_bases or not s.legal_bases or "SEL-107" in s.legal_bases)
        and s.phase != "detox"
    ]
    facts = services.client_facts(course.client, course, on)
    eligible = [s for s in candidates if check_eligibility(s, facts).eligible]
    if not eligible:
        return
    # a time-limited residential service first (Haderslev's Bramdruphus), so the demo shows
    # such grants with their end date
    service = rng.choice([s for s in eligible if s.time_limited] or eligible)
    until = _grant_end(service, on, 56)
    stay_end = min(until, on + dt.timedelta(days=rng.randint(14, 28)))
    try:
        with transaction.atomic():
            application = services.apply_for_service(
                treater, course, service_id=service.id, applied_on=on, today=today
            )
            services.decide(
                town.decider,
                application,
                outcome="grant",
                legal_basis=_basis(service, track),
                reasons="Behov for døgnbehandling som led i behandlingsplanen. (Syntetiske demodata.)",
                decided_on=on,
                valid_from=on,
                valid_until=until,
                intensity_reason=_intensity_reason(town, service, load_degree),
                today=today,
            )
            services.record_stay(
                town.staff[Role.VISITATION_CASEWORKER],
                treatment,
                provider=town.provider,
                start_on=on,
                end_on=stay_end,
                service_id=service.id,
                self_payment=None
                if track == "SUL-141"
                else {
                    "assessed_on": on.isoformat(),
                    "economic_counselling_on": on.isoformat(),
                    "board": "2000",
                },
                today=today,
            )
    except ServiceError:
        pass  # the standard's own conditions for this stay: the course goes on without it


def _basis(service, track: str) -> str:
    return (
        track if track in service.legal_bases or not service.legal_bases else service.legal_bases[0]
    )


def _service_for(
    town: Town, client, course, track: str, day: dt.date, *, more_intensive: bool = False
):
    """The first ambulant or day service the citizen is eligible for; with `more_intensive`,
    the most intensive of them (so some grants rank above the assessed load degree)."""
    candidates = [
        s
        for s in town.standard.services
        if s.requires_visitation
        and (track in s.legal_bases or (not s.legal_bases and track == "SEL-101"))
        and s.setting in ("ambulant", "day", None)
    ]
    facts = services.client_facts(
        client, course, day, other_social_problems=False if track == "SEL-101a" else None
    )
    eligible = [s for s in candidates if check_eligibility(s, facts).eligible]
    if more_intensive:
        ranked = [s for s in eligible if s.intensity is not None and str(s.intensity) != "day"]
        if ranked:
            return max(ranked, key=lambda s: _RANK.get(str(s.intensity), 0))
    return eligible[0] if eligible else None


_RANK = {"low": 0, "medium": 1, "intensive": 2, "day": 3, "residential": 4}


def _book(
    town: Town,
    rng: random.Random,
    course,
    treater: User,
    day: dt.date,
    kind: str,
    today: dt.date,
    *,
    status: str | None = None,
    gift_voucher: bool = False,
):
    """Book an appointment in a free hour of the treater and a room (by phone when the day is
    full), then record what happened to it when it lies in the past: attended, a no-show (with
    the active contact the next working day, mostly) or cancelled."""
    minutes = {"intake": 60, "group": 90, "network": 60, "doctor": 30}.get(kind, 45)
    room = town.rooms[2] if kind == "group" else rng.choice(town.rooms[:2])
    place, hour = "phone", 15
    for candidate in rng.sample(range(8, 15), 7):
        if ("staff", treater.pk, day, candidate) not in town.booked and (
            "room",
            room.pk,
            day,
            candidate,
        ) not in town.booked:
            place, hour = "room", candidate
            break
    town.booked.add(("staff", treater.pk, day, hour))
    if place == "room":
        town.booked.add(("room", room.pk, day, hour))
    at = dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)
    appointment = services.book_appointment(
        treater,
        course,
        at=at,
        kind=kind,
        minutes=minutes,
        staff=[treater],
        place=place,
        room=room if place == "room" else None,
        confirm_overlap=True,  # a phone call at 15 may meet another one
        today=today,
    )
    if day >= today:
        return appointment
    status = status or pick(rng, (("attended", 80), ("no_show", 13), ("cancelled", 7)))
    if status == "cancelled":
        return services.cancel_appointment(treater, appointment, today=today)
    services.set_attendance(
        treater, appointment, status=status, gift_voucher=gift_voucher or None, today=today
    )
    if status == "no_show" and day + dt.timedelta(days=4) < today and rng.random() < 0.85:
        services.record_active_contact(
            treater, appointment, on=day + dt.timedelta(days=1), today=today
        )
    return appointment


def _appointments(
    town: Town, treater, treatment, rng: random.Random, start: dt.date, today: dt.date
) -> None:
    standard = treatment.municipality.standard()
    # gift vouchers only where a current service of the course offers them (issue 12 § 4)
    vouchers = any(
        (s := standard.service(cs.service_id)) is not None and s.gift_vouchers
        for cs in treatment.services.filter(end_on__isnull=True)
    )
    course = treatment.contact_course
    for week in range(rng.randint(2, 6)):
        day = start + dt.timedelta(days=7 * week + 1)
        if day > today + dt.timedelta(days=14):
            break
        kind = pick(rng, (("individual", 70), ("group", 15), ("network", 8), ("doctor", 7)))
        status = pick(rng, (("attended", 78), ("no_show", 15), ("cancelled", 7)))
        _book(
            town,
            rng,
            course,
            treater,
            day,
            kind,
            today,
            status=status,
            gift_voucher=vouchers and status == "attended" and rng.random() < 0.1,
        )
