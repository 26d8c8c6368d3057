"""The audit log's page, API and CLI verb: administrators only; search, export, akteindsigt."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from styringsdialog.audit.services import record

pytestmark = pytest.mark.django_db

OTHERS = [
    "caseworker_ballerup",
    "caseworker_kbh",
    "almenbo_staff",
    "other_org_staff",
    "analyst",
    "no_role",
]


@pytest.mark.parametrize("persona", OTHERS)
def test_only_administrators_see_the_log(world, client_for, persona) -> None:
    client = client_for(world.users[persona])
    assert client.get("/revisionslog/").status_code == 403
    assert client.get("/revisionslog/?format=csv").status_code == 403
    assert client.get("/api/v1/audit").status_code == 403
    assert client.get("/api/v1/audit/export").status_code == 403


def test_anonymous_is_sent_to_login(client_for) -> None:
    response = client_for(None).get("/revisionslog/")
    assert response.status_code == 302 and "/log-ind/" in response["Location"]


def test_search_and_exports(world, client_for) -> None:
    torben = world.users["caseworker_ballerup"]
    record(kind="view", user=torben, object_label="Møde 7", meeting_id=7)
    record(kind="change", user=torben, object_label="=HYPERLINK()", case_id=3, fields=["status"])
    client = client_for(world.users["admin"])
    page = client.get("/revisionslog/?bruger=torben")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Møde 7" in text and "Ændret" in text
    assert client.get("/revisionslog/?fra=igår").status_code == 400

    csv = client.get("/revisionslog/?moede=7&format=csv")
    assert csv["Content-Disposition"].startswith('attachment; filename="revisionslog-moede-7-')
    body = csv.content.decode("utf-8-sig")
    assert body.startswith("Tidspunkt;Handling;Bruger-id;Brugernavn;IP-adresse")
    assert "Møde 7" in body and "HYPERLINK" not in body

    xlsx = client.get("/api/v1/audit/export?case_id=3&format=xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A1"].value == "Tidspunkt" and sheet["K2"].value == "'=HYPERLINK()"

    api = client.get("/api/v1/audit?username=torben&kind=change").json()
    assert api["count"] == 1
    assert api["items"][0]["fields"] == ["status"] and api["items"][0]["case_id"] == 3


def test_cli_verb(world, tmp_path) -> None:
    record(kind="view", user=world.users["analyst"], object_label="Pakke", meeting_id=9)
    out = io.StringIO()
    call_command("audit", "--moede", "9", stdout=out)
    assert "1 poster i revisionsloggen" in out.getvalue() and "anna" in out.getvalue()
    target = tmp_path / "akt.csv"
    call_command("audit", "--moede", "9", "--format", "csv", "--output", str(target), stdout=out)
    assert "Pakke" in target.read_text(encoding="utf-8-sig")
    with pytest.raises(CommandError, match="Kun administratorer"):
        call_command("audit", "--as", "torben", stdout=out)
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        call_command("audit", "--fra", "i går", stdout=out)
