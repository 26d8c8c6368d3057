"""Corrections: a new version with a change note; older versions stay readable and unchanged."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from styringsdialog.publication.models import ReferatVersion
from styringsdialog.publication.services import publish_correction
from styringsdialog.publication.tests.conftest import reapprove

pytestmark = pytest.mark.django_db


@pytest.fixture
def corrected(seed_meeting, publish, caseworker):
    v1 = publish(seed_meeting)
    reapprove(seed_meeting, caseworker)
    seed_meeting.items.filter(parent=None, position=1).update(
        minutes="Rettet tekst om Covid-19 og vaccination."
    )
    v2 = publish_correction(
        meeting=seed_meeting,
        by=caseworker,
        change_note="Punkt 1 er rettet efter aftale med Almenbo.",
    )
    return v1, v2


def test_a_correction_is_a_new_version_with_its_change_note(corrected):
    v1, v2 = corrected
    assert (v1.number, v2.number) == (1, 2)
    assert v2.referat_id == v1.referat_id and v2.referat.current == v2
    assert v2.change_note == "Punkt 1 er rettet efter aftale med Almenbo."
    assert (
        "vaccination" in v2.text and "vaccination" not in ReferatVersion.objects.get(pk=v1.pk).text
    )


def test_the_correction_footer_names_the_change_and_older_versions(corrected):
    _, v2 = corrected
    assert "Ændringsnote: Punkt 1 er rettet" in v2.html
    assert "Tidligere versioner: version 1" in v2.html
    assert v2.snapshot["publication"]["number"] == 2


def test_old_versions_stay_readable_at_their_own_address(client, corrected):
    v1, v2 = corrected
    url = v1.referat.get_absolute_url()
    latest = client.get(url).content.decode()
    old = client.get(f"{url}v1/").content.decode()
    assert "vaccination" in latest and "vaccination" not in old
    assert "erstattet af en nyere version" in old
    assert client.get(f"{url}v2/").status_code == 200
    assert client.get(f"{url}v3/").status_code == 404


def test_a_correction_needs_a_change_note(seed_meeting, publish, caseworker):
    publish(seed_meeting)
    reapprove(seed_meeting, caseworker)
    with pytest.raises(ValidationError, match="ændringsnote"):
        publish_correction(meeting=seed_meeting, by=caseworker, change_note="   ")
    assert ReferatVersion.objects.count() == 1


def test_a_correction_needs_a_published_referat(seed_meeting, caseworker):
    with pytest.raises(ValidationError, match="ikke offentliggjort endnu"):
        publish_correction(meeting=seed_meeting, by=caseworker, change_note="Rettelse")


def test_a_correction_needs_the_referat_approved_again(seed_meeting, publish, caseworker):
    from styringsdialog.meetings.services.referat import reopen_referat_for_correction

    publish(seed_meeting)
    reopen_referat_for_correction(meeting=seed_meeting, by=caseworker, reason="Stavefejl")
    with pytest.raises(ValidationError, match="godkendt"):
        publish_correction(meeting=seed_meeting, by=caseworker, change_note="Stavefejl rettet")


def test_the_database_refuses_a_second_version_without_a_note(seed_meeting, publish):
    v1 = publish(seed_meeting)
    fields = {
        f.attname: getattr(v1, f.attname)
        for f in ReferatVersion._meta.concrete_fields
        if f.attname != "id"
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        ReferatVersion.objects.create(**{**fields, "number": 2, "change_note": ""})
