"""styringsdialog package … and briefing: the same scope and services as the API, Danish
refusals (CommandError: exit code 1) and JSON for scripts."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from styringsdialog.intake.models import Answer, Attachment, DocumentationPackage
from styringsdialog.meetings import services as meetings
from styringsdialog.meetings.models import AgendaItem

pytestmark = pytest.mark.django_db
TORBEN, CLAUS = "torben", "claus"  # caseworker in Ballerup, Almenbo's staff


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_create_all_is_idempotent_and_reports_as_json(world):
    first = json.loads(
        run("package", "create-all", "--styringsaar", "2026", "--as", TORBEN, "--json")
    )
    assert (first["created"], first["existing"]) == (1, 0)
    assert first["kommuner"] == [
        {"kommune": "151", "created": 1, "existing": 0, "packages": ["0151"]}
    ]
    again = json.loads(
        run("package", "create-all", "--styringsaar", "2026", "--as", TORBEN, "--json")
    )
    assert (again["created"], again["existing"]) == (0, 1)
    assert DocumentationPackage.objects.count() == 1


def test_create_all_as_organisation_staff_is_refused(world):
    with pytest.raises(CommandError, match="må ikke oprette"):
        run("package", "create-all", "--styringsaar", "2026", "--as", CLAUS)
    assert not DocumentationPackage.objects.exists()


def test_create_twice_is_a_danish_refusal(world):
    assert "er oprettet" in run("package", "create", "0151", "2026", "--as", TORBEN)
    with pytest.raises(CommandError, match="findes allerede"):
        run("package", "create", "0151", "2026", "--as", TORBEN)


def test_show_outside_the_scope_is_not_found(package, world):
    with pytest.raises(CommandError, match="findes ikke|ingen dokumentationspakke"):
        run("package", "show", "0151", "2025", "--as", "karin")


def test_answers_set_and_attach_and_status(package, world, tmp_path):
    out = json.loads(
        run("package", "answers", "0151", "2025", "--set", "OEK1=ja", "--as", CLAUS, "--json")
    )
    oek1 = next(a for a in out["answers"] if a["question"] == "OEK1")
    assert oek1["value"] == "ja" and oek1["version"] == 1
    run("package", "answers", "0151", "2025", "--set", "OEK1=nej", "--as", CLAUS)
    assert Answer.objects.get(package=package, question__code="OEK1").value == "nej"
    with pytest.raises(CommandError, match="OEK1"):
        run("package", "answers", "0151", "2025", "--set", "OEK1=måske", "--as", CLAUS)
    pdf = tmp_path / "aarsberetning.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    attached = json.loads(
        run(
            "package",
            "attach",
            "0151",
            "2025",
            str(pdf),
            "--kind",
            "aarsberetning",
            "--as",
            CLAUS,
            "--json",
        )
    )
    assert Attachment.objects.get(pk=attached["id"]).original_name == "aarsberetning.pdf"
    with pytest.raises(CommandError, match="mangler"):
        run("package", "status", "0151", "2025", "indsend", "--as", CLAUS)
    with pytest.raises(CommandError, match="sagsbehandlere"):
        run("package", "status", "0151", "2025", "gennemgaaet", "--as", CLAUS)


def test_list_shows_the_kommunes_packages(package, world):
    data = json.loads(run("package", "list", "--kommune", "151", "--as", TORBEN, "--json"))
    assert data["styringsaar"] == 2025
    assert [(r["organisation"], r["status"]) for r in data["packages"]] == [("0151", "oprettet")]


@pytest.fixture
def meeting(world):
    meetings.open_case(
        department=world.lundebjerg,
        category="andet",
        title="Nye matrikler",
        opened_on=date(2021, 5, 27),
        text="Sendt",
        by=None,
    )
    return meetings.create_meeting_from_template(
        kommune=world.ballerup,
        organisation=world.almenbo,
        styringsaar=2021,
        date=date(2021, 5, 27),
        by=world.users["caseworker_ballerup"],
    )


def test_briefing_json_and_to_meeting(meeting, world):
    data = json.loads(run("briefing", "0151", "--aar", "2021", "--as", TORBEN, "--json"))
    keys = [p["key"] for p in data["points"]]
    assert keys
    out = json.loads(
        run(
            "briefing",
            "0151",
            "--aar",
            "2021",
            "--to-meeting",
            str(meeting.pk),
            "--points",
            ",".join(keys),
            "--as",
            TORBEN,
            "--json",
        )
    )
    assert out["created"] >= 1
    count = AgendaItem.objects.filter(meeting=meeting).count()
    text = run("briefing", "0151", "--aar", "2021", "--to-meeting", str(meeting.pk), "--as", TORBEN)
    assert text.startswith("0 punkter")
    assert AgendaItem.objects.filter(meeting=meeting).count() == count


def test_briefing_refusals_are_danish(meeting, world):
    with pytest.raises(CommandError, match="har ikke punktet"):
        run(
            "briefing",
            "0151",
            "--aar",
            "2021",
            "--to-meeting",
            str(meeting.pk),
            "--points",
            "findesikke",
            "--as",
            TORBEN,
        )
    with pytest.raises(CommandError, match="ikke med Almenbo i styringsår 2022"):
        run("briefing", "0151", "--aar", "2022", "--to-meeting", str(meeting.pk), "--as", TORBEN)
    with pytest.raises(CommandError):
        run("briefing", "0151", "--aar", "2021", "--as", CLAUS)


def test_answer_template_writes_the_pages_file(package, world, client_for, tmp_path):
    target = tmp_path / "skabelon.csv"
    done = json.loads(
        run(
            "package", "answer-template", "0151", "2025", "-o", str(target), "--as", CLAUS, "--json"
        )
    )
    page = client_for(world.users["almenbo_staff"]).get(
        "/organisation/0151/dokumentationspakke/2025/svar/skabelon.csv"
    )
    assert page.status_code == 200 and target.read_bytes() == page.content
    assert done == {"file": str(target), "format": "csv", "bytes": len(page.content)}
    xlsx = tmp_path / "skabelon.xlsx"
    run("package", "answer-template", "0151", "2025", "--format", "xlsx", "-o", str(xlsx))
    assert xlsx.read_bytes().startswith(b"PK")
    with pytest.raises(CommandError, match="ingen dokumentationspakke|findes ikke"):
        run("package", "answer-template", "0151", "2025", "-o", str(target), "--as", "karin")
    with pytest.raises(CommandError, match="kan ikke skrives"):
        run("package", "answer-template", "0151", "2025", "-o", str(tmp_path / "nej" / "x.csv"))
