"""Known answers for the construction checks (almen.construction, C15)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from almen.construction import (
    ConstructionError,
    Rate,
    check_against_maximum,
    compare_rent,
    financing,
    grundkapital_pct,
    guarantee,
    maksimumbeloeb,
    pick_rate,
    rent_per_m2,
    weighted_rent,
)

# Test rates (not official figures): round numbers so the answers can be checked by hand.
FAMILY_2025 = Rate(2025, "familie", "", D(500_000), D(20_000), "test")
ELDERLY_2025 = Rate(2025, "aeldre", "", D(0), D(30_000), "test")
# The 2011 table, family dwellings with grants from 1 July 2009, Hovedstaden (DOMAIN.md §10).
FAMILY_2011_HOVEDSTADEN = Rate(2011, "familie", "hovedstaden", D(0), D(21_160), "BL 0511")


def test_family_from_2024_per_dwelling_plus_per_m2():
    m = maksimumbeloeb(FAMILY_2025, dwellings=40, area_m2=3_600)
    assert m.amount == D(500_000 * 40 + 20_000 * 3_600) == D(92_000_000)
    assert "pr. bolig × 40 boliger" in m.rule
    assert "92.000.000 kr." in m.rule


def test_youth_from_2024_uses_per_dwelling_too():
    rate = Rate(2024, "ungdom", "", D(100_000), D(25_000))
    assert maksimumbeloeb(rate, dwellings=10, area_m2=400).amount == D(11_000_000)


def test_elderly_per_m2_only():
    m = maksimumbeloeb(ELDERLY_2025, dwellings=24, area_m2=D("1950.5"))
    assert m.amount == D(58_515_000)
    assert "pr. bolig" not in m.rule


def test_pre_2024_regional_per_m2():
    m = maksimumbeloeb(FAMILY_2011_HOVEDSTADEN, dwellings=60, area_m2=5_400)
    assert m.amount == D(21_160 * 5_400) == D(114_264_000)
    assert "Hovedstadsregionen" in m.rule
    # a per-dwelling amount in a pre-2024 row is ignored: the rule then was kr. per m² only
    odd = Rate(2011, "familie", "provins", D(999), D(17_020))
    assert maksimumbeloeb(odd, dwellings=10, area_m2=100).amount == D(1_702_000)


def test_pick_rate_by_skema_b_year_and_region():
    rates = [FAMILY_2025, FAMILY_2011_HOVEDSTADEN, ELDERLY_2025]
    assert pick_rate(rates, year=2025, housing_type="familie", region="hovedstaden") == FAMILY_2025
    assert (
        pick_rate(rates, year=2011, housing_type="familie", region="hovedstaden")
        == FAMILY_2011_HOVEDSTADEN
    )
    assert pick_rate(rates, year=2011, housing_type="familie", region="provins") is None
    assert pick_rate(rates, year=2026, housing_type="familie", region="") is None


def test_check_under_and_over_the_maximum():
    under = check_against_maximum("B", D(90_000_000), D(92_000_000))
    assert (under.margin, under.margin_pct, under.over) == (D(2_000_000), D("2.2"), False)
    assert "2.000.000 kr. (2,2 %) under" in under.text
    over = check_against_maximum("C", D(93_840_000), D(92_000_000))
    assert (over.margin, over.margin_pct, over.over) == (D(-1_840_000), D("-2.0"), True)
    assert "overstiger" in over.text and "1.840.000 kr. (2 %)" in over.text


@pytest.mark.parametrize(
    ("area", "expected"),
    [
        (D("89.9"), D(8)),
        (D(90), D(10)),
        (D("104.9"), D(10)),
        (D(105), D(12)),
        (D(130), D(12)),
    ],
)
def test_grundkapital_bands_for_family_dwellings_from_2019(area, expected):
    pct, rule = grundkapital_pct(
        housing_type="familie", tilsagn=date(2019, 1, 1), average_area_m2=area
    )
    assert pct == expected
    assert "Familieboliger" in rule


@pytest.mark.parametrize("housing_type", ["ungdom", "aeldre"])
def test_grundkapital_youth_and_elderly_from_2019(housing_type):
    assert grundkapital_pct(
        housing_type=housing_type, tilsagn=date(2023, 5, 1), average_area_m2=None
    )[0] == D(10)


def test_grundkapital_before_2019_by_tilsagn_date():
    assert grundkapital_pct(
        housing_type="familie", tilsagn=date(2018, 12, 31), average_area_m2=D(80)
    )[0] == D(10)
    assert grundkapital_pct(housing_type="familie", tilsagn=date(2012, 7, 1), average_area_m2=None)[
        0
    ] == D(10)
    assert grundkapital_pct(
        housing_type="familie", tilsagn=date(2012, 6, 30), average_area_m2=None
    )[0] == D(14)


def test_family_needs_average_area_from_2019():
    with pytest.raises(ConstructionError):
        grundkapital_pct(housing_type="familie", tilsagn=date(2020, 1, 1), average_area_m2=None)


@pytest.mark.parametrize(
    ("total", "housing_type", "tilsagn", "area", "shares"),
    [
        (
            D(100_000_000),
            "familie",
            date(2020, 3, 1),
            D(85),
            (D(90_000_000), D(8_000_000), D(2_000_000)),
        ),
        (
            D(100_000_000),
            "familie",
            date(2020, 3, 1),
            D(110),
            (D(86_000_000), D(12_000_000), D(2_000_000)),
        ),
        (
            D(100_000_000),
            "familie",
            date(2010, 3, 1),
            None,
            (D(84_000_000), D(14_000_000), D(2_000_000)),
        ),
        (
            D(123_456_789),
            "aeldre",
            date(2024, 3, 1),
            None,
            (D(108_641_974), D(12_345_679), D(2_469_136)),
        ),
    ],
)
def test_financing_split_sums_to_the_anskaffelsessum(total, housing_type, tilsagn, area, shares):
    f = financing(total, housing_type=housing_type, tilsagn=tilsagn, average_area_m2=area)
    assert (f.loan.amount, f.grundkapital.amount, f.beboerindskud.amount) == shares
    assert sum(s.amount for s in f.shares) == f.anskaffelsessum == total
    assert all(s.rule for s in f.shares)


def test_guarantee_the_part_above_60_pct_lbf_half():
    g = guarantee(loan=D(50_000_000), property_value=D(100_000_000), prior_debt=D(30_000_000))
    # the loan lies from 30 to 80 mio.; 60 % is 60 mio.: 20 mio. guaranteed, LBF 10 mio.
    assert (g.limit, g.guaranteed, g.lbf_share, g.kommune_net) == (
        D(60_000_000),
        D(20_000_000),
        D(10_000_000),
        D(10_000_000),
    )


def test_guarantee_none_below_and_whole_loan_above_the_limit():
    assert guarantee(loan=D(40_000_000), property_value=D(100_000_000)).guaranteed == D(0)
    whole = guarantee(loan=D(10_000_000), property_value=D(100_000_000), prior_debt=D(70_000_000))
    assert whole.guaranteed == D(10_000_000)
    assert whole.lbf_share == D(5_000_000)


def test_rent_effect():
    rent = rent_per_m2(D(5_670_000), 5_400)
    assert rent == D(1050)
    above = compare_rent("B", rent, "kommunen", D(1000))
    assert (above.difference, above.difference_pct) == (D(50), D("5.0"))
    assert "over kommunens" in above.text
    assert compare_rent("C", rent, "regionen", None).reference is None
    assert weighted_rent([(D(1000), D(100)), (D(1300), D(200))]) == D(1200)
    assert weighted_rent([]) is None


def test_milestone_order_no_skema_c_before_b():
    from almen.construction import milestone_blockers, next_milestone

    assert milestone_blockers("nybyggeri", "skema_c", {"skema_a"}) == ["skema_b", "ibrugtagning"]
    assert milestone_blockers("nybyggeri", "skema_b", {"skema_a"}) == []
    # renovation with LBF: recommendation and guarantee before skema A
    assert milestone_blockers("renovering_lbf", "skema_a", {"lbf_ansoegning"}) == ["garanti"]
    # the guarantee does not apply to new construction
    assert milestone_blockers("nybyggeri", "skema_a", set()) == []
    with pytest.raises(ConstructionError):
        milestone_blockers("nybyggeri", "garanti", set())
    assert next_milestone("nybyggeri", {"skema_a", "skema_b"}) == "ibrugtagning"
    assert (
        next_milestone(
            "renovering", {"skema_a", "skema_b", "ibrugtagning", "slutregnskab", "eftersyn_1"}
        )
        is None
    )
