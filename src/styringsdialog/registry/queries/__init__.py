"""Named reads on the registry. This module: the scoped lookups every view and endpoint uses to
reach kommuner, organisations and departments (rules in ``accounts.permissions``); page reads
live in submodules (``queries.accounts``: account lines and facts)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from styringsdialog.accounts.permissions import (
    Scope,
    can_write_department,
    can_write_organisation,
    department_filter,
    kommune_filter,
    not_found,
    organisation_filter,
    require,
    scope_for,
)
from styringsdialog.registry.models import Department, Kommune, Organisation
from styringsdialog.registry.querysets import DepartmentQuerySet, OrganisationQuerySet


def visible_kommuner(scope: Scope, qs: QuerySet[Kommune] | None = None) -> QuerySet[Kommune]:
    qs = Kommune.objects.all() if qs is None else qs
    q = kommune_filter(scope)
    if q is None:
        return qs
    return (
        qs.filter(q).distinct()
        if scope.organisation_ids and not scope.kommune_ids
        else qs.filter(q)
    )


def visible_organisations(
    scope: Scope, qs: OrganisationQuerySet | None = None
) -> OrganisationQuerySet:
    qs = Organisation.objects.all() if qs is None else qs
    if not scope.authenticated:
        return qs.none()
    if scope.national:
        return qs
    if scope.kommune_ids:
        return qs.filter(organisation_filter(scope)).distinct()
    return qs.filter(pk__in=scope.organisation_ids)


def visible_departments(scope: Scope, qs: DepartmentQuerySet | None = None) -> DepartmentQuerySet:
    qs = Department.objects.all() if qs is None else qs
    if not scope.authenticated:
        return qs.none()
    return qs.filter(department_filter(scope))


def visible_organisation_ids(scope: Scope) -> QuerySet[Organisation, Any]:
    """A subquery of the organisations in scope (for other apps' rows keyed by organisation)."""
    return Organisation.objects.filter(organisation_filter(scope)).values("pk")


def own_kommuner(scope: Scope) -> QuerySet[Kommune]:
    """The kommuner a caseworker works for (empty for everyone else)."""
    return Kommune.objects.filter(pk__in=scope.kommune_ids)


def own_organisations(scope: Scope) -> QuerySet[Organisation]:
    """The organisations a member of staff works for (empty for everyone else)."""
    return Organisation.objects.filter(pk__in=scope.organisation_ids)


def get_kommune_for_user(user: Any, code: str, *, write: bool = False) -> Kommune:
    scope = scope_for(user)
    kommune = visible_kommuner(scope).select_related("region").filter(code=code).first()
    if kommune is None:
        not_found("Kommunen findes ikke, eller du har ikke adgang til den.")
    if write:
        require(scope.can_write_kommune(kommune.pk), "Du har kun læseadgang til denne kommune.")
    return kommune


def get_organisation_for_user(user: Any, number: str, *, write: bool = False) -> Organisation:
    scope = scope_for(user)
    qs = visible_organisations(scope, Organisation.objects.select_related("home_kommune"))
    organisation = qs.filter(number=number).first()
    if organisation is None:
        not_found("Organisationen findes ikke, eller du har ikke adgang til den.")
    if write:
        require(
            can_write_organisation(scope, organisation),
            "Du har kun læseadgang til denne organisation.",
        )
    return organisation


def get_department_for_user(
    user: Any, org_number: str, number: str, *, write: bool = False
) -> Department:
    scope = scope_for(user)
    qs = Department.objects.select_related("organisation", "kommune", "organisation__home_kommune")
    department = (
        visible_departments(scope, qs)
        .filter(organisation__number=org_number, number=number)
        .first()
    )
    if department is None:
        not_found("Afdelingen findes ikke, eller du har ikke adgang til den.")
    if write:
        require(
            can_write_department(scope, department), "Du har kun læseadgang til denne afdeling."
        )
    return department


@dataclass(frozen=True)
class DepartmentChoice:
    """A department as a picker shows it: ``0151-004 Name`` (only the columns a picker needs,
    so a kommune's 805 departments load in a few ms instead of as full rows with their BBR and
    DAR lists)."""

    pk: int
    organisation_number: str
    number: str
    name: str

    @classmethod
    def of(cls, department: Department) -> DepartmentChoice:
        return cls(
            department.pk, department.organisation.number, department.number, department.name
        )

    @property
    def key(self) -> str:
        return f"{self.organisation_number}-{self.number}"

    @property
    def label(self) -> str:
        return f"{self.key} {self.name}"


def department_choices(kommune: Kommune) -> list[DepartmentChoice]:
    """The kommune's departments in organisation and department number order."""
    rows = (
        Department.objects.filter(kommune=kommune)
        .order_by("organisation__number", "number")
        .values_list("pk", "organisation__number", "number", "name")
    )
    return [DepartmentChoice(*row) for row in rows]
