"""Issue 10 § 1: nobody gives themselves more access, a grant that opens personal data is told to
the centre leaders, and every list obeys the need-to-know rule of the records it points to."""

import pytest

from tests.api.conftest import api_as
from tests.security import world as worlds
from tests.web.conftest import signed_in
from vendepunkt.accounts.models import Role
from vendepunkt.audit.models import AuditEntry, Notice, SecurityEvent

pytestmark = pytest.mark.django_db


def test_an_administrator_cannot_make_themselves_centre_leader_over_the_api(her):
    admin = her.administrator
    api = api_as(admin)
    response = api.put(f"/api/staff/{admin.pk}", {"role": "centre_leader", "team_ids": []})
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "egen rolle" in response.json()["detail_da"]
    admin.refresh_from_db()
    assert admin.role == Role.ADMINISTRATOR
    assert not AuditEntry.objects.filter(action="staff.role_set").exists()
    assert api.get(f"/api/clients/{1}").status_code in (403, 404)  # still no citizen's data
    refused = SecurityEvent.objects.get(actor=admin, status=403)
    assert refused.path == f"/api/staff/{admin.pk}" and refused.channel == "api"
    assert refused.permission == "accounts.manage_own_role"


def test_an_administrator_cannot_change_their_own_role_or_teams_on_the_web(her):
    admin = her.administrator
    web = signed_in(admin)
    assert web.get(f"/personale/{admin.pk}/").status_code == 403
    response = web.post(f"/personale/{admin.pk}/", {"role": "centre_leader"})
    assert response.status_code == 403
    assert "En anden administrator" in response.content.decode()
    admin.refresh_from_db()
    assert admin.role == Role.ADMINISTRATOR
    staff_page = web.get("/personale/").content.decode()
    assert f'href="/personale/{admin.pk}/"' not in staff_page  # no edit link on one's own row


def test_another_administrator_grants_and_the_centre_leader_is_told(her):
    admin, newcomer = her.administrator, her.user("treater")
    newcomer.role = ""
    newcomer.save()
    newcomer.teams.clear()
    response = api_as(admin).put(
        f"/api/staff/{newcomer.pk}", {"role": "centre_leader", "team_ids": []}
    )
    assert response.status_code == 200
    notice = Notice.objects.get(kind=Notice.Kind.ROLE_GRANTED, subject=newcomer)
    assert notice.actor == admin and notice.municipality_id == her.municipality.pk
    assert notice.data["after"]["role"] == "centre_leader"
    leader_page = signed_in(her.centre_leader).get("/arbejdsliste/").content.decode()
    assert 'id="notices"' in leader_page and newcomer.username in leader_page
    # the leader marks it seen (audited); it leaves the worklist
    seen = signed_in(her.centre_leader).post(f"/meddelelser/{notice.pk}/set/", {"back": "worklist"})
    assert seen.status_code == 302
    notice.refresh_from_db()
    assert notice.seen_by == her.centre_leader
    assert AuditEntry.objects.filter(action="notice.seen", target_id=str(notice.pk)).exists()
    assert 'id="notices"' not in signed_in(her.centre_leader).get("/arbejdsliste/").content.decode()


def test_a_grant_of_administrator_opens_no_personal_data_and_tells_no_one(her):
    newcomer = her.user("secretary")
    api_as(her.administrator).put(
        f"/api/staff/{newcomer.pk}", {"role": "administrator", "team_ids": []}
    )
    assert not Notice.objects.filter(subject=newcomer).exists()


def test_only_a_centre_leader_marks_a_notice_seen_and_another_municipality_finds_none(her, had):
    newcomer = her.user("secretary")
    api_as(her.administrator).put(
        f"/api/staff/{newcomer.pk}", {"role": "treater", "team_ids": [her.team.pk]}
    )
    notice = Notice.objects.get(subject=newcomer)
    assert signed_in(her.treater).post(f"/meddelelser/{notice.pk}/set/").status_code == 403
    assert signed_in(her.auditor).post(f"/meddelelser/{notice.pk}/set/").status_code == 403
    assert signed_in(had.centre_leader).post(f"/meddelelser/{notice.pk}/set/").status_code == 404
    notice.refresh_from_db()
    assert notice.seen_at is None


# --- every list obeys need to know ---------------------------------------------------------------

LIST_ROLES = (
    "treater",
    "visitation_caseworker",
    "doctor",
    "nurse",
    "secretary",
    "centre_leader",
)


def _items(response):
    assert response.status_code in (200, 403), response.content[:300]
    return response.json()["items"] if response.status_code == 200 else []


def test_every_list_shows_only_rows_whose_record_the_user_may_open():
    """For every role and every list that points to a course, a complaint or a citizen (the
    worklist in each scope, on the web and in the API, the citizen search, the complaints, the
    follow-ups due and the visitation agenda), each row's record opens for that user."""
    w = worlds.build()
    checked = 0
    failures = []
    for role in LIST_ROLES:
        user = getattr(w.a, role)
        api = api_as(user)
        web = signed_in(user)
        rows = []  # (list, detail url)
        for scope in ("mine", "team", "centre", "all"):
            for item in _items(api.get(f"/api/worklist?scope={scope}&page_size=100")):
                course = item["deadline"]["contact_course_id"]
                rows.append((f"api worklist {scope}", f"/api/courses/{course}"))
            page = web.get(f"/arbejdsliste/?scope={scope}")
            for link in _work_links(page.content.decode()):
                rows.append((f"web worklist {scope}", link))
        for name in ("Fiktiv",):
            for item in _items(api.post("/api/clients/search", {"name": name})):
                rows.append(("api search", f"/api/clients/{item['id']}"))
        for item in _items(api.get("/api/complaints?page_size=100")):
            rows.append(("api complaints", f"/api/complaints/{item['id']}"))
        for item in _items(api.get("/api/follow-ups/due?page_size=100")):
            rows.append(("api follow-ups", f"/api/courses/{item['contact_course_id']}"))
        for item in _items(api.get("/api/visitation/agenda?page_size=100")):
            course = item["application"]["contact_course_id"]
            rows.append(("api agenda", f"/api/courses/{course}"))
        for listing, url in rows:
            client = api if url.startswith("/api/") else web
            status = client.get(url).status_code
            checked += 1
            if status != 200:
                failures.append((role, listing, url, status))
    assert failures == []
    assert checked > 20  # the lists were not empty


def test_a_treater_sees_no_other_teams_citizen_on_any_worklist():
    w = worlds.build()
    treater = w.a.treater
    web = signed_in(treater)
    api = api_as(treater)
    for scope in ("mine", "team", "centre"):
        page = web.get(f"/arbejdsliste/?scope={scope}").content.decode()
        assert w.other_team.name not in page, scope
        labels = [r["client_label"] for r in _items(api.get(f"/api/worklist?scope={scope}"))]
        assert w.other_team.name not in labels, scope
    tabs = web.get("/arbejdsliste/").content.decode()
    assert "?scope=centre" not in tabs  # the centre would only repeat the teams


def _work_links(html: str) -> list[str]:
    """Every link of a worklist to a record: the course, the citizen, the plan, the follow-up,
    the application or the complaint where the work is done (issue 13 § 5)."""
    import re

    pattern = r'href="(/(?:forloeb|borgere|behandling|ansoegninger|klager)/\d+/[^"?#]*)"'
    return sorted(set(re.findall(pattern, html)))


def _links(html: str, prefix: str) -> list[str]:
    import re

    return sorted(set(re.findall(rf'href="({re.escape(prefix)}\d+/)"', html)))
