"""The meeting and referat workflow: held → sent → comments → approved → published → reopened."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from styringsdialog.meetings import services
from styringsdialog.meetings.models import MeetingEvent

from .conftest import advance, make_meeting

pytestmark = pytest.mark.django_db


def test_marking_held_stores_when_and_who(meeting, world):
    torben = world.users["caseworker_ballerup"]
    services.mark_meeting_held(meeting=meeting, by=torben)
    meeting.refresh_from_db()
    assert meeting.status == "held" and meeting.held_at is not None and meeting.held_by == torben
    assert MeetingEvent.objects.get(meeting=meeting).action == "held"


def test_a_meeting_cannot_be_held_twice(meeting, world):
    services.mark_meeting_held(meeting=meeting, by=None)
    with pytest.raises(ValidationError, match="allerede markeret som afholdt"):
        services.mark_meeting_held(meeting=meeting, by=None)


def test_a_future_meeting_cannot_be_marked_held(world):
    future = make_meeting(
        world, when=timezone.localdate() + timedelta(days=3), styringsaar=timezone.localdate().year
    )
    with pytest.raises(ValidationError, match="før mødedagen"):
        services.mark_meeting_held(meeting=future, by=None)


def test_referat_is_sent_only_after_the_meeting_is_held(meeting):
    with pytest.raises(ValidationError, match="når mødet er markeret som afholdt"):
        services.send_referat_to_organisation(meeting=meeting, by=None)


def test_an_empty_referat_is_not_sent(meeting):
    services.mark_meeting_held(meeting=meeting, by=None)
    with pytest.raises(ValidationError, match="Referatet er tomt"):
        services.send_referat_to_organisation(meeting=meeting, by=None)


def test_referat_must_be_sent_before_it_is_approved(meeting, world):
    advance(meeting, world, "draft")
    with pytest.raises(ValidationError, match="sendt til organisationen til kommentering"):
        services.approve_referat(meeting=meeting, by=None)


def test_organisation_staff_comment_while_the_referat_is_sent(meeting, world):
    advance(meeting, world, "sent")
    item = meeting.items.get(key="velkomst")
    comment = services.add_referat_comment(
        meeting=meeting, by=world.users["almenbo_staff"], text="Claus deltog også.", item=item
    )
    assert comment.item == item and not comment.resolved


@pytest.mark.parametrize("persona", ["caseworker_ballerup", "other_org_staff", "analyst", "admin"])
def test_only_participating_organisation_staff_may_comment(meeting, world, persona):
    advance(meeting, world, "sent")
    with pytest.raises(PermissionDenied):
        services.add_referat_comment(meeting=meeting, by=world.users[persona], text="Hej")


@pytest.mark.parametrize("status", ["draft", "approved", "published"])
def test_comments_are_refused_unless_the_referat_is_sent(meeting, world, status):
    advance(meeting, world, status)
    with pytest.raises(ValidationError, match="mens referatet er sendt"):
        services.add_referat_comment(meeting=meeting, by=world.users["almenbo_staff"], text="Hej")


def test_unresolved_comments_block_approval(meeting, world):
    advance(meeting, world, "sent")
    comment = services.add_referat_comment(
        meeting=meeting, by=world.users["almenbo_staff"], text="Ret navnet"
    )
    with pytest.raises(ValidationError, match="1 uløst kommentar"):
        services.approve_referat(meeting=meeting, by=None)
    services.resolve_referat_comment(comment=comment, by=world.users["caseworker_ballerup"])
    services.approve_referat(meeting=meeting, by=world.users["caseworker_ballerup"])
    meeting.refresh_from_db()
    assert (
        meeting.referat_status == "approved"
        and meeting.referat_approved_by == world.users["caseworker_ballerup"]
    )


def test_only_an_approved_referat_is_marked_published(meeting, world):
    advance(meeting, world, "sent")
    with pytest.raises(ValidationError, match="Kun et godkendt referat"):
        services.mark_referat_published(meeting=meeting, by=None)
    services.approve_referat(meeting=meeting, by=None)
    services.mark_referat_published(meeting=meeting, by=None)
    meeting.refresh_from_db()
    assert meeting.referat_status == "published" and meeting.referat_published_at is not None


def test_reopening_for_correction_returns_to_draft_and_logs_the_reason(meeting, world):
    advance(meeting, world, "published")
    services.reopen_referat_for_correction(
        meeting=meeting, by=None, reason="Forkert dato i punkt 2"
    )
    meeting.refresh_from_db()
    assert meeting.referat_status == "draft" and meeting.referat_published_at is not None
    assert meeting.events.last().note == "Forkert dato i punkt 2"
    assert [e.action for e in meeting.events.all()] == [
        "held",
        "sent",
        "approved",
        "published",
        "reopened",
    ]


def test_reopening_needs_a_reason_and_a_non_draft(meeting, world):
    with pytest.raises(ValidationError, match="allerede en kladde"):
        services.reopen_referat_for_correction(meeting=meeting, by=None, reason="x")
    advance(meeting, world, "sent")
    with pytest.raises(ValidationError, match="Begrundelsen skal udfyldes"):
        services.reopen_referat_for_correction(meeting=meeting, by=None, reason="")
