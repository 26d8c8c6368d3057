"""The kommune's configuration through the API: year themes, meeting types, agenda templates
and the history of changes — the same rules and services as the "Indstillinger" page
(``views_configuration``): the kommune's caseworkers and administrators
(``permissions.can_configure_kommune``; outsiders 404, readers 403). Edits and deletes carry the
``version`` the client read; a stale one is 409 ``conflict`` and nothing is written. Creating an
object whose natural key (year and title, or name) exists is 409 ``conflict`` naming its id.
"""

# No ``from __future__ import annotations`` here: django-ninja resolves paginated views at runtime.
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, TypeVar

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from styringsdialog.lib.api_types import (
    FORBIDDEN_ON_READ,
    Code,
    Note,
    ObjectId,
    ObjectIn,
    Page,
    Text,
    Year,
)
from styringsdialog.meetings.models import (
    AgendaTemplate,
    ConfigurationChange,
    MeetingType,
    YearTheme,
)
from styringsdialog.meetings.queries import (
    get_configurable_kommune,
    get_configuration_object,
)
from styringsdialog.meetings.services import configuration as config
from styringsdialog.meetings.services.meetings import ensure_default_template, ensure_meeting_types

router = Router(tags=["Kommunens indstillinger"])

Version = Annotated[int, Field(ge=0, le=2**31 - 1, description="Versionen, klienten læste")]
ItemTitle = Annotated[str, Field(min_length=1, max_length=300, pattern=r"^[^\x00]*$")]

T = TypeVar("T")


def _guard(write: Callable[[], T]) -> T:
    """Run a service write; a stale version becomes 409 in the API's error shape."""
    try:
        return write()
    except config.ConfigurationConflict as exc:
        raise HttpError(409, " ".join(exc.messages)) from exc


def _natural_key(existing: Any, label: str) -> None:
    """A create whose natural key exists: 409 ``conflict`` naming the existing id (a client that
    retries after a lost answer learns which object it made)."""
    if existing is not None:
        raise HttpError(409, f"{label} findes allerede (id {existing.pk}).")


def _check_version(obj: Any, version: int) -> None:
    if obj.version != version:
        raise HttpError(409, str(config.ConfigurationConflict(str(obj)).messages[0]))


# --- year themes ------------------------------------------------------------------------------


class YearThemeOut(Schema):
    id: int
    styringsaar: int
    title: str
    description: str
    position: int
    version: int


class YearThemeIn(ObjectIn):
    styringsaar: Year
    title: Text
    description: Note = ""


class YearThemePatch(ObjectIn):
    version: Version
    styringsaar: Year | None = None
    title: Text | None = None
    description: Note | None = None


class VersionIn(ObjectIn):
    version: Version


@router.get(
    "/kommuner/{code}/year-themes",
    openapi_extra=FORBIDDEN_ON_READ,
    response=list[YearThemeOut],
    summary="Kommunens temaer for styringsårene (nyeste år først)",
)
@paginate(Page)
def list_year_themes(request: HttpRequest, code: Code, styringsaar: Year | None = None):
    kommune = get_configurable_kommune(request.user, code)
    themes = YearTheme.objects.filter(kommune=kommune).order_by("-styringsaar", "position", "pk")
    if styringsaar is not None:
        themes = themes.filter(styringsaar=styringsaar)
    return themes


@router.get(
    "/kommuner/{code}/year-themes/{theme_id}",
    openapi_extra=FORBIDDEN_ON_READ,
    response=YearThemeOut,
    summary="Ét af kommunens temaer",
)
def get_year_theme(request: HttpRequest, code: Code, theme_id: ObjectId):
    kommune = get_configurable_kommune(request.user, code)
    return get_configuration_object(kommune, YearTheme, theme_id)


@router.post(
    "/kommuner/{code}/year-themes",
    response={201: YearThemeOut},
    summary="Tilføj et tema for et styringsår (409 med temaets id, hvis det findes for året)",
)
def create_year_theme(request: HttpRequest, code: Code, payload: YearThemeIn):
    kommune = get_configurable_kommune(request.user, code)
    _natural_key(
        YearTheme.objects.filter(
            kommune=kommune, styringsaar=payload.styringsaar, title=payload.title.strip()
        ).first(),
        f"Temaet »{payload.title.strip()}« for {payload.styringsaar}",
    )
    theme = config.create_year_theme(
        kommune=kommune,
        styringsaar=payload.styringsaar,
        title=payload.title,
        description=payload.description,
        by=request.user,
    )
    return Status(201, theme)


@router.patch(
    "/kommuner/{code}/year-themes/{theme_id}",
    response=YearThemeOut,
    summary="Ret et tema (409 hvis det er ændret siden den angivne version)",
)
def update_year_theme(
    request: HttpRequest, code: Code, theme_id: ObjectId, payload: YearThemePatch
):
    kommune = get_configurable_kommune(request.user, code)
    theme = get_configuration_object(kommune, YearTheme, theme_id)
    return _guard(
        lambda: config.update_year_theme(
            theme=theme,
            title=theme.title if payload.title is None else payload.title,
            description=theme.description if payload.description is None else payload.description,
            styringsaar=payload.styringsaar,
            version=payload.version,
            by=request.user,
        )
    )


@router.delete(
    "/kommuner/{code}/year-themes/{theme_id}",
    response={204: None},
    summary="Slet et tema (?version=; 409 hvis det er ændret siden)",
)
def delete_year_theme(request: HttpRequest, code: Code, theme_id: ObjectId, version: Version):
    kommune = get_configurable_kommune(request.user, code)
    theme = get_configuration_object(kommune, YearTheme, theme_id)
    _check_version(theme, version)
    config.delete_year_theme(theme=theme, by=request.user)
    return Status(204, None)


# --- meeting types ----------------------------------------------------------------------------


class MeetingTypeOut(Schema):
    id: int
    name: str
    is_joint: bool
    position: int
    version: int


class MeetingTypeIn(ObjectIn):
    name: Text
    is_joint: bool = False


class MeetingTypePatch(ObjectIn):
    version: Version
    name: Text | None = None
    is_joint: bool | None = None


@router.get(
    "/kommuner/{code}/meeting-types",
    openapi_extra=FORBIDDEN_ON_READ,
    response=list[MeetingTypeOut],
    summary="Kommunens mødetyper",
)
@paginate(Page)
def list_meeting_types(request: HttpRequest, code: Code):
    kommune = get_configurable_kommune(request.user, code)
    ensure_meeting_types(kommune=kommune)
    return MeetingType.objects.filter(kommune=kommune).order_by("position", "name", "pk")


@router.get(
    "/kommuner/{code}/meeting-types/{type_id}",
    openapi_extra=FORBIDDEN_ON_READ,
    response=MeetingTypeOut,
    summary="Én af kommunens mødetyper",
)
def get_meeting_type(request: HttpRequest, code: Code, type_id: ObjectId):
    kommune = get_configurable_kommune(request.user, code)
    return get_configuration_object(kommune, MeetingType, type_id)


@router.post(
    "/kommuner/{code}/meeting-types",
    response={201: MeetingTypeOut},
    summary="Tilføj en mødetype (409 med dens id, hvis navnet findes)",
)
def create_meeting_type(request: HttpRequest, code: Code, payload: MeetingTypeIn):
    kommune = get_configurable_kommune(request.user, code)
    _natural_key(
        MeetingType.objects.filter(kommune=kommune, name=payload.name.strip()).first(),
        f"Mødetypen »{payload.name.strip()}«",
    )
    meeting_type = config.create_meeting_type(
        kommune=kommune, name=payload.name, is_joint=payload.is_joint, by=request.user
    )
    return Status(201, meeting_type)


@router.patch(
    "/kommuner/{code}/meeting-types/{type_id}",
    response=MeetingTypeOut,
    summary="Ret en mødetype (409 hvis den er ændret siden den angivne version)",
)
def update_meeting_type(
    request: HttpRequest, code: Code, type_id: ObjectId, payload: MeetingTypePatch
):
    kommune = get_configurable_kommune(request.user, code)
    meeting_type = get_configuration_object(kommune, MeetingType, type_id)
    return _guard(
        lambda: config.update_meeting_type(
            meeting_type=meeting_type,
            name=meeting_type.name if payload.name is None else payload.name,
            is_joint=meeting_type.is_joint if payload.is_joint is None else payload.is_joint,
            version=payload.version,
            by=request.user,
        )
    )


@router.delete(
    "/kommuner/{code}/meeting-types/{type_id}",
    response={204: None},
    summary="Slet en mødetype, der ikke bruges af møder (?version=; 409 hvis ændret siden)",
)
def delete_meeting_type(request: HttpRequest, code: Code, type_id: ObjectId, version: Version):
    kommune = get_configurable_kommune(request.user, code)
    meeting_type = get_configuration_object(kommune, MeetingType, type_id)
    _check_version(meeting_type, version)
    config.delete_meeting_type(meeting_type=meeting_type, by=request.user)
    return Status(204, None)


# --- agenda templates -------------------------------------------------------------------------


class AgendaTemplateOut(Schema):
    id: int
    name: str
    is_default: bool
    items: list[str]
    version: int


class AgendaTemplateIn(ObjectIn):
    name: Text
    items: list[ItemTitle] = Field(min_length=1, max_length=100)
    is_default: bool = False


class AgendaTemplatePatch(ObjectIn):
    version: Version
    name: Text | None = None
    items: list[ItemTitle] | None = Field(None, min_length=1, max_length=100)
    is_default: bool | None = None


def _template_out(template: AgendaTemplate) -> dict[str, Any]:
    return {
        "id": template.pk,
        "name": template.name,
        "is_default": template.is_default,
        "items": [item.title for item in template.items.order_by("position")],
        "version": template.version,
    }


@router.get(
    "/kommuner/{code}/agenda-templates",
    openapi_extra=FORBIDDEN_ON_READ,
    response=list[AgendaTemplateOut],
    summary="Kommunens dagsordensskabeloner (standardskabelonen først)",
)
@paginate(Page)
def list_agenda_templates(request: HttpRequest, code: Code):
    kommune = get_configurable_kommune(request.user, code)
    ensure_default_template(kommune=kommune)
    templates = AgendaTemplate.objects.filter(kommune=kommune).order_by("-is_default", "name")
    return [_template_out(t) for t in templates.prefetch_related("items")]


@router.get(
    "/kommuner/{code}/agenda-templates/{template_id}",
    openapi_extra=FORBIDDEN_ON_READ,
    response=AgendaTemplateOut,
    summary="Én af kommunens dagsordensskabeloner",
)
def get_agenda_template(request: HttpRequest, code: Code, template_id: ObjectId):
    kommune = get_configurable_kommune(request.user, code)
    return _template_out(get_configuration_object(kommune, AgendaTemplate, template_id))


@router.post(
    "/kommuner/{code}/agenda-templates",
    response={201: AgendaTemplateOut},
    summary="Tilføj en dagsordensskabelon (409 med dens id, hvis navnet findes)",
)
def create_agenda_template(request: HttpRequest, code: Code, payload: AgendaTemplateIn):
    kommune = get_configurable_kommune(request.user, code)
    _natural_key(
        AgendaTemplate.objects.filter(kommune=kommune, name=payload.name.strip()).first(),
        f"Skabelonen »{payload.name.strip()}«",
    )
    template = config.create_agenda_template(
        kommune=kommune,
        name=payload.name,
        items=payload.items,
        is_default=payload.is_default,
        by=request.user,
    )
    return Status(201, _template_out(template))


@router.patch(
    "/kommuner/{code}/agenda-templates/{template_id}",
    response=AgendaTemplateOut,
    summary="Ret en dagsordensskabelon (409 hvis den er ændret siden den angivne version)",
)
def update_agenda_template(
    request: HttpRequest, code: Code, template_id: ObjectId, payload: AgendaTemplatePatch
):
    kommune = get_configurable_kommune(request.user, code)
    template = get_configuration_object(kommune, AgendaTemplate, template_id)
    current = [item.title for item in template.items.order_by("position")]
    saved = _guard(
        lambda: config.update_agenda_template(
            template=template,
            name=template.name if payload.name is None else payload.name,
            items=current if payload.items is None else payload.items,
            is_default=template.is_default if payload.is_default is None else payload.is_default,
            version=payload.version,
            by=request.user,
        )
    )
    return _template_out(saved)


@router.delete(
    "/kommuner/{code}/agenda-templates/{template_id}",
    response={204: None},
    summary="Slet en dagsordensskabelon, der ikke er standard (?version=; 409 hvis ændret siden)",
)
def delete_agenda_template(
    request: HttpRequest, code: Code, template_id: ObjectId, version: Version
):
    kommune = get_configurable_kommune(request.user, code)
    template = get_configuration_object(kommune, AgendaTemplate, template_id)
    _check_version(template, version)
    config.delete_agenda_template(template=template, by=request.user)
    return Status(204, None)


# --- history ----------------------------------------------------------------------------------


class ConfigurationChangeOut(Schema):
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
    def resolve_by(obj: ConfigurationChange) -> str | None:
        return obj.by.get_username() if obj.by else None


@router.get(
    "/kommuner/{code}/configuration-history",
    openapi_extra=FORBIDDEN_ON_READ,
    response=list[ConfigurationChangeOut],
    summary="Historik over ændringer i kommunens indstillinger (nyeste først): hvem, hvornår, "
    "før og efter",
)
@paginate(Page)
def list_configuration_history(request: HttpRequest, code: Code):
    kommune = get_configurable_kommune(request.user, code)
    return ConfigurationChange.objects.filter(kommune=kommune).select_related("by")
