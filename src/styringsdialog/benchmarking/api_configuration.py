"""The national colour scale through the API (``/api/v1/config/colour-scales``): administrators
only (``permissions.can_configure_national``; anyone else 403), through the same service as
"Nationale indstillinger" (``benchmarking.configuration``). A version is never edited: a new
one is added; its name is the natural key (an existing name is 409 ``conflict`` naming its id)."""

# No ``from __future__ import annotations`` here: django-ninja resolves paginated views at runtime.
from datetime import date, datetime
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from styringsdialog.benchmarking import configuration as scales
from styringsdialog.benchmarking.models import ColourScaleVersion
from styringsdialog.lib.api_types import FORBIDDEN_ON_READ, Note, ObjectIn, Page
from styringsdialog.registry.national import require_national_configurator

router = Router(tags=["Nationale indstillinger"])

Cutoff = Annotated[float, Field(ge=0, le=100)]
VersionName = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[^\x00]*$")]


class ColourScaleConfigOut(Schema):
    id: int
    version: str
    valid_from: date
    green_from: float
    yellow_from: float
    provenance: str
    is_official: bool
    mark: str
    created_at: datetime


class ColourScaleIn(ObjectIn):
    version: VersionName
    valid_from: date
    green_from: Cutoff
    yellow_from: Cutoff
    provenance: Note
    is_official: bool = False


@router.get(
    "/config/colour-scales",
    openapi_extra=FORBIDDEN_ON_READ,
    response=list[ColourScaleConfigOut],
    summary="Farveskalaens versioner, nyeste først (»uofficiel«, medmindre hentet fra en "
    "officiel kilde)",
)
@paginate(Page)
def list_colour_scales(request: HttpRequest):
    require_national_configurator(request.user)
    return scales.colour_scales()


@router.post(
    "/config/colour-scales",
    response={201: ColourScaleConfigOut},
    summary="Tilføj en ny version af farveskalaen (409 med dens id, hvis navnet findes)",
)
def add_colour_scale(request: HttpRequest, payload: ColourScaleIn):
    require_national_configurator(request.user)
    existing = ColourScaleVersion.objects.filter(version=payload.version.strip()).first()
    if existing is not None:
        raise HttpError(
            409, f"Farveskalaen »{existing.version}« findes allerede (id {existing.pk})."
        )
    scale = scales.add_colour_scale(
        version=payload.version,
        valid_from=payload.valid_from,
        green_from=payload.green_from,
        yellow_from=payload.yellow_from,
        provenance=payload.provenance,
        is_official=payload.is_official,
        by=request.user,
    )
    return Status(201, scale)
