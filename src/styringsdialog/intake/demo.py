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
# Almenbo (the seed referat's organisation): the 2021 meeting took place on 27 May 2021. Its
# 2021 package is always made (the seed meeting follows it up); later years are relative to today:
# meetings held in past years, this year's package reviewed with the meeting still to come.
ALMENBO_SEED_YEAR = 2021
ALMENBO_2021 = (
    date(2021, 4, 20),
    date(2021, 5, 10),
    date(2021, 5, 27),
)  # submitted, reviewed, meeting held
# Share of packages per age (0 = the current styringsår) left at each stage: (missing, created,
# submitted, reviewed); the rest have had their meeting. For the current year the stage is
# also capped by the day the demo is loaded (a package is not submitted before its date).
STATUS_BANDS = {0: (0.02, 0.05, 0.05, 0.05), 1: (0.0, 0.01, 0.03, 0.10)}
OLDER_BANDS = (0.0, 0.0, 0.01, 0.03)
# Submission relative to the formal deadline: from 75 days early to 20 days late.
SENT_EARLY, SENT_SPAN = 75, 95
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


def _banded(number: str, year: int, newest: int) -> str | None:
    """The furthest stage a package may reach; None means no package was created (missing)."""
    u, age = _draw(number, year, "status"), newest - year
    bands = STATUS_BANDS.get(age, OLDER_BANDS)
    limit = 0.0
    for share, status in zip(bands, (None, S.CREATED, S.SUBMITTED, S.REVIEWED), strict=True):
        limit += share
        if u < limit:
            return status
    return S.MEETING_HELD


def _dates(number: str, year: int, formal: date) -> tuple[date, date, date]:
    """(submitted, reviewed, meeting held), drawn around the formal deadline."""
    if number == ALMENBO_NUMBER and year == ALMENBO_SEED_YEAR:
        return ALMENBO_2021
    if number == ALMENBO_NUMBER:
        submitted = formal - timedelta(days=40)
        return submitted, submitted + timedelta(days=21), submitted + timedelta(days=60)
    submitted = formal + timedelta(days=int(_draw(number, year, "sent") * SENT_SPAN) - SENT_EARLY)
    reviewed = submitted + timedelta(days=14 + int(_draw(number, year, "review") * 40))
    held = reviewed + timedelta(days=20 + int(_draw(number, year, "meeting") * 90))
    return submitted, reviewed, held


ORDER = (S.CREATED, S.SUBMITTED, S.REVIEWED, S.MEETING_HELD)


def _status(
    number: str, year: int, newest: int, today: date, dates: tuple[date, ...]
) -> str | None:
    """The package's status on ``today``: its band, capped by the steps dated on or before today."""
    cap: str | None
    if number == ALMENBO_NUMBER:
        # Almenbo meets in the demo's meetings: held in past years, planned in the current year.
        cap = S.MEETING_HELD if year < newest else S.REVIEWED
    else:
        cap = _banded(number, year, newest)
        if cap is None:
            return None
    reached: str = S.CREATED
    for status, when in zip(ORDER[1:], dates, strict=True):
        if when > today:
            break
        reached = status
    return ORDER[min(ORDER.index(cap), ORDER.index(reached))]


def _at(d: date) -> datetime:
    return datetime.combine(d, time(10, 0), tzinfo=TZ)


def _build(
    org_pk: int, number: str, year: int, newest: int, catalogue: QuestionCatalogue, today: date
) -> tuple[DocumentationPackage, list[tuple[str, str, date]]] | None:
    start, end = period_for(year)
    provisional, formal = deadlines(end)
    dates = _dates(number, year, formal)
    status = _status(number, year, newest, today, dates)
    if status is None:
        return None
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
    submitted, reviewed, held = dates
    if status == S.CREATED:
        return package, steps
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
    today = timezone.localdate()  # the demo's "today" (demo-data --today)
    orgs = list(Organisation.objects.order_by("number").values_list("pk", "number"))
    built = []
    for pk, number in orgs:
        own = sorted({*years, ALMENBO_SEED_YEAR}) if number == ALMENBO_NUMBER else years
        for year in own:
            if (made := _build(pk, number, year, years[-1], catalogue, today)) is not None:
                built.append(made)
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
        organisation__number=ALMENBO_NUMBER, styringsaar=ALMENBO_SEED_YEAR
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
