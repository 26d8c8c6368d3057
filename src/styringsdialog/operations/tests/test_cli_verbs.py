"""The CLI verbs of the yearly cycle: happy path and a Danish refusal each."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from styringsdialog.accounts.models import User
from styringsdialog.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_meeting_show_unknown_is_danish() -> None:
    with pytest.raises(CommandError, match="ingen aktiv administrator|findes ikke"):
        run("meeting", "show", "999999")


def test_meeting_unknown_user_is_danish() -> None:
    with pytest.raises(CommandError, match="findes ikke"):
        run("meeting", "show", "1", "--as", "ingen-saadan")


def test_minutes_unknown_user_is_danish() -> None:
    with pytest.raises(CommandError, match="findes ikke"):
        run("minutes", "1", "1", "--text", "x", "--as", "ingen-saadan")


def test_meeting_list_json_empty() -> None:
    User.objects.create_superuser("cli-admin", "a@example.dk", "x" * 12)
    with pytest.raises(CommandError, match="Kommunen findes ikke"):
        run("meeting", "list", "--kommune", "9999", "--json")
    assert Meeting.objects.count() == 0


def test_a_database_without_tables_gives_a_danish_message_not_a_traceback(monkeypatch):
    from django.db.utils import OperationalError

    from styringsdialog import cli

    def missing_tables(argv):
        raise OperationalError("no such table: accounts_user")

    monkeypatch.setattr("django.core.management.execute_from_command_line", missing_tables)
    with pytest.raises(SystemExit) as stopped:
        cli.main(["meeting", "show", "5"])
    assert "Databasen kan ikke bruges" in str(stopped.value.code)
    assert "styringsdialog migrate" in str(stopped.value.code)
