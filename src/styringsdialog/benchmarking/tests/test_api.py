"""Efficiency API: scoped like the pages, one error shape, pagination."""

from __future__ import annotations

import pytest

from styringsdialog.benchmarking.services import run_benchmark
from styringsdialog.benchmarking.tests.conftest import SMALL, YEAR
from styringsdialog.benchmarking.tests.test_views import STATUS, official

pytestmark = pytest.mark.django_db

DEPT = "/api/v1/departments/0151/010/efficiency"
KOMMUNE = "/api/v1/kommuner/151/efficiency"


def assert_error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert (
        set(body) == {"error"}
        and body["error"]["status"] == status
        and body["error"]["code"] == code
    )
    assert body["error"]["message"]


@pytest.mark.parametrize(
    "path", ["/api/v1/benchmark-runs", "/api/v1/benchmark-runs/1", DEPT, KOMMUNE]
)
def test_anonymous_gets_401(bm_run, client_for, path):
    assert_error(client_for(None).get(path), 401, "unauthenticated")


@pytest.mark.parametrize("path", [DEPT, KOMMUNE])
@pytest.mark.parametrize("persona", list(STATUS))
def test_results_are_scoped_like_the_pages(bm_run, bm_world, client_for, persona, path):
    response = client_for(bm_world.users[persona]).get(path)
    if STATUS[persona] == 404:
        assert_error(response, 404, "not_found")
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("persona", list(STATUS))
def test_runs_are_listed_for_users_with_a_role(bm_run, bm_world, client_for, persona):
    c = client_for(bm_world.users[persona])
    body = c.get("/api/v1/benchmark-runs").json()
    detail = c.get(f"/api/v1/benchmark-runs/{bm_run.pk}")
    if persona == "no_role":
        assert body["count"] == 0
        assert_error(detail, 404, "not_found")
    else:
        assert [r["id"] for r in body["items"]] == [bm_run.pk]
        assert detail.json()["parameters"]["min_peers"] == 3
        assert detail.json()["colour_scale"]["green_from"] == 90


def test_department_efficiency_has_result_official_and_key_figures(bm_run, bm_world, client_for):
    official(bm_world.almenbo["010"], YEAR, 87, "gul")
    body = client_for(bm_world.users["almenbo_staff"]).get(DEPT).json()
    assert body["year"] == YEAR and body["run"]["id"] == bm_run.pk
    result = body["result"]
    assert (
        result["effektivitetstal"],
        result["colour"],
        result["binding_account"],
        result["best_peer"],
    ) == (90, "groen", "114", "0101-010")
    assert result["official"]["effektivitetstal"] == 87
    assert result["shown"] == {"effektivitetstal": 87, "colour": "gul", "official": True}
    assert result["per_account"]["114"]["cheaper_pct"] == pytest.approx(10.0)
    assert body["key_figures"]["provisions_per_m2"] == pytest.approx(120.0)
    assert "henlaeggelser_under_norm" in body["key_figures"]["flags"]


def test_department_efficiency_for_a_dea_run_lists_references(bm_world, client_for):
    run_benchmark(year=YEAR, method="dea-vrs", params=SMALL)
    body = (
        client_for(bm_world.users["analyst"])
        .get("/api/v1/departments/0151/014/efficiency?method=dea-vrs")
        .json()
    )
    assert body["method"] == "dea-vrs" and body["dea_peers"]
    assert all("-" in p["department"] and p["lambda"] > 0 for p in body["dea_peers"])


def test_kommune_efficiency_is_paginated_and_scoped(bm_run, bm_world, client_for):
    body = client_for(bm_world.users["caseworker_ballerup"]).get(KOMMUNE + "?page_size=3").json()
    assert body["count"] == 8 and len(body["items"]) == 3
    assert {i["organisation"] for i in body["items"]} == {"0151"}


def test_unknown_year_and_bad_method(bm_run, bm_world, client_for):
    c = client_for(bm_world.users["analyst"])
    assert_error(c.get(KOMMUNE + "?year=1999"), 404, "not_found")
    assert_error(c.get(KOMMUNE + "?method=sfa"), 422, "invalid")
    assert c.get(DEPT + "?year=1999").json()["result"] is None
