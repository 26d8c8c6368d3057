"""Our own example question catalogue for the styringsrapport (version "2021-eksempel").

The official catalogue (item numbers, wording, answer types) is versioned by LBF and the
ministry and is not public (DOMAIN.md §2.1, §12). These questions are written by this project
from the five themes, so the flow can be shown; load the official catalogue as a new version
when it is obtained.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from styringsdialog.intake.models import Question, QuestionCatalogue, Theme

VERSION = "2021-eksempel"
NOTE = (
    "Eksempel udarbejdet af Styringsdialog-projektet. Den officielle spørgeramme til styringsrapporten "
    "er ikke offentlig; spørgsmålene her er vores egne, formuleret ud fra styringsrapportens temaer."
)
Q = Question.AnswerType
ORG, DEPT = Question.Scope.ORGANISATION, Question.Scope.DEPARTMENT

# (code, theme, scope, answer type, choices, text)
QUESTIONS: tuple[tuple[str, str, str, str, tuple[str, ...], str], ...] = (
    (
        "OEK1",
        Theme.ECONOMY,
        ORG,
        Q.YES_NO,
        (),
        "Har revisor afgivet en påtegning uden forbehold og uden supplerende oplysninger?",
    ),
    (
        "OEK2",
        Theme.ECONOMY,
        ORG,
        Q.CHOICE,
        ("Ja", "Delvist", "Nej"),
        "Er der i året fulgt op på organisationens mål for effektivisering?",
    ),
    (
        "OEK3",
        Theme.ECONOMY,
        DEPT,
        Q.YES_NO,
        (),
        "Har afdelingen en drifts- og vedligeholdelsesplan, der er opdateret inden for de seneste fem år?",
    ),
    (
        "OEK4",
        Theme.ECONOMY,
        DEPT,
        Q.NUMBER,
        (),
        "Hvor mange lejemål var i huslejerestance ved regnskabsårets udgang?",
    ),
    (
        "LED1",
        Theme.GOVERNANCE,
        ORG,
        Q.YES_NO,
        (),
        "Har organisationen vedtaget og offentliggjort principper for god selskabsskik?",
    ),
    (
        "LED2",
        Theme.GOVERNANCE,
        ORG,
        Q.TEXT,
        (),
        "Beskriv kort, hvordan organisationen har arbejdet med forvaltningsrevision og egenkontrol i året.",
    ),
    ("LED3", Theme.GOVERNANCE, DEPT, Q.YES_NO, (), "Har afdelingen en afdelingsbestyrelse?"),
    (
        "UDL1",
        Theme.LETTING,
        ORG,
        Q.NUMBER,
        (),
        "Hvor mange boliger stod ledige med lejetab pr. 1. februar?",
    ),
    (
        "UDL2",
        Theme.LETTING,
        ORG,
        Q.CHOICE,
        ("Nej", "Kombineret udlejning", "Fleksibel udlejning", "Begge dele"),
        "Anvender organisationen særlige udlejningsregler?",
    ),
    (
        "BOS1",
        Theme.SOCIAL,
        ORG,
        Q.YES_NO,
        (),
        "Har organisationen en aktiv boligsocial helhedsplan?",
    ),
    (
        "BOS2",
        Theme.SOCIAL,
        ORG,
        Q.TEXT,
        (),
        "Hvilke boligsociale forhold ønsker organisationen at drøfte med kommunen?",
    ),
    (
        "BYG1",
        Theme.BUILDING,
        ORG,
        Q.NUMBER,
        (),
        "Hvor mange almene boliger er under opførelse (skema B godkendt)?",
    ),
    (
        "BYG2",
        Theme.BUILDING,
        ORG,
        Q.TEXT,
        (),
        "Hvilke større renoverings- og helhedsplansager forventer organisationen de kommende år?",
    ),
)


def ensure_demo_catalogue() -> QuestionCatalogue:
    """Create the example catalogue (idempotent)."""
    with transaction.atomic():
        catalogue, created = QuestionCatalogue.objects.get_or_create(
            version=VERSION,
            defaults={"valid_from": date(2021, 1, 1), "note": NOTE, "is_example": True},
        )
        if created:
            Question.objects.bulk_create(
                Question(
                    catalogue=catalogue,
                    code=code,
                    theme=theme,
                    scope=scope,
                    answer_type=kind,
                    choices=list(choices),
                    text=text,
                    order=i,
                )
                for i, (code, theme, scope, kind, choices, text) in enumerate(QUESTIONS, start=1)
            )
    return catalogue
