"""Plain records produced by the synthetic generator (and consumed by the Django loader).

The generator never touches a database: it returns these frozen records, and
``styringsdialog.registry`` turns them into rows. Money is in øre (int), areas in m² (int).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

HOUSING_TYPES = ("familie", "ungdom", "aeldre", "pleje")
BUILDING_TYPES = ("etage", "taet-lav")
DEMO_KONTI = (
    "109",
    "110",
    "111",
    "112.1",
    "114",
    "115",
    "116",
    "117",
    "119",
    "120",
    "121",
    "122",
    "129",
)


@dataclass(frozen=True, slots=True)
class SynthOrganisation:
    number: str  # LBF 4-digit, "0045"
    cvr: str  # 8 digits
    name: str
    home_kommune: str  # 3-digit kommune code
    administrator: str  # name of the administrating organisation (may equal name)


@dataclass(frozen=True, slots=True)
class SynthDepartment:
    org_number: str
    number: str  # 3-digit within the organisation, "001"
    name: str
    kommune_code: str
    address: str
    year_built: int
    taken_into_use: date | None  # set for new departments (e.g. Lundebjerg 2020-08-01)
    building_type: str  # one of BUILDING_TYPES
    dwellings: dict[str, int]  # HOUSING_TYPES -> count (0 allowed)
    area_m2: dict[str, int]  # HOUSING_TYPES -> bruttoetageareal m²
    lease_units: float  # lejemålsenheder
    rent_per_m2: int  # kr. per m² per year (1 January of the latest year)
    bbr_property_numbers: tuple[str, ...]
    dar_address_ids: tuple[str, ...]  # UUID strings
    has_board: bool = True  # afdelingsbestyrelse

    @property
    def total_dwellings(self) -> int:
        return sum(self.dwellings.values())

    @property
    def total_area_m2(self) -> int:
        return sum(self.area_m2.values())


@dataclass(frozen=True, slots=True)
class SynthAccountLine:
    org_number: str
    dept_number: str
    year: int  # accounting year (calendar year in the demo)
    konto: str  # "112.1"
    amount_ore: int


@dataclass(frozen=True, slots=True)
class SynthOfficialScore:
    """An 'official' effektivitetstal as if imported from the Effektiviseringsenheden."""

    org_number: str
    dept_number: str
    year: int
    score: int  # 0–100


@dataclass(frozen=True, slots=True)
class SynthAnomaly:
    """A planted data problem on one benchmarked account line, for exercising exclusion logic."""

    org_number: str
    dept_number: str
    year: int
    konto: str
    kind: str  # "missing" (no line), "zero" (amount 0) or "negative"


@dataclass(slots=True)
class SynthWorld:
    seed: int
    scale: str
    years: tuple[int, ...]
    organisations: list[SynthOrganisation] = field(default_factory=list)
    departments: list[SynthDepartment] = field(default_factory=list)
    account_lines: list[SynthAccountLine] = field(default_factory=list)
    official_scores: list[SynthOfficialScore] = field(default_factory=list)
    # department (org, dept) -> m² as recorded in BBR/DST where it differs from ours (planted)
    register_area_differences: dict[tuple[str, str], int] = field(default_factory=dict)
    # planted missing / zero / negative benchmarked lines (added; defaults to none)
    anomalies: list[SynthAnomaly] = field(default_factory=list)
