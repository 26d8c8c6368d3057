"""The caseworker's publish page: scope per persona, preview, confirmation, correction."""

from __future__ import annotations

import pytest

from styringsdialog.publication.models import ReferatVersion
from styringsdialog.publication.tests.conftest import reapprove

pytestmark = pytest.mark.django_db


def url(meeting) -> str:
    return f"/moeder/{meeting.pk}/offentliggoer/"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        (None, 404),
        ("caseworker_ballerup", 200),
        ("caseworker_kbh", 404),
        ("almenbo_staff", 403),
        ("other_org_staff", 404),
        ("analyst", 404),
        ("admin", 200),
        ("no_role", 404),
    ],
)
def test_publish_page_scope(world, seed_meeting, client_for, persona, status):
    client = client_for(world.users[persona] if persona else None)
    assert client.get(url(seed_meeting)).status_code == status
    assert client.post(url(seed_meeting), {"confirm": "on"}).status_code in (status, 302)
    if status != 200:
        assert not ReferatVersion.objects.exists()


def test_the_preview_shows_the_referat_as_it_will_be_published(world, seed_meeting, client_for):
    html = client_for(world.users["caseworker_ballerup"]).get(url(seed_meeting)).content.decode()
    assert "Forhåndsvisning" in html and "bliver version 1" in html
    assert "Torsdag den 27. maj 2021" in html and "2.a Hjælpemidler" in html
    assert 'type="submit"' in html and "Offentliggør" in html


def test_the_preview_pdf(world, seed_meeting, client_for):
    response = client_for(world.users["caseworker_ballerup"]).get(
        f"{url(seed_meeting)}forhaandsvisning.pdf"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert (
        client_for(world.users["caseworker_kbh"])
        .get(f"{url(seed_meeting)}forhaandsvisning.pdf")
        .status_code
        == 404
    )


def test_publishing_needs_the_confirmation(world, seed_meeting, client_for):
    response = client_for(world.users["caseworker_ballerup"]).post(url(seed_meeting), {})
    assert response.status_code == 400
    assert "Bekræft, at referatet må offentliggøres." in response.content.decode()
    assert not ReferatVersion.objects.exists()


def test_publishing_redirects_to_the_public_page(world, seed_meeting, client_for):
    client = client_for(world.users["caseworker_ballerup"])
    response = client.post(url(seed_meeting), {"confirm": "on"})
    assert (
        response.status_code == 302
        and response["Location"] == "/offentlig/referat/151/almenbo-2021-05-27/"
    )
    assert (
        "Referatet er offentliggjort som version 1."
        in client.get(response["Location"]).content.decode()
    )


def test_a_draft_cannot_be_published_from_the_page(world, draft_meeting, client_for):
    client = client_for(world.users["caseworker_ballerup"])
    html = client.get(url(draft_meeting)).content.decode()
    assert "kan først offentliggøres, når det er godkendt" in html and 'name="confirm"' not in html
    assert client.post(url(draft_meeting), {"confirm": "on"}).status_code == 400
    assert not ReferatVersion.objects.exists()


def test_a_correction_needs_a_change_note(world, seed_meeting, client_for, publish, caseworker):
    publish(seed_meeting)
    client = client_for(caseworker)
    assert "genåbn referatet" in client.get(url(seed_meeting)).content.decode()
    reapprove(seed_meeting, caseworker)
    html = client.get(url(seed_meeting)).content.decode()
    assert "Offentliggør rettelse" in html and "bliver version 2" in html
    response = client.post(url(seed_meeting), {"confirm": "on", "change_note": ""})
    assert (
        response.status_code == 400 and "Skriv, hvad rettelsen ændrer." in response.content.decode()
    )
    response = client.post(
        url(seed_meeting), {"confirm": "on", "change_note": "Punkt 4 præciseret."}
    )
    assert response.status_code == 302
    assert ReferatVersion.objects.get(number=2).change_note == "Punkt 4 præciseret."
