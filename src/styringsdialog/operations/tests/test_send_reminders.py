"""``styringsdialog send-reminders``: package and agreement reminders, idempotent, --dry-run and
--json, Danish errors."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from styringsdialog.intake.models import DocumentationPackage
from styringsdialog.intake.notifications import package_reminders
from styringsdialog.intake.services import create_package

pytestmark = pytest.mark.django_db


@pytest.fixture
def package(world) -> DocumentationPackage:
    for user in world.users.values():
        user.email = f"{user.username}@example.dk"
        user.save(update_fields=["email"])
    package = create_package(organisation=world.almenbo, styringsaar=2025)
    mail.outbox.clear()
    return package  # formal deadline 30.6.2025


def _run(*args: str) -> dict:
    from io import StringIO

    out = StringIO()
    call_command("send_reminders", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_package_deadline_approaching_goes_to_the_organisation(world, package):
    assert package.deadline_formal == date(2025, 6, 30)
    sent = package_reminders(today=date(2025, 6, 25))
    assert [n.email for n in sent] == ["claus@example.dk"]
    assert "nærmer sig (30.6.2025)" in mail.outbox[0].subject
    assert "/organisation/0151/dokumentationspakke/2025/" in mail.outbox[0].body


def test_package_overdue_and_not_before(world, package):
    assert package_reminders(today=date(2025, 6, 1)) == []
    sent = package_reminders(today=date(2025, 7, 2))
    assert [n.key.split(":")[0] for n in sent] == ["package-overdue"]
    assert "er ikke indsendt" in mail.outbox[0].subject
    # long after: outside the window, nothing
    assert package_reminders(today=date(2026, 1, 1)) == []


def test_submitted_package_gets_no_reminder(world, package):
    DocumentationPackage.objects.filter(pk=package.pk).update(status="indsendt")
    assert package_reminders(today=date(2025, 6, 25)) == []


def test_command_is_idempotent(world, package):
    first = _run("--date", "2025-06-25")
    assert first["sent"] == 1 and first["by_kind"] == {"package-soon": 1}
    assert len(mail.outbox) == 1
    second = _run("--date", "2025-06-25")
    assert second["sent"] == 0 and len(mail.outbox) == 1


def test_command_dry_run_sends_nothing(world, package):
    result = _run("--date", "2025-06-25", "--dry-run")
    assert result["dry_run"] is True and result["sent"] == 1
    assert mail.outbox == []
    assert _run("--date", "2025-06-25")["sent"] == 1


def test_command_text_output(world, package, capsys):
    call_command("send_reminders", "--date", "2025-06-25")
    out = capsys.readouterr().out
    assert "Sendt 1 påmindelser pr. 25.06.2025." in out
    assert "dokumentationspakker, frist nærmer sig: 1" in out


def test_command_refuses_a_bad_date():
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        call_command("send_reminders", "--date", "i morgen")


@pytest.mark.django_db(transaction=True)
def test_cli_bad_date_exit_code_and_no_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "styringsdialog.cli", "send-reminders", "--date", "x"],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "STYRINGSDIALOG_VAR_DIR": str(tmp_path)},
        check=False,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "ÅÅÅÅ-MM-DD" in result.stderr
