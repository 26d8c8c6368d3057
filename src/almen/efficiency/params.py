"""Parameters of the peer-group rule and the efficiency scores.

Every default is documented in ``docs/reference/efficiency.md``. The official method note of
the Effektiviseringsenheden could not be read (DOMAIN.md §3.2), so the size bands, the
normalisation and the trimming rule are our choices, tagged [I]/[U] there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Normalisation = Literal["dwelling", "m2"]

DEFAULT_SIZE_BANDS: tuple[float, ...] = (0.0, 25.0, 50.0, 100.0, 200.0, 400.0, math.inf)
"""Dwelling-count band edges: [0,25), [25,50), [50,100), [100,200), [200,400), [400,∞)."""


@dataclass(frozen=True, slots=True)
class Parameters:
    """Frozen configuration of one efficiency run (record it with every stored result).

    normalisation: divide each cost by the number of dwellings ("dwelling", the unit the
        Effektiviseringsenheden shows) or by bruttoetageareal ("m2").
    size_bands: increasing dwelling-count edges; band i is ``[edges[i], edges[i+1])``.
    min_peers: a department must be compared with at least this many *other* included
        departments; a smaller cell is widened (adjacent size bands in the same region and
        type, then nationwide for the type) and flagged.
    national_types: housing types compared nationwide when they dominate a department.
    national_share: a type dominates when its share of the dwellings is strictly above this.
    split_by_building_type: also split peer groups by building type (etage / tæt-lav).
    trim_pct: percentage of a group's members, at *each* end of total cost per unit, that are
        not used as peers (they are still scored). 0 switches trimming off.
    chunk_bytes: memory budget of one block of the vectorised FDH ratio computation.
    """

    normalisation: Normalisation = "dwelling"
    size_bands: tuple[float, ...] = DEFAULT_SIZE_BANDS
    min_peers: int = 30
    national_types: tuple[str, ...] = ("ungdom", "aeldre", "pleje")
    national_share: float = 0.5
    split_by_building_type: bool = False
    trim_pct: float = 0.0
    chunk_bytes: int = 32 * 2**20

    def __post_init__(self) -> None:
        if self.normalisation not in ("dwelling", "m2"):
            raise ValueError(
                f"normalisation must be 'dwelling' or 'm2', not {self.normalisation!r}"
            )
        edges = self.size_bands
        if len(edges) < 2 or any(b <= a for a, b in zip(edges, edges[1:], strict=False)):
            raise ValueError("size_bands must be at least two strictly increasing edges")
        if self.min_peers < 0:
            raise ValueError("min_peers must be >= 0")
        if not 0.0 <= self.trim_pct < 50.0:
            raise ValueError("trim_pct must be in [0, 50)")
        if not 0.0 <= self.national_share < 1.0:
            raise ValueError("national_share must be in [0, 1)")
        if self.chunk_bytes < 2**16:
            raise ValueError("chunk_bytes must be at least 64 KiB")

    @property
    def n_bands(self) -> int:
        """Number of size bands."""
        return len(self.size_bands) - 1

    def band_label(self, lo: int, hi: int) -> str:
        """Dwelling range of bands ``lo..hi`` (inclusive) as text: "50-99", "400+"."""
        start = int(self.size_bands[lo])
        stop = self.size_bands[hi + 1]
        if math.isinf(stop):
            return f"{start}+"
        return f"{start}-{int(math.ceil(stop)) - 1}"
