"""A meeting from creation to a published, corrected referat with ``call_command`` only, and the
CLI's refusals (Danish message, CommandError: exit code 1 from the command line)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from styringsdialog.meetings.models import Attachment, Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def run(*args: str, user: str = "torben") -> dict:
    out = StringIO()
    call_command(*args, "--json", "--as", user, stdout=out)
    return json.loads(out.getvalue())


def text(*args: str, user: str = "torben") -> str:
    out = StringIO()
    call_command(*args, "--as", user, stdout=out)
    return out.getvalue()


def test_meeting_to_published_referat_through_the_cli(world, tmp_path):
    org = world.almenbo.number
    meeting = run("meeting", "create", "151", org, "2021", "--date", "2021-05-27")
    mid = str(meeting["id"])
    assert meeting["items"] and meeting["participants"] == []

    edited = run("meeting", "edit", mid, "--place", "Byrådssalen", "--start", "10:00")
    assert edited["place"] == "Byrådssalen" and edited["start_time"] == "10:00:00"

    claus = run("meeting", "participant", "add", mid, "--user", "claus")
    assert claus["side"] == "organisation"
    extra = run("meeting", "participant", "add", mid, "--name", "Bente", "--title", "Konsulent")
    assert "fjernet" in text("meeting", "participant", "remove", mid, str(extra["id"]))

    point = run("meeting", "item", "add", mid, "Nybyggeri")
    sub = run("meeting", "item", "add", mid, "Lundebjerg", "--parent", str(point["id"]))
    assert sub["parent_id"] == point["id"]
    renamed = run("meeting", "item", "edit", mid, str(point["id"]), "Nyt byggeri")
    assert renamed["title"] == "Nyt byggeri"
    moved = run("meeting", "item", "move", mid, str(point["id"]), "up")
    assert moved["position"] == point["position"] - 1
    doomed = run("meeting", "item", "add", mid, "Slettes")
    assert "slettet" in text("meeting", "item", "delete", mid, str(doomed["id"]))

    upload = tmp_path / "budget.txt"
    upload.write_bytes(b"Budget 2021")
    attached = run("meeting", "attach", mid, str(point["id"]), str(upload))
    assert attached["original_name"] == "budget.txt" and attached["size"] == 11
    assert Attachment.objects.get(pk=attached["id"]).item_id == point["id"]

    assert run("meeting", "held", mid)["status"] == Meeting.Status.HELD
    assert "allerede" in text("meeting", "held", mid)  # idempotent
    welcome = next(i for i in run("meeting", "show", mid)["items"] if i["key"] == "velkomst")
    call_command("minutes", mid, str(welcome["id"]), "--text", "Velkommen.", "--as", "torben")

    assert run("referat", "send", mid)["referat_status"] == "sent"
    comment = run("referat", "comment", mid, "--text", "Ret navnet", user="claus")
    reply = run("referat", "reply", mid, str(comment["id"]), "--text", "Rettet")
    assert reply["parent_id"] == comment["id"]
    assert run("referat", "resolve", mid, str(comment["id"]))["resolved"] is True
    assert run("referat", "approve", mid)["referat_status"] == "approved"
    published = run("referat", "publish", mid, "--empty", "omit")
    assert published["version"] == 1

    pdf = tmp_path / "referat.pdf"
    done = run("referat", "download", mid, "--format", "pdf", "--output", str(pdf))
    assert done["bytes"] == pdf.stat().st_size and pdf.read_bytes().startswith(b"%PDF")

    run("referat", "reopen", mid, "--reason", "Stavefejl")
    run("referat", "send", mid)
    run("referat", "approve", mid)
    corrected = run("referat", "correction", mid, "--note", "Navnet er rettet", "--empty", "omit")
    assert corrected["version"] == 2 and corrected["change_note"] == "Navnet er rettet"
    html = tmp_path / "v1.html"
    run("referat", "download", mid, "--format", "html", "--version", "1", "--output", str(html))
    assert html.read_text(encoding="utf-8").lstrip().startswith('<article class="referat"')


def test_cli_refusals_are_danish_command_errors(world):
    org = world.almenbo.number
    meeting = run("meeting", "create", "151", org, "2021", "--date", "2021-05-27")
    mid = str(meeting["id"])
    with pytest.raises(CommandError, match="allerede et møde"):
        run("meeting", "create", "151", org, "2021", "--date", "2021-06-01")
    with pytest.raises(CommandError, match="første"):
        first = run("meeting", "show", mid)["items"][0]
        run("meeting", "item", "move", mid, str(first["id"]), "up")
    with pytest.raises(CommandError, match="findes ikke"):
        run("meeting", "item", "edit", mid, "999999", "Titel")
    with pytest.raises(CommandError, match="kan ikke læses"):
        run("meeting", "attach", mid, str(first["id"]), "/findes/ikke.pdf")
    with pytest.raises(CommandError, match="findes ikke"):
        run("meeting", "edit", mid, "--place", "X", user="karin")  # another kommune
    with pytest.raises(CommandError, match="læseadgang"):
        run("meeting", "create", "151", org, "2022", "--date", "2022-05-01", user="claus")
    with pytest.raises(CommandError, match="intet offentliggjort referat"):
        run("referat", "download", mid, "--output", "/tmp/x.pdf")
    with pytest.raises(CommandError, match="sendt|afholdt|kan ikke"):
        run("referat", "approve", mid)
