"""Named reads on the registry."""

from __future__ import annotations

from django.db import models
from django.db.models import Count, Q, Sum


class OrganisationQuerySet(models.QuerySet):
    def with_totals_in(self, kommune_id: int | None = None) -> OrganisationQuerySet:
        """Annotate departments, dwellings and m² (within one kommune if given)."""
        f = Q(departments__kommune_id=kommune_id) if kommune_id else Q()
        return self.annotate(
            n_departments=Count("departments", filter=f),
            n_dwellings=Sum("departments__dwellings_total", filter=f),
            n_area=Sum("departments__area_total", filter=f),
        )

    def search(self, term: str) -> OrganisationQuerySet:
        term = term.strip()
        if not term:
            return self
        return self.filter(Q(name__icontains=term) | Q(number__startswith=term) | Q(cvr=term))


class DepartmentQuerySet(models.QuerySet):
    def search(self, term: str) -> DepartmentQuerySet:
        term = term.strip()
        if not term:
            return self
        q = (
            Q(name__icontains=term)
            | Q(organisation__name__icontains=term)
            | Q(address__icontains=term)
        )
        if term.isdigit():
            q |= Q(number=term.zfill(3)) | Q(organisation__number=term.zfill(4))
        return self.filter(q)
