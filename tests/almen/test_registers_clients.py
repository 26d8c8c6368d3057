"""Live clients with a recorded/synthetic transport: request shape, paging, Danish errors. No network."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests

from almen.registers import clients as C
from almen.registers.errors import RegisterClientError

FIXTURES = Path(__file__).parent / "fixtures" / "registers"


class Recorder:
    """A transport that answers from a list and records every call."""

    def __init__(self, *answers: C.HttpResult):
        self.answers = list(answers)
        self.calls: list[dict[str, Any]] = []

    def __call__(self, method, url, *, params, json_body, headers, timeout):
        self.calls.append(
            {
                "method": method,
                "url": url,
                "params": params,
                "json": json_body,
                "headers": headers,
                "timeout": timeout,
            }
        )
        return self.answers.pop(0)


def ok(text: str | bytes) -> C.HttpResult:
    return C.HttpResult(200, text.decode() if isinstance(text, bytes) else text)


def test_statbank_tableinfo_posts_json_and_parses_the_answer():
    transport = Recorder(ok((FIXTURES / "dst_tableinfo_BOL106_en.json").read_bytes()))
    info = C.StatBankClient(transport=transport, timeout=7).tableinfo("BOL106", lang="en")
    assert info.id == "BOL106"
    [call] = transport.calls
    assert (call["method"], call["url"], call["timeout"]) == (
        "POST",
        "https://api.statbank.dk/v1/tableinfo",
        7,
    )
    assert call["json"] == {"table": "BOL106", "format": "JSON", "lang": "en"}


def test_statbank_data_parses_csv_and_jsonstat():
    csv_answer = ok((FIXTURES / "dst_bol101_codes.csv").read_bytes())
    js_answer = ok((FIXTURES / "dst_bol101_jsonstat.json").read_bytes())
    client = C.StatBankClient(transport=Recorder(csv_answer, js_answer))
    table = client.data({"table": "BOL101", "format": "CSV", "variables": []})
    assert table.table == "BOL101" and len(table.rows) == 9
    assert len(client.data({"table": "BOL101", "format": "JSONSTAT", "variables": []}).rows) == 4


@pytest.mark.parametrize(
    ("status", "fragment"),
    [
        (400, "svarede 400"),
        (403, r"afviste adgangen \(403\)"),
        (429, "429 for mange kald"),
        (500, "svarede 500"),
    ],
)
def test_error_statuses_become_danish_messages(status, fragment):
    client = C.StatBankClient(transport=Recorder(C.HttpResult(status, "Ugyldig variabel")))
    with pytest.raises(RegisterClientError, match=fragment):
        client.tableinfo("BOL101")


def test_an_unexpected_answer_is_reported():
    with pytest.raises(RegisterClientError, match="Uventet svar fra Danmarks Statistik"):
        C.StatBankClient(transport=Recorder(ok("<html>vedligeholdelse</html>"))).tableinfo("BOL101")


def test_no_network_and_timeouts_give_danish_errors(monkeypatch):
    def fail(exc):
        def request(*args, **kwargs):
            raise exc

        return request

    monkeypatch.setattr(requests, "request", fail(requests.ConnectionError("no route")))
    with pytest.raises(RegisterClientError, match="Kunne ikke få forbindelse til api.statbank.dk"):
        C.StatBankClient().tableinfo("BOL101")
    monkeypatch.setattr(requests, "request", fail(requests.Timeout("slow")))
    with pytest.raises(RegisterClientError, match="svarede ikke inden for 3 sekunder"):
        C.StatBankClient(timeout=3).tableinfo("BOL101")


def test_rest_client_needs_a_service_user(monkeypatch):
    monkeypatch.delenv("DATAFORDELER_USERNAME", raising=False)
    monkeypatch.delenv("DATAFORDELER_PASSWORD", raising=False)
    with pytest.raises(RegisterClientError, match="DATAFORDELER_USERNAME og DATAFORDELER_PASSWORD"):
        list(C.DatafordelerRestClient(transport=Recorder()).units(kommunekode="0461"))


def test_rest_client_pages_until_a_short_page():
    units = json.loads((FIXTURES / "bbr_sample_enhed.json").read_bytes())
    transport = Recorder(ok(json.dumps(units[:3])), ok(json.dumps(units[3:])))
    client = C.DatafordelerRestClient(
        username="bruger", password="hemmelig", page_size=3, transport=transport
    )
    found = list(client.units(kommunekode="0461"))
    assert len(found) == 5
    assert [c["params"]["page"] for c in transport.calls] == [1, 2]
    first = transport.calls[0]
    assert first["url"] == "https://services.datafordeler.dk/BBR/BBRPublic/1/rest/enhed"
    assert first["params"] | {} == {
        "kommunekode": "0461",
        "username": "bruger",
        "password": "hemmelig",
        "format": "JSON",
        "page": 1,
        "pagesize": 3,
    }


def test_graphql_client_needs_an_api_key(monkeypatch):
    monkeypatch.delenv("DATAFORDELER_API_KEY", raising=False)
    with pytest.raises(RegisterClientError, match="DATAFORDELER_API_KEY mangler"):
        list(
            C.DatafordelerGraphQLClient(transport=Recorder()).units(
                kommunekode="0461", at="2025-03-01T00:00:00Z"
            )
        )


def test_graphql_client_follows_the_cursor(monkeypatch):
    monkeypatch.setenv("DATAFORDELER_API_KEY", "nøgle-fra-miljøet")
    pages = [ok((FIXTURES / f"bbr_graphql_enhed_page{i}.json").read_bytes()) for i in (1, 2)]
    transport = Recorder(*pages)
    found = list(
        C.DatafordelerGraphQLClient(transport=transport).units(
            kommunekode="0461", at="2025-03-01T00:00:00Z"
        )
    )
    assert [u.total_area for u in found] == [109, 113, 113, 83, 49]
    assert transport.calls[0]["params"] == {"apiKey": "nøgle-fra-miljøet"}
    assert transport.calls[0]["url"] == "https://graphql.datafordeler.dk/BBR/v2"
    assert transport.calls[0]["json"]["variables"]["after"] is None
    assert transport.calls[1]["json"]["variables"]["after"] == "Y3Vyc29yMw=="
    assert "BBR_Enhed(first: $first, after: $after" in transport.calls[0]["json"]["query"]


def test_graphql_errors_become_client_errors():
    transport = Recorder(ok((FIXTURES / "bbr_graphql_errors.json").read_bytes()))
    with pytest.raises(RegisterClientError, match="Datafordeleren svarede med fejl"):
        list(
            C.DatafordelerGraphQLClient(api_key="k", transport=transport).units(
                kommunekode="0461", at="2025-03-01T00:00:00Z"
            )
        )
