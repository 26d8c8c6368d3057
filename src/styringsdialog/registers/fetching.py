"""Live fetches for ``fetch-bbr`` and ``fetch-dst``: clients built from the settings, with
retries, backoff and timeouts (``almen.registers.clients``). A fetch returns the answer as one
file (bytes) that then goes through the same validating importer as a file from disk, all or
nothing (``services.import_bbr`` / ``services.import_dst``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, time

from django.conf import settings

from almen.registers import clients as C
from almen.registers.bbr import DANISH_TIME

Progress = Callable[[str, int, int | None], None]
OnRetry = Callable[[int, float, str], None]


def _transport(on_retry: OnRetry | None, transport: C.Transport | None) -> C.RetryingTransport:
    return C.RetryingTransport(
        transport or C.requests_transport,
        retries=settings.REGISTERS_FETCH_RETRIES,
        backoff=float(settings.REGISTERS_FETCH_BACKOFF),
        on_retry=on_retry,
    )


def graphql_client(
    *, on_retry: OnRetry | None = None, transport: C.Transport | None = None
) -> C.DatafordelerGraphQLClient:
    return C.DatafordelerGraphQLClient(
        api_key=settings.DATAFORDELER_API_KEY,
        client_id=settings.DATAFORDELER_CLIENT_ID,
        client_secret=settings.DATAFORDELER_CLIENT_SECRET,
        token_url=settings.DATAFORDELER_TOKEN_URL,
        url=settings.DATAFORDELER_BBR_GRAPHQL_URL,
        timeout=float(settings.REGISTERS_FETCH_TIMEOUT),
        page_size=settings.REGISTERS_FETCH_PAGE_SIZE,
        transport=_transport(on_retry, transport),
    )


def statbank_client(
    *, on_retry: OnRetry | None = None, transport: C.Transport | None = None
) -> C.StatBankClient:
    return C.StatBankClient(
        base_url=settings.STATBANK_URL,
        timeout=float(settings.REGISTERS_FETCH_TIMEOUT),
        transport=_transport(on_retry, transport),
    )


def moment(day: date | None) -> str:
    """The virkningstid/registreringstid of a fetch: now, or noon of ``day`` in Danish time."""
    when = (
        datetime.now(DANISH_TIME)
        if day is None
        else datetime.combine(day, time(12), tzinfo=DANISH_TIME)
    )
    return when.isoformat(timespec="seconds")


def fetch_bbr_units(
    *,
    kommune_code: str,
    at: str,
    client: C.DatafordelerGraphQLClient,
    progress: Progress | None = None,
) -> bytes:
    """Every BBR unit of the kommune ("151") as of ``at``, page by page, as one JSON array."""
    nodes: list[object] = []
    for page, chunk in enumerate(
        client.unit_pages(kommunekode=f"{int(kommune_code):04d}", at=at), start=1
    ):
        nodes.extend(chunk)
        if progress is not None:
            progress(f"Side {page} hentet", len(nodes), None)
    return json.dumps(nodes, ensure_ascii=False).encode("utf-8")


def fetch_statbank(
    *,
    table: str,
    years: list[str] | None,
    client: C.StatBankClient,
    progress: Progress | None = None,
) -> bytes:
    """``tableinfo`` then the almene dwellings (EJER=20) per kommune as CSV. A table without
    EJER or a year the table does not list raises ``RegisterFormatError`` before ``data``."""
    report = progress or (lambda step, done, total: None)
    report(f"Henter tableinfo for {table}", 0, 2)
    _info, request = client.almene_request(table, years=years)
    report(f"Henter data for {table}", 1, 2)
    text = client.fetch_text(request)
    report("Hentet", 2, 2)
    return text.encode("utf-8")
