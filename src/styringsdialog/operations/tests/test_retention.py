"""styringsdialog retention: dry run counts, the real run deletes/anonymises, published
versions and recent things are kept."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from styringsdialog.audit.models import AuditEntry
from styringsdialog.lib.retention import register_retention_rule, retention_rules
from styringsdialog.meetings.models import AgendaItem, ReferatComment
from styringsdialog.meetings.tests.conftest import advance, make_meeting

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


def _results(*args: str) -> dict[str, int]:
    return {r["regel"]: r["antal"] for r in json.loads(_run("--json", *args))}


def test_rules_are_registered() -> None:
    names = {r.name for r in retention_rules()}
    assert {"revisionslog", "referatkladder", "kommentarer", "husstandsreferencer"} <= names


def test_dry_run_counts_and_real_run_acts(world) -> None:
    old_draft = advance(make_meeting(world, when=date(2015, 5, 1), styringsaar=2015), world, "sent")
    published = advance(
        make_meeting(world, when=date(2015, 6, 1), styringsaar=2015), world, "published"
    )
    recent = advance(make_meeting(world), world, "sent")
    recent.date = timezone.localdate() - timedelta(days=10)
    recent.save()
    comment = ReferatComment.objects.create(
        meeting=old_draft, author=world.users["almenbo_staff"], text="Gammel kommentar"
    )
    ReferatComment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - timedelta(days=4000)
    )
    AuditEntry(kind="view", at=timezone.now() - timedelta(days=4000)).save(force_insert=True)
    AuditEntry(kind="view").save(force_insert=True)

    text = _run("--dry-run")
    assert "Prøvekørsel – intet er ændret" in text
    assert "referatkladder: 1" in text
    assert _results("--dry-run") == {
        "husstandsreferencer": 0,
        "kommentarer": 1,
        "referatkladder": 1,
        "revisionslog": 1,
    }
    assert AgendaItem.objects.filter(meeting=old_draft).exclude(minutes="").exists()

    assert _results() == {
        "husstandsreferencer": 0,
        "kommentarer": 1,
        "referatkladder": 1,
        "revisionslog": 1,
    }
    assert not AgendaItem.objects.filter(meeting=old_draft).exclude(minutes="").exists()
    assert AgendaItem.objects.filter(meeting=published).exclude(minutes="").exists()
    assert AgendaItem.objects.filter(meeting=recent).exclude(minutes="").exists()
    assert not ReferatComment.objects.filter(pk=comment.pk).exists()
    assert AuditEntry.objects.count() == 1
    assert _results() == {
        "husstandsreferencer": 0,
        "kommentarer": 0,
        "referatkladder": 0,
        "revisionslog": 0,
    }


def test_other_apps_register_rules(settings) -> None:
    settings.RETENTION_TEST_DAYS = 30
    seen: list[bool] = []

    def apply(cutoff, dry_run: bool) -> int:
        seen.append(dry_run)
        return 7

    register_retention_rule(
        name="zz-test", description="testobjekter", setting="RETENTION_TEST_DAYS", apply=apply
    )
    try:
        assert _results("--dry-run")["zz-test"] == 7
        assert seen == [True]
    finally:
        from styringsdialog.lib import retention

        retention._RULES.pop("zz-test")
