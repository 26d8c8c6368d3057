"""Bounded imports: a rejected file keeps its first errors and the number found, the page and the
API page through them, and hostile files are refused with a Danish message (never a 500)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import Workbook

from styringsdialog.intake import views
from styringsdialog.intake.models import ImportBatch
from styringsdialog.intake.services import imports
from styringsdialog.intake.services.imports import import_file
from styringsdialog.intake.tests.helpers import fixture_file, snapshot

pytestmark = pytest.mark.django_db
API = "/api/v1/organisations/0151/packages/2025/imports"
PAGE = reverse("intake:package", args=["0151", 2025])
FOUND = 6  # many_errors.csv: one error in each of its six rows


@pytest.fixture
def few_stored(monkeypatch):
    monkeypatch.setattr(imports, "MAX_STORED_ERRORS", 4)


def rejected(package, name="many_errors.csv", **kw) -> ImportBatch:
    before = snapshot()
    outcome = import_file(
        package=package, kind="accounts", uploaded_file=fixture_file(name), by=None, **kw
    )
    assert not outcome.ok and snapshot() == before
    return outcome.batch


def test_a_rejected_file_keeps_the_first_errors_and_the_number_found(package, few_stored):
    batch = rejected(package)
    assert [e["row"] for e in batch.errors] == [2, 3, 4, 5]
    assert (batch.error_count, batch.counts) == (FOUND, {"errors": FOUND})
    outcome = imports.ImportOutcome(batch)
    assert outcome.message == (
        "Filen many_errors.csv blev afvist med 6 fejl. Intet er gemt. De første 4 fejl vises. "
        "Ret fejlene, og indlæs filen igen."
    )


def test_all_errors_are_stored_when_there_are_few(package):
    batch = rejected(package)
    assert len(batch.errors) == batch.error_count == FOUND


def test_the_package_page_pages_through_the_stored_errors(
    package, world, client_for, few_stored, monkeypatch
):
    monkeypatch.setattr(views, "ERRORS_PER_PAGE", 3)
    batch = rejected(package)
    c = client_for(world.users["almenbo_staff"])
    first = c.get(PAGE, {"indlaesning": batch.pk}).content.decode()
    second = c.get(PAGE, {"indlaesning": batch.pk, "page": 2}).content.decode()
    assert "Filen blev afvist med 6 fejl, og intet er gemt. De første 4 fejl er gemt" in first
    assert "<caption>Fejl 1–3 af 4 i many_errors.csv" in first
    assert '<td class="num">4</td>' in first and '<td class="num">5</td>' not in first
    assert "<caption>Fejl 4–4 af 4 i many_errors.csv" in second
    assert '<td class="num">5</td>' in second
    assert "Side 2 af 2" in second
    assert f'<a href="?indlaesning={batch.pk}#fejl">6 fejl</a>' in first  # the history list
    odd = c.get(PAGE, {"indlaesning": batch.pk, "page": "9" * 30})
    assert odd.status_code == 200 and "<caption>Fejl 4–4 af 4" in odd.content.decode()


def test_the_api_gives_the_count_the_first_errors_and_pages_through_the_rest(
    package, world, client_for, few_stored
):
    c = client_for(world.users["almenbo_staff"])
    body = c.post(API, {"kind": "accounts", "file": fixture_file("many_errors.csv")}).json()
    assert (body["status"], body["error_count"], len(body["errors"])) == ("afvist", FOUND, 4)
    page = c.get(f"{API}/{body['id']}/errors", {"page": 2, "page_size": 3}).json()
    assert page["count"] == 4
    assert [e["row"] for e in page["items"]] == [5]
    listed = c.get(API).json()["items"]
    assert listed[0]["error_count"] == FOUND


@pytest.mark.parametrize(("persona", "status"), [("other_org_staff", 404), ("analyst", 200)])
def test_the_error_pages_have_the_scope_of_the_package(package, world, client_for, persona, status):
    batch = rejected(package)
    response = client_for(world.users[persona]).get(f"{API}/{batch.pk}/errors")
    assert response.status_code == status


def test_an_import_of_another_package_is_not_found(package, world, client_for):
    batch = rejected(package)
    c = client_for(world.users["almenbo_staff"])
    assert c.get(f"{API}/{batch.pk + 1}/errors").status_code == 404
    assert c.get(f"{API}/{'9' * 25}/errors").status_code == 422


# --- hostile files through the real import ----------------------------------------------------


def _xlsx(extra_row: bytes = b"") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["afdeling", "år", "konto", "beløb"])
    ws.append(["001", 2024, "120", 5])
    buf = io.BytesIO()
    wb.save(buf)
    if not extra_row:
        return buf.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", extra_row + b"</sheetData>")
            zout.writestr(item, data)
    return out.getvalue()


def upload(package, name: str, data: bytes, **kw):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return import_file(
        package=package,
        kind="accounts",
        uploaded_file=SimpleUploadedFile(name, data),
        by=None,
        **kw,
    )


def test_a_cell_in_row_1048577_is_refused_at_once(package):
    far = _xlsx(b'<row r="1048577"><c r="A1048577" t="inlineStr"><is><t>x</t></is></c></row>')
    outcome = upload(package, "langt.xlsx", far)
    assert outcome.errors == [
        {
            "file": "langt.xlsx",
            "row": None,
            "column": "",
            "message": "Filen kan ikke læses som en Excel-fil (.xlsx): arket 'Sheet' bruger række "
            "1.048.577, men et Excel-ark har højst 1.048.576 rækker og 16.384 kolonner. Filen er "
            "beskadiget eller ikke gemt af et regneark.",
        }
    ]


def test_a_zip_bomb_is_refused_without_unpacking_it(package):
    buf = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_xlsx())) as zin,
        zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        zout.writestr("xl/media/image1.png", b"\0" * (8 * 1024 * 1024))
    outcome = upload(package, "bombe.xlsx", buf.getvalue())
    assert "som en såkaldt zip-bombe. Den indlæses ikke." in outcome.errors[0]["message"]


def test_a_sheet_name_longer_than_excel_allows_is_a_validation_error(package):
    with pytest.raises(ValidationError, match="Arkets navn er for langt"):
        upload(package, "r.xlsx", _xlsx(), sheet="x" * 101)


def test_a_hostile_upload_on_the_page_is_a_message_not_a_server_error(package, world, client_for):
    c = client_for(world.users["almenbo_staff"])
    response = c.post(
        reverse("intake:package_import", args=["0151", 2025]),
        {"kind": "accounts", "file": fixture_file("many_errors.csv"), "sheet": ""},
        follow=True,
    )
    assert response.status_code == 200
    from django.core.files.uploadedfile import SimpleUploadedFile

    binary = SimpleUploadedFile("regnskab.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    html = c.post(
        reverse("intake:package_import", args=["0151", 2025]),
        {"kind": "accounts", "file": binary},
        follow=True,
    ).content.decode()
    assert "Filen er beskyttet med en adgangskode eller gemt i det gamle Excel-format" in html
