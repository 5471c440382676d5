"""The read side of courses, for the web pages, the API and the command line: each read checks
permission (through `courses.guard` or the rules) and writes the read log for the personal data it
returns. `course` (the course page), `intake` (contact, counselling, assessment), `visitation`
(agendas, applications, decisions) and `plan` (plan, discharge, follow-ups)."""
