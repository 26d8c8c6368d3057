"""LBF stamdata: department → byggeafsnit → BBR ejendomsnummer, with dwellings and m².

Landsbyggefonden's own stamdata format is not public, so this project defines a CSV/XLSX format
(``docs/reference/registers.md``, "LBF stamdata"): one row per department, byggeafsnit and
housing type::

    org_nr;afd_nr;afdelingsnavn;kommunekode;byggeafsnit;bbr_ejendomsnummer;boligtype;antal_boliger;bruttoetageareal_m2;opgoerelsesdato
    0151;003;Kirstinelund;151;1;0151-900030;familie;106;8904;2024-12-31

A department's figures are the sums of its rows; its BBR properties are the distinct
``bbr_ejendomsnummer`` values. All rows share one ``opgoerelsesdato`` (the reference date).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from almen.tabular import Column, Limits, Row, Schema, cap_errors, find_duplicates, read_table

from .bbr import property_key
from .errors import RegisterFormatError, RowError
from .inputs import REGISTER_LIMITS

HOUSING_TYPES = ("familie", "ungdom", "aeldre", "pleje")

SCHEMA = Schema(
    (
        Column("org_nr", zfill=4, description="LBF-organisationsnummer, 4 cifre", example="0151"),
        Column("afd_nr", zfill=3, description="Afdelingsnummer, 3 cifre", example="003"),
        Column("afdelingsnavn", required=False, max_length=200, example="Kirstinelund"),
        Column("kommunekode", zfill=3, description="Kommunekode, 3 cifre", example="151"),
        Column("byggeafsnit", max_length=20, example="1"),
        Column("bbr_ejendomsnummer", description="KKKK-NNNNNN", example="0151-900030"),
        Column("boligtype", allowed=HOUSING_TYPES, example="familie"),
        Column("antal_boliger", "int", min=0, example="106"),
        Column("bruttoetageareal_m2", "int", min=0, example="8904"),
        Column("opgoerelsesdato", "date", example="2024-12-31"),
    )
)
DIGITS = {
    "org_nr": (4, "LBF-organisationsnummeret"),
    "afd_nr": (3, "Afdelingsnummeret"),
    "kommunekode": (3, "Kommunekoden"),
}


@dataclass(frozen=True, slots=True)
class LbfSection:
    """One row: a byggeafsnit's dwellings of one housing type on one BBR property."""

    org_number: str
    dept_number: str
    name: str
    kommune_code: str
    section: str
    property_number: str
    housing_type: str
    dwellings: int
    area_m2: int
    row: int = 0  # row in the file (1 = header), 0 when not read from a file


@dataclass(frozen=True, slots=True)
class LbfDepartment:
    org_number: str
    dept_number: str
    name: str
    kommune_code: str
    dwellings: int
    area_m2: int
    property_numbers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LbfStamdata:
    reference_date: date
    sections: tuple[LbfSection, ...]

    def departments(self) -> list[LbfDepartment]:
        """Per department: totals and distinct properties, ordered by (org, dept)."""
        return departments_from_sections(self.sections)


def departments_from_sections(sections: Iterable[LbfSection]) -> list[LbfDepartment]:
    groups: dict[tuple[str, str], list[LbfSection]] = {}
    for s in sections:
        groups.setdefault((s.org_number, s.dept_number), []).append(s)
    out = []
    for (org, dept), rows in sorted(groups.items()):
        properties = tuple(dict.fromkeys(r.property_number for r in rows))
        name = next((r.name for r in rows if r.name), "")
        out.append(
            LbfDepartment(
                org,
                dept,
                name,
                rows[0].kommune_code,
                sum(r.dwellings for r in rows),
                sum(r.area_m2 for r in rows),
                properties,
            )
        )
    return out


def _cell_errors(rows: list[Row], file: str) -> list[RowError]:
    errors = []
    for r in rows:
        for name, (n, what) in DIGITS.items():
            if not (r[name].isdigit() and len(r[name]) == n):
                errors.append(
                    RowError(file, r.number, name, f"{what} skal være {n} cifre (står: {r[name]}).")
                )
        try:
            property_key(r["bbr_ejendomsnummer"])
        except ValueError as exc:
            errors.append(RowError(file, r.number, "bbr_ejendomsnummer", f"{exc}."))
    return errors


def parse_stamdata(
    data: bytes | str, *, file: str = "lbf_stamdata.csv", limits: Limits = REGISTER_LIMITS
) -> LbfStamdata:
    """Read and check an LBF stamdata file (CSV or XLSX by the file name's extension);
    ``RegisterFormatError`` lists the problems (the first ``limits.max_errors``, then a count).

    Beyond the cell checks: one reference date per file, no repeated (department, byggeafsnit,
    housing type), one kommune per department, and no BBR property in two departments.
    """
    result = read_table(
        data.encode("utf-8") if isinstance(data, str) else data,
        filename=file,
        schema=SCHEMA,
        limits=limits,
    )
    rows = result.rows
    errors = list(result.errors) + _cell_errors(rows, file)
    errors += find_duplicates(rows, ("org_nr", "afd_nr", "byggeafsnit", "boligtype"), file=file)
    if rows:
        first = rows[0]["opgoerelsesdato"]
        errors += [
            RowError(
                file,
                r.number,
                "opgoerelsesdato",
                f"Alle rækker skal have samme opgørelsesdato ({first.isoformat()}).",
            )
            for r in rows
            if r["opgoerelsesdato"] != first
        ]
    kommune: dict[tuple[str, str], str] = {}
    owner: dict[str, tuple[str, str]] = {}
    for r in rows:
        dept = (r["org_nr"], r["afd_nr"])
        if kommune.setdefault(dept, r["kommunekode"]) != r["kommunekode"]:
            errors.append(
                RowError(
                    file,
                    r.number,
                    "kommunekode",
                    f"Afdeling {dept[0]}-{dept[1]} står allerede med kommunekode {kommune[dept]}.",
                )
            )
        other = owner.setdefault(r["bbr_ejendomsnummer"], dept)
        if other != dept:
            errors.append(
                RowError(
                    file,
                    r.number,
                    "bbr_ejendomsnummer",
                    f"Ejendommen {r['bbr_ejendomsnummer']} hører allerede til afdeling {other[0]}-{other[1]}.",
                )
            )
    if errors:
        ordered = sorted(errors, key=lambda e: (e.row or 0, e.column))
        raise RegisterFormatError(
            cap_errors(ordered, file=file, omitted=result.errors_omitted, limit=limits.max_errors)
        )
    sections = tuple(
        LbfSection(
            r["org_nr"],
            r["afd_nr"],
            r["afdelingsnavn"] or "",
            r["kommunekode"],
            r["byggeafsnit"],
            r["bbr_ejendomsnummer"],
            r["boligtype"],
            r["antal_boliger"],
            r["bruttoetageareal_m2"],
            r.number,
        )
        for r in rows
    )
    return LbfStamdata(rows[0]["opgoerelsesdato"], sections)


def format_stamdata(stamdata: LbfStamdata) -> str:
    """The CSV text of ``stamdata`` (the inverse of ``parse_stamdata``)."""
    lines = [";".join(SCHEMA.names)]
    for s in stamdata.sections:
        lines.append(
            ";".join(
                [
                    s.org_number,
                    s.dept_number,
                    s.name.replace(";", ","),
                    s.kommune_code,
                    s.section,
                    s.property_number,
                    s.housing_type,
                    str(s.dwellings),
                    str(s.area_m2),
                    stamdata.reference_date.isoformat(),
                ]
            )
        )
    return "\n".join(lines) + "\n"
