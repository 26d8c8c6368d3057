"""Named reads of the anvisning app: the scoped lookups (404 outside the scope, 403 when
read-only) and the figures pages, the briefing and the API share."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from almen.anvisning import LedgerLine, YearFigures, figures, trend
from styringsdialog.accounts.permissions import (
    Scope,
    anvisning_agreement_filter,
    anvisning_ledger_filter,
    can_comment_on_anvisning,
    can_edit_anvisning_comment,
    can_write_anvisning,
    is_anvisning_reader,
    not_found,
    require,
    scope_for,
)
from styringsdialog.anvisning.models import (
    AnvisningAgreement,
    AnvisningComment,
    CoveredDepartment,
    LedgerEntry,
    VacancyCount,
)
from styringsdialog.registry.models import Department, Kommune, Organisation
from styringsdialog.registry.queries import get_kommune_for_user, get_organisation_for_user

NOT_FOUND = "Siden findes ikke, eller du har ikke adgang til den."


def today() -> date:
    return timezone.localdate()


def require_reader(user: Any) -> Scope:
    """The scope of a user who may use the anvisning pages at all; others get 404."""
    scope = scope_for(user)
    if not is_anvisning_reader(scope):
        not_found(NOT_FOUND)
    return scope


def visible_agreements(scope: Scope, qs: QuerySet | None = None) -> QuerySet:
    qs = AnvisningAgreement.objects.all() if qs is None else qs
    if not is_anvisning_reader(scope):
        return qs.none()
    return qs.filter(anvisning_agreement_filter(scope)).distinct()


def visible_ledger(scope: Scope, qs: QuerySet | None = None) -> QuerySet:
    qs = LedgerEntry.objects.all() if qs is None else qs
    if not is_anvisning_reader(scope):
        return qs.none()
    return qs.filter(anvisning_ledger_filter(scope))


def get_agreement_for_user(user: Any, pk: int, *, write: bool = False) -> AnvisningAgreement:
    scope = require_reader(user)
    agreement = visible_agreements(scope, AnvisningAgreement.objects.with_related()).filter(pk=pk)
    found = agreement.first()
    if found is None:
        not_found("Anvisningsaftalen findes ikke, eller du har ikke adgang til den.")
    if write:
        require(
            can_write_anvisning(scope, found.kommune_id),
            "Kun kommunen kan ændre anvisningsaftalen.",
        )
    return found


def get_entry_for_user(user: Any, pk: int, *, write: bool = False) -> LedgerEntry:
    scope = require_reader(user)
    entry = visible_ledger(scope, LedgerEntry.objects.with_related()).filter(pk=pk).first()
    if entry is None:
        not_found("Boligen findes ikke på anvisningslisten, eller du har ikke adgang til den.")
    if write:
        require(
            can_write_anvisning(scope, entry.kommune_id),
            "Kun kommunen kan ændre anvisningslisten.",
        )
    return entry


def get_anvisning_kommune(user: Any, code: str, *, write: bool = False) -> Kommune:
    """The kommune of an anvisning page (404 for those without anvisning pages at all)."""
    scope = require_reader(user)
    kommune = get_kommune_for_user(user, code)
    if write:
        require(
            can_write_anvisning(scope, kommune.pk),
            "Kun kommunens sagsbehandlere kan skrive i anvisningen.",
        )
    return kommune


def get_anvisning_organisation(user: Any, number: str) -> Organisation:
    require_reader(user)
    return get_organisation_for_user(user, number)


def may_write(user: Any, kommune_id: int | None) -> bool:
    return can_write_anvisning(scope_for(user), kommune_id)


def may_comment_on_agreement(user: Any, agreement: AnvisningAgreement) -> bool:
    orgs = {agreement.organisation_id} if agreement.organisation_id else set()
    orgs |= set(agreement.departments.values_list("department__organisation_id", flat=True))
    return can_comment_on_anvisning(scope_for(user), agreement.kommune_id, orgs)


def may_comment_on_entry(user: Any, entry: LedgerEntry) -> bool:
    return can_comment_on_anvisning(
        scope_for(user), entry.kommune_id, {entry.department.organisation_id}
    )


def comment_organisations(
    agreement: AnvisningAgreement | None, entry: LedgerEntry | None
) -> set[int]:
    """The organisations whose staff may comment on the agreement or ledger row."""
    if entry is not None:
        return {entry.department.organisation_id}
    assert agreement is not None
    orgs = set(agreement.departments.values_list("department__organisation_id", flat=True))
    if agreement.organisation_id:
        orgs.add(agreement.organisation_id)
    return orgs


def may_edit_comment(user: Any, comment: AnvisningComment) -> bool:
    """The author, while they may still comment on the agreement or row."""
    target = comment.entry or comment.agreement
    return can_edit_anvisning_comment(
        scope_for(user),
        user_id=getattr(user, "pk", None),
        author_id=comment.author_id,
        kommune_id=target.kommune_id if target is not None else None,
        organisation_ids=comment_organisations(comment.agreement, comment.entry),
    )


def get_comment_for_user(
    user: Any,
    pk: int,
    *,
    agreement_id: int | None = None,
    entry_id: int | None = None,
    write: bool = False,
) -> AnvisningComment:
    """A comment on a visible agreement or ledger row (404 otherwise, also when it belongs to
    another agreement or row than the one named); ``write``: only its author (403)."""
    if agreement_id is not None:
        agreement = get_agreement_for_user(user, agreement_id)
        comment = agreement.comments.filter(pk=pk).select_related("agreement", "entry").first()
    else:
        assert entry_id is not None
        entry = get_entry_for_user(user, entry_id)
        comment = entry.comments.filter(pk=pk).select_related("agreement", "entry").first()
    if comment is None:
        not_found("Kommentaren findes ikke, eller du har ikke adgang til den.")
    if write:
        require(may_edit_comment(user, comment), "Kun den, der skrev kommentaren, kan rette den.")
    return comment


def resolve_department(ref: str, *, kommune: Kommune | None = None) -> Department | None:
    """A department from "ORG-AFD" (``0151-008``); None when there is none."""
    org, sep, number = ref.strip().partition("-")
    if not sep:
        return None
    return (
        Department.objects.select_related("organisation")
        .filter(organisation__number=org.strip().zfill(4), number=number.strip().zfill(3))
        .first()
    )


# --- forebyggelsesområder ---------------------------------------------------------------------


def prevention_department_ids(department_ids: Iterable[int], year: int) -> set[int]:
    """Departments in a forebyggelsesområde on the newest list up to ``year`` (the official
    list where imported, else the computed classification; registers' tables, read by field
    name so the apps stay independent): allocation to households on certain benefits is
    restricted there (L 23 2021)."""
    ids = list(department_ids)
    if not ids:
        return set()
    official = set(
        Department.objects.filter(
            pk__in=ids,
            residential_areas__official_listings__category="forebyggelse",
            residential_areas__official_listings__list_year__in=(year, year - 1),
        ).values_list("pk", flat=True)
    )
    computed = set(
        Department.objects.filter(
            pk__in=ids,
            residential_areas__classifications__category="forebyggelse",
            residential_areas__classifications__list_year__in=(year, year - 1),
        ).values_list("pk", flat=True)
    )
    return official | computed


# --- figures ----------------------------------------------------------------------------------


@dataclass
class FigureRow:
    """The figures of one department (or organisation) over the years."""

    key: Any
    label: str
    years: list[YearFigures]
    trend: str
    prevention: bool = False

    @property
    def latest(self) -> YearFigures | None:
        return self.years[-1] if self.years else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "trend": self.trend,
            "forebyggelsesomraade": self.prevention,
            "years": [y.as_dict() for y in self.years],
        }


_LINE_FIELDS = (
    "offered_on",
    "outcome",
    "outcome_on",
    "vacancy_from",
    "vacancy_to",
    "vacancy_amount",
    "guarantee_claimed",
    "guarantee_approved",
    "guarantee_paid",
    "guarantee_claimed_on",
    "guarantee_paid_on",
)
_DEPARTMENT_FIELDS = (
    "department_id",
    "department__number",
    "department__name",
    "department__organisation_id",
    "department__organisation__number",
    "department__organisation__name",
)


def _ledger_values(kommune: Kommune, entries: QuerySet) -> list[dict[str, Any]]:
    """The kommune's rows of ``entries`` with only the columns the figures need (not the full
    department and organisation rows)."""
    return list(entries.filter(kommune=kommune).values(*_DEPARTMENT_FIELDS, *_LINE_FIELDS))


def _line(row: dict[str, Any], key: Any) -> LedgerLine:
    return LedgerLine(key=key, **{name: row[name] for name in _LINE_FIELDS})


def agreed_shares(kommune_id: int, department_ids: Iterable[int]) -> dict[tuple[int, int], Decimal]:
    """(department id, year) → the agreed share of that year: the step review of the year where
    there is one, else the share of the newest agreement version in force during the year."""
    ids = set(department_ids)
    out: dict[tuple[int, int], Decimal] = {}
    covered = (
        CoveredDepartment.objects.filter(agreement__kommune_id=kommune_id, department_id__in=ids)
        .select_related("agreement")
        .prefetch_related("reviews")
        .order_by("agreement__valid_from", "agreement__number")
    )
    for c in covered:
        for y in range(c.agreement.valid_from.year, c.agreement.valid_to.year + 1):
            out[(c.department_id, y)] = c.share
        for r in c.reviews.all():
            out[(c.department_id, r.year)] = r.share
    return out


def kommune_figures(kommune: Kommune, entries: QuerySet) -> tuple[list[FigureRow], list[FigureRow]]:
    """Per organisation and per department of ``entries`` (a ledger queryset of the kommune):
    the figures by year, from one read of the ledger."""
    rows = _ledger_values(kommune, entries)
    agreed = agreed_shares(kommune.pk, {r["department_id"] for r in rows})
    return _organisation_rows(kommune, rows, agreed), _department_rows(kommune, rows, agreed)


def department_figures(kommune: Kommune, entries: QuerySet) -> list[FigureRow]:
    """Per department of ``entries`` (a ledger queryset of the kommune): the figures by year."""
    return _department_rows(kommune, _ledger_values(kommune, entries))


def organisation_figures(kommune: Kommune, entries: QuerySet) -> list[FigureRow]:
    """Per organisation: the sums of its departments (share = allocated ÷ vacancies of the
    departments with a vacancy count; agreed share weighted by those vacancies)."""
    return _organisation_rows(kommune, _ledger_values(kommune, entries))


def _department_rows(
    kommune: Kommune,
    rows: list[dict[str, Any]],
    agreed: dict[tuple[int, int], Decimal] | None = None,
) -> list[FigureRow]:
    departments = {r["department_id"]: r for r in rows}
    dept_ids = set(departments)
    vac = {
        (department_id, year): vacancies
        for department_id, year, vacancies in VacancyCount.objects.filter(
            department_id__in=dept_ids
        ).values_list("department_id", "year", "vacancies")
    }
    if agreed is None:
        agreed = agreed_shares(kommune.pk, dept_ids)
    by_key = figures([_line(r, r["department_id"]) for r in rows], vacancies=vac, agreed=agreed)
    prevention = prevention_department_ids(dept_ids, today().year)
    out = []
    for dept_id, years in by_key.items():
        d = departments[dept_id]
        org_number, number = d["department__organisation__number"], d["department__number"]
        out.append(
            FigureRow(
                key=f"{org_number}-{number}",
                label=f"{d['department__organisation__name']}, afd. {number} {d['department__name']}",
                years=years,
                trend=trend(years),
                prevention=dept_id in prevention,
            )
        )
    return sorted(out, key=lambda r: r.key)


def _organisation_rows(
    kommune: Kommune,
    rows: list[dict[str, Any]],
    agreed: dict[tuple[int, int], Decimal] | None = None,
) -> list[FigureRow]:
    orgs = {
        r["department__organisation_id"]: (
            r["department__organisation__number"],
            r["department__organisation__name"],
        )
        for r in rows
    }
    dept_org = {r["department_id"]: r["department__organisation_id"] for r in rows}
    vac_org: dict[tuple[int, int], int] = {}
    weighted: dict[tuple[int, int], Decimal] = {}
    if agreed is None:
        agreed = agreed_shares(kommune.pk, dept_org)
    for department_id, year, vacancies in VacancyCount.objects.filter(
        department_id__in=set(dept_org)
    ).values_list("department_id", "year", "vacancies"):
        key = (dept_org[department_id], year)
        vac_org[key] = vac_org.get(key, 0) + vacancies
        share = agreed.get((department_id, year))
        if share is not None:
            weighted[key] = weighted.get(key, Decimal(0)) + share * vacancies
    agreed_org = {
        k: (w / vac_org[k]).quantize(Decimal("0.1")) for k, w in weighted.items() if vac_org.get(k)
    }
    by_key = figures(
        [_line(r, r["department__organisation_id"]) for r in rows],
        vacancies=vac_org,
        agreed=agreed_org,
    )
    out = [
        FigureRow(key=orgs[k][0], label=orgs[k][1], years=years, trend=trend(years))
        for k, years in by_key.items()
    ]
    return sorted(out, key=lambda r: r.key)


def ledger_for(
    scope: Scope, *, kommune: Kommune | None = None, organisation: Any = None
) -> QuerySet:
    qs = visible_ledger(scope, LedgerEntry.objects.with_related())
    if kommune is not None:
        qs = qs.filter(kommune=kommune)
    if organisation is not None:
        qs = qs.filter(department__organisation=organisation)
    return qs


def agreements_for(
    scope: Scope, *, kommune: Kommune | None = None, organisation: Any = None
) -> QuerySet:
    qs = visible_agreements(scope, AnvisningAgreement.objects.with_related())
    if kommune is not None:
        qs = qs.filter(kommune=kommune)
    if organisation is not None:
        qs = qs.filter(organisation=organisation) | qs.filter(
            organisation__isnull=True, departments__department__organisation=organisation
        )
        qs = qs.distinct()
    return qs
