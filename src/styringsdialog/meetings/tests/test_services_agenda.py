"""Agenda items and sub-items: add, rename, reorder, delete, minutes and attachments."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from styringsdialog.meetings import services
from styringsdialog.meetings.agenda import agenda_tree, flatten
from styringsdialog.meetings.models import Attachment

from .conftest import advance

pytestmark = pytest.mark.django_db


def labels(meeting) -> list[tuple[str, str]]:
    return [(n.label, n.item.title) for n in flatten(agenda_tree(meeting))]


def test_sub_items_are_numbered_with_letters(meeting):
    parent = meeting.items.get(key="eventuelt")
    services.add_agenda_item(
        meeting=meeting, parent=parent, title="Registrering af boliger i LBF og BBR"
    )
    services.add_agenda_item(meeting=meeting, parent=parent, title="Næste møde")
    assert labels(meeting)[-3:] == [
        ("8", "Eventuelt"),
        ("8.a", "Registrering af boliger i LBF og BBR"),
        ("8.b", "Næste møde"),
    ]


def test_sub_items_cannot_have_sub_items(meeting):
    parent = meeting.items.get(key="eventuelt")
    child = services.add_agenda_item(meeting=meeting, parent=parent, title="a")
    with pytest.raises(ValidationError, match="ikke have egne underpunkter"):
        services.add_agenda_item(meeting=meeting, parent=child, title="b")


def test_moving_an_item_up_renumbers_the_agenda(meeting):
    item = meeting.items.get(key="temaer")
    services.move_agenda_item(item=item, direction="up")
    assert [t for _, t in labels(meeting)][:3] == [
        "Velkomst",
        "Årets temaer",
        "Opfølgning på sidste års aftaler",
    ]
    services.move_agenda_item(item=item, direction="down")
    assert labels(meeting)[2] == ("3", "Årets temaer")


def test_moving_past_the_ends_is_refused(meeting):
    with pytest.raises(ValidationError, match="allerede det første"):
        services.move_agenda_item(item=meeting.items.get(key="velkomst"), direction="up")
    with pytest.raises(ValidationError, match="allerede det sidste"):
        services.move_agenda_item(item=meeting.items.get(key="eventuelt"), direction="down")


def test_sub_items_move_only_among_their_siblings(meeting):
    parent = meeting.items.get(key="temaer")
    a = services.add_agenda_item(meeting=meeting, parent=parent, title="A")
    services.add_agenda_item(meeting=meeting, parent=parent, title="B")
    services.move_agenda_item(item=a, direction="down")
    assert [t for lbl, t in labels(meeting) if lbl.startswith("3.")] == ["B", "A"]


def test_deleting_an_item_closes_the_gap(meeting):
    services.delete_agenda_item(item=meeting.items.get(key="velkomst"))
    assert labels(meeting)[0] == ("1", "Opfølgning på sidste års aftaler")
    assert sorted(meeting.items.filter(parent=None).values_list("position", flat=True)) == list(
        range(1, 8)
    )


def test_item_with_an_agreement_cannot_be_deleted(meeting, world):
    item = meeting.items.get(key="eventuelt")
    services.add_agreement(
        meeting=meeting, agenda_item=item, text="X", responsible_side="kommune", by=None
    )
    with pytest.raises(ValidationError, match="har aftaler"):
        services.delete_agenda_item(item=item)


def test_rename_needs_a_title(meeting):
    with pytest.raises(ValidationError, match="Overskriften skal udfyldes"):
        services.rename_agenda_item(item=meeting.items.first(), title=" ")


def test_minutes_are_stored_as_trimmed_paragraphs(meeting):
    item = services.write_minutes(
        item=meeting.items.get(key="velkomst"), text="  Linje 1  \r\n\r\n\r\n Afsnit 2 \n"
    )
    assert item.minutes == "Linje 1\n\nAfsnit 2"


def test_attachment_keeps_original_name_and_sha256(meeting, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    content = b"%PDF-1.4 styringsrapport"
    upload = SimpleUploadedFile("Styringsrapport 2020.pdf", content, content_type="application/pdf")
    att = services.add_attachment(
        item=meeting.items.get(key="styringsrapport"),
        upload=upload,
        by=world.users["caseworker_ballerup"],
    )
    assert att.original_name == "Styringsrapport 2020.pdf"
    assert att.sha256 == hashlib.sha256(content).hexdigest()
    assert att.size == len(content)
    assert att.file.read() == content


def test_empty_attachment_is_refused(meeting, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError, match="tom"):
        services.add_attachment(
            item=meeting.items.first(), upload=SimpleUploadedFile("x.txt", b""), by=None
        )


def test_published_attachment_can_never_be_deleted(meeting, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    att = services.add_attachment(
        item=meeting.items.first(), upload=SimpleUploadedFile("a.txt", b"abc"), by=None
    )
    advance(meeting, world, "published")
    services.reopen_referat_for_correction(meeting=meeting, by=None, reason="Stavefejl")
    att.refresh_from_db()
    assert att.published
    with pytest.raises(ValidationError, match="offentliggjort referat"):
        services.remove_attachment(attachment=att)
    assert Attachment.objects.filter(pk=att.pk).exists()


def test_unpublished_attachment_can_be_removed(
    meeting, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    att = services.add_attachment(
        item=meeting.items.first(), upload=SimpleUploadedFile("a.txt", b"abc"), by=None
    )
    path = att.file.path
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_attachment(attachment=att)
    assert not Attachment.objects.filter(pk=att.pk).exists()
    import os

    assert not os.path.exists(path)


def test_agenda_is_locked_once_the_referat_is_approved(meeting, world):
    advance(meeting, world, "approved")
    with pytest.raises(ValidationError, match="Genåbn referatet"):
        services.write_minutes(item=meeting.items.first(), text="ændring")
    with pytest.raises(ValidationError):
        services.add_agenda_item(meeting=meeting, title="Nyt")
    with pytest.raises(ValidationError):
        services.move_agenda_item(item=meeting.items.get(key="temaer"), direction="up")
