"""Reads of the provisions norm per kommune (kr. per m² per year, with its source); the write is
``services.set_provision_norm``.

Without a saved norm a kommune uses the default of ``almen.keyfigures`` (200 kr./m²/år, source
the Ballerup referat of 27 May 2021: the housing organisation's own statement, not a statutory
norm, DOMAIN.md §5 [U]). A new norm applies to runs made after the change; stored runs keep the
norm they were computed with.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from almen.keyfigures import KeyFigureParameters
from styringsdialog.benchmarking.models import ProvisionNorm, ProvisionNormChange

DEFAULT = KeyFigureParameters()


@dataclass(frozen=True)
class NormView:
    """What a page or the API shows: the norm in force, its source and whether it is the default."""

    kommune_code: str
    norm_per_m2: Decimal
    source: str
    is_default: bool
    version: int
    updated_at: Any = None


def norm_for(kommune: Any) -> NormView:
    norm = ProvisionNorm.objects.filter(kommune=kommune).first()
    if norm is None:
        return NormView(
            kommune.code,
            Decimal(str(DEFAULT.provision_norm_per_m2)),
            DEFAULT.norm_source,
            True,
            0,
        )
    return NormView(
        kommune.code, norm.norm_per_m2, norm.source, False, norm.version, norm.updated_at
    )


def history(kommune: Any) -> list[ProvisionNormChange]:
    return list(
        ProvisionNormChange.objects.filter(norm__kommune=kommune).select_related("changed_by")
    )
