"""Issue 10, item 1: minutes with Drøftelse/Beslutning, optimistic locking, history; the editor
page without JavaScript, the htmx autosave, the conflict view; item 5: action predicates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from styringsdialog.meetings import services, workflow
from styringsdialog.meetings.agenda import agenda_tree
from styringsdialog.meetings.history import describe
from styringsdialog.meetings.models import MeetingChange

from .conftest import advance, make_meeting

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def torben(world):
    return world.users["caseworker_ballerup"]


@pytest.fixture
def item(meeting):
    return meeting.items.get(key="velkomst")


def url(meeting, item):
    return reverse("meetings:minutes_save", args=[meeting.pk, item.pk])


# --- locking ---------------------------------------------------------------------------------


def test_each_save_bumps_the_version_and_keeps_both_fields(item, torben):
    services.write_minutes(item=item, text="Drøftet.", decision="Besluttet.", version=0, by=torben)
    item.refresh_from_db()
    assert (item.minutes, item.decision, item.minutes_version) == ("Drøftet.", "Besluttet.", 1)


def test_a_save_from_an_old_version_is_a_conflict_with_both_texts(item, torben, world):
    services.write_minutes(item=item, text="Første tekst", version=0, by=torben)
    with pytest.raises(services.MinutesConflict) as caught:
        services.write_minutes(item=item, text="Anden tekst", version=0, by=world.users["admin"])
    conflict = caught.value
    assert conflict.stored.minutes == "Første tekst" and conflict.minutes == "Anden tekst"
    assert "gemt af en anden" in conflict.messages[0]
    item.refresh_from_db()
    assert item.minutes == "Første tekst" and item.minutes_version == 1  # nothing overwritten


def test_saving_the_same_text_from_an_old_version_is_no_conflict(item, torben):
    services.write_minutes(item=item, text="Samme", version=0, by=torben)
    services.write_minutes(item=item, text="Samme", version=0, by=torben)
    item.refresh_from_db()
    assert item.minutes_version == 1


def test_the_writer_can_choose_to_save_over_the_stored_version(item, torben):
    services.write_minutes(item=item, text="Deres", version=0, by=torben)
    services.write_minutes(item=item, text="Min", version=1, by=torben)
    item.refresh_from_db()
    assert item.minutes == "Min" and item.minutes_version == 2


def test_version_none_skips_the_check(item):
    services.write_minutes(item=item, text="A", version=0)
    services.write_minutes(item=item, text="B")  # imports and demo data
    item.refresh_from_db()
    assert item.minutes == "B"


# --- history ---------------------------------------------------------------------------------


def test_minutes_changes_are_kept_with_who_and_folded_per_person(item, torben, world):
    services.write_minutes(item=item, text="Torb", version=0, by=torben)
    services.write_minutes(item=item, text="Torben bød velkommen.", version=1, by=torben)
    rows = list(MeetingChange.objects.filter(item=item, subject="minutes"))
    assert len(rows) == 1  # two autosaves, one change
    assert rows[0].old_value == "" and rows[0].new_value == "Torben bød velkommen."
    assert rows[0].by == torben and rows[0].by_name
    services.write_minutes(item=item, text="Ada rettede.", version=2, by=world.users["admin"])
    assert MeetingChange.objects.filter(item=item, subject="minutes").count() == 2


def test_an_old_change_is_not_folded(item, torben):
    services.write_minutes(item=item, text="Først", version=0, by=torben)
    MeetingChange.objects.update(updated_at=timezone.now() - timedelta(hours=1))
    services.write_minutes(item=item, text="Senere", version=1, by=torben)
    assert MeetingChange.objects.filter(item=item).count() == 2


def test_agenda_participants_and_attachments_are_in_the_history(meeting, item, torben):
    new = services.add_agenda_item(meeting=meeting, title="Covid-19", by=torben)
    services.rename_agenda_item(item=new, title="Covid-19 og boligerne", by=torben)
    services.move_agenda_item(item=new, direction="up", by=torben)
    p = services.add_participant(meeting=meeting, name="Claus", side="organisation", by=torben)
    services.remove_participant(participant=p, by=torben)
    att = services.add_attachment(
        item=item, upload=SimpleUploadedFile("bilag.pdf", b"%PDF-1.4"), by=torben
    )
    services.remove_attachment(attachment=att, by=torben)
    services.delete_agenda_item(item=new, by=torben)
    actions = [(c.subject, c.action) for c in meeting.changes.order_by("at", "pk")]
    assert actions == [
        ("item", "added"),
        ("item", "renamed"),
        ("item", "moved"),
        ("participant", "added"),
        ("participant", "removed"),
        ("attachment", "added"),
        ("attachment", "deleted"),
        ("item", "deleted"),
    ]
    assert describe(meeting.changes.get(action="renamed")) == (
        "Dagsordenspunkt »Covid-19 og boligerne« omdøbt"
    )


def test_the_meeting_page_shows_the_history(meeting, item, torben, client_for):
    services.write_minutes(item=item, text="Torben bød velkommen.", version=0, by=torben)
    html = client_for(torben).get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert 'id="historik"' in html and "Drøftelse til punkt »Velkomst« ændret" in html


# --- ordering --------------------------------------------------------------------------------


def test_new_points_go_in_before_eventuelt(meeting, torben):
    services.add_agenda_item(meeting=meeting, title="Covid-19", by=torben)
    titles = [n.item.title for n in agenda_tree(meeting)]
    assert titles[-2:] == ["Covid-19", "Eventuelt"]
    services.add_agenda_item(meeting=meeting, title="Nyt punkt", by=torben)
    assert [n.item.title for n in agenda_tree(meeting)][-3:] == [
        "Covid-19",
        "Nyt punkt",
        "Eventuelt",
    ]


def test_eventuelt_moved_up_by_hand_stays_where_it_is(meeting, torben):
    eventuelt = meeting.items.get(key="eventuelt")
    services.move_agenda_item(item=eventuelt, direction="up", by=torben)
    services.add_agenda_item(meeting=meeting, title="Sidst", by=torben)
    assert [n.item.title for n in agenda_tree(meeting)][-1] == "Sidst"


# --- pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("caseworker_ballerup", 200),
        ("admin", 200),
        ("almenbo_staff", 404),  # the draft is not sent: the meeting is not visible yet
        ("caseworker_kbh", 404),
        ("analyst", 404),
        ("other_org_staff", 404),
    ],
)
def test_minutes_editor_page_scope(world, client_for, meeting, item, persona, status):
    assert client_for(world.users[persona]).get(url(meeting, item)).status_code == status


def test_organisation_staff_may_read_but_not_write_minutes(world, client_for, meeting, item):
    advance(meeting, world, "sent")
    staff = client_for(world.users["almenbo_staff"])
    assert staff.get(url(meeting, item)).status_code == 403
    assert staff.post(url(meeting, item), {"minutes": "x", "version": "1"}).status_code == 403


def test_editor_page_without_js_has_both_fields_and_the_version(world, client_for, meeting, item):
    html = client_for(world.users["caseworker_ballerup"]).get(url(meeting, item)).content.decode()
    assert "Drøftelse" in html and "Beslutning" in html
    assert 'name="version" id="minutes-version-' in html and "hx-post" not in html
    assert "Gem og gå til punkt 2" in html


def test_save_and_next_goes_to_the_next_points_editor(world, client_for, meeting, item):
    nxt = meeting.items.get(key="opfoelgning")
    response = client_for(world.users["caseworker_ballerup"]).post(
        url(meeting, item), {"minutes": "Velkommen", "version": "0", "next": str(nxt.pk)}
    )
    assert response.status_code == 303 and response["Location"] == url(meeting, nxt)


def test_conflict_without_js_shows_both_texts_and_keeps_mine(world, client_for, meeting, item):
    services.write_minutes(item=item, text="Adas tekst", version=0, by=world.users["admin"])
    c = client_for(world.users["caseworker_ballerup"])
    response = c.post(url(meeting, item), {"minutes": "Torbens tekst", "version": "0"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Ikke gemt" in html and "Adas tekst" in html and "Torbens tekst" in html
    assert 'name="stored_version" value="1"' in html
    response = c.post(
        url(meeting, item),
        {"minutes": "Torbens tekst", "version": "0", "choice": "mine", "stored_version": "1"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.minutes == "Torbens tekst" and item.minutes_version == 2


def test_conflict_with_htmx_returns_the_conflict_panel_out_of_band(
    world, client_for, meeting, item
):
    services.write_minutes(item=item, text="Adas tekst", version=0, by=world.users["admin"])
    html = (
        client_for(world.users["caseworker_ballerup"])
        .post(url(meeting, item), {"minutes": "Torbens", "version": "0"}, **HTMX)
        .content.decode()
    )
    assert 'data-unsaved="conflict"' in html and f'id="minutes-conflict-{item.pk}"' in html
    assert "Adas tekst" in html and "minutes-version" not in html  # version is not advanced


def test_inline_editor_fragment_is_an_autosaving_form(world, client_for, meeting, item):
    html = (
        client_for(world.users["caseworker_ballerup"])
        .get(url(meeting, item) + "?inline=1", **HTMX)
        .content.decode()
    )
    assert "<html" not in html and 'hx-trigger="input delay:1500ms, submit"' in html
    assert f'data-minutes-editor="{item.pk}"' in html


def test_meeting_page_loads_the_minutes_script_and_links_to_the_editor(
    world, client_for, meeting, item
):
    html = (
        client_for(world.users["caseworker_ballerup"])
        .get(reverse("meetings:meeting", args=[meeting.pk]))
        .content.decode()
    )
    assert "meetings/minutes.js" in html and f'href="{url(meeting, item)}"' in html
    assert "<script>" not in html  # CSP: no inline script


# --- item 5: actions offered only when they can succeed ------------------------------------


def test_held_in_the_future_is_shown_disabled_with_the_reason(world, client_for):
    future = timezone.localdate() + timedelta(days=10)
    meeting = make_meeting(world, when=future, styringsaar=future.year)
    assert "før mødedagen" in workflow.held_blocker(meeting)
    html = (
        client_for(world.users["caseworker_ballerup"])
        .get(reverse("meetings:meeting", args=[meeting.pk]))
        .content.decode()
    )
    assert 'disabled aria-describedby="reason-afholdt"' in html and "før mødedagen" in html
    with pytest.raises(ValidationError, match="før mødedagen"):
        services.mark_meeting_held(meeting=meeting, by=world.users["caseworker_ballerup"])


def test_approve_is_disabled_while_a_comment_is_open(world, client_for, meeting):
    advance(meeting, world, "sent")
    comment = services.add_referat_comment(
        meeting=meeting, by=world.users["almenbo_staff"], text="Ret navnet"
    )
    assert "1 uløst kommentar" in workflow.approve_blocker(meeting)
    c = client_for(world.users["caseworker_ballerup"])
    html = c.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert 'aria-describedby="reason-godkend"' in html
    page = c.get(reverse("meetings:meeting_action", args=[meeting.pk, "godkend"])).content.decode()
    assert "Åbne kommentarer" in page and "Ret navnet" in page
    services.reply_to_referat_comment(
        comment=comment, by=world.users["caseworker_ballerup"], text="Rettet.", resolve=True
    )
    assert workflow.approve_blocker(meeting) == ""


def test_send_is_disabled_before_the_meeting_is_held(meeting):
    assert "markeret som afholdt" in workflow.send_blocker(meeting)


# --- comment threads -------------------------------------------------------------------------


def test_comments_can_be_answered_by_both_sides(world, client_for, meeting):
    advance(meeting, world, "sent")
    comment = services.add_referat_comment(
        meeting=meeting, by=world.users["almenbo_staff"], text="Hvem deltog?"
    )
    reply_url = reverse("meetings:comment_reply", args=[meeting.pk, comment.pk])
    torben = client_for(world.users["caseworker_ballerup"])
    r = torben.post(reply_url, {f"svar-{comment.pk}-text": "Torben og Claus."})
    assert r.status_code == 302
    staff = client_for(world.users["almenbo_staff"])
    assert staff.post(reply_url, {f"svar-{comment.pk}-text": "Tak."}).status_code == 302
    assert [r.text for r in comment.replies.order_by("pk")] == ["Torben og Claus.", "Tak."]
    comment.refresh_from_db()
    assert not comment.resolved  # answering alone does not close the thread
    html = staff.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert "Torben og Claus." in html and "svarede" in html


@pytest.mark.parametrize(
    ("persona", "status"), [("caseworker_kbh", 404), ("analyst", 404), ("other_org_staff", 404)]
)
def test_outsiders_cannot_answer(world, client_for, meeting, persona, status):
    advance(meeting, world, "sent")
    comment = services.add_referat_comment(
        meeting=meeting, by=world.users["almenbo_staff"], text="?"
    )
    reply_url = reverse("meetings:comment_reply", args=[meeting.pk, comment.pk])
    r = client_for(world.users[persona]).post(reply_url, {f"svar-{comment.pk}-text": "x"})
    assert r.status_code == status and not comment.replies.exists()


def test_a_reply_cannot_be_answered_or_resolved(world, meeting):
    advance(meeting, world, "sent")
    comment = services.add_referat_comment(
        meeting=meeting, by=world.users["almenbo_staff"], text="?"
    )
    reply = services.reply_to_referat_comment(
        comment=comment, by=world.users["caseworker_ballerup"], text="!"
    )
    with pytest.raises(ValidationError):
        services.reply_to_referat_comment(comment=reply, by=world.users["admin"], text="?")
    with pytest.raises(ValidationError):
        services.resolve_referat_comment(comment=reply, by=world.users["admin"])
    assert workflow.open_comment_count(meeting) == 1


def test_empty_items_are_leaves_without_text(meeting):
    services.add_agenda_item(meeting=meeting, parent=meeting.items.get(key="temaer"), title="LAR")
    empty = {i.title for i in workflow.empty_items(meeting)}
    assert "LAR" in empty and "Årets temaer" not in empty  # a heading over a sub-item is fine


def test_a_point_left_out_comes_back_when_it_gets_text(meeting, item, torben):
    services.settle_empty_items(meeting=meeting, decisions={item.pk: "omit"}, by=torben)
    item.refresh_from_db()
    assert not item.in_referat
    services.write_minutes(item=item, text="Skrevet senere.", version=item.minutes_version)
    item.refresh_from_db()
    assert item.in_referat


def test_only_the_kommune_resolves_a_thread(world, meeting):
    from django.core.exceptions import PermissionDenied

    advance(meeting, world, "sent")
    comment = services.add_referat_comment(
        meeting=meeting, by=world.users["almenbo_staff"], text="?"
    )
    with pytest.raises(PermissionDenied):
        services.reply_to_referat_comment(
            comment=comment, by=world.users["almenbo_staff"], text="Løst?", resolve=True
        )
    assert not comment.replies.exists()
