"""The database itself refuses to change a published version (migration 0004), on every path.

The Python guards (``save``, ``delete``, the QuerySets) are tested in ``test_immutability.py``;
here every way past them — the base ``QuerySet.update``, ``_update``, the base manager,
``Model.save``/``save_base``, raw SQL and ``loaddata`` — must end in an ``IntegrityError`` from a
trigger, and the public page must still show the published text. The same tests run on SQLite
and on PostgreSQL (``DATABASE_URL=postgres://…``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import IntegrityError, connection, models, transaction

from styringsdialog.publication.models import PublishedReferat, ReferatFile, ReferatVersion
from styringsdialog.publication.services import publish_correction
from styringsdialog.publication.tests.conftest import make_meeting, reapprove

pytestmark = pytest.mark.django_db

TAMPERED = "TAMPERED"
REFUSED = "Et offentliggjort referat kan ikke ændres eller slettes"


@contextmanager
def refused_by_the_database() -> Iterator[None]:
    """The block must fail with the trigger's Danish message (and leave the transaction usable)."""
    with pytest.raises(IntegrityError, match=REFUSED), transaction.atomic():
        yield


def _sql(statement: str, params: list[Any]) -> None:
    with connection.cursor() as cur:
        cur.execute(statement, params)


@pytest.fixture
def version(seed_meeting, publish) -> ReferatVersion:
    return publish(seed_meeting)


@pytest.fixture
def other_referats_version(world, publish) -> ReferatVersion:
    return publish(make_meeting(world, on=date(2022, 3, 10)))


def _file(version: ReferatVersion, kind: str = "html") -> ReferatFile:
    return ReferatFile.objects.get(version=version, kind=kind)


def _tampered_storage_file() -> str:
    return default_storage.save("referater/tampered.html", ContentFile(b"<p>TAMPERED</p>"))


# Each attack tries to make the public page say TAMPERED (or lose the referat) without the
# Python guards noticing. Every one must be refused by a trigger.
def _version_base_queryset_update(v: ReferatVersion) -> None:
    models.QuerySet.update(ReferatVersion.objects.filter(pk=v.pk), title=TAMPERED)


def _version_private_update(v: ReferatVersion) -> None:
    field = ReferatVersion._meta.get_field("title")
    queryset: Any = ReferatVersion.objects.filter(pk=v.pk)
    queryset._update([(field, None, TAMPERED)])


def _version_base_manager_update(v: ReferatVersion) -> None:
    ReferatVersion._base_manager.filter(pk=v.pk).update(html_sha256="0" * 64)


def _version_raw_delete_queryset(v: ReferatVersion) -> None:
    ReferatVersion._base_manager.filter(pk=v.pk)._raw_delete(using=connection.alias)


def _version_model_save(v: ReferatVersion) -> None:
    v.title = TAMPERED
    models.Model.save(v)


def _version_save_base(v: ReferatVersion) -> None:
    v.title = TAMPERED
    v.save_base()


def _version_raw_sql_update(v: ReferatVersion) -> None:
    _sql("UPDATE publication_referatversion SET title = %s WHERE id = %s", [TAMPERED, v.pk])


def _version_raw_sql_delete(v: ReferatVersion) -> None:
    _sql("DELETE FROM publication_referatversion WHERE id = %s", [v.pk])


def _file_raw_sql_update(v: ReferatVersion) -> None:
    name = _tampered_storage_file()
    _sql("UPDATE publication_referatfile SET file = %s WHERE id = %s", [name, _file(v).pk])


def _file_raw_sql_delete(v: ReferatVersion) -> None:
    _sql("DELETE FROM publication_referatfile WHERE version_id = %s", [v.pk])


def _file_model_save(v: ReferatVersion) -> None:
    row = _file(v)
    row.file.name = _tampered_storage_file()
    models.Model.save(row)


def _file_base_manager_update(v: ReferatVersion) -> None:
    ReferatFile._base_manager.filter(version=v).update(sha256="0" * 64)


def _referat_queryset_update_title(v: ReferatVersion) -> None:
    PublishedReferat.objects.filter(pk=v.referat_id).update(title=TAMPERED)


def _referat_save_title(v: ReferatVersion) -> None:
    pub = PublishedReferat.objects.get(pk=v.referat_id)
    pub.title = TAMPERED
    pub.save()


def _referat_save_slug(v: ReferatVersion) -> None:
    pub = PublishedReferat.objects.get(pk=v.referat_id)
    pub.slug = "tampered"
    pub.save()


def _referat_save_clears_current(v: ReferatVersion) -> None:
    pub = PublishedReferat.objects.get(pk=v.referat_id)
    pub.current = None
    pub.save()


def _referat_raw_sql_delete(v: ReferatVersion) -> None:
    _sql("DELETE FROM publication_publishedreferat WHERE id = %s", [v.referat_id])


ATTACKS: dict[str, Callable[[ReferatVersion], None]] = {
    "version: QuerySet.update of the base class": _version_base_queryset_update,
    "version: QuerySet._update": _version_private_update,
    "version: base manager update()": _version_base_manager_update,
    "version: QuerySet._raw_delete": _version_raw_delete_queryset,
    "version: Model.save past the override": _version_model_save,
    "version: save_base": _version_save_base,
    "version: raw SQL UPDATE": _version_raw_sql_update,
    "version: raw SQL DELETE": _version_raw_sql_delete,
    "file: raw SQL UPDATE to other bytes": _file_raw_sql_update,
    "file: raw SQL DELETE": _file_raw_sql_delete,
    "file: Model.save past the override": _file_model_save,
    "file: base manager update()": _file_base_manager_update,
    "referat: QuerySet.update(title=…)": _referat_queryset_update_title,
    "referat: save() with a new title": _referat_save_title,
    "referat: save() with a new slug": _referat_save_slug,
    "referat: save() without a current version": _referat_save_clears_current,
    "referat: raw SQL DELETE": _referat_raw_sql_delete,
}


@pytest.mark.parametrize("attack", list(ATTACKS.values()), ids=list(ATTACKS))
def test_every_way_around_the_orm_is_refused_by_the_database(client, version, attack):
    url, title = version.referat.get_absolute_url(), version.title
    with refused_by_the_database():
        attack(version)
    stored = ReferatVersion.objects.get(pk=version.pk)
    assert stored.title == title and stored.checksums_match()
    response = client.get(url)
    assert response.status_code == 200
    assert TAMPERED not in response.content.decode()


def _fixture(tmp_path, objects: list[models.Model], change: dict[str, Any]) -> str:
    data = json.loads(serializers.serialize("json", objects))
    for row in data:
        row["fields"].update(change)
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_loaddata_of_a_fixture_that_changes_a_version_is_refused(client, tmp_path, version):
    fixture = _fixture(tmp_path, [ReferatVersion.objects.get(pk=version.pk)], {"title": TAMPERED})
    with refused_by_the_database():
        call_command("loaddata", fixture, verbosity=0)
    assert ReferatVersion.objects.get(pk=version.pk).title == version.title
    assert TAMPERED not in client.get(version.referat.get_absolute_url()).content.decode()


def test_loaddata_of_a_fixture_that_repoints_a_file_is_refused(tmp_path, version):
    name = _tampered_storage_file()
    fixture = _fixture(tmp_path, [_file(version)], {"file": name})
    with refused_by_the_database():
        call_command("loaddata", fixture, verbosity=0)
    assert _file(version).file.name != name


def test_loaddata_of_a_fixture_that_retitles_the_referat_is_refused(tmp_path, version):
    fixture = _fixture(
        tmp_path, [PublishedReferat.objects.get(pk=version.referat_id)], {"title": TAMPERED}
    )
    with refused_by_the_database():
        call_command("loaddata", fixture, verbosity=0)
    assert PublishedReferat.objects.get(pk=version.referat_id).title == version.title


def test_the_referat_cannot_point_at_another_referats_version(version, other_referats_version):
    pub = PublishedReferat.objects.get(pk=version.referat_id)
    pub.current = other_referats_version
    pub.title, pub.updated_at = other_referats_version.title, other_referats_version.published_at
    with refused_by_the_database():
        pub.save()
    assert PublishedReferat.objects.get(pk=pub.pk).current_id == version.pk


@pytest.fixture
def corrected(seed_meeting, publish, caseworker) -> tuple[ReferatVersion, ReferatVersion]:
    v1 = publish(seed_meeting)
    reapprove(seed_meeting, caseworker)
    v2 = publish_correction(meeting=seed_meeting, by=caseworker, change_note="Stavefejl rettet.")
    return v1, v2


def test_a_correction_moves_the_pointer_to_the_new_version(corrected):
    v1, v2 = corrected
    pub = PublishedReferat.objects.get(pk=v1.referat_id)
    assert (pub.current_id, pub.updated_at, pub.title) == (v2.pk, v2.published_at, v2.title)
    assert ReferatVersion.objects.get(pk=v1.pk).checksums_match()


def test_the_pointer_cannot_go_back_to_an_older_version(corrected):
    v1, _ = corrected
    with refused_by_the_database():
        PublishedReferat.objects.filter(pk=v1.referat_id).update(
            current=v1, title=v1.title, updated_at=v1.published_at
        )


def test_harmless_writes_to_the_referat_row_are_allowed(version):
    """Saving it unchanged, or refreshing its search index, changes nothing that is published."""
    pub = PublishedReferat.objects.get(pk=version.referat_id)
    pub.save()
    assert PublishedReferat.objects.filter(pk=pub.pk).update(search_vector=None) == 1


def _trigger_names() -> set[str]:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
                "AND tgrelid::regclass::text LIKE %s",
                ["publication_%"],
            )
        else:
            cur.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name LIKE %s",
                ["publication_%"],
            )
        return {name for (name,) in cur.fetchall()}


EXPECTED_TRIGGERS = {
    "postgresql": {
        "publication_referatversion_immutable",
        "publication_referatfile_immutable",
        "publication_publishedreferat_guard",
        "publication_other_organisations_frozen",
    },
    "sqlite": {
        "publication_referatversion_no_update",
        "publication_referatversion_no_delete",
        "publication_referatfile_no_update",
        "publication_referatfile_no_delete",
        "publication_publishedreferat_no_delete",
        "publication_publishedreferat_frozen",
        "publication_publishedreferat_pointer",
        "publication_other_organisations_no_insert",
        "publication_other_organisations_no_update",
        "publication_other_organisations_no_delete",
    },
}


def test_the_triggers_exist_after_all_migrations():
    """A later migration that rebuilds these tables on SQLite would drop them silently."""
    assert EXPECTED_TRIGGERS[connection.vendor] <= _trigger_names()


def test_flush_empties_published_referater_and_keeps_the_triggers(version):
    if connection.vendor == "postgresql":  # TRUNCATE refuses pending deferred foreign-key checks
        _sql("SET CONSTRAINTS ALL IMMEDIATE", [])
    call_command(
        "flush", interactive=False, verbosity=0, reset_sequences=False, inhibit_post_migrate=True
    )
    assert not ReferatVersion.objects.exists() and not PublishedReferat.objects.exists()
    assert EXPECTED_TRIGGERS[connection.vendor] <= _trigger_names()
