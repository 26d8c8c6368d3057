"""Where to send a user back to: a ``next`` value from a form, kept only when it is a path on
this site (never another host, so a form cannot be turned into an open redirect)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def local_path(request: HttpRequest, value: str, fallback: str) -> str:
    """``value``'s path (query and fragment dropped) when it points at this site, else
    ``fallback``."""
    if not value or not value.startswith("/") or value.startswith("//"):
        return fallback
    if not url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}):
        return fallback
    return urlsplit(value).path or fallback
