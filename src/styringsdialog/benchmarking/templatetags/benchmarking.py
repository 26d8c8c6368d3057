"""Small template helpers for the efficiency pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Mapping[str, Any], key: str) -> Any:
    """``{{ texts|get_item:code }}``: a value from a dict (the key itself when missing)."""
    return mapping.get(key, key)


@register.filter
def peer_group(description: str) -> str:
    """Peer-group description with region names instead of codes."""
    from styringsdialog.benchmarking.queries.pages import describe_peer_group

    return describe_peer_group(description or "")
