"""The caseworker's overview starts the work (issue 10, item 6): from "Overblik" Torben plans the
year's meetings for every organisation in two clicks (confirm page, then POST), without JavaScript,
and the year table shows the new meeting."""

from __future__ import annotations

import pytest
from django.utils import timezone

from styringsdialog.meetings.models import Meeting

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_caseworker_plans_the_years_meetings_from_the_overview(world, browser, live_server):
    year = timezone.localdate().year
    context = browser.new_context(locale="da-DK", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/log-ind/")
    page.get_by_label("Brugernavn").fill("torben")
    page.get_by_label("Adgangskode").fill("test-password-123")
    page.get_by_role("button", name="Log ind").click()

    page.goto(f"{live_server.url}/?aar={year}")
    row = page.get_by_role("row", name="Almenbo")
    assert "Ikke planlagt" in row.inner_text()
    page.get_by_role("link", name="Planlæg møder for alle organisationer").click()
    assert "Almenbo (0151)" in page.content()
    page.get_by_role("button", name="Planlæg 1 møde").click()

    assert page.url.endswith(f"/?aar={year}")
    assert "1 møde planlagt" in page.content()
    assert "Planlagt" in page.get_by_role("row", name="Almenbo").inner_text()
    assert Meeting.objects.filter(organisation=world.almenbo, styringsaar=year).count() == 1
    context.close()
