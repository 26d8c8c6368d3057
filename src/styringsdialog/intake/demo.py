"""Demo content for intake: the example question catalogue, packages for every organisation and
styringsår of the synthetic world (mixed statuses, some late or missing), and answers for Almenbo.

Deterministic: statuses and dates follow from a hash of organisation number and year.
Called by ``styringsdialog demo-data`` after the registry is loaded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from almen.synth import ALMENBO_NUMBER
from styringsdialog.intake.catalogue import ensure_demo_catalogue
from styringsdialog.intake.models import (
    Answer,
    DocumentationPackage,
    PackageEvent,
    PackageStatus,
    Question,
    QuestionCatalogue,
)
from styringsdialog.intake.periods import deadlines, period_for
from styringsdialog.lib.bulk import insert_rows
from styringsdialog.registry.models import Department, Organisation

S = PackageStatus
Progress = Callable[[str, int, int], None]
TZ = ZoneInfo(settings.TIME_ZONE)
# Almenbo (the seed referat's organisation): the 2021 meeting took place on 27 May 2021.
ALMENBO_STATUS = {
    2021: S.MEETING_HELD,
    2022: S.MEETING_HELD,
    2023: S.MEETING_HELD,
    2024: S.REVIEWED,
    2025: S.CREATED,
}
ALMENBO_2021 = (
    date(2021, 4, 20),
    date(2021, 5, 10),
    date(2021, 5, 27),
)  # submitted, reviewed, meeting held
ORG_ANSWERS = {
    "OEK1": "ja",
    "OEK2": "Delvist",
    "LED1": "ja",
    "LED2": "Forvaltningsrevisionen er drøftet i organisationsbestyrelsen; egenkontrollen dækker indkøb og vedligeholdelse.",
    "UDL1": "3",
    "UDL2": "Kombineret udlejning",
    "BOS1": "nej",
    "BOS2": "Tryghed i Lundebjerg og beboersammensætningen i de ældre afdelinger.",
    "BYG1": "0",
    "BYG2": "Altanprojekt i Kirstinelund og udbedring af byggeskader i Lundebjerg.",
}


def _draw(*parts: Any) -> float:
    """A deterministic number in [0, 1) from the parts."""
    digest = hashlib.sha256("-".join(map(str, parts)).encode()).hexdigest()
    return int(digest[:8], 16) / 2**32


def _status(number: str, year: int, newest: int) -> str | None:
    """A plausible status; None means no package was created (missing)."""
    if number == ALMENBO_NUMBER and year in ALMENBO_STATUS:
        return ALMENBO_STATUS[year]
    u, age = _draw(number, year, "status"), newest - year
    bands = {0: (0.04, 0.30, 0.60, 0.80), 1: (0.0, 0.05, 0.20, 0.45)}.get(
        age, (0.0, 0.02, 0.04, 0.10)
    )
    for limit, status in zip(bands, (None, S.CREATED, S.SUBMITTED, S.REVIEWED), strict=True):
        if u < limit:
            return status
    return S.MEETING_HELD


def _at(d: date) -> datetime:
    return datetime.combine(d, time(10, 0), tzinfo=TZ)


def _build(
    org_pk: int, number: str, year: int, status: str, catalogue: QuestionCatalogue, today: date
) -> tuple[DocumentationPackage, list[tuple[str, str, date]]]:
    start, end = period_for(year)
    provisional, formal = deadlines(end)
    package = DocumentationPackage(
        organisation_id=org_pk,
        styringsaar=year,
        period_start=start,
        period_end=end,
        deadline_provisional=provisional,
        deadline_formal=formal,
        status=status,
        catalogue=catalogue,
        created_at=_at(end + timedelta(days=1)),
    )
    steps: list[tuple[str, str, date]] = [("", S.CREATED, end + timedelta(days=1))]
    if status == S.CREATED:
        return package, steps
    if number == ALMENBO_NUMBER and year == 2021:
        submitted, reviewed, held = ALMENBO_2021
    else:
        submitted = min(formal + timedelta(days=int(_draw(number, year, "sent") * 90) - 75), today)
        reviewed = min(
            submitted + timedelta(days=14 + int(_draw(number, year, "review") * 40)), today
        )
        held = min(reviewed + timedelta(days=20 + int(_draw(number, year, "meeting") * 90)), today)
    package.submitted_at = _at(submitted)
    steps.append((S.CREATED, S.SUBMITTED, submitted))
    if status in (S.REVIEWED, S.MEETING_HELD):
        package.reviewed_at = _at(reviewed)
        steps.append((S.SUBMITTED, S.REVIEWED, reviewed))
    if status == S.MEETING_HELD:
        package.meeting_held_on = held
        steps.append((S.REVIEWED, S.MEETING_HELD, held))
    return package, steps


def load_demo(*, world: Any, progress: Progress | None = None) -> None:
    """Create the demo packages once (does nothing when packages already exist)."""
    report = progress or (lambda stage, done, total: None)
    catalogue = ensure_demo_catalogue()
    if DocumentationPackage.objects.exists():
        return
    years = sorted(y + 1 for y in world.years)  # accounting year N−1 → styringsår N
    today = timezone.localdate()
    orgs = list(Organisation.objects.order_by("number").values_list("pk", "number"))
    built = []
    for pk, number in orgs:
        for year in years:
            status = _status(number, year, years[-1])
            if status is not None:
                built.append(_build(pk, number, year, status, catalogue, today))
    with transaction.atomic():
        insert_rows(
            DocumentationPackage,
            PACKAGE_COLUMNS,
            [[getattr(p, c) for c in PACKAGE_COLUMNS] for p, _ in built],
        )
        ids = {
            (o, y): pk
            for pk, o, y in DocumentationPackage.objects.values_list(
                "pk", "organisation_id", "styringsaar"
            )
        }
        report("Dokumentationspakker", len(built), len(built))
        events = [
            [ids[(p.organisation_id, p.styringsaar)], a, b, _at(d), None, "Demodata."]
            for p, steps in built
            for a, b, d in steps
        ]
        insert_rows(PackageEvent, EVENT_COLUMNS, events)
        _almenbo_answers(catalogue)


PACKAGE_COLUMNS = [
    "organisation_id",
    "styringsaar",
    "period_start",
    "period_end",
    "deadline_provisional",
    "deadline_formal",
    "status",
    "catalogue_id",
    "created_at",
    "submitted_at",
    "reviewed_at",
    "meeting_held_on",
]
EVENT_COLUMNS = ["package_id", "from_status", "to_status", "at", "by_id", "note"]


def _almenbo_answers(catalogue: QuestionCatalogue) -> None:
    package = DocumentationPackage.objects.filter(
        organisation__number=ALMENBO_NUMBER, styringsaar=2021
    ).first()
    if package is None:
        return
    questions = {q.code: q for q in Question.objects.filter(catalogue=catalogue)}
    departments = list(
        Department.objects.filter(organisation=package.organisation).order_by("number")
    )
    answers = [
        Answer(package=package, question=questions[c], value=v) for c, v in ORG_ANSWERS.items()
    ]
    for i, dept in enumerate(departments):
        answers.append(
            Answer(
                package=package,
                question=questions["OEK3"],
                department=dept,
                value="nej" if dept.number == "008" else "ja",
            )
        )
        answers.append(
            Answer(
                package=package,
                question=questions["OEK4"],
                department=dept,
                value=str(2 + (i * 3) % 7),
            )
        )
        answers.append(
            Answer(
                package=package,
                question=questions["LED3"],
                department=dept,
                value="ja" if dept.has_board else "nej",
            )
        )
    Answer.objects.bulk_create(answers)
