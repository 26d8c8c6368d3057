"""Whole numbers from query parameters and the page helper: every input gives a number, none
raises (no database needed)."""

from __future__ import annotations

import pytest

from styringsdialog.lib.pagination import MAX_PAGE, clamp, last_page, page_number, page_of
from styringsdialog.lib.params import bounded_int

HUGE = "3851474355451808710656"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2021", 2021),
        (" 2021 ", 2021),
        (2021, 2021),
        ("-112", None),  # below the minimum
        ("1999", None),
        ("2101", None),
        (HUGE, None),
        ("9" * 5000, None),  # int() refuses more than 4,300 digits
        ("²", None),  # "²".isdigit() is true, int("²") raises
        ("٢٠٢١", None),  # Arabic-Indic digits: not ASCII
        ("20.5", None),
        ("1e3", None),
        ("", None),
        (None, None),
        (True, None),
        (["2021"], None),
    ],
)
def test_bounded_int_accepts_only_ascii_whole_numbers_within_bounds(raw, expected):
    assert bounded_int(raw, minimum=2000, maximum=2100) == expected


def test_bounded_int_accepts_negative_numbers_when_the_bounds_do():
    assert bounded_int("-5", minimum=-10, maximum=10) == -5


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3", 3),
        (None, 1),
        ("", 1),
        ("0", 1),
        ("-5", 1),
        ("abc", 1),
        ("²", 1),
        ("nan", 1),
        ("1e400", 1),
        ("2.5", 1),
        (HUGE, MAX_PAGE),
        ("9" * 5000, MAX_PAGE),
        ("0000", 1),
    ],
)
def test_page_number_is_always_a_page(raw, expected):
    assert page_number(raw) == expected


def test_clamp_and_last_page():
    assert last_page(0, 20) == 1
    assert last_page(41, 20) == 3
    assert clamp(MAX_PAGE, 41, 20) == 3
    assert clamp(-4, 41, 20) == 1


def test_page_of_clamps_to_the_pages_there_are():
    assert list(page_of(range(45), 20, MAX_PAGE)) == list(range(40, 45))
    assert list(page_of(range(45), 20, 0)) == list(range(20))
    assert page_of([], 20, 7).number == 1
