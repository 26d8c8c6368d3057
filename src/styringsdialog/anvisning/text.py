"""The figures as Danish sentences (the briefing point, the CLI) — aggregates only, never a
household or a dwelling."""

from __future__ import annotations

from almen.anvisning import YearFigures
from almen.formatting import format_number


def kr(value) -> str:
    return f"{format_number(value)} kr."


def pct(value) -> str:
    return f"{format_number(value, 1, trim=True)} %"


def year_sentence(label: str, f: YearFigures) -> str:
    parts = [f"{label} {f.year}: {f.offered} tilbudt, {f.allocated} anvist"]
    if f.achieved_share is not None:
        share = f"opnået andel {pct(f.achieved_share)}"
        if f.agreed_share is not None:
            share += f" mod aftalt {pct(f.agreed_share)}"
            if f.below_agreed:
                share += " (under det aftalte)"
        parts.append(share)
    if f.vacant_dwellings:
        parts.append(
            f"tomgang i gns. {format_number(f.average_vacancy_days or 0, 1, trim=True)} dage, "
            f"kommunen betalte {kr(f.vacancy_amount)}"
        )
    if f.guarantee_claims or f.guarantee_paid:
        parts.append(
            f"istandsættelseskrav {kr(f.guarantee_claimed)}, godkendt {kr(f.guarantee_approved)}, "
            f"udbetalt {kr(f.guarantee_paid)}"
        )
    text = ", ".join(parts)
    return text if text.endswith(".") else text + "."
