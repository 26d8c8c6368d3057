"""Known answers, worked by hand: accumulated provisions (konto 401–404), annualising a part
year, rent compared within the housing type, and a per-kommune provisions norm."""

from __future__ import annotations

import numpy as np
import pytest

from almen.keyfigures import (
    KeyFigureInput,
    KeyFigureParameters,
    annualise,
    dominant_rent_type,
    key_figures,
    months_in_use,
)

ONE_GROUP = KeyFigureParameters(min_group_size=1, high_rent_percentile=50.0)


def data(**overrides) -> KeyFigureInput:
    base = dict(
        ids=np.array(["a", "b", "c", "d"], dtype=object),
        provisions=np.array([100_000.0, 200_000.0, 50_000.0, 80_000.0]),
        dwellings=np.array([10.0, 20.0, 10.0, 8.0]),
        area_m2=np.array([1000.0, 1600.0, 500.0, 400.0]),
        rent_per_m2=np.array([900.0, 800.0, 1300.0, 1250.0]),
        kommune=np.array(["151"] * 4),
        region=np.array(["1084"] * 4),
        peer_group=np.array(["g"] * 4),
        accumulated=np.array([443_000.0, 600_000.0, np.nan, 160_000.0]),
        housing_type=np.array(["familie", "familie", "aeldre", "aeldre"]),
    )
    base.update(overrides)
    return KeyFigureInput(**base)


def test_accumulated_provisions_per_dwelling_and_per_m2():
    kf = key_figures(data(), ONE_GROUP)
    # a: 443,000 kr. / 10 boliger = 44,300 kr./bolig (the 2019 average of LBF orienterer 2021/6)
    assert kf.accumulated_per_dwelling.tolist()[:2] == [44_300.0, 30_000.0]
    assert kf.accumulated_per_m2.tolist()[:2] == [443.0, 375.0]
    assert np.isnan(kf.accumulated_per_dwelling[2])  # no balance konto: no figure, no flag
    assert kf.accumulated_peer_count.tolist() == [3, 3, 3, 3]


def test_accumulated_provisions_against_the_critical_values():
    # per dwelling: a 44,300, b 30,000, d 20,000. 10th percentile of [20,000, 30,000, 44,300]:
    # position 0.2 → 20,000 + 0.2 × 10,000 = 22,000; d is below it.
    kf = key_figures(data(), ONE_GROUP)
    assert kf.accumulated_peer_lower[0] == pytest.approx(22_000.0)
    assert kf.accumulated_critical_low.tolist() == [False, False, False, True]
    assert "kritisk_lav_opsparing" in kf.flags[3]


def test_rent_is_compared_within_the_housing_type():
    kf = key_figures(data(), ONE_GROUP)
    # familie: (900×1000 + 800×1600) / 2600 = 838.46; ældre: (1300×500 + 1250×400) / 900 = 1277.78
    assert kf.region_rent[0] == pytest.approx(2_180_000 / 2600)
    assert kf.region_rent[2] == pytest.approx(1_150_000 / 900)
    assert kf.kommune_rent[3] == pytest.approx(1_150_000 / 900)
    # the median within ældre is 1275: c (1300) is high, d (1250) is not, although both rent far
    # above every family dwelling
    assert kf.high_rent.tolist() == [True, False, True, False]


def test_without_housing_types_the_old_comparison_is_kept():
    kf = key_figures(data(housing_type=None), ONE_GROUP)
    assert kf.high_rent.tolist() == [False, False, True, True]


def test_dominant_rent_type_pools_pleje_with_aeldre():
    assert dominant_rent_type({"familie": 10, "aeldre": 6, "pleje": 6}) == "aeldre"
    assert dominant_rent_type({"familie": 40, "ungdom": 10}) == "familie"
    assert dominant_rent_type({"familie": 0}) == ""


def test_a_part_year_is_annualised():
    # Lundebjerg: 70 boliger × 90 m² = 6,300 m², taken into use 1 August 2020 → 5 months.
    # 249,375 kr. booked on konto 120 is 39.6 kr./m² (what the dataark showed); × 12 / 5 =
    # 598,500 kr. a year = 95 kr./m², the full-year rate.
    months = months_in_use(np.array([2020, 2019, 2020]), np.array([8, 3, 1]), 2020)
    assert months.tolist() == [5, 12, 12]
    yearly = annualise(np.array([249_375.0, 12_000.0, np.nan]), months)
    assert yearly.tolist()[:2] == [598_500.0, 12_000.0]
    assert yearly[0] / 6300 == pytest.approx(95.0)
    assert np.isnan(annualise(np.array([1.0]), np.array([0]))[0])


def test_a_kommune_norm_replaces_the_default_for_its_departments():
    norms = np.array([80.0, np.nan, np.nan, np.nan])
    kf = key_figures(data(norm_per_m2=norms), ONE_GROUP)
    # a: 100 kr./m² is above its kommune's norm of 80; b: 125 kr./m² is below the default 200
    assert kf.norm_per_m2.tolist() == [80.0, 200.0, 200.0, 200.0]
    assert kf.below_norm.tolist() == [False, True, True, False]
    assert kf.norm_gap_per_m2[0] == pytest.approx(-20.0)
