"""Real register extracts (issue 11, item 6): retired BBR objects skipped and counted, files that
are not UTF-8, Danish local dates, DST tables without EJER or a year, retries and paging of the
live clients, OAuth, and the official lists of designated areas. No network."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from almen import registers as R
from almen.registers import clients as C
from almen.registers.columns import day_number
from almen.registers.errors import RegisterClientError, RegisterFormatError
from almen.registers.official import parse_official_areas

FIXTURES = Path(__file__).parent / "fixtures" / "registers"


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def messages(exc: pytest.ExceptionInfo[RegisterFormatError]) -> str:
    return " ".join(e.message for e in exc.value.errors)


# --- BBR: retired objects --------------------------------------------------------------------


def test_retired_units_with_negative_areas_are_skipped_and_counted_not_rejected():
    skipped: dict[str, int] = {}
    units = R.parse_units(read("bbr_retired_units.json"), skipped=skipped)
    assert [u.unit_id[-1] for u in units] == ["1", "2", "3"]
    assert skipped == {"9": 2, "11": 1, R.HISTORIC: 1}
    assert R.describe_skipped(skipped) == (
        "2 med status 9 Afsluttet, 1 med status 11 Fejlregistreret, 1 historisk version"
    )


def test_a_current_unit_with_a_negative_area_is_still_an_error():
    nodes = json.loads(read("bbr_retired_units.json"))
    nodes[3]["status"] = "6"  # the retired unit with -54 m², now claimed to exist
    with pytest.raises(RegisterFormatError) as exc:
        R.parse_units(nodes)
    assert "Må ikke være negativ (-54)" in messages(exc)


def test_which_statuses_are_skipped_is_configurable():
    skipped: dict[str, int] = {}
    units = R.parse_units(
        json.loads(read("bbr_retired_units.json"))[:3],
        skip_statuses=frozenset({"6"}),
        skipped=skipped,
    )
    assert units == [] and skipped == {"6": 3}


def test_status_codes_are_compared_as_numbers():
    nodes = json.loads(read("bbr_retired_units.json"))
    nodes[3]["status"] = 9  # a number, not "9"
    nodes[4]["status"] = "09"
    skipped: dict[str, int] = {}
    R.parse_units(nodes, skipped=skipped)
    assert skipped["9"] == 2


def test_retired_buildings_are_skipped_and_counted_too():
    building = json.loads(read("bbr_sample_bygning.json"))
    building = building[0] if isinstance(building, list) else building
    retired = dict(building, id_lokalId="00000000-0000-4000-8000-00000000b001", status="10")
    retired["byg038SamletBygningsareal"] = -5
    skipped: dict[str, int] = {}
    found = R.parse_buildings([building, retired], skipped=skipped)
    assert [b.building_id for b in found] == [building["id_lokalId"]] and skipped == {"10": 1}


# --- files that are not UTF-8 JSON -----------------------------------------------------------


def test_a_latin1_file_is_a_danish_error_naming_the_byte():
    with pytest.raises(RegisterFormatError) as exc:
        R.parse_units(read("bbr_latin1.json"), file="latin1.json")
    assert "ikke UTF-8-kodet" in messages(exc) and "linje 1" in messages(exc)


def test_a_binary_file_is_a_danish_error():
    with pytest.raises(RegisterFormatError) as exc:
        R.parse_units(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", file="billede.json")
    assert "binære data" in messages(exc)


# --- Danish local time -----------------------------------------------------------------------


def test_a_unit_valid_from_just_before_midnight_utc_is_valid_on_1_january_in_copenhagen():
    units = R.parse_units(read("bbr_retired_units.json"))
    late = next(u for u in units if u.unit_id.endswith("3"))
    assert late.valid_from == datetime.fromisoformat("2024-12-31T23:30:00+00:00")
    assert R.local_date(late.valid_from) == date(2025, 1, 1)
    assert day_number(late.valid_from) == (date(2025, 1, 1) - date(1970, 1, 1)).days


def test_summer_time_and_naive_times():
    assert R.local_date(datetime.fromisoformat("2024-06-30T22:30:00+00:00")) == date(2024, 7, 1)
    assert R.local_date(datetime.fromisoformat("2024-06-30T21:30:00+00:00")) == date(2024, 6, 30)
    assert R.local_date(datetime(2024, 12, 31, 23, 30)) == date(2024, 12, 31)  # already local


# --- DST ------------------------------------------------------------------------------------


def test_a_table_without_ejer_gives_a_danish_error():
    info = R.parse_tableinfo(read("dst_tableinfo_BOL106_en.json"))
    with pytest.raises(RegisterFormatError) as exc:
        R.bol101_request(info)
    text = messages(exc)
    assert "Tabellen BOL106 har ingen variabel EJER" in text and "BOL101" in text


class Recorder:
    """A transport that answers from a list and records every call."""

    def __init__(self, *answers: C.HttpResult | Exception):
        self.answers = list(answers)
        self.calls: list[dict[str, Any]] = []

    def __call__(self, method, url, *, params, json_body, headers, timeout, data=None):
        self.calls.append(
            {"method": method, "url": url, "params": params, "json": json_body}
            | {"headers": dict(headers), "timeout": timeout, "data": data}
        )
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def ok(body: str | bytes | dict) -> C.HttpResult:
    if isinstance(body, dict):
        body = json.dumps(body)
    return C.HttpResult(200, body.decode() if isinstance(body, bytes) else body)


def test_a_year_the_tableinfo_does_not_list_is_refused_before_any_data_request():
    transport = Recorder(ok(read("dst_tableinfo_BOL101_synthetic.json")))
    client = C.StatBankClient(transport=transport)
    with pytest.raises(RegisterFormatError) as exc:
        client.almene_request("BOL101", years=["2021"])
    assert "Året '2021' findes ikke i tabellen BOL101" in messages(exc)
    assert [c["url"].rsplit("/", 1)[1] for c in transport.calls] == ["tableinfo"]


def test_a_listed_year_builds_the_request():
    info = R.parse_tableinfo(read("dst_tableinfo_BOL101_synthetic.json"))
    year = info.variable("Tid").codes()[-1]
    body = R.bol101_request(info, years=[year])
    assert {"code": "Tid", "values": [year]} in body["variables"]
    assert {"code": "EJER", "values": ["20"]} in body["variables"]


# --- retries, paging, OAuth ------------------------------------------------------------------


def test_a_503_is_tried_again_after_a_backoff():
    waits: list[float] = []
    inner = Recorder(C.HttpResult(503, "travlt"), C.HttpResult(503, ""), ok("{}"))
    transport = C.RetryingTransport(inner, retries=3, backoff=0.5, sleep=waits.append)
    result = transport("GET", "https://x.dk/a", params=None, json_body=None, headers={}, timeout=1)
    assert result.status == 200 and waits == [0.5, 1.0] and len(inner.calls) == 3


def test_retry_after_is_honoured_and_a_timeout_is_retried_too():
    waits: list[float] = []
    inner = Recorder(
        C.HttpResult(429, "", {"Retry-After": "7"}), RegisterClientError("svarede ikke"), ok("{}")
    )
    transport = C.RetryingTransport(inner, backoff=1, sleep=waits.append)
    transport("GET", "https://x.dk/a", params=None, json_body=None, headers={}, timeout=1)
    assert waits == [7.0, 2.0]


def test_retries_give_up_with_the_last_answer():
    inner = Recorder(*(C.HttpResult(503, "nede") for _ in range(3)))
    transport = C.RetryingTransport(inner, retries=2, sleep=lambda s: None)
    result = transport("GET", "https://x.dk/a", params=None, json_body=None, headers={}, timeout=1)
    assert result.status == 503 and len(inner.calls) == 3


def test_graphql_pages_follow_the_cursor_through_a_503():
    inner = Recorder(
        ok(read("bbr_graphql_kommune_page1.json")),
        C.HttpResult(503, "Service Unavailable"),
        ok(read("bbr_graphql_kommune_page2.json")),
    )
    client = C.DatafordelerGraphQLClient(
        api_key="nøgle",
        page_size=2,
        transport=C.RetryingTransport(inner, sleep=lambda s: None),
    )
    pages = list(client.unit_pages(kommunekode="0461", at="2025-01-01T00:00:00Z"))
    assert [len(p) for p in pages] == [2, 2]
    first, retried, second = inner.calls
    assert first["params"] == {"apiKey": "nøgle"}
    assert first["json"]["variables"]["after"] is None and first["json"]["variables"]["first"] == 2
    assert retried["json"] == second["json"] and second["json"]["variables"]["after"] == "c2"


def test_graphql_with_an_oauth_shared_secret_sends_a_bearer_token():
    inner = Recorder(
        ok({"access_token": "tok", "expires_in": 300}),
        ok(read("bbr_graphql_kommune_page2.json")),
    )
    client = C.DatafordelerGraphQLClient(
        api_key="", client_id="klient", client_secret="hemmelig", transport=inner
    )
    [page] = list(client.unit_pages(kommunekode="0461", at="2025-01-01T00:00:00Z"))
    token, query = inner.calls
    assert token["data"]["grant_type"] == "client_credentials"
    assert token["data"]["client_secret"] == "hemmelig"
    assert query["headers"]["Authorization"] == "Bearer tok" and not query["params"]


def test_graphql_without_any_credentials_is_a_danish_error_before_any_call():
    inner = Recorder()
    client = C.DatafordelerGraphQLClient(
        api_key="", client_id="", client_secret="", transport=inner
    )
    with pytest.raises(RegisterClientError, match="DATAFORDELER_API_KEY"):
        list(client.unit_pages(kommunekode="0461", at="2025-01-01T00:00:00Z"))
    assert inner.calls == []


# --- official lists --------------------------------------------------------------------------


def test_an_official_list_is_read_with_the_names_of_its_time():
    rows = parse_official_areas(read("official_areas_2024.csv"), year=2024, file="liste.csv")
    assert [(r.area_code, r.category) for r in rows] == [
        ("151-01", "parallelsamfund"),
        ("151-02", "forebyggelse"),
    ]


def test_an_official_list_of_another_year_is_refused():
    with pytest.raises(RegisterFormatError) as exc:
        parse_official_areas(read("official_areas_2024.csv"), year=2023, file="liste.csv")
    assert "fra listen 2024, men filen indlæses som listen 2023" in messages(exc)


def test_an_official_list_in_latin1_is_a_danish_error():
    with pytest.raises(RegisterFormatError) as exc:
        parse_official_areas(read("official_areas_latin1.csv"), year=2024, file="liste.csv")
    assert "ikke UTF-8-kodet" in messages(exc)


def test_an_unknown_category_is_refused():
    data = b"kommunekode;omraade_kode;omraade_navn;kategori\n151;151-01;X;ghettoish\n"
    with pytest.raises(RegisterFormatError) as exc:
        parse_official_areas(data, year=2024, file="liste.csv")
    assert "Ukendt kategori 'ghettoish'" in messages(exc)


def test_a_source_that_is_not_a_web_address_is_refused():
    data = b"kommunekode;omraade_kode;omraade_navn;kategori;kilde\n151;151-01;X;udsat;javascript:alert(1)\n"
    with pytest.raises(RegisterFormatError) as exc:
        parse_official_areas(data, year=2024, file="liste.csv")
    assert "begynder med https://" in messages(exc)
