"""Read-log coverage of the API (R48): every operation that reads (GET, and the search) is called
by a role allowed to use it, and a response that shows a person (a name or a masked CPR number)
or hands over a file about them must have written a read-log row for that person in the same
request. The operations come from the OpenAPI schema, so a new one cannot escape."""

import pytest

from tests.api.conftest import ApiClient
from tests.api.test_matrix import ALLOWED, World, call, operations
from vendepunkt.accounts.models import Role
from vendepunkt.api import tokens
from vendepunkt.audit.models import ReadLogEntry
from vendepunkt.citizens.models import Client

pytestmark = pytest.mark.django_db

READS = {"search_clients"}  # a POST that reads
FILES = ("application/pdf",)


def test_every_api_read_of_personal_data_is_logged():
    world = World()
    people = {
        c.pk: [v for v in (c.name, c.masked_cpr, c.code) if v]
        for c in Client.objects.filter(municipality=world.town.municipality)
    }
    checked, problems = 0, []
    for n, (operation, method, path) in enumerate(sorted(operations())):
        if method != "get" and operation not in READS:
            continue
        role = next((r for r in Role.values if r in ALLOWED[operation]), None)
        if role is None:
            continue
        user = getattr(world.town, role)
        client = ApiClient(tokens.create_token(None, user, name="log", days=1)[1])
        before = ReadLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
        response = call(client, world, operation, method, path, n)
        if response.status_code >= 400:
            problems.append(f"{operation} ({role}): {response.status_code}")
            continue
        checked += 1
        body = response.content.decode(errors="replace")
        shown = {pk for pk, marks in people.items() if any(m in body for m in marks)}
        if response.get("Content-Type", "").startswith(FILES):
            shown.add(world.client.pk)  # the decision letter of the world's citizen
        logged = set(
            ReadLogEntry.objects.filter(id__gt=before, actor=user).values_list(
                "client_id", flat=True
            )
        )
        if shown - logged:
            problems.append(f"{operation} ({role}): shows {sorted(shown - logged)} unlogged")
    assert checked >= 25
    assert not problems, "\n".join(problems)
