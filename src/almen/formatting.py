"""Danish formatting of numbers and dates, shared by pages, PDFs, DOCX, exports and CLI output.

``format_number`` is the one Danish number formatter: every other number format in the project
(kroner, percentages, template filters, CSV cells) is built on it.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

MONTHS_DA = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)
WEEKDAYS_DA = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")


def format_number(
    value: Decimal | float | int,
    decimals: int = 0,
    *,
    trim: bool = False,
    grouping: bool = True,
) -> str:
    """Format with '.' as thousands separator and ',' as decimal mark: 1234.5 → '1.234,5'.

    Rounds half up to ``decimals`` places. ``trim`` drops trailing decimal zeros ("20,0" → "20");
    ``grouping=False`` leaves out the thousands separator (CSV cells: "1234,5")."""
    d = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if d < 0 else ""
    whole, _, frac = f"{abs(d):f}".partition(".")
    groups: list[str] = []
    while grouping and len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups)
    if decimals > 0:
        out += "," + frac.ljust(decimals, "0")[:decimals]
        if trim:
            out = out.rstrip("0").rstrip(",")
    return sign + out


def format_pct(value: float, decimals: int = 1) -> str:
    """A percentage in Danish style, trailing zeros dropped: "20,3 %", "20 %"."""
    return f"{format_number(value, decimals, trim=True)} %"


def format_kr(value: float) -> str:
    """Whole kroner in Danish style, rounded half up: "1.234.568 kr."."""
    return f"{format_number(math.floor(value + 0.5))} kr."


def format_date(value: date | datetime, *, long: bool = True, weekday: bool = False) -> str:
    """'27. maj 2021' (long), 'torsdag den 27. maj 2021' (weekday) or '27.05.2021'."""
    if isinstance(value, datetime):
        value = value.date()
    if not long:
        return f"{value.day:02d}.{value.month:02d}.{value.year}"
    text = f"{value.day}. {MONTHS_DA[value.month - 1]} {value.year}"
    if weekday:
        return f"{WEEKDAYS_DA[value.weekday()].capitalize()} den {text}"
    return text
