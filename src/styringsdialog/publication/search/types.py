"""Result types shared by the search backends."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from styringsdialog.publication.models import PublishedReferat

# Markers the databases put around matched words; replaced by <mark> after HTML-escaping.
START, STOP = "\x02", "\x03"


@dataclass(frozen=True)
class SearchFilters:
    kommune: str = ""  # kommunekode, "151"
    organisation: str = ""  # LBF-nummer, "0151"
    year: int | None = None  # styringsår


@dataclass(frozen=True)
class SearchHit:
    referat: PublishedReferat
    rank: float
    snippet: SafeString


@dataclass(frozen=True)
class SearchPage:
    query: str
    total: int
    hits: list[SearchHit]
    backend: str


def marked_snippet(raw: str) -> SafeString:
    """Escape a database snippet and turn its match markers into ``<mark>`` elements."""
    text = " ".join(escape(raw or "").split())
    return mark_safe(text.replace(START, "<mark>").replace(STOP, "</mark>"))  # escaped above
