"""Agreement and case writes through the API: validation, version conflicts, scope, links."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.urls import reverse

from styringsdialog.meetings import services
from styringsdialog.meetings.models import Agreement, Case, CaseLink

from .conftest import advance

pytestmark = pytest.mark.django_db


def send(client, method: str, url: str, body: dict):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    return response.json()["error"]


@pytest.fixture
def torben(world, client_for):
    return client_for(world.users["caseworker_ballerup"])


@pytest.fixture
def case(world) -> Case:
    return services.open_case(
        department=world.lundebjerg,
        category="andet",
        title="Nye matrikler",
        opened_on=date(2021, 5, 27),
        by=None,
    )


def test_create_on_a_meeting_with_item_and_departments(world, torben, meeting):
    item = meeting.items.get(key="eventuelt")
    response = send(
        torben,
        "post",
        "/api/v1/agreements",
        {
            "meeting_id": meeting.pk,
            "item_id": item.pk,
            "text": "Almenbo sender en plan",
            "responsible_side": "organisation",
            "responsible_person": "Claus",
            "deadline": "2021-09-01",
            "departments": ["008", "0151-003"],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["meeting_id"] == meeting.pk and body["agenda_item_id"] == item.pk
    assert body["styringsaar"] == 2021 and body["deadline"] == "2021-09-01"
    assert body["departments"] == ["0151-003", "0151-008"]
    assert body["version"] == 0 and body["history"][0]["field"] == "oprettet"


def test_create_validates_deadline_and_departments(world, torben, meeting):
    base = {"meeting_id": meeting.pk, "text": "Plan", "responsible_side": "kommune"}
    bad_date = send(torben, "post", "/api/v1/agreements", {**base, "deadline": "1.9.2021"})
    assert error(bad_date, 422)["details"][0]["location"] == "body.payload.deadline"
    other_org = send(torben, "post", "/api/v1/agreements", {**base, "departments": ["0101-001"]})
    assert "hører ikke til Almenbo" in error(other_org, 422)["message"]
    unknown = send(torben, "post", "/api/v1/agreements", {**base, "departments": ["999"]})
    assert "findes ikke" in error(unknown, 422)["message"]
    both = send(
        torben, "post", "/api/v1/agreements", {**base, "kommune": "151", "styringsaar": 2021}
    )
    assert error(both, 422)["code"] == "invalid"
    neither = send(
        torben, "post", "/api/v1/agreements", {"text": "Plan", "responsible_side": "kommune"}
    )
    assert "Angiv mødet" in error(neither, 422)["message"]
    assert Agreement.objects.count() == 0


def test_create_without_meeting_needs_the_organisation_in_the_kommune(world, torben):
    body = {
        "kommune": "151",
        "organisation": "0101",
        "styringsaar": 2022,
        "text": "Plan",
        "responsible_side": "kommune",
    }
    response = send(torben, "post", "/api/v1/agreements", body)
    # Københavns Boligselskab is outside Ballerup's scope: not found
    assert error(response, 404)["code"] == "not_found"
    ok = send(torben, "post", "/api/v1/agreements", {**body, "organisation": "0151"})
    assert ok.status_code == 201 and ok.json()["meeting_id"] is None


def test_patch_changes_fields_and_a_stale_version_is_409(world, torben, meeting):
    agreement = services.add_agreement(
        meeting=meeting, text="Plan", responsible_side="kommune", by=None
    )
    url = f"/api/v1/agreements/{agreement.pk}"
    first = send(
        torben,
        "patch",
        url,
        {"version": 0, "text": "Ny plan", "deadline": "2021-10-01", "departments": ["008"]},
    )
    assert first.status_code == 200, first.content
    body = first.json()
    assert body["text"] == "Ny plan" and body["version"] == 1
    assert body["departments"] == ["0151-008"]
    stale = send(torben, "patch", url, {"version": 0, "text": "Min plan"})
    assert "ændret af en anden" in error(stale, 409)["message"]
    agreement.refresh_from_db()
    assert agreement.text == "Ny plan"
    cleared = send(torben, "patch", url, {"version": 1, "deadline": None})
    assert cleared.json()["deadline"] is None and cleared.json()["version"] == 2
    history = torben.get(f"{url}/history").json()
    fields = [e["field"] for e in history["items"]]
    assert fields == ["oprettet", "afdelinger", "tekst", "frist", "frist"]
    assert history["count"] == 5


def test_patch_rejects_another_organisations_department_and_null_text(world, torben, meeting):
    agreement = services.add_agreement(
        meeting=meeting, text="Plan", responsible_side="kommune", by=None
    )
    url = f"/api/v1/agreements/{agreement.pk}"
    other = send(torben, "patch", url, {"version": 0, "departments": ["0101-001"]})
    assert error(other, 422)["code"] == "invalid"
    null = send(torben, "patch", url, {"version": 0, "text": None})
    assert error(null, 422)["code"] == "invalid"
    agreement.refresh_from_db()
    assert agreement.version == 0 and not agreement.departments.exists()


def test_status_change_bumps_the_version_and_a_stale_one_is_409(world, torben, meeting):
    agreement = services.add_agreement(
        meeting=meeting, text="Plan", responsible_side="kommune", by=None
    )
    url = f"/api/v1/agreements/{agreement.pk}"
    moved = send(torben, "post", f"{url}/status", {"status": "i_gang", "version": 0})
    assert moved.status_code == 200, moved.content
    assert moved.json()["status"] == "i_gang" and moved.json()["version"] == 1
    # An edit begun before the status change, and a second status change from the same read
    edit = send(torben, "patch", url, {"version": 0, "text": "Min plan"})
    assert "ændret af en anden" in error(edit, 409)["message"]
    again = send(torben, "post", f"{url}/status", {"status": "opfyldt", "version": 0})
    assert "version 1, du startede fra 0" in error(again, 409)["message"]
    without = send(torben, "post", f"{url}/status", {"status": "opfyldt", "note": "Klaret"})
    assert without.json()["version"] == 2
    history = [(e["field"], e["new_value"]) for e in without.json()["history"]]
    assert history == [("oprettet", "aftalt"), ("status", "i gang"), ("status", "opfyldt")]


def test_organisation_staff_may_not_edit_an_agreement_they_report_on(world, client_for, meeting):
    agreement = services.add_agreement(
        meeting=meeting, text="Plan", responsible_side="organisation", by=None
    )
    advance(meeting, world, "sent")
    claus = client_for(world.users["almenbo_staff"])
    url = f"/api/v1/agreements/{agreement.pk}"
    assert claus.get(url).status_code == 200
    refused = send(claus, "patch", url, {"version": 0, "text": "Vores plan"})
    assert error(refused, 403)["code"] == "forbidden"
    assert send(claus, "post", f"{url}/status", {"status": "i_gang"}).status_code == 200


def test_carry_over_to_next_years_meeting(world, torben, meeting):
    agreement = services.add_agreement(
        meeting=meeting, text="Plan", responsible_side="kommune", by=None
    )
    url = f"/api/v1/agreements/{agreement.pk}/carry-over"
    not_yet = send(torben, "post", url, {})
    assert "Kun delvist eller ikke opfyldte" in error(not_yet, 422)["message"]
    services.change_agreement_status(agreement=agreement, status="delvist_opfyldt", by=None)
    same_year = send(torben, "post", url, {"meeting_id": meeting.pk})
    assert "senere styringsår" in error(same_year, 422)["message"]
    kbh_meeting = services.create_meeting_from_template(
        kommune=world.kbh,
        organisation=world.kbhbolig,
        styringsaar=2022,
        date=date(2022, 5, 1),
        by=world.users["caseworker_kbh"],
    )
    assert error(send(torben, "post", url, {"meeting_id": kbh_meeting.pk}), 404)
    next_year = services.create_meeting_from_template(
        kommune=world.ballerup,
        organisation=world.almenbo,
        styringsaar=2022,
        date=date(2022, 5, 20),
        by=world.users["caseworker_ballerup"],
    )
    response = send(torben, "post", url, {"meeting_id": next_year.pk, "deadline": "2022-12-01"})
    assert response.status_code == 201, response.content
    copy = response.json()
    assert copy["meeting_id"] == next_year.pk and copy["styringsaar"] == 2022
    assert copy["carried_from_id"] == agreement.pk and copy["status"] == "aftalt"
    agreement.refresh_from_db()
    assert agreement.status == "videreført"


def test_create_case_natural_key_and_scope(world, torben, client_for):
    body = {
        "organisation": "0151",
        "department": "003",
        "title": "Fugt i kældrene",
        "category": "byggeri_mangler",
        "opened_on": "2021-06-01",
        "text": "Beboerne har henvendt sig",
    }
    first = send(torben, "post", "/api/v1/cases", body)
    assert first.status_code == 201, first.content
    assert first.json()["entries"] == [{"date": "2021-06-01", "text": "Beboerne har henvendt sig"}]
    again = send(torben, "post", "/api/v1/cases", body)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert Case.objects.count() == 1
    bad = send(torben, "post", "/api/v1/cases", {**body, "title": "Ny", "category": "ukendt"})
    assert error(bad, 422)["code"] == "invalid"
    karin = client_for(world.users["caseworker_kbh"])
    assert error(send(karin, "post", "/api/v1/cases", body), 404)
    claus = client_for(world.users["almenbo_staff"])
    assert error(send(claus, "post", "/api/v1/cases", body), 403)


def test_case_edit_version_entries_and_status(world, torben, case):
    url = f"/api/v1/cases/{case.pk}"
    edited = send(
        torben,
        "patch",
        url,
        {"version": 0, "title": "Matrikler", "category": "matrikulaere_forhold"},
    )
    assert edited.status_code == 200, edited.content
    assert edited.json()["version"] == 1 and edited.json()["title"] == "Matrikler"
    assert (
        "Titel ændret fra »Nye matrikler« til »Matrikler«." in edited.json()["entries"][-1]["text"]
    )
    assigned = send(torben, "patch", url, {"version": 1, "responsible": "Torben"})
    assert assigned.json()["responsible"] == "Torben" and assigned.json()["version"] == 2
    assert "Ansvarlig ændret fra – til Torben." in assigned.json()["entries"][-1]["text"]
    html = torben.get(reverse("meetings:case", args=[case.pk])).content.decode()
    assert "Ansvarlig" in html and "Torben" in html
    stale = send(torben, "patch", url, {"version": 0, "title": "Andet"})
    assert error(stale, 409)["code"] == "conflict"
    early = send(torben, "post", f"{url}/entries", {"date": "2020-01-01", "text": "Før"})
    assert "før sagen blev oprettet" in error(early, 422)["message"]
    bad_date = send(torben, "post", f"{url}/entries", {"date": "27.05.2021", "text": "x"})
    assert error(bad_date, 422)["details"][0]["location"] == "body.payload.date"
    entry = send(torben, "post", f"{url}/entries", {"date": "2021-06-02", "text": "Svar sendt"})
    assert entry.status_code == 201 and entry.json() == {"date": "2021-06-02", "text": "Svar sendt"}
    closed = send(torben, "post", f"{url}/status", {"status": "lukket", "note": "Afsluttet"})
    assert closed.json()["status"] == "lukket" and closed.json()["closed_on"] is not None
    again = send(torben, "post", f"{url}/status", {"status": "lukket"})
    assert "allerede status" in error(again, 422)["message"]
    locked = send(torben, "patch", url, {"version": 2, "title": "Igen"})
    assert "lukket" in error(locked, 422)["message"]


def test_case_links_to_items_and_departments(world, torben, case, meeting, kbh_meeting):
    url = f"/api/v1/cases/{case.pk}/links"
    item = meeting.items.get(key="eventuelt")
    to_item = send(torben, "post", url, {"item_id": item.pk})
    assert to_item.status_code == 201, to_item.content
    assert (
        to_item.json()["agenda_item_id"] == item.pk and to_item.json()["meeting_id"] == meeting.pk
    )
    twice = send(torben, "post", url, {"item_id": item.pk})
    assert f"nr. {to_item.json()['id']}" in error(twice, 409)["message"]
    # another kommune's meeting: not visible to Ballerup
    other_item = kbh_meeting.items.first()
    assert error(send(torben, "post", url, {"item_id": other_item.pk}), 404)
    to_dept = send(torben, "post", url, {"department": "0151-003"})
    assert to_dept.status_code == 201 and to_dept.json()["department"] == "0151-003"
    own = send(torben, "post", url, {"department": "0151-008"})
    assert "allerede om den afdeling" in error(own, 422)["message"]
    assert error(send(torben, "post", url, {}), 422)["code"] == "invalid"
    assert error(send(torben, "post", url, {"department": "003"}), 422)["code"] == "invalid"
    detail = torben.get(f"/api/v1/cases/{case.pk}").json()
    assert detail["agenda_item_ids"] == [item.pk]
    assert [link["department"] for link in detail["links"]] == [None, "0151-003"]
    gone = torben.delete(f"{url}/{to_dept.json()['id']}")
    assert gone.status_code == 204
    assert error(torben.delete(f"{url}/{to_dept.json()['id']}"), 404)
    assert list(CaseLink.objects.values_list("agenda_item_id", flat=True)) == [item.pk]
