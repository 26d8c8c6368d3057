"""BBR code lists and the rule that marks a BBR unit as an almen dwelling (DOMAIN.md §8.2, §11.2.7).

Two independent markers identify almene boliger in BBR: the ownership code 20 ("Alment
boligselskab", ``byg066Ejerforhold`` on the building or ``ejendommensEjerforholdskode`` on the
property) and the support code ``enh046OffentligStøtte`` in {10, 25, 40, 42}. ``AlmenCriteria``
says which markers count, which usage codes are dwellings and which life-cycle states "exist".
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

MarkerMode = Literal["either", "ownership", "support", "both"]

ALMEN_OWNERSHIP_CODE = "20"
ALMEN_SUPPORT_CODES = frozenset({"10", "25", "40", "42"})
EXISTING_STATUS = "6"  # "Opført" in the BBR livscyklus code list
PENDING_STATUSES = frozenset({"2", "3"})  # "Projekteret", "Under opførsel"
SUPPORT_HOUSING_TYPE = {"10": "familie", "25": "ungdom", "40": "aeldre", "42": "pleje"}


@dataclass(frozen=True, slots=True)
class AlmenCriteria:
    """Which BBR units count as existing almene dwellings.

    ``mode``: ``"either"`` (ownership code 20 *or* an almen support code; the default, because
    almene ældreboliger owned by a kommune carry only the support code), ``"ownership"`` (code 20
    only, as Danmarks Statistik's BOL101 EJER=20), ``"support"`` or ``"both"``.
    """

    mode: MarkerMode = "either"
    ownership_codes: frozenset[str] = frozenset({ALMEN_OWNERSHIP_CODE})
    support_codes: frozenset[str] = ALMEN_SUPPORT_CODES
    residential_min: int = 110
    residential_max: int = 190
    existing_statuses: frozenset[str] = frozenset({EXISTING_STATUS})
    pending_statuses: frozenset[str] = PENDING_STATUSES

    def __post_init__(self) -> None:
        if self.mode not in ("either", "ownership", "support", "both"):
            raise ValueError(
                f"ukendt mode {self.mode!r}; brug either, ownership, support eller both"
            )
        if self.residential_min > self.residential_max:
            raise ValueError("residential_min skal være mindre end eller lig residential_max")

    def is_residential(self, usage_code: str | None) -> bool:
        code = _as_int(usage_code)
        return code is not None and self.residential_min <= code <= self.residential_max

    def is_existing(self, status: str | None) -> bool:
        return status in self.existing_statuses

    def marker(self, ownership_code: str | None, support_code: str | None) -> str | None:
        """``"begge"``, ``"ejerforhold"``, ``"stoette"`` or None: which almen markers a unit carries."""
        own = ownership_code in self.ownership_codes
        sup = support_code in self.support_codes
        if own and sup:
            return "begge"
        return "ejerforhold" if own else "stoette" if sup else None

    def is_almen(self, ownership_code: str | None, support_code: str | None) -> bool:
        own = ownership_code in self.ownership_codes
        sup = support_code in self.support_codes
        return {"either": own or sup, "ownership": own, "support": sup, "both": own and sup}[
            self.mode
        ]

    def as_dict(self) -> dict[str, object]:
        """A JSON-friendly description (stored with every reconciliation run)."""
        return {
            "mode": self.mode,
            "ownership_codes": sorted(self.ownership_codes),
            "support_codes": sorted(self.support_codes),
            "residential": [self.residential_min, self.residential_max],
            "existing_statuses": sorted(self.existing_statuses),
            "pending_statuses": sorted(self.pending_statuses),
        }


def _as_int(value: str | int | None) -> int | None:
    if value is None:
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        return None


@cache
def code_list(name: str) -> dict[str, str]:
    """A BBR code list from the package data as ``{code: Danish label}``.

    ``name``: ``enhedens_anvendelse``, ``ejerforholdskode``, ``offentlig_stoette``,
    ``livscyklus_status``, ``boligtype`` or ``udlejningsforhold``.
    """
    text = (
        resources.files("almen.registers.data")
        .joinpath(f"bbr_{name}.csv")
        .read_text(encoding="utf-8")
    )
    return {row["kode"]: row["navn"] for row in csv.DictReader(text.splitlines())}


def label(name: str, code: str | None) -> str:
    """Danish label of ``code`` in code list ``name`` ("140 Bolig i etageejendom …"), or the code."""
    if code is None or code == "":
        return "–"
    text = code_list(name).get(str(code))
    return f"{code} {text}" if text else str(code)
