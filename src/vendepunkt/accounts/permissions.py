"""Permission rules as predicates (django-rules). Deny by default: a permission with no rule is
refused, and every rule starts from "same municipality". Services ask `require(user, perm, obj)`.

Who may do what (R46, R48; issue "The citizen's course" § 1):
- nobody sees another municipality's data (such objects are "not found", not "forbidden");
- treaters work on the courses of their teams; visitation caseworkers and leaders on all courses
  of their municipality; secretaries handle contacts and appointments but see no assessments or
  medical records; doctors and nurses see medical records; only caseworkers and leaders decide;
  auditors read the logs and nothing else;
- leaders, administrators and visitation caseworkers see the municipality's reports (aggregates,
  `reporting.view`; docs/decisions.md D21).
"""

from __future__ import annotations

import rules

from .models import Role


def _role_is(*roles: str):
    @rules.predicate(name=f"role_in_{'_'.join(roles)}")
    def check(user) -> bool:
        return bool(user.is_authenticated and user.is_active and user.role in roles)

    return check


@rules.predicate
def same_municipality(user, obj) -> bool:
    if obj is None or not user.is_authenticated:
        return False
    return (
        user.municipality_id is not None
        and getattr(obj, "municipality_id", None) == user.municipality_id
    )


@rules.predicate
def course_in_my_teams(user, obj) -> bool:
    team_id = getattr(obj, "team_id", None)
    if (
        team_id is None
    ):  # a course not yet assigned to a team is the intake's: every treater sees it
        return True
    return team_id in user.team_ids()


@rules.predicate
def complaint_in_my_teams(user, obj) -> bool:
    """A treater sees a complaint they registered, or one about a course of their teams (or of a
    course no team has yet). Asked about a client (the citizen page), it allows looking: that
    page shows only the complaints about the courses the treater may see."""
    if not hasattr(obj, "contact_course_id"):
        return True
    if getattr(obj, "registered_by_id", None) == user.pk:
        return True
    if obj.contact_course_id is None:
        return False
    from vendepunkt.courses.models import ContactCourse

    team_id = (
        ContactCourse.objects.filter(pk=obj.contact_course_id)
        .values_list("team_id", flat=True)
        .first()
    )
    return team_id is None or team_id in user.team_ids()


treater = _role_is(Role.TREATER)
caseworker = _role_is(Role.VISITATION_CASEWORKER)
leader = _role_is(Role.CENTRE_LEADER)
clinician = _role_is(Role.DOCTOR, Role.NURSE)
secretary = _role_is(Role.SECRETARY)
auditor = _role_is(Role.AUDITOR)
administrator = _role_is(Role.ADMINISTRATOR)

municipality_staff = treater | caseworker | leader | clinician | secretary
case_staff = caseworker | leader
course_staff = case_staff | clinician | (treater & course_in_my_teams)

RULES = {
    # clients and contacts
    "citizens.view_client": same_municipality & municipality_staff,
    "citizens.add_client": same_municipality & (treater | case_staff | secretary),
    "citizens.change_client": same_municipality & (treater | case_staff | secretary),
    "citizens.link_anonymous": same_municipality & case_staff,
    "courses.view_course": same_municipality & (course_staff | secretary),
    "courses.record_contact": same_municipality & (treater | case_staff | secretary),
    "courses.record_counselling": same_municipality & (treater | case_staff),
    # assessment and decisions
    "courses.view_assessment": same_municipality & (course_staff),
    "courses.record_assessment": same_municipality & (case_staff | (treater & course_in_my_teams)),
    "courses.apply": same_municipality & (case_staff | (treater & course_in_my_teams)),
    "courses.decide": same_municipality & case_staff,
    "courses.waive_guarantee": same_municipality & case_staff,
    # the course
    "courses.start_treatment": same_municipality & (case_staff | (treater & course_in_my_teams)),
    "courses.assign_treater": same_municipality & case_staff,
    "courses.record_appointment": same_municipality & (course_staff | secretary),
    # the calendar (issue 13 § 3): everyone who works with citizens sees the calendars (a name
    # only where they may open the course); leaders and administrators keep the rooms
    "courses.view_calendar": same_municipality & municipality_staff,
    "courses.manage_rooms": same_municipality & (leader | administrator),
    "courses.edit_plan": same_municipality & (case_staff | (treater & course_in_my_teams)),
    "courses.view_medical": same_municipality & clinician,
    "courses.record_medical": same_municipality & clinician,
    "courses.discharge": same_municipality & (case_staff | (treater & course_in_my_teams)),
    "courses.record_follow_up": same_municipality & (case_staff | (treater & course_in_my_teams)),
    # the journal (issue 13 § 1): who works on the course reads and writes its notes; medical
    # notes need courses.record_medical/view_medical too, confidential ones the team (journal/)
    "journal.view_notes": same_municipality & course_staff,
    "journal.write_note": same_municipality & course_staff,
    # group treatment (issue 13 § 4): asked of a group (its municipality and team); who works on
    # the team's courses reads the roster and records attendance and notes, treaters of the team
    # and case staff set groups, rosters and sessions up; no secretaries (the roster is personal)
    "groups.view_group": same_municipality & course_staff,
    "groups.manage_group": same_municipality & (case_staff | (treater & course_in_my_teams)),
    "groups.record_attendance": same_municipality & course_staff,
    # documents (issue 13 § 2): the journal's need to know; medical documents for clinicians
    "filing.view_documents": same_municipality & course_staff,
    "filing.add_document": same_municipality & course_staff,
    # reminders (issue 13 § 3): who may correct the citizen's details records the consent to
    # reminders; who may see the citizen sees it; the leaders see the count of failed reminders
    "reminders.view_consent": same_municipality & municipality_staff,
    "reminders.record_consent": same_municipality & (treater | case_staff | secretary),
    "reminders.view_failures": same_municipality & leader,
    # complaints
    "complaints.view_complaint": same_municipality
    & (case_staff | (treater & complaint_in_my_teams)),
    "complaints.register": same_municipality & (case_staff | treater | secretary),
    "complaints.handle": same_municipality & case_staff,
    # registers and oversight
    "providers.manage": same_municipality & (leader | administrator),
    "audit.view_log": same_municipality & (auditor | leader),
    # the security log (refused access, failed sign-ins) and the leaders' notices (issue 10)
    "audit.view_security_log": same_municipality & (auditor | leader),
    "audit.acknowledge_notice": same_municipality & leader,
    # the citizen's rights: a request of insight is answered by the centre leader (D20)
    "rights.export_client": same_municipality & leader,
    "courses.view_worklist": same_municipality & (course_staff | secretary),
    # reports (R42-R44): aggregates of the municipality, no citizen's data
    "reporting.view": same_municipality & (leader | administrator | caseworker),
    # register extracts and the FHIR export carry every citizen's data: leaders and administrators
    "registers.extract": same_municipality & (leader | administrator),
    "registers.export_fhir": same_municipality & (leader | administrator),
}

for name, predicate in RULES.items():
    rules.add_perm(name, predicate)
