"""What a page shows for a department's effektivitetstal: the official value first, ours beside it.

Rule: an imported official value takes precedence (with its official colour, or the colour of
the run's scale when the file had none); without one, our computed value is shown and marked
as computed. Colour counts, range phrases, charts and briefing points all use the shown value.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from almen.efficiency import COLOUR_LABELS, ColourScale, range_phrase

COLOUR_ORDER = ("groen", "gul", "roed")


@dataclass(frozen=True)
class Shown:
    """The effektivitetstal a page shows: value (None: none), colour code and whether official."""

    value: int | None
    colour: str
    official: bool

    @property
    def colour_label(self) -> str:
        return COLOUR_LABELS.get(self.colour, "")


def shown(
    ours: int | None,
    our_colour: str,
    official: int | None,
    official_colour: str | None,
    scale: ColourScale,
) -> Shown:
    if official is not None:
        return Shown(official, official_colour or scale.classify(official), True)
    if ours is not None:
        return Shown(ours, our_colour or scale.classify(ours), False)
    return Shown(None, "", False)


def shown_for(result: Any, scale: ColourScale) -> Shown:
    """``shown`` for a ``DepartmentResult`` annotated by ``with_official``."""
    return shown(
        result.effektivitetstal,
        result.colour,
        getattr(result, "official_value", None),
        getattr(result, "official_colour", None),
        scale,
    )


@dataclass(frozen=True)
class ColourCounts:
    groen: int = 0
    gul: int = 0
    roed: int = 0
    none: int = 0

    @property
    def total(self) -> int:
        return self.groen + self.gul + self.roed + self.none

    def items(self) -> list[tuple[str, str, int]]:
        """(code, Danish label, count) for the three colours."""
        return [(c, COLOUR_LABELS[c], getattr(self, c)) for c in COLOUR_ORDER]

    def sentence(self) -> str:
        """ "3 grønne, 4 gule og 1 rød" (colours with zero left out; "ingen" when empty)."""
        words = {"groen": ("grøn", "grønne"), "gul": ("gul", "gule"), "roed": ("rød", "røde")}
        parts = [f"{n} {words[c][0] if n == 1 else words[c][1]}" for c, _, n in self.items() if n]
        if not parts:
            return "ingen"
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " og " + parts[-1]


def colour_counts(values: Iterable[Shown]) -> ColourCounts:
    counts = {"groen": 0, "gul": 0, "roed": 0, "none": 0}
    for s in values:
        counts[s.colour if s.value is not None and s.colour in counts else "none"] += 1
    return ColourCounts(**counts)


def phrase(values: Sequence[Shown], scale: ColourScale) -> str:
    """The seed referat's phrase, "fra 75 (gul) til 98 (grøn)", over the shown values; colours
    are the shown colours (an official colour wins over the scale). "" when nothing is shown."""
    scored = [(s.value, s) for s in values if s.value is not None]
    if not scored:
        return ""
    low_value, low = min(scored, key=lambda vs: vs[0])
    high_value, high = max(scored, key=lambda vs: vs[0])
    if low.colour == scale.classify(low_value) and high.colour == scale.classify(high_value):
        return range_phrase([v for v, _ in scored], scale)
    if low_value == high_value:
        return f"{low_value} ({low.colour_label})"
    return f"fra {low_value} ({low.colour_label}) til {high_value} ({high.colour_label})"


def peer_name(number: str, name: str, org_number: str, org_name: str) -> str:
    """How explanations name a department: "afd. 005 Baltorphøj (org 0151 Almenbo)"."""
    return f"afd. {number} {name} (org {org_number} {org_name})"
