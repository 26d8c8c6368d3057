"""Import of official effektivitetstal from CSV (semicolon-separated, UTF-8).

Format (docs/user/effektivitet.md)::

    organisation;afdeling;aar;effektivitetstal[;farve]
    0151;002;2020;75;gul

Order (STYLE.md §5): check the header → parse and validate every row → collect *all* errors
with file, row and column → write once in a transaction → report. The original file is kept
immutably: its sha256 on a ``DataSource`` and a copy in the file storage (Django's storage API:
``MEDIA_ROOT`` or an S3 bucket) as ``imports/<sha256>.csv``, never overwritten. Importing the same
file again changes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from styringsdialog.benchmarking.models import OfficialScore
from styringsdialog.lib.storage import store_content
from styringsdialog.registry.models import DataSource, Department

ARCHIVE_FOLDER = "imports"
COLUMNS = ("organisation", "afdeling", "aar", "effektivitetstal")
OPTIONAL = ("farve",)
COLOURS = {"grøn": "groen", "groen": "groen", "gul": "gul", "rød": "roed", "roed": "roed"}
SOURCE_PREFIX = "Officielle effektivitetstal"


@dataclass(frozen=True)
class RowError:
    """One problem in an import file. ``row`` counts lines from 1 (the header); ``column`` is
    a column name or "" when the problem concerns the whole row or file."""

    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, række {self.row}" + (
            f", kolonne {self.column}" if self.column else ""
        )
        return f"{where}: {self.message}"


class OfficialImportError(Exception):
    """The file was rejected; ``errors`` lists every problem. Nothing was stored."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass(frozen=True)
class ImportReport:
    """Outcome of an accepted file (``already_imported``: the same sha256 was loaded before)."""

    file: str
    sha256: str
    rows: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    already_imported: bool = False
    source_id: int | None = None


@dataclass
class _Parsed:
    rows: list[tuple[int, str, str, int, int, str]] = field(
        default_factory=list
    )  # line, org, dept, year, score, colour
    errors: list[RowError] = field(default_factory=list)


def import_official_scores(*, path: str | Path, by: Any = None) -> ImportReport:
    """Validate and load ``path``; raises ``OfficialImportError`` with every problem found."""
    path = Path(path)
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    previous = DataSource.objects.filter(
        kind=DataSource.Kind.IMPORT, sha256=digest, name__startswith=SOURCE_PREFIX
    ).first()
    parsed = parse(raw, path.name)
    if parsed.errors:
        raise OfficialImportError(parsed.errors)
    if previous is not None:
        return ImportReport(
            path.name,
            digest,
            len(parsed.rows),
            unchanged=len(parsed.rows),
            already_imported=True,
            source_id=previous.pk,
        )
    departments = _department_ids()
    errors = _check_references(parsed.rows, departments, path.name)
    if errors:
        raise OfficialImportError(errors)
    return _write(parsed.rows, departments, raw, digest, path.name, by)


def parse(raw: bytes, name: str) -> _Parsed:
    """Decode, check the header and validate every row (no database access)."""
    out = _Parsed()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        out.errors.append(
            RowError(
                name, line, "", "Filen er ikke UTF-8-kodet. Gem den som 'CSV UTF-8' og prøv igen."
            )
        )
        return out
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        out.errors.append(
            RowError(
                name,
                1,
                "",
                f"Filen er tom. Første linje skal være overskriften '{';'.join(COLUMNS)}[;farve]'.",
            )
        )
        return out
    header = [h.strip().lower() for h in lines[0].split(";")]
    if header not in (list(COLUMNS), list(COLUMNS + OPTIONAL)):
        out.errors.append(
            RowError(
                name,
                1,
                "",
                f"Forkert overskrift '{lines[0].strip()}'. Forventede "
                f"'{';'.join(COLUMNS)}' eventuelt efterfulgt af ';farve'.",
            )
        )
        return out
    seen: dict[tuple[str, str, int], int] = {}
    for row_number, row_text in enumerate(lines[1:], start=2):
        if row_text.strip():
            _parse_row(row_number, row_text, header, name, seen, out)
    if not out.rows and not out.errors:
        out.errors.append(
            RowError(name, 2, "", "Filen har en overskrift, men ingen rækker med tal.")
        )
    return out


def _parse_row(
    number: int, line: str, header: list[str], name: str, seen: dict, out: _Parsed
) -> None:
    cells = [c.strip() for c in line.split(";")]
    if len(cells) != len(header):
        out.errors.append(
            RowError(
                name,
                number,
                "",
                f"Forventede {len(header)} kolonner adskilt af semikolon, fandt {len(cells)}.",
            )
        )
        return
    values = dict(zip(header, cells, strict=True))
    errors_before = len(out.errors)
    org = _digits(
        values["organisation"],
        4,
        "organisation",
        "et organisationsnummer (op til fire cifre, fx 0045)",
        number,
        name,
        out,
    )
    dept = _digits(
        values["afdeling"],
        3,
        "afdeling",
        "et afdelingsnummer (op til tre cifre, fx 002)",
        number,
        name,
        out,
    )
    year = _integer(
        values["aar"], 2000, 2100, "aar", "et årstal mellem 2000 og 2100", number, name, out
    )
    score = _integer(
        values["effektivitetstal"],
        0,
        100,
        "effektivitetstal",
        "et helt tal mellem 0 og 100",
        number,
        name,
        out,
    )
    colour = ""
    if values.get("farve"):
        colour = COLOURS.get(values["farve"].lower(), "")
        if not colour:
            out.errors.append(
                RowError(
                    name,
                    number,
                    "farve",
                    f"'{values['farve']}' er ikke en farve; brug grøn, gul, rød eller lad feltet stå tomt.",
                )
            )
    if len(out.errors) > errors_before:
        return
    key = (org, dept, year)
    if key in seen:
        out.errors.append(
            RowError(
                name, number, "", f"Afdeling {org}-{dept} år {year} står også i række {seen[key]}."
            )
        )
        return
    seen[key] = number
    out.rows.append((number, org, dept, year, score, colour))  # type: ignore[arg-type]


def _digits(
    value: str, width: int, column: str, what: str, number: int, name: str, out: _Parsed
) -> str:
    if value.isdigit() and value.isascii() and len(value) <= width:
        return value.zfill(width)
    out.errors.append(RowError(name, number, column, f"'{value}' er ikke {what}."))
    return ""


def _integer(
    value: str, low: int, high: int, column: str, what: str, number: int, name: str, out: _Parsed
) -> int:
    if value.isdigit() and value.isascii() and low <= int(value) <= high:
        return int(value)
    out.errors.append(RowError(name, number, column, f"'{value}' er ikke {what}."))
    return 0


def _department_ids() -> dict[tuple[str, str], int]:
    return {
        (o, n): pk
        for pk, o, n in Department.objects.values_list("pk", "organisation__number", "number")
    }


def _check_references(
    rows: list, departments: dict[tuple[str, str], int], name: str
) -> list[RowError]:
    return [
        RowError(name, line, "afdeling", f"Afdeling {org}-{dept} findes ikke i registret.")
        for line, org, dept, *_ in rows
        if (org, dept) not in departments
    ]


def archive_name(digest: str) -> str:
    """Storage name of the archived copy of an imported file."""
    return f"{ARCHIVE_FOLDER}/{digest}.csv"


def _archive(raw: bytes) -> None:
    store_content(raw, folder=ARCHIVE_FOLDER, ext="csv")


@transaction.atomic
def _write(
    rows: list, departments: dict, raw: bytes, digest: str, name: str, by: Any
) -> ImportReport:
    source = DataSource.objects.create(
        kind=DataSource.Kind.IMPORT,
        name=f"{SOURCE_PREFIX}: {name}"[:200],
        sha256=digest,
        reference_date=timezone.localdate(),
    )
    _archive(raw)
    wanted = {(departments[(o, d)], y): (s, c) for _, o, d, y, s, c in rows}
    existing = {
        (x.department_id, x.year): x
        for x in OfficialScore.objects.filter(
            department_id__in={k[0] for k in wanted}, year__in={k[1] for k in wanted}
        )
    }
    now = timezone.now()
    new, changed, unchanged = [], [], 0
    for (dept_id, year), (score, colour) in wanted.items():
        old = existing.get((dept_id, year))
        if old is None:
            new.append(
                OfficialScore(
                    department_id=dept_id,
                    year=year,
                    effektivitetstal=score,
                    colour=colour,
                    source=source,
                    imported_at=now,
                )
            )
        elif (old.effektivitetstal, old.colour) != (score, colour):
            old.effektivitetstal, old.colour, old.source, old.imported_at = (
                score,
                colour,
                source,
                now,
            )
            changed.append(old)
        else:
            unchanged += 1
    OfficialScore.objects.bulk_create(new, batch_size=2000)
    OfficialScore.objects.bulk_update(
        changed, ["effektivitetstal", "colour", "source", "imported_at"], batch_size=2000
    )
    return ImportReport(
        name,
        digest,
        len(rows),
        created=len(new),
        updated=len(changed),
        unchanged=unchanged,
        source_id=source.pk,
    )
