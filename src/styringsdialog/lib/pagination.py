"""The ``?page=`` parameter of every paginated HTML list, parsed once and never an error.

Django's ``Paginator.get_page`` already falls back on bad input, but views that compute an offset
themselves (the public search) passed a 22-digit page straight to the database (a 500 on SQLite:
"Python int too large"), and a negative page showed the *last* page. Here the raw parameter
becomes a whole number from 1 to the last page: missing, non-numeric, zero or negative values are
the first page, too large values the last. Nothing in this module raises on user input.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

from styringsdialog.lib.params import bounded_int

MAX_PAGE = 1_000_000
"""Upper bound of a parsed page number: far beyond any list here, and ``MAX_PAGE × page size``
stays well inside a 64-bit database integer."""

_MANY_DIGITS = re.compile(r"[0-9]+")


def page_number(raw: Any) -> int:
    """The page asked for as an int from 1 to ``MAX_PAGE``: 1 when ``raw`` is not a positive
    whole number, ``MAX_PAGE`` when it is a larger one. ``clamp`` or ``page_of`` then bring it
    within the pages there are."""
    number = bounded_int(raw, minimum=1, maximum=MAX_PAGE)
    if number is not None:
        return number
    text = raw.strip() if isinstance(raw, str) else ""
    return MAX_PAGE if _MANY_DIGITS.fullmatch(text) and text.strip("0") else 1


def last_page(count: int, per_page: int) -> int:
    """The number of the last page of ``count`` items (1 for an empty list)."""
    return max(1, -(-max(count, 0) // per_page))


def clamp(number: int, count: int, per_page: int) -> int:
    """``number`` within 1 … the last page of ``count`` items."""
    return min(max(number, 1), last_page(count, per_page))


def page_of(object_list: Sequence[Any] | Any, per_page: int, number: int) -> Page[Any]:
    """Page ``number`` of ``object_list`` (a QuerySet, list or range), clamped to the pages
    there are; never raises."""
    paginator = Paginator(object_list, per_page)
    return paginator.page(min(max(number, 1), paginator.num_pages))


def paginate(
    request: HttpRequest, object_list: Sequence[Any] | Any, per_page: int, param: str = "page"
) -> Page[Any]:
    """The page of ``object_list`` that ``?<param>=`` asks for; never raises on the parameter."""
    return page_of(object_list, per_page, page_number(request.GET.get(param)))
