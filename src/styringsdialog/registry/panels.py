"""Extension point: other apps add sections to the organisation and department pages.

``registry`` must not import its sibling apps, so they register a provider in their
``AppConfig.ready()``; a provider returns a ``Panel`` (or None when it has nothing to show).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


DepartmentPanelProvider = Callable[[HttpRequest, Any], Panel | None]
OrganisationPanelProvider = Callable[[HttpRequest, Any], Panel | None]
KommunePanelProvider = Callable[[HttpRequest, Any], Panel | None]

_department: list[DepartmentPanelProvider] = []
_organisation: list[OrganisationPanelProvider] = []
_kommune: list[KommunePanelProvider] = []


def register_department_panel(provider: DepartmentPanelProvider) -> None:
    if provider not in _department:
        _department.append(provider)


def register_organisation_panel(provider: OrganisationPanelProvider) -> None:
    if provider not in _organisation:
        _organisation.append(provider)


def register_kommune_panel(provider: KommunePanelProvider) -> None:
    if provider not in _kommune:
        _kommune.append(provider)


def _collect(
    providers: list[Callable[[HttpRequest, Any], Panel | None]], request: HttpRequest, obj: Any
) -> list[Panel]:
    panels = [p for p in (provider(request, obj) for provider in providers) if p is not None]
    return sorted(panels, key=lambda p: p.order)


def department_panels(request: HttpRequest, department: Any) -> list[Panel]:
    return _collect(_department, request, department)


def organisation_panels(request: HttpRequest, organisation: Any) -> list[Panel]:
    return _collect(_organisation, request, organisation)


def kommune_panels(request: HttpRequest, kommune: Any) -> list[Panel]:
    return _collect(_kommune, request, kommune)


# --- Data fingerprints: what the kommune overview's cached content depends on ---------------
#
# A provider returns, for a kommune, the querysets whose rows the app's kommune panel shows,
# each with the fields whose maximum changes when a shown row changes (an auto-updated
# timestamp, or the id when rows are only added). ``registry.queries.overview`` turns all of
# them into ONE SQL query of COUNT(*) and MAX(field) per queryset: a new, changed or deleted row
# gives a new fingerprint, so the cached page cannot outlive the data it shows.

FingerprintPart = tuple[Any, tuple[str, ...]]  # (QuerySet, fields to take the maximum of)
KommuneFingerprintProvider = Callable[[Any], list[FingerprintPart]]

_kommune_fingerprint: list[KommuneFingerprintProvider] = []


def register_kommune_fingerprint(provider: KommuneFingerprintProvider) -> None:
    if provider not in _kommune_fingerprint:
        _kommune_fingerprint.append(provider)


def kommune_fingerprint_parts(kommune: Any) -> list[FingerprintPart]:
    return [part for provider in _kommune_fingerprint for part in provider(kommune)]


def kommune_fingerprint_providers() -> int:
    """How many providers are registered (part of the key under which the query is kept)."""
    return len(_kommune_fingerprint)
