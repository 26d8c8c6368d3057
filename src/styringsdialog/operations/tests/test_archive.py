"""The archive format in-process: value codecs, table order, and Danish refusals of bad archives."""

from __future__ import annotations

import json
import uuid
import zipfile
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import models

from styringsdialog.operations.archive import CODECS, backed_up_models, codec, value_kind


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("datetime", datetime(2024, 2, 29, 23, 59, 59, 999999, tzinfo=UTC)),
        ("datetime", datetime(2021, 5, 27, 13, 0, 0, 1, tzinfo=UTC)),
        ("date", date(1, 1, 1)),
        ("time", time(23, 59, 59, 123456)),
        ("decimal", Decimal("-12345678901234567890.123456789")),
        ("decimal", Decimal("0.10")),
        ("binary", bytes(range(256)) + b"\x00\xff"),
        ("uuid", uuid.UUID("12345678-1234-5678-1234-567812345678")),
        ("duration", timedelta(days=-3, seconds=5, microseconds=7)),
        ("json", {"æøå": [0.1 + 0.2, 2**63, None, True, {"b": 1, "a": "\u2028"}]}),
        ("plain", 'tekst med "citat", \\ og \n linjeskift'),
        ("plain", 0.1 + 0.2),
    ],
)
def test_every_kind_of_value_survives_the_trip_through_json_exactly(kind, value):
    c = CODECS[kind]
    back = c.decode(json.loads(json.dumps(c.encode(value))))
    assert back == value and type(back) is type(value)
    if isinstance(value, Decimal):
        assert str(back) == str(value), "every digit, trailing zeros too"
    if isinstance(value, datetime):
        assert back.microsecond == value.microsecond and back.utcoffset() == value.utcoffset()


def test_null_stays_null_in_every_codec():
    for c in CODECS.values():
        assert c.decode(json.loads(json.dumps(c.encode(None)))) is None


def test_a_foreign_key_travels_as_the_key_it_points_at():
    assert value_kind(models.DateTimeField()) == "datetime"
    assert value_kind(models.DateField()) == "date"
    from styringsdialog.publication.models import ReferatVersion

    assert value_kind(ReferatVersion._meta.get_field("referat")) == "plain"
    assert codec(ReferatVersion._meta.get_field("published_at")) is CODECS["datetime"]


def test_tables_come_after_the_tables_they_point_at():
    order = [m._meta.label_lower for m in backed_up_models()]
    assert len(order) == len(set(order))
    for before, after in [
        ("contenttypes.contenttype", "auth.permission"),
        ("accounts.user", "accounts.membership"),
        ("registry.kommune", "registry.organisation"),
        ("registry.organisation", "registry.department"),
        ("meetings.meeting", "meetings.agendaitem"),
        # A cycle (the referat points at its current version), broken at the nullable key.
        ("publication.publishedreferat", "publication.referatversion"),
        ("publication.referatversion", "publication.referatfile"),
    ]:
        assert order.index(before) < order.index(after), (before, after)
    assert "publication.publishedreferat_other_organisations" in order, "m2m tables too"


@pytest.mark.django_db
def test_restore_refuses_what_is_not_a_backup_in_danish(tmp_path):
    missing = tmp_path / "findes-ikke.zip"
    with pytest.raises(CommandError, match="findes ikke"):
        call_command("restore", str(missing), verbosity=0)
    text = tmp_path / "tekst.zip"
    text.write_text("ikke en zip")
    with pytest.raises(CommandError, match="ikke en sikkerhedskopi fra Styringsdialog"):
        call_command("restore", str(text), verbosity=0)
    other = tmp_path / "anden.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("readme.txt", "hej")
    with pytest.raises(CommandError, match="manifest.json mangler"):
        call_command("restore", str(other), verbosity=0)
    wrong = tmp_path / "forkert.zip"
    with zipfile.ZipFile(wrong, "w") as zf:
        zf.writestr("manifest.json", json.dumps({"format": "styringsdialog-backup"}))
    with pytest.raises(CommandError, match="formatversion"):
        call_command("restore", str(wrong), verbosity=0)


@pytest.mark.django_db
def test_backup_refuses_a_missing_folder_in_danish(tmp_path):
    with pytest.raises(CommandError, match="Mappen .* findes ikke"):
        call_command("backup", str(tmp_path / "ingen" / "backup.zip"), verbosity=0)
