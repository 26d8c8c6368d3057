"""Server-side SVG charts (matplotlib, no pyplot state): one indicator over the years with its
statutory threshold. The SVG is an image with its own text alternative (``<title>`` and
``<desc>``); the page shows the same numbers in a table beside it."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from html import escape

from matplotlib import rc_context
from matplotlib.figure import Figure

from styringsdialog.lib.svg import danish_ticks, presentation_attributes

LINE = "#0059b3"
THRESHOLD = "#7a0b0b"
AREA = "#595959"


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
    and ``<desc>`` (ids from ``chart_id``, unique on the page), named by ``aria-labelledby``."""
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
