"""The expected outcome of every staff URL for every role, kept as data (issue "The REST API,
and proof that no data leaks" § 2). Codes per role in the order of `ROLES`:

- "get" / "post": a URL without an object, by GET / by a POST with an empty form (POST-only URLs);
- "own" / "other_team": a GET of the object of municipality A's team 1 (the team of the treater,
  the doctor and the nurse) / of team 2;
- "own_post" / "other_team_post": a POST with an empty form, for the URLs that take POST only.

200 shown, 302 a redirect onwards (e.g. a decided application's decision form goes to its letter),
400 the form's errors (the role may act), 403 refused, 404 not found. Every object of another
municipality is 404 for every role, and every URL sends a signed-out visitor to the login page;
the test checks those without a table. A URL missing here fails the test: a new page cannot
escape the matrix.
"""

ROLES = (
    "treater",
    "visitation_caseworker",
    "doctor",
    "nurse",
    "secretary",
    "centre_leader",
    "administrator",
    "auditor",
)

# Public pages: no personal data, no sign-in.
PUBLIC = {
    "start",
    "standard-document",
    "standard-pdf",
    "set_language",
    "login",
    "login-totp",
    "login-enrol",
    "logout",
}

# Every staff URL, with the roles' codes.
EXPECTED = {
    "worklist": {"get": "200 200 200 200 200 200 302 403"},
    "caseload": {"get": "403 403 403 403 403 200 403 403"},
    "citizen-search": {"get": "200 200 200 200 200 200 403 403"},
    "citizen-new": {"get": "200 200 403 403 200 200 403 403"},
    "citizen-anonymous-new": {"get": "200 200 403 403 200 200 403 403"},
    "citizen-detail": {
        "own": "200 200 200 200 200 200 403 403",
        "other_team": "200 200 200 200 200 200 403 403",
    },
    "citizen-link": {
        "own": "403 302 403 403 403 302 403 403",
        "other_team": "403 302 403 403 403 302 403 403",
    },
    "citizen-correct": {
        "own": "200 200 403 403 200 200 403 403",
        "other_team": "200 200 403 403 200 200 403 403",
    },
    "citizen-notification": {
        "own": "405 405 405 405 405 405 405 405",
        "own_post": "302 302 403 403 302 302 403 403",
        "other_team": "405 405 405 405 405 405 405 405",
        "other_team_post": "302 302 403 403 302 302 403 403",
    },
    "citizen-reminders": {
        "own": "200 200 403 403 200 200 403 403",
        "other_team": "200 200 403 403 200 200 403 403",
    },
    "citizen-reminders-withdraw": {
        "own": "405 405 405 405 405 405 405 405",
        "own_post": "302 302 403 403 302 302 403 403",
        "other_team": "405 405 405 405 405 405 405 405",
        "other_team_post": "302 302 403 403 302 302 403 403",
    },
    "citizen-access-log": {
        "own": "403 403 403 403 403 200 403 200",
        "other_team": "403 403 403 403 403 200 403 200",
    },
    "citizen-access-log-csv": {
        "own": "403 403 403 403 403 200 403 200",
        "other_team": "403 403 403 403 403 200 403 200",
    },
    "citizen-insight": {
        "own": "403 403 403 403 403 200 403 403",
        "other_team": "403 403 403 403 403 200 403 403",
    },
    "journal": {
        "own": "200 200 200 200 403 200 403 403",
        "other_team": "200 200 200 200 403 200 403 403",
    },
    "journal-note-new": {
        "own": "200 200 200 200 403 200 403 403",
        "other_team": "200 200 200 200 403 200 403 403",
    },
    "journal-note": {
        "own": "200 200 200 200 403 200 403 403",
        "other_team": "403 200 200 200 403 200 403 403",
    },
    "journal-note-edit": {
        "own": "405 405 405 405 405 405 405 405",
        "own_post": "400 400 400 400 403 400 403 403",
        "other_team": "405 405 405 405 405 405 405 405",
        "other_team_post": "403 400 400 400 403 400 403 403",
    },
    "journal-note-sign": {
        "own": "405 405 405 405 405 405 405 405",
        "own_post": "302 302 302 302 403 302 403 403",
        "other_team": "405 405 405 405 405 405 405 405",
        "other_team_post": "403 302 302 302 403 302 403 403",
    },
    "journal-note-amend": {
        "own": "405 405 405 405 405 405 405 405",
        "own_post": "400 400 400 400 403 400 403 403",
        "other_team": "405 405 405 405 405 405 405 405",
        "other_team_post": "403 400 400 400 403 400 403 403",
    },
    # group treatment (issue 13 § 4): no secretaries (the roster is personal data); doctors and
    # nurses read and record attendance and notes; case staff and the team's treaters manage
    "groups": {
        "get": "200 200 200 200 403 200 403 403",
    },
    "group-new": {
        "get": "200 200 403 403 403 200 403 403",
        "post": "400 400 403 403 403 400 403 403",
    },
    "group-detail": {
        "own": "200 200 200 200 403 200 403 403",
        "other_team": "403 200 200 200 403 200 403 403",
    },
    "group-series-new": {
        "own": "200 200 403 403 403 200 403 403",
        "own_post": "400 400 403 403 403 400 403 403",
        "other_team": "403 200 403 403 403 200 403 403",
        "other_team_post": "403 400 403 403 403 400 403 403",
    },
    "group-session-new": {
        "own": "200 200 403 403 403 200 403 403",
        "own_post": "400 400 403 403 403 400 403 403",
        "other_team": "403 200 403 403 403 200 403 403",
        "other_team_post": "403 400 403 403 403 400 403 403",
    },
    "group-membership-end": {
        "own": "200 200 403 403 403 200 403 403",
        "own_post": "400 400 403 403 403 400 403 403",
        "other_team": "403 200 403 403 403 200 403 403",
        "other_team_post": "403 400 403 403 403 400 403 403",
    },
    "group-session": {
        "own": "200 200 200 200 403 200 403 403",
        "own_post": "400 400 400 400 403 400 403 403",
        "other_team": "403 200 200 200 403 200 403 403",
        "other_team_post": "403 400 400 400 403 400 403 403",
    },
    "group-session-cancel": {
        "own": "405 405 405 405 405 405 405 405",
        "own_post": "302 302 403 403 403 302 403 403",
        "other_team": "405 405 405 405 405 405 405 405",
        "other_team_post": "403 302 403 403 403 302 403 403",
    },
    "group-session-note": {
        "own": "200 200 200 200 403 200 403 403",
        "own_post": "400 400 400 400 403 400 403 403",
        "other_team": "403 200 200 200 403 200 403 403",
        "other_team_post": "403 400 400 400 403 400 403 403",
    },
    "group-member-add": {
        "own": "200 200 403 403 403 200 403 403",
        "own_post": "400 400 403 403 403 400 403 403",
        "other_team": "200 200 403 403 403 200 403 403",
        "other_team_post": "400 400 403 403 403 400 403 403",
    },
    "documents": {
        "own": "200 200 200 200 403 200 403 403",
        "other_team": "200 200 200 200 403 200 403 403",
    },
    "document-upload": {
        "own": "200 200 200 200 403 200 403 403",
        "other_team": "200 200 200 200 403 200 403 403",
    },
    "document-download": {
        "own": "200 200 200 200 403 200 403 403",
        "other_team": "403 200 200 200 403 200 403 403",
    },
    "contact-new": {"get": "200 200 403 403 200 200 403 403"},
    # the calendar (issue 13 § 3): every member of staff who works with citizens sees the
    # calendars; booking and an appointment's page are the course's (courses.record_appointment)
    "calendar": {"get": "302 302 302 302 302 302 403 403"},
    "calendar-staff": {
        "own": "200 200 200 200 200 200 403 403",
        "other_team": "200 200 200 200 200 200 403 403",
    },
    "calendar-team": {
        "own": "200 200 200 200 200 200 403 403",
        "other_team": "200 200 200 200 200 200 403 403",
    },
    "calendar-room": {
        "own": "200 200 200 200 200 200 403 403",
        "other_team": "200 200 200 200 200 200 403 403",
    },
    "calendar-book": {
        "own": "200 200 200 200 200 200 403 403",
        "other_team": "403 200 200 200 200 200 403 403",
    },
    "calendar-appointment": {
        "own": "200 200 200 200 200 200 403 403",
        "other_team": "403 200 200 200 200 200 403 403",
    },
    "calendar-move": {
        "own": "405 405 405 405 405 405 405 405",
        "own_post": "400 400 400 400 400 400 403 403",
        "other_team": "405 405 405 405 405 405 405 405",
        "other_team_post": "403 400 400 400 400 400 403 403",
    },
    "calendar-cancel": {
        "own": "405 405 405 405 405 405 405 405",
        "own_post": "302 302 302 302 302 302 403 403",
        "other_team": "405 405 405 405 405 405 405 405",
        "other_team_post": "403 302 302 302 302 302 403 403",
    },
    "calendar-attendance": {
        "own": "405 405 405 405 405 405 405 405",
        "own_post": "400 400 400 400 400 400 403 403",
        "other_team": "405 405 405 405 405 405 405 405",
        "other_team_post": "403 400 400 400 400 400 403 403",
    },
    "calendar-contact": {
        "own": "405 405 405 405 405 405 405 405",
        "own_post": "400 400 400 400 400 400 403 403",
        "other_team": "405 405 405 405 405 405 405 405",
        "other_team_post": "403 400 400 400 400 400 403 403",
    },
    "counselling-new": {
        "own": "200 200 403 403 403 200 403 403",
        "other_team": "403 200 403 403 403 200 403 403",
    },
    "assessment-new": {
        "own": "200 200 403 403 403 200 403 403",
        "other_team": "403 200 403 403 403 200 403 403",
    },
    "asi-preview": {
        "own": "405 405 405 405 405 405 405 405",
        "own_post": "200 200 403 403 403 200 403 403",
        "other_team": "405 405 405 405 405 405 405 405",
        "other_team_post": "403 200 403 403 403 200 403 403",
    },
    "assessments": {
        "own": "200 200 200 200 403 200 403 403",
        "other_team": "403 200 200 200 403 200 403 403",
    },
    "outreach-assessment": {
        "own": "405 405 405 405 405 405 405 405",
        "own_post": "302 302 403 403 403 302 403 403",
        "other_team": "405 405 405 405 405 405 405 405",
        "other_team_post": "403 302 403 403 403 302 403 403",
    },
    "visitation": {"get": "200 200 403 403 403 200 403 403"},
    "application-new": {
        "own": "200 200 403 403 403 200 403 403",
        "other_team": "403 200 403 403 403 200 403 403",
    },
    "decision-new": {
        "own": "403 302 403 403 403 302 403 403",
        "other_team": "403 302 403 403 403 302 403 403",
    },
    "decision-extend": {
        "own": "403 200 403 403 403 200 403 403",
        "other_team": "403 200 403 403 403 200 403 403",
    },
    "decision-eligibility": {
        "own": "403 200 403 403 403 200 403 403",
        "other_team": "403 200 403 403 403 200 403 403",
    },
    "decision-letter": {
        "own": "200 200 200 200 200 200 403 403",
        "other_team": "403 200 200 200 200 200 403 403",
    },
    "decision-letter-html": {
        "own": "200 200 200 200 200 200 403 403",
        "other_team": "403 200 200 200 200 200 403 403",
    },
    "decision-letter-pdf": {
        "own": "200 200 200 200 200 200 403 403",
        "other_team": "403 200 200 200 200 200 403 403",
    },
    "decision-sent": {
        "own": "405 405 405 405 405 405 405 405",
        "own_post": "403 400 403 403 403 400 403 403",
        "other_team": "405 405 405 405 405 405 405 405",
        "other_team_post": "403 400 403 403 403 400 403 403",
    },
    "waiver-new": {
        "own": "403 200 403 403 403 200 403 403",
        "other_team": "403 200 403 403 403 200 403 403",
    },
    "free-choice": {
        "own": "200 200 403 403 403 200 403 403",
        "other_team": "403 200 403 403 403 200 403 403",
    },
    "course-detail": {
        "own": "200 200 200 200 200 200 403 403",
        "other_team": "403 200 200 200 200 200 403 403",
    },
    "treatment-start": {
        "own": "302 302 403 403 403 302 403 403",
        "other_team": "403 302 403 403 403 302 403 403",
    },
    "course-services": {
        "own": "200 200 200 200 200 200 403 403",
        "other_team": "403 200 200 200 200 200 403 403",
    },
    "course-doctor-consultation": {
        "own": "200 200 200 200 200 200 403 403",
        "other_team": "403 200 200 200 200 200 403 403",
    },
    "course-treater": {
        "own": "200 200 200 200 200 200 403 403",
        "other_team": "403 200 200 200 200 200 403 403",
    },
    "course-phase": {
        "own": "200 200 200 200 200 200 403 403",
        "other_team": "403 200 200 200 200 200 403 403",
    },
    "course-sib": {
        "own": "405 405 405 405 405 405 405 405",
        "own_post": "400 400 403 403 403 400 403 403",
        "other_team": "405 405 405 405 405 405 405 405",
        "other_team_post": "403 400 403 403 403 400 403 403",
    },
    "course-appointments": {
        "own": "200 200 200 200 200 200 403 403",
        "other_team": "403 200 200 200 200 200 403 403",
    },
    "appointment-attendance": {
        "own": "405 405 405 405 405 405 405 405",
        "own_post": "400 400 400 400 400 400 403 403",
        "other_team": "405 405 405 405 405 405 405 405",
        "other_team_post": "403 400 400 400 400 400 403 403",
    },
    "course-stays": {
        "own": "200 200 200 200 200 200 403 403",
        "other_team": "403 200 200 200 200 200 403 403",
    },
    "stay-meeting": {
        "own": "405 405 405 405 405 405 405 405",
        "own_post": "400 400 403 403 403 400 403 403",
        "other_team": "405 405 405 405 405 405 405 405",
        "other_team_post": "403 400 403 403 403 400 403 403",
    },
    "course-medical": {
        "own": "403 403 200 200 403 403 403 403",
        "other_team": "403 403 200 200 403 403 403 403",
    },
    "course-events": {
        "own": "200 200 200 200 200 200 403 403",
        "other_team": "403 200 200 200 200 200 403 403",
    },
    "plan": {
        "own": "200 200 200 200 403 200 403 403",
        "other_team": "403 200 200 200 403 200 403 403",
    },
    "plan-edit": {
        "own": "200 200 403 403 403 200 403 403",
        "other_team": "403 200 403 403 403 200 403 403",
    },
    "plan-sign": {
        "own": "405 405 405 405 405 405 405 405",
        "own_post": "400 400 403 403 403 400 403 403",
        "other_team": "405 405 405 405 405 405 405 405",
        "other_team_post": "403 400 403 403 403 400 403 403",
    },
    "plan-review": {
        "own": "200 200 403 403 403 200 403 403",
        "other_team": "403 200 403 403 403 200 403 403",
    },
    "plan-compare": {
        "own": "200 200 200 200 403 200 403 403",
        "other_team": "403 200 200 200 403 200 403 403",
    },
    "discharge": {
        "own": "200 200 200 200 403 200 403 403",
        "other_team": "403 200 200 200 403 200 403 403",
    },
    "follow-up-record": {
        "own": "200 200 403 403 403 200 403 403",
        "other_team": "403 200 403 403 403 200 403 403",
    },
    "follow-ups": {"get": "200 200 403 403 403 200 403 403"},
    "complaints": {"get": "200 200 403 403 200 200 403 403"},
    "complaint-new": {"get": "200 200 403 403 200 200 403 403"},
    "complaint-route": {"get": "200 200 403 403 200 200 403 403"},
    "complaint-detail": {
        "own": "200 200 403 403 403 200 403 403",
        "other_team": "403 200 403 403 403 200 403 403",
    },
    "complaint-reassess": {
        "own": "405 405 405 405 405 405 405 405",
        "own_post": "403 400 403 403 403 400 403 403",
        "other_team": "405 405 405 405 405 405 405 405",
        "other_team_post": "403 400 403 403 403 400 403 403",
    },
    "complaint-forward": {
        "own": "405 405 405 405 405 405 405 405",
        "own_post": "403 400 403 403 403 400 403 403",
        "other_team": "405 405 405 405 405 405 405 405",
        "other_team_post": "403 400 403 403 403 400 403 403",
    },
    "providers": {"get": "200 200 200 200 200 200 200 403"},
    "provider-new": {"get": "403 403 403 403 403 200 200 403"},
    "my-standard": {"get": "403 403 403 403 403 200 200 403"},
    "reports": {"get": "403 200 403 403 403 200 200 403"},
    "reports-annex": {"get": "403 200 403 403 403 200 200 403"},
    "reports-annex-pdf": {"get": "403 200 403 403 403 200 200 403"},
    "reports-export": {"get": "403 200 403 403 403 200 200 403"},
    "reports-annex-export": {"get": "403 200 403 403 403 200 200 403"},
    "registers": {"get": "403 403 403 403 403 200 200 403"},
    "register-download": {
        "get": "405 405 405 405 405 405 405 405",
        "post": "403 403 403 403 403 400 400 403",
    },
    "register-fhir": {
        "get": "405 405 405 405 405 405 405 405",
        "post": "403 403 403 403 403 400 400 403",
    },
    "register-fhir-citizen": {
        "get": "405 405 405 405 405 405 405 405",
        "post": "403 403 403 403 403 400 400 403",
    },
    "security-log": {"get": "403 403 403 403 403 200 403 200"},
    "notice-seen": {
        "own": "405 405 405 405 405 405 405 405",
        "own_post": "403 403 403 403 403 302 403 403",
        "other_team": "405 405 405 405 405 405 405 405",
        "other_team_post": "403 403 403 403 403 302 403 403",
    },
    "staff": {"get": "403 403 403 403 403 403 200 403"},
    "staff-edit": {
        "own": "403 403 403 403 403 403 200 403",
        "other_team": "403 403 403 403 403 403 200 403",
    },
}
