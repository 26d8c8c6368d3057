"""publish_referat: who may publish what, and what publishing records."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from styringsdialog.meetings.models import Meeting
from styringsdialog.publication.models import PublishedReferat, ReferatVersion
from styringsdialog.publication.services import danish_slug, publish_referat
from styringsdialog.publication.tests.conftest import RS

pytestmark = pytest.mark.django_db


def test_it_publishes_an_approved_referat_as_version_1(seed_meeting, caseworker):
    version = publish_referat(meeting=seed_meeting, by=caseworker)
    assert version.number == 1 and version.change_note == ""
    assert version.referat.slug == "almenbo-2021-05-27"
    assert version.referat.get_absolute_url() == "/offentlig/referat/151/almenbo-2021-05-27/"
    assert version.referat.current == version
    assert version.published_by == caseworker and version.published_by_name == "Torben"
    assert version.title == "Referat af dialogmøde mellem Almenbo og Ballerup Kommune"


def test_it_moves_the_meeting_to_published(seed_meeting, caseworker):
    version = publish_referat(meeting=seed_meeting, by=caseworker)
    seed_meeting.refresh_from_db()
    assert seed_meeting.referat_status == RS.PUBLISHED
    assert seed_meeting.referat_published_at == version.published_at
    assert seed_meeting.events.filter(action="published").exists()


@pytest.mark.parametrize("status", [RS.DRAFT, RS.SENT])
def test_it_refuses_a_referat_that_is_not_approved(seed_meeting, caseworker, status):
    Meeting.objects.filter(pk=seed_meeting.pk).update(referat_status=status)
    with pytest.raises(ValidationError, match="Kun et godkendt referat"):
        publish_referat(meeting=seed_meeting, by=caseworker)
    assert not PublishedReferat.objects.exists() and not ReferatVersion.objects.exists()


@pytest.mark.parametrize("persona", ["caseworker_kbh", "almenbo_staff", "analyst", "no_role"])
def test_only_the_kommunes_caseworkers_may_publish(world, seed_meeting, persona):
    with pytest.raises(PermissionDenied):
        publish_referat(meeting=seed_meeting, by=world.users[persona])
    assert not ReferatVersion.objects.exists()


def test_an_administrator_may_publish(world, seed_meeting):
    assert publish_referat(meeting=seed_meeting, by=world.users["admin"]).number == 1


def test_publishing_twice_without_a_correction_is_refused(seed_meeting, caseworker):
    publish_referat(meeting=seed_meeting, by=caseworker)
    with pytest.raises(ValidationError, match="ændringsnote"):
        publish_referat(meeting=seed_meeting, by=caseworker)
    with pytest.raises(ValidationError, match="allerede offentliggjort"):
        publish_referat(meeting=seed_meeting, by=caseworker, change_note="Ingen ændring")
    assert ReferatVersion.objects.count() == 1


def test_a_failed_render_leaves_nothing_behind(seed_meeting, caseworker, monkeypatch):
    def broken(doc, body=None):
        raise RuntimeError("printer on fire")

    monkeypatch.setattr("styringsdialog.publication.rendering.render_pdf", broken)
    with pytest.raises(RuntimeError):
        publish_referat(meeting=seed_meeting, by=caseworker)
    seed_meeting.refresh_from_db()
    assert seed_meeting.referat_status == RS.APPROVED
    assert not PublishedReferat.objects.exists()


def test_slugs_spell_out_danish_letters_and_stay_unique(world, caseworker):
    from datetime import date

    from styringsdialog.publication.tests.conftest import make_meeting

    assert danish_slug("Københavns Bolig Å/S") == "koebenhavns-bolig-aas"
    first = make_meeting(world, on=date(2021, 5, 27))
    second = make_meeting(world, on=date(2021, 5, 27))
    assert publish_referat(meeting=first, by=caseworker).referat.slug == "almenbo-2021-05-27"
    assert publish_referat(meeting=second, by=caseworker).referat.slug == "almenbo-2021-05-27-2"


def test_the_snapshot_freezes_the_meeting(seed_meeting, caseworker):
    version = publish_referat(meeting=seed_meeting, by=caseworker)
    snap = version.snapshot
    assert snap["kommune"] == {
        "code": "151",
        "name": "Ballerup",
        "official_name": "Ballerup Kommune",
    }
    assert snap["organisations"] == [{"number": "0151", "name": "Almenbo"}]
    assert snap["meeting"]["date"] == "2021-05-27" and snap["meeting"]["start_time"] == "13:00"
    assert [i["label"] for i in snap["items"]][:4] == ["1.", "2.", "2.a", "2.b"]
    assert [p["side"] for p in snap["participants"]] == ["kommune", "organisation", "organisation"]
    assert snap["agreements"][0]["responsible"] == "Almenbo (Claus)"
    assert (
        snap["agreements"][0]["deadline"] == "2021-09-01"
        and snap["agreements"][0]["item_label"] == "4"
    )
    assert snap["cases"][0]["department"] == "afd. 008 Lundebjerg"
    # later edits to the meeting do not reach the published version
    seed_meeting.items.filter(parent=None, position=1).update(title="Ændret bagefter")
    assert ReferatVersion.objects.get(pk=version.pk).snapshot["items"][0]["title"] == "Covid-19"
