"""The kommune's provisions norm: page, form, history, API GET/PUT, per persona, CSRF, and its
use in the next run."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from styringsdialog.benchmarking.models import KeyFigureResult, ProvisionNorm, ProvisionNormChange
from styringsdialog.benchmarking.services import run_benchmark
from styringsdialog.benchmarking.tests.conftest import SMALL, YEAR

pytestmark = pytest.mark.django_db

PAGE = reverse("benchmarking:provision_norm", args=["151"])
API = "/api/v1/kommuner/151/provision-norm"


def _post(client, norm="150", source="Ballerup Kommunes boligpolitik 2026", version=0):
    return client.post(PAGE, {"norm_per_m2": norm, "source": source, "version": version})


def test_the_default_norm_is_shown_with_its_source(world, client_for):
    html = client_for(world.users["caseworker_ballerup"]).get(PAGE).content.decode()
    assert "200,00 kr. pr. m² pr. år" in html and "Ballerup Kommune 27.05.2021" in html
    assert "Gem normen" in html


def test_the_caseworker_saves_a_norm_with_history(world, client_for):
    client = client_for(world.users["caseworker_ballerup"])
    response = _post(client, norm="150,5")
    assert response.status_code == 302
    norm = ProvisionNorm.objects.get(kommune=world.ballerup)
    assert (str(norm.norm_per_m2), norm.version) == ("150.50", 1)
    _post(client, norm="160", version=1)
    changes = list(ProvisionNormChange.objects.values_list("version", "new_norm_per_m2"))
    assert [(v, str(n)) for v, n in changes] == [(2, "160.00"), (1, "150.50")]
    html = client.get(PAGE).content.decode()
    assert "160,00 kr. pr. m² pr. år" in html and "Historik" in html and "standard" in html


def test_a_stale_version_is_refused(world, client_for):
    client = client_for(world.users["caseworker_ballerup"])
    _post(client)
    response = _post(client, norm="170", version=0)
    assert response.status_code == 400
    assert "ændret af en anden" in response.content.decode()
    assert ProvisionNorm.objects.get().norm_per_m2 == 150


@pytest.mark.parametrize("bad", ["", "abc", "-5", "99999"])
def test_a_bad_norm_is_refused_in_danish(world, client_for, bad):
    response = _post(client_for(world.users["caseworker_ballerup"]), norm=bad)
    assert response.status_code == 400 and not ProvisionNorm.objects.exists()


@pytest.mark.parametrize(
    ("persona", "get", "post"),
    [
        ("admin", 200, 302),
        ("caseworker_ballerup", 200, 302),
        ("analyst", 200, 403),
        ("caseworker_kbh", 404, 404),
        ("no_role", 404, 404),
    ],
)
def test_page_per_persona(world, client_for, persona, get, post):
    client = client_for(world.users[persona])
    assert client.get(PAGE).status_code == get
    assert _post(client).status_code == post
    html = client.get(PAGE).content.decode() if get == 200 else ""
    assert ("Gem normen" in html) == (post == 302)


def test_anonymous_is_sent_to_login(client_for):
    assert client_for(None).get(PAGE).status_code == 302


def _put(client, body):
    return client.put(API, data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize(
    ("persona", "get", "put"),
    [
        ("admin", 200, 200),
        ("caseworker_ballerup", 200, 200),
        ("analyst", 200, 403),
        ("caseworker_kbh", 404, 404),
    ],
)
def test_api_per_persona(world, client_for, persona, get, put):
    client = client_for(world.users[persona])
    response = client.get(API)
    assert response.status_code == get
    if get == 200:
        assert response.json()["is_default"] is True and response.json()["version"] == 0
    body = {"norm_per_m2": "180", "source": "Byrådsbeslutning 3. marts 2026", "version": 0}
    out = _put(client, body)
    assert out.status_code == put
    if put == 200:
        assert out.json()["norm_per_m2"] in ("180.00", 180.0, "180")
        assert out.json()["version"] == 1 and out.json()["source"].startswith("Byråd")
    else:
        assert "error" in out.json()


def test_api_put_refuses_a_stale_version_and_a_bad_norm(world, client_for):
    client = client_for(world.users["caseworker_ballerup"])
    body = {"norm_per_m2": "180", "source": "Kilde", "version": 0}
    assert _put(client, body).status_code == 200
    stale = _put(client, body | {"norm_per_m2": "190"})
    assert stale.status_code == 422 and "ændret af en anden" in json.dumps(
        stale.json(), ensure_ascii=False
    )
    assert _put(client, body | {"norm_per_m2": "-1", "version": 1}).status_code in (400, 422)


def test_api_put_needs_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["caseworker_ballerup"])
    body = {"norm_per_m2": "180", "source": "Kilde", "version": 0}
    assert _put(client, body).status_code == 403
    assert not ProvisionNorm.objects.exists()


def test_the_next_run_uses_the_kommune_norm(bm_world, client_for):
    client = client_for(bm_world.users["caseworker_ballerup"])
    _post(client, norm="100", source="Ballerups egen norm")
    run = run_benchmark(year=YEAR, params=SMALL)
    ballerup = KeyFigureResult.objects.get(run=run, department=bm_world.almenbo["010"])
    kbh = KeyFigureResult.objects.get(run=run, department=bm_world.kbh["010"])
    assert (ballerup.norm_per_m2, ballerup.norm_source) == (100.0, "Ballerups egen norm")
    assert ballerup.below_norm is False  # 120 kr./m² is above Ballerup's 100
    assert kbh.norm_per_m2 == 200.0 and kbh.below_norm is True


def test_cli_shows_and_sets_the_norm(world, capsys):
    from django.core.management import call_command

    call_command("henlaeggelsesnorm", "--kommune", "151", "--json")
    assert json.loads(capsys.readouterr().out)["is_default"] is True
    call_command(
        "henlaeggelsesnorm",
        "--kommune",
        "151",
        "--norm",
        "180,5",
        "--kilde",
        "Politik 2026",
        "--bruger",
        "torben",
    )
    out = capsys.readouterr().out
    assert "180,50 kr. pr. m² pr. år" in out and "Politik 2026" in out
    assert ProvisionNormChange.objects.count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kommune", "999"], "findes ikke"),
        (["--kommune", "151", "--norm", "180"], "--kilde og --bruger"),
        (["--kommune", "151", "--norm", "x", "--kilde", "K", "--bruger", "torben"], "et tal"),
        (
            ["--kommune", "151", "--norm", "180", "--kilde", "K", "--bruger", "anna"],
            "Kun kommunens",
        ),
    ],
)
def test_cli_refuses_in_danish(world, args, message):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=message):
        call_command("henlaeggelsesnorm", *args)
    assert not ProvisionNorm.objects.exists()
