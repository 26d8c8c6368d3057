"""Registry API: scope like the pages, one error shape, pagination, token auth."""

from __future__ import annotations

import pytest

from styringsdialog.accounts.models import ApiToken, hash_token

pytestmark = pytest.mark.django_db


def assert_error(response, status: int, code: str) -> None:
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == status and body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


def test_anonymous_gets_401_in_the_error_shape(world, client_for):
    assert_error(client_for(None).get("/api/v1/departments"), 401, "unauthenticated")


def test_department_list_is_scoped(world, client_for):
    body = client_for(world.users["caseworker_ballerup"]).get("/api/v1/departments").json()
    names = {d["name"] for d in body["items"]}
    assert names == {"Lundebjerg", "Kirstinelund"}
    assert body["count"] == 2


def test_organisation_staff_see_only_their_organisation(world, client_for):
    body = client_for(world.users["other_org_staff"]).get("/api/v1/organisations").json()
    assert [o["number"] for o in body["items"]] == ["0101"]


@pytest.mark.parametrize(
    ("persona", "path", "status"),
    [
        ("caseworker_ballerup", "/api/v1/departments/0101/001", 404),
        ("caseworker_kbh", "/api/v1/organisations/0151", 404),
        ("other_org_staff", "/api/v1/departments/0151/008", 404),
        ("caseworker_kbh", "/api/v1/kommuner/151", 404),
        ("analyst", "/api/v1/departments/0151/008", 200),
        ("almenbo_staff", "/api/v1/departments/0151/008", 200),
    ],
)
def test_detail_scope(world, client_for, persona, path, status):
    response = client_for(world.users[persona]).get(path)
    if status == 404:
        assert_error(response, 404, "not_found")
    else:
        assert response.status_code == 200


def test_department_detail_has_account_lines_as_strings(world, client_for):
    body = client_for(world.users["analyst"]).get("/api/v1/departments/0151/008").json()
    kontos = {line["konto"] for line in body["account_lines"]}
    assert "112.1" in kontos
    assert body["dwellings"]["familie"] == 60


def test_pagination_and_bad_parameters(world, client_for):
    c = client_for(world.users["analyst"])
    body = c.get("/api/v1/kommuner?page=2").json()
    assert body["count"] == 98 and len(body["items"]) == 48
    assert_error(c.get("/api/v1/kommuner?page=abc"), 422, "invalid")


def test_bearer_token_authenticates(world, client):
    raw = ApiToken.new_raw_key()
    ApiToken.objects.create(
        user=world.users["caseworker_kbh"], name="test", key_hash=hash_token(raw)
    )
    body = client.get("/api/v1/departments", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert [d["name"] for d in body["items"]] == ["Nørrebroparken"]
    assert_error(
        client.get("/api/v1/departments", HTTP_AUTHORIZATION="Bearer wrong"), 401, "unauthenticated"
    )


def test_openapi_docs_are_generated(world, client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/departments" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_unknown_api_path_uses_the_error_shape(world, client_for):
    response = client_for(world.users["analyst"]).get("/api/v1/nonexistent")
    assert response.status_code == 404
