"""The kommune overview caches its content (registry.queries.overview): meetings, referat
status and agreements show in its panels on the next request."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from styringsdialog.meetings import services

URL = reverse("registry:kommune", args=["151"])


def _meetings_panel(html: str) -> str:
    return html.split("Dialogmøder</h2>", 1)[1].split("</section>", 1)[0]


def test_a_new_meeting_shows_at_once(world, client_for):
    c = client_for(world.users["caseworker_ballerup"])
    assert "Ingen dialogmøder." in _meetings_panel(c.get(URL).content.decode())
    services.create_meeting(
        kommune=world.ballerup,
        organisation=world.almenbo,
        styringsaar=2025,
        date=date(2025, 5, 20),
        by=None,
    )
    panel = _meetings_panel(c.get(URL).content.decode())
    assert "20.05.2025" in panel or "20. maj 2025" in panel
    assert "Ingen dialogmøder." not in panel


def test_a_held_meeting_and_its_referat_status_show_at_once(meeting, world, client_for):
    c = client_for(world.users["caseworker_ballerup"])
    before = _meetings_panel(c.get(URL).content.decode())
    services.write_minutes(item=meeting.items.first(), text="Gennemgået.")
    services.mark_meeting_held(meeting=meeting, by=None)
    held = _meetings_panel(c.get(URL).content.decode())
    assert held != before and "badge-success" in held
    services.send_referat_to_organisation(meeting=meeting, by=None)
    sent = _meetings_panel(c.get(URL).content.decode())
    assert sent != held and "badge-warning" in sent


def test_an_agreement_status_change_shows_at_once(meeting, world, client_for):
    past = timezone.localdate() - timedelta(days=30)
    agreement = services.add_agreement(
        meeting=meeting,
        text="Oplysningerne sendes",
        responsible_side="kommune",
        deadline=past,
        by=None,
    )
    c = client_for(world.users["caseworker_ballerup"])
    assert "1</strong> aftale med overskredet frist" in c.get(URL).content.decode()
    services.change_agreement_status(agreement=agreement, status="opfyldt", by=None)
    assert "aftale med overskredet frist" not in c.get(URL).content.decode()


def test_meeting_panels_are_not_shared_with_a_reader_who_may_not_see_them(
    meeting, world, client_for
):
    assert (
        "Dialogmøder</h2>"
        in client_for(world.users["caseworker_ballerup"]).get(URL).content.decode()
    )
    assert "Dialogmøder</h2>" not in client_for(world.users["analyst"]).get(URL).content.decode()
