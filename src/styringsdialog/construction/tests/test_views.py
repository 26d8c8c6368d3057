"""Construction pages per persona: outsiders 404, read-only 403, CSRF on every POST."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from styringsdialog.construction import services
from styringsdialog.construction.models import (
    ConstructionCase,
    Event,
    MaximumRate,
    Milestone,
    RateChange,
)

pytestmark = pytest.mark.django_db

READERS = ("caseworker_ballerup", "almenbo_staff", "admin")
OUTSIDERS = ("caseworker_kbh", "other_org_staff", "analyst", "no_role")


@pytest.fixture
def defect(world, new_build) -> Event:
    return services.add_event(
        case=new_build, kind="mangel", date=date(2020, 9, 1), text="Kogeplader", by=None
    )


@pytest.mark.parametrize("persona", READERS + OUTSIDERS)
def test_case_and_kommune_pages_per_persona(world, client_for, new_build, persona):
    client = client_for(world.users[persona])
    expected = 200 if persona in READERS else 404
    assert client.get(reverse("construction:case", args=[new_build.pk])).status_code == expected
    kommune = client.get(reverse("construction:kommune", args=["151"]))
    # organisation staff read Ballerup (their departments lie there); Copenhagen's caseworker not
    assert kommune.status_code == expected
    if persona == "caseworker_ballerup":
        assert "Opret byggesag" in kommune.content.decode()
        assert "Nye boliger i Lundebjerg" in kommune.content.decode()


def test_anonymous_is_sent_to_login(client, new_build):
    response = client.get(reverse("construction:case", args=[new_build.pk]))
    assert response.status_code == 302


def test_case_page_shows_checks_and_forms(world, client_for, new_build):
    body = (
        client_for(world.users["caseworker_ballerup"])
        .get(reverse("construction:case", args=[new_build.pk]))
        .content.decode()
    )
    assert "Maksimumbeløb" in body and "92.000.000 kr." in body
    assert "Godkend en milepæl" in body
    staff = (
        client_for(world.users["almenbo_staff"])
        .get(reverse("construction:case", args=[new_build.pk]))
        .content.decode()
    )
    assert "Godkend en milepæl" not in staff and "Tilføj en hændelse" in staff


def _posts(case, event):
    return [
        (
            reverse("construction:milestone_add", args=[case.pk]),
            {"kind": "skema_a", "date": "2024-01-10", "anskaffelsessum": "90000000"},
        ),
        (
            reverse("construction:case_edit", args=[case.pk]),
            {"title": "Nye boliger", "dwellings": "41", "area_m2": "3600", "version": "0"},
        ),
        (reverse("construction:case_close", args=[case.pk]), {"note": "Slut"}),
        (
            reverse("construction:kommune", args=["151"]),
            {
                "organisation": "0151",
                "department": "0151-008",
                "kind": "nybyggeri",
                "title": "Ny",
                "housing_type": "familie",
                "dwellings": "2",
                "area_m2": "200",
            },
        ),
    ]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("caseworker_ballerup", 302),
        ("almenbo_staff", 403),
        ("caseworker_kbh", 404),
        ("analyst", 404),
    ],
)
def test_kommune_writes_per_persona(world, client_for, new_build, defect, persona, status):
    client = client_for(world.users[persona])
    for url, data in _posts(new_build, defect):
        assert client.post(url, data).status_code == status, url
    if status == 302:
        assert Milestone.objects.filter(case=new_build, kind="skema_a").exists()
        assert ConstructionCase.objects.filter(title="Ny").exists()
        new_build.refresh_from_db()
        assert (new_build.dwellings, new_build.version) == (41, 2)  # edited, then closed


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("caseworker_ballerup", 302),
        ("almenbo_staff", 302),
        ("other_org_staff", 404),
        ("analyst", 404),
    ],
)
def test_events_per_persona(world, client_for, new_build, defect, persona, status):
    client = client_for(world.users[persona])
    add = client.post(
        reverse("construction:event_add", args=[new_build.pk]),
        {"kind": "klage", "date": "2021-05-01", "text": "Varmt vand"},
    )
    assert add.status_code == status
    change = client.post(
        reverse("construction:event_status", args=[new_build.pk, defect.pk]),
        {"status": "udbedret", "version": "0"},
    )
    assert change.status_code == status
    if status == 302:
        defect.refresh_from_db()
        assert defect.status == "udbedret"


@pytest.mark.parametrize(
    ("persona", "get", "post"),
    [
        ("admin", 200, 302),
        ("caseworker_ballerup", 200, 403),
        ("almenbo_staff", 200, 403),
        ("analyst", 404, 404),
    ],
)
def test_rate_page_per_persona(world, client_for, persona, get, post):
    client = client_for(world.users[persona])
    assert client.get(reverse("construction:rates")).status_code == get
    response = client.post(
        reverse("construction:rates"),
        {
            "year": "2032",
            "housing_type": "aeldre",
            "region": "",
            "per_m2": "33000",
            "source": "test",
            "confirmed": "on",
        },
    )
    assert response.status_code == post
    assert MaximumRate.objects.filter(year=2032).exists() == (post == 302)


def test_csrf_on_every_post(world, new_build, defect):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["caseworker_ballerup"])
    urls = [u for u, _ in _posts(new_build, defect)] + [
        reverse("construction:event_add", args=[new_build.pk]),
        reverse("construction:event_status", args=[new_build.pk, defect.pk]),
        reverse("construction:rates"),
    ]
    for url in urls:
        assert client.post(url, {"note": "x"}).status_code == 403, url
    assert not Milestone.objects.exists()


def test_kommune_page_links_to_construction_overview(world, client_for, new_build):
    body = (
        client_for(world.users["caseworker_ballerup"])
        .get(reverse("registry:kommune", args=["151"]))
        .content.decode()
    )
    assert reverse("construction:kommune", args=["151"]) in body


def test_admin_edits_a_rate_on_the_page_with_version(world, client_for):
    rate = services.save_rate(by=None, year=2031, housing_type="aeldre", per_m2=30_000, source="x")
    client = client_for(world.users["admin"])
    data = {
        "rate": str(rate.pk),
        "version": "0",
        "year": "2031",
        "housing_type": "aeldre",
        "region": "",
        "per_m2": "30500",
        "source": "x",
    }
    assert client.post(reverse("construction:rates"), data).status_code == 302
    rate.refresh_from_db()
    assert (rate.per_m2, rate.version) == (30_500, 1)
    stale = client.post(reverse("construction:rates"), {**data, "per_m2": "31000"})
    assert stale.status_code == 200 and "ændret af en anden" in stale.content.decode()


def test_each_rate_row_has_a_prefilled_edit_form_with_hidden_version(world, client_for):
    rate = services.save_rate(by=None, year=2033, housing_type="aeldre", per_m2=30_000, source="x")
    client = client_for(world.users["admin"])
    body = client.get(reverse("construction:rates")).content.decode()
    assert f'<input type="hidden" name="rate" value="{rate.pk}">' in body
    assert (
        f'id="sats-{rate.pk}-version"' in body and 'type="hidden" name="version" value="0"' in body
    )
    assert f'id="sats-{rate.pk}-per_m2"' in body and 'value="30000"' in body
    data = {
        "rate": str(rate.pk),
        "version": "0",
        "year": "2033",
        "housing_type": "aeldre",
        "region": "",
        "per_m2": "30250",
        "source": "x",
        "confirmed": "on",
    }
    assert client.post(reverse("construction:rates"), data).status_code == 302
    rate.refresh_from_db()
    assert (rate.per_m2, rate.version) == (30_250, 1)
    assert RateChange.objects.filter(rate=rate).count() >= 2  # created + changed: the history
    reader = client_for(world.users["caseworker_ballerup"])
    assert "Ret en sats" not in reader.get(reverse("construction:rates")).content.decode()
