"""Fixtures for the meetings tests: a held meeting between Ballerup and Almenbo (2021) and
helpers that move it through the referat workflow."""

from __future__ import annotations

from datetime import date

import pytest

from styringsdialog.meetings import services
from styringsdialog.meetings.models import Meeting


def make_meeting(
    world,
    *,
    when: date = date(2021, 5, 27),
    styringsaar: int = 2021,
    organisation=None,
    kommune=None,
) -> Meeting:
    return services.create_meeting_from_template(
        kommune=kommune or world.ballerup,
        organisation=organisation or world.almenbo,
        styringsaar=styringsaar,
        date=when,
        by=world.users["caseworker_ballerup"],
        place="Ballerup Rådhus",
    )


def advance(meeting: Meeting, world, to: str) -> Meeting:
    """Move a fresh meeting to referat status ``to`` (held, with minutes on item 1)."""
    torben = world.users["caseworker_ballerup"]
    order = ["draft", "sent", "approved", "published"]
    if to == "planned":
        return meeting
    services.mark_meeting_held(meeting=meeting, by=torben)
    services.write_minutes(item=meeting.items.get(key="velkomst"), text="Torben bød velkommen.")
    steps = {
        "sent": services.send_referat_to_organisation,
        "approved": services.approve_referat,
        "published": services.mark_referat_published,
    }
    for status in order[1 : order.index(to) + 1]:
        steps[status](meeting=meeting, by=torben)
    return meeting


@pytest.fixture
def meeting(world) -> Meeting:
    """A planned meeting on 27 May 2021, agenda from the default template, referat draft."""
    return make_meeting(world)


@pytest.fixture
def kbh_meeting(world) -> Meeting:
    return make_meeting(world, organisation=world.kbhbolig, kommune=world.kbh)
