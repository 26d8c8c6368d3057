"""The synthetic world's accounting years follow the reference date (the demo is "now")."""

from __future__ import annotations

from datetime import date

from almen.synth import generate
from almen.synth.params import YEARS, years_for


def test_years_are_the_five_ending_last_year():
    assert years_for(date(2026, 12, 3)) == (2021, 2022, 2023, 2024, 2025)
    assert years_for(date(2025, 1, 1)) == YEARS == (2020, 2021, 2022, 2023, 2024)
    assert years_for(None) == YEARS


def test_a_later_date_relabels_the_same_figures():
    canonical = generate(seed=2021, scale="small")
    shifted = generate(seed=2021, scale="small", today=date(2026, 12, 3))
    assert shifted.years == (2021, 2022, 2023, 2024, 2025)
    assert {line.year for line in shifted.account_lines} == set(shifted.years)
    assert [
        (a.org_number, a.dept_number, a.konto, a.amount_ore) for a in shifted.account_lines
    ] == [(a.org_number, a.dept_number, a.konto, a.amount_ore) for a in canonical.account_lines]
    assert [s.year + 1 for s in canonical.official_scores] == [
        s.year for s in shifted.official_scores
    ]
    # generated departments built in the canonical years move with them; the seed world does not
    lundebjerg = next(d for d in shifted.departments if d.name == "Lundebjerg")
    assert lundebjerg.taken_into_use == date(2020, 8, 1)
    newest_built = max(d.year_built for d in shifted.departments if d.org_number != "0151")
    assert (
        newest_built
        == max(d.year_built for d in canonical.departments if d.org_number != "0151") + 1
    )


def test_the_same_date_gives_the_same_world():
    a = generate(seed=7, scale="small", today=date(2027, 3, 1))
    b = generate(seed=7, scale="small", today=date(2027, 11, 30))
    assert a.account_lines == b.account_lines and a.years == b.years
