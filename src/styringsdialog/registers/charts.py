"""Server-side SVG charts (matplotlib, no pyplot state): one indicator over the years with its
statutory threshold. The SVG is an image with its own text alternative (``<title>`` and
``<desc>``); the page shows the same numbers in a table beside it.

Drawing one chart with matplotlib takes about 50 ms and the kvarterprofil draws five, so each
rendered SVG is kept in Django's cache under a digest of everything it draws (years, values,
threshold, labels, ids, texts) and ``CHART_VERSION``: an unchanged profile renders no chart,
changed data gives a new key at once in every process (the old entry simply expires). Bump
``CHART_VERSION`` when the drawing code changes."""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Sequence
from html import escape

from django.core.cache import cache
from matplotlib import rc_context
from matplotlib.figure import Figure

from styringsdialog.lib.svg import danish_ticks, presentation_attributes

LINE = "#0059b3"
THRESHOLD = "#7a0b0b"
AREA = "#595959"
CHART_VERSION = 1  # part of every cache key: bump when the drawing changes
CACHE_SECONDS = 7 * 24 * 3600  # keys change with the data; this only bounds the cache's size


def chart_key(**drawn: object) -> str:
    """The cache key of a chart: sha256 of ``CHART_VERSION`` and every argument it draws."""
    payload = json.dumps([CHART_VERSION, drawn], sort_keys=True, default=str, allow_nan=True)
    return "reg-chart-" + hashlib.sha256(payload.encode()).hexdigest()


def indicator_svg(
    *,
    years: Sequence[int],
    values: Sequence[float | None],
    threshold: float | None = None,
    unit: str = "%",
    area_values: Sequence[float | None] | None = None,
    threshold_label: str = "",
    chart_id: str = "indicator",
    title: str = "",
    description: str = "",
) -> str:
    """An inline ``<svg>`` (no XML header) of ``values`` per year; gaps where a value is None
    (e.g. diskretioneret); a dashed line at ``threshold``; optionally the area's values. Styled
    with SVG attributes, not inline CSS, so the Content-Security-Policy lets it through. The
    y-axis always starts at 0 (or reaches below it for negative values), so bar heights and
    distances are not exaggerated. ``title`` and ``description`` become the SVG's ``<title>``
    and ``<desc>`` (ids from ``chart_id``, unique on the page), named by ``aria-labelledby``.
    Served from the cache when the same chart was drawn before (see the module docstring)."""
    drawn = {
        "years": list(years),
        "values": list(values),
        "threshold": threshold,
        "unit": unit,
        "area_values": None if area_values is None else list(area_values),
        "threshold_label": threshold_label,
        "chart_id": chart_id,
        "title": title,
        "description": description,
    }
    key = chart_key(**drawn)
    svg: str | None = cache.get(key)
    if svg is None:
        svg = render_indicator_svg(**drawn)  # type: ignore[arg-type]
        cache.set(key, svg, CACHE_SECONDS)
    return svg


def render_indicator_svg(
    *,
    years: Sequence[int],
    values: Sequence[float | None],
    threshold: float | None,
    unit: str,
    area_values: Sequence[float | None] | None,
    threshold_label: str,
    chart_id: str,
    title: str,
    description: str,
) -> str:
    """Draw the chart with matplotlib (uncached; ``indicator_svg`` is what pages call)."""
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "styringsdialog", "font.size": 9}):
        fig = Figure(figsize=(4.4, 2.3), dpi=100)
        ax = fig.subplots()
        xs = list(years)
        ys = [float("nan") if v is None else v for v in values]
        ax.plot(xs, ys, marker="o", color=LINE, label="Afdelingen")
        if area_values is not None:
            ax.plot(
                xs,
                [float("nan") if v is None else v for v in area_values],
                marker="s",
                color=AREA,
                linestyle=":",
                label="Boligområdet",
            )
        if threshold is not None:
            ax.axhline(
                threshold,
                color=THRESHOLD,
                linestyle="--",
                linewidth=1,
                label=threshold_label or "Grænse",
            )
        ax.set_xticks(xs)
        ax.set_xticklabels([str(x) for x in xs])
        ax.set_ylabel(unit)
        low, high = ax.get_ylim()
        ax.set_ylim(min(low, 0), max(high, 0))
        danish_ticks(ax.yaxis)
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(loc="best", frameon=False, fontsize=8)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = presentation_attributes(svg[svg.index("<svg") :])
    ids = f"{chart_id}-title {chart_id}-desc"
    svg = re.sub(
        r"<svg ", f'<svg role="img" aria-labelledby="{ids}" focusable="false" ', svg, count=1
    )
    head = svg.index(">") + 1
    alt = (
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    )
    return svg[:head] + alt + svg[head:]
