"""Server-rendered SVG charts for pages where people look rather than read (issue 17, ADR 0009).

Two shapes cover the pages: grouped bars (``bar_svg``: counts per status, amounts per account
group and year) and lines over the years with an optional band and reference lines
(``line_svg``: effektivitetstal with the peer group's range, provisions against the norm and
the critical values). Each returns an inline ``<svg role="img" aria-labelledby=…>`` whose
``<title>`` and ``<desc>`` say what it shows and every value it draws; the page puts the same
numbers in a table beside it. Styling is SVG presentation attributes (the CSP allows no inline
CSS); every series has its own hatch or marker and line style besides its colour (WCAG 1.4.1);
the value axis starts at 0 and has Danish tick labels (whole numbers for counts).

Drawing takes tens of ms, so each SVG is cached under a sha256 of everything it draws and
``CHART_VERSION`` (as the kvarterprofil's): unchanged data draws nothing, changed data gets a
new key at once in every process. Bump ``CHART_VERSION`` when the drawing code changes.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.core.cache import cache

from styringsdialog.lib.svg import danish_ticks, presentation_attributes

CHART_VERSION = 3
CACHE_SECONDS = 7 * 24 * 3600  # keys change with the data; this only bounds the cache's size
# Colours with at least 3:1 contrast against white (WCAG 1.4.11), each with its own pattern.
PALETTE = ("#0059b3", "#595959", "#a34d00", "#2e7d32", "#6a1b9a", "#7a0b0b")
HATCHES = ("", "///", "xx", "\\\\", "--", "++")  # no dots: each dot is an SVG path
MARKERS = ("o", "s", "^", "D", "v", "P")
LINESTYLES = ("-", "--", ":", "-.", "-", "--")
BAND = "#c6d9ec"
REFERENCE = "#7a0b0b"
LABEL_WIDTH = 28


@dataclass(frozen=True)
class Series:
    """One series: its legend label, a value per category (None = no value) and an optional
    fixed colour (e.g. a status colour); otherwise the palette's, in order."""

    label: str
    values: tuple[float | None, ...]
    colour: str = ""


def chart_key(kind: str, **drawn: object) -> str:
    payload = json.dumps([CHART_VERSION, kind, drawn], sort_keys=True, default=str)
    return "lib-chart-" + hashlib.sha256(payload.encode()).hexdigest()


def _cached(kind: str, drawn: dict[str, object], render) -> str:  # type: ignore[no-untyped-def]
    key = chart_key(kind, **drawn)
    svg: str | None = cache.get(key)
    if svg is None:
        svg = render()
        cache.set(key, svg, CACHE_SECONDS)
    return svg


def _figure(width: float, height: float):  # type: ignore[no-untyped-def]
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100)


def _finish(fig, chart_id: str, title: str, description: str) -> str:  # type: ignore[no-untyped-def]
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", pad_inches=0.1, metadata={"Date": None})
    svg = buffer.getvalue()
    svg = presentation_attributes(svg[svg.index("<svg") :])
    ids = f"{chart_id}-title {chart_id}-desc"
    svg = re.sub(
        r"<svg ",
        f'<svg class="app-chart__svg" role="img" aria-labelledby="{ids}" focusable="false" ',
        svg,
        count=1,
    )
    head = svg.index(">") + 1
    alt = (
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    )
    return svg[:head] + alt + svg[head:]


def _rc():  # type: ignore[no-untyped-def]
    from matplotlib import rc_context

    return rc_context(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": "styringsdialog",
            "font.size": 9,
            "hatch.color": "#ffffff",
            "hatch.linewidth": 0.8,
        }
    )


def bar_svg(
    *,
    categories: Sequence[str],
    series: Sequence[Series],
    unit: str,
    integer: bool = False,
    horizontal: bool = False,
    colours: Sequence[str] = (),
    chart_id: str,
    title: str,
    description: str,
) -> str:
    """Grouped bars: one group per category, one bar per series. ``integer`` for counts (whole
    ticks only). ``horizontal`` for long category names (wrapped, never cut off)."""
    drawn = {
        "categories": list(categories),
        "series": [(s.label, list(s.values), s.colour) for s in series],
        "unit": unit,
        "integer": integer,
        "horizontal": horizontal,
        "colours": list(colours),
        "chart_id": chart_id,
        "title": title,
        "description": description,
    }
    return _cached(
        "bar",
        drawn,
        lambda: _bars(
            categories, series, unit, integer, horizontal, chart_id, title, description, colours
        ),
    )


def _bars(
    categories: Sequence[str],
    series: Sequence[Series],
    unit: str,
    integer: bool,
    horizontal: bool,
    chart_id: str,
    title: str,
    description: str,
    colours: Sequence[str] = (),
) -> str:
    n = max(1, len(series))
    width = 0.8 / n
    with _rc():
        if horizontal:
            labels = [textwrap.fill(c, LABEL_WIDTH, break_on_hyphens=False) for c in categories]
            rows = sum(max(0.12 * n + 0.1, 0.15 * (w.count("\n") + 1)) for w in labels)
            fig = _figure(6.4, rows + 0.9)
        else:
            labels = [textwrap.fill(c, 14, break_on_hyphens=False) for c in categories]
            fig = _figure(max(3.2, 0.35 * len(categories) * n + 1.4), 2.6)
        ax = fig.subplots()
        positions = list(range(len(categories)))
        top = bottom = 0.0
        for i, s in enumerate(series):
            offset = (i - (n - 1) / 2) * width
            values = [0.0 if v is None else float(v) for v in s.values]
            top = max(top, *values, 0.0)
            bottom = min(bottom, *values, 0.0)
            colour: str | list[str] = s.colour or PALETTE[i % len(PALETTE)]
            if n == 1 and colours:  # one series: a colour per category (e.g. a status colour)
                colour = list(colours)
            where = [p + offset for p in positions]
            kwargs = {
                "color": colour,
                "label": s.label,
                "hatch": HATCHES[i % len(HATCHES)] if n > 1 else "",
                "edgecolor": "#ffffff",
                "linewidth": 0.4,
            }
            if horizontal:
                ax.barh(where, values, height=width * 0.95, **kwargs)
            else:
                ax.bar(where, values, width=width * 0.95, **kwargs)
        value_axis = ax.xaxis if horizontal else ax.yaxis
        if horizontal:
            ax.set_yticks(positions, labels)
            ax.invert_yaxis()
            ax.set_xlim(bottom * 1.05, top * 1.05 if top > 0 else 1)
            ax.set_xlabel(unit)
        else:
            ax.set_xticks(positions, labels)
            ax.set_ylim(bottom * 1.1, top * 1.1 if top > 0 else 1)
            ax.set_ylabel(unit)
        danish_ticks(value_axis, integer=integer)
        ax.spines[["top", "right"]].set_visible(False)
        if n > 1:
            ax.legend(frameon=False, loc="lower left", bbox_to_anchor=(0, 1), ncols=min(n, 5))
        return _finish(fig, chart_id, title, description)


@dataclass(frozen=True)
class Reference:
    """A horizontal line (a norm, a threshold) drawn dashed, with its legend label."""

    label: str
    value: float


def line_svg(
    *,
    years: Sequence[int],
    series: Sequence[Series],
    unit: str,
    band: tuple[str, Sequence[float | None], Sequence[float | None]] | None = None,
    references: Sequence[Reference] = (),
    integer: bool = False,
    chart_id: str,
    title: str,
    description: str,
) -> str:
    """Lines over ``years`` (gaps where a value is None), an optional shaded band (label, low,
    high per year, e.g. the peer group's range) and dashed reference lines. y from 0."""
    drawn = {
        "years": list(years),
        "series": [(s.label, list(s.values), s.colour) for s in series],
        "unit": unit,
        "band": None if band is None else [band[0], list(band[1]), list(band[2])],
        "references": [(r.label, r.value) for r in references],
        "integer": integer,
        "chart_id": chart_id,
        "title": title,
        "description": description,
    }
    return _cached(
        "line",
        drawn,
        lambda: _lines(
            years, series, unit, band, references, integer, chart_id, title, description
        ),
    )


def _nan(values: Sequence[float | None]) -> list[float]:
    return [float("nan") if v is None else float(v) for v in values]


def _lines(
    years: Sequence[int],
    series: Sequence[Series],
    unit: str,
    band: tuple[str, Sequence[float | None], Sequence[float | None]] | None,
    references: Sequence[Reference],
    integer: bool,
    chart_id: str,
    title: str,
    description: str,
) -> str:
    with _rc():
        fig = _figure(max(4.4, 0.6 * len(years) + 2.0), 2.6)
        ax = fig.subplots()
        xs = list(years)
        if band is not None:
            ax.fill_between(
                xs, _nan(band[1]), _nan(band[2]), color=BAND, hatch="", label=band[0], step=None
            )
        for i, s in enumerate(series):
            ax.plot(
                xs,
                _nan(s.values),
                marker=MARKERS[i % len(MARKERS)],
                linestyle=LINESTYLES[i % len(LINESTYLES)],
                color=s.colour or PALETTE[i % len(PALETTE)],
                label=s.label,
            )
        for j, r in enumerate(references):
            ax.axhline(
                r.value,
                color=REFERENCE if j == 0 else PALETTE[(j + 2) % len(PALETTE)],
                linestyle=(0, (5, 3)) if j == 0 else (0, (1, 2)),
                linewidth=1.2,
                label=r.label,
            )
        ax.set_xticks(xs, [str(x) for x in xs])
        if len(xs) == 1:
            ax.set_xlim(xs[0] - 1, xs[0] + 1)
        low, high = ax.get_ylim()
        ax.set_ylim(min(low, 0), max(high, 1))
        ax.set_ylabel(unit)
        danish_ticks(ax.yaxis, integer=integer)
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(frameon=False, loc="lower left", bbox_to_anchor=(0, 1), ncols=2, fontsize=8)
        return _finish(fig, chart_id, title, description)


@dataclass(frozen=True)
class CountChart:
    """A count per category as bars and as the rows of the table beside them
    (``web/_count_chart.html`` shows both)."""

    svg: str
    rows: tuple[tuple[str, int], ...]
    heading: str
    caption: str


def count_chart(
    rows: Sequence[tuple[str, int]],
    *,
    heading: str,
    chart_id: str,
    title: str,
    colours: Sequence[str] = (),
    unit: str = "Antal",
) -> CountChart:
    """Horizontal bars of whole-number counts (integer ticks from 0), one per ``(label, count)``
    (horizontal, so long status names stay readable)."""
    from almen.formatting import format_number

    desc = "; ".join(f"{label}: {format_number(n)}" for label, n in rows)
    svg = bar_svg(
        categories=[label for label, _ in rows],
        series=[Series(unit, tuple(float(n) for _, n in rows))],
        unit=unit,
        integer=True,
        horizontal=True,
        colours=colours,
        chart_id=chart_id,
        title=f"Søjlediagram: {title}",
        description=f"{title}: {desc or 'ingen'}.",
    )
    return CountChart(svg, tuple(rows), heading, title)
