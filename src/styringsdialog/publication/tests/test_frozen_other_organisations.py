"""The other organisations of a published referat cannot change in the database (migration 0005).

They are rows of the many-to-many table, which the version triggers of migration 0004 do not
cover. Every way of changing them — the related manager, the through model, raw SQL — must end in
an ``IntegrityError`` from a trigger once the referat has a version; before that (inside
``publish_referat``) they are set normally. Runs on SQLite and on PostgreSQL
(``DATABASE_URL=postgres://…``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from styringsdialog.operations.archive import backed_up_models
from styringsdialog.publication.models import PublishedReferat, ReferatVersion
from styringsdialog.publication.tests.conftest import make_meeting

pytestmark = pytest.mark.django_db

REFUSED = "Et offentliggjort referat kan ikke ændres eller slettes"
Through = PublishedReferat.other_organisations.through


@contextmanager
def refused_by_the_database() -> Iterator[None]:
    with pytest.raises(IntegrityError, match=REFUSED), transaction.atomic():
        yield


@pytest.fixture
def joint(world, publish) -> ReferatVersion:
    """A published joint meeting: Almenbo with KBH Bolig as the other organisation."""
    meeting = make_meeting(world, on=date(2021, 6, 3))
    meeting.other_organisations.add(world.kbhbolig)
    return publish(meeting)


def _numbers(pub: PublishedReferat) -> list[str]:
    return sorted(
        PublishedReferat.objects.get(pk=pub.pk).other_organisations.values_list("number", flat=True)
    )


def test_publishing_sets_the_other_organisations(joint, world):
    assert _numbers(joint.referat) == [world.kbhbolig.number]


def _sql(statement: str, params: list[Any]) -> None:
    with connection.cursor() as cur:
        cur.execute(statement, params)


TABLE = Through._meta.db_table
ATTACKS: dict[str, Callable[[PublishedReferat, Any], object]] = {
    "add": lambda pub, world: pub.other_organisations.add(world.almenbo),
    "remove": lambda pub, world: pub.other_organisations.remove(world.kbhbolig),
    "clear": lambda pub, world: pub.other_organisations.clear(),
    "set": lambda pub, world: pub.other_organisations.set([world.almenbo]),
    "through_create": lambda pub, world: Through.objects.create(
        publishedreferat=pub, organisation=world.almenbo
    ),
    "through_update": lambda pub, world: Through.objects.filter(publishedreferat=pub).update(
        organisation=world.almenbo
    ),
    "through_delete": lambda pub, world: Through.objects.filter(publishedreferat=pub).delete(),
    "raw_insert": lambda pub, world: _sql(
        f"INSERT INTO {TABLE} (publishedreferat_id, organisation_id) VALUES (%s, %s)",
        [pub.pk, world.almenbo.pk],
    ),
    "raw_update": lambda pub, world: _sql(
        f"UPDATE {TABLE} SET organisation_id = %s WHERE publishedreferat_id = %s",
        [world.almenbo.pk, pub.pk],
    ),
    "raw_delete": lambda pub, world: _sql(
        f"DELETE FROM {TABLE} WHERE publishedreferat_id = %s", [pub.pk]
    ),
}


@pytest.mark.parametrize("attack", list(ATTACKS.values()), ids=list(ATTACKS))
def test_every_change_to_the_other_organisations_is_refused(joint, world, attack):
    pub = PublishedReferat.objects.get(pk=joint.referat_id)
    with refused_by_the_database():
        attack(pub, world)
    assert _numbers(pub) == [world.kbhbolig.number]


def test_moving_a_row_onto_a_published_referat_is_refused(joint, world, seed_meeting):
    """A row of an unpublished referat may not be repointed at a published one either."""
    from django.utils import timezone

    now = timezone.now()
    draft = PublishedReferat.objects.create(
        meeting=seed_meeting,
        kommune=world.ballerup,
        organisation=world.almenbo,
        slug="udkast",
        meeting_date=seed_meeting.date,
        styringsaar=seed_meeting.styringsaar,
        title="Endnu ikke offentliggjort",
        first_published_at=now,
        updated_at=now,
    )
    draft.other_organisations.add(world.almenbo)  # no version yet: allowed
    with refused_by_the_database():
        Through.objects.filter(publishedreferat=draft).update(publishedreferat=joint.referat_id)
    draft.other_organisations.clear()  # still no version: allowed
    assert _numbers(draft) == []


def test_restore_loads_the_rows_before_the_versions():
    """The restore inserts tables in this order; the trigger would refuse the other one."""
    labels = [m._meta.label_lower for m in backed_up_models()]
    through = labels.index("publication.publishedreferat_other_organisations")
    assert through < labels.index("publication.referatversion")
