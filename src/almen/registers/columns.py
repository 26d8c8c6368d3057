"""BBR units as columns (numpy arrays), the form the reconciliation reads at national scale.

Four million ``BbrUnit`` objects would cost gigabytes and seconds to build; the same units as a
dozen integer arrays cost ~150 MB and DuckDB scans them in place. Codes are stored as integers
(-1 = missing), identifiers as 64-bit keys (``property_key``, ``address_key``).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime

import numpy as np

from .bbr import BbrUnit, local_date, property_key

EPOCH = date(1970, 1, 1)
HOUSING_TYPE_CODES = {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "E": 9}


def address_key(address_id: str | None) -> int:
    """A positive 63-bit key for a DAR address UUID (0 = none). Collisions are negligible."""
    if not address_id:
        return 0
    try:
        return uuid.UUID(address_id).int >> 65
    except ValueError:
        return abs(hash(address_id)) >> 1 or 1


def day_number(value: date | datetime | None) -> int:
    """Days since 1970-01-01 (0 = unknown); datetimes count by their date in Danish local time."""
    if value is None:
        return 0
    return (local_date(value) - EPOCH).days


def _code(value: str | None) -> int:
    if value is None or not value.isdigit():
        return -1
    return int(value)


@dataclass
class UnitColumns:
    """Equal-length arrays, one entry per BBR unit."""

    kommune: np.ndarray  # int16, 3-digit kommune code as a number (151)
    property_key: np.ndarray  # int64, ``bbr.property_key`` (-1 = unknown)
    address_key: np.ndarray  # int64, ``address_key`` (0 = unknown)
    usage: np.ndarray  # int16, enh020EnhedensAnvendelse (-1 = unknown)
    status: np.ndarray  # int16, livscyklus code
    support: np.ndarray  # int16, enh046OffentligStøtte (-1 = none)
    ownership: np.ndarray  # int16, ejerforholdskode (-1 = unknown)
    housing_type: np.ndarray  # int8, enh023Boligtype (1–5, 9 = E, -1 = unknown)
    total_area: np.ndarray  # int32, enh026EnhedensSamledeAreal (0 = unknown)
    valid_from: np.ndarray  # int32, virkningFra as days since 1970 (0 = unknown)

    def __len__(self) -> int:
        return len(self.kommune)

    def __post_init__(self) -> None:
        n = len(self.kommune)
        for f in fields(self):
            if len(getattr(self, f.name)) != n:
                raise ValueError(
                    f"kolonnen {f.name} har {len(getattr(self, f.name))} rækker, forventede {n}"
                )

    def as_dict(self) -> dict[str, np.ndarray]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def nbytes(self) -> int:
        return sum(a.nbytes for a in self.as_dict().values())

    def take(self, index: np.ndarray) -> UnitColumns:
        return UnitColumns(**{k: v[index] for k, v in self.as_dict().items()})

    @classmethod
    def concat(cls, parts: Sequence[UnitColumns]) -> UnitColumns:
        return cls(
            **{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(cls)}
        )

    @classmethod
    def from_units(cls, units: Sequence[BbrUnit]) -> UnitColumns:
        """Columns for parsed units (imports, tests). Unknown property numbers become -1."""

        def prop(u: BbrUnit) -> int:
            try:
                return property_key(u.property_number) if u.property_number else -1
            except ValueError:
                return -1

        return cls(
            kommune=np.array([int(u.kommune_code or 0) for u in units], dtype=np.int16),
            property_key=np.array([prop(u) for u in units], dtype=np.int64),
            address_key=np.array([address_key(u.address_id) for u in units], dtype=np.int64),
            usage=np.array([_code(u.usage_code) for u in units], dtype=np.int16),
            status=np.array([_code(u.status) for u in units], dtype=np.int16),
            support=np.array([_code(u.support_code) for u in units], dtype=np.int16),
            ownership=np.array([_code(u.ownership_code) for u in units], dtype=np.int16),
            housing_type=np.array(
                [HOUSING_TYPE_CODES.get(u.housing_type_code or "", -1) for u in units],
                dtype=np.int8,
            ),
            total_area=np.array([u.total_area or 0 for u in units], dtype=np.int32),
            valid_from=np.array([day_number(u.valid_from) for u in units], dtype=np.int32),
        )
