"""Who is acting now: the request being answered (set by the middleware) or the user a CLI verb
acts as (``accounts.cli.resolve_actor``). The model receivers read it to say who changed what."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

_request: ContextVar[Any] = ContextVar("audit_request", default=None)
_actor: ContextVar[Any] = ContextVar("audit_actor", default=None)


def set_request(request: Any) -> Any:
    return _request.set(request)


def reset_request(token: Any) -> None:
    _request.reset(token)


def set_actor(user: Any) -> None:
    """The user a command line verb acts as (for the rest of the process)."""
    _actor.set(user)


def current() -> tuple[Any, Any]:
    """(user, request) of the current write; user None when nobody is acting (a migration, the
    demo data, a test building its world)."""
    request = _request.get()
    if request is not None:
        user = getattr(request, "user", None)
        if user is not None and getattr(user, "is_authenticated", False):
            return user, request
        return None, request
    return _actor.get(), None
