"""run_benchmark: what a run stores, and that it is almen's result."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from almen.efficiency import ACCOUNT_GROUPS, DepartmentCosts, Parameters, fdh
from styringsdialog.benchmarking.compute import (
    EXCLUSION_TEXTS,
    parameters_from_json,
    parameters_to_json,
)
from styringsdialog.benchmarking.models import (
    EXCLUSION_CHOICES,
    BenchmarkRun,
    ColourScaleVersion,
    DepartmentResult,
    KeyFigureResult,
)
from styringsdialog.benchmarking.services import BenchmarkError, run_benchmark
from styringsdialog.benchmarking.tests.conftest import SMALL, YEAR
from styringsdialog.registry.models import AccountLine, Department

pytestmark = pytest.mark.django_db


def _almen_directly(year: int, params: Parameters):
    """FDH on rows built the plain way (ORM objects, pool_accounts), not through data.py."""
    rows = []
    for d in Department.objects.select_related("kommune__region"):
        lines = {
            a.konto: float(a.amount) for a in AccountLine.objects.filter(department=d, year=year)
        }
        if lines:
            rows.append(
                {
                    "id": d.pk,
                    "costs": lines,
                    "dwellings": d.dwellings_total,
                    "area_m2": d.area_total,
                    "region": d.kommune.region.code,
                    "housing_type": "familie",
                    "building_type": d.building_type,
                }
            )
    return fdh(DepartmentCosts.from_rows(rows), params)


def test_it_stores_one_result_per_department_matching_almen(bm_run):
    expected = _almen_directly(YEAR, SMALL)
    stored = {r.department_id: r for r in DepartmentResult.objects.filter(run=bm_run)}
    assert len(stored) == len(expected) == bm_run.n_departments == 13
    for i, dept_id in enumerate(expected.ids):
        r = stored[dept_id]
        assert r.effektivitetstal == int(expected.effektivitetstal[i])
        assert r.score == pytest.approx(float(expected.score[i]), abs=1e-12)
        assert r.best_peer_id == expected.best_peer_id[i]
        assert r.binding_account == expected.binding_account_code[i]
        assert r.group_size == int(expected.group_size[i])
        assert r.potential_kr == round(expected.potential_kr[i])
        np.testing.assert_allclose(
            [r.per_account[k]["own"] for k in ACCOUNT_GROUPS], expected.own_unit_cost[i], atol=0.01
        )
    assert bm_run.n_scored == 13 and bm_run.n_excluded == 0


def test_the_cheapest_department_is_best_practice_with_an_explanation(bm_world, bm_run):
    r = DepartmentResult.objects.get(run=bm_run, department=bm_world.almenbo["010"])
    peer = bm_world.kbh["010"]
    assert (r.best_peer_id, r.effektivitetstal, r.binding_account, r.colour) == (
        peer.pk,
        90,
        "114",
        "groen",
    )
    assert r.potential_pct == pytest.approx(10.0)
    assert r.explanation == (
        "Bedste praksis er afd. 010 Kbh 010 (org 0101 Københavns Boligselskab): mindst 10 % billigere på alle "
        "konti; bindende konto 114 Renholdelse. Effektiviseringspotentiale 80.838 kr."
    )
    assert r.per_account["114"]["cheaper_pct"] == pytest.approx(10.0)
    assert r.per_account["109"]["cheaper_pct"] == pytest.approx(20.0)
    own = DepartmentResult.objects.get(run=bm_run, department=peer)
    assert own.effektivitetstal == 100 and own.binding_account == "" and own.best_peer_id == peer.pk
    assert own.explanation.startswith("Afdelingen er selv bedste praksis")


def test_it_records_method_parameters_scale_and_code_version(bm_run):
    assert bm_run.method == "fdh" and bm_run.data_year == YEAR
    assert parameters_from_json(bm_run.parameters) == SMALL
    assert bm_run.parameters["size_bands"][-1] is None  # infinity as JSON null
    assert bm_run.key_figure_parameters["provision_norm_per_m2"] == 200.0
    assert bm_run.colour_scale.version == "styringsdialog-2021-1"
    assert bm_run.code_version.startswith("0.1.0")
    assert bm_run.duration_s > 0


def test_parameters_round_trip_through_json():
    params = Parameters(
        normalisation="m2", size_bands=(0.0, 40.0, float("inf")), min_peers=5, trim_pct=2.5
    )
    assert parameters_from_json(parameters_to_json(params)) == params


def test_colours_follow_the_configured_scale(bm_world):
    strict = ColourScaleVersion.objects.create(
        version="test-strict",
        valid_from=date(2000, 1, 1),
        green_from=99,
        yellow_from=85,
        provenance="Testskala",
    )
    run = run_benchmark(year=YEAR, params=SMALL, colour_scale=strict)
    rows = DepartmentResult.objects.filter(run=run).values_list("effektivitetstal", "colour")
    colours = {score: colour for score, colour in rows if score is not None}
    assert colours[100] == "groen" and colours[90] == "gul"
    assert all(
        c == ("groen" if s >= 99 else "gul" if s >= 85 else "roed") for s, c in colours.items()
    )
    assert run.colour_scale == strict


def test_the_default_scale_is_created_on_demand():
    assert not ColourScaleVersion.objects.exists()
    scale = ColourScaleVersion.current()
    assert (scale.green_from, scale.yellow_from) == (90.0, 70.0)
    assert "ikke offentliggjort" in scale.provenance
    assert ColourScaleVersion.current() == scale


def test_rerunning_creates_a_new_run_and_the_latest_is_found(bm_world):
    first = run_benchmark(year=YEAR, params=SMALL)
    second = run_benchmark(year=YEAR, params=SMALL)
    assert first.pk != second.pk
    assert BenchmarkRun.objects.latest_for(YEAR, "fdh") == second
    assert BenchmarkRun.objects.years("fdh") == [YEAR]
    assert (
        DepartmentResult.objects.filter(run=first).count()
        == DepartmentResult.objects.filter(run=second).count()
    )


def test_unknown_method_or_empty_year_stores_nothing(bm_world):
    with pytest.raises(BenchmarkError, match="Ukendt metode 'sfa'"):
        run_benchmark(year=YEAR, method="sfa")
    with pytest.raises(BenchmarkError, match="ingen regnskabslinjer for 1999"):
        run_benchmark(year=1999)
    assert not BenchmarkRun.objects.exists()


def test_excluded_departments_carry_a_reason_code_never_a_number(bm_world):
    AccountLine.objects.filter(department=bm_world.almenbo["012"], year=YEAR, konto="114").update(
        amount=0
    )
    run = run_benchmark(year=YEAR, params=SMALL)
    r = DepartmentResult.objects.get(run=run, department=bm_world.almenbo["012"])
    assert (r.excluded_reason, r.exclusion_accounts, r.effektivitetstal, r.colour) == (
        "zero_cost",
        "114",
        None,
        "",
    )
    assert (
        r.explanation
        == "Ikke beregnet: udgift på 0 kr. på en benchmarket kontogruppe (kontogruppe 114)."
    )
    assert run.n_excluded == 1


def test_partial_years_are_excluded_with_their_own_reason(world):
    run = run_benchmark(year=2020, params=Parameters(min_peers=1))
    r = DepartmentResult.objects.get(run=run, department=world.lundebjerg)
    assert r.excluded_reason == "partial_year"
    assert (
        r.explanation
        == "Ikke beregnet: regnskabet dækker kun 5 måneder (afdelingen blev taget i brug i løbet af året)."
    )
    key = KeyFigureResult.objects.get(run=run, department=world.lundebjerg)
    assert key.annualised and key.provisions_per_m2 == pytest.approx(360.0)


def test_every_exclusion_code_has_a_model_choice():
    assert set(EXCLUSION_TEXTS) == {code for code, _ in EXCLUSION_CHOICES}


def test_key_figures_are_stored_with_norm_flags_and_rent(bm_world, bm_run):
    low = KeyFigureResult.objects.get(run=bm_run, department=bm_world.almenbo["010"])
    assert low.provisions_per_m2 == pytest.approx(120.0)
    assert low.provisions_per_dwelling == pytest.approx(120.0 * 80)
    assert low.below_norm and "henlaeggelser_under_norm" in low.flags
    high = KeyFigureResult.objects.get(run=bm_run, department=bm_world.almenbo["015"])
    assert high.provisions_per_m2 == pytest.approx(270.0) and not high.below_norm
    assert low.kommune_rent is not None and low.rent_vs_region_pct is not None
    assert KeyFigureResult.objects.filter(run=bm_run).count() == 13


@pytest.mark.parametrize("method", ["dea-vrs", "dea-crs"])
def test_dea_runs_store_references_and_weights(bm_world, method):
    run = run_benchmark(year=YEAR, method=method, params=SMALL)
    assert run.parameters["dea"] == {"returns": method[4:], "model": "size"}
    r = DepartmentResult.objects.get(run=run, department=bm_world.almenbo["014"])
    assert r.effektivitetstal is not None and r.effektivitetstal < 100
    assert r.dea_peers and len(r.dea_peers) == len(r.dea_lambdas)
    assert r.binding_account and r.explanation.startswith(
        "Referencen er en vægtet kombination af afd."
    )
    cheapest = min(v["cheaper_pct"] for v in r.per_account.values())
    assert cheapest == pytest.approx(100 - 100 * r.score, abs=0.05)
