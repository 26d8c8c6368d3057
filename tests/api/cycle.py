"""A whole yearly styringsdialog cycle for one organisation, through the REST API only.

``run_cycle`` is shared by the test (``test_api_full_cycle.py``, on the small test world) and the
benchmark (``benchmarks/bench_api_cycle.py``, on the national demo data): packages are created for
the kommune, the organisation answers the styringsrapport and uploads its accounts and submits,
the caseworker reviews, a benchmark run is started and polled, the briefing is read and becomes
the agenda of a new meeting, the invitation is sent, the meeting is held, the minutes written, the
referat sent, commented, approved and published, and an anonymous reader finds it by a word only
this cycle wrote. Every step asserts its status, so a broken contract stops the cycle where it
breaks; the answer is the wall time of each step.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

# One value per answer type for questions without choices (the form's own sample values).
SAMPLE_ANSWERS = {"ja_nej": "ja", "tal": "3", "tekst": "Se årsberetningen."}


@dataclass
class Clients:
    """Test clients (``django.test.Client``), each carrying its own bearer token."""

    kommune: Any  # a caseworker of the kommune
    organisation: Any  # staff of the organisation
    runner: Any  # who may start an efficiency run
    public: Any  # no credentials


def expect(response: Any, status: int) -> Any:
    assert response.status_code == status, (
        f"{response.request['REQUEST_METHOD']} {response.request['PATH_INFO']}: "
        f"{response.status_code} (ventede {status}) {response.content[:800]!r}"
    )
    return (
        response.json() if response.get("Content-Type", "").startswith("application/json") else None
    )


def pages(client: Any, url: str, **params: Any) -> Iterator[dict[str, Any]]:
    """Every item of a paginated list."""
    page = 1
    while True:
        body = expect(client.get(url, {**params, "page": page, "page_size": 100}), 200)
        yield from body["items"]
        if page * 100 >= body["count"]:
            return
        page += 1


def _answer(slot: dict[str, Any]) -> str:
    if slot.get("choices"):
        return str(slot["choices"][0])
    return SAMPLE_ANSWERS.get(slot["answer_type"], "Besvaret via API'et")


def accounts_csv(departments: list[str], accounting_year: int) -> SimpleUploadedFile:
    """An afdelingsregnskab in the CSV layout the import reads, one line per department."""
    lines = ["afdeling;år;konto;beløb"]
    lines += [f"{d};{accounting_year};120;1.250.000,00" for d in departments]
    return SimpleUploadedFile(
        "afdelingsregnskab.csv", ("\n".join(lines) + "\n").encode(), "text/csv"
    )


def _flat(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for item in items:
        yield item
        yield from _flat(item.get("children", []))


def run_cycle(
    c: Clients,
    *,
    kommune: str,
    organisation: str,
    styringsaar: int,
    meeting_date: date,
    marker: str,
    poll: Callable[[], None] = lambda: None,
) -> dict[str, float]:
    times: dict[str, float] = {}
    clock = time.perf_counter()

    def step(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        times[name] = now - clock
        clock = now

    pkg = f"/api/v1/organisations/{organisation}/packages/{styringsaar}"
    expect(
        c.kommune.post(
            f"/api/v1/kommuner/{kommune}/packages", {"styringsaar": styringsaar}, "application/json"
        ),
        200,
    )
    package = expect(c.organisation.get(pkg), 200)
    step("pakker oprettet")

    answers = expect(c.organisation.get(f"{pkg}/answers"), 200)
    body = {
        "answers": [
            {
                "question": a["question"],
                "department": a["department"] or "",
                "value": _answer(a),
                "version": a["version"],
            }
            for a in answers["answers"]
            if a["value"] is None
        ]
    }
    expect(c.organisation.put(f"{pkg}/answers", body, "application/json"), 200)
    departments = [
        d["number"] for d in pages(c.organisation, "/api/v1/departments", organisation=organisation)
    ]
    upload = accounts_csv(departments, package["accounting_year"])
    imported = expect(
        c.organisation.post(f"{pkg}/imports", {"kind": "accounts", "file": upload}), 201
    )
    assert imported["status"] == "indlaest", imported
    step("styringsrapport besvaret og regnskab indlæst")

    expect(c.organisation.post(f"{pkg}/status", {"action": "submit"}, "application/json"), 200)
    reviewed = expect(
        c.kommune.post(f"{pkg}/status", {"action": "review"}, "application/json"), 200
    )
    assert reviewed["status"] == "gennemgaaet", reviewed
    step("pakke indsendt og gennemgået")

    run = c.runner.post(
        "/api/v1/benchmark-runs", {"year": package["accounting_year"]}, "application/json"
    )
    job = expect(run, 202)
    while job["status"] not in {"done", "failed"}:
        poll()
        job = expect(c.runner.get(run["Location"]), 200)
    assert job["status"] == "done", job
    step("effektivitetsberegning")

    briefing = expect(
        c.kommune.get(f"/api/v1/organisations/{organisation}/briefing", {"aar": styringsaar}), 200
    )
    keys = [p["key"] for p in briefing["points"]]
    assert keys, briefing
    meeting = expect(
        c.kommune.post(
            "/api/v1/meetings",
            {
                "kommune": kommune,
                "organisation": organisation,
                "styringsaar": styringsaar,
                "date": meeting_date.isoformat(),
                "start_time": "10:00:00",
                "place": "Rådhuset, mødelokale 2",
            },
            "application/json",
        ),
        201,
    )
    base = f"/api/v1/meetings/{meeting['id']}"
    expect(
        c.kommune.post(f"{base}/agenda/from-briefing", {"points": keys[:3]}, "application/json"),
        201,
    )
    step("briefing og dagsorden")

    expect(c.kommune.post(f"{base}/invitation"), 200)
    seen = expect(c.organisation.get(base), 200)
    assert seen["items"], "organisationen ser ikke dagsordenen"
    expect(c.kommune.post(f"{base}/held"), 200)
    detail = expect(c.kommune.get(base), 200)
    for n, item in enumerate(_flat(detail["items"])):
        text = f"Drøftet {marker}." if n == 0 else "Drøftet."
        expect(
            c.kommune.put(
                f"{base}/items/{item['id']}/minutes",
                {"minutes": text, "version": item["version"]},
                "application/json",
            ),
            200,
        )
    step("indkaldelse, møde og referat skrevet")

    expect(c.kommune.post(f"{base}/referat/send"), 200)
    comment = expect(
        c.organisation.post(
            f"{base}/comments", {"text": "Ret stavningen i punkt 1"}, "application/json"
        ),
        201,
    )
    expect(c.kommune.post(f"{base}/comments/{comment['id']}/resolve"), 200)
    expect(c.kommune.post(f"{base}/referat/approve"), 200)
    published = expect(
        c.kommune.post(f"{base}/referat/publish", {"empty_default": "omit"}, "application/json"),
        201,
    )
    step("referat sendt, kommenteret, godkendt og offentliggjort")

    found = expect(c.public.get("/api/v1/referater/search", {"q": marker}), 200)
    assert [h["referat"]["id"] for h in found["hits"]] == [published["referat_id"]], found
    step("offentlig søgning")
    return times
