"""A kommune's configuration: year themes, meeting types and agenda templates.

Every write records a ``ConfigurationChange`` (who, when, before → after). Edits carry the
``version`` the writer saw; if someone saved in between, nothing is written and
``ConfigurationConflict`` (a ValidationError; 409 in views and the API) is raised.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from styringsdialog.meetings.models import (
    AgendaTemplate,
    AgendaTemplateItem,
    ConfigurationChange,
    MeetingType,
    YearTheme,
)
from styringsdialog.meetings.services.meetings import _check_year, _clean_text, add_year_theme
from styringsdialog.registry.models import Kommune

Kind = ConfigurationChange.Kind
Action = ConfigurationChange.Action


class ConfigurationConflict(ValidationError):
    """Someone else saved the object after the writer opened it."""

    def __init__(self, label: str) -> None:
        super().__init__(
            f"»{label}« er blevet ændret af en anden, siden du åbnede siden. "
            "Genindlæs siden og prøv igen."
        )


def _record(
    *,
    kommune: Kommune,
    kind: str,
    obj: Any,
    label: str,
    action: str,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
    by: Any,
) -> None:
    ConfigurationChange.objects.create(
        kommune=kommune,
        kind=kind,
        object_id=obj.pk,
        label=label,
        action=action,
        old=old,
        new=new,
        by=by if getattr(by, "is_authenticated", False) else None,
    )


def _yes(value: bool) -> str:
    return "ja" if value else "nej"


def _check_version(obj: Any, version: int | None, label: str) -> None:
    if version is not None and version != obj.version:
        raise ConfigurationConflict(label)


# --- year themes ------------------------------------------------------------------------------


def theme_values(theme: YearTheme) -> dict[str, Any]:
    return {
        "styringsår": theme.styringsaar,
        "tema": theme.title,
        "beskrivelse": theme.description,
    }


@transaction.atomic
def create_year_theme(
    *, kommune: Kommune, styringsaar: int, title: str, description: str = "", by: Any = None
) -> YearTheme:
    theme = add_year_theme(
        kommune=kommune, styringsaar=styringsaar, title=title, description=description
    )
    _record(
        kommune=kommune,
        kind=Kind.YEAR_THEME,
        obj=theme,
        label=str(theme),
        action=Action.CREATED,
        old=None,
        new=theme_values(theme),
        by=by,
    )
    return theme


@transaction.atomic
def update_year_theme(
    *,
    theme: YearTheme,
    title: str,
    description: str = "",
    styringsaar: int | None = None,
    version: int | None = None,
    by: Any = None,
) -> YearTheme:
    theme = YearTheme.objects.select_for_update().get(pk=theme.pk)
    _check_version(theme, version, theme.title)
    old = theme_values(theme)
    title = _clean_text(title, "Temaet", 300)
    year = theme.styringsaar if styringsaar is None else styringsaar
    _check_year(year)
    clash = YearTheme.objects.filter(kommune_id=theme.kommune_id, styringsaar=year, title=title)
    if clash.exclude(pk=theme.pk).exists():
        raise ValidationError(f"Temaet »{title}« findes allerede for {year}.")
    theme.title, theme.description, theme.styringsaar = title, description.strip(), year
    if theme_values(theme) == old:
        return theme
    theme.version += 1
    theme.save()
    _record(
        kommune=theme.kommune,
        kind=Kind.YEAR_THEME,
        obj=theme,
        label=str(theme),
        action=Action.CHANGED,
        old=old,
        new=theme_values(theme),
        by=by,
    )
    return theme


@transaction.atomic
def delete_year_theme(*, theme: YearTheme, by: Any = None) -> None:
    _record(
        kommune=theme.kommune,
        kind=Kind.YEAR_THEME,
        obj=theme,
        label=str(theme),
        action=Action.DELETED,
        old=theme_values(theme),
        new=None,
        by=by,
    )
    theme.delete()


# --- meeting types ----------------------------------------------------------------------------


def meeting_type_values(meeting_type: MeetingType) -> dict[str, Any]:
    return {"navn": meeting_type.name, "fællesmøde": _yes(meeting_type.is_joint)}


def _check_type_name(kommune_id: int, name: str, pk: int | None = None) -> str:
    name = _clean_text(name, "Navnet", 120)
    if MeetingType.objects.filter(kommune_id=kommune_id, name=name).exclude(pk=pk or 0).exists():
        raise ValidationError(f"Mødetypen »{name}« findes allerede.")
    return name


@transaction.atomic
def create_meeting_type(
    *, kommune: Kommune, name: str, is_joint: bool = False, by: Any = None
) -> MeetingType:
    name = _check_type_name(kommune.pk, name)
    position = (kommune.meeting_types.aggregate(m=Max("position"))["m"] or 0) + 1
    meeting_type = MeetingType.objects.create(
        kommune=kommune, name=name, is_joint=is_joint, position=position
    )
    _record(
        kommune=kommune,
        kind=Kind.MEETING_TYPE,
        obj=meeting_type,
        label=name,
        action=Action.CREATED,
        old=None,
        new=meeting_type_values(meeting_type),
        by=by,
    )
    return meeting_type


@transaction.atomic
def update_meeting_type(
    *,
    meeting_type: MeetingType,
    name: str,
    is_joint: bool,
    version: int | None = None,
    by: Any = None,
) -> MeetingType:
    meeting_type = MeetingType.objects.select_for_update().get(pk=meeting_type.pk)
    _check_version(meeting_type, version, meeting_type.name)
    old = meeting_type_values(meeting_type)
    meeting_type.name = _check_type_name(meeting_type.kommune_id, name, meeting_type.pk)
    meeting_type.is_joint = is_joint
    if meeting_type_values(meeting_type) == old:
        return meeting_type
    meeting_type.version += 1
    meeting_type.save()
    _record(
        kommune=meeting_type.kommune,
        kind=Kind.MEETING_TYPE,
        obj=meeting_type,
        label=meeting_type.name,
        action=Action.CHANGED,
        old=old,
        new=meeting_type_values(meeting_type),
        by=by,
    )
    return meeting_type


@transaction.atomic
def delete_meeting_type(*, meeting_type: MeetingType, by: Any = None) -> None:
    if meeting_type.meetings.exists():
        raise ValidationError(
            f"Mødetypen »{meeting_type.name}« bruges af møder og kan ikke slettes. "
            "Omdøb den i stedet."
        )
    _record(
        kommune=meeting_type.kommune,
        kind=Kind.MEETING_TYPE,
        obj=meeting_type,
        label=meeting_type.name,
        action=Action.DELETED,
        old=meeting_type_values(meeting_type),
        new=None,
        by=by,
    )
    meeting_type.delete()


# --- agenda templates -------------------------------------------------------------------------


def template_values(template: AgendaTemplate) -> dict[str, Any]:
    return {
        "navn": template.name,
        "standard": _yes(template.is_default),
        "punkter": " · ".join(item.title for item in template.items.all()),
    }


def _clean_items(items: list[str]) -> list[str]:
    titles = [t.strip() for t in items if t and t.strip()]
    if not titles:
        raise ValidationError("Skabelonen skal have mindst ét punkt.")
    for title in titles:
        if len(title) > 300:
            raise ValidationError("Et punkts overskrift må højst være 300 tegn.")
    return titles


def _check_template_name(kommune_id: int, name: str, pk: int | None = None) -> str:
    name = _clean_text(name, "Navnet", 120)
    if AgendaTemplate.objects.filter(kommune_id=kommune_id, name=name).exclude(pk=pk or 0).exists():
        raise ValidationError(f"Skabelonen »{name}« findes allerede.")
    return name


def _set_items(template: AgendaTemplate, titles: list[str]) -> None:
    """Replace the items; an item whose title is kept keeps its key (briefing points use it)."""
    keys = {item.title: item.key for item in template.items.all()}
    template.items.all().delete()
    AgendaTemplateItem.objects.bulk_create(
        AgendaTemplateItem(template=template, position=n, title=title, key=keys.get(title, ""))
        for n, title in enumerate(titles, start=1)
    )


def _make_default(template: AgendaTemplate) -> None:
    AgendaTemplate.objects.filter(kommune_id=template.kommune_id, is_default=True).exclude(
        pk=template.pk
    ).update(is_default=False)


@transaction.atomic
def create_agenda_template(
    *,
    kommune: Kommune,
    name: str,
    items: list[str],
    is_default: bool = False,
    by: Any = None,
) -> AgendaTemplate:
    name = _check_template_name(kommune.pk, name)
    titles = _clean_items(items)
    template = AgendaTemplate.objects.create(kommune=kommune, name=name, is_default=is_default)
    _set_items(template, titles)
    if is_default:
        _make_default(template)
    _record(
        kommune=kommune,
        kind=Kind.AGENDA_TEMPLATE,
        obj=template,
        label=name,
        action=Action.CREATED,
        old=None,
        new=template_values(template),
        by=by,
    )
    return template


@transaction.atomic
def update_agenda_template(
    *,
    template: AgendaTemplate,
    name: str,
    items: list[str],
    is_default: bool,
    version: int | None = None,
    by: Any = None,
) -> AgendaTemplate:
    template = AgendaTemplate.objects.select_for_update().get(pk=template.pk)
    _check_version(template, version, template.name)
    old = template_values(template)
    name = _check_template_name(template.kommune_id, name, template.pk)
    titles = _clean_items(items)
    if template.is_default and not is_default:
        raise ValidationError(
            "Kommunen skal have en standardskabelon. Gør en anden skabelon til standard i stedet."
        )
    same_items = old["punkter"] == " · ".join(titles)
    if name == template.name and is_default == template.is_default and same_items:
        return template
    template.name, template.is_default = name, is_default
    template.version += 1
    template.save()
    if not same_items:
        _set_items(template, titles)
    if is_default:
        _make_default(template)
    _record(
        kommune=template.kommune,
        kind=Kind.AGENDA_TEMPLATE,
        obj=template,
        label=name,
        action=Action.CHANGED,
        old=old,
        new=template_values(template),
        by=by,
    )
    return template


@transaction.atomic
def delete_agenda_template(*, template: AgendaTemplate, by: Any = None) -> None:
    if template.is_default:
        raise ValidationError(
            "Standardskabelonen kan ikke slettes. Gør en anden skabelon til standard først."
        )
    _record(
        kommune=template.kommune,
        kind=Kind.AGENDA_TEMPLATE,
        obj=template,
        label=template.name,
        action=Action.DELETED,
        old=template_values(template),
        new=None,
        by=by,
    )
    template.delete()


# --- default KLE per kind of record (issue 16; the values live in ``records``) ----------------


@transaction.atomic
def set_kle_default(
    *, kommune: Kommune, kind: str, kle: str, version: int | None = None, by: Any = None
) -> Any:
    """The kommune's default KLE for new records of ``kind`` (meeting, case, agreement)."""
    from styringsdialog.records import services as records
    from styringsdialog.records.models import Kind as RecordKind
    from styringsdialog.records.queries import default_kle

    old = default_kle(kommune.pk, kind)
    try:
        row = records.set_kle_default(kommune=kommune, kind=kind, kle=kle, by=by, version=version)
    except ValidationError as exc:
        if records.STALE in exc.messages:
            raise ConfigurationConflict(
                f"Standard-KLE for {RecordKind(kind).label.lower()}"
            ) from None
        raise
    if row.kle != old:
        _record(
            kommune=kommune,
            kind=Kind.KLE_DEFAULT,
            obj=row,
            label=f"Standard-KLE: {RecordKind(kind).label}",
            action=Action.CHANGED,
            old={"KLE": old or "–"},
            new={"KLE": row.kle or "–"},
            by=by,
        )
    return row
