"""The briefing point "anvisning": aggregate figures as the draft minutes of the template item,
and an agreement made from that item."""

from __future__ import annotations

from datetime import date

from styringsdialog.anvisning.briefing import anvisning_points
from styringsdialog.meetings import services as meeting_services
from styringsdialog.meetings.briefing import briefing_points
from styringsdialog.meetings.services.briefing import create_agenda_from_briefing


def test_point_with_aggregate_figures_fills_the_template_item(world, anv) -> None:
    (point,) = anvisning_points(world.almenbo, 2025)
    assert point.source == "anvisning" and point.severity == "warning"
    assert "16,7 %" in point.text and "under det aftalte" in point.text
    assert "0312" not in point.text and "H-2023" not in point.text  # no dwelling, no household
    assert any(p.source == "anvisning" for _, p in briefing_points(world.almenbo, 2025))
    by = world.users["caseworker_ballerup"]
    meeting = meeting_services.create_meeting_from_template(
        kommune=world.ballerup,
        organisation=world.almenbo,
        styringsaar=2025,
        date=date(2025, 5, 20),
        by=by,
    )
    (item,) = create_agenda_from_briefing(meeting=meeting, points=[point], by=by)
    assert item.key == "anvisning" and "16,7 %" in item.minutes
    agreement = meeting_services.add_agreement(
        meeting=meeting,
        agenda_item=item,
        text="Kommunen og Almenbo gennemgår anvisningsandelen i Kirstinelund",
        responsible_side="begge",
        by=by,
    )
    assert agreement.agenda_item_id == item.pk


def test_no_point_without_a_ledger(world) -> None:
    assert anvisning_points(world.almenbo, 2025) == []
