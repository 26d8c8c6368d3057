"""The kommune's configuration through the API and the `config` CLI: history, version
conflicts, validation and scope."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from styringsdialog.meetings.models import ConfigurationChange, YearTheme
from tests.api.conftest import make_token

BASE = "/api/v1/kommuner/151"


def _client(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {make_token(user)}")


@pytest.fixture
def torben(world):
    return world.users["caseworker_ballerup"]


def test_theme_create_edit_delete_records_history(world, torben):
    c = _client(torben)
    r = c.post(
        f"{BASE}/year-themes",
        {"styringsaar": 2025, "title": "Energi", "description": "Varmeforbrug"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    theme = r.json()
    assert theme["version"] == 0
    r = c.patch(
        f"{BASE}/year-themes/{theme['id']}",
        {"version": 0, "title": "Energi og klima"},
        content_type="application/json",
    )
    assert r.status_code == 200
    assert r.json()["title"] == "Energi og klima"
    assert r.json()["description"] == "Varmeforbrug"  # not sent: kept
    assert r.json()["version"] == 1
    r = c.delete(f"{BASE}/year-themes/{theme['id']}?version=1")
    assert r.status_code == 204
    history = c.get(f"{BASE}/configuration-history").json()["items"]
    assert [h["action"] for h in history] == ["deleted", "changed", "created"]
    changed = history[1]
    assert changed["old"]["tema"] == "Energi" and changed["new"]["tema"] == "Energi og klima"
    assert changed["by"] == torben.username


def test_stale_version_is_409_and_writes_nothing(world, torben):
    c = _client(torben)
    theme = c.post(
        f"{BASE}/year-themes", {"styringsaar": 2025, "title": "Energi"}, "application/json"
    ).json()
    c.patch(f"{BASE}/year-themes/{theme['id']}", {"version": 0, "title": "A"}, "application/json")
    r = c.patch(
        f"{BASE}/year-themes/{theme['id']}", {"version": 0, "title": "B"}, "application/json"
    )
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "conflict"
    assert YearTheme.objects.get(pk=theme["id"]).title == "A"
    r = c.delete(f"{BASE}/year-themes/{theme['id']}?version=0")
    assert r.status_code == 409
    assert YearTheme.objects.filter(pk=theme["id"]).exists()


def test_duplicate_is_409_naming_the_id_and_invalid_is_422(world, torben):
    c = _client(torben)
    body = {"name": "Temamøde"}
    created = c.post(f"{BASE}/meeting-types", body, "application/json")
    assert created.status_code == 201
    r = c.post(f"{BASE}/meeting-types", {"name": " Temamøde "}, "application/json")
    assert r.status_code == 409
    assert f"findes allerede (id {created.json()['id']})" in r.json()["error"]["message"]
    theme = {"styringsaar": 2025, "title": "Energi"}
    first = c.post(f"{BASE}/year-themes", theme, "application/json").json()
    r = c.post(f"{BASE}/year-themes", theme, "application/json")
    assert r.status_code == 409 and f"id {first['id']}" in r.json()["error"]["message"]
    other = c.post(f"{BASE}/meeting-types", {"name": "Andet"}, "application/json").json()
    r = c.patch(
        f"{BASE}/meeting-types/{other['id']}",
        {"version": 0, "name": "Temamøde"},
        "application/json",
    )
    assert r.status_code == 422  # renaming onto an existing name
    assert "findes allerede" in r.json()["error"]["message"]
    r = c.post(f"{BASE}/agenda-templates", {"name": "Tom", "items": []}, "application/json")
    assert r.status_code == 422


def test_default_template_cannot_be_deleted(world, torben):
    c = _client(torben)
    templates = c.get(f"{BASE}/agenda-templates").json()["items"]
    default = next(t for t in templates if t["is_default"])
    r = c.delete(f"{BASE}/agenda-templates/{default['id']}?version={default['version']}")
    assert r.status_code == 422
    r = c.patch(
        f"{BASE}/agenda-templates/{default['id']}",
        {"version": default["version"], "items": ["Velkomst", "Eventuelt"]},
        "application/json",
    )
    assert r.status_code == 200
    assert r.json()["items"] == ["Velkomst", "Eventuelt"]


def test_other_kommune_is_404_and_analyst_403(world):
    r = _client(world.users["caseworker_kbh"]).get(f"{BASE}/year-themes")
    assert r.status_code == 404
    r = _client(world.users["analyst"]).post(
        f"{BASE}/year-themes", {"styringsaar": 2025, "title": "X"}, "application/json"
    )
    assert r.status_code == 403
    assert not ConfigurationChange.objects.exists()


def test_cli_themes_add_edit_list_delete(world, torben):
    out = StringIO()
    common = ["--kommune", "151", "--as", torben.username, "--json"]
    call_command(
        "config", "themes", "add", "--styringsaar", "2025", "--title", "Energi", *common, stdout=out
    )
    theme = json.loads(out.getvalue())
    out = StringIO()
    call_command(
        "config",
        "themes",
        "edit",
        str(theme["id"]),
        "--title",
        "Klima",
        "--version",
        "0",
        *common,
        stdout=out,
    )
    assert json.loads(out.getvalue())["title"] == "Klima"
    with pytest.raises(CommandError, match="ændret af en anden"):
        call_command(
            "config",
            "themes",
            "delete",
            str(theme["id"]),
            "--version",
            "0",
            *common,
            stdout=StringIO(),
        )
    out = StringIO()
    call_command("config", "themes", "list", *common, stdout=out)
    assert [t["title"] for t in json.loads(out.getvalue())] == ["Klima"]
    history = ConfigurationChange.objects.filter(kommune=world.ballerup)
    assert {h.by_id for h in history} == {torben.pk}


def test_cli_templates_and_types(world, torben):
    common = ["--kommune", "151", "--as", torben.username]
    out = StringIO()
    call_command(
        "config",
        "templates",
        "add",
        "--name",
        "Kort",
        "--item",
        "Velkomst",
        "--item",
        "Eventuelt",
        *common,
        "--json",
        stdout=out,
    )
    assert json.loads(out.getvalue())["items"] == ["Velkomst", "Eventuelt"]
    out = StringIO()
    call_command(
        "config", "meeting-types", "add", "--name", "Temamøde", "--joint", "ja", *common, stdout=out
    )
    assert "Temamøde" in out.getvalue()
    with pytest.raises(CommandError, match="ja eller nej"):
        call_command("config", "meeting-types", "add", "--name", "X", "--joint", "måske", *common)


def test_cli_refuses_other_kommune_and_reader(world):
    with pytest.raises(CommandError, match="findes ikke|adgang"):
        call_command(
            "config",
            "themes",
            "list",
            "--kommune",
            "151",
            "--as",
            world.users["caseworker_kbh"].username,
        )
    with pytest.raises(CommandError, match="ret til at ændre"):
        call_command(
            "config",
            "themes",
            "list",
            "--kommune",
            "151",
            "--as",
            world.users["analyst"].username,
        )


def test_cli_national_settings_for_administrators_only(world):
    from styringsdialog.benchmarking.models import ColourScaleVersion
    from styringsdialog.registry.models import NationalSettingChange
    from styringsdialog.registry.services import ensure_chart_of_accounts

    with pytest.raises(CommandError, match="Kun administratorer"):
        call_command("config", "colour-scales", "list", "--as", "torben")
    out = StringIO()
    call_command(
        "config",
        "colour-scales",
        "add",
        "--version-name",
        "cli-2030",
        "--valid-from",
        "2030-01-01",
        "--green-from",
        "88",
        "--yellow-from",
        "66",
        "--provenance",
        "Test",
        "--as",
        "ada",
        stdout=out,
    )
    assert "uofficiel" in out.getvalue()
    assert not ColourScaleVersion.objects.get(version="cli-2030").is_official
    chart = ensure_chart_of_accounts()
    out = StringIO()
    call_command(
        "config", "kontoplan", "activate", str(chart.pk), "--as", "ada", "--json", stdout=out
    )
    assert json.loads(out.getvalue())["is_active"] is True
    out = StringIO()
    call_command("config", "history", "--as", "ada", "--json", stdout=out)
    kinds = [row["kind"] for row in json.loads(out.getvalue())]
    assert kinds == ["kontoplan", "colour_scale"]
    assert NationalSettingChange.objects.filter(by__username="ada").count() == 2
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        call_command(
            "config",
            "colour-scales",
            "add",
            "--version-name",
            "x",
            "--valid-from",
            "i går",
            "--green-from",
            "88",
            "--yellow-from",
            "66",
            "--provenance",
            "T",
            "--as",
            "ada",
        )


def test_kommune_page_links_to_settings_for_those_who_may_configure(world, client_for):
    url = "/kommune/151/indstillinger/"
    page = client_for(world.users["caseworker_ballerup"]).get("/kommune/151/").content.decode()
    assert url in page
    page = client_for(world.users["analyst"]).get("/kommune/151/").content.decode()
    assert url not in page
    settings_page = client_for(world.users["caseworker_ballerup"]).get(url).content.decode()
    assert "/kommune/151/henlaeggelsesnorm/" in settings_page
