"""The department page's chart: the last years' accounts per account group (issue 17).

Drawn by ``lib.charts`` (cached by a digest of the numbers); the page's accounts table beside
it has the same numbers."""

from __future__ import annotations

from almen.formatting import format_number
from styringsdialog.lib.charts import Series, bar_svg
from styringsdialog.registry.queries.accounts import AccountTable


def accounts_chart(table: AccountTable) -> str:
    """Horizontal grouped bars: one group per account (konto), one bar per year, in kr."""
    if not table.rows or not table.years:
        return ""
    categories = [f"{r.konto} {r.name}".strip() for r in table.rows]
    series = [
        Series(
            str(year),
            tuple(None if r.amounts[i] is None else float(r.amounts[i]) for r in table.rows),  # type: ignore[arg-type]
        )
        for i, year in enumerate(table.years)
    ]
    parts = []
    for r, name in zip(table.rows, categories, strict=True):
        values = ", ".join(
            f"{y}: {'–' if a is None else format_number(a)} kr."
            for y, a in zip(table.years, r.amounts, strict=True)
        )
        parts.append(f"{name}: {values}")
    first, last = table.years[0], table.years[-1]
    return bar_svg(
        categories=categories,
        series=series,
        unit="kr.",
        horizontal=True,
        chart_id="chart-accounts",
        title=f"Søjlediagram: regnskab pr. konto {first}–{last} i kr.",
        description="; ".join(parts) + ".",
    )
