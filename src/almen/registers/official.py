"""The official lists of designated areas (almenboligloven §§ 61 a–61 b), published every
1 December by the ministry, as a data file an administrator imports per list year.

Format (CSV or XLSX, read with ``almen.tabular``; ``docs/reference/data-formats/officielle-lister.md``)::

    listeaar;kommunekode;omraade_kode;omraade_navn;kategori;kilde
    2024;151;151-01;Lindevangen-området;parallelsamfund;https://www.sm.dk/…
    2024;101;101-07;Mjølnerparken;omdannelse;https://www.sm.dk/…

``kategori`` is one of the 2021 codes (``udsat``, ``parallelsamfund``, ``omdannelse``,
``forebyggelse``) or the name the list used in its time ("ghettoområde" = parallelsamfund,
"hårdt ghettoområde" = omdannelse, "udsat boligområde" = udsat, …). ``listeaar`` may be left out
(the year is given when importing); when present it must be that year. An area appears once.
"""

from __future__ import annotations

from dataclasses import dataclass

from almen.tabular import Column, Limits, Row, Schema, cap_errors, find_duplicates, read_table

from .errors import RegisterFormatError, RowError
from .inputs import REGISTER_LIMITS

CATEGORY_NAMES = {
    "udsat": "udsat",
    "udsat boligområde": "udsat",
    "udsat boligomraade": "udsat",
    "parallelsamfund": "parallelsamfund",
    "ghettoområde": "parallelsamfund",
    "ghettoomraade": "parallelsamfund",
    "ghetto": "parallelsamfund",
    "omdannelse": "omdannelse",
    "omdannelsesområde": "omdannelse",
    "omdannelsesomraade": "omdannelse",
    "hårdt ghettoområde": "omdannelse",
    "haardt ghettoomraade": "omdannelse",
    "forebyggelse": "forebyggelse",
    "forebyggelsesområde": "forebyggelse",
    "forebyggelsesomraade": "forebyggelse",
}

SCHEMA = Schema(
    (
        Column("listeaar", "int", required=False, aliases=("listeår", "aar", "år"), example="2024"),
        Column("kommunekode", zfill=3, example="151"),
        Column("omraade_kode", max_length=30, aliases=("områdekode",), example="151-01"),
        Column("omraade_navn", max_length=200, aliases=("områdenavn",), example="Lindevangen"),
        Column("kategori", max_length=40, example="parallelsamfund"),
        Column("kilde", required=False, max_length=500, example="https://www.sm.dk/"),
    )
)


@dataclass(frozen=True, slots=True)
class OfficialArea:
    row: int
    list_year: int
    kommune_code: str
    area_code: str
    area_name: str
    category: str  # "udsat" | "parallelsamfund" | "omdannelse" | "forebyggelse"
    source_url: str


def _row_errors(r: Row, year: int, file: str) -> list[RowError]:
    errors = []
    if r["listeaar"] is not None and r["listeaar"] != year:
        errors.append(
            RowError(
                file,
                r.number,
                "listeaar",
                f"Rækken er fra listen {r['listeaar']}, men filen indlæses som listen {year}.",
            )
        )
    if not (r["kommunekode"].isdigit() and len(r["kommunekode"]) == 3):
        errors.append(
            RowError(
                file, r.number, "kommunekode", f"Skal være 3 cifre (står: {r['kommunekode']})."
            )
        )
    if r["kategori"].strip().lower() not in CATEGORY_NAMES:
        errors.append(
            RowError(
                file,
                r.number,
                "kategori",
                f"Ukendt kategori {r['kategori']!r}; brug udsat, parallelsamfund, omdannelse "
                "eller forebyggelse.",
            )
        )
    source = (r["kilde"] or "").strip()
    if source and not source.lower().startswith(("https://", "http://")):
        errors.append(
            RowError(
                file,
                r.number,
                "kilde",
                "Kilden skal være en webadresse, der begynder med https:// eller http://.",
            )
        )
    return errors


def parse_official_areas(
    data: bytes, *, year: int, file: str = "officiel-liste.csv", limits: Limits = REGISTER_LIMITS
) -> list[OfficialArea]:
    """Read and check an official list for list year ``year``; ``RegisterFormatError`` lists
    every problem (not UTF-8, binary, a wrong header, an unknown category, …)."""
    if not 2010 <= year <= 2100:
        raise RegisterFormatError(
            [
                RowError(
                    file, None, "", f"Listeåret {year} er ikke gyldigt (lister findes fra 2010)."
                )
            ]
        )
    result = read_table(data, filename=file, schema=SCHEMA, limits=limits)
    errors = list(result.errors)
    for r in result.rows:
        errors += _row_errors(r, year, file)
    errors += find_duplicates(result.rows, ("omraade_kode",), file=file)
    if not errors and not result.rows and not result.errors_omitted:
        errors.append(RowError(file, None, "", "Filen indeholder ingen områder."))
    if errors or result.errors_omitted:
        ordered = sorted(errors, key=lambda e: (e.row or 0, e.column))
        raise RegisterFormatError(
            cap_errors(ordered, file=file, omitted=result.errors_omitted, limit=limits.max_errors)
        )
    return [
        OfficialArea(
            row=r.number,
            list_year=year,
            kommune_code=r["kommunekode"],
            area_code=r["omraade_kode"].strip(),
            area_name=r["omraade_navn"].strip(),
            category=CATEGORY_NAMES[r["kategori"].strip().lower()],
            source_url=(r["kilde"] or "").strip(),
        )
        for r in result.rows
    ]
