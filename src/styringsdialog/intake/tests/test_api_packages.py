"""Creating packages, their attachments and the answers' choices through the API, and the
briefing (meetings.api.briefing): natural keys, conflicts, scope and the upload bound."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from styringsdialog.intake import services
from styringsdialog.intake.models import Attachment, DocumentationPackage
from styringsdialog.meetings import services as meetings
from styringsdialog.meetings.models import AgendaItem

pytestmark = pytest.mark.django_db
BASE = "/api/v1/organisations/0151/packages/2025"
PDF = b"%PDF-1.4\n% Almenbo aarsberetning\n"


def test_creating_the_missing_packages_of_a_kommune_is_idempotent(world, client_for):
    client = client_for(world.users["caseworker_ballerup"])
    first = client.post(
        "/api/v1/kommuner/151/packages", {"styringsaar": 2026}, content_type="application/json"
    )
    assert first.status_code == 200
    body = first.json()
    assert (body["styringsaar"], body["created"], body["existing"]) == (2026, 1, 0)
    assert [p["organisation"] for p in body["packages"]] == ["0151"]
    assert body["packages"][0]["status"] == "oprettet"
    again = client.post(
        "/api/v1/kommuner/151/packages", {"styringsaar": 2026}, content_type="application/json"
    ).json()
    assert (again["created"], again["existing"], again["packages"]) == (0, 1, [])
    # only the kommune's own organisations: København's is untouched
    assert list(
        DocumentationPackage.objects.filter(styringsaar=2026).values_list(
            "organisation__number", flat=True
        )
    ) == ["0151"]


def test_a_kommune_cannot_create_another_kommunes_packages(world, client_for):
    response = client_for(world.users["caseworker_kbh"]).post(
        "/api/v1/kommuner/151/packages", {"styringsaar": 2026}, content_type="application/json"
    )
    assert response.status_code == 404
    assert not DocumentationPackage.objects.exists()


def test_creating_a_package_twice_is_a_conflict_naming_the_existing_one(world, client_for):
    client = client_for(world.users["caseworker_ballerup"])
    url = "/api/v1/organisations/0151/packages"
    created = client.post(url, {"styringsaar": 2026}, content_type="application/json")
    assert created.status_code == 201 and created.json()["styringsaar"] == 2026
    again = client.post(url, {"styringsaar": 2026}, content_type="application/json")
    assert again.status_code == 409
    error = again.json()["error"]
    assert error["code"] == "conflict"
    assert "/api/v1/organisations/0151/packages/2026" in error["message"]
    assert DocumentationPackage.objects.filter(styringsaar=2026).count() == 1


def test_organisation_staff_cannot_create_their_package(world, client_for):
    response = client_for(world.users["almenbo_staff"]).post(
        "/api/v1/organisations/0151/packages",
        {"styringsaar": 2026},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_an_attachment_is_uploaded_listed_downloaded_and_deleted(package, world, client_for):
    staff = client_for(world.users["almenbo_staff"])
    up = staff.post(
        f"{BASE}/attachments",
        {
            "kind": "aarsberetning",
            "description": "Årsberetning 2024",
            "file": SimpleUploadedFile("årsberetning.pdf", PDF),
        },
    )
    assert up.status_code == 201, up.content
    att = up.json()
    assert (att["kind"], att["original_name"], att["size"]) == (
        "aarsberetning",
        "årsberetning.pdf",
        len(PDF),
    )
    listed = staff.get(f"{BASE}/attachments").json()
    assert [a["id"] for a in listed["items"]] == [att["id"]]
    caseworker = client_for(world.users["caseworker_ballerup"])
    download = caseworker.get(f"{BASE}/attachments/{att['id']}")
    assert download.status_code == 200 and download.content == PDF
    assert "attachment" in download["Content-Disposition"]
    assert (
        client_for(world.users["caseworker_ballerup"])
        .delete(f"{BASE}/attachments/{att['id']}")
        .status_code
        == 403
    )
    staff = client_for(world.users["almenbo_staff"])
    assert staff.delete(f"{BASE}/attachments/{att['id']}").status_code == 204
    assert staff.get(f"{BASE}/attachments").json()["items"] == []
    assert staff.get(f"{BASE}/attachments/{att['id']}").status_code == 404


def test_an_attachment_over_the_bound_is_refused_and_nothing_stored(
    package, world, client_for, monkeypatch
):
    monkeypatch.setattr("styringsdialog.intake.api.MAX_BYTES", 10)
    response = client_for(world.users["almenbo_staff"]).post(
        f"{BASE}/attachments",
        {"kind": "andet", "file": SimpleUploadedFile("stor.pdf", b"x" * 11)},
    )
    assert response.status_code == 422
    assert "for stor" in response.json()["error"]["message"]
    assert not Attachment.objects.exists()


def test_an_unknown_kind_or_an_empty_file_is_422(package, world, client_for):
    client = client_for(world.users["almenbo_staff"])
    unknown = client.post(
        f"{BASE}/attachments", {"kind": "kvittering", "file": SimpleUploadedFile("a.pdf", PDF)}
    )
    empty = client.post(
        f"{BASE}/attachments", {"kind": "andet", "file": SimpleUploadedFile("a.pdf", b"")}
    )
    assert unknown.status_code == 422 and empty.status_code == 422
    assert not Attachment.objects.exists()


def test_attachments_of_a_reviewed_package_cannot_be_removed(complete_package, world, client_for):
    a = services.add_attachment(
        package=complete_package,
        kind="andet",
        uploaded_file=SimpleUploadedFile("a.pdf", PDF),
        by=world.users["almenbo_staff"],
    )
    DocumentationPackage.objects.filter(pk=complete_package.pk).update(status="gennemgaaet")
    response = client_for(world.users["almenbo_staff"]).delete(f"{BASE}/attachments/{a.pk}")
    assert response.status_code == 422
    assert Attachment.objects.filter(pk=a.pk).exists()


def test_attachments_are_outside_another_kommunes_scope(package, world, client_for):
    a = services.add_attachment(
        package=package,
        kind="andet",
        uploaded_file=SimpleUploadedFile("a.pdf", PDF),
        by=world.users["almenbo_staff"],
    )
    client = client_for(world.users["caseworker_kbh"])
    assert client.get(f"{BASE}/attachments").status_code == 404
    assert client.get(f"{BASE}/attachments/{a.pk}").status_code == 404


def test_answers_carry_the_choices_a_script_needs(package, world, client_for):
    body = client_for(world.users["almenbo_staff"]).get(f"{BASE}/answers").json()
    by_type = {a["answer_type"]: a for a in body["answers"]}
    assert by_type["ja_nej"]["choices"] == ["ja", "nej"]
    assert by_type["valg"]["choices"], "a multiple-choice question lists its choices"
    assert by_type["tekst"]["choices"] == []
    assert all(a["theme"] and a["theme_label"] for a in body["answers"])


# --- the briefing ---------------------------------------------------------------------------


@pytest.fixture
def meeting(world):
    meetings.open_case(
        department=world.lundebjerg,
        category="andet",
        title="Nye matrikler",
        opened_on=date(2021, 5, 27),
        text="Sendt",
        by=None,
    )
    return meetings.create_meeting_from_template(
        kommune=world.ballerup,
        organisation=world.almenbo,
        styringsaar=2021,
        date=date(2021, 5, 27),
        by=world.users["caseworker_ballerup"],
    )


def test_the_briefing_lists_the_pages_points(meeting, world, client_for):
    body = (
        client_for(world.users["caseworker_ballerup"])
        .get("/api/v1/organisations/0151/briefing?aar=2021")
        .json()
    )
    assert body["organisation"] == "0151" and body["styringsaar"] == 2021
    cases = [p for p in body["points"] if p["source"] == "sager"]
    assert cases and cases[0]["agenda_item"] == "sager"
    assert "Nye matrikler" in cases[0]["text"] and "Nye matrikler" in cases[0]["draft_minutes"]
    assert cases[0]["departments"] == ["008"]
    assert [m["id"] for m in body["meetings"]] == [meeting.pk]


@pytest.mark.parametrize(("persona", "status"), [("almenbo_staff", 403), ("caseworker_kbh", 404)])
def test_the_briefing_is_the_home_kommunes(meeting, world, client_for, persona, status):
    response = client_for(world.users[persona]).get("/api/v1/organisations/0151/briefing?aar=2021")
    assert response.status_code == status


def test_agenda_from_briefing_is_idempotent(meeting, world, client_for):
    client = client_for(world.users["caseworker_ballerup"])
    points = client.get("/api/v1/organisations/0151/briefing?aar=2021").json()["points"]
    keys = [p["key"] for p in points]
    url = f"/api/v1/meetings/{meeting.pk}/agenda/from-briefing"
    first = client.post(url, {"points": keys}, content_type="application/json")
    assert first.status_code == 201
    created = first.json()
    assert created["created"] == len(created["items"]) >= 1
    item = AgendaItem.objects.get(pk=created["items"][0]["id"])
    assert item.meeting_id == meeting.pk and "Nye matrikler" in item.minutes
    count = AgendaItem.objects.filter(meeting=meeting).count()
    again = client.post(url, {"points": keys}, content_type="application/json")
    assert again.status_code == 200 and again.json()["created"] == 0
    assert AgendaItem.objects.filter(meeting=meeting).count() == count


def test_an_unknown_briefing_point_is_422_and_changes_nothing(meeting, world, client_for):
    count = AgendaItem.objects.filter(meeting=meeting).count()
    response = client_for(world.users["caseworker_ballerup"]).post(
        f"/api/v1/meetings/{meeting.pk}/agenda/from-briefing",
        {"points": ["findesikke"]},
        content_type="application/json",
    )
    assert response.status_code == 422 and "findesikke" in response.json()["error"]["message"]
    assert AgendaItem.objects.filter(meeting=meeting).count() == count
