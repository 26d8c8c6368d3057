"""Imports of register files: BBR (Datafordeler JSON), DST (StatBank CSV/JSON-stat) and LBF stamdata.

Each import reads and checks the whole file with ``almen.registers``, collects *every* problem
(file, row, column, Danish message), and writes nothing unless there are none; then it stores an
immutable ``RegisterSnapshot`` with the file's sha256 and its rows in one transaction.
Reconciliation: ``services.reconcile``; beboerdata and area classification: ``services.residents``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from almen import registers as R
from almen.registers import RegisterFormatError, RowError, describe
from almen.registers.inputs import decode_utf8
from styringsdialog.lib.bulk import insert_rows
from styringsdialog.registers.models import (
    BbrUnitRecord,
    DstFigure,
    LbfSectionRecord,
    RegisterSnapshot,
    Source,
)
from styringsdialog.registry.models import Department, Kommune


class ImportFailed(Exception):
    """Nothing was imported. ``errors`` lists every problem (``RowError``: file, row, column, message)."""

    def __init__(self, errors: Iterable[RowError]):
        self.errors = list(errors)
        super().__init__("\n".join(describe(e) for e in self.errors))


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _parse(errors: list[RowError], parse: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return parse(*args, **kwargs)
    except RegisterFormatError as exc:
        errors.extend(exc.errors)
        return None


def _check_new(source: str, data: bytes, file_name: str, errors: list[RowError]) -> str:
    digest = sha256_of(data)
    old = RegisterSnapshot.objects.filter(source=source, sha256=digest).first()
    if old is not None:
        errors.append(
            RowError(
                file_name,
                None,
                "",
                f"Filen er allerede indlæst (udtræk #{old.pk} fra {old.imported_at:%d.%m.%Y}).",
            )
        )
    return digest


def _kommune_codes() -> set[str]:
    return set(Kommune.objects.values_list("code", flat=True))


# --- BBR ------------------------------------------------------------------------------------


UNIT_FIELDS = (
    "snapshot",
    "unit_id",
    "kommune_code",
    "property_number",
    "address_id",
    "building_id",
    "usage_code",
    "housing_type_code",
    "status",
    "support_code",
    "ownership_code",
    "total_area",
    "residential_area",
    "rooms",
    "valid_from",
)


def unit_row(snapshot_id: int, u: R.BbrUnit) -> tuple[Any, ...]:
    """The values of one ``BbrUnitRecord`` in the order of ``UNIT_FIELDS``."""
    valid_from = R.local_date(u.valid_from) if u.valid_from is not None else None
    return (
        snapshot_id,
        u.unit_id,
        u.kommune_code,
        u.property_number or "",
        u.address_id or "",
        u.building_id or "",
        u.usage_code or "",
        u.housing_type_code or "",
        u.status,
        u.support_code or "",
        u.ownership_code or "",
        u.total_area,
        u.residential_area,
        u.rooms,
        valid_from,
    )


def store_units(snapshot: RegisterSnapshot, units: Iterable[R.BbrUnit]) -> int:
    return insert_rows(BbrUnitRecord, UNIT_FIELDS, (unit_row(snapshot.pk, u) for u in units))


def skip_statuses() -> frozenset[str]:
    """The BBR livscyklus codes skipped on import (setting ``REGISTERS_BBR_SKIP_STATUSES``)."""
    return frozenset(str(c) for c in settings.REGISTERS_BBR_SKIP_STATUSES)


def import_bbr(
    *,
    data: bytes,
    file_name: str,
    by: Any = None,
    buildings: bytes | None = None,
    buildings_name: str = "",
    reference_date: date | None = None,
    note: str = "",
) -> RegisterSnapshot:
    """Import BBR units (Datafordeler REST array or GraphQL answer), optionally with a buildings
    file that supplies ownership codes and property numbers. Returns the new snapshot.

    Units and buildings whose life-cycle status is retired (``skip_statuses``) and historic
    versions are not checked; their numbers are stored in ``snapshot.skipped`` (``{"units":
    {"9": 22, "historisk": 3}, "buildings": {...}}``)."""
    errors: list[RowError] = []
    digest = _check_new(Source.BBR, data, file_name, errors)
    skipping = skip_statuses()
    skipped_units: dict[str, int] = {}
    skipped_buildings: dict[str, int] = {}
    units = (
        _parse(
            errors,
            R.parse_units,
            data,
            file=file_name,
            skip_statuses=skipping,
            skipped=skipped_units,
        )
        or []
    )
    if buildings is not None:
        found = _parse(
            errors,
            R.parse_buildings,
            buildings,
            file=buildings_name or "bygninger.json",
            skip_statuses=skipping,
            skipped=skipped_buildings,
        )
        units = R.attach_buildings(units, found or [])
    known = _kommune_codes()
    for u in units:
        if u.kommune_code and u.kommune_code not in known:
            errors.append(
                RowError(
                    file_name,
                    u.source_row,
                    "kommunekode",
                    f"Ukendt kommunekode {u.kommune_code!r}.",
                )
            )
    if not errors and not units:
        errors.append(RowError(file_name, None, "", "Filen indeholder ingen gældende enheder."))
    if errors:
        raise ImportFailed(errors)
    stamps = [
        R.local_date(t) for u in units if (t := u.registered_from or u.valid_from) is not None
    ]
    when = reference_date or max(stamps, default=timezone.localdate())
    skipped = {k: v for k, v in (("units", skipped_units), ("buildings", skipped_buildings)) if v}
    with transaction.atomic():
        snapshot = RegisterSnapshot.objects.create(
            source=Source.BBR,
            reference_date=when,
            file_name=file_name,
            sha256=digest,
            size=len(data),
            rows=len(units),
            skipped=skipped,
            coverage=sorted({u.kommune_code for u in units}),
            note=note,
            imported_by=by,
        )
        store_units(snapshot, units)
    return snapshot


# --- DST ------------------------------------------------------------------------------------


def _stat_table(data: bytes, file_name: str, errors: list[RowError]) -> R.StatTable | None:
    if b"\x00" in data:
        errors.append(
            RowError(file_name, None, "", "Filen indeholder binære data (nul-tegn) og er ikke CSV.")
        )
        return None
    decoded = _parse(errors, decode_utf8, data, file=file_name)
    if decoded is None:
        return None
    text = decoded.lstrip()
    if text.startswith("{"):
        try:
            return R.parse_jsonstat(text, file=file_name)
        except ValueError as exc:
            errors.append(
                RowError(
                    file_name, None, "", f"Filen er hverken gyldig CSV eller JSON-stat ({exc})."
                )
            )
            return None
    return _parse(errors, R.parse_csv, text, file=file_name)


def import_dst(
    *, data: bytes, file_name: str, by: Any = None, table: str = "BOL101", note: str = ""
) -> RegisterSnapshot:
    """Import a StatBank BOL101 answer (CSV/BULK or JSON-stat, ``valuePresentation=Code``): the
    almene dwellings (EJER=20) per kommune and year."""
    errors: list[RowError] = []
    digest = _check_new(Source.DST, data, file_name, errors)
    stat = _stat_table(data, file_name, errors)
    figures: dict[tuple[str, int], int] = {}
    if stat is not None:
        missing = [c for c in ("OMRÅDE", "TID") if c not in stat.columns]
        errors += [RowError(file_name, 1, c, "Kolonnen mangler.") for c in missing]
        if not missing:
            known, area = _kommune_codes(), stat.column("OMRÅDE")
            for number, (key, _value) in enumerate(stat.rows, start=2):
                code = key[area]
                if (
                    len(code) == 3
                    and code.isdigit()
                    and code not in known
                    and code != "000"
                    and not code.startswith("08")
                    and code != "411"
                ):
                    errors.append(
                        RowError(file_name, number, "OMRÅDE", f"Ukendt kommunekode {code!r}.")
                    )
            figures = R.almene_dwellings_per_kommune(stat)
            if not figures:
                errors.append(
                    RowError(
                        file_name,
                        None,
                        "OMRÅDE",
                        "Fandt ingen kommuner med EJER=20; hent tabellen med valuePresentation=Code.",
                    )
                )
    if errors:
        raise ImportFailed(errors)
    kommuner = dict(Kommune.objects.values_list("code", "pk"))
    with transaction.atomic():
        snapshot = RegisterSnapshot.objects.create(
            source=Source.DST,
            reference_date=date(max(y for _, y in figures), 1, 1),
            file_name=file_name,
            sha256=digest,
            size=len(data),
            rows=len(figures),
            coverage=sorted({k for k, _ in figures}),
            note=note,
            imported_by=by,
        )
        DstFigure.objects.bulk_create(
            DstFigure(snapshot=snapshot, kommune_id=kommuner[k], year=y, table=table, dwellings=n)
            for (k, y), n in figures.items()
        )
    return snapshot


def store_dst_figures(
    *,
    figures: dict[str, int],
    year: int,
    file_name: str,
    sha256: str,
    note: str = "",
    by: Any = None,
) -> RegisterSnapshot:
    """Store already-computed DST figures (``{kommune code: dwellings}``), e.g. demo data."""
    kommuner = dict(Kommune.objects.values_list("code", "pk"))
    with transaction.atomic():
        snapshot = RegisterSnapshot.objects.create(
            source=Source.DST,
            reference_date=date(year, 1, 1),
            file_name=file_name,
            sha256=sha256,
            rows=len(figures),
            coverage=sorted(figures),
            note=note,
            imported_by=by,
        )
        DstFigure.objects.bulk_create(
            DstFigure(snapshot=snapshot, kommune_id=kommuner[k], year=year, dwellings=n)
            for k, n in figures.items()
        )
    return snapshot


# --- LBF stamdata ---------------------------------------------------------------------------


def import_lbf_stamdata(
    *, data: bytes, file_name: str, by: Any = None, note: str = ""
) -> RegisterSnapshot:
    """Import LBF stamdata in the project's CSV format (``almen.registers.lbf``). Every department
    must exist in the registry, in the same kommune."""
    errors: list[RowError] = []
    digest = _check_new(Source.LBF, data, file_name, errors)
    stamdata = _parse(errors, R.parse_stamdata, data, file=file_name)
    sections = stamdata.sections if stamdata else ()
    depts = {
        (o, n): (pk, k)
        for o, n, pk, k in Department.objects.values_list(
            "organisation__number", "number", "pk", "kommune__code"
        )
    }
    for s in sections:
        found = depts.get((s.org_number, s.dept_number))
        if found is None:
            errors.append(
                RowError(
                    file_name,
                    s.row,
                    "afd_nr",
                    f"Afdeling {s.org_number}-{s.dept_number} findes ikke i registret.",
                )
            )
        elif found[1] != s.kommune_code:
            errors.append(
                RowError(
                    file_name,
                    s.row,
                    "kommunekode",
                    f"Afdeling {s.org_number}-{s.dept_number} ligger i kommune {found[1]} i registret.",
                )
            )
    if errors:
        raise ImportFailed(errors)
    return store_lbf_sections(
        sections=sections,
        reference_date=stamdata.reference_date,
        file_name=file_name,
        sha256=digest,
        size=len(data),
        note=note,
        by=by,
    )


def store_lbf_sections(
    *,
    sections: Iterable[R.LbfSection],
    reference_date: date,
    file_name: str,
    sha256: str,
    size: int = 0,
    note: str = "",
    by: Any = None,
) -> RegisterSnapshot:
    """Store checked LBF sections as a snapshot (``import_lbf_stamdata`` and demo data)."""
    sections = list(sections)
    depts = {
        (o, n): pk
        for o, n, pk in Department.objects.values_list("organisation__number", "number", "pk")
    }
    with transaction.atomic():
        snapshot = RegisterSnapshot.objects.create(
            source=Source.LBF,
            reference_date=reference_date,
            file_name=file_name,
            sha256=sha256,
            size=size,
            rows=len(sections),
            coverage=sorted({s.kommune_code for s in sections}),
            note=note,
            imported_by=by,
        )
        insert_rows(
            LbfSectionRecord,
            (
                "snapshot",
                "department",
                "kommune_code",
                "section",
                "property_number",
                "housing_type",
                "dwellings",
                "area_m2",
            ),
            (
                (
                    snapshot.pk,
                    depts[(s.org_number, s.dept_number)],
                    s.kommune_code,
                    s.section,
                    s.property_number,
                    s.housing_type,
                    s.dwellings,
                    s.area_m2,
                )
                for s in sections
            ),
        )
    return snapshot
