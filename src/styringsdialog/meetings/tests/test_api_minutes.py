"""The minutes API (issue 10, item 1): read and write one point's minutes with its version;
409 in the shared error shape with both texts; scope per persona; CSRF for session logins."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from styringsdialog.meetings import services

from .conftest import advance

pytestmark = pytest.mark.django_db


def _url(meeting, item):
    return f"/api/v1/meetings/{meeting.pk}/items/{item.pk}/minutes"


def _put(client, meeting, item, body, **extra):
    return client.put(
        _url(meeting, item), json.dumps(body), content_type="application/json", **extra
    )


@pytest.fixture
def item(meeting):
    return meeting.items.get(key="velkomst")


def test_read_then_write_with_the_version(world, client_for, meeting, item):
    c = client_for(world.users["caseworker_ballerup"])
    got = c.get(_url(meeting, item)).json()
    assert got["version"] == 0 and got["label"] == "1" and got["minutes"] == ""
    r = _put(c, meeting, item, {"minutes": "Drøftet", "decision": "Besluttet", "version": 0})
    assert r.status_code == 200
    assert (r.json()["version"], r.json()["decision"]) == (1, "Besluttet")
    detail = c.get(f"/api/v1/meetings/{meeting.pk}").json()
    assert detail["items"][0]["decision"] == "Besluttet" and detail["items"][0]["version"] == 1


def test_a_stale_version_is_409_with_both_texts(world, client_for, meeting, item):
    services.write_minutes(item=item, text="Gemt af Ada", version=0, by=world.users["admin"])
    r = _put(
        client_for(world.users["caseworker_ballerup"]),
        meeting,
        item,
        {"minutes": "Torbens", "version": 0},
    )
    error = r.json()["error"]
    assert r.status_code == 409 and error["code"] == "conflict" and error["status"] == 409
    assert error["stored"]["minutes"] == "Gemt af Ada" and error["stored"]["version"] == 1
    assert error["yours"]["minutes"] == "Torbens"
    assert error["details"][0]["location"] == "body.version"
    item.refresh_from_db()
    assert item.minutes == "Gemt af Ada"


def test_history_endpoint_lists_the_changes(world, client_for, meeting, item):
    services.write_minutes(item=item, text="Hej", version=0, by=world.users["caseworker_ballerup"])
    rows = (
        client_for(world.users["caseworker_ballerup"])
        .get(f"/api/v1/meetings/{meeting.pk}/history")
        .json()["items"]
    )
    assert rows[0]["subject"] == "minutes" and rows[0]["new_value"] == "Hej"


@pytest.mark.parametrize(
    ("persona", "read", "write"),
    [
        ("caseworker_ballerup", 200, 200),
        ("admin", 200, 200),
        ("almenbo_staff", 200, 403),  # the referat is sent: readable, not writable
        ("caseworker_kbh", 404, 404),
        ("analyst", 404, 404),
        ("other_org_staff", 404, 404),
    ],
)
def test_scope_per_persona(world, client_for, meeting, item, persona, read, write):
    advance(meeting, world, "sent")
    c = client_for(world.users[persona])
    assert c.get(_url(meeting, item)).status_code == read
    version = item.__class__.objects.get(pk=item.pk).minutes_version
    assert _put(c, meeting, item, {"minutes": "x", "version": version}).status_code == write


def test_put_with_a_session_needs_the_csrf_token(world, meeting, item):
    c = Client(enforce_csrf_checks=True)
    c.force_login(world.users["caseworker_ballerup"])
    r = _put(c, meeting, item, {"minutes": "x", "version": 0})
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_failed"
    c.get(f"/moeder/{meeting.pk}/")  # the page sets the csrftoken cookie
    token = c.cookies["csrftoken"].value
    r = _put(c, meeting, item, {"minutes": "x", "version": 0}, HTTP_X_CSRFTOKEN=token)
    assert r.status_code == 200


def test_too_long_minutes_are_422(world, client_for, meeting, item):
    r = _put(
        client_for(world.users["caseworker_ballerup"]),
        meeting,
        item,
        {"minutes": "x" * 60_000, "version": 0},
    )
    assert r.status_code == 422


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("caseworker_ballerup", 200),
        ("almenbo_staff", 200),
        ("caseworker_kbh", 404),
        ("analyst", 404),
        ("other_org_staff", 404),
    ],
)
def test_reply_to_a_comment_per_persona(world, client_for, meeting, persona, status):
    advance(meeting, world, "sent")
    comment = services.add_referat_comment(
        meeting=meeting, by=world.users["almenbo_staff"], text="Hvem deltog?"
    )
    r = client_for(world.users[persona]).post(
        f"/api/v1/meetings/{meeting.pk}/comments/{comment.pk}/replies",
        json.dumps({"text": "Svar", "resolve": persona == "caseworker_ballerup"}),
        content_type="application/json",
    )
    assert r.status_code == status
    if status == 200:
        assert r.json()["parent_id"] == comment.pk and r.json()["text"] == "Svar"
    comment.refresh_from_db()
    assert comment.resolved == (persona == "caseworker_ballerup")


def test_reply_with_a_session_needs_the_csrf_token(world, meeting):
    advance(meeting, world, "sent")
    comment = services.add_referat_comment(
        meeting=meeting, by=world.users["almenbo_staff"], text="?"
    )
    c = Client(enforce_csrf_checks=True)
    c.force_login(world.users["caseworker_ballerup"])
    r = c.post(
        f"/api/v1/meetings/{meeting.pk}/comments/{comment.pk}/replies",
        json.dumps({"text": "Svar"}),
        content_type="application/json",
    )
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_failed"
    assert not comment.replies.exists()
