"""The demo loader publishes the seed meeting once, as version 1 by Torben."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from styringsdialog.meetings.models import Meeting
from styringsdialog.publication.demo import load_demo
from styringsdialog.publication.models import ReferatVersion
from styringsdialog.publication.services import publish_referat

pytestmark = pytest.mark.django_db


def test_it_publishes_the_seed_meeting_once(seed_meeting):
    calls = []
    load_demo(world=None, progress=lambda stage, done, total: calls.append((done, total)))
    load_demo(world=None, progress=lambda *a: None)
    version = ReferatVersion.objects.get()
    assert version.number == 1 and version.published_by.username == "torben"
    assert timezone.localtime(version.published_at).date().isoformat() == "2021-06-10"
    assert version.referat.get_absolute_url() == "/offentlig/referat/151/almenbo-2021-05-27/"
    assert calls[-1] == (1, 1)


def test_without_the_seed_meeting_it_does_nothing(world):
    load_demo(world=None, progress=lambda *a: None)
    assert not ReferatVersion.objects.exists()


def test_it_refuses_a_seed_meeting_that_is_not_approved(seed_meeting):
    Meeting.objects.filter(pk=seed_meeting.pk).update(referat_status="sent")
    with pytest.raises(RuntimeError, match="godkendt referat"):
        load_demo(world=None, progress=lambda *a: None)


def test_a_publication_time_must_lie_between_the_meeting_and_now(seed_meeting, caseworker):
    with pytest.raises(ValidationError, match="mellem mødedagen og nu"):
        publish_referat(
            meeting=seed_meeting, by=caseworker, at=timezone.make_aware(datetime(2021, 5, 1, 12))
        )
    with pytest.raises(ValidationError, match="mellem mødedagen og nu"):
        publish_referat(meeting=seed_meeting, by=caseworker, at=timezone.now() + timedelta(days=1))
