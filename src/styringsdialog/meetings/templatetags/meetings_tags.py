"""Template filters of the meetings app: ``{{ item.minutes|minutes }}`` renders minutes safely."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from styringsdialog.meetings.text import render_minutes

register = template.Library()


@register.filter
def minutes(text: str) -> SafeString:
    return render_minutes(text or "")


@register.filter
def get_item(mapping: dict, key: object) -> object:
    """``{{ labels|get_item:item_id }}``: a dict lookup by a variable key ('' when missing)."""
    return mapping.get(key, "") if mapping else ""
