"""Issue 10, item 1 in Chromium: nothing typed in the minutes is ever lost — not by another
action on the page, not by leaving it, not by two people saving the same point."""

from __future__ import annotations

import re
from datetime import date

import pytest

from styringsdialog.meetings import services
from styringsdialog.meetings.models import AgendaItem, MeetingChange

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def meeting(world):
    return services.create_meeting_from_template(
        kommune=world.ballerup,
        organisation=world.almenbo,
        styringsaar=2021,
        date=date(2021, 5, 27),
        by=world.users["caseworker_ballerup"],
    )


def _editor(page, title: str):
    item = page.locator("li.app-agenda-item", has_text=title).first
    item.get_by_role("link", name=re.compile("^(Skriv|Ret) referat")).first.click()
    item.get_by_label("Drøftelse").wait_for()
    return item


def _login_in(browser, live_server, username: str):
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.goto(f"{live_server.url}/log-ind/")
    pg.get_by_label("Brugernavn").fill(username)
    pg.get_by_label("Adgangskode").fill("test-password-123")
    pg.get_by_role("button", name="Log ind").click()
    pg.wait_for_load_state("networkidle")
    return pg


def test_typing_in_two_points_then_adding_a_participant_keeps_both(
    world, meeting, page, login, live_server
):
    login("torben")
    page.goto(f"{live_server.url}/moeder/{meeting.pk}/")
    first = _editor(page, "Velkomst")
    first.get_by_label("Drøftelse").fill("Torben bød velkommen.")
    second = _editor(page, "Eventuelt")
    second.get_by_label("Drøftelse").fill("Intet under eventuelt.")
    second.get_by_label("Beslutning").fill("Næste møde i maj.")
    # straight on to another form, before any autosave has had time to run
    page.locator("summary", has_text="Tilføj deltager").click()
    page.get_by_label("Navn").fill("Claus")
    page.get_by_label("Repræsenterer").select_option("organisation")
    page.get_by_role("button", name="Tilføj deltager").click()
    page.wait_for_load_state("networkidle")
    page.locator("#deltagere", has_text="Claus").wait_for()
    body = page.locator("#dagsorden").inner_text()
    assert "Torben bød velkommen." in body and "Intet under eventuelt." in body
    assert "Næste møde i maj." in body
    velkomst = AgendaItem.objects.get(meeting=meeting, key="velkomst")
    assert velkomst.minutes == "Torben bød velkommen."


def test_leaving_with_unsaved_text_warns(world, meeting, page, login, live_server):
    login("torben")
    page.goto(f"{live_server.url}/moeder/{meeting.pk}/")
    # the autosave cannot reach the server: the text stays unsaved
    page.route(re.compile(r".*/punkter/\d+/referat/$"), lambda route: route.abort())
    item = _editor(page, "Velkomst")
    item.get_by_label("Drøftelse").type("Noget der ikke er gemt")
    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.get_by_role("link", name="Overblik").first.click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert item.get_by_label("Drøftelse").input_value() == "Noget der ikke er gemt"
    assert "Ikke gemt" in item.inner_text()


def test_two_sessions_saving_the_same_point_get_a_conflict_and_lose_nothing(
    world, meeting, browser, live_server
):
    torben = _login_in(browser, live_server, "torben")
    ada = _login_in(browser, live_server, "ada")
    url = f"{live_server.url}/moeder/{meeting.pk}/"
    torben.goto(url)
    ada.goto(url)
    mine = _editor(torben, "Velkomst")
    theirs = _editor(ada, "Velkomst")
    theirs.get_by_label("Drøftelse").fill("Adas version af velkomsten.")
    theirs.get_by_text(re.compile(r"Gemt kl\.")).wait_for()
    mine.get_by_label("Drøftelse").fill("Torbens version af velkomsten.")
    conflict = torben.locator("[data-minutes-conflict]")
    conflict.wait_for()
    text = conflict.inner_text()
    assert "en anden har gemt punktet" in text
    assert "Adas version af velkomsten." in text and "Torbens version af velkomsten." in text
    velkomst = AgendaItem.objects.get(meeting=meeting, key="velkomst")
    assert velkomst.minutes == "Adas version af velkomsten."  # not overwritten silently
    conflict.get_by_role("button", name=re.compile("^Gem min tekst")).click()
    mine.get_by_text(re.compile(r"Gemt kl\.")).wait_for()
    velkomst.refresh_from_db()
    assert velkomst.minutes == "Torbens version af velkomsten."
    kept = MeetingChange.objects.filter(item=velkomst, field="minutes")
    assert any(c.new_value == "Adas version af velkomsten." for c in kept)  # in the history
    torben.context.close()
    ada.context.close()
