"""Test helpers for intake: uploaded files from ``fixtures/`` and a snapshot of what imports write."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from styringsdialog.intake.models import Answer
from styringsdialog.registry.models import AccountLine, DataSource, DepartmentFact

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_file(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (FIXTURES / name).read_bytes())


def xlsx_file(name: str, rows: list[list], *, merge: str | None = None) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    if merge:
        ws.merge_cells(merge)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(name, buf.getvalue())


def snapshot() -> dict:
    """Everything an import may write, to prove that a rejected file wrote nothing."""
    return {
        "accounts": sorted(
            AccountLine.objects.values_list("department_id", "year", "konto", "amount", "source_id")
        ),
        "facts": sorted(
            DepartmentFact.objects.values_list(
                "department_id", "year", "code", "value", "unit", "source_id"
            )
        ),
        "sources": DataSource.objects.count(),
        "answers": sorted(
            Answer.objects.values_list("package_id", "question_id", "department_id", "value")
        ),
    }


SAMPLE_ANSWERS = {"ja_nej": "ja", "tal": "3", "tekst": "Se årsberetningen."}


def answer_all(package, by=None) -> int:
    """Answer every question of the package's catalogue (every department for department
    questions) through the form's service, so the package can be submitted."""
    from styringsdialog.intake.services.answers import missing_answers, save_answer

    missing = missing_answers(package)
    for m in missing:
        q = m.question
        save_answer(
            package=package,
            question_code=q.code,
            value=q.choices[0] if q.choices else SAMPLE_ANSWERS[q.answer_type],
            by=by,
            version=0,
            department_number=m.department.number if m.department else None,
        )
    return len(missing)
