"""Known answers for the anvisning figures (almen.anvisning)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from almen.anvisning import (
    LedgerLine,
    achieved_share,
    figures,
    looks_like_cpr,
    split_amount,
    trend,
    vacancy_days,
    vacancy_days_by_year,
)


@pytest.mark.parametrize(
    "ref",
    ["010190-1234", "010190 1234", "0101901234", "H 311299-0001", "ref 2902001111"],
)
def test_cpr_shaped_references_are_refused(ref: str) -> None:
    assert looks_like_cpr(ref)


@pytest.mark.parametrize(
    "ref",
    ["", "H-2024-017", "BK-0042", "3213901234", "12345678901", "2902011111", "sag 17/4411"],
)
def test_other_references_pass(ref: str) -> None:
    # 32.13.90 is no date, 29.02.01 neither (2001 and 1901 are no leap years), 11 digits no CPR
    assert not looks_like_cpr(ref)


def test_vacancy_days_both_dates_included() -> None:
    assert vacancy_days(date(2023, 3, 1), date(2023, 3, 1)) == 1
    assert vacancy_days(date(2023, 3, 1), date(2023, 3, 31)) == 31
    assert vacancy_days(date(2023, 3, 2), date(2023, 3, 1)) == 0
    assert vacancy_days(None, date(2023, 3, 1)) == 0


def test_vacancy_days_across_year_boundaries() -> None:
    assert vacancy_days_by_year(date(2023, 12, 20), date(2024, 1, 10)) == {2023: 12, 2024: 10}
    # a leap year in the middle: 2023 one day, all of 2024 (366), 2025 two days
    assert vacancy_days_by_year(date(2023, 12, 31), date(2025, 1, 2)) == {
        2023: 1,
        2024: 366,
        2025: 2,
    }


def test_split_amount_adds_up_to_the_ore() -> None:
    parts = split_amount(Decimal("1000.00"), {2023: 1, 2024: 2})
    assert parts == {2023: Decimal("333.33"), 2024: Decimal("666.67")}
    assert sum(parts.values()) == Decimal("1000.00")
    assert split_amount(Decimal(5), {}) == {}


def test_achieved_share() -> None:
    assert achieved_share(3, 12) == Decimal("25.0")
    assert achieved_share(1, 3) == Decimal("33.3")
    assert achieved_share(2, 0) is None
    assert achieved_share(2, None) is None


def test_figures_known_answer() -> None:
    lines = [
        # offered in December, allocated in January: offered 2023, allocated 2024
        LedgerLine(
            "A",
            date(2023, 12, 1),
            "anvist",
            date(2024, 1, 5),
            vacancy_from=date(2023, 12, 20),
            vacancy_to=date(2024, 1, 10),
            vacancy_amount=Decimal("2200.00"),
        ),
        LedgerLine("A", date(2024, 2, 1), "anvist", date(2024, 2, 15)),
        LedgerLine("A", date(2024, 3, 1), "afslaaet", date(2024, 3, 4)),
        LedgerLine(
            "A",
            date(2024, 4, 1),
            "returneret",
            date(2024, 4, 30),
            vacancy_from=date(2024, 4, 1),
            vacancy_to=date(2024, 4, 30),
            vacancy_amount=Decimal("6000.00"),
            guarantee_claimed=Decimal("15000"),
            guarantee_approved=Decimal("12000"),
            guarantee_paid=Decimal("12000"),
            guarantee_claimed_on=date(2024, 11, 1),
            guarantee_paid_on=date(2025, 1, 15),
        ),
        LedgerLine("B", date(2024, 6, 1)),
    ]
    out = figures(
        lines,
        vacancies={("A", 2024): 8, ("A", 2023): 4},
        agreed={("A", 2024): Decimal(25), ("A", 2023): Decimal(25)},
    )
    a2023, a2024, a2025 = out["A"]
    assert (a2023.year, a2023.offered, a2023.allocated, a2023.vacancies) == (2023, 1, 0, 4)
    assert a2023.vacancy_days == 12 and a2023.vacancy_amount == Decimal("1200.00")
    assert a2023.achieved_share == Decimal("0.0") and a2023.below_agreed
    assert (a2024.offered, a2024.allocated, a2024.declined, a2024.returned) == (3, 2, 1, 1)
    assert a2024.achieved_share == Decimal("25.0") and not a2024.below_agreed
    assert a2024.vacancy_days == 10 + 30 and a2024.vacant_dwellings == 2
    assert a2024.average_vacancy_days == Decimal("20.0")
    assert a2024.vacancy_amount == Decimal("1000.00") + Decimal("6000.00")
    assert a2024.guarantee_claimed == Decimal(15000) and a2024.guarantee_approved == 12000
    assert a2024.guarantee_paid == 0 and a2025.guarantee_paid == Decimal(12000)
    assert a2025.offered == 0 and a2025.agreed_share is None
    assert trend(out["A"]) == "stigende"
    (b2024,) = out["B"]
    assert b2024.offered == 1 and b2024.achieved_share is None and not b2024.below_agreed
    assert a2024.as_dict()["achieved_share"] == "25.0"


def test_trend() -> None:
    rows = figures(
        [LedgerLine("A", date(y, 1, 1), "anvist", date(y, 1, 2)) for y in (2022, 2023)],
        vacancies={("A", 2022): 2, ("A", 2023): 5},
    )["A"]
    assert trend(rows) == "faldende"
    assert trend(rows[:1]) == ""
