"""Milestones: approve them in order (no skema C before skema B, …), with the guarantee frozen
at approval."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from almen import construction as calc
from styringsdialog.construction.models import ConstructionCase, Milestone
from styringsdialog.construction.services.common import (
    _amount,
    _log,
    _name,
    _require_kommune,
    _text,
)


@transaction.atomic
def record_milestone(
    *,
    case: ConstructionCase,
    kind: str,
    date: date,
    by: Any,
    decision: str = "",
    document: str = "",
    anskaffelsessum: Any = None,
    annual_rent: Any = None,
) -> Milestone:
    """Approve a milestone: a recorded decision with who and when. The order is enforced (no
    skema C before skema B, …); skema A, B and C carry the anskaffelsessum, B and C the rent;
    the guarantee is computed from the case's loan and property value and frozen here."""
    _require_kommune(by, case)
    if case.status == ConstructionCase.Status.CLOSED:
        raise ValidationError("Byggesagen er lukket.")
    if kind not in calc.MILESTONES:
        raise ValidationError("Ukendt milepæl.")
    locked = ConstructionCase.objects.select_for_update().get(pk=case.pk)
    approved = set(locked.milestones.values_list("kind", flat=True))
    if kind in approved:
        raise ValidationError(f"{calc.MILESTONES[kind]} er allerede godkendt.")
    try:
        missing = calc.milestone_blockers(case.kind, kind, approved)
    except calc.ConstructionError as exc:
        raise ValidationError(str(exc)) from exc
    if missing:
        names = ", ".join(calc.MILESTONES[m] for m in missing)
        raise ValidationError(f"{calc.MILESTONES[kind]} kan først godkendes efter: {names}.")
    earlier = locked.milestones.filter(date__gt=date).order_by("-date").first()
    if earlier is not None:
        raise ValidationError(
            f"Datoen ligger før {earlier.get_kind_display()} ({earlier.date:%d.%m.%Y})."
        )
    sum_ = _amount(anskaffelsessum, "Anskaffelsessummen")
    rent = _amount(annual_rent, "Huslejen")
    if kind in ("skema_a", "skema_b", "skema_c") and sum_ is None:
        raise ValidationError(f"Angiv anskaffelsessummen ved {calc.MILESTONES[kind]}.")
    if kind not in ("skema_a", "skema_b", "skema_c", "slutregnskab"):
        sum_ = None
    if kind not in ("skema_b", "skema_c"):
        rent = None
    guaranteed = lbf = None
    if kind == "garanti":
        if not (case.loan_amount and case.property_value):
            raise ValidationError(
                "Angiv lånet og ejendomsværdien på sagen, før garantien registreres."
            )
        g = calc.guarantee(
            loan=case.loan_amount, property_value=case.property_value, prior_debt=case.prior_debt
        )
        guaranteed, lbf = g.guaranteed, g.lbf_share
        decision = decision or g.rule
    milestone = Milestone.objects.create(
        case=case,
        kind=kind,
        date=date,
        decision=_text(decision, "Afgørelsen", 10_000, required=False),
        document=_text(document, "Dokumentet", 500, required=False),
        anskaffelsessum=sum_,
        annual_rent=rent,
        guarantee_amount=guaranteed,
        lbf_share=lbf,
        approved_by=by,
        approved_by_name=_name(by),
        approved_at=timezone.now(),
    )
    detail = f"{date:%d.%m.%Y}" + (f", anskaffelsessum {calc.kr(sum_)}" if sum_ else "")
    _log(case, by, f"{calc.MILESTONES[kind]} godkendt", new=detail)
    ConstructionCase.objects.filter(pk=case.pk).update(updated_at=timezone.now())
    return milestone
