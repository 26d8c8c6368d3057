"""Accounting periods and deadlines, worked out by hand (DOMAIN.md §1.2, §1.6)."""

from __future__ import annotations

from datetime import date

import pytest

from styringsdialog.intake.periods import (
    add_months,
    deadline_state,
    deadlines,
    missing_state,
    period_for,
)


@pytest.mark.parametrize(
    ("d", "months", "expected"),
    [
        (date(2020, 12, 31), 5, date(2021, 5, 31)),
        (date(2020, 12, 31), 6, date(2021, 6, 30)),
        (date(2021, 3, 31), 6, date(2021, 9, 30)),
        (date(2021, 6, 30), 5, date(2021, 11, 30)),  # end of month stays end of month
        (date(2021, 6, 30), 6, date(2021, 12, 31)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),  # leap year
        (date(2021, 1, 15), 1, date(2021, 2, 15)),
    ],
)
def test_add_months(d, months, expected):
    assert add_months(d, months) == expected


def test_a_calendar_year_package_for_2021_covers_2020_and_is_due_31_may_and_30_june_2021():
    start, end = period_for(2021)
    assert (start, end) == (date(2020, 1, 1), date(2020, 12, 31))
    assert deadlines(end) == (date(2021, 5, 31), date(2021, 6, 30))


def test_a_1_april_period_ending_31_march_2015_belongs_to_styringsaar_2016():
    # DOMAIN.md §1.6: period 1.4.14–31.3.15 gives a package created 1.4.2015, styringsår 2016.
    start, end = period_for(2016, start_month=4)
    assert (start, end) == (date(2014, 4, 1), date(2015, 3, 31))
    assert deadlines(end) == (date(2015, 8, 31), date(2015, 9, 30))


def test_a_1_july_period():
    assert period_for(2022, start_month=7) == (date(2020, 7, 1), date(2021, 6, 30))


def test_deadline_states():
    kw = {"deadline_provisional": date(2021, 5, 31), "deadline_formal": date(2021, 6, 30)}
    assert deadline_state(submitted_on=None, today=date(2021, 5, 1), **kw).code == "afventer"
    assert (
        deadline_state(submitted_on=None, today=date(2021, 6, 1), **kw).code
        == "foreloebig_overskredet"
    )
    late = deadline_state(submitted_on=None, today=date(2021, 7, 10), **kw)
    assert (late.code, late.label, late.is_late) == (
        "overskredet",
        "Ikke indsendt – fristen er overskredet med 10 dage",
        True,
    )
    assert (
        deadline_state(submitted_on=date(2021, 6, 30), today=date(2022, 1, 1), **kw).code
        == "rettidig"
    )
    sent_late = deadline_state(submitted_on=date(2021, 7, 2), today=date(2022, 1, 1), **kw)
    assert (sent_late.label, sent_late.severity) == (
        "Indsendt for sent (2 dage efter fristen)",
        "warning",
    )


def test_a_missing_package_is_late_only_after_the_formal_deadline():
    assert missing_state(2021, date(2021, 6, 30)).severity == "info"
    assert missing_state(2021, date(2021, 7, 1)).is_late
