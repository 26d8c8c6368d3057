"""load_year: the DB → engine pivot."""

from __future__ import annotations

import numpy as np
import pytest

from almen.efficiency import ACCOUNT_GROUPS, pool_accounts
from styringsdialog.benchmarking.queries.inputs import load_year, months_in_use
from styringsdialog.benchmarking.tests.conftest import YEAR, costs_for
from styringsdialog.registry.models import AccountLine

pytestmark = pytest.mark.django_db


def test_it_pivots_account_lines_into_the_seven_groups_like_pool_accounts(bm_world):
    data = load_year(YEAR)
    dept = bm_world.almenbo["011"]
    row = list(data.costs.ids).index(dept.pk)
    expected = pool_accounts({k: v * dept.dwellings_total for k, v in costs_for(1.10, 1).items()})
    np.testing.assert_allclose(data.costs.costs[row], expected, rtol=1e-9)
    assert data.costs.dwellings[row] == dept.dwellings_total
    assert data.costs.area_m2[row] == dept.area_total
    assert data.costs.region[row] == "1084"
    assert data.costs.housing_type[row] == "familie"
    assert data.costs.dominant_share[row] == 1.0


def test_it_takes_only_departments_with_lines_in_the_year(bm_world):
    AccountLine.objects.filter(department=bm_world.kbh["013"]).delete()
    data = load_year(YEAR)
    assert bm_world.kbh["013"].pk not in data.department_ids
    assert len(data) == 3 + 6 + 3  # conftest's three, Almenbo's six, three of København's four
    assert load_year(1999).department_ids.size == 0


def test_a_missing_konto_is_nan_and_a_missing_part_of_117h_is_not(bm_world):
    dept = bm_world.almenbo["010"]
    AccountLine.objects.filter(department=dept, year=YEAR, konto__in=["114", "121"]).delete()
    data = load_year(YEAR)
    row = list(data.costs.ids).index(dept.pk)
    costs = dict(zip(ACCOUNT_GROUPS, data.costs.costs[row], strict=True))
    assert np.isnan(costs["114"])
    base = costs_for(1.00, 0)
    assert costs["117.h"] == pytest.approx((base["117"] + base["122"]) * dept.dwellings_total)


def test_a_department_taken_into_use_during_the_year_is_partial_and_its_provisions_annualised(
    world,
):
    data = load_year(2020)
    lundebjerg = world.lundebjerg
    assert lundebjerg.pk in data.partial_ids
    assert lundebjerg.pk not in data.costs.ids
    assert data.months_of(lundebjerg.pk) == 5
    i = list(data.department_ids).index(lundebjerg.pk)
    # conftest books 150 kr./m² for every year; five months are shown as a full-year rate
    assert data.key_input.provisions[i] == pytest.approx(150 * 5400 * 12 / 5)
    assert load_year(2021).months_of(lundebjerg.pk) == 12


def test_months_in_use():
    taken_year = np.array([0, 2020, 2020, 2019, 2020])
    taken_month = np.array([0, 8, 1, 5, 12])
    assert months_in_use(taken_year, taken_month, 2020).tolist() == [12, 5, 12, 12, 1]
