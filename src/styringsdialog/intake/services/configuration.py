"""Question catalogues as national settings: which catalogue a styringsår uses, and the texts
of a catalogue that is still a draft (no package uses it and no year has chosen it). Every
change is recorded in the national history (``registry.national``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from styringsdialog.intake.models import (
    CatalogueChoice,
    DocumentationPackage,
    Question,
    QuestionCatalogue,
)
from styringsdialog.registry.national import Kind, record_change

FIRST_YEAR, LAST_YEAR = 2010, 2100


class QuestionConflict(ValidationError):
    """The question was changed after the writer read it."""

    def __init__(self, code: str) -> None:
        super().__init__(
            f"Spørgsmål {code} er blevet ændret af en anden, siden du åbnede det. "
            "Genindlæs og prøv igen."
        )


def catalogues() -> list[QuestionCatalogue]:
    return list(QuestionCatalogue.objects.order_by("-valid_from", "-pk"))


def get_catalogue(pk: int) -> QuestionCatalogue:
    catalogue = QuestionCatalogue.objects.filter(pk=pk).first()
    if catalogue is None:
        raise Http404("Spørgerammen findes ikke.")
    return catalogue


def get_question(catalogue: QuestionCatalogue, pk: int) -> Question:
    question = catalogue.questions.filter(pk=pk).first()
    if question is None:
        raise Http404("Spørgsmålet findes ikke i spørgerammen.")
    return question


def is_draft(catalogue: QuestionCatalogue) -> bool:
    """Not in use: no documentation package and no chosen styringsår refers to it."""
    return not (
        DocumentationPackage.objects.filter(catalogue=catalogue).exists()
        or catalogue.choices.exists()
    )


def years_of(catalogue: QuestionCatalogue) -> list[int]:
    return list(catalogue.choices.order_by("styringsaar").values_list("styringsaar", flat=True))


def newest_in_force(styringsaar: int) -> QuestionCatalogue | None:
    """The newest catalogue in force on 1 January of the styringsår."""
    return (
        QuestionCatalogue.objects.filter(valid_from__lte=date(styringsaar, 1, 1))
        .order_by("-valid_from")
        .first()
    )


def catalogue_for(styringsaar: int) -> QuestionCatalogue | None:
    """The catalogue an administrator chose for the styringsår, else the newest in force."""
    choice = CatalogueChoice.objects.select_related("catalogue").filter(styringsaar=styringsaar)
    found = choice.first()
    return found.catalogue if found else newest_in_force(styringsaar)


def choices() -> dict[int, QuestionCatalogue]:
    return {c.styringsaar: c.catalogue for c in CatalogueChoice.objects.select_related("catalogue")}


@transaction.atomic
def choose_catalogue(*, styringsaar: int, catalogue: QuestionCatalogue, by: Any) -> CatalogueChoice:
    """Make ``catalogue`` the one new packages for ``styringsaar`` get (packages already created
    keep theirs)."""
    if not FIRST_YEAR <= styringsaar <= LAST_YEAR:
        raise ValidationError(f"Styringsåret skal ligge mellem {FIRST_YEAR} og {LAST_YEAR}.")
    choice = CatalogueChoice.objects.select_for_update().filter(styringsaar=styringsaar).first()
    before = choice.catalogue if choice else newest_in_force(styringsaar)
    if choice is not None and choice.catalogue_id == catalogue.pk:
        return choice
    if choice is None:
        choice = CatalogueChoice.objects.create(styringsaar=styringsaar, catalogue=catalogue)
    else:
        choice.catalogue = catalogue
        choice.save(update_fields=["catalogue"])
    record_change(
        kind=Kind.CATALOGUE,
        obj=catalogue,
        label=str(catalogue),
        action=f"Valgt for styringsår {styringsaar}",
        old={"spørgeramme": before.version if before else "ingen"},
        new={"spørgeramme": catalogue.version},
        by=by,
    )
    return choice


@transaction.atomic
def update_question_text(*, question: Question, text: str, version: int, by: Any) -> Question:
    """Change a question's text in a draft catalogue (``version``: the one the writer read)."""
    question = (
        Question.objects.select_for_update(of=("self",))
        .select_related("catalogue")
        .get(pk=question.pk)
    )
    if not is_draft(question.catalogue):
        raise ValidationError(
            f"{question.catalogue} er i brug og kan ikke ændres. Indlæs en ny version af "
            "spørgerammen i stedet."
        )
    if version != question.version:
        raise QuestionConflict(question.code)
    text = text.strip()
    if not text:
        raise ValidationError("Spørgsmålet må ikke være tomt.")
    if len(text) > 2000:
        raise ValidationError("Spørgsmålet må højst være 2000 tegn.")
    if text == question.text:
        return question
    old = {"spørgsmål": question.text}
    question.text = text
    question.version += 1
    question.save(update_fields=["text", "version"])
    record_change(
        kind=Kind.CATALOGUE,
        obj=question.catalogue,
        label=f"{question.catalogue}, spørgsmål {question.code}",
        action="Spørgsmålets tekst ændret",
        old=old,
        new={"spørgsmål": text},
        by=by,
    )
    return question
