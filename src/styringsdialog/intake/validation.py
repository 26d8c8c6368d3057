"""Domain checks on parsed rows: do they fit this package's organisation, year, kontoplan, catalogue?

Each ``check_*`` returns a ``Checked``: the records to write, every error (a ``RowError`` per
problem) and the warnings (imported, but worth a look), and writes nothing. ``almen.tabular`` has
already checked the header and each cell's type; the checks here run on every row, also on rows
with an unreadable cell (``Row.invalid``), so one row reports all its errors at once (a bad amount
does not hide an unknown department). A check skips only the cells that could not be read.

``normalise_answer`` is the one validation of a styringsrapport answer: the file import, the web
form and the API all call it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from almen.kontoplan import konto_problem
from almen.tabular import Row, RowError, TabularValueError, find_duplicates, parse_decimal
from styringsdialog.intake.models import DocumentationPackage, Question
from styringsdialog.registry.models import ChartOfAccounts
from styringsdialog.registry.queries.accounts import FACT_LABELS

MAX_AMOUNT = Decimal(
    "1e12"
)  # AccountLine.amount / DepartmentFact.value: 12 digits before the point
YES_NO = {"ja": "ja", "j": "ja", "nej": "nej", "n": "nej"}
MAX_ANSWER_CHARS = 4_000  # as the file import (schemas.ANSWERS "svar")


@dataclass
class Checked:
    records: list[Any]
    errors: list[RowError]
    warnings: list[RowError]

    def __iter__(self):  # records, errors = check_…(…) still works
        return iter((self.records, self.errors))


def _dupes(rows: list[Row], key: tuple[str, ...], file: str) -> list[RowError]:
    return find_duplicates([r for r in rows if r.readable(*key)], key, file=file)


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
        ChartOfAccounts.objects.filter(is_active=True).order_by("-pk").first()
        or ChartOfAccounts.objects.filter(valid_from__lte=package.period_end)
        .order_by("-valid_from", "-pk")
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
    if (
        row.readable("afdeling")
        and (dept is not None or department_required)
        and dept not in ctx.departments
    ):
        errors.append(
            RowError(
                file, row.number, "afdeling", f"Afdeling {dept} findes ikke i {ctx.org_label}."
            )
        )
    if year and row.readable("år") and row["år"] != ctx.package.accounting_year:
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


def check_accounts(rows: list[Row], file: str, ctx: Context) -> Checked:
    """Records (department pk, konto, amount in kr.). A well-formed konto in the plan's ranges
    that the loaded plan does not name is imported with a warning; one outside them is an error."""
    if ctx.chart is None:
        return Checked(
            [],
            [
                RowError(
                    file,
                    None,
                    "",
                    "Der er ingen kontoplan i systemet, så kontonumrene kan ikke kontrolleres.",
                )
            ],
            [],
        )
    records: list[Any] = []
    errors = _dupes(rows, ("afdeling", "år", "konto"), file)
    warnings: list[RowError] = []
    for row in rows:
        row_errors = _common(row, file, ctx)
        konto = row["konto"]
        if row.readable("konto"):
            problem = konto_problem(konto)
            if problem:
                row_errors.append(RowError(file, row.number, "konto", problem))
            elif konto not in ctx.konti:
                warnings.append(
                    RowError(
                        file,
                        row.number,
                        "konto",
                        f"Konto {konto} står ikke i kontoplanen ({ctx.chart.version}); linjen er indlæst.",
                    )
                )
        if row.readable("beløb"):
            row_errors += _amount_errors(row["beløb"], 2, file, row.number, "beløb", "Beløbet")
        errors += row_errors
        if not row_errors and not row.invalid:
            records.append((ctx.departments[row["afdeling"]], konto, row["beløb"]))
    return Checked(records, errors, warnings)


def check_facts(rows: list[Row], file: str, ctx: Context) -> Checked:
    """Records (department pk, code, value, unit)."""
    records: list[Any] = []
    errors = _dupes(rows, ("afdeling", "år", "nøgle"), file)
    for row in rows:
        row_errors = _common(row, file, ctx)
        unit = FACT_LABELS[row["nøgle"]][1] if row.readable("nøgle") else None
        if unit and row.readable("enhed") and row["enhed"] is not None and row["enhed"] != unit:
            row_errors.append(
                RowError(
                    file,
                    row.number,
                    "enhed",
                    f"Enheden for {row['nøgle']} er '{unit}', ikke '{row['enhed']}'.",
                )
            )
        if row.readable("værdi"):
            row_errors += _amount_errors(row["værdi"], 4, file, row.number, "værdi", "Værdien")
        errors += row_errors
        if not row_errors and not row.invalid:
            records.append((ctx.departments[row["afdeling"]], row["nøgle"], row["værdi"], unit))
    return Checked(records, errors, [])


def check_answers(rows: list[Row], file: str, ctx: Context) -> Checked:
    """Records (question, department pk or None, normalised answer)."""
    catalogue = ctx.package.catalogue
    if catalogue is None:
        return Checked(
            [],
            [
                RowError(
                    file,
                    None,
                    "",
                    f"Der er ingen spørgeramme for styringsår {ctx.package.styringsaar}.",
                )
            ],
            [],
        )
    records: list[Any] = []
    errors = _dupes(rows, ("spørgsmål", "afdeling"), file)
    for row in rows:
        row_errors = _common(row, file, ctx, year=False, department_required=False)
        if not row.readable("spørgsmål"):
            errors += row_errors
            continue
        if row.readable("svar") and row["svar"] is None:  # a blank answer: not answered (template)
            errors += row_errors
            continue
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
            if row.readable("afdeling"):
                row_errors += _scope_errors(question, row, file)
            if row.readable("svar"):
                try:
                    value = normalise_answer(question, row["svar"])
                except TabularValueError as exc:
                    row_errors.append(RowError(file, row.number, "svar", str(exc)))
        errors += row_errors
        if not row_errors and not row.invalid and question is not None and value is not None:
            dept = ctx.departments[row["afdeling"]] if row["afdeling"] is not None else None
            records.append((question, dept, value))
    return Checked(records, errors, [])


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
    if not text:
        raise TabularValueError(f"Svaret på {question.code} er tomt.")
    if len(text) > MAX_ANSWER_CHARS:
        raise TabularValueError(
            f"Svaret på {question.code} er for langt (højst {MAX_ANSWER_CHARS} tegn)."
        )
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
