"""Free choice in the web (issue 12 § 4, R21): a provider's refusal and a limitation for the
citizen's own sake are recorded with reasons on the free-choice page, and stop the choice."""

import pytest

from tests.web.conftest import signed_in
from tests.web.test_visitation import TODAY, citizen, decided, english, open_course, register
from vendepunkt.audit.models import AuditEntry
from vendepunkt.providers.models import FreeChoiceRecord

pytestmark = pytest.mark.django_db


def test_R21_provider_refusal_and_limitation_in_the_web(had):
    decision = decided(had, open_course(had, citizen(had, 1)), "move")
    good = register(had, "Godkendt Behandling")
    url = f"/afgoerelser/{decision.pk}/frit-valg/"
    client = english(signed_in(had.visitation_caseworker))
    page = client.get(url).content.decode()
    assert 'id="refusal-form"' in page and 'id="limit-form"' in page
    empty = client.post(url, {"action": "refuse", "refusal-provider": good.pk, "refusal-on": ""})
    assert empty.status_code == 400 and not FreeChoiceRecord.objects.exists()
    done = client.post(
        url,
        {
            "action": "refuse",
            "refusal-provider": good.pk,
            "refusal-reason": "Ingen ledige pladser.",
            "refusal-capacity": "on",
            "refusal-on": TODAY.isoformat(),
        },
    )
    assert done.status_code == 302
    page = client.get(url).content.decode()
    row = page[page.index(f'id="provider-{good.pk}"') :]
    assert "has refused to receive the citizen: Ingen ledige pladser." in row[:600]
    assert "Ingen ledige pladser." in page[page.index('id="free-choice-records"') :]
    limited = client.post(
        url,
        {
            "action": "limit",
            "limit-reason": "Borgerens psykiske tilstand taler for behandling tæt på netværket.",
            "limit-on": TODAY.isoformat(),
        },
    )
    assert limited.status_code == 302
    assert AuditEntry.objects.filter(action="free_choice.limited").count() == 1
    chosen = client.post(url, {"provider": good.pk, "on": TODAY.isoformat()})
    assert chosen.status_code == 400
    assert "The free choice under this grant is limited for the citizen" in chosen.content.decode()


def test_R21_a_treater_sees_no_limitation_form(had):
    decision = decided(had, open_course(had, citizen(had, 1)), "move")
    register(had, "Godkendt Behandling")
    page = signed_in(had.treater).get(f"/afgoerelser/{decision.pk}/frit-valg/").content.decode()
    assert 'id="refusal-form"' in page and 'id="limit-form"' not in page


def test_R21_no_limitation_of_free_choice_on_an_alcohol_decision_sul_141(had):
    """The law lets free choice be limited for the citizen's sake only in drug treatment under
    SEL § 101 (stk. 7); SUL § 141 gives the alcohol user free choice with no such limitation (HAD:
    "Borgeren kan uanset bopæl, frit vælge imellem alle landets godkendte
    alkoholbehandlingstilbud"). The form is not offered, the page says why, and a posted limitation
    is refused and writes nothing (D79)."""
    course = open_course(had, citizen(had, 2), track="SUL-141", substances=("alcohol",))
    decision = decided(had, course, "behandlingsforloeb-alkohol", legal_basis="SUL-141")
    register(had, "Godkendt Behandling")
    url = f"/afgoerelser/{decision.pk}/frit-valg/"
    client = signed_in(had.visitation_caseworker)
    page = client.get(url).content.decode()
    assert 'id="limit-form"' not in page
    assert 'id="limit-not-offered"' in page and "SEL § 101 stk. 7" in page
    before = AuditEntry.objects.count()
    posted = client.post(
        url, {"action": "limit", "limit-reason": "Hensyn.", "limit-on": TODAY.isoformat()}
    )
    assert posted.status_code == 400
    assert not FreeChoiceRecord.objects.exists()
    assert AuditEntry.objects.filter(action="free_choice.limited").count() == 0
    assert AuditEntry.objects.count() == before
