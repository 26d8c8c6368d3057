"""Writes on styringsrapport answers: the web form, the API and "Genbrug sidste års svar".

Every save validates with ``validation.normalise_answer`` (the same function as the file import),
checks the version the writer last saw (optimistic locking: ``AnswerConflict`` when someone else
saved in between) and keeps the value in ``AnswerRevision`` (the history). Scope (who may call)
is checked by the caller through ``intake.queries.get_package_access(..., write="upload")``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from almen.tabular import TabularValueError
from styringsdialog.intake.models import (
    Answer,
    AnswerRevision,
    DocumentationPackage,
    PackageStatus,
    Question,
)
from styringsdialog.intake.validation import normalise_answer
from styringsdialog.registry.models import Department

ANSWERABLE = (PackageStatus.CREATED, PackageStatus.SUBMITTED)


class AnswerConflict(ValidationError):
    """The answer was saved by someone else after the writer read it (HTTP 409 in the API)."""


@dataclass(frozen=True)
class Missing:
    question: Question
    department: Department | None

    def __str__(self) -> str:
        where = f" for afd. {self.department.number}" if self.department else ""
        return f"{self.question.code}{where}"


def _check_open(package: DocumentationPackage) -> None:
    if package.status not in ANSWERABLE:
        raise ValidationError(
            f"Svarene kan ikke ændres, når pakken har status '{PackageStatus(package.status).label}'."
        )
    if package.catalogue_id is None:
        raise ValidationError(f"Der er ingen spørgeramme for styringsår {package.styringsaar}.")


def department_for(
    package: DocumentationPackage, question: Question, department_number: str | None
) -> Department | None:
    if question.scope == Question.Scope.ORGANISATION:
        if department_number:
            raise ValidationError(
                f"Spørgsmål {question.code} besvares for hele boligorganisationen, ikke pr. afdeling."
            )
        return None
    if not department_number:
        raise ValidationError(f"Spørgsmål {question.code} besvares pr. afdeling; angiv afdelingen.")
    dept = Department.objects.filter(
        organisation_id=package.organisation_id, number=department_number
    ).first()
    if dept is None:
        raise ValidationError(
            f"Afdeling {department_number} findes ikke i {package.organisation.number} {package.organisation.name}."
        )
    return dept


def question_of(package: DocumentationPackage, code: str) -> Question:
    question = Question.objects.filter(
        catalogue_id=package.catalogue_id, code__iexact=code.strip()
    ).first()
    if question is None:
        version = package.catalogue.version if package.catalogue else "–"
        raise ValidationError(f"Spørgsmål {code} findes ikke i spørgerammen {version}.")
    return question


def save_answer(
    *,
    package: DocumentationPackage,
    question_code: str,
    value: str,
    by: Any,
    version: int | None,
    department_number: str | None = None,
    via: str = AnswerRevision.Via.FORM,
) -> Answer:
    """Validate and save one answer. ``version`` is the version the writer saw (0 or None: it
    saw no answer). Saving the same value again changes nothing."""
    _check_open(package)
    question = question_of(package, question_code)
    department = department_for(package, question, department_number)
    try:
        normalised = normalise_answer(question, value)
    except TabularValueError as exc:
        raise ValidationError(str(exc)) from exc
    with transaction.atomic():
        _check_open(DocumentationPackage.objects.select_for_update().get(pk=package.pk))
        answer = (
            Answer.objects.select_for_update()
            .filter(package=package, question=question, department=department)
            .first()
        )
        seen = version or 0
        current = answer.version if answer else 0
        if seen != current:
            who = ""
            if answer is not None and answer.updated_by is not None:
                who = f" af {answer.updated_by.get_full_name() or answer.updated_by.username}"
            raise AnswerConflict(
                f"Svaret på {question.code} er ændret{who}, siden du hentede det (version {current}, "
                f"du havde version {seen}). Hent siden igen, og ret svaret ud fra det nye."
            )
        if answer is not None and answer.value == normalised:
            return answer
        now = timezone.now()
        if answer is None:
            answer = Answer.objects.create(
                package=package,
                question=question,
                department=department,
                value=normalised,
                updated_at=now,
                updated_by=by,
                version=1,
            )
        else:
            answer.value, answer.updated_at, answer.updated_by = normalised, now, by
            answer.version += 1
            answer.batch = None
            answer.save(update_fields=["value", "updated_at", "updated_by", "version", "batch"])
        AnswerRevision.objects.create(
            answer=answer, version=answer.version, value=normalised, at=now, by=by, via=via
        )
    return answer


def missing_answers(package: DocumentationPackage) -> list[Missing]:
    """Every question (and, for department questions, every department) without an answer."""
    if package.catalogue_id is None:
        return []
    questions = list(Question.objects.filter(catalogue_id=package.catalogue_id))
    departments = list(
        Department.objects.filter(organisation_id=package.organisation_id).order_by("number")
    )
    have = set(Answer.objects.filter(package=package).values_list("question_id", "department_id"))
    missing = []
    for q in questions:
        if q.scope == Question.Scope.ORGANISATION:
            if (q.pk, None) not in have:
                missing.append(Missing(q, None))
        else:
            missing += [Missing(q, d) for d in departments if (q.pk, d.pk) not in have]
    return missing


def previous_package(package: DocumentationPackage) -> DocumentationPackage | None:
    return (
        DocumentationPackage.objects.filter(
            organisation_id=package.organisation_id, styringsaar__lt=package.styringsaar
        )
        .order_by("-styringsaar")
        .first()
    )


def reuse_last_year(*, package: DocumentationPackage, by: Any) -> int:
    """Copy last year's answers into questions (same number) this package has not answered.

    Each copied value is validated against this year's question (a changed question may not take
    last year's answer); such answers are skipped. Returns how many were copied.
    """
    _check_open(package)
    previous = previous_package(package)
    if previous is None:
        raise ValidationError("Der er ingen tidligere dokumentationspakke at genbruge svar fra.")
    questions = {
        q.code.upper(): q for q in Question.objects.filter(catalogue_id=package.catalogue_id)
    }
    departments = set(
        Department.objects.filter(organisation_id=package.organisation_id).values_list(
            "pk", flat=True
        )
    )
    now = timezone.now()
    copied = 0
    with transaction.atomic():
        have = set(
            Answer.objects.select_for_update()
            .filter(package=package)
            .values_list("question_id", "department_id")
        )
        for old in Answer.objects.filter(package=previous).select_related("question"):
            q = questions.get(old.question.code.upper())
            if q is None or q.scope != old.question.scope or (q.pk, old.department_id) in have:
                continue
            if old.department_id is not None and old.department_id not in departments:
                continue
            try:
                value = normalise_answer(q, old.value)
            except TabularValueError:
                continue
            answer = Answer.objects.create(
                package=package,
                question=q,
                department_id=old.department_id,
                value=value,
                updated_at=now,
                updated_by=by,
                version=1,
            )
            AnswerRevision.objects.create(
                answer=answer, version=1, value=value, at=now, by=by, via=AnswerRevision.Via.REUSE
            )
            copied += 1
    if copied == 0:
        raise ValidationError(
            f"Der var ingen svar at genbruge fra styringsår {previous.styringsaar}: alle spørgsmål, "
            "der også var sidste år, er allerede besvaret."
        )
    return copied
