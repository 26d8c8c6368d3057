"""The client's address, the same for the login lockout (django-axes, ``AXES_CLIENT_IP_CALLABLE``)
and the API's token throttling.

``REMOTE_ADDR`` unless ``STYRINGSDIALOG_TRUSTED_PROXIES`` (the setting ``NINJA_NUM_PROXIES``) says
how many proxies in front of the server append to ``X-Forwarded-For``; then the entry the nearest
proxy wrote, so a client cannot choose its own address by sending the header.
"""

from __future__ import annotations

import ipaddress

from django.http import HttpRequest
from ninja.throttling import BaseThrottle


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address, or None when the request carries none that parses (a request
    built in code, e.g. ``Client.force_login``): django-axes stores it in an IP-address column,
    which PostgreSQL refuses for anything but an address."""
    ident = BaseThrottle().get_ident(request)
    if not ident:
        return None
    try:
        return str(ipaddress.ip_address(ident.strip()))
    except ValueError:
        return None
