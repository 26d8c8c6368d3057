"""The official lists of designated areas (§§ 61 a–61 b) per list year, imported by an
administrator. They take precedence over the computed classification and are shown beside it
(``registers.queries.official_status``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from almen import areas
from almen.registers import RowError
from almen.registers.official import parse_official_areas
from styringsdialog.accounts.permissions import can_import_official_areas, scope_for
from styringsdialog.registers.models import (
    OfficialAreaListing,
    RegisterSnapshot,
    ResidentialArea,
    Source,
)
from styringsdialog.registers.services import ImportFailed, _check_new, _parse
from styringsdialog.registry.models import Kommune


def _label(category: str, year: int) -> str:
    try:
        rules = areas.ruleset_for(year)
    except ValueError:
        rules = areas.RULESET_2021
    return rules.labels.get(category) or areas.RULESET_2021.labels[category]


def import_official_areas(
    *, data: bytes, file_name: str, year: int, by: Any = None, note: str = ""
) -> RegisterSnapshot:
    """Import the official list of ``year`` (format: ``almen.registers.official``), all or
    nothing. Areas not yet known are created with the list's code, name and kommune. A later
    import for the same year replaces the earlier one as the official list of that year.

    ``by``: the user importing (must be an administrator); None for the command line."""
    if by is not None and not can_import_official_areas(scope_for(by)):
        raise PermissionDenied("Kun administratorer kan indlæse de officielle lister.")
    errors: list[RowError] = []
    digest = _check_new(Source.OFFICIAL, data, file_name, errors)
    rows = _parse(errors, parse_official_areas, data, year=year, file=file_name) or []
    kommuner = dict(Kommune.objects.values_list("code", "pk"))
    known = {
        a.code: a for a in ResidentialArea.objects.filter(code__in=[r.area_code for r in rows])
    }
    for r in rows:
        if r.kommune_code not in kommuner:
            errors.append(
                RowError(file_name, r.row, "kommunekode", f"Ukendt kommunekode {r.kommune_code!r}.")
            )
        area = known.get(r.area_code)
        if area is not None and area.kommune_id != kommuner.get(r.kommune_code):
            errors.append(
                RowError(
                    file_name,
                    r.row,
                    "kommunekode",
                    f"Området {r.area_code} ligger i en anden kommune i registret.",
                )
            )
    if errors:
        raise ImportFailed(errors)
    with transaction.atomic():
        snapshot = RegisterSnapshot.objects.create(
            source=Source.OFFICIAL,
            reference_date=date(year, 12, 1),
            file_name=file_name,
            sha256=digest,
            size=len(data),
            rows=len(rows),
            coverage=sorted({r.kommune_code for r in rows}),
            note=note,
            imported_by=by if getattr(by, "pk", None) else None,
        )
        for r in rows:
            area = known.get(r.area_code)
            if area is None:
                area = ResidentialArea.objects.create(
                    code=r.area_code, name=r.area_name, kommune_id=kommuner[r.kommune_code]
                )
                known[r.area_code] = area
            OfficialAreaListing.objects.create(
                snapshot=snapshot,
                area=area,
                list_year=year,
                category=r.category,
                label=_label(r.category, year),
                source_url=r.source_url,
            )
    return snapshot
