"""Peer groups: size bands, national comparison, widening below min_peers, trimming, years."""

from __future__ import annotations

import numpy as np
import pytest

from almen.efficiency import DepartmentCosts, Parameters, fdh, peer_groups

BASE = np.array([1000.0, 600, 4000, 700, 3000, 2500, 1300])


def departments(specs, *, year=None, seed=0) -> DepartmentCosts:
    """specs: list of (count, region, housing_type, dwellings[, dominant_share])."""
    rng = np.random.default_rng(seed)
    rows = []
    for spec in specs:
        count, region, htype, dwellings = spec[:4]
        share = spec[4] if len(spec) > 4 else 1.0
        rows += [(region, htype, dwellings, share)] * count
    n = len(rows)
    dw = np.array([r[2] for r in rows], dtype=float)
    return DepartmentCosts.from_arrays(
        ids=[f"d{i}" for i in range(n)],
        costs=BASE * rng.lognormal(0, 0.2, (n, 7)) * dw[:, None],
        dwellings=dw,
        area_m2=dw * 75,
        region=[r[0] for r in rows],
        housing_type=[r[1] for r in rows],
        dominant_share=[r[3] for r in rows],
        building_type=["etage"] * n,
        year=year,
    )


def test_it_groups_by_region_type_and_size_band():
    data = departments(
        [(31, "1084", "familie", 60), (31, "1081", "familie", 60), (31, "1084", "familie", 150)]
    )
    pg = peer_groups(data, Parameters())
    assert sorted(set(pg.labels)) == [
        "1081|familie|50-99",
        "1084|familie|100-199",
        "1084|familie|50-99",
    ]
    assert not pg.widened.any()
    assert pg.descriptions["1084|familie|50-99"] == "Familieboliger, region 1084, 50–99 boliger"


def test_it_compares_departments_dominated_by_youth_housing_nationwide():
    data = departments(
        [
            (20, "1084", "ungdom", 30, 0.9),
            (20, "1081", "ungdom", 30, 0.8),
            (1, "1081", "ungdom", 30, 0.4),
        ]
    )
    pg = peer_groups(data, Parameters(min_peers=10))
    assert set(pg.labels[:40]) == {"DK|ungdom|25-49"}
    assert len(pg.groups[pg.group_index[0]].peers) == 41  # the mixed department is a peer too
    # 40 % youth housing is not "mainly": compared in its region, with the youth departments there.
    assert pg.labels[40] == "1081|ungdom|25-49"
    assert len(pg.groups[pg.group_index[40]].peers) == 21


def test_it_widens_a_small_cell_to_adjacent_size_bands_in_the_region_and_flags_it():
    data = departments(
        [(5, "1084", "familie", 450), (40, "1084", "familie", 250), (40, "1084", "familie", 150)]
    )
    pg = peer_groups(data, Parameters())
    assert pg.labels[0] == "1084|familie|200+"
    assert pg.widened[:5].all() and not pg.widened[5:].any()
    assert "Kun 4 andre sammenlignelige afdelinger (mindst 30 kræves)" in pg.widening_reason[0]
    assert pg.labels[5] == "1084|familie|200-399"  # the neighbours keep their own group
    assert len(pg.groups[pg.group_index[0]].peers) == 45


def test_it_goes_nationwide_when_the_region_is_too_small():
    data = departments([(10, "1085", "familie", 60), (40, "1084", "familie", 60)])
    pg = peer_groups(data, Parameters())
    assert pg.labels[0] == "DK|familie|50-99"
    assert pg.widened[:10].all()
    assert "hele landet" in pg.widening_reason[0]
    assert pg.labels[10] == "1084|familie|50-99" and not pg.widened[10]


def test_it_keeps_the_whole_type_and_says_so_when_even_the_nation_is_too_small():
    data = departments([(3, "1085", "pleje", 20), (4, "1084", "pleje", 300)])
    pg = peer_groups(data, Parameters())
    assert set(pg.labels) == {"DK|pleje|0+"}
    assert "heller ikke nok på landsplan" in pg.widening_reason[0]


def test_min_peers_counts_other_departments():
    exactly = departments([(31, "1084", "familie", 60)])
    one_short = departments([(30, "1084", "familie", 60)])
    assert not peer_groups(exactly, Parameters()).widened.any()
    assert peer_groups(one_short, Parameters()).widened.all()


def test_trimming_drops_the_extremes_as_peers_but_still_scores_them():
    data = departments([(20, "1084", "familie", 60)], seed=4)
    pg = peer_groups(data, Parameters(min_peers=0, trim_pct=10.0))
    totals = pg.unit_costs.sum(axis=1)
    order = np.argsort(totals)
    assert pg.trimmed.sum() == 4
    assert set(np.flatnonzero(pg.trimmed)) == {*order[:2], *order[-2:]}
    result = fdh(data, Parameters(min_peers=0, trim_pct=10.0))
    assert result.included.all() and (result.score > 0).all()
    assert result.group_size[0] == 16


def test_it_never_compares_across_years():
    one_year = departments([(31, "1084", "familie", 60)])
    two_years = departments([(31, "1084", "familie", 60)] * 2, year=[2021] * 31 + [2022] * 31)
    pg = peer_groups(two_years, Parameters())
    assert set(pg.labels) == {"2021|1084|familie|50-99", "2022|1084|familie|50-99"}
    assert all(len(g.peers) == 31 for g in pg.groups)
    assert one_year.year is None


def test_it_splits_by_building_type_when_asked():
    data = departments([(62, "1084", "familie", 60)])
    data = DepartmentCosts.from_arrays(
        ids=data.ids,
        costs=data.costs,
        dwellings=data.dwellings,
        area_m2=data.area_m2,
        region=data.region,
        housing_type=data.housing_type,
        building_type=["etage", "taet-lav"] * 31,
    )
    pg = peer_groups(data, Parameters(split_by_building_type=True))
    assert set(pg.labels) == {"1084|familie|etage|50-99", "1084|familie|taet-lav|50-99"}


def test_excluded_rows_belong_to_no_group():
    data = departments([(31, "1084", "familie", 60)])
    costs = data.costs.copy()
    costs[0, 3] = 0.0
    data = DepartmentCosts.from_arrays(
        ids=data.ids,
        costs=costs,
        dwellings=data.dwellings,
        area_m2=data.area_m2,
        region=data.region,
        housing_type=data.housing_type,
    )
    pg = peer_groups(data, Parameters(min_peers=0))
    assert pg.group_index[0] == -1 and pg.labels[0] == ""
    assert all(0 not in g.peers for g in pg.groups)


@pytest.mark.parametrize(
    "bad",
    [dict(normalisation="sqm"), dict(size_bands=(0, 10, 5)), dict(trim_pct=50), dict(min_peers=-1)],
)
def test_parameters_reject_nonsense(bad):
    with pytest.raises(ValueError):
        Parameters(**bad)
