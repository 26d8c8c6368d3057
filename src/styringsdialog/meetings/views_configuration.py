"""The kommune's "Indstillinger": year themes, meeting types and agenda templates, with the
history of every change. For the kommune's caseworkers and administrators
(``permissions.can_configure_kommune``); writes through ``services.configuration``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from styringsdialog.meetings.models import AgendaTemplate, MeetingType, YearTheme
from styringsdialog.meetings.queries import (
    configuration_history,
    get_configurable_kommune,
    get_configuration_object,
)
from styringsdialog.meetings.services import configuration as config
from styringsdialog.meetings.services.meetings import ensure_default_template, ensure_meeting_types
from styringsdialog.records.models import Kind as RecordKind
from styringsdialog.records.queries import kle_defaults

ACTIONS = {
    "theme-add": "Temaet er tilføjet.",
    "theme-edit": "Temaet er gemt.",
    "theme-delete": "Temaet er slettet.",
    "type-add": "Mødetypen er tilføjet.",
    "type-edit": "Mødetypen er gemt.",
    "type-delete": "Mødetypen er slettet.",
    "template-add": "Skabelonen er tilføjet.",
    "template-edit": "Skabelonen er gemt.",
    "template-delete": "Skabelonen er slettet.",
    "kle-default": "Standard-KLE er gemt.",
}


KLE_KINDS = (RecordKind.MEETING, RecordKind.CASE, RecordKind.AGREEMENT, RecordKind.CONSTRUCTION)


def _kle_rows(kommune: Any) -> list[tuple[str, str, str, int]]:
    """(kind, label, KLE, version) for the "Journalisering" section."""
    stored = kle_defaults(kommune)
    rows: list[tuple[str, str, str, int]] = []
    for kind in KLE_KINDS:
        row = stored.get(kind)
        rows.append(
            (kind, RecordKind(kind).label, row.kle if row else "", row.version if row else 0)
        )
    return rows


def _int(value: Any, label: str) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError(f"{label} skal være et helt tal.") from None


def _version(post: Any) -> int | None:
    raw = post.get("version")
    return _int(raw, "Versionen") if raw not in (None, "") else None


def _apply(request: HttpRequest, kommune: Any, action: str) -> None:
    post, by = request.POST, request.user
    lines = [line for line in post.get("items", "").splitlines()]
    if action == "theme-add":
        config.create_year_theme(
            kommune=kommune,
            styringsaar=_int(post.get("styringsaar"), "Styringsåret"),
            title=post.get("title", ""),
            description=post.get("description", ""),
            by=by,
        )
        return
    if action == "type-add":
        config.create_meeting_type(
            kommune=kommune, name=post.get("name", ""), is_joint=bool(post.get("is_joint")), by=by
        )
        return
    if action == "template-add":
        config.create_agenda_template(
            kommune=kommune,
            name=post.get("name", ""),
            items=lines,
            is_default=bool(post.get("is_default")),
            by=by,
        )
        return
    if action == "kle-default":
        for kind in KLE_KINDS:
            raw = post.get(f"kle_version_{kind}", "")
            config.set_kle_default(
                kommune=kommune,
                kind=kind,
                kle=post.get(f"kle_{kind}", ""),
                version=_int(raw, "Versionen") if raw not in (None, "") else None,
                by=by,
            )
        return
    pk = _int(post.get("id"), "Id")
    if action.startswith("theme-"):
        theme = get_configuration_object(kommune, YearTheme, pk)
        if action == "theme-delete":
            config.delete_year_theme(theme=theme, by=by)
        else:
            config.update_year_theme(
                theme=theme,
                title=post.get("title", ""),
                description=post.get("description", ""),
                styringsaar=_int(post.get("styringsaar", theme.styringsaar), "Styringsåret"),
                version=_version(post),
                by=by,
            )
    elif action.startswith("type-"):
        meeting_type = get_configuration_object(kommune, MeetingType, pk)
        if action == "type-delete":
            config.delete_meeting_type(meeting_type=meeting_type, by=by)
        else:
            config.update_meeting_type(
                meeting_type=meeting_type,
                name=post.get("name", ""),
                is_joint=bool(post.get("is_joint")),
                version=_version(post),
                by=by,
            )
    else:
        template = get_configuration_object(kommune, AgendaTemplate, pk)
        if action == "template-delete":
            config.delete_agenda_template(template=template, by=by)
        else:
            config.update_agenda_template(
                template=template,
                name=post.get("name", ""),
                items=lines,
                is_default=bool(post.get("is_default")),
                version=_version(post),
                by=by,
            )


@login_required
@require_http_methods(["GET", "POST"])
def kommune_configuration(request: HttpRequest, code: str) -> HttpResponse:
    kommune = get_configurable_kommune(request.user, code)
    status, errors, failed = 200, [], ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            errors, status = ["Ukendt handling."], 400
        else:
            try:
                _apply(request, kommune, action)
            except config.ConfigurationConflict as exc:
                errors, status, failed = exc.messages, 409, action
            except ValidationError as exc:
                errors, status, failed = exc.messages, 400, action
            else:
                messages.success(request, ACTIONS[action])
                return redirect("meetings:kommune_configuration", code=kommune.code)
    else:
        ensure_meeting_types(kommune=kommune)
        ensure_default_template(kommune=kommune)
    themes = list(YearTheme.objects.filter(kommune=kommune).order_by("-styringsaar", "position"))
    templates = list(AgendaTemplate.objects.filter(kommune=kommune).prefetch_related("items"))
    for template in templates:
        template.items_text = "\n".join(item.title for item in template.items.all())  # type: ignore[attr-defined]
    context = {
        "kommune": kommune,
        "themes": themes,
        "meeting_types": list(MeetingType.objects.filter(kommune=kommune)),
        "templates": templates,
        "history": configuration_history(kommune),
        "errors": errors,
        "failed": failed,
        "posted": request.POST if request.method == "POST" else {},
        "kle_defaults": _kle_rows(kommune),
    }
    return render(request, "meetings/configuration.html", context, status=status)
