"""§61 a/§61 b classification: every threshold just below, equal and just above ('>' vs '≥'),
category logic, persistence, rule-set versions and diskretionering."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from almen import areas
from almen.areas import AreaIndicators, classify, classify_series

# Far from every threshold: no criterion met under any rule set.
CALM = AreaIndicators(
    residents=2000,
    households=900,
    non_western_pct=10,
    unemployed_pct=10,
    convicted_ratio=0.5,
    convicted_pct=0.5,
    low_education_pct=20,
    income_pct=90,
)


def met(result: areas.Classification, key: str, group: str = "criteria") -> bool | None:
    return next(r.met for r in getattr(result, group) if r.key == key)


# (rule set, criterion key, threshold, comparator) for each criterion of each version
THRESHOLDS = [
    ("2021", "unemployed_pct", 40, ">"),
    ("2021", "convicted_ratio", 3, ">="),
    ("2021", "low_education_pct", 60, ">"),
    ("2021", "income_pct", 55, "<"),
    ("2018", "unemployed_pct", 40, ">"),
    ("2018", "convicted_ratio", 3, ">="),
    ("2018", "low_education_pct", 60, ">"),
    ("2018", "income_pct", 55, "<"),
    ("2013", "non_western_pct", 50, ">"),
    ("2013", "unemployed_pct", 40, ">"),
    ("2013", "convicted_pct", 2.7, ">"),
    ("2013", "low_education_pct", 50, ">"),
    ("2013", "income_pct", 55, "<"),
    ("2010", "non_western_pct", 50, ">"),
    ("2010", "unemployed_pct", 40, ">"),
    ("2010", "convicted_pct", 2.7, ">"),
]
EPS = 0.01


@pytest.mark.parametrize(("version", "key", "threshold", "comparator"), THRESHOLDS)
def test_each_criterion_at_its_threshold(version, key, threshold, comparator):
    def outcome(value: float) -> bool | None:
        return met(classify(replace(CALM, **{key: value}), list_year=2024, ruleset=version), key)

    below, equal, above = outcome(threshold - EPS), outcome(threshold), outcome(threshold + EPS)
    expected = {">": (False, False, True), ">=": (False, True, True), "<": (True, False, False)}[
        comparator
    ]
    assert (below, equal, above) == expected


PREVENTION = [
    ("unemployed_pct", 30, ">"),
    ("convicted_ratio", 2, ">="),
    ("low_education_pct", 60, ">"),
    ("income_pct", 65, "<"),
]


@pytest.mark.parametrize(("key", "threshold", "comparator"), PREVENTION)
def test_each_prevention_criterion_at_its_lower_threshold(key, threshold, comparator):
    def outcome(value: float) -> bool | None:
        return met(classify(replace(CALM, **{key: value}), list_year=2024), key, "prevention")

    expected = {">": (False, False, True), ">=": (False, True, True), "<": (True, False, False)}[
        comparator
    ]
    assert (outcome(threshold - EPS), outcome(threshold), outcome(threshold + EPS)) == expected


TWO = {"unemployed_pct": 45.0, "income_pct": 50.0}  # two of the four criteria


@pytest.mark.parametrize(
    ("non_western", "category"), [(50.0, "udsat"), (50.01, "parallelsamfund"), (49.99, "udsat")]
)
def test_parallelsamfund_needs_more_than_50_pct_non_western(non_western, category):
    result = classify(replace(CALM, non_western_pct=non_western, **TWO), list_year=2024)
    assert (result.category, result.criteria_met) == (category, 2)


def test_one_criterion_is_not_enough():
    result = classify(replace(CALM, unemployed_pct=45.0, non_western_pct=80.0), list_year=2024)
    assert (result.category, result.label) == (None, "Ingen kategori")


@pytest.mark.parametrize(("non_western", "category"), [(30.0, None), (30.01, "forebyggelse")])
def test_forebyggelse_needs_more_than_30_pct_and_two_lower_criteria(non_western, category):
    lower = {"unemployed_pct": 31.0, "income_pct": 64.0}  # met at the lower thresholds only
    result = classify(replace(CALM, non_western_pct=non_western, **lower), list_year=2024)
    assert result.category == category
    assert result.prevention_met == 2 and result.criteria_met == 0


def test_forebyggelse_does_not_exist_before_the_2021_rules():
    lower = {"unemployed_pct": 31.0, "income_pct": 64.0, "non_western_pct": 35.0}
    assert classify(replace(CALM, **lower), list_year=2020).category is None


@pytest.mark.parametrize(("residents", "eligible"), [(999, False), (1000, True), (1001, True)])
def test_a_boligomraade_has_at_least_1000_residents(residents, eligible):
    result = classify(
        replace(CALM, residents=residents, non_western_pct=60.0, **TWO), list_year=2024
    )
    assert result.eligible is eligible
    assert result.category == ("parallelsamfund" if eligible else None)


def test_pre_2018_rules_need_three_of_five_including_non_western():
    two = replace(CALM, non_western_pct=55.0, unemployed_pct=45.0)
    three = replace(two, low_education_pct=51.0)
    assert classify(two, list_year=2015).category is None
    result = classify(three, list_year=2015)
    assert (result.ruleset, result.category, result.label, result.criteria_met) == (
        "2013",
        "parallelsamfund",
        "Ghettoområde",
        3,
    )


# Known answers for the 2010–2012 lists: 2 of 3 criteria (non-Western > 50 %, 18–64 without work
# or education > 40 %, convicted > 2.7 % of residents aged 18+); education and income not used.
KNOWN_2010 = [
    ({"non_western_pct": 55.0, "unemployed_pct": 45.0}, "parallelsamfund", 2),
    ({"non_western_pct": 55.0, "convicted_pct": 2.8}, "parallelsamfund", 2),
    ({"unemployed_pct": 41.0, "convicted_pct": 3.0}, "parallelsamfund", 2),
    ({"non_western_pct": 55.0}, None, 1),
    ({"non_western_pct": 55.0, "convicted_pct": 2.7}, None, 1),  # 270 per 10,000 is not "over"
    ({"non_western_pct": 60.0, "low_education_pct": 70.0, "income_pct": 40.0}, None, 1),
]


@pytest.mark.parametrize(("values", "category", "met_count"), KNOWN_2010)
@pytest.mark.parametrize("year", [2010, 2011, 2012])
def test_the_2010_to_2012_lists_need_two_of_three_criteria(values, category, met_count, year):
    result = classify(replace(CALM, **values), list_year=year)
    assert (result.ruleset, result.category, result.criteria_met) == ("2010", category, met_count)
    assert [c.key for c in result.criteria] == [
        "non_western_pct",
        "unemployed_pct",
        "convicted_pct",
    ]


def test_the_2010_conviction_criterion_is_counted_among_residents_aged_18_and_over():
    (convicted,) = [c for c in areas.RULESET_2010.criteria if c.key == "convicted_pct"]
    assert "18 år og derover" in convicted.label
    assert convicted.describe() == "over 2,7 %"


def test_an_area_of_the_2013_rules_with_two_old_criteria_is_no_longer_enough():
    two = replace(CALM, non_western_pct=55.0, unemployed_pct=45.0)
    assert classify(two, list_year=2012).category == "parallelsamfund"
    assert classify(two, list_year=2013).category is None


@pytest.mark.parametrize(
    ("year", "version"),
    [
        (2010, "2010"),
        (2012, "2010"),
        (2013, "2013"),
        (2017, "2013"),
        (2018, "2018"),
        (2020, "2018"),
        (2021, "2021"),
        (2024, "2021"),
    ],
)
def test_the_rule_set_follows_the_list_year(year, version):
    assert areas.ruleset_for(year).version == version


def test_no_rule_set_before_2010():
    with pytest.raises(ValueError, match="ingen regelsæt"):
        areas.ruleset_for(2009)


PARALLEL = replace(CALM, non_western_pct=60.0, **TWO)


def test_omdannelse_after_five_years_running_under_the_2021_rules():
    series = {y: PARALLEL for y in range(2019, 2025)}
    results = classify_series(series)
    assert [(r.list_year, r.ruleset, r.category, r.years_running) for r in results] == [
        (2019, "2018", "parallelsamfund", 1),
        (2020, "2018", "parallelsamfund", 2),
        (2021, "2021", "parallelsamfund", 3),
        (2022, "2021", "parallelsamfund", 4),
        (2023, "2021", "omdannelse", 5),
        (2024, "2021", "omdannelse", 6),
    ]
    assert results[0].label == "Ghettoområde" and results[-1].label == "Omdannelsesområde"


def test_hardt_ghettoomraade_after_four_years_under_the_2018_rules():
    results = classify_series({y: PARALLEL for y in range(2015, 2019)}, ruleset="2018")
    assert [r.category for r in results] == ["parallelsamfund"] * 3 + ["omdannelse"]
    assert results[-1].label == "Hårdt ghettoområde"


def test_a_gap_or_a_good_year_breaks_the_run():
    calm_year = {2019: PARALLEL, 2020: PARALLEL, 2021: CALM, 2022: PARALLEL, 2023: PARALLEL}
    assert [r.years_running for r in classify_series(calm_year)] == [1, 2, 0, 1, 2]
    gap = {2018: PARALLEL, 2019: PARALLEL, 2021: PARALLEL, 2022: PARALLEL, 2023: PARALLEL}
    assert classify_series(gap)[-1].category == "parallelsamfund"


def test_missing_values_make_the_result_incomplete():
    result = classify(replace(CALM, convicted_ratio=None), list_year=2024)
    assert result.incomplete and met(result, "convicted_ratio") is None


def test_trend_lists_each_criterion_year_by_year():
    results = classify_series({2023: CALM, 2024: PARALLEL})
    trend = areas.trend(results)
    assert [(p.list_year, p.value, p.met) for p in trend["unemployed_pct"]] == [
        (2023, 10, False),
        (2024, 45.0, True),
    ]
    assert [p.met for p in trend["non_western_pct"]] == [False, True]


def test_two_year_average():
    assert areas.two_year_average({2023: 40.0, 2024: 41.0}, 2024) == 40.5
    assert areas.two_year_average({2024: 41.0}, 2024) is None


@pytest.mark.parametrize(
    ("residents", "households", "hidden"),
    [
        (99, 50, True),
        (100, 50, False),
        (100, 49, True),
        (101, 51, False),
        (None, 60, True),
        (150, None, True),
    ],
)
def test_discretion_below_100_residents_or_50_households(residents, households, hidden):
    assert areas.suppressed(residents, households) is hidden
    shown = areas.apply_discretion({"x": 1.0}, residents=residents, households=households)
    assert shown == ({"x": None} if hidden else {"x": 1.0})


def test_criterion_describes_itself_in_danish():
    rules = areas.RULESET_2021
    assert [c.describe() for c in rules.criteria] == [
        "over 40 %",
        "mindst 3 × landsgennemsnittet",
        "over 60 %",
        "under 55 %",
    ]
    assert rules.valid_from == date(2021, 11, 30)


@given(st.floats(0, 100), st.floats(0, 100), st.floats(0, 10), st.floats(0, 100), st.floats(0, 200))
def test_the_category_is_consistent_with_the_counts(nw, unemployed, convicted, education, income):
    result = classify(
        AreaIndicators(
            residents=5000,
            households=2000,
            non_western_pct=nw,
            unemployed_pct=unemployed,
            convicted_ratio=convicted,
            low_education_pct=education,
            income_pct=income,
        ),
        list_year=2024,
    )
    if result.criteria_met >= 2:
        assert result.category == ("parallelsamfund" if nw > 50 else "udsat")
    elif result.category == "forebyggelse":
        assert nw > 30 and result.prevention_met >= 2
    else:
        assert result.category is None
