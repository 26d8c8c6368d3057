"""Bounded parameter types and the paginator that the apps' API modules (``<app>/api.py``) share.

Every number and string a client can send has limits in the OpenAPI schema, so a value outside
them is answered with 422 in the API's error shape before any query runs (an unbounded page or id
used to reach the database and end as a 500). Strings never contain NUL, which PostgreSQL
cannot store or compare.

A module with ``@paginate(Page)`` views must not use ``from __future__ import annotations``:
django-ninja evaluates the parameter annotations of a paginated view in the namespace of its own
decorator, where these names do not exist (the schema then fails to build: "not fully defined").
"""

from __future__ import annotations

from datetime import time
from typing import Annotated

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from pydantic import ConfigDict, PlainSerializer, WithJsonSchema

# Pages beyond this are refused (422): 50 a page, that is five million rows, far more than any
# list holds; beyond it an offset no longer fits the database's integer.
MAX_PAGE = 100_000
# The largest ``page_size`` a client may ask for; django-ninja's own cap is 100 as well.
MAX_PAGE_SIZE = 100
# The largest ``offset`` of a limit/offset list (the search): 10 000 hits deep.
MAX_OFFSET = 10_000
# Largest value of a BigAutoField primary key.
MAX_ID = 2**63 - 1

_NO_NUL = r"^[^\x00]*$"

Year = Annotated[int, Field(ge=1900, le=2200, description="Årstal, fx 2024")]
"""A calendar, accounting or styringsår year."""

ObjectId = Annotated[int, Field(ge=1, le=MAX_ID, description="Id fra en liste i API'et")]
"""A primary key in a path."""

Limit = Annotated[int, Field(ge=1, le=MAX_PAGE_SIZE)]
"""How many items to return (``?limit=``)."""

Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]
"""How many items to skip (``?offset=``)."""

Code = Annotated[str, Field(min_length=1, max_length=20, pattern=_NO_NUL)]
"""A short identifier: kommunekode (``151``), LBF-nummer (``0151``), afdelingsnummer (``008``)."""

OptionalCode = Annotated[str, Field(max_length=40, pattern=_NO_NUL)]
"""An identifier or status used as a filter; empty means no filter."""

Keyword = Annotated[str, Field(min_length=1, max_length=40, pattern=_NO_NUL)]
"""A status, action or kind value; the service decides which values are valid."""

Text = Annotated[str, Field(max_length=200, pattern=_NO_NUL)]
"""A line of free text: a search, a sheet name."""

Note = Annotated[str, Field(max_length=5000, pattern=_NO_NUL)]
"""A note that is stored with a change."""

LongText = Annotated[str, Field(max_length=200_000, pattern=_NO_NUL)]
"""A long text: the minutes of an agenda item, the text read from a referat file."""

Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$", description="sha256 i hex (64 tegn)")]
"""The sha256 of a file, lower-case hex."""

ClockTime = Annotated[
    time,
    PlainSerializer(lambda t: t.isoformat(timespec="seconds"), return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$",
            "description": "Lokal tid (Europe/Copenhagen) uden tidszone, TT:MM:SS",
            "examples": ["10:00:00"],
        }
    ),
]
"""A wall-clock time without offset. JSON Schema's ``format: time`` demands an offset (RFC 3339),
so the field is declared with the pattern it really has."""

ClockTimeIn = Annotated[
    time,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$",
            "maxLength": 8,
            "description": "Lokal tid (Europe/Copenhagen) uden tidszone, TT:MM eller TT:MM:SS",
            "examples": ["10:00"],
        }
    ),
]
"""A wall-clock time in a request body (bounded, seconds optional)."""


class ObjectIn(Schema):
    """The base of every JSON request body: a JSON object with only the documented fields.

    ``extra="forbid"`` makes pydantic check the raw body before django-ninja wraps it, so an
    array, a string or ``null`` as the body, or a misspelt field name, is a 422 in the API's
    error shape instead of a request silently answered with every field at its default.
    """

    model_config = ConfigDict(extra="forbid")


class Page(PageNumberPagination):
    """``?page=N&page_size=M`` with both bounded in the schema (``page`` 1–100 000, ``page_size``
    1–100); a page past the end is an empty list."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)


FORBIDDEN_ON_READ: dict = {
    "responses": {
        "403": {
            "description": "Adgang nægtet: brugeren kan se objektet, men ikke læse dette "
            "(`forbidden`)",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
        }
    }
}
"""``openapi_extra`` of a GET operation that answers 403 to some readers (the API declares 403
only on unsafe methods by default)."""
