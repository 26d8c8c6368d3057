"""The ESDH export of a construction case (issue 16 with C15): metadata and checksums of every
file in the ZIP, the PDF/A with milestones, decisions, events and checks, the default KLE from
the kommune's settings, and scope per persona on page, API and CLI."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from almen.esdh import METADATA_SCHEMA
from styringsdialog.construction import services
from styringsdialog.publication.esdh import export_to_file
from styringsdialog.records import services as records
from styringsdialog.records.models import Kind
from styringsdialog.records.queries import record_info

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def construction(world, caseworker):
    case = services.open_construction_case(
        kommune=world.ballerup,
        organisation=world.almenbo,
        department=world.lundebjerg,
        kind="nybyggeri",
        title="Nye boliger i Lundebjerg",
        dwellings=40,
        area_m2=Decimal(3_600),
        opened_on=date(2021, 1, 15),
        by=caseworker,
    )
    services.record_milestone(
        case=case,
        kind="skema_a",
        date=date(2021, 3, 1),
        decision="Kommunalbestyrelsen godkender skema A.",
        anskaffelsessum=100_000_000,
        by=caseworker,
    )
    services.add_event(
        case=case, kind="mangel", date=date(2022, 9, 1), text="Kogeplader virker ikke", by=None
    )
    return case


def read_zip(data: bytes) -> tuple[dict, zipfile.ZipFile]:
    zf = zipfile.ZipFile(io.BytesIO(data))
    return json.loads(zf.read("metadata.json")), zf


def pdf_text(data: bytes) -> str:
    pypdf = pytest.importorskip("pypdf")
    return "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_construction_package_metadata_checksums_and_content(world, construction, caseworker):
    records.set_kle_default(
        kommune=world.ballerup, kind=Kind.CONSTRUCTION, kle="03.02.00", by=caseworker
    )
    assert record_info(Kind.CONSTRUCTION, construction).kle == "03.02.00"
    records.update_record_info(
        kind=Kind.CONSTRUCTION,
        obj=construction,
        by=caseworker,
        journal_number="B-2021-7",
        kle="03.02.00 g01",
    )
    handle, _ = export_to_file(kind=Kind.CONSTRUCTION, obj=construction, by=caseworker)
    with handle:
        meta, zf = read_zip(handle.read())
    record = meta["record"]
    assert record["type"] == "construction" and record["id"] == construction.pk
    assert record["journal_number"] == "B-2021-7" and record["kle"] == "03.02.00 G01"
    assert record["date"] == "2021-01-15"
    assert {"name": "0151 Almenbo", "role": "boligorganisation"} in record["parties"]
    names = set(zf.namelist())
    assert {d["filename"] for d in meta["documents"]} == names - {"metadata.json", "metadata.xml"}
    for doc in meta["documents"]:
        data = zf.read(doc["filename"])
        assert hashlib.sha256(data).hexdigest() == doc["sha256"]
        assert len(data) == doc["size"]
    (doc,) = meta["documents"]
    text = pdf_text(zf.read(doc["filename"]))
    for expected in ("Skema A", "godkender skema A", "Kogeplader", "Maksimumbeløb", "B-2021-7"):
        assert expected in text, expected
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(meta, METADATA_SCHEMA)


def test_configuration_page_has_the_construction_default(world):
    client = Client()
    client.force_login(world.users["caseworker_ballerup"])
    url = "/kommune/151/indstillinger/"
    assert 'name="kle_construction"' in client.get(url).content.decode()
    done = client.post(url, {"action": "kle-default", "kle_construction": "03.02.00"})
    assert done.status_code == 302


def test_page_saves_and_exports(world, construction):
    client = Client()
    client.force_login(world.users["caseworker_ballerup"])
    assert (
        "Journalisering og ESDH" in client.get(f"/byggesager/{construction.pk}/").content.decode()
    )
    url = f"/byggesager/{construction.pk}/journal/"
    page = client.get(url)
    assert page.status_code == 200 and "Eksportér til ESDH" in page.content.decode()
    assert 'name="parties"' not in page.content.decode()
    saved = client.post(url, {"action": "save", "journal_number": "J-9", "kle": "03.02.00"})
    assert saved.status_code == 302
    got = client.post(url, {"action": "export"})
    assert got.status_code == 200 and got["Content-Type"] == "application/zip"
    meta, _ = read_zip(got.getvalue())
    assert meta["record"]["journal_number"] == "J-9"


@pytest.mark.parametrize(
    ("persona", "status"), [("caseworker_kbh", 404), ("almenbo_staff", 403), ("no_role", 404)]
)
def test_scope(world, construction, persona, status):
    client = Client()
    client.force_login(world.users[persona])
    url = f"/byggesager/{construction.pk}/journal/"
    assert client.get(url).status_code == status
    assert client.post(url, {"action": "export"}).status_code == status
    api = f"/api/v1/construction/cases/{construction.pk}"
    assert client.get(f"{api}/records").status_code == status
    assert client.get(f"{api}/esdh-export").status_code == status


def test_csrf(world, construction):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["caseworker_ballerup"])
    url = f"/byggesager/{construction.pk}/journal/"
    assert client.post(url, {"action": "export"}).status_code == 403


def test_api_records_and_export(world, construction):
    client = Client()
    client.force_login(world.users["caseworker_ballerup"])
    url = f"/api/v1/construction/cases/{construction.pk}/records"
    assert client.get(url).json()["version"] == 0
    put = client.put(
        url,
        {"journal_number": "J-7", "kle": "03.02.00", "version": 0},
        content_type="application/json",
    )
    assert put.status_code == 200 and put.json()["version"] == 1
    assert put.json()["parties"] == []
    assert client.put(url, {"kle": "nope"}, content_type="application/json").status_code == 422
    got = client.get(f"/api/v1/construction/cases/{construction.pk}/esdh-export")
    assert got.status_code == 200
    meta, zf = read_zip(got.getvalue())
    assert meta["record"]["journal_number"] == "J-7"
    for doc in meta["documents"]:
        assert hashlib.sha256(zf.read(doc["filename"])).hexdigest() == doc["sha256"]


def test_cli(world, construction, caseworker, tmp_path, capsys):
    out = tmp_path / "byggesag.zip"
    call_command(
        "esdh_export",
        "construction",
        str(construction.pk),
        "--journal",
        "B-1",
        "-o",
        str(out),
        "--as",
        caseworker.username,
        "--json",
    )
    facts = json.loads(capsys.readouterr().out)
    assert facts["documents"] == 1 and facts["journal_number"] == "B-1"
    meta, _ = read_zip(out.read_bytes())
    assert meta["record"]["type"] == "construction"
    with pytest.raises(CommandError, match="læseadgang"):
        call_command("esdh_export", "construction", str(construction.pk), "--show", "--as", "claus")
    with pytest.raises(CommandError, match="Kun en sag"):
        call_command(
            "esdh_export",
            "construction",
            str(construction.pk),
            "--party",
            "X",
            "--show",
            "--as",
            caseworker.username,
        )
