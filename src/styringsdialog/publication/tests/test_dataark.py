"""The public dataark: key figures only for styringsår whose meeting is held (the embargo)."""

from __future__ import annotations

from datetime import date

import pytest

from styringsdialog.meetings.models import Meeting
from styringsdialog.publication.tests.conftest import make_meeting

pytestmark = pytest.mark.django_db
EMBARGO = "Nøgletallene offentliggøres, når dialogmødet er afholdt"


def _html(client, number: str = "0151") -> str:
    response = client.get(f"/offentlig/organisation/{number}/")
    assert response.status_code == 200
    return response.content.decode()


def test_without_meetings_no_key_figures_are_shown(client, world):
    html = _html(client)
    assert EMBARGO in html and "Almenbo" in html
    assert "Lundebjerg" not in html and "5.400" not in html


def test_a_held_meeting_releases_that_years_figures(client, world):
    make_meeting(world, on=date(2021, 5, 27))
    html = _html(client)
    assert "Styringsår 2021" in html and "Dialogmødet blev holdt 27. maj 2021" in html
    assert "Lundebjerg" in html and "Kirstinelund" in html and "Nørrebroparken" not in html
    assert "14.400 m²" in html  # 5.400 + 9.000, Danish thousands separator
    assert (
        "Henlæggelser kr./m² (2020)" in html and "150" in html
    )  # konto 120 = 150 kr./m² in the fixture


def test_a_planned_meeting_keeps_the_year_embargoed(client, world):
    make_meeting(world, on=date(2021, 5, 27))
    planned = make_meeting(world, on=date(2022, 5, 27))
    Meeting.objects.filter(pk=planned.pk).update(status=Meeting.Status.PLANNED, held_at=None)
    html = _html(client)
    section_2022 = html[html.index("Styringsår 2022") : html.index("Styringsår 2021")]
    assert EMBARGO in section_2022 and "Lundebjerg" not in section_2022
    assert "Lundebjerg" in html[html.index("Styringsår 2021") :]


@pytest.mark.parametrize("persona", [None, "caseworker_kbh", "other_org_staff", "analyst"])
def test_the_dataark_is_public_and_the_same_for_everyone(world, client_for, persona):
    make_meeting(world, on=date(2021, 5, 27))
    client = client_for(world.users[persona] if persona else None)
    assert "Lundebjerg" in _html(client)


def test_an_unknown_organisation_is_404(client, world):
    assert client.get("/offentlig/organisation/9999/").status_code == 404


def test_the_dataark_lists_published_referater(client, seed_meeting, publish):
    version = publish(seed_meeting)
    assert version.referat.get_absolute_url() in _html(client)


def test_a_part_year_is_annualised_and_past_years_show_that_years_rent(client, world):
    from decimal import Decimal

    from styringsdialog.registry.models import DataSource, DepartmentFact

    # Lundebjerg: taken into use 1 August 2020 → 5 months; 150 kr./m² booked in 2020 is
    # 150 × 12 / 5 = 360 kr./m² a year. 2020 is not the newest accounting year (2024), so
    # today's rent (950) is not shown; Kirstinelund's imported 2020 rent is.
    source = DataSource.objects.create(kind="import", name="Dokumentationspakke 2021")
    DepartmentFact.objects.create(
        department=world.kirstinelund,
        year=2020,
        code="rent_per_m2",
        value=Decimal("1012"),
        source=source,
    )
    make_meeting(world, on=date(2021, 5, 27))
    html = _html(client)
    lundebjerg = html[html.index("Lundebjerg") : html.index("</tr>", html.index("Lundebjerg"))]
    assert "360" in lundebjerg and "*" in lundebjerg and "ikke oplyst" in lundebjerg
    kirstinelund = html[
        html.index("Kirstinelund") : html.index("</tr>", html.index("Kirstinelund"))
    ]
    assert "1.012" in kirstinelund and "1.100" not in kirstinelund
