"""``{% start_reconciliation_form kommune %}``: the "Start afstemning" button on a kommune's
reconciliation page, shown only to those who may start one
(``accounts.permissions.can_start_reconciliation``)."""

from __future__ import annotations

from typing import Any

from django import template

from styringsdialog.accounts.permissions import can_start_reconciliation, scope_for

register = template.Library()


@register.inclusion_tag("registers/_start_reconciliation.html", takes_context=True)
def start_reconciliation_form(context: template.Context, kommune: Any) -> dict[str, Any]:
    from styringsdialog.registers.queries import reconciliation_years

    return {
        "show": can_start_reconciliation(scope_for(context["request"].user), kommune.pk),
        "kommune": kommune,
        "years": reconciliation_years(),
        "csrf_token": context.get("csrf_token"),
    }
