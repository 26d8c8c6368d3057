"""Danish number, money and date formatting for templates (1.234,5 kr.; 27. maj 2021).

Loaded as a template builtin, so every template can use ``{{ x|dkk }}`` etc.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from almen.formatting import format_date, format_number

register = template.Library()


def _as_decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def num(value: Any, decimals: int = 0) -> str:
    """1234.5 → '1.234,5' (with ``decimals`` places). Empty for missing values: '–'."""
    d = _as_decimal(value)
    return "–" if d is None else format_number(d, int(decimals))


@register.filter
def dkk(value: Any, decimals: int = 0) -> str:
    """Money: 1234.5 → '1.235 kr.'"""
    d = _as_decimal(value)
    return "–" if d is None else f"{format_number(d, int(decimals))} kr."


@register.filter
def pct(value: Any, decimals: int = 1) -> str:
    d = _as_decimal(value)
    return "–" if d is None else f"{format_number(d, int(decimals))} %"


@register.filter
def dkdate(value: date | datetime | None, style: str = "long") -> str:
    """27. maj 2021 (long) or 27.05.2021 (short)."""
    if value is None:
        return "–"
    return format_date(value, long=(style != "short"))


@register.simple_tag(takes_context=True)
def query_transform(context: dict[str, Any], **kwargs: Any) -> str:
    """Current query string with some parameters replaced (for sorting and paging links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()
