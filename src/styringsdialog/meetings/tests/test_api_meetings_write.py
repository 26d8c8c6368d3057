"""Meetings written through the API: the natural key on create, edit, held, participants,
agenda rules (move, delete, locked meetings) and attachment scope and size."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from styringsdialog.meetings import services
from styringsdialog.meetings.models import Meeting

from .conftest import advance

pytestmark = pytest.mark.django_db


@pytest.fixture
def torben(world, client_for):
    return client_for(world.users["caseworker_ballerup"])


def _create(client, world, **extra):
    body = {
        "kommune": "151",
        "organisation": world.almenbo.number,
        "styringsaar": 2022,
        "date": "2022-05-20",
        **extra,
    }
    return client.post("/api/v1/meetings", body, content_type="application/json")


def test_create_returns_the_detail_with_the_template_agenda(world, torben):
    response = _create(torben, world, start_time="10:00", place="Rådhuset")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["styringsaar"] == 2022 and body["place"] == "Rådhuset"
    assert body["start_time"].startswith("10:00")
    assert [i["title"] for i in body["items"]][0]  # the template's items
    assert Meeting.objects.get(pk=body["id"]).items.exists()


def test_create_without_template_gives_an_empty_agenda(world, torben):
    response = _create(torben, world, from_template=False)
    assert response.status_code == 201
    assert response.json()["items"] == []


def test_second_create_with_the_same_natural_key_is_409_naming_the_existing(world, torben):
    first = _create(torben, world).json()["id"]
    again = _create(torben, world, date="2022-09-01")
    assert again.status_code == 409
    error = again.json()["error"]
    assert error["code"] == "conflict" and error["details"][0]["id"] == first
    assert Meeting.objects.filter(styringsaar=2022).count() == 1


def test_another_meeting_type_is_another_natural_key(world, torben):
    first = _create(torben, world).json()
    joint = world.ballerup.meeting_types.exclude(pk=first["meeting_type_id"]).first()
    assert _create(torben, world, meeting_type=joint.pk).status_code == 201


def test_create_refuses_a_foreign_meeting_type_and_organisation_staff(world, client_for, torben):
    services.ensure_meeting_types(kommune=world.kbh)
    foreign = world.kbh.meeting_types.first()
    assert _create(torben, world, meeting_type=foreign.pk).status_code == 404
    staff = client_for(world.users["almenbo_staff"])
    assert _create(staff, world).status_code == 403
    assert _create(client_for(world.users["caseworker_kbh"]), world).status_code == 404


def test_patch_changes_only_the_fields_sent(meeting, torben):
    url = f"/api/v1/meetings/{meeting.pk}"
    response = torben.patch(url, {"place": "Byrådssalen"}, content_type="application/json")
    assert response.status_code == 200, response.content
    meeting.refresh_from_db()
    assert meeting.place == "Byrådssalen" and meeting.date == date(2021, 5, 27)
    torben.patch(url, {"start_time": None}, content_type="application/json")
    meeting.refresh_from_db()
    assert meeting.start_time is None and meeting.place == "Byrådssalen"


def test_patch_of_a_locked_meeting_is_refused(meeting, world, torben):
    advance(meeting, world, "approved")
    response = torben.patch(
        f"/api/v1/meetings/{meeting.pk}", {"place": "X"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "Genåbn" in response.json()["error"]["message"]


def test_held_twice_is_200_unchanged(meeting, torben):
    first = torben.post(f"/api/v1/meetings/{meeting.pk}/held")
    second = torben.post(f"/api/v1/meetings/{meeting.pk}/held")
    assert first.status_code == second.status_code == 200
    assert first.json()["held_at"] == second.json()["held_at"]
    assert first.json()["status"] == "afholdt" or first.json()["status"] == Meeting.Status.HELD


def test_participants_carry_their_id_and_can_be_removed(meeting, world, torben):
    url = f"/api/v1/meetings/{meeting.pk}/participants"
    added = torben.post(
        url, {"user_id": world.users["almenbo_staff"].pk}, content_type="application/json"
    )
    assert added.status_code == 201, added.content
    pid = added.json()["id"]
    assert added.json()["side"] == "organisation"
    detail = torben.get(f"/api/v1/meetings/{meeting.pk}").json()
    assert [p["id"] for p in detail["participants"]] == [pid]
    assert torben.delete(f"{url}/{pid}").status_code == 204
    assert torben.delete(f"{url}/{pid}").status_code == 404
    outsider = world.users["other_org_staff"].pk
    refused = torben.post(url, {"user_id": outsider}, content_type="application/json")
    assert refused.status_code == 422


def test_items_add_sub_item_move_and_delete_rules(meeting, torben):
    base = f"/api/v1/meetings/{meeting.pk}/items"
    top = torben.post(base, {"title": "Byggeri"}, content_type="application/json").json()
    last = meeting.items.filter(parent=None).order_by("-position").first()
    assert last.key == "eventuelt" and top["position"] == last.position - 1
    sub = torben.post(
        base, {"title": "Lundebjerg", "parent_id": top["id"]}, content_type="application/json"
    )
    assert sub.status_code == 201 and sub.json()["parent_id"] == top["id"]
    subsub = torben.post(
        base,
        {"title": "For dybt", "parent_id": sub.json()["id"]},
        content_type="application/json",
    )
    assert subsub.status_code == 422
    first = meeting.items.filter(parent=None).order_by("position").first()
    up = torben.post(f"{base}/{first.pk}/move", {"direction": "up"}, "application/json")
    assert up.status_code == 422 and "første" in up.json()["error"]["message"]
    bad = torben.post(f"{base}/{first.pk}/move", {"direction": "sideways"}, "application/json")
    assert bad.status_code == 422
    down = torben.post(f"{base}/{first.pk}/move", {"direction": "down"}, "application/json")
    assert down.status_code == 200 and down.json()["position"] == 2
    renamed = torben.patch(f"{base}/{top['id']}", {"title": "Nybyggeri"}, "application/json")
    assert renamed.json()["title"] == "Nybyggeri"
    assert torben.delete(f"{base}/{top['id']}").status_code == 204
    assert not meeting.items.filter(pk__in=[top["id"], sub.json()["id"]]).exists()


def test_an_item_with_an_agreement_or_attachment_is_not_deleted(meeting, world, torben):
    item = meeting.items.get(key="eventuelt")
    services.add_agreement(
        meeting=meeting, agenda_item=item, text="Aftale", responsible_side="kommune", by=None
    )
    response = torben.delete(f"/api/v1/meetings/{meeting.pk}/items/{item.pk}")
    assert response.status_code == 422 and "aftaler" in response.json()["error"]["message"]
    assert meeting.items.filter(pk=item.pk).exists()


def test_agenda_of_a_published_meeting_is_locked(meeting, world, torben):
    advance(meeting, world, "published")
    response = torben.post(
        f"/api/v1/meetings/{meeting.pk}/items", {"title": "Sent"}, "application/json"
    )
    assert response.status_code == 422


def _upload(client, meeting, content=b"Indhold", name="notat.txt"):
    item = meeting.items.get(key="velkomst")
    return client.post(
        f"/api/v1/meetings/{meeting.pk}/items/{item.pk}/attachments",
        {"file": SimpleUploadedFile(name, content, content_type="text/plain")},
    )


def test_attachment_upload_download_and_scope(meeting, world, client_for, torben):
    uploaded = _upload(torben, meeting)
    assert uploaded.status_code == 201, uploaded.content
    aid = uploaded.json()["id"]
    url = f"/api/v1/meetings/{meeting.pk}/attachments/{aid}"
    download = torben.get(url)
    assert download.status_code == 200 and download.content == b"Indhold"
    assert "notat.txt" in download["Content-Disposition"]
    staff = client_for(world.users["almenbo_staff"])
    assert staff.get(url).status_code == 404  # not invited yet: the meeting is not visible
    services.send_invitation(meeting=meeting, by=world.users["caseworker_ballerup"])
    assert staff.get(url).status_code == 200
    assert staff.get(f"/api/v1/meetings/{meeting.pk}/attachments").json()["count"] == 1
    assert staff.delete(url).status_code == 403
    assert client_for(world.users["caseworker_kbh"]).get(url).status_code == 404
    torben = client_for(world.users["caseworker_ballerup"])  # client_for reuses one client
    assert torben.delete(url).status_code == 204
    assert torben.get(url).status_code == 404


def test_attachment_of_another_meeting_is_404(meeting, kbh_meeting, world, torben):
    aid = _upload(torben, meeting).json()["id"]
    other = services.create_meeting_from_template(
        kommune=world.ballerup,
        organisation=world.almenbo,
        styringsaar=2022,
        date=date(2022, 5, 1),
        by=None,
    )
    assert torben.get(f"/api/v1/meetings/{other.pk}/attachments/{aid}").status_code == 404


def test_attachment_size_is_bounded_and_empty_files_refused(meeting, torben, monkeypatch):
    from styringsdialog.meetings.services import agenda

    monkeypatch.setattr(agenda, "MAX_ATTACHMENT_BYTES", 10)
    too_big = _upload(torben, meeting, content=b"x" * 11)
    assert too_big.status_code == 422 and "for stor" in too_big.json()["error"]["message"]
    assert _upload(torben, meeting, content=b"").status_code == 422
    assert _upload(torben, meeting, content=b"x" * 10).status_code == 201


def test_published_attachment_cannot_be_deleted(meeting, world, torben):
    aid = _upload(torben, meeting).json()["id"]
    advance(meeting, world, "published")
    response = torben.delete(f"/api/v1/meetings/{meeting.pk}/attachments/{aid}")
    assert response.status_code == 422


def test_meeting_referat_is_404_until_published_then_names_the_versions(meeting, world, torben):
    from styringsdialog.publication.services import publish_referat

    url = f"/api/v1/meetings/{meeting.pk}/referat"
    assert torben.get(url).status_code == 404
    advance(meeting, world, "approved")
    publish_referat(
        meeting=meeting,
        by=world.users["caseworker_ballerup"],
        empty={i.pk: "omit" for i in meeting.items.all()},
    )
    body = torben.get(url).json()
    assert [v["number"] for v in body["versions"]] == [1]
    download = torben.get(f"/api/v1/referater/{body['id']}/versions/1.pdf")
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
