"""Deleting a document from a construction case: only those who may write the case, the removal
in the case's history (who, when, file name, sha256, size), the stored file removed only after
the commit; on the page, through the API and on the command line."""

from __future__ import annotations

import io
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.http import Http404
from django.test import Client
from django.urls import reverse

from styringsdialog.construction import services
from styringsdialog.construction.models import CaseChange, CaseDocument
from styringsdialog.construction.queries import get_case_document, get_construction_case_for_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def document(world, new_build) -> CaseDocument:
    return services.add_document(
        case=new_build,
        upload=SimpleUploadedFile("forkert.pdf", PDF, content_type="application/pdf"),
        by=world.users["caseworker_ballerup"],
    )


def _stored(document: CaseDocument) -> bool:
    return document.file.storage.exists(document.file.name or "")


def test_it_records_the_deletion_and_removes_the_file_after_commit(
    world, document, django_capture_on_commit_callbacks
):
    by, pk = world.users["caseworker_ballerup"], document.pk
    with django_capture_on_commit_callbacks() as callbacks:
        services.delete_document(document=document, by=by)
        assert _stored(document)  # not before the transaction has committed
    assert not CaseDocument.objects.filter(pk=pk).exists()
    assert _stored(document)
    for callback in callbacks:
        callback()
    assert not _stored(document)
    change = CaseChange.objects.filter(case=document.case, label="Dokument slettet").get()
    assert change.by == by and change.by_name and change.at is not None
    assert "forkert.pdf" in change.old_value
    assert document.sha256 in change.old_value and f"{len(PDF)} bytes" in change.old_value


def test_a_rolled_back_deletion_keeps_the_row_and_the_file(world, document):
    pk = document.pk  # delete() clears the instance's pk
    with pytest.raises(RuntimeError), transaction.atomic():
        services.delete_document(document=document, by=world.users["caseworker_ballerup"])
        raise RuntimeError
    assert CaseDocument.objects.filter(pk=pk).exists() and _stored(document)


def test_readers_get_403_outsiders_404(world, document, new_build):
    reader, outsider = world.users["almenbo_staff"], world.users["caseworker_kbh"]
    with pytest.raises(PermissionDenied):
        services.delete_document(document=document, by=reader)
    with pytest.raises(PermissionDenied):
        get_construction_case_for_user(reader, new_build.pk, write=True)
    with pytest.raises(Http404):
        get_construction_case_for_user(outsider, new_build.pk, write=True)
    assert CaseDocument.objects.filter(pk=document.pk).exists() and _stored(document)


def test_a_document_of_another_case_is_not_found(world, document, renovation):
    with pytest.raises(Http404):
        get_case_document(renovation, document.pk)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("caseworker_ballerup", 302),
        ("admin", 302),
        ("almenbo_staff", 403),
        ("caseworker_kbh", 404),
        ("other_org_staff", 404),
        ("analyst", 404),
        ("no_role", 404),
    ],
)
def test_delete_on_the_case_page_per_persona(world, client_for, document, persona, status):
    client = client_for(world.users[persona])
    case_url = reverse("construction:case", args=[document.case_id])
    page = client.get(case_url)
    if page.status_code == 200:
        # the button only for those who may delete
        assert ("dokumentet forkert.pdf" in page.content.decode()) == (status == 302)
    url = reverse("construction:document_delete", args=[document.case_id, document.pk])
    assert client.get(url).status_code == 405  # POST only
    response = client.post(url)
    assert response.status_code == status
    assert CaseDocument.objects.filter(pk=document.pk).exists() == (status != 302)
    if status == 302:
        assert response["Location"].endswith("#dokumenter")
        shown = client.get(case_url).content.decode()
        assert "Dokumentet forkert.pdf er slettet." in shown
        assert "Dokument slettet" in shown  # in the history on the page


def test_delete_needs_csrf(world, document):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["caseworker_ballerup"])
    url = reverse("construction:document_delete", args=[document.case_id, document.pk])
    assert client.post(url).status_code == 403
    assert CaseDocument.objects.filter(pk=document.pk).exists()


def test_api_delete(world, client_for, document):
    base = f"/api/v1/construction/cases/{document.case_id}/documents"
    reader = client_for(world.users["almenbo_staff"]).delete(f"{base}/{document.pk}")
    assert reader.status_code == 403
    client = client_for(world.users["caseworker_ballerup"])
    deleted = client.delete(f"{base}/{document.pk}")
    assert deleted.status_code == 204 and deleted.content == b""
    assert client.get(f"{base}/{document.pk}").status_code == 404
    assert client.delete(f"{base}/{document.pk}").status_code == 404
    history = client.get(f"/api/v1/construction/cases/{document.case_id}/history").json()
    assert history["items"][0]["label"] == "Dokument slettet"


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("byggesag", *args, stdout=out)
    return out.getvalue()


def test_cli_document_delete(world, document):
    owner = world.users["caseworker_ballerup"].username
    reader = world.users["almenbo_staff"].username
    case_id, pk = str(document.case_id), str(document.pk)
    with pytest.raises(CommandError, match="læseadgang"):
        _run("document", "delete", case_id, pk, "--as", reader)
    with pytest.raises(CommandError, match="findes ikke"):
        _run("document", "delete", case_id, "999999", "--as", owner)
    with pytest.raises(CommandError, match="er ikke et id"):
        _run("document", "delete", case_id, "abc", "--as", owner)
    out = json.loads(_run("document", "delete", case_id, pk, "--as", owner, "--json"))
    assert out["deleted"] is True and out["sha256"] == document.sha256
    assert not CaseDocument.objects.filter(pk=document.pk).exists()
    with pytest.raises(CommandError, match="findes ikke"):
        _run("document", "delete", case_id, pk, "--as", owner)
