"""Issue 10, item 4: a referat worth publishing — briefing points arrive as drafts, points
without text need a decision, last year's agreements are followed up in the referat."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from styringsdialog.meetings import services
from styringsdialog.meetings.briefing import briefing_points
from styringsdialog.meetings.tests.conftest import make_meeting
from styringsdialog.meetings.workflow import empty_items
from styringsdialog.publication.models import PublishedReferat

pytestmark = pytest.mark.django_db


@pytest.fixture
def from_briefing(world):
    """2021: a meeting with two agreements; 2022: a meeting whose agenda comes from the briefing,
    held, with minutes on one point only, sent and approved."""
    torben = world.users["caseworker_ballerup"]
    last = make_meeting(world)
    services.add_agreement(
        meeting=last,
        text="Oplysningerne sendes til Almenbo",
        responsible_side="kommune",
        deadline=date(2021, 7, 1),
        by=None,
    )
    agreement = services.add_agreement(
        meeting=last, text="Almenbo tager det med", responsible_side="organisation", by=None
    )
    services.change_agreement_status(agreement=agreement, status="opfyldt", by=torben)
    meeting = make_meeting(world, styringsaar=2022, when=date(2022, 5, 19))
    points = [p for _, p in briefing_points(world.almenbo, 2022)]
    services.create_agenda_from_briefing(meeting=meeting, points=points, by=torben)
    services.mark_meeting_held(meeting=meeting, by=torben)
    velkomst = meeting.items.get(key="velkomst")
    services.write_minutes(item=velkomst, text="Torben bød velkommen.", decision="Godkendt.")
    services.send_referat_to_organisation(meeting=meeting, by=torben)
    services.approve_referat(meeting=meeting, by=torben)
    return meeting


def test_briefing_points_arrive_as_editable_drafts_and_only_once(world, from_briefing):
    meeting = from_briefing
    follow = meeting.items.get(key="opfoelgning").children.get(title__startswith="Oplysningerne")
    assert follow.title == "Oplysningerne sendes til Almenbo"  # no "Opfølgning:" prefix
    assert "status: aftalt" in follow.minutes and "Data: http" in follow.minutes


def test_publish_page_warns_and_refuses_without_a_decision(world, client_for, from_briefing):
    meeting = from_briefing
    c = client_for(world.users["caseworker_ballerup"])
    url = reverse("publishing:publish", args=[meeting.pk])
    html = c.get(url).content.decode()
    empties = empty_items(meeting)
    assert empties and "uden tekst" in html and f'name="tom-{empties[0].pk}"' in html
    r = c.post(url, {"confirm": "on"})
    assert r.status_code == 400 and "Ingen bemærkninger" in r.content.decode()
    assert not PublishedReferat.objects.filter(meeting=meeting).exists()


def test_the_published_referat_has_no_empty_heading(world, client_for, from_briefing):
    meeting = from_briefing
    c = client_for(world.users["caseworker_ballerup"])
    empties = empty_items(meeting)
    data = {"confirm": "on"}
    for n, item in enumerate(empties):
        data[f"tom-{item.pk}"] = "no_remarks" if n == 0 else "omit"
    r = c.post(reverse("publishing:publish", args=[meeting.pk]), data)
    assert r.status_code == 302
    current = PublishedReferat.objects.get(meeting=meeting).current
    assert current is not None
    snapshot = current.snapshot
    items = snapshot["items"]
    for n, i in enumerate(items):
        has_sub = n + 1 < len(items) and items[n + 1]["level"] > i["level"]
        assert i["minutes"] or i["decision"] or has_sub, f"empty heading {i['title']}"
    assert any(i["minutes"] == "Ingen bemærkninger." for i in items)
    assert [i["label"] for i in items if i["level"] == 0] == [
        f"{n}." for n in range(1, 1 + sum(1 for i in items if i["level"] == 0))
    ]  # points left out leave no gaps in the numbering
    # Beslutning and the follow-up table are in the referat
    html = c.get(PublishedReferat.objects.get(meeting=meeting).get_absolute_url()).content.decode()
    assert "Beslutning:" in html and "Godkendt." in html
    assert "Opfølgning på tidligere aftaler" in html and "Opfyldt" in html
    assert "Almenbo tager det med" in html
