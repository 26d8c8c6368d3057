"""The history import's review pages: upload many files, review one beside its source text,
correct and confirm; caseworker of the kommune only."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F

from styringsdialog.meetings.models import Meeting
from styringsdialog.publication import history_import
from styringsdialog.publication.tests.test_history_import import FIXTURES, SEED

pytestmark = pytest.mark.django_db
UPLOAD = "/kommune/151/referater/import/"


def test_upload_many_files_lists_proposals_and_errors(world, client_for):
    c = client_for(world.users["caseworker_ballerup"])
    assert c.get(UPLOAD).status_code == 200
    files = [
        SimpleUploadedFile(SEED.name, SEED.read_bytes()),
        SimpleUploadedFile("a.pdf", (FIXTURES / "a-hvidovre-kaeret-2023.pdf").read_bytes()),
        SimpleUploadedFile("program.exe", b"MZ" + bytes(20)),
    ]
    r = c.post(UPLOAD, {"files": files})
    html = r.content.decode()
    assert r.status_code == 200
    assert "Gennemse og importér" in html and "Filen er et program" in html
    assert "2021-05-27" in html and not Meeting.objects.exists()


def test_review_shows_source_and_confirm_imports_the_corrections(world, client_for):
    c = client_for(world.users["caseworker_ballerup"])
    sha = history_import.stage_upload(SEED.read_bytes(), SEED.name)
    url = f"{UPLOAD}{sha}/?fil={SEED.name}"
    r = c.get(url)
    html = r.content.decode()
    assert r.status_code == 200
    assert "Teksten fra filen" in html and "for-\n\ndeler" in html  # the source, as read
    assert 'value="Covid-19"' in html and "afd. Lundebjerg" in html
    assert 'name="participant-1-user" value="torben"' in html  # Torben resolved to the user
    form = {
        "fil": SEED.name,
        "meeting_date": "2021-05-27",
        "organisation": "0151",
        "item-1-number": "1",
        "item-1-title": "Covid-19",
        "item-1-text": "Torben orienterede.",
        "item-2-number": "2",
        "item-2-title": "Årets temaer",
        "item-3-number": "2.a",
        "item-3-title": "Hjælpemidler",
        "item-3-text": "Tekst.",
        "item-4-number": "3",
        "item-4-title": "Slettes",
        "item-4-delete": "1",
        "participant-1-name": "Torben",
        "participant-1-side": "kommune",
        "participant-1-role": "sagsbehandler",
        "participant-1-user": "torben",
        "agreement-1-text": "Oplysningerne sendes til Almenbo",
        "agreement-1-owner": "kommune",
        "agreement-1-item": "2.a",
        "agreement-1-deadline": "2021-07-01",
        "department-0": "0151-008",
        "department-1": "",
    }
    r = c.post(url, form)
    assert r.status_code == 302, r.content.decode()[:2000]
    meeting = Meeting.objects.get()
    # top-level items first on every database (PostgreSQL sorts NULL last, SQLite first)
    top_first = (F("parent_id").asc(nulls_first=True), "position")
    assert [i.title for i in meeting.items.order_by(*top_first)] == [
        "Covid-19", "Årets temaer", "Hjælpemidler",
    ]  # fmt: skip
    assert meeting.items.filter(title="Hjælpemidler", parent__title="Årets temaer").exists()
    assert list(meeting.participants.values_list("name", "side", "user__username")) == [
        ("Torben", "kommune", "torben")
    ]
    agreement = meeting.agreements.get()
    assert agreement.agenda_item is not None and agreement.agenda_item.title == "Hjælpemidler"
    assert str(agreement.deadline) == "2021-07-01"
    assert r["Location"].startswith("/offentlig/referat/151/")


def test_review_with_an_error_keeps_the_corrections(world, client_for):
    c = client_for(world.users["caseworker_ballerup"])
    sha = history_import.stage_upload(SEED.read_bytes(), SEED.name)
    r = c.post(
        f"{UPLOAD}{sha}/",
        {
            "fil": SEED.name,
            "meeting_date": "",
            "organisation": "0151",
            "item-1-title": "Rettet titel",
        },
    )
    assert r.status_code == 400
    html = r.content.decode()
    assert "Mødedatoen mangler." in html and 'value="Rettet titel"' in html
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("caseworker_ballerup", 200), ("caseworker_kbh", 404), ("almenbo_staff", 403), ("analyst", 403),
     ("other_org_staff", 404), ("no_role", 404), (None, 302)],
)  # fmt: skip
def test_pages_per_persona(world, client_for, persona, status):
    c = client_for(world.users[persona] if persona else None)
    sha = history_import.stage_upload(SEED.read_bytes(), SEED.name)
    assert c.get(UPLOAD).status_code == status
    assert c.get(f"{UPLOAD}{sha}/?fil={SEED.name}").status_code == status


def test_unknown_staged_file_is_404(world, client_for):
    c = client_for(world.users["caseworker_ballerup"])
    assert c.get(f"{UPLOAD}{'0' * 64}/?fil=x.txt").status_code == 404
    assert c.get(f"{UPLOAD}ikke-en-hash/").status_code == 404


def test_public_page_marks_the_meeting_importeret(world, client_for):
    result = history_import.import_referat(
        kommune=world.ballerup,
        proposal=history_import.propose(
            kommune=world.ballerup, data=SEED.read_bytes(), filename=SEED.name
        ),
        data=SEED.read_bytes(),
        filename=SEED.name,
        by=world.users["caseworker_ballerup"],
    )
    referat = result.meeting.publication
    html = client_for(None).get(referat.get_absolute_url()).content.decode()
    assert "Importeret" in html and result.imported.sha256 in html


def test_upload_of_an_imported_file_links_the_meeting(world, client_for):
    by = world.users["caseworker_ballerup"]
    data = SEED.read_bytes()
    meeting = history_import.import_referat(
        kommune=world.ballerup,
        proposal=history_import.propose(kommune=world.ballerup, data=data, filename=SEED.name),
        data=data,
        filename=SEED.name,
        by=by,
    ).meeting
    html = (
        client_for(by)
        .post(UPLOAD, {"files": [SimpleUploadedFile("igen.txt", data)]})
        .content.decode()
    )
    assert f'href="/moeder/{meeting.pk}/"' in html and "Allerede importeret" in html
    assert "Senest importeret" in html
