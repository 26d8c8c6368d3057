"""Extension point for the briefing (C10): data sources that propose agenda points.

The briefing for an organisation and a styringsår is the list of points that every registered
source returns, each linking to its evidence. Apps register a source in ``AppConfig.ready()``
(benchmarking: efficiency figures, provisions, rent; meetings: agreements and cases; registers
and resident profiles later). ``registry`` owns only the contract, so siblings never import each
other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class BriefingPoint:
    source: str  # e.g. "effektivitet", "henlaeggelser", "aftaler"
    title: str  # suggested agenda heading, Danish
    text: str  # one or two sentences with the figures, Danish
    evidence_url: str  # a page that shows the data behind the point
    severity: str = "info"  # "info" | "warning" | "critical"
    department_ids: tuple[int, ...] = field(default_factory=tuple)
    order: int = 100  # position in the suggested agenda (lower first)


BriefingSource = Callable[[Any, int], list[BriefingPoint]]  # (organisation, styringsaar) -> points

_sources: dict[str, BriefingSource] = {}


def register_briefing_source(name: str, source: BriefingSource) -> None:
    _sources[name] = source


def briefing_sources() -> dict[str, BriefingSource]:
    return dict(_sources)


def collect_briefing(organisation: Any, styringsaar: int) -> list[BriefingPoint]:
    """All points from all sources, sorted by order then severity."""
    rank = {"critical": 0, "warning": 1, "info": 2}
    points = [p for source in _sources.values() for p in source(organisation, styringsaar)]
    return sorted(points, key=lambda p: (p.order, rank.get(p.severity, 3)))
