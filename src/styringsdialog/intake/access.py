"""Who may do what with documentation packages, built on ``accounts.permissions``.

* read: whoever may read the organisation (``get_organisation_for_user``: 404 for outsiders);
* upload files and attachments, submit: the organisation's own staff, and administrators;
* review, send back, mark the meeting held, create packages: caseworkers of the organisation's
  home kommune, and administrators;
* anyone else who may read (analysts, caseworkers of other kommuner with departments of the
  organisation, staff asked to review): 403 on writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from styringsdialog.accounts.permissions import (
    Scope,
    get_organisation_for_user,
    organisation_filter,
    scope_for,
)
from styringsdialog.registry.models import Organisation

Write = Literal["upload", "review"]


@dataclass(frozen=True)
class PackageAccess:
    organisation: Organisation
    scope: Scope

    @property
    def can_upload(self) -> bool:
        return can_upload(self.scope, self.organisation)

    @property
    def can_review(self) -> bool:
        return can_review(self.scope, self.organisation)


def can_upload(scope: Scope, organisation: Organisation) -> bool:
    return scope.admin or organisation.pk in scope.organisation_ids


def can_review(scope: Scope, organisation: Organisation) -> bool:
    return scope.can_write_kommune(organisation.home_kommune_id)


def get_package_access(user: Any, number: str, *, write: Write | None = None) -> PackageAccess:
    """The organisation's package access; Http404 outside the scope, PermissionDenied for writes."""
    organisation = get_organisation_for_user(user, number)
    access = PackageAccess(organisation, scope_for(user))
    if write == "upload" and not access.can_upload:
        raise PermissionDenied("Kun boligorganisationens egne medarbejdere kan indlæse filer og indsende pakken.")
    if write == "review" and not access.can_review:
        raise PermissionDenied("Kun kommunens sagsbehandlere kan ændre pakkens status.")
    return access


def visible_packages(scope: Scope, qs: QuerySet) -> QuerySet:
    if not scope.authenticated:
        return qs.none()
    if scope.national:
        return qs
    organisations = Organisation.objects.filter(organisation_filter(scope)).values("pk")
    return qs.filter(organisation_id__in=organisations)
