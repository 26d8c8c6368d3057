"""The organisation sees the sent agenda (issue 10, item 2): before the invitation Claus of
Almenbo gets "not found"; the caseworker sends it in the browser; then Claus sees the agenda,
not the draft minutes, and downloads the agenda PDF and the calendar invitation (.ics)."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core import mail

from styringsdialog.meetings import services

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_organisation_sees_the_sent_agenda_and_downloads_pdf_and_ics(
    world, page, login, live_server, tmp_path
):
    base = live_server.url
    claus = world.users["almenbo_staff"]
    claus.email = "claus@almenbo.dk"
    claus.save()
    meeting = services.create_meeting_from_template(
        kommune=world.ballerup,
        organisation=world.almenbo,
        styringsaar=2021,
        date=date(2021, 5, 27),
        start_time=time(10, 0),
        place="Ballerup Rådhus",
        by=world.users["caseworker_ballerup"],
    )
    services.write_minutes(
        item=meeting.items.get(key="velkomst"), text="Kommunens udkast, ikke til Almenbo."
    )
    url = f"{base}/moeder/{meeting.pk}/"

    login("claus")
    response = page.goto(url)
    assert response is not None and response.status == 404

    # the caseworker sends the invitation
    page.context.clear_cookies()
    login("torben")
    page.goto(url)
    page.get_by_role("link", name="Send indkaldelse").click()
    page.get_by_role("button", name="Bekræft: send indkaldelse").click()
    page.wait_for_load_state("networkidle")
    assert "Indkaldelsen er sendt" in page.content()
    assert [m.to for m in mail.outbox] == [["claus@almenbo.dk"]]

    # Claus sees the agenda but not the draft minutes
    page.context.clear_cookies()
    login("claus")
    response = page.goto(url)
    assert response is not None and response.status == 200
    assert "1. Velkomst" in page.locator("#dagsorden").inner_text()
    assert "Kommunens udkast" not in page.content()
    assert page.get_by_role("link", name="Hent mødemappe (PDF)").count() == 0

    with page.expect_download() as pdf_info:
        page.get_by_role("link", name="Hent dagsorden (PDF)").click()
    pdf = pdf_info.value
    target = tmp_path / pdf.suggested_filename
    pdf.save_as(target)
    assert pdf.suggested_filename == "dagsorden-0151-2021-05-27.pdf"
    assert target.read_bytes().startswith(b"%PDF")

    with page.expect_download() as ics_info:
        page.get_by_role("link", name="Hent kalenderinvitation (.ics)").click()
    ics = ics_info.value
    ics_path = tmp_path / ics.suggested_filename
    ics.save_as(ics_path)
    text = ics_path.read_text(encoding="utf-8")
    assert text.startswith("BEGIN:VCALENDAR")
    assert "DTSTART;TZID=Europe/Copenhagen:20210527T100000" in text
    assert f"UID:meeting-{meeting.pk}@" in text
