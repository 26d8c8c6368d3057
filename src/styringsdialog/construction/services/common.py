"""What the construction writes share: the stale-version error, the checks of text and amounts,
the kommune-only rule and the case's history (``CaseChange``)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from styringsdialog.accounts.permissions import can_write_construction, scope_for
from styringsdialog.construction.models import CaseChange, ConstructionCase

UNSET: Any = object()


class Conflict(ValidationError):
    """Someone else saved in between (a stale ``version``)."""

    def __init__(self, what: str, stored: int, yours: int) -> None:
        super().__init__(
            f"{what} er blevet ændret af en anden (version {stored}, du startede fra {yours}). "
            "Hent den igen og prøv igen."
        )
        self.stored = stored
        self.yours = yours


def _name(by: Any) -> str:
    if by is None:
        return ""
    return (by.get_full_name() or by.username)[:200]


def _text(value: Any, label: str, max_length: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        raise ValidationError(f"{label} indeholder ugyldige tegn.")
    if required and not value:
        raise ValidationError(f"{label} skal udfyldes.")
    if len(value) > max_length:
        raise ValidationError(f"{label} må højst være {max_length} tegn.")
    return value


def _amount(value: Any, label: str, *, allow_none: bool = True) -> Decimal | None:
    if value is None or value == "":
        if allow_none:
            return None
        raise ValidationError(f"{label} skal udfyldes.")
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError(f"{label} skal være et tal.") from None
    if not d.is_finite() or d < 0 or d >= Decimal(10) ** 13:
        raise ValidationError(f"{label} skal være et tal mellem 0 og 9.999.999.999.999.")
    return d


def _require_kommune(by: Any, case: ConstructionCase) -> None:
    if by is not None and not can_write_construction(scope_for(by), case):
        raise PermissionDenied("Kun kommunens sagsbehandlere kan gøre det i byggesagen.")


def _log(case: ConstructionCase, by: Any, label: str, old: str = "", new: str = "") -> None:
    CaseChange.objects.create(
        case=case, by=by, by_name=_name(by), label=label[:300], old_value=old, new_value=new
    )
