"""Live clients: Danmarks Statistik StatBank, Datafordeler BBR REST and GraphQL.

Every client takes a ``transport`` (default: ``requests``) so tests can answer with recorded
or synthetic responses and never touch the network. Failures become ``RegisterClientError``
with a Danish message that says what to do: no network, a timeout, a missing API key or
service user, an error status, or an answer that is not what the service promises.

Credentials come from arguments or the environment (never from files):
``DATAFORDELER_API_KEY`` (GraphQL), or ``DATAFORDELER_CLIENT_ID`` / ``DATAFORDELER_CLIENT_SECRET``
(GraphQL with an OAuth shared secret: a client-credentials token from
``DATAFORDELER_TOKEN_URL``, sent as ``Authorization: Bearer``), ``DATAFORDELER_USERNAME`` /
``DATAFORDELER_PASSWORD`` (legacy REST, which ends 15 January 2027).

``RetryingTransport`` wraps any transport: a network failure, a timeout, 429 or a 5xx answer is
tried again up to ``retries`` times, waiting ``backoff × 2ⁿ`` seconds (or the ``Retry-After``
the service asks for, at most ``max_wait``) in between.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from .bbr import BbrUnit, graphql_page, parse_units
from .dst import (
    STATBANK_URL,
    StatTable,
    TableInfo,
    bol101_request,
    parse_csv,
    parse_jsonstat,
    parse_tableinfo,
)
from .errors import RegisterClientError, RegisterFormatError

DATAFORDELER_REST_URL = "https://services.datafordeler.dk/BBR/BBRPublic/1/rest"
DATAFORDELER_GRAPHQL_URL = "https://graphql.datafordeler.dk/BBR/v2"
DATAFORDELER_TOKEN_URL = (
    "https://auth.datafordeler.dk/realms/distribution/protocol/openid-connect/token"
)
"""[U] The token endpoint of the modernised Datafordeler for OAuth shared secret; not confirmed
from Datafordeler's documentation (which says GraphQL accepts "API-key, OAuth Shared Secret
eller OAuth Certifikat"). Setting ``DATAFORDELER_TOKEN_URL`` overrides it."""
DEFAULT_TIMEOUT = 30.0
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

ENHED_FIELDS = (
    "id_lokalId status kommunekode virkningFra registreringFra registreringTil virkningTil bygning "
    "adresseIdentificerer enh020EnhedensAnvendelse enh023Boligtype enh026EnhedensSamledeAreal "
    "enh027ArealTilBeboelse enh028ArealTilErhverv enh031AntalVaerelser enh045Udlejningsforhold "
    "enh046OffentligStoette"
)
ENHED_QUERY = (
    "query($kommunekode: String!, $vt: DafDateTime!, $rt: DafDateTime!, $first: Int!, $after: String) {"
    " BBR_Enhed(first: $first, after: $after, virkningstid: $vt, registreringstid: $rt,"
    " where: {kommunekode: {eq: $kommunekode}}) {"
    f" nodes {{ {ENHED_FIELDS} }} pageInfo {{ hasNextPage endCursor }} }} }}"
)


@dataclass(frozen=True, slots=True)
class HttpResult:
    status: int
    text: str
    headers: Mapping[str, str] = field(default_factory=dict)


class Transport(Protocol):
    def __call__(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None,
        json_body: Any | None,
        headers: Mapping[str, str],
        timeout: float,
        data: Mapping[str, str] | None = None,
    ) -> HttpResult: ...


def requests_transport(
    method: str,
    url: str,
    *,
    params: Mapping[str, Any] | None,
    json_body: Any | None,
    headers: Mapping[str, str],
    timeout: float,
    data: Mapping[str, str] | None = None,
) -> HttpResult:
    """The real transport (``requests``); network failures become ``RegisterClientError``.
    ``data``: a form body (the OAuth token request)."""
    import requests

    try:
        r = requests.request(
            method,
            url,
            params=params,
            json=json_body,
            data=data,
            headers=dict(headers),
            timeout=timeout,
        )
    except requests.Timeout as exc:
        raise RegisterClientError(
            f"{_host(url)} svarede ikke inden for {timeout:g} sekunder. Prøv igen senere."
        ) from exc
    except requests.ConnectionError as exc:
        raise RegisterClientError(
            f"Kunne ikke få forbindelse til {_host(url)}. Tjek netværket (eller proxy) og prøv igen."
        ) from exc
    except requests.RequestException as exc:
        raise RegisterClientError(f"Kaldet til {_host(url)} mislykkedes: {exc}") from exc
    return HttpResult(r.status_code, r.text, dict(r.headers))


class RetryingTransport:
    """A transport that tries again after a network failure, a timeout, 429 or 5xx.

    ``on_retry(attempt, wait, reason)`` is told before each wait (the CLI prints it)."""

    def __init__(
        self,
        transport: Transport,
        *,
        retries: int = 3,
        backoff: float = 1.0,
        max_wait: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
        on_retry: Callable[[int, float, str], None] | None = None,
    ):
        self.transport, self.retries, self.backoff = transport, max(retries, 0), backoff
        self.max_wait, self.sleep, self.on_retry = max_wait, sleep, on_retry

    def __call__(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None,
        json_body: Any | None,
        headers: Mapping[str, str],
        timeout: float,
        data: Mapping[str, str] | None = None,
    ) -> HttpResult:
        attempt = 0
        while True:
            try:
                kwargs: dict[str, Any] = {
                    "params": params,
                    "json_body": json_body,
                    "headers": headers,
                    "timeout": timeout,
                }
                if data is not None:
                    kwargs["data"] = data
                result = self.transport(method, url, **kwargs)
            except RegisterClientError as exc:
                if attempt >= self.retries:
                    raise
                reason, wait = str(exc), self.backoff * 2**attempt
            else:
                if result.status not in RETRY_STATUSES or attempt >= self.retries:
                    return result
                reason = f"{_host(url)} svarede {result.status}"
                wait = _retry_after(result) or self.backoff * 2**attempt
            wait = min(wait, self.max_wait)
            attempt += 1
            if self.on_retry is not None:
                self.on_retry(attempt, wait, reason)
            self.sleep(wait)


def _retry_after(result: HttpResult) -> float | None:
    value = {k.lower(): v for k, v in result.headers.items()}.get("retry-after", "")
    try:
        return max(float(value), 0.0) if value else None
    except ValueError:
        return None


def _host(url: str) -> str:
    return url.split("/")[2] if "://" in url else url


def _check(result: HttpResult, url: str, what: str) -> HttpResult:
    if result.status in (401, 403):
        raise RegisterClientError(
            f"{_host(url)} afviste adgangen ({result.status}) til {what}. Tjek API-nøgle eller tjenestebruger og dataadgang."
        )
    if result.status == 429:
        raise RegisterClientError(
            f"{_host(url)} beder os vente (429 for mange kald). Prøv igen om lidt."
        )
    if result.status >= 400:
        raise RegisterClientError(
            f"{_host(url)} svarede {result.status} på {what}: {result.text[:300]}"
        )
    return result


def _json(result: HttpResult, url: str) -> Any:
    try:
        return json.loads(result.text)
    except json.JSONDecodeError as exc:
        raise RegisterClientError(f"{_host(url)} svarede ikke med JSON ({exc.msg}).") from exc


class StatBankClient:
    """Danmarks Statistik's StatBank API (no authentication): ``tableinfo`` first, then ``data``."""

    def __init__(
        self,
        *,
        base_url: str = STATBANK_URL,
        timeout: float = DEFAULT_TIMEOUT,
        transport: Transport | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.transport = transport or requests_transport

    def _post(self, path: str, body: dict[str, Any], what: str) -> HttpResult:
        url = f"{self.base_url}/{path}"
        headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "*/*"}
        return _check(
            self.transport(
                "POST", url, params=None, json_body=body, headers=headers, timeout=self.timeout
            ),
            url,
            what,
        )

    def tableinfo(self, table: str, *, lang: str = "da") -> TableInfo:
        result = self._post(
            "tableinfo", {"table": table, "format": "JSON", "lang": lang}, f"tableinfo for {table}"
        )
        try:
            return parse_tableinfo(result.text, file=f"tableinfo {table}")
        except RegisterFormatError as exc:
            raise RegisterClientError(
                f"Uventet svar fra Danmarks Statistik for {table}: {exc}"
            ) from exc

    def data(self, request: dict[str, Any]) -> StatTable:
        """Send a ``data`` request (``dst.data_request``/``dst.bol101_request``) and parse it."""
        table = str(request.get("table", ""))
        result = self._post("data", request, f"data for {table}")
        try:
            if str(request.get("format", "")).upper() == "JSONSTAT":
                return parse_jsonstat(result.text, table=table, file=f"data {table}")
            return parse_csv(result.text, table=table, file=f"data {table}")
        except (RegisterFormatError, ValueError) as exc:
            raise RegisterClientError(
                f"Uventet svar fra Danmarks Statistik for {table}: {exc}"
            ) from exc

    def fetch_text(self, request: dict[str, Any]) -> str:
        """The raw answer text of a ``data`` request (for an import that stores the file)."""
        table = str(request.get("table", ""))
        return self._post("data", request, f"data for {table}").text

    def almene_request(
        self, table: str, *, years: list[str] | None = None, lang: str = "da"
    ) -> tuple[TableInfo, dict[str, Any]]:
        """``tableinfo`` for ``table``, then the BOL101-style request for almene dwellings
        (EJER=20 per kommune). A table without EJER or OMRÅDE, or a year the tableinfo does not
        list, raises ``RegisterFormatError`` before any data request is sent."""
        info = self.tableinfo(table, lang=lang)
        return info, bol101_request(info, years=years)


class DatafordelerRestClient:
    """The legacy BBRPublic REST service (service user and password; ends 15 January 2027)."""

    def __init__(
        self,
        *,
        username: str | None = None,
        password: str | None = None,
        base_url: str = DATAFORDELER_REST_URL,
        timeout: float = DEFAULT_TIMEOUT,
        page_size: int = 1000,
        transport: Transport | None = None,
    ):
        self.username = (
            username if username is not None else os.environ.get("DATAFORDELER_USERNAME", "")
        )
        self.password = (
            password if password is not None else os.environ.get("DATAFORDELER_PASSWORD", "")
        )
        self.base_url, self.timeout, self.page_size = base_url.rstrip("/"), timeout, page_size
        self.transport = transport or requests_transport

    def units(self, *, max_pages: int = 10_000, **filters: str) -> Iterator[BbrUnit]:
        """Every current unit matching ``filters`` (e.g. ``kommunekode="0151"``, ``bygning=uuid``),
        page by page."""
        if not (self.username and self.password):
            raise RegisterClientError(
                "Datafordelerens tjenestebruger mangler: sæt DATAFORDELER_USERNAME og DATAFORDELER_PASSWORD "
                "(eller brug GraphQL med DATAFORDELER_API_KEY)."
            )
        url = f"{self.base_url}/enhed"
        for page in range(1, max_pages + 1):
            params = {
                **filters,
                "username": self.username,
                "password": self.password,
                "format": "JSON",
                "page": page,
                "pagesize": self.page_size,
            }
            result = _check(
                self.transport(
                    "GET",
                    url,
                    params=params,
                    json_body=None,
                    headers={"Accept": "application/json"},
                    timeout=self.timeout,
                ),
                url,
                "BBR-enheder",
            )
            objects = _json(result, url)
            if not isinstance(objects, list):
                raise RegisterClientError("Datafordeleren svarede ikke med en liste af enheder.")
            yield from parse_units(objects, file=f"enhed side {page}")
            if len(objects) < self.page_size:
                return
        raise RegisterClientError(f"Stoppede efter {max_pages} sider; indsnævr forespørgslen.")


class DatafordelerGraphQLClient:
    """BBR GraphQL with an API key (query parameter ``apiKey``) or an OAuth shared secret
    (client id and secret → bearer token), and cursor paging (``first``/``after``)."""

    def __init__(
        self,
        *,
        api_key: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        token_url: str | None = None,
        url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        page_size: int = 1000,
        transport: Transport | None = None,
    ):
        env = os.environ.get
        self.api_key = api_key if api_key is not None else env("DATAFORDELER_API_KEY", "")
        self.client_id = client_id if client_id is not None else env("DATAFORDELER_CLIENT_ID", "")
        self.client_secret = (
            client_secret if client_secret is not None else env("DATAFORDELER_CLIENT_SECRET", "")
        )
        self.token_url = token_url or env("DATAFORDELER_TOKEN_URL", DATAFORDELER_TOKEN_URL)
        self.url = url or env("DATAFORDELER_BBR_GRAPHQL_URL", DATAFORDELER_GRAPHQL_URL)
        self.timeout, self.page_size = timeout, page_size
        self.transport = transport or requests_transport
        self._token: str | None = None

    def _auth(self) -> tuple[dict[str, str], dict[str, str]]:
        """(query parameters, headers) that authenticate a call."""
        if self.api_key:
            return {"apiKey": self.api_key}, {}
        if self.client_id and self.client_secret:
            return {}, {"Authorization": f"Bearer {self._bearer()}"}
        raise RegisterClientError(
            "Adgang til Datafordeleren mangler: sæt DATAFORDELER_API_KEY (API-nøgle) eller "
            "DATAFORDELER_CLIENT_ID og DATAFORDELER_CLIENT_SECRET (OAuth shared secret). "
            "Begge oprettes på datafordeler.dk."
        )

    def _bearer(self) -> str:
        if self._token is None:
            result = _check(
                self.transport(
                    "POST",
                    self.token_url,
                    params=None,
                    json_body=None,
                    headers={"Content-Type": "application/x-www-form-urlencoded"},
                    timeout=self.timeout,
                    data={
                        "grant_type": "client_credentials",
                        "client_id": self.client_id,
                        "client_secret": self.client_secret,
                    },
                ),
                self.token_url,
                "et OAuth-token",
            )
            body = _json(result, self.token_url)
            token = body.get("access_token") if isinstance(body, dict) else None
            if not isinstance(token, str) or not token:
                raise RegisterClientError(
                    f"{_host(self.token_url)} gav intet access_token; tjek klient-id og hemmelighed."
                )
            self._token = token
        return self._token

    def unit_pages(
        self, *, kommunekode: str, at: str, max_pages: int = 10_000
    ) -> Iterator[list[Any]]:
        """The raw ``nodes`` of every page of units in ``kommunekode`` ("0151") as of ``at``,
        following ``pageInfo.endCursor`` (for an all-or-nothing import of the whole answer)."""
        params, auth_headers = self._auth()
        cursor: str | None = None
        for page in range(1, max_pages + 1):
            variables = {
                "kommunekode": kommunekode,
                "vt": at,
                "rt": at,
                "first": self.page_size,
                "after": cursor,
            }
            result = _check(
                self.transport(
                    "POST",
                    self.url,
                    params=params,
                    json_body={"query": ENHED_QUERY, "variables": variables},
                    headers={"Content-Type": "application/json", **auth_headers},
                    timeout=self.timeout,
                ),
                self.url,
                "BBR_Enhed",
            )
            body = _json(result, self.url)
            try:
                chunk = graphql_page(body, "BBR_Enhed", file=f"BBR_Enhed side {page}")
            except RegisterFormatError as exc:
                raise RegisterClientError(str(exc)) from exc
            yield chunk.nodes
            if not chunk.has_next_page or not chunk.end_cursor:
                return
            cursor = chunk.end_cursor
        raise RegisterClientError(f"Stoppede efter {max_pages} sider; indsnævr forespørgslen.")

    def units(self, *, kommunekode: str, at: str, max_pages: int = 10_000) -> Iterator[BbrUnit]:
        """Every unit in ``kommunekode`` ("0151") as of ``at`` (ISO time for both virkningstid and
        registreringstid), following ``pageInfo.endCursor``."""
        if not self.api_key:
            raise RegisterClientError(
                "DATAFORDELER_API_KEY mangler. Opret en API-nøgle på datafordeler.dk og sæt miljøvariablen."
            )
        cursor: str | None = None
        for page in range(1, max_pages + 1):
            variables = {
                "kommunekode": kommunekode,
                "vt": at,
                "rt": at,
                "first": self.page_size,
                "after": cursor,
            }
            result = _check(
                self.transport(
                    "POST",
                    self.url,
                    params={"apiKey": self.api_key},
                    json_body={"query": ENHED_QUERY, "variables": variables},
                    headers={"Content-Type": "application/json"},
                    timeout=self.timeout,
                ),
                self.url,
                "BBR_Enhed",
            )
            body = _json(result, self.url)
            try:
                chunk = graphql_page(body, "BBR_Enhed", file=f"BBR_Enhed side {page}")
                yield from parse_units(chunk.nodes, file=f"BBR_Enhed side {page}")
            except RegisterFormatError as exc:
                raise RegisterClientError(str(exc)) from exc
            if not chunk.has_next_page or not chunk.end_cursor:
                return
            cursor = chunk.end_cursor
        raise RegisterClientError(f"Stoppede efter {max_pages} sider; indsnævr forespørgslen.")
