"""Every number the synthetic generator draws from, in one place.

Each constant names its source: a section of ``DOMAIN.md``, a shared data file, or "our
assumption". ``docs/reference/demo-data.md`` lists the same table for readers; keep the two in
step when a value changes.
"""

from __future__ import annotations

from datetime import date

from .model import DEMO_KONTI, HOUSING_TYPES

# The generator draws five canonical accounting years; ``generate(today=...)`` relabels them as
# the five years ending with the year before ``today`` (``years_for``), so the demo is "now".
YEARS: tuple[int, ...] = (2020, 2021, 2022, 2023, 2024)


def years_for(today: date | None) -> tuple[int, ...]:
    """The five accounting years ending with last year (``YEARS`` when ``today`` is None)."""
    if today is None:
        return YEARS
    last = today.year - 1
    return tuple(range(last - len(YEARS) + 1, last + 1))


def year_offset(today: date | None) -> int:
    """How many years the canonical ``YEARS`` are shifted for a world generated on ``today``."""
    return years_for(today)[0] - YEARS[0]


KONTI: tuple[str, ...] = DEMO_KONTI

# --- Scale -----------------------------------------------------------------------------------
# National totals (our assumption, in line with the sector's ~560,000 almene dwellings, ~7,500
# departments and ~550 organisations).
NATIONAL_DWELLINGS = 560_000
NATIONAL_ORGANISATIONS = 550
# The small fixture world: these kommuner, 11,000 dwellings (+ the seed world, see below),
# 25 organisations (incl. Almenbo).
SMALL_KOMMUNER: tuple[str, ...] = ("101", "151", "159", "165", "265", "751")
SMALL_DWELLINGS = 11_000
SMALL_ORGANISATIONS = 25
# Dwellings of organisations other than Almenbo in Ballerup at least this many (only binds in the
# small world, where Ballerup's share of 11,000 is smaller than the seed world).
MIN_OTHER_BALLERUP_DWELLINGS = 800

# --- Department size (dwellings) --------------------------------------------------------------
# Log-normal, median 42, sigma 1.12, clipped to 3-2,000 and trimmed to each kommune's target
# → realised median ≈ 40, mean ≈ 74, ~1 % above 500 (our assumption).
SIZE_MEDIAN = 42.0
SIZE_SIGMA = 1.12
SIZE_MIN = 3
SIZE_MAX = 2_000

# --- Year built -------------------------------------------------------------------------------
# Decade weights (our assumption: peak in the 1960s-70s building boom). Uniform within a decade;
# the last "decade" is 2020-2024.
DECADES: tuple[int, ...] = (1940, 1950, 1960, 1970, 1980, 1990, 2000, 2010, 2020)
DECADE_WEIGHTS: tuple[float, ...] = (5, 12, 20, 22, 15, 9, 7, 7, 3)
# Departments with more than LARGE_DEPARTMENT dwellings were mostly built in 1960-79.
LARGE_DEPARTMENT = 200
DECADE_WEIGHTS_LARGE: tuple[float, ...] = (3, 10, 30, 32, 12, 5, 4, 3, 1)

# --- Housing-type mix -------------------------------------------------------------------------
# Dominant type of a department, by whether it was built before ældreboliger existed (the
# ældreboliglov of 1987). Our assumption; overall ≈ 81 % familie, 9 % ungdom, 8.5 % ældre,
# 1.5 % pleje of departments.
ELDERLY_HOUSING_FROM = 1987
DOMINANT_SHARES_BEFORE: tuple[float, ...] = (0.90, 0.07, 0.03, 0.00)  # order = HOUSING_TYPES
DOMINANT_SHARES_FROM: tuple[float, ...] = (0.62, 0.12, 0.21, 0.05)
# Probability that a department also has a secondary type, and the secondary type's share.
SECONDARY_PROB: dict[str, float] = {"familie": 0.15, "ungdom": 0.2, "aeldre": 0.3, "pleje": 0.5}
SECONDARY_TYPE: dict[str, tuple[str, ...]] = {
    "familie": ("aeldre", "aeldre", "aeldre", "ungdom", "ungdom"),
    "ungdom": ("familie",),
    "aeldre": ("pleje", "pleje", "familie"),
    "pleje": ("aeldre",),
}
SECONDARY_SHARE = (0.05, 0.35)
PLEJE_MAX_SIZE = 150

# --- m² (bruttoetageareal) per dwelling, by type: (mean, sd, min, max) — our assumption -------
M2_PER_DWELLING: dict[str, tuple[float, float, float, float]] = {
    "familie": (85.0, 6.0, 60.0, 115.0),
    "ungdom": (45.0, 5.0, 30.0, 60.0),
    "aeldre": (67.0, 4.0, 55.0, 80.0),
    "pleje": (52.0, 6.0, 38.0, 68.0),
}
M2_TAET_LAV_BONUS = 4.0  # familie dwellings in tæt-lav are a little larger
M2_PRE_1960_PENALTY = 6.0  # and older flats a little smaller

# --- Building type: P(etage) by decade built (our assumption; tæt-lav peaked in the 1980s) ----
P_ETAGE_BY_DECADE: tuple[float, ...] = (0.90, 0.90, 0.78, 0.60, 0.30, 0.45, 0.55, 0.60, 0.60)
P_ETAGE_LARGE_BONUS = 0.15  # > 150 dwellings
P_ETAGE_SMALL_MALUS = 0.25  # < 25 dwellings
P_ETAGE_UNGDOM_PLEJE_BONUS = 0.20

# --- Lejemålsenheder (DOMAIN §2.2 [I]: 1 per dwelling, 1 per started 60 m² erhverv, 1/5 garage)
P_ERHVERV = 0.12
ERHVERV_M2 = (60.0, 800.0)
P_GARAGES = 0.35
GARAGES_PER_DWELLING = (0.1, 0.6)

# --- Afdelingsbestyrelse: 74 % of departments had one in 2019 (DOMAIN §2.1 [C]) -----------------
P_BOARD_BY_SIZE: tuple[tuple[int, float], ...] = ((20, 0.50), (50, 0.76), (10**9, 0.90))

# --- Rent (kr. per m² per year, 1 January) ------------------------------------------------------
# Anchors from rent_statistics() (LBF huslejestatistik 2021, DOMAIN §5): familie by region for
# Hovedstaden, Sjælland and Syddanmark; national familie 835, ældre 1117, ungdom 958. Midtjylland
# and Nordjylland are solved so the dwelling-weighted national familie mean is 835, with
# Nordjylland assumed 40 kr. below Midtjylland (our assumption).
NORDJYLLAND_BELOW_MIDTJYLLAND = 40.0
# Plejeboliger are assumed to rent like ældreboliger (our assumption).
# 2021 → 2024 (the year whose 1 January rent we report): LBF 2021 857 → 2023 899
# (rent_statistics()), then DST HUS1 almene lejeindeks 2023K1 104.1 → 2024K1 107.4
# (shared data file dst_hus1_lejeindeks_almene_kvartal.csv).
HUS1_2023K1 = 104.1
HUS1_2024K1 = 107.4
# Newer buildings pay more: raw factor by decade built, normalised so each region's area-weighted
# mean hits its anchor (our assumption).
RENT_ERA_FACTOR: tuple[float, ...] = (0.90, 0.90, 0.93, 0.96, 1.06, 1.10, 1.15, 1.22, 1.32)
RENT_KOMMUNE_SD = 0.04
RENT_DEPARTMENT_SD = 0.08

# --- Accounts (kr., 2020 price level) -----------------------------------------------------------
# Drivers: "D" = dwellings, "A" = m² (bruttoetageareal), "L" = lejemålsenheder.
# Konto names follow DOMAIN §4 (109-112.1 names are inferred there [I]).
# (driver, kr per driver unit)
ACCOUNT_BASE: dict[str, tuple[str, float]] = {
    "109": ("L", 1_200.0),  # forsikring: 1,087 kr./lejemålsenhed in 2014 (§5), drifted to 2020
    "110": ("A", 8.0),  # energi, fællesarealer (our assumption)
    "111": ("L", 3_900.0),  # administrationsbidrag (our assumption)
    "112.1": ("D", 180.0),  # beboerdemokrati and the like (our assumption)
    "114": ("A", 62.0),  # renholdelse (our assumption)
    "115": ("A", 35.0),  # almindelig vedligeholdelse: 32 kr./m² in 2015 (§5), drifted
    "116": ("A", 110.0),  # planlagt og periodisk vedligeholdelse: 105 kr./m² in 2015 (§5)
    "117": ("A", 12.0),  # istandsættelse ved fraflytning: 12 kr./m² 2021, A-ordning (§5)
    "119": ("A", 8.0),  # diverse udgifter: 8.1 kr./m² 2018 (§5)
    "120": ("A", 140.0),  # henlæggelser: median; see PROVISION_* below
    "121": ("A", 2.0),  # henlæggelser, istandsættelse ved fraflytning (A-ordning)
    "122": ("A", 2.5),  # tab ved fraflytning (our assumption)
    "129": ("A", 5.4),  # tab ved lejeledighed: 5.4 kr./m² 2021 (§5); gamma-distributed
}
# B-ordning departments (13 %: §5 says 87 % use the A-ordning) post less on 117, more on 121.
P_A_ORDNING = 0.87
B_ORDNING_117 = 4.0
B_ORDNING_121 = 14.0
# The benchmarked konti (DOMAIN §3.1): 117, 121, 122 pool into one group.
BENCHMARKED_KONTI: tuple[str, ...] = (
    "109",
    "110",
    "111",
    "112.1",
    "114",
    "115",
    "117",
    "121",
    "122",
)
# Provisions (konto 120): log-normal around ACCOUNT_BASE["120"], clipped; older buildings save
# more, the newest less (our assumption around the 137 kr./m² maintenance total in §5).
PROVISION_SD = 0.28
PROVISION_RANGE = (60.0, 400.0)
PROVISION_PRE_1970 = 1.10
PROVISION_FROM_2010 = 0.70
# Vacancy loss (konto 129): gamma(shape) × mean / shape per department, then yearly noise.
VACANCY_SHAPE = 0.6
# Region cost level (our assumption).
REGION_COST_FACTOR: dict[str, float] = {
    "Region Hovedstaden": 1.08,
    "Region Sjælland": 1.00,
    "Region Midtjylland": 0.98,
    "Region Syddanmark": 0.96,
    "Region Nordjylland": 0.95,
}
# Economies of scale: cost × (dwellings / 60) ** SCALE_ELASTICITY (our assumption).
SCALE_ELASTICITY = -0.06
# Price drift per accounting year (our assumption: 2-3 % a year).
INFLATION_INDEX: dict[int, float] = {
    2020: 1.000,
    2021: 1.022,
    2022: 1.050,
    2023: 1.078,
    2024: 1.100,
}
# Per-account posting-practice factor (fixed per department) and yearly noise, log-normal sd.
ACCOUNT_STRUCTURAL_SD = 0.06
ACCOUNT_YEARLY_SD: dict[str, float] = {"115": 0.10, "116": 0.35, "119": 0.25, "120": 0.03}
ACCOUNT_YEARLY_SD_DEFAULT = 0.04

# --- Efficiency (latent) --------------------------------------------------------------------------
# potential = clip(EFF_SCALE × Beta(a, b) − EFF_SHIFT, 0, ·); efficiency = 1 − potential.
# Gives ~7 % of departments on the frontier, median score ≈ 87, ~5 % below 66 (our assumption).
EFF_BETA = (1.6, 5.0)
EFF_SCALE = 0.70
EFF_SHIFT = 0.02
EFF_MIN = 0.35
EFF_TREND = (0.004, 0.006)  # yearly change in efficiency: mean, sd (the sector saves, §3.4)
EFF_YEARLY_SD = 0.012

# --- Planted data problems ------------------------------------------------------------------------
ANOMALY_SHARE = 0.003  # departments with one missing / zero / negative benchmarked line
ANOMALY_NEGATIVE_FACTOR = -0.3
REGISTER_DIFF_SHARE = 0.004  # departments whose BBR/DST m² differ from ours
REGISTER_DIFF_RANGE = (0.015, 0.08)

# --- Organisations ----------------------------------------------------------------------------------
ORGS_PER_DEPARTMENTS_EXPONENT = 0.8  # orgs in a kommune ∝ departments ** 0.8 (our assumption)
MIN_DEPARTMENTS_PER_ORG = 3
ORG_SIZE_SIGMA = 1.0  # log-normal weight deciding how many departments an org gets
P_DEPARTMENT_OUTSIDE_HOME = 0.12  # departments owned by an org in a neighbouring kommune
SELF_ADMINISTERED_FROM = 40  # orgs with at least this many departments administer themselves
# Administrators by region (our assumption); "self" = the organisation administers itself.
ADMINISTRATORS: dict[str, dict[str, float]] = {
    "Region Hovedstaden": {
        "self": 0.35,
        "KAB": 0.30,
        "DAB": 0.12,
        "Boligkontoret Danmark": 0.08,
        "Domea.dk": 0.08,
        "Lejerbo": 0.07,
    },
    "Region Sjælland": {
        "self": 0.35,
        "KAB": 0.10,
        "DAB": 0.20,
        "Boligkontoret Danmark": 0.15,
        "Domea.dk": 0.12,
        "Lejerbo": 0.08,
    },
    "other": {
        "self": 0.40,
        "DAB": 0.20,
        "Boligkontoret Danmark": 0.20,
        "Domea.dk": 0.12,
        "Lejerbo": 0.08,
    },
}

assert len(DECADES) == len(DECADE_WEIGHTS) == len(DECADE_WEIGHTS_LARGE) == len(P_ETAGE_BY_DECADE)
assert len(DOMINANT_SHARES_BEFORE) == len(DOMINANT_SHARES_FROM) == len(HOUSING_TYPES)
assert set(ACCOUNT_BASE) == set(KONTI)
