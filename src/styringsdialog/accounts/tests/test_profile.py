""" "Min profil": the kinds of e-mail a user receives — page (without JavaScript) and API."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from styringsdialog.accounts.models import NotificationKind, NotificationOptOut
from styringsdialog.accounts.queries import enabled_kinds

pytestmark = pytest.mark.django_db


def test_profile_needs_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and "log-ind" in response["Location"]


def test_profile_shows_every_kind_ticked_by_default(world, client_for):
    html = (
        client_for(world.users["almenbo_staff"]).get(reverse("accounts:profile")).content.decode()
    )
    assert "Min profil" in html
    for _, label in NotificationKind.choices:
        assert str(label) in html
    assert html.count(" checked") == len(NotificationKind.values)


def test_turning_kinds_off_on_the_page(world, client_for):
    claus = world.users["almenbo_staff"]
    response = client_for(claus).post(
        reverse("accounts:profile"), {"enabled": ["invitation", "referat_sent"]}
    )
    assert response.status_code == 302
    assert enabled_kinds(claus) == ["invitation", "referat_sent"]
    html = client_for(claus).get(reverse("accounts:profile")).content.decode()
    assert html.count(" checked") == 2
    # and on again
    client_for(claus).post(reverse("accounts:profile"), {"enabled": NotificationKind.values})
    assert NotificationOptOut.objects.filter(user=claus).count() == 0


def test_unknown_kind_is_refused_on_the_page(world, client_for):
    claus = world.users["almenbo_staff"]
    response = client_for(claus).post(reverse("accounts:profile"), {"enabled": ["spam"]})
    assert response.status_code == 200
    assert NotificationOptOut.objects.filter(user=claus).count() == 0


def test_api_get_and_put_preferences(world, client_for):
    client = client_for(world.users["caseworker_ballerup"])
    got = client.get("/api/v1/me/notifications").json()
    assert {k["kind"] for k in got["kinds"] if k["enabled"]} == set(NotificationKind.values)
    put = client.put(
        "/api/v1/me/notifications",
        data=json.dumps({"enabled": ["comment_received"]}),
        content_type="application/json",
    )
    assert put.status_code == 200
    assert [k["kind"] for k in put.json()["kinds"] if k["enabled"]] == ["comment_received"]
    bad = client.put(
        "/api/v1/me/notifications",
        data=json.dumps({"enabled": ["spam"]}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid"


def test_api_preferences_anonymous_401(client):
    response = client.get("/api/v1/me/notifications")
    assert response.status_code == 401


def test_api_put_preferences_requires_csrf_with_a_session(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["almenbo_staff"])
    response = client.put(
        "/api/v1/me/notifications",
        data=json.dumps({"enabled": []}),
        content_type="application/json",
    )
    assert response.status_code == 403 and response.json()["error"]["code"] == "csrf_failed"
    assert NotificationOptOut.objects.count() == 0
