"""Plain-text minutes: safe rendering and clean-up of text copied from PDFs."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# A word broken at a line end with a hyphen ("for-\ndeler"); keep real dashes and compounds
# such as "LAR-projekter" (no line break) and "el-scooter" (no line break).
_HYPHEN_BREAK = re.compile(r"(\w)-[ \t]*\n[ \t]*\n?[ \t]*(\w)")


def dehyphenate(text: str) -> str:
    """Join words broken over lines by a hyphen: "for-\\ndeler" → "fordeler"."""
    return _HYPHEN_BREAK.sub(r"\1\2", text)


def normalise_paragraphs(text: str) -> str:
    """Trim each line, collapse runs of blank lines to one, drop leading/trailing blank lines."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def paragraphs(text: str) -> list[str]:
    """Paragraphs (separated by blank lines) of the minutes, each without surrounding space."""
    return [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]


def render_minutes(text: str) -> SafeString:
    """HTML for minutes: each paragraph a ``<p>``, single line breaks ``<br>``; all text escaped."""
    parts = []
    for para in paragraphs(text or ""):
        parts.append(
            "<p>" + "<br>".join(escape(line.strip()) for line in para.split("\n")) + "</p>"
        )
    return mark_safe("\n".join(parts))  # every piece of text above is escaped


def reflow(text: str) -> str:
    """Text copied line by line from a PDF → paragraphs: words broken by a hyphen are joined,
    the remaining line breaks inside a paragraph become spaces, blank lines separate paragraphs."""
    return "\n\n".join(
        " ".join(line.strip() for line in p.split("\n")) for p in paragraphs(dehyphenate(text))
    )
