"""What the audit log records: views and downloads of non-public pages by each persona, writes
on the configured models with the changed field names, and nothing for public pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from styringsdialog.audit import context
from styringsdialog.audit.models import AuditEntry
from styringsdialog.meetings import services
from styringsdialog.meetings.tests.conftest import make_meeting

PERSONAS = [
    ("caseworker_ballerup", 200),
    ("caseworker_kbh", 404),
    ("almenbo_staff", 200),
    ("other_org_staff", 404),
    ("analyst", 404),
    ("admin", 200),
    ("no_role", 404),
]


@pytest.fixture
def invited(world):
    meeting = make_meeting(world)
    services.send_invitation(meeting=meeting, by=world.users["caseworker_ballerup"])
    AuditEntry.objects.all()  # nothing recorded so far: the world is built without an actor
    return meeting


@pytest.mark.parametrize(("persona", "status"), PERSONAS)
def test_view_and_download_are_recorded_per_persona(world, invited, client_for, persona, status):
    user = world.users[persona]
    client = client_for(user)
    assert client.get(f"/moeder/{invited.pk}/").status_code == status
    assert client.get(f"/moeder/{invited.pk}/kalender.ics").status_code == status
    entries = list(AuditEntry.objects.filter(user_id=user.pk).order_by("pk"))
    assert [(e.kind, e.status, e.meeting_id, e.path) for e in entries] == [
        ("view", status, invited.pk, f"/moeder/{invited.pk}/"),
        (
            "download" if status == 200 else "view",
            status,
            invited.pk,
            f"/moeder/{invited.pk}/kalender.ics",
        ),
    ]
    assert entries[0].username == user.username
    assert entries[0].object_type == "meetings:meeting"
    assert entries[0].object_id == f"pk={invited.pk}"
    assert entries[0].method == "GET"


def test_public_pages_and_anonymous_visitors_are_not_recorded(world, client_for):
    client = client_for(world.users["caseworker_ballerup"])
    client.get("/offentlig/")
    client.get("/tilgaengelighed/")
    client_for(None).get("/")
    assert not AuditEntry.objects.exists()


def test_public_page_costs_no_query_for_the_log(world, client_for):
    client = client_for(None)
    client.get("/offentlig/")  # warm caches
    with CaptureQueriesContext(connection) as queries:
        client.get("/privatliv/")
    assert not [q for q in queries.captured_queries if "audit" in q["sql"]]
    assert len(queries) == 0


def test_writes_are_recorded_with_actor_and_changed_fields(world, client_for):
    torben = world.users["caseworker_ballerup"]
    context.set_actor(torben)
    try:
        meeting = make_meeting(world)
        meeting.place = "Byrådssalen"
        meeting.save()
        item = meeting.items.get(key="velkomst")
        services.write_minutes(item=item, text="Velkommen.")
        item_pk = item.pk
        item.delete()
    finally:
        context.set_actor(None)
    created = AuditEntry.objects.get(kind="create", object_type="meetings.meeting")
    assert created.username == "torben" and created.meeting_id == meeting.pk
    changed = AuditEntry.objects.filter(kind="change", object_type="meetings.meeting").first()
    assert changed is not None and "place" in changed.fields.split(",")
    minutes = AuditEntry.objects.filter(
        kind="change", object_type="meetings.agendaitem", object_id=str(item_pk)
    ).first()
    assert minutes is not None and "minutes" in minutes.fields.split(",")
    deleted = AuditEntry.objects.get(
        kind="delete", object_type="meetings.agendaitem", object_id=str(item_pk)
    )
    assert deleted.meeting_id == meeting.pk


def test_writes_without_an_actor_are_not_recorded(world):
    make_meeting(world)
    assert not AuditEntry.objects.exists()


def test_api_reads_with_a_token_are_recorded(world, invited, client) -> None:
    from styringsdialog.accounts.services import create_api_token

    _token, raw = create_api_token(user=world.users["caseworker_ballerup"], name="Sagssystem")
    response = client.get(f"/api/v1/meetings/{invited.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    entry = AuditEntry.objects.get(path=f"/api/v1/meetings/{invited.pk}")
    assert entry.username == "torben" and entry.kind == "view" and entry.status == 200
    assert entry.meeting_id == invited.pk
