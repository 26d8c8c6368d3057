"""The ESDH export (issue 16, item 5): metadata and checksums of every file in the ZIP, KLE and
journal number with history and locking, bounds, and scope per persona on pages, API and CLI."""

from __future__ import annotations

import hashlib
import io
import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from almen.esdh import METADATA_SCHEMA, clean_kle
from styringsdialog.meetings.models import Attachment, Case
from styringsdialog.publication.esdh import export_to_file
from styringsdialog.publication.services import publish_referat
from styringsdialog.records import services as records
from styringsdialog.records.models import Kind, RecordChange
from styringsdialog.records.queries import record_info

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[4] / "docs" / "reference"
ATTACHMENT = b"bilag " * 50_000  # 300 kB, streamed


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def meeting(seed_meeting, caseworker):
    item = seed_meeting.items.order_by("position").first()
    name = default_storage.save("bilag/regnskab.pdf", ContentFile(ATTACHMENT))
    Attachment.objects.create(
        item=item,
        file=name,
        original_name="Regnskab 2020.pdf",
        content_type="application/pdf",
        size=len(ATTACHMENT),
        sha256=hashlib.sha256(ATTACHMENT).hexdigest(),
    )
    records.update_record_info(
        kind=Kind.MEETING,
        obj=seed_meeting,
        by=caseworker,
        journal_number="2021-123",
        kle="03.10.00 g01",
    )
    publish_referat(meeting=seed_meeting, by=caseworker)
    seed_meeting.refresh_from_db()
    return seed_meeting


def is_pdfa(data: bytes) -> bool:
    """The PDF declares PDF/A (XMP ``pdfaid:part``) and has an output intent."""
    pypdf = pytest.importorskip("pypdf")
    root = pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data()
    return "/OutputIntents" in root and b"pdfaid:part" in xmp


def read_zip(data: bytes) -> tuple[dict, zipfile.ZipFile]:
    zf = zipfile.ZipFile(io.BytesIO(data))
    return json.loads(zf.read("metadata.json")), zf


def test_meeting_package_metadata_and_checksums(meeting, caseworker):
    handle, _ = export_to_file(kind=Kind.MEETING, obj=meeting, by=caseworker)
    with handle:
        meta, zf = read_zip(handle.read())
    record = meta["record"]
    assert record["journal_number"] == "2021-123" and record["kle"] == "03.10.00 G01"
    assert record["date"] == "2021-05-27" and record["type"] == "meeting"
    assert {"name": "0151 Almenbo", "role": "boligorganisation"} in record["parties"]
    names = set(zf.namelist())
    assert {"metadata.json", "metadata.xml"} <= names
    listed = {d["filename"] for d in meta["documents"]}
    assert listed == names - {"metadata.json", "metadata.xml"}
    for doc in meta["documents"]:
        data = zf.read(doc["filename"])
        assert hashlib.sha256(data).hexdigest() == doc["sha256"]
        assert len(data) == doc["size"]
    kinds = {d["title"]: d for d in meta["documents"]}
    assert kinds["Referat"]["mime_type"] == "application/pdf"
    assert zf.read(kinds["Referat"]["filename"]).startswith(b"%PDF")
    for title in ("Referat", "Dagsorden"):
        assert is_pdfa(zf.read(kinds[title]["filename"])), title
    bilag = [d for d in meta["documents"] if d["title"].startswith("Bilag")]
    assert len(bilag) == 1 and bilag[0]["size"] == len(ATTACHMENT)
    assert bilag[0]["filename"] == "dokumenter/Regnskab 2020.pdf"
    assert any("PDF/A-2b" in n for n in meta["notes"])
    # metadata.xml says the same, and both validate against the documented schemas
    root = ET.fromstring(zf.read("metadata.xml"))
    ns = {"e": "urn:styringsdialog:esdh:1"}
    xml_docs = root.findall("e:documents/e:document", ns)
    assert sorted(d.findtext("e:sha256", "", namespaces=ns) for d in xml_docs) == sorted(
        d["sha256"] for d in meta["documents"]
    )
    assert root.findtext("e:record/e:kle", namespaces=ns) == "03.10.00 G01"
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(meta, METADATA_SCHEMA)
    assert json.loads((DOCS / "esdh-metadata.schema.json").read_text()) == METADATA_SCHEMA
    etree = pytest.importorskip("lxml.etree")
    schema = etree.XMLSchema(etree.parse(str(DOCS / "esdh-metadata.xsd")))
    schema.assertValid(etree.fromstring(zf.read("metadata.xml")))


def test_package_is_bounded(meeting, caseworker, settings):
    settings.ESDH_EXPORT_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="større end"):
        export_to_file(kind=Kind.MEETING, obj=meeting, by=caseworker)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("03.10.00", "03.10.00"),
        ("03.10.00 g01", "03.10.00 G01"),
        ("03.10.00G01", "03.10.00 G01"),
        ("", ""),
    ],
)
def test_kle_format(value, expected):
    assert clean_kle(value) == expected


@pytest.mark.parametrize("value", ["3.10.00", "03.10", "03-10-00", "03.10.00 X1", "abc"])
def test_kle_format_refused(value):
    with pytest.raises(ValueError, match="KLE"):
        clean_kle(value)


def test_record_info_history_lock_and_default(world, seed_meeting, caseworker):
    records.set_kle_default(
        kommune=world.ballerup, kind=Kind.MEETING, kle="03.10.00", by=caseworker
    )
    assert record_info(Kind.MEETING, seed_meeting).kle == "03.10.00"
    row = records.update_record_info(
        kind=Kind.MEETING,
        obj=seed_meeting,
        by=caseworker,
        journal_number="J-1",
        kle="03.10.00",
        version=0,
    )
    assert row.version == 1
    assert list(RecordChange.objects.values_list("field", "new_value")) == [
        ("journal_number", "J-1")
    ]
    with pytest.raises(ValidationError, match="ændret af en anden"):
        records.update_record_info(
            kind=Kind.MEETING,
            obj=seed_meeting,
            by=caseworker,
            journal_number="J-2",
            kle="",
            version=0,
        )
    with pytest.raises(ValidationError, match="KLE"):
        records.update_record_info(
            kind=Kind.MEETING, obj=seed_meeting, by=caseworker, journal_number="", kle="x"
        )
    with pytest.raises(PermissionDenied):
        records.update_record_info(
            kind=Kind.MEETING,
            obj=seed_meeting,
            by=world.users["almenbo_staff"],
            journal_number="",
            kle="",
        )


def test_configuration_page_sets_the_default_kle_with_history(world):
    client = Client()
    client.force_login(world.users["caseworker_ballerup"])
    url = "/kommune/151/indstillinger/"
    page = client.get(url)
    assert page.status_code == 200 and "Journalisering (ESDH)" in page.content.decode()
    done = client.post(
        url,
        {"action": "kle-default", "kle_case": "03.10.00", "kle_meeting": "", "kle_agreement": ""},
    )
    assert done.status_code == 302
    case = Case.objects.create(
        kommune=world.ballerup,
        department=world.lundebjerg,
        category="andet",
        title="T",
        opened_on="2021-01-01",
    )
    assert record_info(Kind.CASE, case).kle == "03.10.00"
    assert "Standard-KLE" in client.get(url).content.decode()
    bad = client.post(url, {"action": "kle-default", "kle_case": "nope"})
    assert bad.status_code == 400


def test_records_page_saves_and_exports(world, meeting):
    client = Client()
    client.force_login(world.users["caseworker_ballerup"])
    url = f"/moeder/{meeting.pk}/journal/"
    assert "Eksportér til ESDH" in client.get(url).content.decode()
    assert "Journalisering og ESDH" in client.get(f"/moeder/{meeting.pk}/").content.decode()
    saved = client.post(
        url, {"action": "save", "journal_number": "J-9", "kle": "03.10.00", "version": "1"}
    )
    assert saved.status_code == 302
    got = client.post(url, {"action": "export"})
    assert got.status_code == 200 and got["Content-Type"] == "application/zip"
    meta, _ = read_zip(got.getvalue())
    assert meta["record"]["journal_number"] == "J-9"


def test_case_page_parties_and_export(world, seed_meeting):
    case = Case.objects.get()
    client = Client()
    client.force_login(world.users["caseworker_ballerup"])
    assert "Journalisering og ESDH" in client.get(f"/sager/{case.pk}/").content.decode()
    url = f"/sager/{case.pk}/journal/"
    client.post(
        url, {"action": "save", "journal_number": "", "kle": "", "parties": "Søren Hansen\n"}
    )
    got = client.post(url, {"action": "export"})
    meta, zf = read_zip(got.getvalue())
    assert {"name": "Søren Hansen", "role": "privat part"} in meta["record"]["parties"]
    for doc in meta["documents"]:
        assert hashlib.sha256(zf.read(doc["filename"])).hexdigest() == doc["sha256"]


@pytest.mark.parametrize(
    ("persona", "status"), [("caseworker_kbh", 404), ("almenbo_staff", 403), ("no_role", 404)]
)
def test_pages_scope(world, seed_meeting, persona, status):
    client = Client()
    client.force_login(world.users[persona])
    case = Case.objects.get()
    for url in (f"/moeder/{seed_meeting.pk}/journal/", f"/sager/{case.pk}/journal/"):
        assert client.get(url).status_code == status
        assert client.post(url, {"action": "export"}).status_code == status


def test_pages_need_csrf(world, seed_meeting):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["caseworker_ballerup"])
    assert (
        client.post(f"/moeder/{seed_meeting.pk}/journal/", {"action": "export"}).status_code == 403
    )


def test_api_records_and_export(world, meeting):
    client = Client()
    client.force_login(world.users["caseworker_ballerup"])
    url = f"/api/v1/meetings/{meeting.pk}/records"
    assert client.get(url).json()["journal_number"] == "2021-123"
    put = client.put(
        url,
        {"journal_number": "J-7", "kle": "03.10.00", "version": 1},
        content_type="application/json",
    )
    assert put.status_code == 200 and put.json()["version"] == 2
    bad = client.put(url, {"kle": "nope"}, content_type="application/json")
    assert bad.status_code == 422
    got = client.get(f"/api/v1/meetings/{meeting.pk}/esdh-export")
    assert got.status_code == 200
    meta, _ = read_zip(got.getvalue())
    assert meta["record"]["journal_number"] == "J-7"


def test_cli_esdh_export(world, meeting, caseworker, tmp_path, capsys):
    out = tmp_path / "pakke.zip"
    call_command(
        "esdh_export",
        "meeting",
        str(meeting.pk),
        "-o",
        str(out),
        "--as",
        caseworker.username,
        "--json",
    )
    facts = json.loads(capsys.readouterr().out)
    assert facts["documents"] >= 4 and out.exists()
    meta, _ = read_zip(out.read_bytes())
    assert meta["record"]["kle"] == "03.10.00 G01"
    with pytest.raises(CommandError, match="læseadgang"):
        call_command("esdh_export", "meeting", str(meeting.pk), "-o", str(out), "--as", "claus")
    with pytest.raises(CommandError, match="KLE"):
        call_command(
            "esdh_export",
            "meeting",
            str(meeting.pk),
            "--kle",
            "x",
            "--show",
            "--as",
            caseworker.username,
        )


def test_agreement_journal_page_and_scope(world, seed_meeting):
    from styringsdialog.meetings.models import Agreement

    agreement = Agreement.objects.filter(meeting=seed_meeting).first()
    assert agreement is not None
    client = Client()
    client.force_login(world.users["caseworker_ballerup"])
    assert "Journalisering" in client.get(f"/aftaler/{agreement.pk}/").content.decode()
    url = f"/aftaler/{agreement.pk}/journal/"
    page = client.get(url)
    assert page.status_code == 200 and "Eksportér til ESDH" not in page.content.decode()
    saved = client.post(url, {"action": "save", "journal_number": "A-1", "kle": "03.10.00"})
    assert saved.status_code == 302
    assert record_info(Kind.AGREEMENT, agreement).journal_number == "A-1"
    for persona, status in (("caseworker_kbh", 404), ("almenbo_staff", 403)):
        other = Client()
        other.force_login(world.users[persona])
        assert other.get(url).status_code == status
