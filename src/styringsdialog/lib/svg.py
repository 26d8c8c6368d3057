"""Inline SVG that a Content-Security-Policy without ``'unsafe-inline'`` lets through.

matplotlib writes its styling as CSS: ``style="fill: #fff; stroke: #000"`` on each element and a
``<style>*{stroke-linejoin: round; …}</style>`` in ``<defs>``. Inside an HTML page both are
inline styles, which the policy blocks (the chart would lose its colours). SVG has the same
properties as *presentation attributes* (``fill="#fff"``), which are markup, not CSS, and so are
not subject to ``style-src``. ``presentation_attributes`` rewrites the one into the other.
"""

from __future__ import annotations

import re
from html import escape, unescape
from typing import Any

from almen.formatting import format_number

# SVG presentation attributes (SVG 1.1 / SVG 2) that matplotlib's SVG backend writes as CSS.
PRESENTATION = frozenset(
    {
        "alignment-baseline",
        "baseline-shift",
        "clip-path",
        "clip-rule",
        "color",
        "display",
        "dominant-baseline",
        "fill",
        "fill-opacity",
        "fill-rule",
        "font-family",
        "font-size",
        "font-stretch",
        "font-style",
        "font-variant",
        "font-weight",
        "letter-spacing",
        "mask",
        "opacity",
        "paint-order",
        "stroke",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-opacity",
        "stroke-width",
        "text-anchor",
        "text-decoration",
        "visibility",
        "word-spacing",
    }
)

_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S)
_UNIVERSAL_RULE = re.compile(r"\*\s*\{([^}]*)\}")
_ROOT = re.compile(r"<svg\b")


def _attributes(declarations: str) -> str:
    """'fill: #fff; stroke: #000' → ' fill="#fff" stroke="#000"' (unknown properties refused)."""
    out = []
    for declaration in unescape(declarations).split(";"):
        if not declaration.strip():
            continue
        name, sep, value = declaration.partition(":")
        name, value = name.strip().lower(), value.strip()
        if not sep or name not in PRESENTATION:
            raise ValueError(f"CSS property {name!r} has no SVG presentation attribute")
        text = escape(value, quote=False).replace('"', "&quot;")
        out.append(f' {name}="{text}"')
    return "".join(out)


def presentation_attributes(svg: str) -> str:
    """``svg`` with every ``style`` attribute and ``<style>`` element turned into attributes.

    A ``<style>`` may hold only universal rules (``* { … }``, what matplotlib writes): their
    properties go on the root ``<svg>`` as inherited attributes, so an element's own attribute
    still wins, as its inline style did. Anything else raises ``ValueError`` rather than
    silently changing the picture.
    """
    universal = []
    for css in _STYLE_ELEMENT.findall(svg):
        rest = _UNIVERSAL_RULE.sub("", css).strip()
        if rest:
            raise ValueError(f"cannot turn this CSS into SVG attributes: {rest[:80]!r}")
        universal += _UNIVERSAL_RULE.findall(css)
    svg = _STYLE_ELEMENT.sub("", svg)
    svg = _STYLE_ATTRIBUTE.sub(lambda m: _attributes(m.group(1)), svg)
    if universal:
        svg = _ROOT.sub(lambda m: m.group(0) + _attributes(";".join(universal)), svg, count=1)
    return svg


def danish_ticks(axis: Any, *, integer: bool = False) -> None:
    """Danish tick labels on a matplotlib ``axis`` (``ax.xaxis``/``ax.yaxis``): '.' groups
    thousands, ',' is the decimal mark (2.000; 1,75), every label with the same number of
    decimals, the fewest that show all ticks exactly. ``integer`` places ticks on whole
    numbers only (counts)."""
    from matplotlib.ticker import Formatter, MaxNLocator

    class _Danish(Formatter):  # type: ignore[misc]
        decimals = 0

        def set_locs(self, locs: list[float]) -> None:
            super().set_locs(locs)
            self.decimals = next(
                (d for d in range(5) if all(abs(round(v, d) - v) < 1e-9 for v in locs)), 4
            )

        def __call__(self, x: float, pos: int | None = None) -> str:
            return format_number(x, self.decimals).replace("-", "\N{MINUS SIGN}")

    if integer:
        axis.set_major_locator(MaxNLocator(integer=True))
    axis.set_major_formatter(_Danish())
