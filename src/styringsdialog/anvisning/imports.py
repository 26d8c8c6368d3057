"""Import of the kommune's allocation-system export into the ledger (CSV or XLSX).

Format: docs/reference/data-formats/anvisning.md. The order of STYLE.md §5: read the file with
``almen.tabular`` (header, types; bounded in size, rows and cells) → check every row (department
in the kommune, dates in order, amounts, no CPR-shaped household reference, no duplicate in the
file) → any error: nothing is written and every error is reported with file, row and column in
Danish → otherwise one transaction: a ``DataSource`` with the file's sha256, rows new to the
ledger are added and known rows (same department, lejemål and date offered) are updated, each
change kept in the row's history. The original is archived (``anvisning/<sha256>.<ext>``) only
once that transaction — and any transaction around it — has committed
(``transaction.on_commit``), so an import that rolls back leaves no file behind. (Should the
storage fail right after the commit, the rows stay and the archive is missing; importing the same
file again writes it, as names are content-addressed and never overwritten.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from almen.anvisning import looks_like_cpr
from almen.tabular import MAX_ERRORS, Column, Limits, Row, RowError, Schema, cap_errors, read_table
from styringsdialog.accounts.permissions import can_write_anvisning, scope_for
from styringsdialog.anvisning import services
from styringsdialog.anvisning.models import LedgerEntry, Outcome
from styringsdialog.lib.storage import content_name, store_content
from styringsdialog.registry.models import DataSource, Department, Kommune

MAX_BYTES = 5 * 1024 * 1024
MONEY_FIELDS = services.MONEY_FIELDS
MAX_ROWS = 20_000
ARCHIVE_FOLDER = "anvisning"
OUTCOME_WORDS = {
    "afventer": Outcome.PENDING,
    "anvist": Outcome.ALLOCATED,
    "afslået": Outcome.DECLINED,
    "afslaaet": Outcome.DECLINED,
    "returneret": Outcome.RETURNED,
}

SCHEMA = Schema(
    (
        Column(
            "organisation", "str", zfill=4, max_length=4, description="LBF-nummer", example="0151"
        ),
        Column(
            "afdeling", "str", zfill=3, max_length=3, description="Afdelingsnummer", example="003"
        ),
        Column(
            "lejemaal", "str", max_length=40, aliases=("lejemål", "lejemaalsnr"), example="0312"
        ),
        Column(
            "adresse", "str", required=False, max_length=200, example="Kirstinelund 12, st. tv."
        ),
        Column("tilbudt", "date", description="Dato boligen blev stillet til rådighed"),
        Column("husleje", "decimal", required=False, min=Decimal(0)),
        Column("udfald", "str", allowed=tuple(OUTCOME_WORDS), required=False),
        Column("udfaldsdato", "date", required=False),
        Column("husstand", "str", required=False, max_length=40, aliases=("husstandsreference",)),
        Column("tomgang_fra", "date", required=False),
        Column("tomgang_til", "date", required=False),
        Column("tomgangsleje", "decimal", required=False, min=Decimal(0)),
        Column("krav", "decimal", required=False, min=Decimal(0)),
        Column("krav_dato", "date", required=False),
        Column("godkendt", "decimal", required=False, min=Decimal(0)),
        Column("udbetalt", "decimal", required=False, min=Decimal(0)),
        Column("udbetalt_dato", "date", required=False),
    )
)

# service field → import column (for messages on the right column)
FIELD_COLUMNS = {
    "outcome": "udfald",
    "outcome_on": "udfaldsdato",
    "household_ref": "husstand",
    "vacancy_from": "tomgang_fra",
    "vacancy_to": "tomgang_til",
    "vacancy_amount": "tomgangsleje",
    "guarantee_claimed": "krav",
    "guarantee_claimed_on": "krav_dato",
    "guarantee_approved": "godkendt",
    "guarantee_paid": "udbetalt",
    "guarantee_paid_on": "udbetalt_dato",
    "rent": "husleje",
    "dwelling": "lejemaal",
    "department": "afdeling",
}


@dataclass
class ImportReport:
    file: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    sha256: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "error_count": self.error_count,
            "errors": [e.as_dict() for e in self.errors],
            "sha256": self.sha256,
        }


def _values(row: Row) -> dict[str, Any]:
    def money(name: str) -> Decimal:
        v = row.values.get(name)
        return Decimal(0) if v in (None, "") else Decimal(v)

    word = (row.values.get("udfald") or "afventer").strip().lower()
    return {
        "address": row.values.get("adresse") or "",
        "rent": money("husleje"),
        "outcome": OUTCOME_WORDS.get(word, word),
        "outcome_on": row.values.get("udfaldsdato"),
        "household_ref": (row.values.get("husstand") or "").strip(),
        "vacancy_from": row.values.get("tomgang_fra"),
        "vacancy_to": row.values.get("tomgang_til"),
        "vacancy_amount": money("tomgangsleje"),
        "guarantee_claimed": money("krav"),
        "guarantee_claimed_on": row.values.get("krav_dato"),
        "guarantee_approved": money("godkendt"),
        "guarantee_paid": money("udbetalt"),
        "guarantee_paid_on": row.values.get("udbetalt_dato"),
    }


def _check(rows: list[Row], name: str, kommune: Kommune) -> tuple[list[RowError], list[tuple]]:
    errors: list[RowError] = []
    records: list[tuple] = []
    departments = {
        (d.organisation.number, d.number): d
        for d in Department.objects.select_related("organisation").filter(kommune=kommune)
        | Department.objects.select_related("organisation").filter(
            organisation__home_kommune=kommune
        )
    }
    seen: dict[tuple, int] = {}
    for row in rows:
        v = row.values
        if row.readable("husstand") and looks_like_cpr(v.get("husstand") or ""):
            errors.append(RowError(name, row.number, "husstand", services.CPR_MESSAGE))
        if row.invalid:
            continue
        dept = departments.get((v["organisation"], v["afdeling"]))
        if dept is None:
            errors.append(
                RowError(
                    name,
                    row.number,
                    "afdeling",
                    f"Afdeling {v['organisation']}-{v['afdeling']} findes ikke i {kommune.name}.",
                )
            )
            continue
        key = (dept.pk, v["lejemaal"].strip(), v["tilbudt"])
        if key in seen:
            errors.append(
                RowError(
                    name,
                    row.number,
                    "lejemaal",
                    f"Lejemålet står to gange med samme dato (også i række {seen[key]}).",
                )
            )
            continue
        seen[key] = row.number
        values = _values(row)
        probe = LedgerEntry(
            kommune=kommune, department=dept, dwelling=key[1], offered_on=key[2], **values
        )
        try:
            services._validate_entry(probe)
        except ValidationError as exc:
            for fname, messages in exc.message_dict.items():
                if fname == "household_ref":
                    continue  # reported above
                for m in messages:
                    errors.append(RowError(name, row.number, FIELD_COLUMNS.get(fname, ""), m))
            continue
        records.append((dept, key[1], key[2], values))
    return errors, records


def import_ledger(*, kommune: Kommune, data: bytes, filename: str, by: Any) -> ImportReport:
    """Validate the whole file, then write all of it or nothing (``report.ok``)."""
    if by is not None and not can_write_anvisning(scope_for(by), kommune.pk):
        raise PermissionDenied("Kun kommunens sagsbehandlere kan indlæse anvisningslisten.")
    report = ImportReport(file=filename)
    if len(data) > MAX_BYTES:
        report.errors = [
            RowError(filename, None, "", "Filen er større end 5 MB og kan ikke indlæses.")
        ]
        report.error_count = 1
        return report
    result = read_table(data, filename=filename, schema=SCHEMA, limits=Limits(max_rows=MAX_ROWS))
    errors, records = _check(result.rows, filename, kommune)
    cpr_rows = [
        RowError(filename, r.number, "husstand", services.CPR_MESSAGE)
        for r in result.failed_rows
        if r.readable("husstand") and looks_like_cpr(r.values.get("husstand") or "")
    ]
    all_errors = sorted(result.errors + cpr_rows + errors, key=lambda e: e.row or 0)
    report.rows = len(result.rows) + len(result.failed_rows)
    if all_errors or result.errors_omitted:
        report.error_count = len(all_errors) + result.errors_omitted
        report.errors = cap_errors(
            all_errors, file=filename, omitted=result.errors_omitted, limit=MAX_ERRORS
        )
        return report
    if not records:
        report.errors = [RowError(filename, None, "", "Filen har ingen rækker.")]
        report.error_count = 1
        return report
    _write(kommune, records, data, filename, by, report)
    return report


@transaction.atomic
def _write(
    kommune: Kommune,
    records: list[tuple],
    data: bytes,
    filename: str,
    by: Any,
    report: ImportReport,
) -> None:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "csv"
    _, sha = content_name(data, folder=ARCHIVE_FOLDER, ext=ext)
    report.sha256 = sha
    # Archive after the commit: a rolled-back import must leave no file (content-addressed, so
    # deleting on rollback could remove the archive of an earlier import of the same file).
    transaction.on_commit(lambda: store_content(data, folder=ARCHIVE_FOLDER, ext=ext))
    source = DataSource.objects.create(
        kind=DataSource.Kind.IMPORT,
        name=f"Anvisningsliste {kommune.name}: {filename}"[:200],
        sha256=sha,
        reference_date=timezone.localdate(),
    )
    existing = {
        (e.department_id, e.dwelling, e.offered_on): e
        for e in LedgerEntry.objects.filter(kommune=kommune)
    }
    for dept, dwelling, offered_on, values in records:
        old = existing.get((dept.pk, dwelling, offered_on))
        if old is None:
            services.add_entry(
                kommune=kommune,
                department=dept,
                dwelling=dwelling,
                offered_on=offered_on,
                source=source,
                by=by,
                **values,
            )
            report.created += 1
        else:
            before = old.version
            services.update_entry(entry=old, by=by, **values)
            if old.version != before:
                report.updated += 1
            else:
                report.unchanged += 1


def example_rows(today: date) -> str:
    """A small example file (for the documentation and the import page)."""
    y = today.year - 1
    return (
        "organisation;afdeling;lejemaal;adresse;tilbudt;husleje;udfald;udfaldsdato;husstand;"
        "tomgang_fra;tomgang_til;tomgangsleje;krav;krav_dato;godkendt;udbetalt;udbetalt_dato\n"
        f"0151;003;0312;Kirstinelund 12, st. tv.;01.03.{y};6.250,00;anvist;20.03.{y};H-{y}-017;"
        f"01.03.{y};19.03.{y};3.958,33;;;;;\n"
    )
