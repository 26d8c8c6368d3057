"""Nationale indstillinger: administrators only, history of every change, the unofficial mark,
catalogue choice per styringsår, draft-only question edits, the active kontoplan."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from styringsdialog.accounts.models import ApiToken, hash_token
from styringsdialog.benchmarking import configuration as scales
from styringsdialog.benchmarking.briefing import scale_label
from styringsdialog.benchmarking.models import ColourScaleVersion
from styringsdialog.intake.models import Question, QuestionCatalogue
from styringsdialog.intake.services import catalogue_for
from styringsdialog.intake.services import configuration as catalogues
from styringsdialog.registry import national
from styringsdialog.registry.models import NationalSettingChange
from styringsdialog.registry.services import ensure_chart_of_accounts


def make_token(user) -> str:
    raw = ApiToken.new_raw_key()
    ApiToken.objects.create(user=user, name="test", key_hash=hash_token(raw))
    return raw


def _draft() -> tuple[QuestionCatalogue, Question]:
    catalogue = QuestionCatalogue.objects.create(version="kladde-1", valid_from=date(2030, 1, 1))
    question = Question.objects.create(
        catalogue=catalogue, code="X1", theme="oekonomi", text="Gammel", answer_type="tekst"
    )
    return catalogue, question


def test_page_is_for_administrators_only(world, client_for):
    assert client_for(world.users["admin"]).get("/nationale-indstillinger/").status_code == 200
    for key in ("caseworker_ballerup", "analyst", "almenbo_staff"):
        response = client_for(world.users[key]).get("/nationale-indstillinger/")
        assert response.status_code == 403, key
    response = client_for(world.users["caseworker_ballerup"]).post(
        "/nationale-indstillinger/", {"action": "scale-add", "version": "x"}
    )
    assert response.status_code == 403
    assert not NationalSettingChange.objects.exists()


def test_api_is_403_for_caseworkers(world):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(world.users['caseworker_ballerup'])}")
    r = client.post(
        "/api/v1/config/colour-scales",
        {
            "version": "x",
            "valid_from": "2030-01-01",
            "green_from": 90,
            "yellow_from": 70,
            "provenance": "p",
        },
        "application/json",
    )
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "forbidden"


def test_new_scale_is_unofficial_by_default_and_recorded(world, client_for):
    admin = client_for(world.users["admin"])
    response = admin.post(
        "/nationale-indstillinger/",
        {
            "action": "scale-add",
            "version": "egen-2030",
            "valid_from": "2030-01-01",
            "green_from": "85",
            "yellow_from": "65,5",
            "provenance": "Vores vurdering",
        },
    )
    assert response.status_code == 302
    scale = ColourScaleVersion.objects.get(version="egen-2030")
    assert not scale.is_official and scale.yellow_from == 65.5
    assert scale_label(scale) == "farveskala egen-2030, uofficiel"
    change = NationalSettingChange.objects.get()
    assert change.by == world.users["admin"]
    assert change.new and change.old
    assert change.new["grøn fra"] == 85 and change.old["version"] != "egen-2030"
    page = admin.get("/nationale-indstillinger/").content.decode()
    assert "uofficiel" in page and "egen-2030" in page and "Vores vurdering" in page


def test_scale_validation(world):
    with pytest.raises(ValidationError, match="gul fra ≤ grøn fra"):
        scales.add_colour_scale(
            version="bad",
            valid_from=date(2030, 1, 1),
            green_from=50,
            yellow_from=60,
            provenance="x",
        )
    existing = ColourScaleVersion.ensure_default()
    with pytest.raises(ValidationError, match="findes allerede"):
        scales.add_colour_scale(
            version=existing.version,
            valid_from=date(2030, 1, 1),
            green_from=90,
            yellow_from=70,
            provenance="x",
        )


def test_mark_follows_is_official(world):
    scale = ColourScaleVersion.ensure_default()
    assert scale.mark == "uofficiel"
    scale.is_official = True
    assert scale.mark == "officiel"


def test_choose_catalogue_for_a_year(world):
    admin = world.users["admin"]
    catalogue, _ = _draft()
    assert catalogue_for(2031) == catalogue  # newest in force
    older = QuestionCatalogue.objects.create(version="gammel", valid_from=date(2020, 1, 1))
    catalogues.choose_catalogue(styringsaar=2031, catalogue=older, by=admin)
    assert catalogue_for(2031) == older
    change = NationalSettingChange.objects.get()
    assert change.old == {"spørgeramme": "kladde-1"} and change.new == {"spørgeramme": "gammel"}
    # a chosen catalogue is in use: its texts cannot change
    assert not catalogues.is_draft(older)


def test_question_text_only_in_a_draft_and_with_the_current_version(world):
    admin = world.users["admin"]
    catalogue, question = _draft()
    catalogues.update_question_text(question=question, text="Ny", version=0, by=admin)
    question.refresh_from_db()
    assert question.text == "Ny" and question.version == 1
    with pytest.raises(catalogues.QuestionConflict):
        catalogues.update_question_text(question=question, text="Nyere", version=0, by=admin)
    catalogues.choose_catalogue(styringsaar=2030, catalogue=catalogue, by=admin)
    with pytest.raises(ValidationError, match="i brug"):
        catalogues.update_question_text(question=question, text="Nyere", version=1, by=admin)


def test_question_conflict_is_409_in_the_api(world):
    catalogue, question = _draft()
    client = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(world.users['admin'])}")
    url = f"/api/v1/config/catalogues/{catalogue.pk}/questions/{question.pk}"
    assert client.patch(url, {"text": "A", "version": 0}, "application/json").status_code == 200
    r = client.patch(url, {"text": "B", "version": 0}, "application/json")
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "conflict"
    history = client.get("/api/v1/config/history").json()["items"]
    assert history[0]["old"] == {"spørgsmål": "Gammel"} and history[0]["by"] == "ada"


def test_activate_kontoplan(world, client_for):
    chart = ensure_chart_of_accounts()
    assert national.active_chart() is None
    response = client_for(world.users["admin"]).post(
        "/nationale-indstillinger/", {"action": "kontoplan-activate", "id": chart.pk}
    )
    assert response.status_code == 302
    assert national.active_chart() == chart
    change = NationalSettingChange.objects.get()
    assert change.new == {"aktiv kontoplan": chart.version}
