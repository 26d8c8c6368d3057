"""Domain checks on parsed rows: do they fit this package's organisation, year, kontoplan, catalogue?

Each ``check_*`` returns the records to write and every error (a ``RowError`` per problem), and
writes nothing. ``almen.tabular`` has already checked the header and each cell's type.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from almen.tabular import Row, RowError, TabularValueError, find_duplicates, parse_decimal
from styringsdialog.intake.models import DocumentationPackage, Question
from styringsdialog.registry.models import ChartOfAccounts
from styringsdialog.registry.queries.accounts import FACT_LABELS

MAX_AMOUNT = Decimal(
    "1e12"
)  # AccountLine.amount / DepartmentFact.value: 12 digits before the point
YES_NO = {"ja": "ja", "j": "ja", "nej": "nej", "n": "nej"}


@dataclass(frozen=True)
class Context:
    package: DocumentationPackage
    departments: dict[str, int]  # afdelingsnummer → pk
    chart: ChartOfAccounts | None
    konti: frozenset[str]
    questions: dict[str, Question]  # upper-case code → question

    @property
    def org_label(self) -> str:
        return f"{self.package.organisation.number} {self.package.organisation.name}"


def load_context(package: DocumentationPackage) -> Context:
    chart = (
        ChartOfAccounts.objects.filter(valid_from__lte=package.period_end)
        .order_by("-valid_from")
        .first()
        or ChartOfAccounts.objects.order_by("valid_from").first()
    )
    questions = {}
    if package.catalogue_id:
        questions = {
            q.code.upper(): q for q in Question.objects.filter(catalogue_id=package.catalogue_id)
        }
    return Context(
        package=package,
        departments=dict(package.organisation.departments.values_list("number", "pk")),
        chart=chart,
        konti=frozenset(chart.accounts.values_list("konto", flat=True)) if chart else frozenset(),
        questions=questions,
    )


def _common(
    row: Row, file: str, ctx: Context, *, year: bool = True, department_required: bool = True
) -> list[RowError]:
    errors = []
    org = ctx.package.organisation
    if row["organisation"] is not None and row["organisation"] != org.number:
        errors.append(
            RowError(
                file,
                row.number,
                "organisation",
                f"Filen gælder organisation {row['organisation']}, men pakken er for {ctx.org_label}.",
            )
        )
    dept = row["afdeling"]
    if (dept is not None or department_required) and dept not in ctx.departments:
        errors.append(
            RowError(
                file, row.number, "afdeling", f"Afdeling {dept} findes ikke i {ctx.org_label}."
            )
        )
    if year and row["år"] != ctx.package.accounting_year:
        errors.append(
            RowError(
                file,
                row.number,
                "år",
                f"Året skal være {ctx.package.accounting_year} (regnskabsåret for styringsår {ctx.package.styringsaar}), ikke {row['år']}.",
            )
        )
    return errors


def _amount_errors(
    value: Decimal, places: int, file: str, row: int, column: str, noun: str
) -> list[RowError]:
    errors = []
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        errors.append(RowError(file, row, column, f"{noun} må højst have {places} decimaler."))
    if abs(value) >= MAX_AMOUNT:
        errors.append(RowError(file, row, column, f"{noun} er for stort."))
    return errors


def check_accounts(
    rows: list[Row], file: str, ctx: Context
) -> tuple[list[tuple[int, str, Decimal]], list[RowError]]:
    """Records (department pk, konto, amount in kr.)."""
    if ctx.chart is None:
        return [], [
            RowError(
                file,
                None,
                "",
                "Der er ingen kontoplan i systemet, så kontonumrene kan ikke kontrolleres.",
            )
        ]
    records, errors = [], find_duplicates(rows, ("afdeling", "år", "konto"), file=file)
    for row in rows:
        row_errors = _common(row, file, ctx)
        if row["konto"] not in ctx.konti:
            row_errors.append(
                RowError(
                    file,
                    row.number,
                    "konto",
                    f"Konto {row['konto']} findes ikke i kontoplanen ({ctx.chart.version}).",
                )
            )
        row_errors += _amount_errors(row["beløb"], 2, file, row.number, "beløb", "Beløbet")
        errors += row_errors
        if not row_errors:
            records.append((ctx.departments[row["afdeling"]], row["konto"], row["beløb"]))
    return records, errors


def check_facts(
    rows: list[Row], file: str, ctx: Context
) -> tuple[list[tuple[int, str, Decimal, str]], list[RowError]]:
    """Records (department pk, code, value, unit)."""
    records, errors = [], find_duplicates(rows, ("afdeling", "år", "nøgle"), file=file)
    for row in rows:
        row_errors = _common(row, file, ctx)
        unit = FACT_LABELS[row["nøgle"]][1]
        if row["enhed"] is not None and row["enhed"] != unit:
            row_errors.append(
                RowError(
                    file,
                    row.number,
                    "enhed",
                    f"Enheden for {row['nøgle']} er '{unit}', ikke '{row['enhed']}'.",
                )
            )
        row_errors += _amount_errors(row["værdi"], 4, file, row.number, "værdi", "Værdien")
        errors += row_errors
        if not row_errors:
            records.append((ctx.departments[row["afdeling"]], row["nøgle"], row["værdi"], unit))
    return records, errors


def check_answers(
    rows: list[Row], file: str, ctx: Context
) -> tuple[list[tuple[Question, int | None, str]], list[RowError]]:
    """Records (question, department pk or None, normalised answer)."""
    catalogue = ctx.package.catalogue
    if catalogue is None:
        return [], [
            RowError(
                file,
                None,
                "",
                f"Der er ingen spørgeramme for styringsår {ctx.package.styringsaar}.",
            )
        ]
    records, errors = [], find_duplicates(rows, ("spørgsmål", "afdeling"), file=file)
    for row in rows:
        row_errors = _common(row, file, ctx, year=False, department_required=False)
        question = ctx.questions.get(row["spørgsmål"].upper())
        value: str | None = None
        if question is None:
            row_errors.append(
                RowError(
                    file,
                    row.number,
                    "spørgsmål",
                    f"Spørgsmål {row['spørgsmål']} findes ikke i spørgerammen {catalogue.version}.",
                )
            )
        else:
            row_errors += _scope_errors(question, row, file)
            try:
                value = normalise_answer(question, row["svar"])
            except TabularValueError as exc:
                row_errors.append(RowError(file, row.number, "svar", str(exc)))
        errors += row_errors
        if not row_errors and question is not None and value is not None:
            dept = ctx.departments[row["afdeling"]] if row["afdeling"] is not None else None
            records.append((question, dept, value))
    return records, errors


def _scope_errors(question: Question, row: Row, file: str) -> list[RowError]:
    if question.scope == Question.Scope.DEPARTMENT and row["afdeling"] is None:
        return [
            RowError(
                file,
                row.number,
                "afdeling",
                f"Spørgsmål {question.code} besvares pr. afdeling; angiv afdelingen.",
            )
        ]
    if question.scope == Question.Scope.ORGANISATION and row["afdeling"] is not None:
        return [
            RowError(
                file,
                row.number,
                "afdeling",
                f"Spørgsmål {question.code} besvares for hele boligorganisationen; lad afdeling være tom.",
            )
        ]
    return []


def normalise_answer(question: Question, raw: str) -> str:
    """The answer as stored: 'ja'/'nej', a plain decimal number, a listed choice, or the text."""
    text = raw.strip()
    if question.answer_type == Question.AnswerType.YES_NO:
        if text.casefold() not in YES_NO:
            raise TabularValueError(
                f"Svaret på {question.code} skal være 'ja' eller 'nej', ikke '{text}'."
            )
        return YES_NO[text.casefold()]
    if question.answer_type == Question.AnswerType.NUMBER:
        return str(parse_decimal(text))
    if question.answer_type == Question.AnswerType.CHOICE:
        match = next((c for c in question.choices if c.casefold() == text.casefold()), None)
        if match is None:
            raise TabularValueError(
                f"Svaret på {question.code} skal være en af: {', '.join(question.choices)}."
            )
        return match
    return text


CHECKS: dict[str, Any] = {
    "accounts": check_accounts,
    "facts": check_facts,
    "answers": check_answers,
}
