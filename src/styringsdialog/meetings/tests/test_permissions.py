"""Scope rules for meetings, agreements and cases (accounts.permissions, section meetings)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from styringsdialog.accounts.permissions import scope_for
from styringsdialog.meetings import services
from styringsdialog.meetings.models import Meeting
from styringsdialog.meetings.queries import (
    get_agreement_for_user,
    get_case_for_user,
    get_meeting_for_user,
    visible_meetings,
)

from .conftest import advance

pytestmark = pytest.mark.django_db

READ_DRAFT = {
    "caseworker_ballerup": True,
    "admin": True,
    "almenbo_staff": False,
    "other_org_staff": False,
    "caseworker_kbh": False,
    "analyst": False,
    "no_role": False,
}


@pytest.mark.parametrize(("persona", "sees"), READ_DRAFT.items())
def test_draft_meetings_are_seen_only_by_the_kommune(meeting, world, persona, sees):
    assert (
        visible_meetings(scope_for(world.users[persona]), Meeting.objects.all())
        .filter(pk=meeting.pk)
        .exists()
        is sees
    )


@pytest.mark.parametrize("status", ["sent", "approved", "published"])
def test_organisation_staff_read_once_the_referat_is_sent(meeting, world, status):
    advance(meeting, world, status)
    assert get_meeting_for_user(world.users["almenbo_staff"], meeting.pk) == meeting
    with pytest.raises(PermissionDenied):
        get_meeting_for_user(world.users["almenbo_staff"], meeting.pk, write=True)
    with pytest.raises(Http404):
        get_meeting_for_user(world.users["other_org_staff"], meeting.pk)


@pytest.mark.parametrize("persona", ["analyst", "caseworker_kbh", "no_role"])
def test_outsiders_get_404_even_for_published_meetings(meeting, world, persona):
    advance(meeting, world, "published")
    with pytest.raises(Http404):
        get_meeting_for_user(world.users[persona], meeting.pk)


def test_anonymous_gets_404(meeting):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Http404):
        get_meeting_for_user(AnonymousUser(), meeting.pk)


def test_staff_of_a_joint_meetings_other_organisation_read_it(world):
    world.kbhbolig.departments.update(kommune=world.ballerup)  # give it a tie to Ballerup
    meeting = services.create_meeting_from_template(
        kommune=world.ballerup,
        organisation=world.almenbo,
        other_organisations=[world.kbhbolig],
        styringsaar=2021,
        date=__import__("datetime").date(2021, 5, 27),
        by=None,
    )
    advance(meeting, world, "sent")
    assert get_meeting_for_user(world.users["other_org_staff"], meeting.pk) == meeting


def test_agreements_of_a_draft_referat_are_hidden_from_the_organisation(meeting, world):
    agreement = services.add_agreement(
        meeting=meeting, text="x", responsible_side="organisation", by=None
    )
    with pytest.raises(Http404):
        get_agreement_for_user(world.users["almenbo_staff"], agreement.pk)
    advance(meeting, world, "sent")
    assert (
        get_agreement_for_user(world.users["almenbo_staff"], agreement.pk, write=True) == agreement
    )


def test_cases_are_read_by_the_organisation_and_written_by_the_kommune(world):
    from datetime import date

    case = services.open_case(
        department=world.lundebjerg,
        category="andet",
        title="x",
        opened_on=date(2021, 1, 1),
        by=None,
    )
    assert get_case_for_user(world.users["caseworker_ballerup"], case.pk, write=True) == case
    assert get_case_for_user(world.users["almenbo_staff"], case.pk) == case
    with pytest.raises(PermissionDenied):
        get_case_for_user(world.users["almenbo_staff"], case.pk, write=True)
    for persona in ("other_org_staff", "caseworker_kbh", "analyst", "no_role"):
        with pytest.raises(Http404):
            get_case_for_user(world.users[persona], case.pk)
