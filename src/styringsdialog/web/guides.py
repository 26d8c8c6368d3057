"""The Danish user guides (docs/user/*.md) served in the app as HTML.

Markdown is rendered on the server with markdown-it-py (CommonMark, tables on) with raw HTML
switched off: any HTML in a guide is shown as text, and links with ``javascript:`` and similar
schemes are refused by the parser's link validation, so the output needs no further cleaning.
Guides are read from ``USER_GUIDES_DIR`` once per process and file change (mtime).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

SLUG = re.compile(r"^[a-z0-9-]{1,60}$")


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str
    summary: str
    html: SafeString

    @property
    def url(self) -> str:
        return reverse("web:guide", args=[self.slug])


def _renderer() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def _rewrite_links(html: str) -> str:
    """Links between guides (``moeder.md``, ``moeder.md#x``) point at the guide pages."""
    return re.sub(
        r'href="([a-z0-9-]+)\.md(#[^"]*)?"',
        lambda m: f'href="{reverse("web:guide", args=[m.group(1)])}{m.group(2) or ""}"',
        html,
    )


@lru_cache(maxsize=64)
def _load(path: str, mtime: float) -> Guide:
    text = Path(path).read_text(encoding="utf-8")
    lines = text.splitlines()
    title = next((ln[2:].strip() for ln in lines if ln.startswith("# ")), Path(path).stem)
    body = "\n".join(ln for ln in lines if not ln.startswith("# ")) if lines else ""
    summary = next(
        (ln.strip() for ln in body.split("\n\n") if ln.strip() and not ln.startswith("#")), ""
    )
    html = _rewrite_links(_renderer().render(body))
    return Guide(
        slug=Path(path).stem,
        title=title,
        summary=" ".join(summary.split())[:300],
        html=mark_safe(html),  # raw HTML is off: the parser escapes it
    )


def _directory() -> Path:
    return Path(settings.USER_GUIDES_DIR)


def all_guides() -> list[Guide]:
    folder = _directory()
    if not folder.is_dir():
        return []
    paths = sorted(p for p in folder.glob("*.md") if SLUG.match(p.stem))
    return sorted((_load(str(p), p.stat().st_mtime) for p in paths), key=lambda g: g.title)


def get_guide(slug: str) -> Guide | None:
    if not SLUG.match(slug):
        return None
    path = _directory() / f"{slug}.md"
    if not path.is_file():
        return None
    return _load(str(path), path.stat().st_mtime)
