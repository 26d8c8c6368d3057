"""Links from a construction case to the department's cases, agreements and agenda items (the
meetings models reached by name, ADR 0006)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from styringsdialog.construction.models import ConstructionCase
from styringsdialog.construction.services.common import _log, _require_kommune


@transaction.atomic
def link(
    *,
    case: ConstructionCase,
    by: Any,
    case_ids: Any = (),
    agreement_ids: Any = (),
    agenda_item_ids: Any = (),
) -> ConstructionCase:
    """Link the case to the department's cases, agreements and agenda items (of the same kommune
    and organisation). The meetings models are reached by name (``apps.get_model``): this app
    does not import meetings (ADR 0006)."""
    _require_kommune(by, case)
    links: tuple[tuple[str, str, Any, Any, dict[str, Any]], ...] = (
        (
            "sag",
            "Case",
            case_ids,
            case.cases,
            {"kommune_id": case.kommune_id, "department__organisation_id": case.organisation_id},
        ),
        (
            "aftale",
            "Agreement",
            agreement_ids,
            case.agreements,
            {"kommune_id": case.kommune_id, "organisation_id": case.organisation_id},
        ),
        (
            "dagsordenspunkt",
            "AgendaItem",
            agenda_item_ids,
            case.agenda_items,
            {
                "meeting__kommune_id": case.kommune_id,
                "meeting__organisation_id": case.organisation_id,
            },
        ),
    )
    for label, model_name, ids, relation, where in links:
        model = apps.get_model("meetings", model_name)
        for pk in ids:
            qs = model._default_manager.filter(pk=pk, **where)
            obj = qs.first()
            if obj is None:
                raise ValidationError(
                    f"{label.capitalize()} nr. {pk} findes ikke i sagens kommune og organisation."
                )
            if not relation.filter(pk=pk).exists():
                relation.add(obj)
                _log(case, by, f"Knyttet til {label} nr. {pk}", new=str(obj)[:200])
    return case


@transaction.atomic
def unlink(
    *,
    case: ConstructionCase,
    by: Any,
    case_ids: Any = (),
    agreement_ids: Any = (),
    agenda_item_ids: Any = (),
) -> ConstructionCase:
    """Remove links to cases, agreements and agenda items; each removal is written to the case's
    history. An id the case is not linked to is refused (nothing is removed then)."""
    _require_kommune(by, case)
    links: tuple[tuple[str, Any, Any], ...] = (
        ("sag", case_ids, case.cases),
        ("aftale", agreement_ids, case.agreements),
        ("dagsordenspunkt", agenda_item_ids, case.agenda_items),
    )
    for label, ids, relation in links:
        for pk in ids:
            obj = relation.filter(pk=pk).first()
            if obj is None:
                raise ValidationError(f"Byggesagen er ikke knyttet til {label} nr. {pk}.")
            relation.remove(obj)
            _log(case, by, f"Ikke længere knyttet til {label} nr. {pk}", old=str(obj)[:200])
    ConstructionCase.objects.filter(pk=case.pk).update(updated_at=timezone.now())
    return case
