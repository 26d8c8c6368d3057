"""The whole yearly cycle through the CLI only (issue 12): package → answers → accounts → submit →
review → efficiency run → briefing → meeting → invitation → held → minutes → referat → publish,
and the public search finds it. Every step is a ``styringsdialog`` verb run with ``call_command``
as the user who does it on the pages; the JSON a script would read drives the next step."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from styringsdialog.intake.catalogue import ensure_demo_catalogue

pytestmark = pytest.mark.django_db

SAMPLE = {"ja_nej": "ja", "tal": "3", "tekst": "Se årsberetningen."}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def cli(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def as_json(*args: str, user: str) -> dict:
    return json.loads(cli(*args, "--json", "--as", user))


def _slots(answers: dict) -> list[str]:
    """``--set`` values for every unanswered slot: ``OEK1=ja`` or ``OEK3/008=ja``."""
    out = []
    for a in answers["answers"]:
        if a["value"] is not None:
            continue
        value = a["choices"][0] if a.get("choices") else SAMPLE[a["answer_type"]]
        key = f"{a['question']}/{a['department']}" if a["department"] else a["question"]
        out += ["--set", f"{key}={value}"]
    return out


def _flat(items: list[dict]) -> list[dict]:
    return [x for i in items for x in [i, *_flat(i.get("children", []))]]


def test_one_organisation_through_the_whole_cycle_by_cli_only(world, tmp_path: Path):
    ensure_demo_catalogue()
    org, year = world.almenbo.number, "2025"

    created = as_json("package", "create-all", "--styringsaar", year, user="torben")
    assert created["created"] + created["existing"] >= 1
    answers = as_json("package", "answers", org, year, user="claus")
    saved = as_json("package", "answers", org, year, *_slots(answers), user="claus")
    assert saved["missing"] == []

    package = as_json("package", "show", org, year, user="claus")
    accounting = str(package["accounting_year"])
    departments = [d.number for d in world.almenbo.departments.order_by("number")]
    csv = tmp_path / "afdelingsregnskab.csv"
    csv.write_text(
        "afdeling;år;konto;beløb\n"
        + "".join(f"{d};{accounting};120;1.250.000,00\n" for d in departments),
        encoding="utf-8",
    )
    cli(
        "import_package_file", str(csv), "--organisation", org, "--year", year,
        "--kind", "accounts", "--as", "claus",
    )  # fmt: skip
    assert as_json("package", "status", org, year, "indsend", user="claus")["status"] == "indsendt"
    reviewed = as_json("package", "status", org, year, "gennemgaaet", user="torben")
    assert reviewed["status"] == "gennemgaaet"

    run = json.loads(cli("benchmark", "--year", accounting, "--json"))
    assert run["data_year"] == int(accounting) and run["n_departments"] > 0, run

    meeting = as_json(
        "meeting", "create", "151", org, year, "--date", "2025-05-27", "--empty-agenda",
        user="torben",
    )  # fmt: skip
    mid = str(meeting["id"])
    briefing = as_json("briefing", org, "--aar", year, user="torben")
    keys = [p["key"] for p in briefing["points"]][:3]
    assert keys
    cli(
        "briefing",
        org,
        "--aar",
        year,
        "--to-meeting",
        mid,
        "--points",
        ",".join(keys),
        "--as",
        "torben",
    )
    cli("send_invitation", mid, "--as", "torben")
    as_json("meeting", "held", mid, user="torben")
    detail = as_json("meeting", "show", mid, user="torben")
    items = _flat(detail["items"])
    assert len(items) >= len(keys)
    for n, item in enumerate(items):
        text = "Drøftet Kornblomstvej." if n == 0 else "Drøftet."
        cli("minutes", mid, str(item["id"]), "--text", text, "--as", "torben")

    assert as_json("referat", "send", mid, user="torben")["referat_status"] == "sent"
    comment = as_json("referat", "comment", mid, "--text", "Ret stavningen", user="claus")
    as_json("referat", "resolve", mid, str(comment["id"]), user="torben")
    assert as_json("referat", "approve", mid, user="torben")["referat_status"] == "approved"
    published = as_json("referat", "publish", mid, user="torben")
    assert published["version"] == 1

    found = Client().get("/api/v1/referater/search", {"q": "Kornblomstvej"}).json()
    assert [h["referat"]["id"] for h in found["hits"]] == [published["referat_id"]]
