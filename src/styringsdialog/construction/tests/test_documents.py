"""Documents in a construction case (w3): upload with a sniffed type and a bounded size, shown
and downloaded on the case page within the case's scope, CSRF on the upload."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from styringsdialog.construction import services
from styringsdialog.construction.models import CaseChange, CaseDocument

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def office(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("skema-b.pdf", PDF, "application/pdf"),
        ("foto.png", PNG, "image/png"),
        ("foto.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 16, "image/jpeg"),
        ("notat.docx", office("word/document.xml"), "wordprocessingml"),
        ("budget.xlsx", office("xl/workbook.xml"), "spreadsheetml"),
    ],
)
def test_type_is_sniffed_from_the_bytes(world, new_build, name, data, expected):
    by = world.users["caseworker_ballerup"]
    # the browser's claimed type is ignored
    document = services.add_document(case=new_build, upload=upload(name, data, "text/html"), by=by)
    assert expected in document.content_type
    assert document.original_name == name and document.size == len(data)
    assert str(document.file.name).startswith(f"construction/{new_build.pk}/")
    with document.file.open("rb") as handle:
        assert handle.read() == data
    assert CaseChange.objects.filter(case=new_build, label="Dokument tilføjet").exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("side.pdf", b"<html><script>alert(1)</script></html>"),
        ("falsk.docx", office("content.xml")),
        ("kaputt.xlsx", b"PK\x03\x04 not really a zip"),
        ("tom.pdf", b""),
    ],
)
def test_other_types_and_empty_files_are_refused(world, new_build, name, data):
    with pytest.raises(ValidationError):
        services.add_document(
            case=new_build, upload=upload(name, data), by=world.users["caseworker_ballerup"]
        )
    assert not CaseDocument.objects.exists()


def test_size_is_bounded_by_the_setting(world, new_build, settings):
    settings.CONSTRUCTION_DOCUMENT_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="for stor"):
        services.add_document(
            case=new_build,
            upload=upload("stor.pdf", PDF + b"x" * 200),
            by=world.users["caseworker_ballerup"],
        )


def test_document_on_a_milestone_or_event_of_the_same_case_only(world, new_build, renovation):
    by = world.users["caseworker_ballerup"]
    event = services.add_event(
        case=new_build, kind="mangel", date=date(2020, 9, 1), text="Kogeplader", by=None
    )
    doc = services.add_document(case=new_build, upload=upload("m.pdf", PDF), event=event, by=by)
    assert doc.event == event
    with pytest.raises(ValidationError):
        services.add_document(case=renovation, upload=upload("m.pdf", PDF), event=event, by=by)


def test_organisation_staff_may_add_outsiders_may_not(world, new_build):
    services.add_document(
        case=new_build, upload=upload("a.pdf", PDF), by=world.users["almenbo_staff"]
    )
    with pytest.raises(PermissionDenied):
        services.add_document(
            case=new_build, upload=upload("b.pdf", PDF), by=world.users["other_org_staff"]
        )


@pytest.mark.parametrize(
    ("persona", "post", "get"),
    [
        ("caseworker_ballerup", 302, 200),
        ("almenbo_staff", 302, 200),
        ("admin", 302, 200),
        ("caseworker_kbh", 404, 404),
        ("other_org_staff", 404, 404),
        ("analyst", 404, 404),
        ("no_role", 404, 404),
    ],
)
def test_upload_and_download_per_persona(world, client_for, new_build, persona, post, get):
    document = services.add_document(
        case=new_build, upload=upload("skema-a.pdf", PDF), by=world.users["caseworker_ballerup"]
    )
    client = client_for(world.users[persona])
    response = client.post(
        reverse("construction:document_add", args=[new_build.pk]),
        {"dokument-file": upload("foto.png", PNG), "dokument-title": "Foto af revnen"},
    )
    assert response.status_code == post
    assert CaseDocument.objects.filter(original_name="foto.png").exists() == (post == 302)
    download = client.get(
        reverse("construction:document_download", args=[new_build.pk, document.pk])
    )
    assert download.status_code == get
    if get == 200:
        assert b"".join(download.streaming_content) == PDF
        assert download["Content-Type"] == "application/pdf"
        assert "attachment" in download["Content-Disposition"]
        assert "no-store" in download["Cache-Control"]
        page = client.get(reverse("construction:case", args=[new_build.pk])).content.decode()
        assert "skema-a.pdf" in page and "Tilføj et dokument" in page


def test_document_of_another_case_is_not_found(world, client_for, new_build, renovation):
    document = services.add_document(
        case=renovation, upload=upload("x.pdf", PDF), by=world.users["caseworker_ballerup"]
    )
    client = client_for(world.users["caseworker_ballerup"])
    url = reverse("construction:document_download", args=[new_build.pk, document.pk])
    assert client.get(url).status_code == 404


def test_refused_type_shows_a_danish_message(world, client_for, new_build):
    client = client_for(world.users["caseworker_ballerup"])
    response = client.post(
        reverse("construction:document_add", args=[new_build.pk]),
        {"dokument-file": upload("side.html", b"<html></html>", "text/html")},
        follow=True,
    )
    assert "Filtypen er ikke tilladt" in response.content.decode()
    assert not CaseDocument.objects.exists()


def test_upload_needs_csrf(world, new_build):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["caseworker_ballerup"])
    response = client.post(
        reverse("construction:document_add", args=[new_build.pk]),
        {"dokument-file": upload("a.pdf", PDF)},
    )
    assert response.status_code == 403
    assert not CaseDocument.objects.exists()


def test_api_upload_list_and_download(world, client_for, new_build):
    event = services.add_event(
        case=new_build, kind="mangel", date=date(2020, 9, 1), text="Revne", by=None
    )
    client = client_for(world.users["almenbo_staff"])
    base = f"/api/v1/construction/cases/{new_build.pk}/documents"
    created = client.post(
        base, {"file": upload("revne.png", PNG), "title": "Foto", "event_id": str(event.pk)}
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["content_type"], body["event_id"], body["title"]) == (
        "image/png",
        event.pk,
        "Foto",
    )
    listed = client.get(base).json()
    assert [d["original_name"] for d in listed["items"]] == ["revne.png"]
    download = client.get(f"{base}/{body['id']}")
    assert download.status_code == 200 and download.content == PNG
    refused = client.post(base, {"file": upload("x.png", b"GIF89a")})
    assert refused.status_code == 422 and "Filtypen" in refused.content.decode()
    unknown = client.post(base, {"file": upload("x.png", PNG), "milestone_id": "999999"})
    assert unknown.status_code == 404


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("byggesag", *args, stdout=out)
    return out.getvalue()


def test_cli_document_add_and_list(world, new_build, tmp_path):
    path = tmp_path / "skema-a.pdf"
    path.write_bytes(PDF)
    owner = world.users["caseworker_ballerup"].username
    outsider = world.users["caseworker_kbh"].username
    pk = str(new_build.pk)
    added = json.loads(
        _run("document", "add", pk, str(path), "--title", "A", "--as", owner, "--json")
    )
    assert added["content_type"] == "application/pdf"
    assert "skema-a.pdf" in _run("document", "list", pk, "--as", owner)
    with pytest.raises(CommandError, match="findes ikke"):
        _run("document", "list", pk, "--as", outsider)
    bad = tmp_path / "side.pdf"
    bad.write_bytes(b"<html></html>")
    with pytest.raises(CommandError, match="Filtypen"):
        _run("document", "add", pk, str(bad), "--as", owner)
    with pytest.raises(CommandError, match="findes ikke"):
        _run("document", "add", pk, str(tmp_path / "mangler.pdf"), "--as", owner)
