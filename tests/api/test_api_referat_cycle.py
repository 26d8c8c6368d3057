"""The referat cycle through the API: held → send → comment → resolve → approve → publish,
publishing twice (409), and reopen + correction (version 2)."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client

from styringsdialog.meetings import services
from tests.api.conftest import make_token

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {make_token(user)}")


def test_referat_cycle_publish_and_correct(world, api_data):
    kommune, org = world.users["caseworker_ballerup"], world.users["almenbo_staff"]
    meeting = api_data.meeting
    services.mark_meeting_held(meeting=meeting, by=kommune)
    item = meeting.items.order_by("pk").first()
    item.meeting = meeting
    services.write_minutes(
        item=item, text="Drøftet", decision=None, version=item.minutes_version, by=kommune
    )
    k, o, base = _client(kommune), _client(org), f"/api/v1/meetings/{meeting.pk}"
    ok = k.post(f"{base}/referat/send")
    assert ok.status_code == 200 and ok.json()["referat_status"] == "sent"
    bad = o.post(f"{base}/comments", {"text": ""}, content_type="application/json")
    assert bad.status_code == 422
    comment = o.post(f"{base}/comments", {"text": "Ret navnet"}, content_type="application/json")
    assert comment.status_code == 201
    assert k.get(f"{base}/comments").json()["count"] == 1
    cid = comment.json()["id"]
    assert k.post(f"{base}/comments/{cid}/resolve").json()["resolved"] is True
    assert k.post(f"{base}/referat/approve").json()["referat_status"] == "approved"

    body = {"empty_default": "omit"}
    pub = k.post(f"{base}/referat/publish", body, content_type="application/json")
    assert pub.status_code == 201, pub.content
    out = pub.json()
    assert out["version"] == 1
    again = k.post(f"{base}/referat/publish", body, content_type="application/json")
    assert again.status_code == 409

    versions = Client().get(f"/api/v1/referater/{out['referat_id']}/versions").json()
    assert versions["count"] == 1
    pdf = Client().get(f"/api/v1/referater/{out['referat_id']}/versions/1.pdf")
    assert pdf.status_code == 200
    assert hashlib.sha256(pdf.content).hexdigest() == versions["items"][0]["pdf_sha256"]
    assert pdf["ETag"] == f'"{versions["items"][0]["pdf_sha256"]}"'
    assert Client().get(f"/api/v1/referater/{out['referat_id']}/versions/1.exe").status_code == 404

    reopen = k.post(f"{base}/referat/reopen", {"reason": "Stavefejl"}, "application/json")
    assert reopen.json()["referat_status"] == "draft"
    k.post(f"{base}/referat/send")
    k.post(f"{base}/referat/approve")
    fix = k.post(
        f"{base}/referat/correction",
        {"change_note": "Stavefejl rettet", "empty_default": "omit"},
        content_type="application/json",
    )
    assert fix.status_code == 201, fix.content
    assert fix.json()["version"] == 2
    versions = Client().get(f"/api/v1/referater/{out['referat_id']}/versions").json()
    assert [v["change_note"] for v in versions["items"]][-1] == "Stavefejl rettet"
