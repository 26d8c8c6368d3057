"""Server-side SVG charts (matplotlib): the distribution of effektivitetstal and a department's
cost per account group against best practice.

Pages embed them as ``<img>`` with a text alternative (the numbers are also in a table), so a
page never waits for matplotlib. Output is deterministic (no date, fixed ids) and cached by
content, since a run's results never change.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence

from django.core.cache import cache

from almen.efficiency import ColourScale, round_half_up

COLOURS = {"groen": "#2e7d32", "gul": "#d8a200", "roed": "#b3261e"}
LABELS = {"groen": "Grøn", "gul": "Gul", "roed": "Rød"}
OWN, PEER = "#0059b3", "#8c8c8c"
CACHE_SECONDS = 24 * 3600


def _figure(width: float, height: float):  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update(
        {"svg.fonttype": "none", "svg.hashsalt": "styringsdialog", "font.size": 9}
    )
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height))


def _svg(fig) -> str:  # type: ignore[no-untyped-def]
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


def _cached(key: str, render) -> str:  # type: ignore[no-untyped-def]
    full = "bm-chart-" + hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()
    svg = cache.get(full)
    if svg is None:
        svg = render()
        cache.set(full, svg, CACHE_SECONDS)
    return svg


def distribution_svg(scores: Sequence[int], scale: ColourScale) -> str:
    """Histogram of effektivitetstal in bins of 5, stacked by colour of the scale."""
    key = f"dist|{scale.version}|{scale.green_from}|{scale.yellow_from}|{sorted(scores)}"
    return _cached(key, lambda: _distribution(scores, scale))


def _distribution(scores: Sequence[int], scale: ColourScale) -> str:
    fig = _figure(7.0, 2.8)
    ax = fig.add_axes((0.08, 0.2, 0.9, 0.72))
    starts = list(range(0, 100, 5))
    bottom = [0] * len(starts)
    for colour in ("roed", "gul", "groen"):
        counts = [0] * len(starts)
        for s in scores:
            if scale.classify(s) == colour:
                counts[min(round_half_up(s) // 5, len(starts) - 1)] += 1
        ax.bar(
            [b + 2.5 for b in starts],
            counts,
            width=4.6,
            bottom=bottom,
            color=COLOURS[colour],
            label=LABELS[colour],
        )
        bottom = [a + b for a, b in zip(bottom, counts, strict=True)]
    ax.set_xlim(0, 100)
    ax.set_xlabel("Effektivitetstal")
    ax.set_ylabel("Afdelinger")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(frameon=False, loc="upper left")
    return _svg(fig)


def accounts_svg(
    per_account: dict[str, dict[str, float]], labels: dict[str, str], binding: str, unit: str
) -> str:
    """Horizontal bars per account group: the department's cost and best practice's."""
    key = f"acc|{sorted(per_account.items())}|{binding}|{unit}"
    return _cached(key, lambda: _accounts(per_account, labels, binding, unit))


def _accounts(
    per_account: dict[str, dict[str, float]], labels: dict[str, str], binding: str, unit: str
) -> str:
    codes = list(per_account)
    fig = _figure(7.0, 0.45 * len(codes) + 1.0)
    ax = fig.add_axes(
        (0.34, 0.8 / (0.45 * len(codes) + 1.0), 0.62, 1 - 1.1 / (0.45 * len(codes) + 1.0))
    )
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
    ax.set_yticks(ys, [labels[c] + (" (bindende)" if c == binding else "") for c in codes])
    ax.invert_yaxis()
    ax.set_xlabel(unit)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(frameon=False, loc="lower right")
    return _svg(fig)
