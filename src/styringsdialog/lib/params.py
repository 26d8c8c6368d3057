"""Whole numbers from query parameters (``?aar=``, ``?year=``, ``?page=``) without a 500.

``str.isdigit`` is not enough: it is true for "²" and "٣", and ``int`` refuses "²" and any
string of more than 4,300 digits; a 22-digit number overflows SQLite. ``bounded_int`` accepts
only ASCII digits and a value inside the caller's bounds.
"""

from __future__ import annotations

import re
from typing import Any

_INT = re.compile(r"-?[0-9]{1,18}")


def bounded_int(raw: Any, *, minimum: int, maximum: int) -> int | None:
    """``raw`` as an int when it is a whole number (ASCII digits, optional minus) from
    ``minimum`` to ``maximum``; otherwise None. Never raises."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    elif isinstance(raw, str) and _INT.fullmatch(raw.strip()):
        value = int(raw.strip())
    else:
        return None
    return value if minimum <= value <= maximum else None
