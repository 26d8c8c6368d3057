"""REST endpoints per persona: scope, filters, history and the status change through the service."""

from __future__ import annotations

from datetime import date

import pytest

from styringsdialog.meetings import services

from .conftest import advance

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(meeting, world):
    agreement = services.add_agreement(
        meeting=meeting,
        agenda_item=meeting.items.get(key="eventuelt"),
        text="Oplysningerne sendes til Almenbo",
        responsible_side="kommune",
        deadline=date(2021, 7, 1),
        by=None,
    )
    org_agreement = services.add_agreement(
        meeting=meeting, text="Almenbo tager det med", responsible_side="organisation", by=None
    )
    services.add_agenda_item(
        meeting=meeting, parent=meeting.items.get(key="eventuelt"), title="Registrering af boliger"
    )
    services.add_participant(meeting=meeting, name="Torben", side="kommune")
    case = services.open_case(
        department=world.lundebjerg,
        category="andet",
        title="Nye matrikler",
        opened_on=date(2021, 5, 27),
        text="Sendt",
        by=None,
    )
    return meeting, agreement, org_agreement, case


def test_anonymous_gets_401_in_the_shared_error_shape(client_for, data):
    response = client_for(None).get("/api/v1/meetings")
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthenticated"


@pytest.mark.parametrize(
    ("persona", "count"),
    [
        ("caseworker_ballerup", 1),
        ("admin", 1),
        ("almenbo_staff", 0),
        ("analyst", 0),
        ("caseworker_kbh", 0),
    ],
)
def test_meeting_list_scope(world, client_for, data, persona, count):
    assert client_for(world.users[persona]).get("/api/v1/meetings").json()["count"] == count


def test_meeting_detail_has_numbered_items_and_participants(world, client_for, data):
    body = (
        client_for(world.users["caseworker_ballerup"]).get(f"/api/v1/meetings/{data[0].pk}").json()
    )
    assert (
        body["styringsaar"] == 2021
        and body["organisation"] == "0151"
        and body["referat_status"] == "draft"
    )
    participant = data[0].participants.get()
    assert body["participants"] == [
        {"id": participant.pk, "name": "Torben", "side": "kommune", "title": "", "user_id": None}
    ]
    last = body["items"][-1]
    assert (last["label"], last["title"], last["children"][0]["label"]) == ("8", "Eventuelt", "8.a")


@pytest.mark.parametrize(
    ("persona", "draft", "sent"),
    [("almenbo_staff", 404, 200), ("other_org_staff", 404, 404), ("analyst", 404, 404)],
)
def test_meeting_detail_scope(world, client_for, data, persona, draft, sent):
    url = f"/api/v1/meetings/{data[0].pk}"
    response = client_for(world.users[persona]).get(url)
    assert response.status_code == draft and response.json()["error"]["code"] == "not_found"
    advance(data[0], world, "sent")
    assert client_for(world.users[persona]).get(url).status_code == sent


def test_agreement_filters(world, client_for, data):
    c = client_for(world.users["caseworker_ballerup"])
    assert (
        c.get("/api/v1/agreements", {"overdue": "true"}).json()["items"][0]["text"]
        == "Oplysningerne sendes til Almenbo"
    )
    assert c.get("/api/v1/agreements", {"status": "opfyldt"}).json()["count"] == 0
    assert (
        c.get("/api/v1/agreements", {"kommune": "151", "organisation": "0151"}).json()["count"] == 2
    )


def test_agreement_detail_has_history(world, client_for, data):
    body = (
        client_for(world.users["caseworker_ballerup"])
        .get(f"/api/v1/agreements/{data[1].pk}")
        .json()
    )
    assert body["overdue"] is True and body["history"][0]["field"] == "oprettet"


def test_status_post_uses_the_service_and_records_history(world, client_for, data):
    c = client_for(world.users["caseworker_ballerup"])
    response = c.post(
        f"/api/v1/agreements/{data[1].pk}/status",
        {"status": "i_gang", "note": "Sendes i morgen"},
        content_type="application/json",
    )
    body = response.json()
    assert response.status_code == 200 and body["status"] == "i_gang"
    assert body["history"][-1] == {
        **body["history"][-1],
        "field": "status",
        "old_value": "aftalt",
        "new_value": "i gang",
        "note": "Sendes i morgen",
    }


def test_illegal_status_post_is_422_with_the_danish_message(world, client_for, data):
    response = client_for(world.users["caseworker_ballerup"]).post(
        f"/api/v1/agreements/{data[1].pk}/status",
        {"status": "lukket"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert (
        response.json()["error"]["message"]
        == "En aftale kan ikke gå fra 'aftalt' direkte til 'lukket'."
    )


def test_organisation_staff_status_post(world, client_for, data):
    advance(data[0], world, "sent")
    c = client_for(world.users["almenbo_staff"])
    assert (
        c.post(
            f"/api/v1/agreements/{data[2].pk}/status",
            {"status": "opfyldt"},
            content_type="application/json",
        ).status_code
        == 403
    )
    assert (
        c.post(
            f"/api/v1/agreements/{data[1].pk}/status",
            {"status": "i_gang"},
            content_type="application/json",
        ).status_code
        == 403
    )
    assert (
        c.post(
            f"/api/v1/agreements/{data[2].pk}/status",
            {"status": "i_gang"},
            content_type="application/json",
        ).status_code
        == 200
    )


@pytest.mark.parametrize(
    ("persona", "status"), [("caseworker_kbh", 404), ("analyst", 404), ("other_org_staff", 404)]
)
def test_outsiders_get_404_on_status_post(world, client_for, data, persona, status):
    response = client_for(world.users[persona]).post(
        f"/api/v1/agreements/{data[1].pk}/status",
        {"status": "i_gang"},
        content_type="application/json",
    )
    assert response.status_code == status


def test_cases_endpoints(world, client_for, data):
    c = client_for(world.users["caseworker_ballerup"])
    assert (
        c.get("/api/v1/cases", {"department": "008"}).json()["items"][0]["title"] == "Nye matrikler"
    )
    body = c.get(f"/api/v1/cases/{data[3].pk}").json()
    assert (
        body["entries"] == [{"date": "2021-05-27", "text": "Sendt"}]
        and body["organisation"] == "0151"
    )
    assert (
        client_for(world.users["caseworker_kbh"]).get(f"/api/v1/cases/{data[3].pk}").status_code
        == 404
    )
    assert client_for(world.users["analyst"]).get("/api/v1/cases").json()["count"] == 0
