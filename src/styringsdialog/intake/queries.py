"""Named reads for the intake pages: the scoped package lookups (rules in
``accounts.permissions``), the kommune's package overview and a package's answers."""

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
    require,
    scope_for,
)
from styringsdialog.intake.models import (
    Answer,
    DocumentationPackage,
    PackageStatus,
    Question,
    Theme,
)
from styringsdialog.intake.periods import DeadlineState, missing_state
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
class QuestionAnswers:
    question: Question
    answer: str | None = None  # organisation-level answer
    by_department: list[tuple[Department, str]] = field(default_factory=list)


@dataclass
class ThemeAnswers:
    label: str
    questions: list[QuestionAnswers]

    @property
    def answered(self) -> int:
        return sum(1 for q in self.questions if q.answer is not None or q.by_department)


def answers_by_theme(package: DocumentationPackage) -> list[ThemeAnswers]:
    """The package's catalogue, theme by theme, each question with its answers (two queries)."""
    if package.catalogue_id is None:
        return []
    items = {
        q.pk: QuestionAnswers(q) for q in Question.objects.filter(catalogue_id=package.catalogue_id)
    }
    for a in (
        Answer.objects.filter(package=package)
        .select_related("department")
        .order_by("department__number")
    ):
        item = items.get(a.question_id)
        if item is None:
            continue
        if a.department is None:
            item.answer = a.value
        else:
            item.by_department.append((a.department, a.value))
    themes = []
    for value, label in Theme.choices:
        questions = [i for i in items.values() if i.question.theme == value]
        if questions:
            themes.append(ThemeAnswers(label, questions))
    return themes
