"""The meeting page (owned by meetings) gets a publish button and the published versions."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_caseworker_sees_the_publish_button_on_an_approved_meeting(
    world, seed_meeting, client_for
):
    html = (
        client_for(world.users["caseworker_ballerup"])
        .get(f"/moeder/{seed_meeting.pk}/")
        .content.decode()
    )
    assert "Offentliggør referat" in html and f"/moeder/{seed_meeting.pk}/offentliggoer/" in html


def test_organisation_staff_get_no_publish_button(world, seed_meeting, client_for):
    response = client_for(world.users["almenbo_staff"]).get(f"/moeder/{seed_meeting.pk}/")
    assert "Offentliggør referat" not in response.content.decode()


def test_a_published_meeting_lists_its_versions(world, seed_meeting, client_for, publish):
    version = publish(seed_meeting)
    html = (
        client_for(world.users["caseworker_ballerup"])
        .get(f"/moeder/{seed_meeting.pk}/")
        .content.decode()
    )
    assert "Offentliggjort referat" in html and version.referat.get_absolute_url() in html
    assert "Version 1" in html
