"""Almenbo's staff answer the styringsrapport on the package page (issue 11 item 2): reuse last
year's answers, answer and see each answer saved (htmx), and submit only once all are in."""

from __future__ import annotations

import pytest

from styringsdialog.intake.catalogue import ensure_demo_catalogue
from styringsdialog.intake.models import Answer, DocumentationPackage, PackageStatus
from styringsdialog.intake.services import create_package
from styringsdialog.intake.services.answers import save_answer
from styringsdialog.intake.tests.helpers import answer_all

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_answer_save_reuse_last_year_and_submit_when_complete(
    world, page, login, live_server
):
    ensure_demo_catalogue()
    last = create_package(organisation=world.almenbo, styringsaar=2024)
    for code, value in (("OEK1", "ja"), ("LED2", "Egenkontrol af indkøb.")):
        save_answer(package=last, question_code=code, value=value, by=None, version=0)
    package = create_package(organisation=world.almenbo, styringsaar=2025)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    login("claus")
    page.goto(f"{live_server.url}/organisation/0151/dokumentationspakke/2025/")
    submit = page.get_by_role("button", name="Indsend pakken til kommunen")
    assert submit.is_disabled()
    assert "16 svar mangler, før pakken kan indsendes" in page.locator("main").inner_text()

    page.get_by_role("button", name="Genbrug sidste års svar").click()
    assert "2 svar er kopieret fra sidste år" in page.locator("main").inner_text()
    assert page.locator("#q-LED2 textarea").input_value() == "Egenkontrol af indkøb."

    # a choice and a radio button save as soon as they are picked (htmx), with a new version
    page.locator("#q-OEK2 select").select_option("Delvist")
    page.locator("#q-OEK2-status").get_by_text("Gemt kl.").wait_for()
    page.locator("#q-OEK1").get_by_label("Nej").check()
    page.locator("#q-OEK1-status").get_by_text("(version 2)").wait_for()
    # a text answer saves when the field is left; a bad number shows the import's message
    page.locator("#q-OEK4-003 input[name=svar]").fill("tre")
    page.locator("#q-OEK4-003 input[name=svar]").blur()
    page.locator("#q-OEK4-003").get_by_text("'tre' er ikke et tal").wait_for()
    answers = dict(
        Answer.objects.filter(package=package, department=None).values_list(
            "question__code", "value"
        )
    )
    assert answers == {"OEK1": "nej", "OEK2": "Delvist", "LED2": "Egenkontrol af indkøb."}

    answer_all(package)  # the rest, as if typed
    page.reload()
    submit = page.get_by_role("button", name="Indsend pakken til kommunen")
    assert submit.is_enabled()
    submit.click()
    assert "Pakken er indsendt til kommunen." in page.locator("main").inner_text()
    assert DocumentationPackage.objects.get(pk=package.pk).status == PackageStatus.SUBMITTED
    assert not [e for e in errors if "Content Security Policy" in e]
