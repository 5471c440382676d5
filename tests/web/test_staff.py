"""Staff administration (issue "The staff web application" § 2): the administrator gives a user a
role and teams; a new user has no role and no access until then; everyone else is refused."""

import datetime as dt

import pytest
from django.test import Client

from tests.db.factories import Town
from tests.web.conftest import signed_in
from vendepunkt.accounts.models import User
from vendepunkt.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def newcomer(town) -> User:
    """A user as the identity provider makes one: in the municipality, with no role."""
    return User.objects.create_user(username="ny.medarbejder", municipality=town.municipality)


def test_the_administrator_sees_the_staff_and_who_has_no_role(her):
    nobody = newcomer(her)
    html = signed_in(her.administrator).get("/personale/").content.decode()
    assert f'id="staff-{nobody.pk}"' in html and "ingen rolle" in html
    assert f'href="/personale/{her.treater.pk}/"' in html
    assert 'href="/personale/"' in html  # in the navigation


@pytest.mark.parametrize(
    "role",
    [
        "treater",
        "visitation_caseworker",
        "doctor",
        "nurse",
        "secretary",
        "centre_leader",
        "auditor",
    ],
)
def test_other_roles_are_refused(her, role):
    client = signed_in(getattr(her, role))
    for path in ("/personale/", f"/personale/{her.treater.pk}/"):
        assert client.get(path).status_code == 403
    assert (
        client.post(f"/personale/{her.treater.pk}/", {"role": "centre_leader"}).status_code == 403
    )
    her.treater.refresh_from_db()
    assert her.treater.role == "treater"
    assert 'href="/personale/"' not in client.get("/arbejdsliste/").content.decode()


def test_giving_a_new_user_a_role_and_a_team(her):
    nobody = newcomer(her)
    # without a role the newcomer sees no data
    assert signed_in(nobody).get("/arbejdsliste/").status_code == 403
    admin = signed_in(her.administrator)
    bad = admin.post(f"/personale/{nobody.pk}/", {"role": "wizard"})
    assert bad.status_code == 400 and 'id="id_role-error"' in bad.content.decode()
    nobody.refresh_from_db()
    assert nobody.role == ""
    ok = admin.post(f"/personale/{nobody.pk}/", {"role": "treater", "teams": [str(her.team.pk)]})
    assert ok.status_code == 302
    nobody.refresh_from_db()
    assert nobody.role == "treater" and nobody.team_ids() == {her.team.pk}
    entry = AuditEntry.objects.get(action="staff.role_set", target_id=str(nobody.pk))
    assert entry.actor == her.administrator and entry.after["role"] == "treater"
    assert signed_in(nobody).get("/arbejdsliste/").status_code == 200


def test_another_municipalitys_user_is_not_found(her):
    other = Town("haderslev")
    admin = signed_in(her.administrator)
    assert admin.get(f"/personale/{other.treater.pk}/").status_code == 404
    response = admin.post(f"/personale/{other.treater.pk}/", {"role": "centre_leader"})
    assert response.status_code == 404
    other.treater.refresh_from_db()
    assert other.treater.role == "treater"


def test_staff_page_queries_do_not_grow(her, django_assert_max_num_queries):
    admin = signed_in(her.administrator)
    admin.get("/personale/")
    with django_assert_max_num_queries(30) as few:
        admin.get("/personale/")
    for n in range(5):
        her.user("treater")
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin.get("/personale/")


def test_signed_out_visitors_go_to_the_login(her):
    assert Client().get("/personale/").status_code == 302


def test_an_administrator_has_no_worklist_even_with_a_team(her):
    from vendepunkt.accounts.access import AccessDenied
    from vendepunkt.accounts.errors import ServiceError
    from vendepunkt.accounts.services import set_role_and_teams
    from vendepunkt.courses.deadlines import worklist

    admin = signed_in(her.administrator)
    response = admin.get("/arbejdsliste/")
    assert response.status_code == 302 and response["Location"] == "/personale/"
    with pytest.raises(ServiceError) as info:
        set_role_and_teams(
            her.user("administrator"), her.administrator, role="administrator", teams=[her.team]
        )
    assert info.value.field == "teams"
    her.administrator.teams.add(her.team)  # even so (e.g. teams given before this rule)
    her.administrator._team_ids = None
    with pytest.raises(AccessDenied):
        worklist(her.administrator, scope="team", today=dt.date(2026, 11, 23))


def test_roles_are_named_in_the_users_language(her):
    admin = signed_in(her.administrator)
    assert "Behandler" in admin.get("/personale/").content.decode()
    admin.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    english = admin.get("/personale/").content.decode()
    assert "Treater" in english and "Behandler" not in english
