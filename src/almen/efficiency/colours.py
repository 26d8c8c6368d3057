"""Versioned colour (smiley) configuration for effektivitetstal.

The Effektiviseringsenheden shows three smiley levels (glad / ligeglad / sur), but the cut-offs
are not published (DOMAIN.md §3.3, [U]). The default scale below is OURS: green from 90,
yellow from 70, red below. It agrees with the Ballerup referat of 27 May 2021 ("fra 75 (gul)
til 98 (grøn)") but that is all the evidence there is. Store the scale version with every
classified figure and show official colours whenever they are available.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Literal

Colour = Literal["groen", "gul", "roed"]

COLOUR_LABELS: dict[str, str] = {"groen": "grøn", "gul": "gul", "roed": "rød"}
"""ASCII colour code → Danish label."""

SMILEYS: dict[str, str] = {"groen": "glad", "gul": "ligeglad", "roed": "sur"}
"""ASCII colour code → the Effektiviseringsenheden's smiley name."""

UNOFFICIAL = "Ikke officielle grænser – de officielle er ikke offentliggjort"


@dataclass(frozen=True, slots=True)
class ColourScale:
    """Cut-offs on the 0–100 effektivitetstal scale, with version and provenance.

    A score is green when >= ``green_from``, yellow when >= ``yellow_from``, else red. Scores
    are rounded half up to whole numbers first, so the number shown and its colour agree.
    """

    version: str = "styringsdialog-2021-1"
    valid_from: date = date(2021, 1, 1)
    green_from: float = 90.0
    yellow_from: float = 70.0
    provenance: str = UNOFFICIAL

    def __post_init__(self) -> None:
        if not 0.0 <= self.yellow_from <= self.green_from <= 100.0:
            raise ValueError("need 0 <= yellow_from <= green_from <= 100")

    def classify(self, score: float) -> Colour:
        """ "groen", "gul" or "roed" for an effektivitetstal (0–100 scale)."""
        shown = round_half_up(score)
        if shown >= self.green_from:
            return "groen"
        if shown >= self.yellow_from:
            return "gul"
        return "roed"

    def label(self, score: float) -> str:
        """Danish colour label ("grøn", "gul", "rød") for an effektivitetstal."""
        return COLOUR_LABELS[self.classify(score)]


DEFAULT_SCALE = ColourScale()


def round_half_up(value: float) -> int:
    """Round to the nearest integer, halves upwards (74.5 → 75), as effektivitetstal are shown."""
    return int(math.floor(value + 0.5 + 1e-9))
