"""National settings: who may change them, the history of changes, and the kontoplan version.

The colour scale (``benchmarking.services.configuration``) and the question catalogues
(``intake.services.configuration``) record their changes here too, so "Nationale
indstillinger" shows one history. Only administrators change national settings
(``permissions.can_configure_national``); anyone else logged in gets 403.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from styringsdialog.accounts.permissions import can_configure_national, require, scope_for
from styringsdialog.registry.models import ChartOfAccounts, NationalSettingChange

Kind = NationalSettingChange.Kind


def require_national_configurator(user: Any) -> None:
    """403 unless ``user`` may change national settings."""
    require(
        can_configure_national(scope_for(user)),
        "Kun administratorer kan ændre de nationale indstillinger.",
    )


def record_change(
    *,
    kind: str,
    obj: Any,
    label: str,
    action: str,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
    by: Any,
) -> NationalSettingChange:
    return NationalSettingChange.objects.create(
        kind=kind,
        object_id=obj.pk,
        label=label[:300],
        action=action[:200],
        old=old,
        new=new,
        by=by if getattr(by, "is_authenticated", False) else None,
    )


def national_history(limit: int | None = 50) -> Any:
    changes = NationalSettingChange.objects.select_related("by")
    return list(changes[:limit]) if limit else changes


def active_chart() -> ChartOfAccounts | None:
    """The kontoplan an administrator chose as active (None: none chosen)."""
    return ChartOfAccounts.objects.filter(is_active=True).order_by("-pk").first()


def charts() -> list[ChartOfAccounts]:
    return list(ChartOfAccounts.objects.order_by("-valid_from", "-pk"))


def get_chart(pk: int) -> ChartOfAccounts:
    from django.http import Http404

    chart = ChartOfAccounts.objects.filter(pk=pk).first()
    if chart is None:
        raise Http404("Kontoplanen findes ikke.")
    return chart


@transaction.atomic
def activate_chart(*, chart: ChartOfAccounts, by: Any) -> ChartOfAccounts:
    """Make ``chart`` the active kontoplan (the one packages are checked against)."""
    before = active_chart()
    if before is not None and before.pk == chart.pk:
        return chart
    ChartOfAccounts.objects.filter(is_active=True).update(is_active=False)
    ChartOfAccounts.objects.filter(pk=chart.pk).update(is_active=True)
    chart.is_active = True
    record_change(
        kind=Kind.KONTOPLAN,
        obj=chart,
        label=str(chart),
        action="Valgt som aktiv kontoplan",
        old={"aktiv kontoplan": before.version if before else "ingen valgt (nyeste gældende)"},
        new={"aktiv kontoplan": chart.version},
        by=by,
    )
    return chart
