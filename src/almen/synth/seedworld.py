"""The seed world: Almenbo in Ballerup, as the referat of 27 May 2021 describes it.

Everything here is fixed (independent of the random seed), so the statements in
``shared/seed/referat-dialogmoede-ballerup-almenbo-2021-05-27.txt`` hold in every world:

- "Effektiviseringstallene ligger fra 75 (gul) til 98 (grøn)": official 2020 scores of
  Almenbo's departments span exactly 75-98 (Lundebjerg has none for 2020: only 5 months).
- "henlæggelserne gerne skal være på 200 kr. pr. m2 pr. år": five of eight departments provide
  less than 200 kr./m² (konto 120) in 2020.
- "enkelte afdelinger, der har en høj husleje": three departments rent above their region's level.
- "ny etape med opsætning af altaner i afd. Kirstinelund"; "nye boliger i afd. Lundebjerg ...
  Beboerne flyttede ind ... fra 1. august 2020".
- "overensstemmelser i antallet af boliger ... enkelte afdelinger, hvor der ikke er
  overensstemmelse mellem antallet af m2": three departments with a different register m².

Apart from the names Almenbo, Lundebjerg and Kirstinelund, all figures are invented.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

ALMENBO_NUMBER = "0151"  # invented; chosen to be easy to remember next to kommune 151
ALMENBO_CVR = "20151005"  # invented; passes the mod-11 check
ALMENBO_NAME = "Almenbo"
BALLERUP = "151"
LUNDEBJERG = "008"
KIRSTINELUND = "003"
SEED_YEAR = 2020  # the accounting year the 2021 meeting discussed (styringsår 2021)


@dataclass(frozen=True, slots=True)
class SeedDepartment:
    number: str
    name: str
    address: str
    year_built: int
    building_type: str
    dwellings: dict[str, int]
    m2_per_dwelling: dict[str, int]
    erhverv_units: int
    garages: int
    rent_per_m2: int  # 1 January 2024
    provision_2020: float  # konto 120, kr. per m² for a full year
    official_score_2020: int | None
    register_m2: int | None  # BBR/DST m² where it differs from ours
    has_board: bool = True
    taken_into_use: date | None = None


def _fam(n: int) -> dict[str, int]:
    return {"familie": n, "ungdom": 0, "aeldre": 0, "pleje": 0}


# Columns: number, name, address, year built, building type, dwellings by type, m² per dwelling
# by type, erhverv lejemålsenheder, garages, rent 2024, konto 120 kr./m² 2020, official score
# 2020, register m². Kept as a table on purpose.
# fmt: off
SEED_DEPARTMENTS: tuple[SeedDepartment, ...] = (
    SeedDepartment("001", "Søndergården", "Søndergårdsvej 2, Ballerup", 1951, "etage", _fam(96),
                   {"familie": 74}, 0, 0, 905, 185.0, 86, None),
    SeedDepartment("002", "Hedegården", "Hedegårdsvej 11, Ballerup", 1958, "etage", _fam(144),
                   {"familie": 78}, 2, 0, 1085, 172.0, 75, None),
    SeedDepartment("003", "Kirstinelund", "Kirstinelund 1, Ballerup", 1966, "etage", _fam(212),
                   {"familie": 84}, 0, 40, 960, 158.0, 81, 17_236),
    SeedDepartment("004", "Lindevangen", "Lindevangen 20, Ballerup", 1971, "etage", _fam(318),
                   {"familie": 88}, 3, 60, 930, 205.0, 92, 28_611),
    SeedDepartment("005", "Baltorphøj", "Baltorphøj 5, Ballerup", 1978, "taet-lav", _fam(86),
                   {"familie": 96}, 0, 86, 985, 190.0, 98, None),
    SeedDepartment("006", "Egebjerghus", "Egebjergvej 40, Ballerup", 1991, "etage",
                   {"familie": 0, "ungdom": 0, "aeldre": 40, "pleje": 8},
                   {"aeldre": 66, "pleje": 55}, 0, 0, 1290, 215.0, 79, None),
    SeedDepartment("007", "Magleparken", "Magleparken 14, Ballerup", 1998, "taet-lav",
                   {"familie": 42, "ungdom": 0, "aeldre": 12, "pleje": 0},
                   {"familie": 92, "aeldre": 68}, 0, 20, 1120, 230.0, 88, 4_591),
    SeedDepartment("008", "Lundebjerg", "Lundebjergvej 1, Ballerup", 2020, "taet-lav", _fam(70),
                   {"familie": 90}, 0, 35, 1395, 95.0, None, None,
                   has_board=False, taken_into_use=date(2020, 8, 1)),
)
# fmt: on
SEED_NAMES = frozenset(d.name for d in SEED_DEPARTMENTS)
# Provisions of the seed departments rise 4 % a year after 2020 (still below 200 for Kirstinelund).
SEED_PROVISION_GROWTH = 0.04


def seed_area(d: SeedDepartment) -> dict[str, int]:
    return {t: d.dwellings[t] * d.m2_per_dwelling.get(t, 0) for t in d.dwellings}


def seed_lease_units(d: SeedDepartment) -> float:
    return round(sum(d.dwellings.values()) + d.erhverv_units + d.garages / 5, 1)


def seed_bbr_numbers(d: SeedDepartment) -> tuple[str, ...]:
    n = 1 + (sum(d.dwellings.values()) > 150)
    return tuple(f"0151-{900_000 + int(d.number) * 10 + i:06d}" for i in range(n))


def seed_dar_ids(d: SeedDepartment) -> tuple[str, ...]:
    n = min(12, 1 + sum(d.dwellings.values()) // 30)
    return tuple(
        str(uuid.uuid5(uuid.NAMESPACE_URL, f"almen-synth:almenbo/{d.number}/{i}")) for i in range(n)
    )
