"""The national colour scale: versions are added, never edited (a run keeps the version it was
computed with). A version is "uofficiel" unless it was imported from an official source
(``is_official``); every new version is recorded in the national history."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from styringsdialog.benchmarking.models import ColourScaleVersion
from styringsdialog.registry.national import Kind, record_change


def scale_values(scale: ColourScaleVersion) -> dict[str, Any]:
    return {
        "version": scale.version,
        "gælder fra": scale.valid_from.isoformat(),
        "grøn fra": scale.green_from,
        "gul fra": scale.yellow_from,
        "kilde": scale.provenance,
        "officiel": "ja" if scale.is_official else "nej",
    }


def colour_scales() -> list[ColourScaleVersion]:
    ColourScaleVersion.ensure_default()
    return list(ColourScaleVersion.objects.order_by("-valid_from", "-pk"))


@transaction.atomic
def add_colour_scale(
    *,
    version: str,
    valid_from: date,
    green_from: float,
    yellow_from: float,
    provenance: str,
    is_official: bool = False,
    by: Any = None,
) -> ColourScaleVersion:
    """A new version of the scale, in force from ``valid_from``. ``is_official`` only for cut-offs
    taken from an official source, which ``provenance`` must name."""
    version, provenance = version.strip(), provenance.strip()
    if not version:
        raise ValidationError("Skriv et versionsnavn.")
    if len(version) > 40:
        raise ValidationError("Versionsnavnet må højst være 40 tegn.")
    if not provenance:
        raise ValidationError("Skriv kilden og begrundelsen for grænserne.")
    if ColourScaleVersion.objects.filter(version=version).exists():
        raise ValidationError(f"Farveskalaen »{version}« findes allerede. Giv den nye et nyt navn.")
    before = ColourScaleVersion.current(valid_from)
    scale = ColourScaleVersion(
        version=version,
        valid_from=valid_from,
        green_from=green_from,
        yellow_from=yellow_from,
        provenance=provenance,
        is_official=is_official,
    )
    scale.clean()
    scale.save()
    record_change(
        kind=Kind.COLOUR_SCALE,
        obj=scale,
        label=f"Farveskala {scale.version}",
        action="Ny version",
        old=scale_values(before),
        new=scale_values(scale),
        by=by,
    )
    return scale
