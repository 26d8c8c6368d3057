"""Key figures: provisions against the norm and peer percentiles; rent against kommune/region."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from almen.keyfigures import (
    KeyFigureInput,
    KeyFigureParameters,
    group_percentile,
    key_figures,
    peer_labels,
    weighted_group_mean,
)


def inputs(**overrides) -> KeyFigureInput:
    base = dict(
        ids=np.array(["a", "b", "c", "d"], dtype=object),
        provisions=np.array([150_000.0, 250_000.0, 100_000.0, 0.0]),  # kr. per year (konto 120)
        dwellings=np.array([10.0, 20.0, 10.0, 5.0]),
        area_m2=np.array([1000.0, 1000.0, 400.0, 0.0]),
        rent_per_m2=np.array([900.0, 800.0, 1000.0, 850.0]),
        kommune=np.array(["151", "151", "165", "165"]),
        region=np.array(["1084"] * 4),
        peer_group=np.array(["g"] * 4),
    )
    base.update(overrides)
    return KeyFigureInput(**base)


def test_it_computes_provisions_per_m2_and_per_dwelling_against_the_200_kr_norm():
    kf = key_figures(inputs())
    assert kf.provisions_per_m2[:3] == pytest.approx([150.0, 250.0, 250.0])
    assert kf.provisions_per_dwelling == pytest.approx([15_000.0, 12_500.0, 10_000.0, 0.0])
    assert kf.below_norm.tolist() == [True, False, False, False]
    assert kf.norm_gap_per_m2[0] == pytest.approx(50.0)
    assert "200 kr." in kf.params.norm_source


def test_undefined_figures_are_nan_and_raise_no_flags():
    kf = key_figures(inputs())
    assert np.isnan(kf.provisions_per_m2[3])  # no area
    assert kf.flags[3] == ()


def test_rent_is_compared_with_m2_weighted_kommune_and_region_means():
    kf = key_figures(inputs())
    assert kf.kommune_rent[0] == pytest.approx(850.0)  # (900·1000 + 800·1000) / 2000
    assert kf.kommune_rent[2] == pytest.approx(1000.0)  # d has no area and carries no weight
    assert kf.region_rent[0] == pytest.approx((900 * 1000 + 800 * 1000 + 1000 * 400) / 2400)
    assert kf.rent_vs_kommune_pct[0] == pytest.approx(100 * (900 / 850 - 1))


def test_it_flags_high_rent_with_low_provisions():
    params = KeyFigureParameters(high_rent_percentile=50.0, min_group_size=1)
    kf = key_figures(inputs(provisions=np.array([150_000.0, 250_000.0, 50_000.0, 0.0])), params)
    # Region rent median is 875: a (900) and c (1000) have high rent; a and c are below the norm.
    assert kf.high_rent.tolist() == [True, False, True, False]
    assert "hoej_husleje_lave_henlaeggelser" in kf.flags[0]
    assert "hoej_husleje_lave_henlaeggelser" in kf.flags[2]
    assert "henlaeggelser_under_norm" in kf.flags[0]
    assert not {"hoej_husleje", "henlaeggelser_under_norm"} & set(kf.flags[1])


def test_critical_values_come_from_the_peer_group_percentiles():
    rng = np.random.default_rng(0)
    n = 50
    per_m2 = rng.uniform(50, 300, n)
    data = inputs(
        ids=np.arange(n).astype(object),
        provisions=per_m2 * 1000,
        dwellings=np.full(n, 10.0),
        area_m2=np.full(n, 1000.0),
        rent_per_m2=np.full(n, 900.0),
        kommune=np.full(n, "151"),
        region=np.full(n, "1084"),
        peer_group=np.array(["x", "y"] * 25),
    )
    kf = key_figures(data)
    for g in ("x", "y"):
        rows = data.peer_group == g
        assert kf.peer_lower[rows] == pytest.approx(np.percentile(per_m2[rows], 10))
        assert kf.peer_upper[rows] == pytest.approx(np.percentile(per_m2[rows], 90))
        assert (
            kf.critical_low[rows].tolist()
            == (per_m2[rows] < np.percentile(per_m2[rows], 10)).tolist()
        )
        assert kf.peer_count[rows].tolist() == [25] * 25
    assert all(
        ("kritisk_lav_henlaeggelse" in f) == c
        for f, c in zip(kf.flags, kf.critical_low, strict=True)
    )


def test_small_groups_get_no_critical_values():
    kf = key_figures(inputs())  # 3 valid values < min_group_size 10
    assert np.isnan(kf.peer_lower).all() and not kf.critical_low.any()


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("abc"), st.one_of(st.floats(-1e6, 1e6), st.just(float("nan")))),
        min_size=1,
        max_size=40,
    ),
    st.floats(0, 100),
)
def test_group_percentile_matches_numpy_per_group(rows, q):
    labels = np.array([r[0] for r in rows])
    values = np.array([r[1] for r in rows])
    got = group_percentile(values, labels, q)
    for g in set(labels):
        member = labels == g
        finite = values[member][np.isfinite(values[member])]
        if len(finite):
            assert got[member] == pytest.approx(np.percentile(finite, q), rel=1e-9, abs=1e-6)
        else:
            assert np.isnan(got[member]).all()


def test_weighted_group_mean_ignores_rows_without_weight():
    got = weighted_group_mean(
        np.array([1.0, 3.0, np.nan, 5.0]), np.array([1.0, 3.0, 2.0, 0.0]), np.array(["a"] * 4)
    )
    assert got == pytest.approx([2.5] * 4)


def test_peer_labels_combine_region_building_size_and_age():
    labels = peer_labels(
        ["1084", "1081"], ["etage", "taet-lav"], [4000, 900], [50, 0], [1965, 2010]
    )
    assert labels.tolist() == ["1084|etage|71-90m2|1960-1979", "1081|taet-lav|?|2000+"]


def test_from_rows_reads_plain_mappings():
    data = KeyFigureInput.from_rows(
        [{"id": 1, "provisions": 100_000, "dwellings": 10, "area_m2": 800, "rent_per_m2": 900,
          "kommune": "151", "region": "1084", "peer_group": "g"},
         {"id": 2, "provisions": None, "dwellings": 5, "area_m2": 300, "rent_per_m2": None,
          "kommune": "151", "region": "1084", "peer_group": "g"}]
    )  # fmt: skip
    kf = key_figures(data)
    assert kf.provisions_per_m2[0] == pytest.approx(125.0)
    assert np.isnan(kf.provisions_per_m2[1]) and kf.flags[1] == ()
