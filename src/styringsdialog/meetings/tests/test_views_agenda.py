"""Agenda editing on the meeting page: with htmx (fragments) and without JavaScript (redirects)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from styringsdialog.meetings import services
from styringsdialog.meetings.agenda import agenda_tree

from .conftest import advance

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def torben(world, client_for):
    return client_for(world.users["caseworker_ballerup"])


def test_minutes_save_without_js_redirects_to_the_item(torben, meeting):
    item = meeting.items.get(key="velkomst")
    response = torben.post(
        reverse("meetings:minutes_save", args=[meeting.pk, item.pk]),
        {"minutes": "Torben bød velkommen."},
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#punkt-{item.pk}")
    item.refresh_from_db()
    assert item.minutes == "Torben bød velkommen."


def test_minutes_autosave_with_htmx_returns_the_status_and_the_new_version(torben, meeting):
    item = meeting.items.get(key="velkomst")
    response = torben.post(
        reverse("meetings:minutes_save", args=[meeting.pk, item.pk]),
        {"minutes": "Gemt tekst", "decision": "Besluttet", "version": "0"},
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "Gemt kl." in html and f'id="minutes-version-{item.pk}" value="1"' in html
    item.refresh_from_db()
    assert (item.minutes, item.decision, item.minutes_version) == ("Gemt tekst", "Besluttet", 1)


def test_minutes_save_with_htmx_shows_errors_inline(torben, meeting, world):
    advance(meeting, world, "approved")
    item = meeting.items.get(key="velkomst")
    html = torben.post(
        reverse("meetings:minutes_save", args=[meeting.pk, item.pk]), {"minutes": "x"}, **HTMX
    ).content.decode()
    assert "Ikke gemt" in html and "Genåbn referatet" in html


def test_move_with_htmx_returns_the_renumbered_agenda(torben, meeting):
    item = meeting.items.get(key="eventuelt")
    response = torben.post(
        reverse("meetings:item_move", args=[meeting.pk, item.pk]), {"direction": "up"}, **HTMX
    )
    html = response.content.decode()
    assert 'id="dagsorden"' in html and "7. Eventuelt" in html and "8. Anvisning" in html
    assert "<html" not in html


def test_move_without_js_redirects(torben, meeting):
    item = meeting.items.get(key="temaer")
    response = torben.post(
        reverse("meetings:item_move", args=[meeting.pk, item.pk]), {"direction": "up"}
    )
    assert response.status_code == 302
    assert [n.item.key for n in agenda_tree(meeting)][:3] == ["velkomst", "temaer", "opfoelgning"]


def test_add_sub_item_rename_and_delete(torben, meeting):
    parent = meeting.items.get(key="eventuelt")
    torben.post(
        reverse("meetings:item_add", args=[meeting.pk]),
        {"title": "Registrering af boliger", "parent": parent.pk},
    )
    child = parent.children.get()
    torben.post(
        reverse("meetings:item_rename", args=[meeting.pk, child.pk]),
        {"title": "Registrering af boliger i LBF og BBR"},
    )
    child.refresh_from_db()
    assert child.title == "Registrering af boliger i LBF og BBR"
    torben.post(reverse("meetings:item_delete", args=[meeting.pk, child.pk]))
    assert not parent.children.exists()


def test_item_of_another_meeting_is_404(torben, meeting, world):
    other = services.create_meeting_from_template(
        kommune=world.ballerup,
        organisation=world.almenbo,
        styringsaar=2021,
        date=meeting.date,
        by=None,
    )
    foreign = other.items.first()
    assert foreign is not None
    assert (
        torben.post(
            reverse("meetings:item_rename", args=[meeting.pk, foreign.pk]), {"title": "x"}
        ).status_code
        == 404
    )


def test_attachment_upload_and_download_respect_scope(
    torben, meeting, world, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    item = meeting.items.get(key="styringsrapport")
    torben.post(
        reverse("meetings:attachment_upload", args=[meeting.pk, item.pk]),
        {"file": SimpleUploadedFile("rapport.pdf", b"%PDF data")},
    )
    att = item.attachments.get()
    url = reverse("meetings:attachment", args=[meeting.pk, att.pk])
    response = torben.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF data"
    assert "rapport.pdf" in response["Content-Disposition"]
    assert client_for(world.users["almenbo_staff"]).get(url).status_code == 404  # draft
    assert client_for(world.users["analyst"]).get(url).status_code == 404


def test_case_is_linked_from_the_meeting_page(torben, meeting, world):
    from datetime import date

    case = services.open_case(
        department=world.lundebjerg,
        category="andet",
        title="Nye matrikler",
        opened_on=date(2021, 1, 1),
        by=None,
    )
    item = meeting.items.get(key="sager")
    html = torben.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert "Knyt en sag til et punkt" in html
    torben.post(
        reverse("meetings:case_link_add", args=[meeting.pk]),
        {"sag-case": case.pk, "sag-item": item.pk},
    )
    assert case.links.get().agenda_item == item
