"""National settings through the API: question catalogues (``/api/v1/config/catalogues``), the
kontoplan version (``/api/v1/config/kontoplan``) and the history of national changes
(``/api/v1/config/history``). Administrators only (``permissions.can_configure_national``;
anyone else 403), through the same services as "Nationale indstillinger"
(``intake.services.configuration``, ``registry.national``)."""

# No ``from __future__ import annotations`` here: django-ninja resolves paginated views at runtime.
from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from styringsdialog.intake.models import Question, QuestionCatalogue
from styringsdialog.intake.services import configuration as catalogues
from styringsdialog.lib.api_types import FORBIDDEN_ON_READ, ObjectId, ObjectIn, Page, Year
from styringsdialog.registry import national
from styringsdialog.registry.models import ChartOfAccounts, NationalSettingChange

router = Router(tags=["Nationale indstillinger"])

QuestionText = Annotated[str, Field(min_length=1, max_length=2000, pattern=r"^[^\x00]*$")]
Version = Annotated[int, Field(ge=0, le=2**31 - 1, description="Versionen, klienten læste")]


class CatalogueOut(Schema):
    id: int
    version: str
    valid_from: date
    note: str
    is_example: bool
    draft: bool
    chosen_for: list[int]


class QuestionOut(Schema):
    id: int
    code: str
    theme: str
    text: str
    answer_type: str
    scope: str
    order: int
    version: int


class ChooseIn(ObjectIn):
    styringsaar: Year


class ChoiceOut(Schema):
    styringsaar: int
    catalogue_id: int
    version: str


class QuestionPatch(ObjectIn):
    text: QuestionText
    version: Version


class ChartOut(Schema):
    id: int
    version: str
    valid_from: date
    note: str
    source: str
    loaded_at: datetime | None
    is_active: bool
    accounts: int


class NationalSettingChangeOut(Schema):
    id: int
    kind: str
    object_id: int
    label: str
    action: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    at: datetime
    by: str | None

    @staticmethod
    def resolve_by(obj: NationalSettingChange) -> str | None:
        return obj.by.get_username() if obj.by else None


def _catalogue_out(catalogue: QuestionCatalogue) -> dict[str, Any]:
    return {
        "id": catalogue.pk,
        "version": catalogue.version,
        "valid_from": catalogue.valid_from,
        "note": catalogue.note,
        "is_example": catalogue.is_example,
        "draft": catalogues.is_draft(catalogue),
        "chosen_for": catalogues.years_of(catalogue),
    }


def _chart_out(chart: ChartOfAccounts) -> dict[str, Any]:
    return {
        "id": chart.pk,
        "version": chart.version,
        "valid_from": chart.valid_from,
        "note": chart.note,
        "source": chart.source,
        "loaded_at": chart.loaded_at,
        "is_active": chart.is_active,
        "accounts": chart.accounts.count(),
    }


@router.get(
    "/config/catalogues",
    openapi_extra=FORBIDDEN_ON_READ,
    response=list[CatalogueOut],
    summary="Spørgerammens versioner: kladde eller i brug, og de styringsår, de er valgt for",
)
@paginate(Page)
def list_catalogues(request: HttpRequest):
    national.require_national_configurator(request.user)
    return [_catalogue_out(c) for c in catalogues.catalogues()]


@router.get(
    "/config/catalogues/{catalogue_id}/questions",
    openapi_extra=FORBIDDEN_ON_READ,
    response=list[QuestionOut],
    summary="Spørgsmålene i en version af spørgerammen",
)
@paginate(Page)
def list_questions(request: HttpRequest, catalogue_id: ObjectId):
    national.require_national_configurator(request.user)
    catalogue = catalogues.get_catalogue(catalogue_id)
    return Question.objects.filter(catalogue=catalogue).order_by("order", "code")


@router.post(
    "/config/catalogues/{catalogue_id}/activate",
    response=ChoiceOut,
    summary="Vælg spørgerammen for et styringsår (nye pakker for året får den)",
)
def activate_catalogue(request: HttpRequest, catalogue_id: ObjectId, payload: ChooseIn):
    national.require_national_configurator(request.user)
    catalogue = catalogues.get_catalogue(catalogue_id)
    choice = catalogues.choose_catalogue(
        styringsaar=payload.styringsaar, catalogue=catalogue, by=request.user
    )
    return {
        "styringsaar": choice.styringsaar,
        "catalogue_id": catalogue.pk,
        "version": catalogue.version,
    }


@router.patch(
    "/config/catalogues/{catalogue_id}/questions/{question_id}",
    response=QuestionOut,
    summary="Ret et spørgsmåls tekst i en kladde (422 hvis spørgerammen er i brug; 409 hvis "
    "spørgsmålet er ændret siden den angivne version)",
)
def update_question(
    request: HttpRequest, catalogue_id: ObjectId, question_id: ObjectId, payload: QuestionPatch
):
    national.require_national_configurator(request.user)
    catalogue = catalogues.get_catalogue(catalogue_id)
    question = catalogues.get_question(catalogue, question_id)
    try:
        return catalogues.update_question_text(
            question=question, text=payload.text, version=payload.version, by=request.user
        )
    except catalogues.QuestionConflict as exc:
        raise HttpError(409, " ".join(exc.messages)) from exc


@router.get(
    "/config/kontoplan",
    openapi_extra=FORBIDDEN_ON_READ,
    response=list[ChartOut],
    summary="Kontoplanens versioner, og hvilken der er aktiv",
)
@paginate(Page)
def list_charts(request: HttpRequest):
    national.require_national_configurator(request.user)
    return [_chart_out(c) for c in national.charts()]


@router.post(
    "/config/kontoplan/{chart_id}/activate",
    response=ChartOut,
    summary="Gør en version af kontoplanen til den aktive (pakkerne kontrolleres mod den)",
)
def activate_chart(request: HttpRequest, chart_id: ObjectId):
    national.require_national_configurator(request.user)
    chart = national.activate_chart(chart=national.get_chart(chart_id), by=request.user)
    return _chart_out(chart)


@router.get(
    "/config/history",
    openapi_extra=FORBIDDEN_ON_READ,
    response=list[NationalSettingChangeOut],
    summary="Historik over ændringer i de nationale indstillinger (nyeste først)",
)
@paginate(Page)
def list_history(request: HttpRequest):
    national.require_national_configurator(request.user)
    return national.national_history(limit=None)
