"""History import through the API: upload → proposal → confirm; errors in the JSON shape."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from styringsdialog.meetings.models import Meeting
from styringsdialog.publication.models import ImportedReferat
from tests.api.conftest import make_token
from tests.api.operations.rows_history_import import SEED

pytestmark = pytest.mark.django_db
BASE = "/api/v1/kommuner/151/referat-import"


def client(world, persona: str = "caseworker_ballerup") -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {make_token(world.users[persona])}")


def upload(c: Client, name: str, data: bytes, **extra: str):
    return c.post(f"{BASE}/proposals", {"file": SimpleUploadedFile(name, data), **extra})


def test_upload_then_confirm_then_confirm_again(world):
    c = client(world)
    r = upload(c, SEED.name, SEED.read_bytes())
    assert r.status_code == 200, r.content
    proposal = r.json()
    assert proposal["organisation"] == "0151" and proposal["meeting_date"] == "2021-05-27"
    assert "for-\n\ndeler" in proposal["source_text"]
    assert not Meeting.objects.exists()
    proposal["items"][0]["title"] = "Covid-19 – status"
    r = c.post(BASE, {"proposal": proposal}, content_type="application/json")
    assert r.status_code == 201, r.content
    meeting = Meeting.objects.get(pk=r.json()["meeting"])
    assert meeting.items.filter(title="Covid-19 – status").exists()
    assert r.json()["referat_url"].startswith("/offentlig/referat/151/")
    r = c.post(BASE, {"proposal": proposal}, content_type="application/json")
    assert r.status_code == 200 and r.json() == {
        **r.json(),
        "created": False,
        "meeting": meeting.pk,
    }
    assert Meeting.objects.count() == 1 and ImportedReferat.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("virus.exe", b"MZ" + bytes(64), "Filen er et program"),
        ("tom.txt", b"  ", "Filen er tom."),
        ("ødelagt.pdf", b"%PDF-1.4 noget", "Filen kunne ikke læses som PDF-fil"),
    ],
)
def test_unreadable_upload_is_422_in_danish(world, name, data, message):
    r = upload(client(world), name, data)
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["status"] == 422 and message in error["message"]


def test_foreign_organisation_is_422(world):
    r = upload(client(world), SEED.name, SEED.read_bytes(), organisation="0101")
    assert r.status_code == 422 and "hverken hjemsted" in r.json()["error"]["message"]


def test_confirm_validates_and_stores_nothing(world):
    c = client(world)
    proposal = upload(c, SEED.name, SEED.read_bytes()).json()
    bad = {**proposal, "agreements": [{"text": "X", "owner": "kommune", "item": "99"}]}
    r = c.post(BASE, {"proposal": bad}, content_type="application/json")
    assert r.status_code == 422 and "punkt 99" in r.json()["error"]["message"]
    r = c.post(BASE, {"proposal": {**proposal, "surprise": 1}}, content_type="application/json")
    assert r.status_code == 422
    missing = {**proposal, "file": {**proposal["file"], "sha256": "0" * 64}}
    r = c.post(BASE, {"proposal": missing}, content_type="application/json")
    assert r.status_code == 422 and "upload den igen" in r.json()["error"]["message"]
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("caseworker_kbh", 404), ("almenbo_staff", 403), ("other_org_staff", 404)],
)
def test_only_the_kommunes_caseworkers(world, persona, status):
    r = upload(client(world, persona), SEED.name, SEED.read_bytes())
    assert r.status_code == status


def test_confirm_again_after_the_staged_copy_is_gone(world, django_capture_on_commit_callbacks):
    from styringsdialog.publication.history_import import staged_upload

    c = client(world)
    proposal = upload(c, SEED.name, SEED.read_bytes()).json()
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(BASE, {"proposal": proposal}, content_type="application/json")
    assert r.status_code == 201, r.content
    assert staged_upload(proposal["file"]["sha256"], SEED.name) is None  # archived, unstaged
    r = c.post(BASE, {"proposal": proposal}, content_type="application/json")
    assert r.status_code == 200 and r.json()["created"] is False
    assert r.json()["meeting"] == Meeting.objects.get().pk
