"""Named reads for the intake pages: the scoped package lookups (rules in
``accounts.permissions``), the kommune's package overview and a package's content.

A package's content is read only through ``PackageAccess``: a caseworker who reads the
organisation because it has a department in their kommune gets that department's lines and
nothing of the rest (``accounts.permissions.sees_whole_package``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet, Subquery

from styringsdialog.accounts.permissions import (
    PackageWrite,
    Scope,
    can_review,
    can_upload,
    not_found,
    package_department_filter,
    require,
    scope_for,
    sees_whole_package,
)
from styringsdialog.intake.models import (
    Answer,
    AnswerRevision,
    Attachment,
    DocumentationPackage,
    ImportBatch,
    PackageEvent,
    PackageStatus,
    Question,
    Theme,
)
from styringsdialog.intake.periods import DeadlineState, missing_state
from styringsdialog.lib.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    Sheet,
    csv_bytes,
    xlsx_bytes,
)
from styringsdialog.registry.models import Department, Kommune, Organisation
from styringsdialog.registry.queries import (
    get_organisation_for_user,
    visible_organisation_ids,
    visible_organisations,
)

SEVERITY_ORDER = {"danger": 0, "warning": 1, "info": 2, "ok": 3}


@dataclass(frozen=True)
class PackageAccess:
    """What one user may do with one organisation's packages."""

    organisation: Organisation
    scope: Scope

    @property
    def can_upload(self) -> bool:
        return can_upload(self.scope, self.organisation)

    @property
    def can_review(self) -> bool:
        return can_review(self.scope, self.organisation)

    @property
    def sees_whole_package(self) -> bool:
        """False for a caseworker who sees only the departments in their own kommune."""
        return sees_whole_package(self.scope, self.organisation)


def get_package_access(
    user: Any, number: str, *, write: PackageWrite | None = None
) -> PackageAccess:
    """The organisation's package access; Http404 outside the scope, PermissionDenied for writes."""
    access = PackageAccess(get_organisation_for_user(user, number), scope_for(user))
    if write == "upload":
        require(
            access.can_upload,
            "Kun boligorganisationens egne medarbejdere kan indlæse filer og indsende pakken.",
        )
    if write == "review":
        require(access.can_review, "Kun kommunens sagsbehandlere kan ændre pakkens status.")
    return access


def get_package(access: PackageAccess, year: int) -> DocumentationPackage | None:
    """The organisation's package for styringsår ``year`` (None when there is none)."""
    return (
        DocumentationPackage.objects.with_related()
        .filter(organisation=access.organisation, styringsaar=year)
        .first()
    )


def get_package_for_user(
    user: Any, number: str, year: int, *, write: PackageWrite | None = None
) -> DocumentationPackage:
    """The organisation's package for styringsår ``year`` behind the scoped lookup: Http404
    outside the scope or without a package, PermissionDenied for writes the user may not do."""
    package = get_package(get_package_access(user, number, write=write), year)
    if package is None:
        not_found("Der er ingen dokumentationspakke for dette styringsår.")
    return package


def package_imports(access: PackageAccess, package: DocumentationPackage) -> QuerySet[ImportBatch]:
    """The package's imports, newest first. Each file holds lines of every department, so only
    readers of the whole package see them (none for a caseworker of another kommune)."""
    qs = package.imports.select_related("uploaded_by")
    return qs if access.sees_whole_package else qs.none()


def package_attachments(
    access: PackageAccess, package: DocumentationPackage
) -> QuerySet[Attachment]:
    """Annual report, audit protocol, …: documents of the whole organisation."""
    qs = package.attachments.select_related("uploaded_by")
    return qs if access.sees_whole_package else qs.none()


def package_events(access: PackageAccess, package: DocumentationPackage) -> list[PackageEvent]:
    """The status history; the notes (which may name any department) only for readers of the
    whole package."""
    events = list(package.events.select_related("by"))
    if not access.sees_whole_package:
        for e in events:
            e.note = ""
    return events


def package_imports_for_user(user: Any, number: str, year: int) -> QuerySet[ImportBatch]:
    """``package_imports`` behind the scoped lookup (404 outside the scope or without a package)."""
    access = get_package_access(user, number)
    package = get_package(access, year)
    if package is None:
        not_found("Der er ingen dokumentationspakke for dette styringsår.")
    return package_imports(access, package)


def visible_packages(
    scope: Scope, qs: QuerySet[DocumentationPackage] | None = None
) -> QuerySet[DocumentationPackage]:
    qs = DocumentationPackage.objects.all() if qs is None else qs
    if not scope.authenticated:
        return qs.none()
    if scope.national:
        return qs
    return qs.filter(organisation_id__in=visible_organisation_ids(scope))


@dataclass(frozen=True)
class OverviewRow:
    organisation: Organisation
    package: DocumentationPackage | None
    state: DeadlineState


@dataclass(frozen=True)
class Overview:
    styringsaar: int
    rows: list[OverviewRow]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def submitted(self) -> int:
        return sum(1 for r in self.rows if r.package and r.package.status != PackageStatus.CREATED)

    @property
    def late(self) -> int:
        return sum(1 for r in self.rows if r.state.is_late)

    @property
    def missing(self) -> int:
        return sum(1 for r in self.rows if r.package is None)


def kommune_overview(
    *, kommune: Kommune, scope: Scope, styringsaar: int | None, today: date
) -> Overview:
    """Every home organisation of the kommune the user may see, with its package and deadline state.

    ``styringsaar=None`` means the newest styringsår with packages in the kommune (this year if
    there are none). Late and missing packages come first, then the rest by LBF number. Two queries.
    """
    orgs = list(
        visible_organisations(scope, Organisation.objects.filter(home_kommune=kommune)).order_by(
            "number"
        )
    )
    packages = DocumentationPackage.objects.filter(organisation__in=[o.pk for o in orgs])
    if styringsaar is None:
        newest = (
            DocumentationPackage.objects.for_home_kommune(kommune)
            .order_by("-styringsaar")
            .values("styringsaar")[:1]
        )
        found = list(packages.filter(styringsaar=Subquery(newest)))
        styringsaar = found[0].styringsaar if found else today.year
    else:
        found = list(packages.filter(styringsaar=styringsaar))
    by_org = {p.organisation_id: p for p in found}
    rows = []
    for org in orgs:
        package = by_org.get(org.pk)
        state = package.deadline_state(today) if package else missing_state(styringsaar, today)
        rows.append(OverviewRow(org, package, state))
    rows.sort(key=lambda r: (SEVERITY_ORDER[r.state.severity], r.organisation.number))
    return Overview(styringsaar, rows)


def year_choices(kommune: Kommune, today: date) -> list[int]:
    years = set(
        DocumentationPackage.objects.for_home_kommune(kommune)
        .values_list("styringsaar", flat=True)
        .distinct()
    )
    years |= {today.year, today.year + 1}
    return sorted(years, reverse=True)


@dataclass
class AnswerSlot:
    """One place an answer goes in the form: the organisation, or one department."""

    question: Question
    department: Department | None
    value: str | None = None
    version: int = 0  # 0: not answered yet

    @property
    def key(self) -> str:  # an HTML id
        return f"q-{self.question.code}" + (f"-{self.department.number}" if self.department else "")


@dataclass
class QuestionAnswers:
    question: Question
    answer: str | None = None  # organisation-level answer
    by_department: list[tuple[Department, str]] = field(default_factory=list)
    slots: list[AnswerSlot] = field(
        default_factory=list
    )  # filled by ``answers_by_theme(form=True)``


@dataclass
class ThemeAnswers:
    label: str
    questions: list[QuestionAnswers]

    @property
    def answered(self) -> int:
        return sum(1 for q in self.questions if q.answer is not None or q.by_department)


def visible_answers(access: PackageAccess, package: DocumentationPackage) -> QuerySet[Answer]:
    """The package's answers the reader may see: all of them for readers of the whole package;
    otherwise only answers for departments in the reader's kommune (no organisation answers)."""
    qs = Answer.objects.filter(package=package)
    if access.sees_whole_package:
        return qs
    return qs.filter(department__isnull=False).filter(
        package_department_filter(access.scope, "department__")
    )


def answer_slot(
    package: DocumentationPackage, question: Question, department: Department | None
) -> AnswerSlot:
    answer = Answer.objects.filter(
        package=package, question=question, department=department
    ).first()
    return AnswerSlot(
        question, department, answer.value if answer else None, answer.version if answer else 0
    )


def answer_history(package: DocumentationPackage, limit: int = 50) -> list[AnswerRevision]:
    """The latest saved answers of the package, newest first (the history of the form)."""
    return list(
        AnswerRevision.objects.filter(answer__package=package)
        .select_related("answer__question", "answer__department", "by")
        .order_by("-at", "-pk")[:limit]
    )


def answers_by_theme(
    access: PackageAccess, package: DocumentationPackage, *, form: bool = False
) -> list[ThemeAnswers]:
    """The package's catalogue, theme by theme, each question with the answers the reader may
    see (``visible_answers``; two queries). With ``form``, each question also has its slots: one
    for the organisation, or one per department of the organisation (three queries)."""
    if package.catalogue_id is None:
        return []
    questions = Question.objects.filter(catalogue_id=package.catalogue_id)
    if not access.sees_whole_package:  # organisation questions are the home kommune's
        questions = questions.filter(scope=Question.Scope.DEPARTMENT)
    items = {q.pk: QuestionAnswers(q) for q in questions}
    saved: dict[tuple[int, int | None], Answer] = {}
    for a in (
        visible_answers(access, package).select_related("department").order_by("department__number")
    ):
        saved[(a.question_id, a.department_id)] = a
        item = items.get(a.question_id)
        if item is None:
            continue
        if a.department is None:
            item.answer = a.value
        else:
            item.by_department.append((a.department, a.value))
    if form:
        departments = list(package.organisation.departments.order_by("number"))
        for item in items.values():
            places: list[Department | None] = (
                list(departments) if item.question.scope == Question.Scope.DEPARTMENT else [None]
            )
            for d in places:
                found = saved.get((item.question.pk, d.pk if d else None))
                item.slots.append(
                    AnswerSlot(
                        item.question,
                        d,
                        found.value if found else None,
                        found.version if found else 0,
                    )
                )
    themes = []
    for value, label in Theme.choices:
        in_theme = [i for i in items.values() if i.question.theme == value]
        if in_theme:
            themes.append(ThemeAnswers(label, in_theme))
    return themes


ANSWER_TEMPLATE_FORMATS = ("csv", "xlsx")
ANSWER_TEMPLATE_HEADER = ["organisation", "spørgsmål", "afdeling", "svar", "spørgsmålstekst"]


@dataclass(frozen=True)
class AnswerTemplate:
    """A download: the file name, its content type and its bytes."""

    name: str
    content_type: str
    body: bytes


def answer_template(
    access: PackageAccess, package: DocumentationPackage, fmt: str
) -> AnswerTemplate:
    """The styringsrapport as a file to fill in and import (``fmt`` csv or xlsx): one row per
    question (per department for department questions) the reader may answer, with the answers
    saved so far. The page and the API serve these same bytes. ``ValueError`` for another
    format."""
    if fmt not in ANSWER_TEMPLATE_FORMATS:
        raise ValueError(f"Ukendt format: {fmt!r}.")
    rows = [
        [
            access.organisation.number,
            slot.question.code,
            slot.department.number if slot.department else "",
            slot.value or "",
            slot.question.text,
        ]
        for theme in answers_by_theme(access, package, form=access.sees_whole_package)
        for item in theme.questions
        for slot in item.slots
    ]
    name = f"styringsrapport-{access.organisation.number}-{package.styringsaar}.{fmt}"
    if fmt == "csv":
        return AnswerTemplate(name, CSV_CONTENT_TYPE, csv_bytes(ANSWER_TEMPLATE_HEADER, rows))
    body = xlsx_bytes([Sheet("Styringsrapport", ANSWER_TEMPLATE_HEADER, rows)])
    return AnswerTemplate(name, XLSX_CONTENT_TYPE, body)
