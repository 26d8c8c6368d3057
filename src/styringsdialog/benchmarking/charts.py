"""Server-side SVG charts (matplotlib): the distribution of effektivitetstal and a department's
cost per account group against best practice.

Pages embed them as ``<img>`` with a text alternative (the numbers are also in a table), so a
page never waits for matplotlib. Output is deterministic (no date, fixed ids) and cached by
content, since a run's results never change.
"""

from __future__ import annotations

import hashlib
import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.core.cache import cache

from almen.efficiency import ColourScale, round_half_up
from almen.formatting import format_number
from styringsdialog.lib.svg import danish_ticks

COLOURS = {"groen": "#2e7d32", "gul": "#d8a200", "roed": "#b3261e"}
LABELS = {"groen": "Grøn", "gul": "Gul", "roed": "Rød"}
OWN, PEER = "#0059b3", "#8c8c8c"
CACHE_SECONDS = 24 * 3600
BIN = 5
LABEL_WIDTH = 30  # characters per line of an account group's name on the konti chart


def _figure(width: float, height: float):  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update(
        {"svg.fonttype": "none", "svg.hashsalt": "styringsdialog", "font.size": 9}
    )
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height))


def _svg(fig, title: str, desc: str, *, tight: bool = False) -> str:  # type: ignore[no-untyped-def]
    """The figure as an SVG document whose first children are ``<title>`` and ``<desc>`` (the
    page's ``<img alt>`` is the text alternative there; these serve the SVG opened alone)."""
    buf = io.StringIO()
    extra = {"bbox_inches": "tight", "pad_inches": 0.1} if tight else {}
    fig.savefig(buf, format="svg", metadata={"Date": None}, **extra)
    svg = buf.getvalue()
    head = svg.index(">", svg.index("<svg")) + 1
    return f"{svg[:head]}<title>{escape(title)}</title><desc>{escape(desc)}</desc>{svg[head:]}"


def _cached(key: str, render) -> str:  # type: ignore[no-untyped-def]
    full = "bm-chart-" + hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()
    svg = cache.get(full)
    if svg is None:
        svg = render()
        cache.set(full, svg, CACHE_SECONDS)
    return svg


@dataclass(frozen=True)
class Bin:
    """One bar of the distribution: effektivitetstal from ``start`` to below ``end`` (the last
    bin includes 100) and the number of departments per colour."""

    start: int
    end: int
    roed: int
    gul: int
    groen: int

    @property
    def total(self) -> int:
        return self.roed + self.gul + self.groen

    @property
    def label(self) -> str:
        return f"{self.start}–{self.end}" if self.end == 100 else f"{self.start}–{self.end - 1}"


def distribution_bins(scores: Sequence[float], scale: ColourScale) -> list[Bin]:
    """The histogram's numbers (the chart and the table beside it are drawn from these)."""
    starts = list(range(0, 100, BIN))
    counts = {colour: [0] * len(starts) for colour in COLOURS}
    for s in scores:
        counts[scale.classify(s)][min(round_half_up(s) // BIN, len(starts) - 1)] += 1
    return [
        Bin(b, b + BIN, counts["roed"][i], counts["gul"][i], counts["groen"][i])
        for i, b in enumerate(starts)
    ]


def distribution_svg(scores: Sequence[int], scale: ColourScale) -> str:
    """Histogram of effektivitetstal in bins of 5, stacked by colour of the scale."""
    key = f"dist3|{scale.version}|{scale.green_from}|{scale.yellow_from}|{sorted(scores)}"
    return _cached(key, lambda: _distribution(distribution_bins(scores, scale)))


def _distribution(bins: Sequence[Bin]) -> str:
    fig = _figure(7.0, 2.8)
    ax = fig.add_axes((0.08, 0.2, 0.9, 0.72))
    bottom = [0] * len(bins)
    for colour in ("roed", "gul", "groen"):
        counts = [getattr(b, colour) for b in bins]
        ax.bar(
            [b.start + BIN / 2 for b in bins],
            counts,
            width=4.6,
            bottom=bottom,
            color=COLOURS[colour],
            label=LABELS[colour],
        )
        bottom = [a + b for a, b in zip(bottom, counts, strict=True)]
    ax.set_xlim(0, 100)
    ax.set_ylim(bottom=0, top=max(1, *bottom))
    danish_ticks(ax.xaxis, integer=True)
    danish_ticks(ax.yaxis, integer=True)  # counts of departments: whole numbers only
    ax.set_xlabel("Effektivitetstal")
    ax.set_ylabel("Afdelinger")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(frameon=False, loc="upper left")
    desc = "; ".join(
        f"{b.label}: {format_number(b.total)} ({format_number(b.roed)} røde, "
        f"{format_number(b.gul)} gule, {format_number(b.groen)} grønne)"
        for b in bins
        if b.total
    )
    return _svg(
        fig,
        "Søjlediagram: afdelinger pr. interval af effektivitetstal",
        f"Antal afdelinger pr. interval på 5 point: {desc or 'ingen'}.",
    )


def accounts_svg(
    per_account: dict[str, dict[str, float]], labels: dict[str, str], binding: str, unit: str
) -> str:
    """Horizontal bars per account group: the department's cost and best practice's."""
    key = f"acc3|{sorted(per_account.items())}|{sorted(labels.items())}|{binding}|{unit}"
    return _cached(key, lambda: _accounts(per_account, labels, binding, unit))


def _accounts(
    per_account: dict[str, dict[str, float]], labels: dict[str, str], binding: str, unit: str
) -> str:
    codes = list(per_account)
    names = [labels[c] + (" (bindende)" if c == binding else "") for c in codes]
    # long account names wrap onto more lines (and their rows grow); the tight bounding box
    # keeps every label, the legend and the axis title inside the picture
    wrapped = [textwrap.fill(n, LABEL_WIDTH, break_on_hyphens=False) for n in names]
    rows = sum(max(0.45, 0.15 * (w.count("\n") + 1)) for w in wrapped)
    fig = _figure(7.0, rows + 1.0)
    ax = fig.add_axes((0.34, 0.8 / (rows + 1.0), 0.62, 1 - 1.1 / (rows + 1.0)))
    ys = list(range(len(codes)))
    ax.barh(
        [y - 0.2 for y in ys],
        [per_account[c]["own"] for c in codes],
        height=0.38,
        color=OWN,
        label="Afdelingen",
    )
    ax.barh(
        [y + 0.2 for y in ys],
        [per_account[c]["peer"] for c in codes],
        height=0.38,
        color=PEER,
        label="Bedste praksis",
    )
    ax.set_yticks(ys, wrapped)
    ax.invert_yaxis()
    ax.set_xlim(left=0)
    danish_ticks(ax.xaxis)
    ax.set_xlabel(unit)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(frameon=False, loc="lower left", bbox_to_anchor=(0, 1), ncols=2)  # above the bars
    desc = "; ".join(
        f"{n}: {format_number(per_account[c]['own'])} mod {format_number(per_account[c]['peer'])}"
        for c, n in zip(codes, names, strict=True)
    )
    return _svg(
        fig,
        f"Søjlediagram: afdelingens udgift og bedste praksis' pr. kontogruppe i {unit}",
        f"Afdelingen mod bedste praksis: {desc}.",
        tight=True,
    )


# --- Inline charts on the department's efficiency page (issue 17, lib.charts) ---------------


def history_chart(history: Sequence) -> str:  # type: ignore[type-arg]
    """Effektivitetstal over the years (ours and official) with the peer group's min–max band."""
    from styringsdialog.lib.charts import Series, line_svg

    rows = sorted(history, key=lambda h: h.year)
    if not rows:
        return ""
    years = [h.year for h in rows]
    has_band = any(h.group_min is not None for h in rows)

    def text(v: float | None) -> str:
        return "–" if v is None else format_number(v)

    desc = "; ".join(
        f"{h.year}: officielt {text(h.official)}, beregnet {text(h.ours)}"
        + (f", gruppen {text(h.group_min)}–{text(h.group_max)}" if h.group_min is not None else "")
        for h in rows
    )
    return line_svg(
        years=years,
        series=[
            Series("Officielt", tuple(h.official for h in rows), OWN),
            Series("Beregnet", tuple(h.ours for h in rows), "#595959"),
        ],
        band=(
            "Sammenligningsgruppens spænd (laveste–højeste)",
            tuple(h.group_min for h in rows),
            tuple(h.group_max for h in rows),
        )
        if has_band
        else None,
        unit="Effektivitetstal",
        integer=True,
        chart_id="chart-history",
        title="Linjediagram: afdelingens effektivitetstal pr. regnskabsår",
        description=f"Effektivitetstal (0–100): {desc}.",
    )


def provisions_chart(keys: Sequence) -> str:  # type: ignore[type-arg]
    """Provisions per m² over the years against the norm and the peer group's critical values."""
    from styringsdialog.lib.charts import Series, line_svg

    rows = [k for k in keys if k.provisions_per_m2 is not None]
    if not rows:
        return ""

    def text(v: float | None) -> str:
        return "–" if v is None else format_number(v)

    desc = "; ".join(
        f"{k.year}: {text(k.provisions_per_m2)} kr./m², norm {text(k.norm_per_m2)}, kritiske "
        f"værdier {text(k.peer_lower)}–{text(k.peer_upper)}"
        for k in rows
    )
    norm = [k.norm_per_m2 for k in rows]
    return line_svg(
        years=[k.year for k in rows],
        series=[
            Series("Henlæggelser", tuple(k.provisions_per_m2 for k in rows), OWN),
            Series("Norm", tuple(norm), "#7a0b0b"),
        ],
        band=(
            "Kritiske værdier (sammenligningsgruppen)",
            tuple(k.peer_lower for k in rows),
            tuple(k.peer_upper for k in rows),
        )
        if any(k.peer_lower is not None for k in rows)
        else None,
        unit="kr. pr. m² pr. år",
        chart_id="chart-provisions",
        title="Linjediagram: henlæggelser pr. m² mod normen og de kritiske værdier",
        description=f"Henlæggelser (konto 120) pr. m² pr. år: {desc}.",
    )
