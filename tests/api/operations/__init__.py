"""One table of every API operation: who may call it, and with what.

Each ``rows_<area>.py`` module here holds ``OPERATIONS: list[Op]`` for one part of the API.
``test_operations.py`` sends every row as three personas — the owner (expects ``expect``),
a persona who can read but not do it (403) and an outsider (404) — and checks that every
operation in the OpenAPI schema has a row, so no operation is missed.

Rows are built from a ``Ctx``: the test ``world`` (``styringsdialog.testing``), the API test
data (``tests/api/conftest.py``: a meeting, an agreement, a case and a package in Ballerup /
Almenbo) and ``ctx.extra`` for what a row's ``prepare`` made.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Ctx:
    world: Any
    data: Any  # tests.api.conftest.ApiData
    extra: dict[str, Any] = field(default_factory=dict)

    def user(self, key: str) -> Any:
        return self.world.users[key]


def _no_params(ctx: Ctx) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Op:
    """One API operation as the table sees it.

    ``path`` is the OpenAPI template (``/api/v1/meetings/{meeting_id}``). Personas are keys of
    ``world.users`` (``caseworker_ballerup``, ``caseworker_kbh``, ``almenbo_staff``,
    ``other_org_staff``, ``analyst``, ``admin``, ``no_role``). ``outsider`` must get 404 (None
    for public operations and scope-filtered lists, where outsiders get an empty page instead —
    say which in ``note``); ``read_only`` must get 403 (None where nobody can see without doing).
    ``prepare`` runs first (fresh database per persona) and may fill ``ctx.extra``; ``params``
    fills the path template and the query string (names not in the path become ``?name=value``);
    ``body`` is a JSON body, ``files`` a multipart body (dict of field → value or
    ``SimpleUploadedFile``). ``expect`` is the owner's status.
    """

    method: str
    path: str
    owner: str | None  # None: anonymous (public operations)
    outsider: str | None
    read_only: str | None = None
    params: Callable[[Ctx], dict[str, Any]] = _no_params
    body: Callable[[Ctx], Any] | None = None
    files: Callable[[Ctx], dict[str, Any]] | None = None
    prepare: Callable[[Ctx], None] | None = None
    expect: int = 200
    note: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.method.lower(), self.path)

    def url(self, ctx: Ctx) -> tuple[str, dict[str, Any]]:
        """The path with its parameters filled, and the remaining ones as the query string."""
        values = dict(self.params(ctx))
        names = set(re.findall(r"\{(\w+)\}", self.path))
        missing = names - set(values)
        if missing:
            raise KeyError(f"{self.method} {self.path}: no value for {sorted(missing)}")
        url = re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), self.path)
        query = {k: v for k, v in values.items() if k not in names}
        return url, query
