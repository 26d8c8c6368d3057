"""Briefing (C10): points from agreements and cases, and "Opret dagsorden" from the ticked ones."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from styringsdialog.meetings import services
from styringsdialog.meetings.agenda import agenda_tree, flatten
from styringsdialog.meetings.briefing import briefing_points, target_key
from styringsdialog.registry.briefing import BriefingPoint

from .conftest import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(meeting, world):
    """2021: two agreements (one overdue) and an open case; 2022 is the year being prepared."""
    services.add_agreement(
        meeting=meeting,
        text="Oplysningerne sendes til Almenbo",
        responsible_side="kommune",
        deadline=date(2021, 7, 1),
        by=None,
    )
    services.add_agreement(
        meeting=meeting, text="Almenbo tager det med", responsible_side="organisation", by=None
    )
    services.open_case(
        department=world.lundebjerg,
        category="byggeri_mangler",
        title="Mangler i nye boliger",
        opened_on=date(2020, 8, 1),
        by=None,
    )
    return meeting


def test_points_come_from_last_years_agreements_and_open_cases(history, world):
    points = [p for _, p in briefing_points(world.almenbo, 2022)]
    by_source = {p.source: p for p in points}
    assert {"aftaler_sidste_aar", "sager"} <= set(by_source)
    overdue = next(p for p in points if "Oplysningerne" in p.title)
    assert overdue.severity == "warning" and "overskredet" in overdue.text
    assert overdue.evidence_url.startswith("/aftaler/")
    assert "Mangler i nye boliger" in by_source["sager"].text
    assert by_source["sager"].evidence_url == reverse(
        "meetings:department_cases", args=["0151", "008"]
    )


def test_older_unresolved_agreements_are_open_points(history, world):
    points = [p for _, p in briefing_points(world.almenbo, 2023)]
    assert any(p.source == "aftaler_aabne" for p in points)
    assert not any(p.source == "aftaler_sidste_aar" for p in points)


def test_sources_map_to_template_items():
    assert target_key("aftaler_sidste_aar") == "opfoelgning"
    assert target_key("sager") == "sager"
    assert target_key("effektivitet") == "styringsrapport"
    assert target_key("henlaeggelser") == "styringsrapport"
    assert target_key("kvarterprofil") == "kvarterprofiler"


def test_points_become_sub_items_under_the_right_item(history, world):
    meeting = make_meeting(world, styringsaar=2022, when=date(2022, 5, 19))
    points = [p for _, p in briefing_points(world.almenbo, 2022)]
    points.append(
        BriefingPoint(
            source="effektivitet",
            title="Effektivitetstal 75 (gul) i Hedegården",
            text="x",
            evidence_url="/x/",
        )
    )
    created = services.create_agenda_from_briefing(meeting=meeting, points=points)
    assert len(created) == len(points)
    labels = {n.item.title: n.label for n in flatten(agenda_tree(meeting))}
    assert labels["Effektivitetstal 75 (gul) i Hedegården"] == "4.a"
    assert labels["Oplysningerne sendes til Almenbo"].startswith("2.")  # no machine prefix
    assert labels["Afd. Lundebjerg: 1 åben sag"] == "5.a"
    item = meeting.items.get(title="Effektivitetstal 75 (gul) i Hedegården")
    assert item.evidence_url == "/x/" and item.briefing_note == "x"
    assert item.minutes == "x\n\nData: http://127.0.0.1:8000/x/"  # an editable draft
    assert (
        services.create_agenda_from_briefing(meeting=meeting, points=points) == []
    )  # already on the agenda


def test_no_points_is_refused(meeting):
    with pytest.raises(ValidationError, match="mindst ét punkt"):
        services.create_agenda_from_briefing(meeting=meeting, points=[])


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("caseworker_ballerup", 200),
        ("admin", 200),
        ("almenbo_staff", 403),
        ("caseworker_kbh", 404),
        ("analyst", 404),
        ("other_org_staff", 404),
    ],
)
def test_briefing_page_scope(world, client_for, history, persona, status):
    url = reverse("meetings:briefing", args=["0151"]) + "?aar=2022"
    assert client_for(world.users[persona]).get(url).status_code == status


def test_briefing_page_lists_points_with_evidence_links(world, client_for, history):
    html = (
        client_for(world.users["caseworker_ballerup"])
        .get(reverse("meetings:briefing", args=["0151"]) + "?aar=2022")
        .content.decode()
    )
    assert (
        "Opfølgning på sidste års aftaler" in html
        and "Opfølgning: Oplysningerne sendes til Almenbo" in html
    )
    assert "Se data" in html and 'type="checkbox"' in html


def test_opret_dagsorden_creates_a_new_meeting_from_ticked_points(world, client_for, history):
    c = client_for(world.users["caseworker_ballerup"])
    ids = [pid for pid, p in briefing_points(world.almenbo, 2022) if p.source == "sager"]
    response = c.post(
        reverse("meetings:briefing", args=["0151"]),
        {"aar": 2022, "meeting": "ny", "date": "2022-05-19", "points": ids},
    )
    assert response.status_code == 302
    from styringsdialog.meetings.models import Meeting

    meeting = Meeting.objects.get(styringsaar=2022)
    assert meeting.items.get(key="sager").children.get().title == "Afd. Lundebjerg: 1 åben sag"


def test_opret_dagsorden_extends_an_existing_meeting(world, client_for, history):
    meeting = make_meeting(world, styringsaar=2022, when=date(2022, 5, 19))
    c = client_for(world.users["caseworker_ballerup"])
    ids = [pid for pid, _ in briefing_points(world.almenbo, 2022)]
    c.post(
        reverse("meetings:briefing", args=["0151"]),
        {"aar": 2022, "meeting": str(meeting.pk), "points": ids},
    )
    assert meeting.items.get(key="opfoelgning").children.count() == 2


def test_new_meeting_needs_a_date(world, client_for, history):
    c = client_for(world.users["caseworker_ballerup"])
    ids = [pid for pid, _ in briefing_points(world.almenbo, 2022)]
    html = c.post(
        reverse("meetings:briefing", args=["0151"]), {"aar": 2022, "meeting": "ny", "points": ids}
    ).content.decode()
    assert "Angiv datoen for det nye møde." in html


def test_rerunning_opret_dagsorden_adds_nothing_twice_even_after_a_rename(history, world):
    meeting = make_meeting(world, styringsaar=2022, when=date(2022, 5, 19))
    points = [p for _, p in briefing_points(world.almenbo, 2022)]
    created = services.create_agenda_from_briefing(meeting=meeting, points=points)
    services.rename_agenda_item(item=created[0], title="Omdøbt af sagsbehandleren")
    count = meeting.items.count()
    assert services.create_agenda_from_briefing(meeting=meeting, points=points) == []
    assert meeting.items.count() == count


def test_a_point_repeating_its_parents_title_fills_the_parent(meeting, world):
    point = BriefingPoint(
        source="kvarterprofil",
        title="Gennemgang af kvarterprofiler",
        text="3 afdelinger ligger i udsatte områder.",
        evidence_url="/kvarterprofil/",
    )
    parent = meeting.items.get(key="kvarterprofiler")
    services.create_agenda_from_briefing(meeting=meeting, points=[point])
    parent.refresh_from_db()
    assert not parent.children.exists()  # no "6.a Gennemgang af kvarterprofiler"
    assert parent.minutes.startswith("3 afdelinger") and parent.evidence_url == "/kvarterprofil/"
    assert services.create_agenda_from_briefing(meeting=meeting, points=[point]) == []


def test_long_machine_titles_are_cut_at_a_word(world):
    from styringsdialog.meetings.services.briefing import point_title

    p = BriefingPoint(
        source="aftaler_aabne", title="Åben aftale: " + "ord " * 60, text="", evidence_url=""
    )
    title = point_title(p)
    assert not title.startswith("Åben aftale") and len(title) <= 120 and title.endswith("…")
