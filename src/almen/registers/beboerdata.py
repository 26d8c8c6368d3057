"""Resident indicators (LBF Beboerdata, kvarterprofil) per department or area and year.

Format (CSV or XLSX; ``docs/reference/registers.md``, "Beboerdata"): one row per department or
area and year; indicator cells may be empty (not available)::

    aar;niveau;org_nr;afd_nr;omraade_kode;omraade_navn;kommunekode;beboere;husstande;ikke_vestlige_pct;uden_beskaeftigelse_pct;domfaeldte_faktor;domfaeldte_pct;kun_grundskole_pct;indkomst_pct_af_region
    2024;afdeling;0151;004;;;151;740;352;28,4;31,0;1,6;;48,0;71,0
    2024;omraade;;;151-01;Lindevangen-området;151;1850;860;34,1;33,2;2,1;;55,0;63,5

A department row may name the area it belongs to in ``omraade_kode``. Read with
``almen.tabular`` (the project's one CSV/XLSX reader), so errors look like every other import's.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from almen.tabular import Column, Limits, Row, Schema, cap_errors, find_duplicates, read_table

from .errors import RegisterFormatError, RowError
from .inputs import REGISTER_LIMITS

INDICATORS = {
    "ikke_vestlige_pct": "non_western_pct",
    "uden_beskaeftigelse_pct": "unemployed_pct",
    "domfaeldte_faktor": "convicted_ratio",
    "domfaeldte_pct": "convicted_pct",
    "kun_grundskole_pct": "low_education_pct",
    "indkomst_pct_af_region": "income_pct",
}
PERCENT = ("ikke_vestlige_pct", "uden_beskaeftigelse_pct", "domfaeldte_pct", "kun_grundskole_pct")

SCHEMA = Schema(
    (
        Column("aar", "int", min=2000, example="2024"),
        Column("niveau", allowed=("afdeling", "omraade"), example="afdeling"),
        Column("org_nr", zfill=4, required=False, example="0151"),
        Column("afd_nr", zfill=3, required=False, example="004"),
        Column("omraade_kode", required=False, max_length=30, example="151-01"),
        Column("omraade_navn", required=False, max_length=200, example="Lindevangen-området"),
        Column("kommunekode", zfill=3, example="151"),
        Column("beboere", "int", min=0, example="740"),
        Column("husstande", "int", min=0, example="352"),
        *(Column(name, "decimal", required=False, min=0, example="28,4") for name in INDICATORS),
    )
)


@dataclass(frozen=True, slots=True)
class ResidentRow:
    row: int
    year: int
    level: str  # "afdeling" | "omraade"
    org_number: str | None
    dept_number: str | None
    area_code: str | None
    area_name: str
    kommune_code: str
    residents: int
    households: int
    values: dict[str, float | None]  # AreaIndicators field → value


def _row_errors(r: Row, file: str) -> list[RowError]:
    errors = []
    needed = ("org_nr", "afd_nr") if r["niveau"] == "afdeling" else ("omraade_kode",)
    errors += [
        RowError(file, r.number, c, f"Feltet skal udfyldes, når niveau er '{r['niveau']}'.")
        for c in needed
        if r[c] is None
    ]
    for name, n in (("org_nr", 4), ("afd_nr", 3), ("kommunekode", 3)):
        if r[name] is not None and not (r[name].isdigit() and len(r[name]) == n):
            errors.append(RowError(file, r.number, name, f"Skal være {n} cifre (står: {r[name]})."))
    for name in PERCENT:
        if r[name] is not None and r[name] > 100:
            errors.append(
                RowError(
                    file, r.number, name, f"En andel kan ikke være over 100 % (står: {r[name]})."
                )
            )
    if r["aar"] > 2100:
        errors.append(RowError(file, r.number, "aar", f"Året {r['aar']} er ikke gyldigt."))
    if r["husstande"] > r["beboere"]:
        errors.append(
            RowError(file, r.number, "husstande", "Der kan ikke være flere husstande end beboere.")
        )
    return errors


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def parse_resident_rows(
    data: bytes | str, *, file: str = "beboerdata.csv", limits: Limits = REGISTER_LIMITS
) -> list[ResidentRow]:
    """Read and check a beboerdata file; ``RegisterFormatError`` lists the problems (the first
    ``limits.max_errors``, then a count)."""
    result = read_table(
        data.encode("utf-8") if isinstance(data, str) else data,
        filename=file,
        schema=SCHEMA,
        limits=limits,
    )
    errors = list(result.errors)
    for r in result.rows:
        errors += _row_errors(r, file)
    departments = [r for r in result.rows if r["niveau"] == "afdeling"]
    areas = [r for r in result.rows if r["niveau"] == "omraade"]
    errors += find_duplicates(departments, ("aar", "org_nr", "afd_nr"), file=file)
    errors += find_duplicates(areas, ("aar", "omraade_kode"), file=file)
    if errors:
        ordered = sorted(errors, key=lambda e: (e.row or 0, e.column))
        raise RegisterFormatError(
            cap_errors(ordered, file=file, omitted=result.errors_omitted, limit=limits.max_errors)
        )
    return [
        ResidentRow(
            row=r.number,
            year=r["aar"],
            level=r["niveau"],
            org_number=r["org_nr"],
            dept_number=r["afd_nr"],
            area_code=r["omraade_kode"],
            area_name=r["omraade_navn"] or "",
            kommune_code=r["kommunekode"],
            residents=r["beboere"],
            households=r["husstande"],
            values={field: _float(r[col]) for col, field in INDICATORS.items()},
        )
        for r in result.rows
    ]
