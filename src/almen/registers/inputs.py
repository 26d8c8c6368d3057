"""Reading register files defensively: UTF-8 text and JSON within size and nesting bounds.

Every function here turns bad input into a ``RegisterFormatError`` with a Danish message —
never a ``UnicodeDecodeError``, ``RecursionError`` or ``json.JSONDecodeError`` — so a command
line import can print it and stop. ``shown`` keeps values quoted in messages short.
"""

from __future__ import annotations

import json
import reprlib
from typing import Any

import numpy as np

from almen.formatting import format_number
from almen.tabular import Limits

from .errors import RegisterFormatError, RowError

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_JSON_BYTES",
    "MAX_JSON_DEPTH",
    "REGISTER_LIMITS",
    "decode_utf8",
    "json_depth",
    "load_json",
    "shown",
]

MAX_FILE_BYTES = 256 * 1024 * 1024
"""Largest CSV or XLSX register file (LBF stamdata, beboerdata, StatBank CSV) a command reads.
National LBF stamdata is a few MB; the bound only keeps a wrong file from filling the memory."""

REGISTER_LIMITS = Limits(
    max_rows=500_000, max_unpacked_bytes=1024 * 1024 * 1024, max_xml_elements=20_000_000
)
"""``almen.tabular`` limits for register files. They come from an operator on the command line
and cover the whole country (LBF stamdata ≈ 20,000 rows, beboerdata a row per department or
area and year), so they may be ten times larger than an upload to a documentation package."""

MAX_JSON_BYTES = 1024 * 1024 * 1024
"""Largest JSON file read (1 GiB). The national extract of almene BBR units (≈ 560,000 units at
≈ 1.5 KB each in the REST shape) is about 850 MB; parsing 1 GiB of JSON takes several GB of
memory, so larger files must be split (or fetched page by page with the clients)."""

MAX_JSON_DEPTH = 64
"""Deepest nesting of arrays and objects accepted. The register answers nest four levels
(GraphQL: ``data.BBR_Enhed.nodes[].field``); 64 leaves room and stays far below the point where
Python's JSON parser gives up with a ``RecursionError`` (about 1,000)."""

_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 80
_REPR.maxlevel = 2
_STEP = np.zeros(256, dtype=np.int32)  # +1 for an opening bracket, -1 for a closing one
_STEP[[ord("["), ord("{")]] = 1
_STEP[[ord("]"), ord("}")]] = -1
_QUOTE = ord('"')
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{}')
_CHUNK = 1 << 24
_JSON_MESSAGES = {  # json.JSONDecodeError.msg → Danish
    "Expecting value": "forventede en værdi",
    "Unterminated string starting at": "en tekst slutter aldrig",
    "Expecting ',' delimiter": "forventede et komma",
    "Expecting ':' delimiter": "forventede et kolon",
    "Expecting property name enclosed in double quotes": "forventede et feltnavn i anførselstegn",
    "Extra data": "der står mere efter JSON-værdien",
    "Invalid control character at": "et kontroltegn i en tekst",
    "Invalid \\escape": "en ugyldig \\-kode i en tekst",
    "Invalid \\uXXXX escape": "en ugyldig \\u-kode i en tekst",
}


def shown(value: Any) -> str:
    """``repr`` of a value from a file, cut to about 80 characters and two levels of nesting."""
    return _REPR.repr(value)


def decode_utf8(data: bytes | str, *, file: str) -> str:
    """``data`` as text (a leading byte-order mark dropped); ``RegisterFormatError`` naming the
    first byte that is not UTF-8 and its line."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise RegisterFormatError(
            [
                RowError(
                    file,
                    None,
                    "",
                    f"Filen er ikke UTF-8-kodet: byte nr. {format_number(exc.start + 1)} (linje "
                    f"{format_number(line)}) er ikke gyldig UTF-8. Gem eller hent filen som UTF-8.",
                )
            ]
        ) from None


def json_depth(data: bytes | str, stop_above: int | None = None) -> int:
    """The deepest nesting of ``[`` and ``{`` in JSON, brackets inside strings not counted
    (with ``stop_above``: any depth above it as soon as one is seen).

    Done in C (``bytes.replace``, ``bytes.translate``) and numpy, linear in the size, so a hostile
    file cannot make it slow: escaped backslashes and quotes are removed, then everything but
    quotes and brackets; a bracket counts when an even number of quotes precede it."""
    raw = data.encode("utf-8", "replace") if isinstance(data, str) else data
    skeleton = raw.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NOT_STRUCTURE)
    codes = np.frombuffer(skeleton, dtype=np.uint8)
    deepest = level = quotes = 0
    for start in range(0, len(codes), _CHUNK):
        chunk = codes[start : start + _CHUNK]
        is_quote = (chunk == _QUOTE).astype(np.int32)
        outside = ((np.cumsum(is_quote, dtype=np.int32) + quotes) & 1) == 0
        running = np.cumsum(_STEP[chunk] * outside, dtype=np.int32) + level
        deepest = max(deepest, int(running.max()))
        level, quotes = int(running[-1]), quotes + int(is_quote.sum())
        if stop_above is not None and deepest > stop_above:
            break
    return deepest


def load_json(
    data: bytes | str,
    *,
    file: str,
    max_bytes: int = MAX_JSON_BYTES,
    max_depth: int = MAX_JSON_DEPTH,
) -> Any:
    """Parse a JSON file; ``RegisterFormatError`` (Danish) when it is too large, not UTF-8, nested
    deeper than ``max_depth`` or not JSON."""

    def refuse(message: str) -> RegisterFormatError:
        return RegisterFormatError([RowError(file, None, "", message)])

    size = len(data)
    if size > max_bytes:
        raise refuse(
            f"Filen fylder {format_number(size / 1024 / 1024)} MB; der kan højst indlæses "
            f"{format_number(max_bytes / 1024 / 1024)} MB JSON ad gangen. Del udtrækket op."
        )
    if (b"\x00" in data) if isinstance(data, bytes) else ("\x00" in data):
        raise refuse("Filen indeholder binære data (nul-tegn) og er ikke JSON i UTF-8.")
    text = decode_utf8(data, file=file)
    depth = json_depth(data, stop_above=max_depth)
    if depth > max_depth:
        raise refuse(
            f"Filen er indlejret mere end {max_depth} niveauer dybt (lister og objekter i "
            "hinanden); det har et registerudtræk aldrig. Den indlæses ikke."
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        what = _JSON_MESSAGES.get(exc.msg, "fejl")
        raise refuse(
            f"Filen er ikke gyldig JSON ({what}, linje {format_number(exc.lineno)}, "
            f"tegn {format_number(exc.colno)})."
        ) from None
    except (ValueError, RecursionError):  # an integer of more than 4,300 digits, say
        raise refuse("Filen er ikke gyldig JSON (et tal har for mange cifre).") from None
