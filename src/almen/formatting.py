"""Danish formatting of numbers and dates, shared by pages, PDFs, DOCX and CLI output."""

from __future__ import annotations

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


def format_number(value: Decimal | float | int, decimals: int = 0) -> str:
    """Format with '.' as thousands separator and ',' as decimal mark: 1234.5 → '1.234,5'."""
    d = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if d < 0 else ""
    whole, _, frac = f"{abs(d):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups)
    if decimals > 0:
        out += "," + frac.ljust(decimals, "0")[:decimals]
    return sign + out


def format_dkk(value: Decimal | float | int, decimals: int = 0) -> str:
    return f"{format_number(value, decimals)} kr."


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
