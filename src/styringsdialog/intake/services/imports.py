"""Import of accounts, department facts and styringsrapport answers into a package.

``import_file`` runs the fixed order of STYLE.md §5: check the header → parse and validate every
row (types, then organisation, department, year, kontoplan, catalogue, duplicates) → if there is
any error, keep the batch with its error list and write nothing else → otherwise write every row
in one transaction (upserts pointing at a ``DataSource`` for the file) → report.

A rejected batch stores the first ``MAX_STORED_ERRORS`` errors (in row order) and, in
``counts["errors"]``, how many were found; the pages and the API page through the stored ones.
The reading itself is bounded by ``almen.tabular.Limits`` (rows, columns, cell length, XLSX
size), so any file within the upload limit is refused or imported in seconds.

The original file is stored unchanged as ``imports/<sha256>.<ext>``. Importing the same file as
the latest successful import of that kind changes nothing and says so.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from almen.formatting import format_number
from almen.tabular import MAX_ERRORS, MAX_ROWS, MAX_XML_ELEMENTS, Limits, RowError, read_table
from styringsdialog.intake import files
from styringsdialog.intake.models import (
    Answer,
    AnswerRevision,
    DocumentationPackage,
    ImportBatch,
    ImportKind,
    PackageStatus,
    Question,
)
from styringsdialog.intake.schemas import SCHEMAS
from styringsdialog.intake.validation import CHECKS, Context, load_context
from styringsdialog.lib.bulk import upsert_rows
from styringsdialog.registry.models import AccountLine, DataSource, DepartmentFact

IMPORTABLE = (PackageStatus.CREATED, PackageStatus.SUBMITTED)
Counts = dict[str, int]
MAX_STORED_ERRORS = MAX_ERRORS
"""Errors kept on a rejected batch (``ImportBatch.errors``); the rest are only counted. One
file with an error in every cell once stored 723,154 errors (132 MB) that every later page
view read back."""
MAX_SHEET_NAME = 100  # ``ImportBatch.sheet``; Excel's own limit is 31 characters


def import_limits() -> Limits:
    """``almen.tabular`` limits with the rows a file may have from ``INTAKE_IMPORT_MAX_ROWS``
    (an XLSX may then hold proportionally more XML elements)."""
    max_rows = int(getattr(settings, "INTAKE_IMPORT_MAX_ROWS", MAX_ROWS))
    scale = max(1.0, max_rows / MAX_ROWS)
    return Limits(max_rows=max_rows, max_xml_elements=int(MAX_XML_ELEMENTS * scale))


@dataclass(frozen=True)
class ImportOutcome:
    batch: ImportBatch
    duplicate: bool = False  # the file was already the latest import of its kind: nothing changed

    @property
    def ok(self) -> bool:
        return self.batch.status == ImportBatch.Status.IMPORTED

    @property
    def errors(self) -> list[dict[str, Any]]:
        return list(self.batch.errors)

    @property
    def message(self) -> str:
        b = self.batch
        if self.duplicate:
            when = timezone.localtime(b.uploaded_at).strftime("%d.%m.%Y kl. %H.%M")
            return f"Filen {b.original_name} er allerede indlæst ({when}); intet er ændret."
        if not self.ok:
            n = b.error_count
            shown = (
                f" De første {format_number(len(b.errors))} fejl vises."
                if len(b.errors) < n
                else ""
            )
            return f"Filen {b.original_name} blev afvist med {format_number(n)} fejl. Intet er gemt.{shown} Ret fejlene, og indlæs filen igen."
        c = b.counts
        warned = f" {format_number(len(b.warnings))} advarsler: se listen." if b.warnings else ""
        return (
            f"Filen {b.original_name} er indlæst: {format_number(c['rows'])} rækker "
            f"({format_number(c['created'])} nye, {format_number(c['updated'])} ændrede, {format_number(c['unchanged'])} uændrede).{warned}"
        )


def import_file(
    *,
    package: DocumentationPackage,
    kind: str,
    uploaded_file: Any,
    by: Any,
    sheet: str | None = None,
) -> ImportOutcome:
    """Validate the whole file and write all of it, or nothing; see the module docstring."""
    check_importable(package=package, kind=kind, sheet=sheet)
    data, name = files.read_upload(uploaded_file)
    return _import_data(package=package, kind=kind, data=data, name=name, by=by, sheet=sheet)


def check_importable(*, package: DocumentationPackage, kind: str, sheet: str | None) -> None:
    """The checks before a file is read: known kind, a package that takes imports, the sheet."""
    if kind not in ImportKind.values:
        raise ValidationError(
            f"Ukendt filtype '{kind}'. Vælg regnskab, afdelingsoplysninger eller svar."
        )
    if package.status not in IMPORTABLE:
        raise ValidationError(
            f"Der kan ikke indlæses filer i pakken, når den har status '{PackageStatus(package.status).label}'."
        )
    if sheet and len(sheet) > MAX_SHEET_NAME:
        raise ValidationError(f"Arkets navn er for langt (højst {MAX_SHEET_NAME} tegn).")


def _import_data(
    *,
    package: DocumentationPackage,
    kind: str,
    data: bytes,
    name: str,
    by: Any,
    sheet: str | None,
    progress: Callable[[str, int, int], None] | None = None,
) -> ImportOutcome:
    step = progress or (lambda _step, _done, _total: None)
    step("Læser filen", 0, 4)
    latest = (
        package.imports.filter(kind=kind, status=ImportBatch.Status.IMPORTED)
        .order_by("-uploaded_at", "-pk")
        .first()
    )
    if latest is not None and latest.sha256 == hashlib.sha256(data).hexdigest():
        return ImportOutcome(latest, duplicate=True)
    result = read_table(
        data, filename=name, schema=SCHEMAS[kind], sheet=sheet or None, limits=import_limits()
    )
    step("Kontrollerer rækkerne", 1, 4)
    context = load_context(package)
    rows = sorted(result.rows + result.failed_rows, key=lambda r: r.number)
    checked = CHECKS[kind](rows, name, context)
    domain_errors = checked.errors
    records = checked.records
    # a row's errors stay together (stable sort: a row's cell errors, then its domain errors)
    errors = sorted(result.errors + domain_errors, key=lambda e: e.row or 0)
    found = result.error_count + len(domain_errors)
    step("Gemmer filen", 2, 4)
    stored = files.store(data, folder="imports", original_name=name)
    batch = ImportBatch(
        package=package,
        kind=kind,
        file=stored.name,
        sha256=stored.sha256,
        size=stored.size,
        original_name=stored.original_name,
        sheet=sheet or "",
        uploaded_by=by,
        warnings=[w.as_dict() for w in checked.warnings[:MAX_STORED_ERRORS]],
    )
    step("Gemmer fejlrapporten" if errors else "Skriver rækkerne", 3, 4)
    with transaction.atomic():
        if errors:
            _save_rejected(batch, errors, found)
        else:
            _save_imported(batch, records, context)
    step("Færdig", 4, 4)
    return ImportOutcome(batch)


def import_stored_file(
    *,
    package: DocumentationPackage,
    kind: str,
    stored_name: str,
    original_name: str,
    by: Any,
    sheet: str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> ImportOutcome:
    """``import_file`` for a file already in storage (``files.store``): what the background
    import job runs. The same checks, limits and all-or-nothing write."""
    check_importable(package=package, kind=kind, sheet=sheet)
    data = files.read_stored(stored_name)
    return _import_data(
        package=package,
        kind=kind,
        data=data,
        name=original_name,
        by=by,
        sheet=sheet,
        progress=progress,
    )


def _save_rejected(batch: ImportBatch, errors: list[RowError], found: int) -> None:
    """Keep the first ``MAX_STORED_ERRORS`` errors and the number found (``found`` ≥ those)."""
    batch.status = ImportBatch.Status.REJECTED
    batch.errors = [e.as_dict() for e in errors[:MAX_STORED_ERRORS]]
    batch.counts = {"errors": max(found, len(errors))}
    batch.save()


def _save_imported(batch: ImportBatch, records: list[Any], context: Context) -> None:
    package = batch.package
    batch.status = ImportBatch.Status.IMPORTED
    if batch.kind != ImportKind.ANSWERS:
        org = package.organisation
        batch.data_source = DataSource.objects.create(
            kind=DataSource.Kind.IMPORT,
            name=f"{ImportKind(batch.kind).label}: {batch.original_name} ({org.number} {org.name}, styringsår {package.styringsaar})"[
                :200
            ],
            reference_date=package.period_end,
            sha256=batch.sha256,
        )
    batch.save()
    batch.counts = WRITERS[batch.kind](records, batch, context)
    batch.save(update_fields=["counts"])


def _counts(records: int, created: int, changed: int) -> Counts:
    return {
        "rows": records,
        "created": created,
        "updated": changed - created,
        "unchanged": records - changed,
    }


def _write_accounts(
    records: list[tuple[int, str, Decimal]], batch: ImportBatch, context: Context
) -> Counts:
    year = context.package.accounting_year
    existing = dict(
        ((d, k), a)
        for d, k, a in AccountLine.objects.filter(
            department__organisation_id=context.package.organisation_id, year=year
        ).values_list("department_id", "konto", "amount")
    )
    assert context.chart is not None  # check_accounts refuses the file without a kontoplan
    changed = [
        (d, year, k, a, context.chart.pk, batch.data_source_id)
        for d, k, a in records
        if existing.get((d, k)) != a
    ]
    upsert_rows(
        AccountLine,
        ["department_id", "year", "konto", "amount", "chart_id", "source_id"],
        ["department_id", "year", "konto"],
        changed,
    )
    return _counts(
        len(records), sum(1 for d, k, _ in records if (d, k) not in existing), len(changed)
    )


def _write_facts(
    records: list[tuple[int, str, Decimal, str]], batch: ImportBatch, context: Context
) -> Counts:
    year = context.package.accounting_year
    existing = {
        (d, c): (v, u)
        for d, c, v, u in DepartmentFact.objects.filter(
            department__organisation_id=context.package.organisation_id, year=year
        ).values_list("department_id", "code", "value", "unit")
    }
    changed = [
        (d, year, c, v, u, batch.data_source_id)
        for d, c, v, u in records
        if existing.get((d, c)) != (v, u)
    ]
    upsert_rows(
        DepartmentFact,
        ["department_id", "year", "code", "value", "unit", "source_id"],
        ["department_id", "year", "code"],
        changed,
    )
    return _counts(
        len(records), sum(1 for d, c, *_ in records if (d, c) not in existing), len(changed)
    )


def _write_answers(
    records: list[tuple[Question, int | None, str]], batch: ImportBatch, context: Context
) -> Counts:
    existing = {
        (a.question_id, a.department_id): a for a in Answer.objects.filter(package=context.package)
    }
    now = timezone.now()
    by = batch.uploaded_by
    new, changed = [], []
    for question, dept, value in records:
        answer = existing.get((question.pk, dept))
        if answer is None:
            new.append(
                Answer(
                    package=context.package,
                    question=question,
                    department_id=dept,
                    value=value,
                    batch=batch,
                    updated_at=now,
                    updated_by=by,
                    version=1,
                )
            )
        elif answer.value != value:
            answer.value, answer.batch, answer.updated_at = value, batch, now
            answer.updated_by, answer.version = by, answer.version + 1
            changed.append(answer)
    Answer.objects.bulk_create(new)
    Answer.objects.bulk_update(changed, ["value", "batch", "updated_at", "updated_by", "version"])
    saved = Answer.objects.filter(package=context.package, batch=batch)
    AnswerRevision.objects.bulk_create(
        AnswerRevision(
            answer=a, version=a.version, value=a.value, at=now, by=by, via=AnswerRevision.Via.FILE
        )
        for a in saved
    )
    return _counts(len(records), len(new), len(new) + len(changed))


WRITERS: dict[str, Callable[[Any, ImportBatch, Context], Counts]] = {
    "accounts": _write_accounts,
    "facts": _write_facts,
    "answers": _write_answers,
}
