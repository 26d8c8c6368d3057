"""Personal API tokens: "Mine API-tokens" on the profile, /api/v1/me/tokens, and what a token
can do once created or revoked."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from styringsdialog.accounts.models import ApiToken, hash_token
from styringsdialog.accounts.services import MAX_TOKENS_PER_USER, create_api_token

pytestmark = pytest.mark.django_db

PAGE = "/min-profil/api-tokens/"


def test_the_page_creates_a_token_shown_once_that_opens_the_api(world, client_for):
    torben = world.users["caseworker_ballerup"]
    client = client_for(torben)
    page = client.get(PAGE)
    assert page.status_code == 200 and "Du har ingen API-tokens." in page.content.decode()
    assert "no-cache" in page["Cache-Control"] or "no-store" in page["Cache-Control"]

    made = client.post(PAGE, {"name": "Sagssystem"}).content.decode()
    found = re.search(r'id="new-token" type="text" readonly value="([^"]+)"', made)
    assert found, made
    raw = found.group(1)
    token = ApiToken.objects.get(user=torben)
    assert token.name == "Sagssystem" and token.key_hash == hash_token(raw)
    assert raw not in client.get(PAGE).content.decode()  # shown on that one answer only

    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get("/api/v1/kommuner/151").status_code == 200
    assert api.get("/api/v1/kommuner/101").status_code == 404  # the user's own scope


def test_an_empty_or_overlong_name_is_refused_in_danish(world, client_for):
    client = client_for(world.users["almenbo_staff"])
    empty = client.post(PAGE, {"name": "  "})
    assert empty.status_code == 422 and "Giv tokenet et navn" in empty.content.decode()
    long = client.post(PAGE, {"name": "x" * 101})
    assert long.status_code == 422 and "højst 100 tegn" in long.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_stops_the_token_and_only_the_owner_can(world, client_for):
    torben, karin = world.users["caseworker_ballerup"], world.users["caseworker_kbh"]
    token, raw = create_api_token(user=torben, name="Sagssystem")
    url = f"/min-profil/api-tokens/{token.pk}/tilbagekald/"
    assert client_for(karin).post(url).status_code == 404
    assert client_for(torben).get(url).status_code == 405
    assert client_for(torben).post(url).status_code == 302
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get("/api/v1/kommuner/151").status_code == 401


def test_the_page_needs_a_login(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/log-ind/" in response["Location"]


def test_the_api_lists_without_the_key_creates_once_and_revokes(world, client_for):
    torben = world.users["caseworker_ballerup"]
    client = client_for(torben)
    made = client.post("/api/v1/me/tokens", {"name": "Robot"}, content_type="application/json")
    assert made.status_code == 201
    body = made.json()
    assert set(body) == {"id", "name", "created_at", "last_used_at", "token"}
    listed = client.get("/api/v1/me/tokens").json()
    assert listed["count"] == 1 and "token" not in listed["items"][0]
    assert client_for(world.users["caseworker_kbh"]).get("/api/v1/me/tokens").json()["count"] == 0
    bearer = Client(HTTP_AUTHORIZATION=f"Bearer {body['token']}")
    assert bearer.get("/api/v1/me/tokens").json()["items"][0]["last_used_at"] is not None
    gone = client_for(torben).delete(f"/api/v1/me/tokens/{body['id']}")
    assert gone.status_code == 204 and not ApiToken.objects.exists()


def test_at_most_a_bounded_number_of_tokens_per_user(world, client_for):
    torben = world.users["caseworker_ballerup"]
    for n in range(MAX_TOKENS_PER_USER):
        create_api_token(user=torben, name=f"t{n}")
    response = client_for(torben).post(
        "/api/v1/me/tokens", {"name": "én for meget"}, content_type="application/json"
    )
    assert response.status_code == 422 and "Tilbagekald et" in response.json()["error"]["message"]
