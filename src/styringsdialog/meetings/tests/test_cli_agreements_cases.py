"""styringsdialog agreement … and case …: scoped as --as, JSON output, Danish errors."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from styringsdialog.meetings import services
from styringsdialog.meetings.models import Agreement, Case

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def run_json(*args: str):
    return json.loads(run(*args, "--json"))


def test_agreement_status_with_a_stale_version_is_a_danish_error(world, meeting):
    agreement = services.add_agreement(
        meeting=meeting, text="Plan", responsible_side="kommune", by=None
    )
    pk = str(agreement.pk)
    moved = run_json("agreement", "status", pk, "i_gang", "--version", "0", "--as", "torben")
    assert moved["status"] == "i_gang" and moved["version"] == 1
    with pytest.raises(CommandError, match="ændret af en anden"):
        run("agreement", "status", pk, "opfyldt", "--version", "0", "--as", "torben")
    with pytest.raises(CommandError, match="ændret af en anden"):
        run("agreement", "edit", pk, "--text", "Min plan", "--version", "0", "--as", "torben")
    agreement.refresh_from_db()
    assert agreement.status == "i_gang" and agreement.version == 1
    assert [e.field for e in agreement.events.all()] == ["oprettet", "status"]


def test_agreement_cycle_as_the_caseworker(world, meeting):
    created = run_json(
        "agreement",
        "create",
        "--meeting",
        str(meeting.pk),
        "--text",
        "Almenbo sender en plan",
        "--responsible",
        "organisation",
        "--deadline",
        "2021-09-01",
        "--departments",
        "008",
        "--as",
        "torben",
    )
    pk = str(created["id"])
    assert created["departments"] == ["0151-008"] and created["version"] == 0
    edited = run_json(
        "agreement", "edit", pk, "--text", "Ny plan", "--version", "0", "--as", "torben"
    )
    assert edited["text"] == "Ny plan" and edited["version"] == 1
    with pytest.raises(CommandError, match="ændret af en anden"):
        run("agreement", "edit", pk, "--text", "Min plan", "--version", "0", "--as", "torben")
    status = run_json("agreement", "status", pk, "ikke_opfyldt", "--note", "Nej", "--as", "torben")
    assert status["status"] == "ikke_opfyldt"
    copy = run_json("agreement", "carry-over", pk, "--as", "torben")
    assert copy["styringsaar"] == 2022 and copy["carried_from_id"] == created["id"]
    history = run_json("agreement", "history", pk, "--as", "torben")
    assert [e["field"] for e in history] == ["oprettet", "tekst", "status", "status"]
    listed = run_json("agreement", "list", "--kommune", "151", "--as", "torben")
    assert {a["id"] for a in listed} == {created["id"], copy["id"]}
    assert "Aftale nr." in run("agreement", "show", pk, "--as", "torben")


def test_agreement_errors_are_danish(world, meeting):
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        run(
            "agreement", "create", "--meeting", str(meeting.pk), "--text", "x",
            "--responsible", "kommune", "--deadline", "1.9.2021", "--as", "torben",
        )  # fmt: skip
    with pytest.raises(CommandError, match="hører ikke til Almenbo"):
        run(
            "agreement", "create", "--meeting", str(meeting.pk), "--text", "x",
            "--responsible", "kommune", "--departments", "0101-001", "--as", "torben",
        )  # fmt: skip
    with pytest.raises(CommandError, match="findes ikke"):
        run(
            "agreement", "create", "--meeting", str(meeting.pk), "--text", "x",
            "--responsible", "kommune", "--as", "karin",
        )  # fmt: skip
    assert not Agreement.objects.exists()
    agreement = services.add_agreement(
        meeting=meeting, text="Plan", responsible_side="kommune", by=None
    )
    with pytest.raises(CommandError, match="findes ikke"):
        run("agreement", "show", str(agreement.pk), "--as", "karin")
    with pytest.raises(CommandError, match="Intet at rette"):
        run("agreement", "edit", str(agreement.pk), "--as", "torben")
    with pytest.raises(CommandError, match="Ukendt status"):
        run("agreement", "list", "--status", "færdig", "--as", "torben")


def test_case_cycle_and_scope(world, meeting):
    created = run_json(
        "case", "create", "0151", "003", "--title", "Fugt", "--category", "byggeri_mangler",
        "--opened-on", "2021-06-01", "--text", "Henvendelse", "--as", "torben",
    )  # fmt: skip
    pk = str(created["id"])
    assert created["entries"] == [{"date": "2021-06-01", "text": "Henvendelse"}]
    edited = run_json(
        "case", "edit", pk, "--title", "Fugt i kælder", "--responsible", "Torben",
        "--version", "0", "--as", "torben",
    )  # fmt: skip
    assert edited["version"] == 1 and edited["responsible"] == "Torben"
    with pytest.raises(CommandError, match="ændret af en anden"):
        run("case", "edit", pk, "--title", "x", "--version", "0", "--as", "torben")
    run("case", "entry", pk, "--text", "Svar sendt", "--date", "2021-06-03", "--as", "torben")
    item = meeting.items.get(key="eventuelt")
    link = run_json("case", "link", pk, "--item", str(item.pk), "--as", "torben")
    dept = run_json("case", "link", pk, "--department", "0151-008", "--as", "torben")
    with pytest.raises(CommandError, match="allerede knyttet"):
        run("case", "link", pk, "--department", "0151-008", "--as", "torben")
    run("case", "unlink", pk, str(dept["id"]), "--as", "torben")
    shown = run_json("case", "show", pk, "--as", "torben")
    assert "Svar sendt" in [entry["text"] for entry in shown["entries"]]
    assert [x["id"] for x in shown["links"]] == [link["id"]]
    closed = run_json("case", "status", pk, "lukket", "--note", "Løst", "--as", "torben")
    assert closed["status"] == "lukket"
    with pytest.raises(CommandError, match="læseadgang"):
        run("case", "status", pk, "aaben", "--as", "claus")
    with pytest.raises(CommandError, match="findes ikke"):
        run("case", "show", pk, "--as", "karin")
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        run("case", "entry", pk, "--text", "x", "--date", "i går", "--as", "torben")
    assert run_json("case", "list", "--as", "claus")[0]["id"] == created["id"]
    assert Case.objects.count() == 1


def test_case_create_refused_for_organisation_staff(world):
    with pytest.raises(CommandError, match="læseadgang"):
        run(
            "case", "create", "0151", "008", "--title", "x", "--category", "andet",
            "--opened-on", str(date(2021, 6, 1)), "--as", "claus",
        )  # fmt: skip


@pytest.mark.parametrize(
    "args",
    [
        ("agreement", "show", "99999999999999999999999"),
        ("agreement", "list", "--styringsaar", "123456789"),
        ("agreement", "edit", "1", "--text", "x", "--version", "-1"),
        ("case", "unlink", "1", "0"),
        ("case", "show", "abc"),
    ],
)
def test_out_of_range_numbers_are_usage_errors_not_tracebacks(world, args):
    with pytest.raises(CommandError, match="id|årstal|version"):
        run(*args, "--as", "torben")
