"""Real register extracts through the app (issue 11, item 6): retired BBR units skipped and
reported, files that are not UTF-8, the live fetch verbs against recorded answers (no network),
and the official lists of designated areas (CLI, page, API) taking precedence over the
computed classification. Scope per persona and CSRF on the new unsafe methods."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from almen.registers import clients as C
from styringsdialog.jobs.models import Job
from styringsdialog.registers import services
from styringsdialog.registers.models import (
    BbrUnitRecord,
    DstFigure,
    OfficialAreaListing,
    RegisterSnapshot,
    ResidentialArea,
    Source,
)
from styringsdialog.registers.queries import official_status
from styringsdialog.registers.services.official import import_official_areas
from styringsdialog.registers.tests.factories import fixture, load_registers, load_residents

pytestmark = pytest.mark.django_db
API = "/api/v1/registre"
LISTS = reverse("registers:officielle_lister")


def retired_extract() -> bytes:
    """The retired-units fixture moved to Ballerup (151); the Fejlregistreret unit keeps its
    impossible kommune code 9999, which must not matter because it is skipped unchecked."""
    nodes = json.loads(fixture("bbr_retired_units.json"))
    for n in nodes:
        if n["kommunekode"] == "0461":
            n["kommunekode"] = "0151"
    return json.dumps(nodes).encode()


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


# --- BBR -------------------------------------------------------------------------------------


def test_a_real_extract_with_retired_units_imports_and_says_what_was_skipped(world, tmp_path):
    path = tmp_path / "bbr.json"
    path.write_bytes(retired_extract())
    out = run("import_bbr", str(path))
    snapshot = RegisterSnapshot.objects.get(source=Source.BBR)
    assert snapshot.rows == 3 and BbrUnitRecord.objects.filter(snapshot=snapshot).count() == 3
    assert snapshot.skipped == {"units": {"9": 2, "11": 1, "historisk": 1}}
    assert (
        "Sprunget over (ikke indlæst, ikke kontrolleret): 4 enheder – 2 med status 9 Afsluttet, "
        "1 med status 11 Fejlregistreret, 1 historisk version."
    ) in out


def test_the_unit_valid_just_before_midnight_utc_is_stored_with_the_danish_date(world):
    snapshot = services.import_bbr(data=retired_extract(), file_name="bbr.json")
    late = BbrUnitRecord.objects.get(snapshot=snapshot, unit_id__endswith="3")
    assert late.valid_from == date(2025, 1, 1)
    assert snapshot.reference_date == date(2025, 1, 1)  # the newest registration, in Denmark


@pytest.mark.parametrize(
    ("name", "message"),
    [("bbr_latin1.json", "ikke UTF-8-kodet"), ("bbr_binary.json", "binære data")],
)
def test_a_latin1_or_binary_bbr_file_is_a_danish_error_and_nothing_is_stored(world, name, message):
    with pytest.raises(CommandError) as exc:
        run("import_bbr", str(services_fixture_path(name)))
    assert message in str(exc.value) and "intet er gemt" in str(exc.value)
    assert not RegisterSnapshot.objects.exists()


def services_fixture_path(name: str):
    from styringsdialog.registers.tests.factories import FIXTURES

    return FIXTURES / name


def test_a_latin1_dst_file_is_a_danish_error(world):
    with pytest.raises(CommandError, match="ikke UTF-8-kodet"):
        run("import_dst", str(services_fixture_path("dst_not_utf8.csv")))


@pytest.mark.parametrize(
    ("name", "message"), [("dst_not_utf8.csv", "ikke UTF-8-kodet"), ("dst_binary.csv", "binære")]
)
def test_the_dst_service_itself_refuses_latin1_and_binary_in_danish(world, name, message):
    with pytest.raises(services.ImportFailed) as exc:
        services.import_dst(data=fixture(name), file_name=name)
    assert message in str(exc.value)


# --- fetch-bbr / fetch-dst against recorded answers -------------------------------------------


class Recorder:
    def __init__(self, *answers: C.HttpResult):
        self.answers = list(answers)
        self.calls: list[dict] = []

    def __call__(self, method, url, *, params, json_body, headers, timeout, data=None):
        self.calls.append({"url": url, "params": params, "json": json_body, "timeout": timeout})
        return self.answers.pop(0)


def ok(body: bytes) -> C.HttpResult:
    return C.HttpResult(200, body.decode())


@pytest.fixture
def fetch_settings(settings):
    settings.DATAFORDELER_API_KEY = "test-nøgle"
    settings.REGISTERS_FETCH_BACKOFF = 0
    settings.REGISTERS_FETCH_TIMEOUT = 9
    settings.REGISTERS_FETCH_PAGE_SIZE = 2
    return settings


def graphql_pages() -> list[C.HttpResult]:
    pages = []
    for name in ("bbr_graphql_kommune_page1.json", "bbr_graphql_kommune_page2.json"):
        body = json.loads(fixture(name))
        for n in body["data"]["BBR_Enhed"]["nodes"]:
            n["kommunekode"] = "0151"
        pages.append(ok(json.dumps(body).encode()))
    return pages


def test_fetch_bbr_pages_through_a_503_and_imports_all_or_nothing(
    world, fetch_settings, monkeypatch
):
    first, second = graphql_pages()
    recorder = Recorder(first, C.HttpResult(503, "Service Unavailable"), second)
    monkeypatch.setattr(C, "requests_transport", recorder)
    out = StringIO()
    err = StringIO()
    call_command("fetch_bbr", "--kommune", "151", "--dato", "2025-01-01", stdout=out, stderr=err)
    assert len(recorder.calls) == 3
    assert recorder.calls[0]["json"]["variables"]["kommunekode"] == "0151"
    assert recorder.calls[0]["params"] == {"apiKey": "test-nøgle"}
    assert recorder.calls[0]["timeout"] == 9
    assert recorder.calls[2]["json"]["variables"]["after"] == "c2"
    assert "svarede 503; prøver igen" in err.getvalue()
    snapshot = RegisterSnapshot.objects.get(source=Source.BBR)
    assert (snapshot.rows, snapshot.reference_date) == (3, date(2025, 1, 1))
    assert snapshot.skipped == {"units": {"9": 1}}
    assert "Sprunget over" in out.getvalue()


def test_fetch_bbr_without_credentials_is_a_danish_error(world, settings, monkeypatch):
    settings.DATAFORDELER_API_KEY = settings.DATAFORDELER_CLIENT_ID = ""
    monkeypatch.setattr(C, "requests_transport", Recorder())
    with pytest.raises(CommandError, match="DATAFORDELER_API_KEY.*Intet er indlæst"):
        call_command("fetch_bbr", "--kommune", "151", stdout=StringIO(), stderr=StringIO())
    assert not RegisterSnapshot.objects.exists()


def test_fetch_bbr_refuses_a_kommune_code_that_is_not_one(world):
    with pytest.raises(CommandError, match="ikke en kommunekode"):
        call_command("fetch_bbr", "--kommune", "15x", stdout=StringIO(), stderr=StringIO())


def test_fetch_dst_reads_tableinfo_then_data_and_imports(world, fetch_settings, monkeypatch):
    recorder = Recorder(
        ok(fixture("dst_tableinfo_BOL101_synthetic.json")),
        ok(
            b"OMR\xc3\x85DE;BEBO;EJER;TID;INDHOLD\n151;BEBOET;20;2025;176\n101;BEBOET;20;2025;200\n"
        ),
    )
    monkeypatch.setattr(C, "requests_transport", recorder)
    run("fetch_dst", "BOL101", "--aar", "2025")
    assert [c["url"].rsplit("/", 1)[1] for c in recorder.calls] == ["tableinfo", "data"]
    assert {"code": "Tid", "values": ["2025"]} in recorder.calls[1]["json"]["variables"]
    assert dict(DstFigure.objects.values_list("kommune__code", "dwellings")) == {
        "151": 176,
        "101": 200,
    }


def test_fetch_dst_of_a_table_without_ejer_stops_after_tableinfo(
    world, fetch_settings, monkeypatch
):
    recorder = Recorder(ok(fixture("dst_tableinfo_BOL106_en.json")))
    monkeypatch.setattr(C, "requests_transport", recorder)
    with pytest.raises(CommandError, match="Tabellen BOL106 har ingen variabel EJER"):
        run("fetch_dst", "BOL106")
    assert len(recorder.calls) == 1 and not RegisterSnapshot.objects.exists()


def test_fetch_dst_refuses_a_year_the_table_does_not_list_before_asking_for_data(
    world, fetch_settings, monkeypatch
):
    recorder = Recorder(ok(fixture("dst_tableinfo_BOL101_synthetic.json")))
    monkeypatch.setattr(C, "requests_transport", recorder)
    with pytest.raises(CommandError, match="Året '2021' findes ikke i tabellen BOL101"):
        run("fetch_dst", "BOL101", "--aar", "2021")
    assert len(recorder.calls) == 1


# --- official lists --------------------------------------------------------------------------


@pytest.fixture
def classified(world):
    load_residents()  # classifies area 151-09 Kirstinelund-området
    return ResidentialArea.objects.get(code="151-09")


def official_csv(category: str = "parallelsamfund", code: str = "151-09") -> bytes:
    return (
        "listeaar;kommunekode;omraade_kode;omraade_navn;kategori;kilde\n"
        f"2024;151;{code};Kirstinelund-området;{category};https://www.sm.dk/liste-2024\n"
    ).encode()


def test_the_official_list_takes_precedence_and_is_shown_beside_the_computed_one(
    classified, world, client_for
):
    before = official_status(area=classified, list_year=2024)
    assert (before.source, before.category) == ("beregnet", "forebyggelse")
    import_official_areas(data=official_csv(), file_name="liste.csv", year=2024)
    after = official_status(area=classified, list_year=2024)
    assert (after.source, after.category, after.label) == (
        "officiel liste",
        "parallelsamfund",
        "Parallelsamfund",
    )
    assert after.computed is not None and after.disagrees
    page = client_for(world.users["caseworker_ballerup"]).get(
        reverse("registers:kvarterprofil", args=["0151", "003"])
    )
    text = page.content.decode()
    assert "Liste 2024: <strong>Parallelsamfund</strong> (officiel liste" in text
    assert "Beregnet: Forebyggelsesområde." in text
    assert "den officielle liste gælder" in text


def test_an_area_missing_from_an_imported_list_has_no_category_that_year(classified):
    import_official_areas(
        data=official_csv(code="151-77"), file_name="liste.csv", year=2024
    )  # another area only
    status = official_status(area=classified, list_year=2024)
    assert (status.source, status.category, status.label) == (
        "officiel liste",
        None,
        "Ikke på listen",
    )
    assert ResidentialArea.objects.filter(code="151-77").exists()  # created from the list


def test_the_newest_list_of_a_year_is_the_one_in_force(classified):
    import_official_areas(data=official_csv("udsat"), file_name="a.csv", year=2024)
    import_official_areas(data=official_csv("omdannelse"), file_name="b.csv", year=2024)
    assert official_status(area=classified, list_year=2024).category == "omdannelse"


def test_import_official_areas_cli(classified, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_bytes(official_csv())
    out = run("import_official_areas", str(path), "--year", "2024")
    assert "Indlæst Officiel liste over boligområder fra liste.csv: 1 rækker" in out
    assert OfficialAreaListing.objects.get().category == "parallelsamfund"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2023"], "fra listen 2024, men filen indlæses som listen 2023"),
        (["--year", "1999"], "ikke et listeår fra 2010"),
        ([], "--year"),
    ],
)
def test_import_official_areas_cli_errors_are_danish(classified, tmp_path, args, message):
    path = tmp_path / "liste.csv"
    path.write_bytes(official_csv())
    with pytest.raises(CommandError, match=message):
        run("import_official_areas", str(path), *args)
    assert not OfficialAreaListing.objects.exists()


def test_a_latin1_official_list_is_refused_in_danish_on_the_command_line(world, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_bytes(fixture("official_areas_latin1.csv"))
    with pytest.raises(CommandError, match="ikke UTF-8-kodet"):
        run("import_official_areas", str(path), "--year", "2024")


def upload(data: bytes, name: str = "liste.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("analyst", 403),
        ("caseworker_ballerup", 403),
        ("almenbo_staff", 403),
        ("no_role", 403),
    ],
)
def test_only_administrators_see_the_official_list_page(world, client_for, persona, status):
    assert client_for(world.users[persona]).get(LISTS).status_code == status


def test_anonymous_is_sent_to_login_from_the_official_list_page(world, client_for):
    response = client_for(None).get(LISTS)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_an_administrator_uploads_a_list_on_the_page(classified, world, client_for):
    client = client_for(world.users["admin"])
    response = client.post(LISTS, {"aar": "2024", "fil": upload(official_csv())}, follow=True)
    assert "Den officielle liste for 2024 er indlæst: 1 områder" in response.content.decode()
    snapshot = RegisterSnapshot.objects.get(source=Source.OFFICIAL)
    assert snapshot.imported_by == world.users["admin"]


@pytest.mark.parametrize(
    ("data", "year", "message"),
    [
        (b"\x00\x01\x02binary", "2024", "binære data"),
        (None, "2024", "ikke UTF-8-kodet"),
        (None, "20x4", "Skriv listeåret som et årstal"),
    ],
)
def test_a_bad_upload_is_a_danish_error_on_the_page(world, client_for, data, year, message):
    body = data if data is not None else fixture("official_areas_latin1.csv")
    response = client_for(world.users["admin"]).post(LISTS, {"aar": year, "fil": upload(body)})
    assert response.status_code == 422 and message in response.content.decode()
    assert not RegisterSnapshot.objects.exists()


def test_a_caseworker_cannot_post_a_list(world, client_for):
    response = client_for(world.users["caseworker_ballerup"]).post(
        LISTS, {"aar": "2024", "fil": upload(official_csv())}
    )
    assert response.status_code == 403 and not RegisterSnapshot.objects.exists()


def test_the_upload_form_needs_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["admin"])
    assert client.post(LISTS, {"aar": "2024", "fil": upload(official_csv())}).status_code == 403


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 201), ("analyst", 403), ("caseworker_ballerup", 403), ("almenbo_staff", 403)],
)
def test_official_list_api_per_persona(classified, world, client_for, persona, status):
    response = client_for(world.users[persona]).post(
        f"{API}/officielle-lister", {"year": "2024", "file": upload(official_csv())}
    )
    assert response.status_code == status, response.content
    if status == 201:
        assert response.json()["areas"] == 1 and response.json()["list_year"] == 2024
    else:
        assert response.json()["error"]["code"] == "forbidden"


def test_official_list_api_refuses_a_latin1_file_in_danish(world, client_for):
    response = client_for(world.users["admin"]).post(
        f"{API}/officielle-lister",
        {"year": "2024", "file": upload(fixture("official_areas_latin1.csv"))},
    )
    assert response.status_code == 422
    assert "ikke UTF-8-kodet" in response.json()["error"]["message"]


def test_official_list_api_needs_the_csrf_token_with_cookie_login(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["admin"])
    response = client.post(
        f"{API}/officielle-lister", {"year": "2024", "file": upload(official_csv())}
    )
    assert response.status_code == 403 and response.json()["error"]["code"] == "csrf_failed"


def test_the_kvarterprofil_api_shows_the_official_list_beside_the_computed(
    classified, world, client_for
):
    import_official_areas(data=official_csv(), file_name="liste.csv", year=2024)
    body = (
        client_for(world.users["caseworker_ballerup"])
        .get(f"{API}/afdelinger/0151/003/kvarterprofil")
        .json()
    )
    c2024 = next(c for c in body["classifications"] if c["list_year"] == 2024)
    assert (c2024["official_category"], c2024["status_source"], c2024["category"]) == (
        "parallelsamfund",
        "officiel liste",
        "forebyggelse",
    )


# --- reconciliation start through the API ----------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 202),
        ("caseworker_ballerup", 202),
        ("analyst", 403),
        ("almenbo_staff", 403),
        ("caseworker_kbh", 404),
        ("no_role", 404),
    ],
)
def test_reconciliation_start_api_per_persona(world, client_for, persona, status):
    load_registers()
    response = client_for(world.users[persona]).post(
        f"{API}/kommuner/151/afstemning/start", {"year": 2024}, content_type="application/json"
    )
    assert response.status_code == status, response.content
    assert Job.objects.count() == (1 if status == 202 else 0)
    if status == 202:
        job = Job.objects.get()
        assert response.json()["url"] == reverse("jobs:detail", args=[job.pk])


def test_reconciliation_start_api_needs_the_csrf_token_with_cookie_login(world):
    load_registers()
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["caseworker_ballerup"])
    response = client.post(
        f"{API}/kommuner/151/afstemning/start", {"year": 2024}, content_type="application/json"
    )
    assert response.status_code == 403 and response.json()["error"]["code"] == "csrf_failed"
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["import-official-areas", "official_areas_latin1.csv", "--year", "2024"], "UTF-8"),
        (["fetch-dst", "BOL1/01"], "er ikke et tabelnavn"),
        (["fetch-bbr"], "--kommune"),
        (["reconcile", "--aar", "1850"], "er ikke et årstal"),
    ],
)
def test_the_real_command_line_exits_with_code_1_in_danish_without_a_traceback(
    world, capsys, monkeypatch, argv, message
):
    from django.db import connections

    from styringsdialog import cli

    monkeypatch.setattr(connections, "close_all", lambda: None)
    if argv[0] == "import-official-areas":
        argv = [argv[0], str(services_fixture_path(argv[1])), *argv[2:]]
    with pytest.raises(SystemExit) as info:
        cli.main(argv)
    assert info.value.code not in (0, None)
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_reconcile_for_a_year_on_the_command_line_says_which_extracts_and_why(world):
    load_registers()
    services.import_bbr(
        data=json.dumps(json.loads(retired_extract())).encode() + b" ",
        file_name="bbr-2024.json",
        reference_date=date(2024, 12, 31),
    )
    out = run("reconcile", "--aar", "2024")
    assert "Afstemningsår 2024 (valgt ved start): nyeste udtræk dateret i 2024." in out
    assert "BBR pr. 31.12.2024" in out and "Danmarks Statistik pr. 1.1.2025" in out


def test_reconcile_for_a_year_without_extracts_names_the_years_that_exist(world):
    load_registers()
    with pytest.raises(
        CommandError,
        match=r"intet BBR-udtræk med opgørelsesdato i 2024 \(der er udtræk fra: 2018\)",
    ):
        run("reconcile", "--aar", "2024")


def test_the_kvarterprofil_links_administrators_to_the_official_lists(
    classified, world, client_for
):
    url = reverse("registers:kvarterprofil", args=["0151", "003"])
    assert LISTS in client_for(world.users["admin"]).get(url).content.decode()
    assert LISTS not in client_for(world.users["caseworker_ballerup"]).get(url).content.decode()
