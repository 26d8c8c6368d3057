"""Extension points on the meeting page for apps that build on meetings (publication).

``meetings`` must not import ``publication``; publication registers, in its ``AppConfig.ready()``:

* an action provider → a button in the meeting's status box (e.g. "Offentliggør referat");
* a panel provider → a section at the end of the meeting page (e.g. published versions).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from styringsdialog.registry.panels import Panel


@dataclass(frozen=True)
class MeetingAction:
    label: str
    url: str  # a page that confirms and POSTs (GET must not change anything)
    style: str = "button-secondary"  # a DKFDS button class
    help_text: str = ""


ActionProvider = Callable[[HttpRequest, Any], MeetingAction | None]
PanelProvider = Callable[[HttpRequest, Any], Panel | None]

_actions: list[ActionProvider] = []
_panels: list[PanelProvider] = []


def register_meeting_action(provider: ActionProvider) -> None:
    if provider not in _actions:
        _actions.append(provider)


def register_meeting_panel(provider: PanelProvider) -> None:
    if provider not in _panels:
        _panels.append(provider)


def meeting_actions(request: HttpRequest, meeting: Any) -> list[MeetingAction]:
    return [a for a in (p(request, meeting) for p in _actions) if a is not None]


def meeting_panels(request: HttpRequest, meeting: Any) -> list[Panel]:
    return sorted(
        (p for p in (provider(request, meeting) for provider in _panels) if p is not None),
        key=lambda p: p.order,
    )


# --- the case and agreement pages (issue 16: "Journalisering og ESDH", from publication) ------

PageActionProvider = Callable[[HttpRequest, Any], MeetingAction | None]
_page_actions: dict[str, list[PageActionProvider]] = {}


def register_page_action(page: str, provider: PageActionProvider) -> None:
    """``page`` is ``"case"`` or ``"agreement"``: a button on that record's page."""
    providers = _page_actions.setdefault(page, [])
    if provider not in providers:
        providers.append(provider)


def page_actions(page: str, request: HttpRequest, obj: Any) -> list[MeetingAction]:
    return [a for a in (p(request, obj) for p in _page_actions.get(page, [])) if a is not None]
