"""Construction and renovation cases (C15): the checks a supervising kommune makes, Django-free.

* ``maksimumbeloeb`` — the ceiling on the anskaffelsessum from a rate-table row: from 2024 for
  family and youth dwellings (kr. per dwelling × dwellings) + (kr. per m² × area); for
  ældreboliger, and for every type before 2024, kr. per m² × area (before 2024 the rate is
  regional). The year of skema B decides which row applies (DOMAIN.md §10, [C]).
* ``check_against_maximum`` — an anskaffelsessum (at skema A, B or C) against the ceiling, with
  the margin in kr. and %.
* ``financing`` — the split of the anskaffelsessum into loan, kommunal grundkapital and
  beboerindskud, with the rule that produced each figure (§§ 118, 118 a; the 2019 bands).
* ``guarantee`` — the kommune's guarantee on an LBF-supported renovation loan: the part of the
  loan secured beyond 60 % of the property value; LBF covers half of it.
* ``rent_effect`` — rent per m² against the kommune's and the region's rent for the same type.

Every rate and rule that is configuration lives in a table below with its source; the pages
show the source next to the figure. Amounts are ``Decimal`` kroner, rounded to whole kroner
(half up) only where a figure is reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from almen.formatting import format_number

HOUSING_TYPES = {"familie": "familieboliger", "ungdom": "ungdomsboliger", "aeldre": "ældreboliger"}
# Regions of the rate table before 2024 (the 2011 table's three groups; "" from 2024).
RATE_REGIONS = {
    "": "hele landet",
    "hovedstaden": "Hovedstadsregionen",
    "store_byer": "Større byer (Aarhus, Odense m.fl.)",
    "provins": "Øvrig provins",
}
PER_DWELLING_FROM = 2024  # the first year with kr. per dwelling + kr. per m² (DOMAIN.md §10)

KR = Decimal(1)


def whole_kr(value: Decimal) -> Decimal:
    return value.quantize(KR, rounding=ROUND_HALF_UP)


def kr(value: Decimal) -> str:
    return f"{format_number(value)} kr."


def pct(value: Decimal, decimals: int = 1) -> str:
    return f"{format_number(value, decimals, trim=True)} %"


class ConstructionError(ValueError):
    """A computation that cannot be made from the figures given (Danish message)."""


# --- maksimumbeløb ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """One row of the maksimumbeløb rate table."""

    year: int
    housing_type: str  # a key of HOUSING_TYPES
    region: str  # a key of RATE_REGIONS ("" from 2024)
    per_dwelling: Decimal  # kr. per dwelling (0 for ældreboliger and before 2024)
    per_m2: Decimal  # kr. per m² boligareal
    source: str = ""


@dataclass(frozen=True)
class Maximum:
    amount: Decimal
    rule: str  # Danish: how the amount was computed
    source: str


def maksimumbeloeb(rate: Rate, *, dwellings: int, area_m2: Decimal | int) -> Maximum:
    """The ceiling for a project of ``dwellings`` dwellings and ``area_m2`` m² under ``rate``."""
    if dwellings < 0 or Decimal(area_m2) <= 0:
        raise ConstructionError("Angiv antal boliger og et areal over 0 m².")
    area = Decimal(area_m2)
    type_name = HOUSING_TYPES.get(rate.housing_type, rate.housing_type)
    per_dwelling = rate.year >= PER_DWELLING_FROM and rate.housing_type in ("familie", "ungdom")
    if per_dwelling:
        amount = whole_kr(rate.per_dwelling * dwellings + rate.per_m2 * area)
        rule = (
            f"{kr(rate.per_dwelling)} pr. bolig × {format_number(dwellings)} boliger + "
            f"{kr(rate.per_m2)} pr. m² × {format_number(area, 1, trim=True)} m² = {kr(amount)} "
            f"({type_name}, satser for {rate.year}, året for skema B)."
        )
    else:
        amount = whole_kr(rate.per_m2 * area)
        where = "" if not rate.region else f", {RATE_REGIONS.get(rate.region, rate.region)}"
        rule = (
            f"{kr(rate.per_m2)} pr. m² × {format_number(area, 1, trim=True)} m² = {kr(amount)} "
            f"({type_name}{where}, satser for {rate.year}, året for skema B)."
        )
    return Maximum(amount=amount, rule=rule, source=rate.source)


def pick_rate(rates: list[Rate], *, year: int, housing_type: str, region: str) -> Rate | None:
    """The row for ``year`` (the year of skema B) and the type; from 2024 the national row,
    before that the row of ``region``."""
    wanted = "" if year >= PER_DWELLING_FROM else region
    for rate in rates:
        if rate.year == year and rate.housing_type == housing_type and rate.region == wanted:
            return rate
    return None


@dataclass(frozen=True)
class MaximumCheck:
    stage: str  # "A", "B" or "C"
    anskaffelsessum: Decimal
    maximum: Decimal
    margin: Decimal  # maximum − anskaffelsessum (negative: over the ceiling)
    margin_pct: Decimal  # margin as % of the maximum
    over: bool
    text: str


def check_against_maximum(stage: str, anskaffelsessum: Decimal, maximum: Decimal) -> MaximumCheck:
    """The anskaffelsessum at skema ``stage`` against the maksimumbeløb."""
    if maximum <= 0:
        raise ConstructionError("Maksimumbeløbet skal være over 0 kr.")
    margin = whole_kr(maximum - anskaffelsessum)
    margin_pct = (margin / maximum * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    over = margin < 0
    if over:
        text = (
            f"Skema {stage}: anskaffelsessummen {kr(anskaffelsessum)} overstiger maksimumbeløbet "
            f"{kr(maximum)} med {kr(-margin)} ({pct(-margin_pct)})."
        )
    else:
        text = (
            f"Skema {stage}: anskaffelsessummen {kr(anskaffelsessum)} ligger {kr(margin)} "
            f"({pct(margin_pct)}) under maksimumbeløbet {kr(maximum)}."
        )
    return MaximumCheck(stage, anskaffelsessum, maximum, margin, margin_pct, over, text)


# --- financing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FinancingRules:
    """The rules of the financing split, as configuration with sources (DOMAIN.md §10, [C])."""

    beboerindskud_pct: Decimal = Decimal(2)
    base_grundkapital_pct: Decimal = Decimal(14)  # § 118: 84 / 14 / 2
    raised_loan_from: date = date(2012, 7, 1)  # § 118 a: loan 88 %
    raised_loan_to: date = date(2026, 12, 31)
    raised_loan_pct: Decimal = Decimal(88)
    bands_from: date = date(2019, 1, 1)  # grundkapital by average bruttoetageareal
    band_lower_m2: Decimal = Decimal(90)  # under: 8 %  (one news item says 85 m²)
    band_upper_m2: Decimal = Decimal(105)  # from: 12 %; between: 10 %
    band_pcts: tuple[Decimal, Decimal, Decimal] = (Decimal(8), Decimal(10), Decimal(12))
    youth_elderly_pct: Decimal = Decimal(10)
    source: str = (
        "Almenboligloven §§ 118–118 a (https://danskelove.dk/almenboligloven/118-119); "
        "grundkapital fra 1.1.2019: https://bpst.dk/da/Bolig/Almene-boliger/Etablering-renovering-"
        "salg-nedrivning-af-almene-boliger/Etablering-af-almene-boliger og BL informerer 3318/2018"
    )


RULES = FinancingRules()


@dataclass(frozen=True)
class Share:
    name: str  # "Lån", "Kommunal grundkapital", "Beboerindskud"
    pct: Decimal
    amount: Decimal
    rule: str


@dataclass(frozen=True)
class Financing:
    anskaffelsessum: Decimal
    loan: Share
    grundkapital: Share
    beboerindskud: Share
    source: str

    @property
    def shares(self) -> tuple[Share, Share, Share]:
        return (self.loan, self.grundkapital, self.beboerindskud)


def grundkapital_pct(
    *,
    housing_type: str,
    tilsagn: date,
    average_area_m2: Decimal | None,
    rules: FinancingRules = RULES,
) -> tuple[Decimal, str]:
    """The kommunal grundkapital in % of the anskaffelsessum, and the rule (Danish)."""
    if tilsagn >= rules.bands_from:
        if housing_type in ("ungdom", "aeldre"):
            return rules.youth_elderly_pct, (
                f"{HOUSING_TYPES[housing_type].capitalize()} med tilsagn fra "
                f"{rules.bands_from:%d.%m.%Y}: {pct(rules.youth_elderly_pct)}."
            )
        if average_area_m2 is None or average_area_m2 <= 0:
            raise ConstructionError(
                "Angiv boligernes gennemsnitlige bruttoetageareal for at beregne grundkapitalen."
            )
        low, mid, high = rules.band_pcts
        avg = format_number(average_area_m2, 1, trim=True)
        if average_area_m2 < rules.band_lower_m2:
            return low, (
                f"Familieboliger med tilsagn fra {rules.bands_from:%d.%m.%Y} og gennemsnitligt "
                f"{avg} m² (under {format_number(rules.band_lower_m2)} m²): {pct(low)}."
            )
        if average_area_m2 < rules.band_upper_m2:
            return mid, (
                f"Familieboliger med tilsagn fra {rules.bands_from:%d.%m.%Y} og gennemsnitligt "
                f"{avg} m² ({format_number(rules.band_lower_m2)}–under "
                f"{format_number(rules.band_upper_m2)} m²): {pct(mid)}."
            )
        return high, (
            f"Familieboliger med tilsagn fra {rules.bands_from:%d.%m.%Y} og gennemsnitligt "
            f"{avg} m² ({format_number(rules.band_upper_m2)} m² og derover): {pct(high)}."
        )
    if rules.raised_loan_from <= tilsagn <= rules.raised_loan_to:
        gk = Decimal(100) - rules.raised_loan_pct - rules.beboerindskud_pct
        return gk, (
            f"Tilsagn {tilsagn:%d.%m.%Y} (§ 118 a, {rules.raised_loan_from:%d.%m.%Y}–"
            f"{rules.bands_from:%d.%m.%Y}): lån {pct(rules.raised_loan_pct)}, grundkapital {pct(gk)}."
        )
    return rules.base_grundkapital_pct, (
        f"Tilsagn {tilsagn:%d.%m.%Y} (§ 118): grundkapital {pct(rules.base_grundkapital_pct)}."
    )


def financing(
    anskaffelsessum: Decimal,
    *,
    housing_type: str,
    tilsagn: date,
    average_area_m2: Decimal | None = None,
    rules: FinancingRules = RULES,
) -> Financing:
    """Loan, grundkapital and beboerindskud in kr.; the loan is the remainder, so the three
    always sum to the anskaffelsessum."""
    if anskaffelsessum <= 0:
        raise ConstructionError("Anskaffelsessummen skal være over 0 kr.")
    if housing_type not in HOUSING_TYPES:
        raise ConstructionError(f"Ukendt boligtype: {housing_type!r}.")
    gk_pct, gk_rule = grundkapital_pct(
        housing_type=housing_type, tilsagn=tilsagn, average_area_m2=average_area_m2, rules=rules
    )
    total = whole_kr(anskaffelsessum)
    gk = whole_kr(total * gk_pct / 100)
    bi = whole_kr(total * rules.beboerindskud_pct / 100)
    loan = total - gk - bi
    loan_pct = Decimal(100) - gk_pct - rules.beboerindskud_pct
    return Financing(
        anskaffelsessum=total,
        loan=Share(
            "Lån",
            loan_pct,
            loan,
            f"Resten af anskaffelsessummen: 100 % − {pct(gk_pct)} − "
            f"{pct(rules.beboerindskud_pct)} = {pct(loan_pct)}.",
        ),
        grundkapital=Share("Kommunal grundkapital", gk_pct, gk, gk_rule),
        beboerindskud=Share(
            "Beboerindskud",
            rules.beboerindskud_pct,
            bi,
            f"{pct(rules.beboerindskud_pct)} af anskaffelsessummen (§ 118).",
        ),
        source=rules.source,
    )


# --- the kommune's guarantee on LBF-supported renovation loans --------------------------------

GUARANTEE_LIMIT_PCT = Decimal(60)
LBF_SHARE_PCT = Decimal(50)
GUARANTEE_SOURCE = (
    "https://www.lbf.dk/stoette/renoveringsstoette/ (kommunen garanterer lånets del ud over 60 % "
    "af ejendomsværdien; LBF dækker halvdelen af kommunens garanti)"
)


@dataclass(frozen=True)
class Guarantee:
    loan: Decimal
    property_value: Decimal
    prior_debt: Decimal
    limit: Decimal  # 60 % of the property value
    guaranteed: Decimal  # the kommune's guarantee
    lbf_share: Decimal  # LBF covers half of it
    kommune_net: Decimal  # what the kommune carries itself
    rule: str
    source: str = GUARANTEE_SOURCE


def guarantee(
    *, loan: Decimal, property_value: Decimal, prior_debt: Decimal = Decimal(0)
) -> Guarantee:
    """The part of ``loan`` secured beyond 60 % of ``property_value``. The loan is secured
    after ``prior_debt`` (the loans ahead of it), so it lies between prior and prior + loan."""
    if loan <= 0 or property_value <= 0 or prior_debt < 0:
        raise ConstructionError("Angiv lån og ejendomsværdi over 0 kr.")
    limit = whole_kr(property_value * GUARANTEE_LIMIT_PCT / 100)
    top = prior_debt + loan
    guaranteed = whole_kr(max(Decimal(0), top - max(prior_debt, limit)))
    lbf = whole_kr(guaranteed * LBF_SHARE_PCT / 100)
    rule = (
        f"Lånet ligger fra {kr(prior_debt)} til {kr(top)} af ejendomsværdien {kr(property_value)}; "
        f"60 % er {kr(limit)}. Kommunen garanterer {kr(guaranteed)}, LBF dækker halvdelen "
        f"({kr(lbf)}), kommunen bærer selv {kr(guaranteed - lbf)}."
    )
    return Guarantee(
        loan=loan,
        property_value=property_value,
        prior_debt=prior_debt,
        limit=limit,
        guaranteed=guaranteed,
        lbf_share=lbf,
        kommune_net=guaranteed - lbf,
        rule=rule,
    )


# --- rent effect ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RentComparison:
    label: str  # "kommunen", "regionen"
    reference: Decimal | None  # kr. per m² per year
    difference: Decimal | None
    difference_pct: Decimal | None
    text: str


def rent_per_m2(annual_rent: Decimal, area_m2: Decimal | int) -> Decimal:
    if Decimal(area_m2) <= 0:
        raise ConstructionError("Arealet skal være over 0 m².")
    return (annual_rent / Decimal(area_m2)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def compare_rent(
    stage: str, rent: Decimal, label: str, reference: Decimal | None
) -> RentComparison:
    """Rent per m² at skema ``stage`` against a reference rent (kr. per m² per year)."""
    if reference is None or reference <= 0:
        return RentComparison(
            label, None, None, None, f"Ingen husleje for {label} at sammenligne med."
        )
    diff = (rent - reference).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    diff_pct = (diff / reference * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    word = "over" if diff > 0 else "under" if diff < 0 else "lig med"
    amount = (
        "" if diff == 0 else f"{format_number(abs(diff), 1, trim=True)} kr. ({pct(abs(diff_pct))}) "
    )
    text = (
        f"Skema {stage}: {format_number(rent, 1, trim=True)} kr. pr. m² om året, {amount}{word} "
        f"{label}s {format_number(reference, 1, trim=True)} kr. pr. m²."
    )
    return RentComparison(label, reference, diff, diff_pct, text)


def weighted_rent(rows: list[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Area-weighted average rent per m² of (rent per m², area) rows; None without area."""
    area = sum((a for _, a in rows), Decimal(0))
    if area <= 0:
        return None
    total = sum((r * a for r, a in rows), Decimal(0))
    return (total / area).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- the seed of the rate table ----------------------------------------------------------------
# Confirmed amounts only (DOMAIN.md §10 and the BL notice it cites). Amounts for other years —
# also 2024 onwards, with kr. per dwelling — are entered by an administrator from Social- og
# Boligstyrelsen's table (the 2024 notice: https://bl.dk/bl-informerer/2023/11/2623-
# maksimumsbeloeb-for-alment-byggeri-pr-112024/), each with its source.

_BL_0511 = (
    "BL informerer 0511, maksimumsbeløb pr. 1.1.2011, tilsagn fra 1. juli 2009: "
    "https://bl.dk/bl-informerer/2011/1/0511-maksimumsbeloeb-og-energitillaeg-for-stoettet-"
    "boligbyggeri-pr-112011/"
)
SEED_RATES = (
    Rate(2011, "familie", "hovedstaden", Decimal(0), Decimal(21_160), _BL_0511),
    Rate(2011, "familie", "store_byer", Decimal(0), Decimal(18_040), _BL_0511),
    Rate(2011, "familie", "provins", Decimal(0), Decimal(17_020), _BL_0511),
    Rate(2011, "aeldre", "hovedstaden", Decimal(0), Decimal(26_270), _BL_0511),
    Rate(2011, "aeldre", "provins", Decimal(0), Decimal(20_540), _BL_0511),
    Rate(2011, "ungdom", "hovedstaden", Decimal(0), Decimal(24_890), _BL_0511),
    Rate(2011, "ungdom", "provins", Decimal(0), Decimal(20_540), _BL_0511),
)


# --- milestones and their order --------------------------------------------------------------

KINDS = {
    "nybyggeri": "Nybyggeri",
    "tilbygning": "Tilbygning",
    "renovering_lbf": "Renovering med støtte fra Landsbyggefonden",
    "renovering": "Renovering uden støtte",
    "infrastruktur": "Infrastrukturændring",
}
MILESTONES = {
    "lbf_ansoegning": "Ansøgning om renoveringsstøtte (LBF)",
    "anbefaling": "Kommunens anbefaling",
    "garanti": "Kommunens garanti",
    "skema_a": "Skema A (tilsagn)",
    "skema_b": "Skema B (byggestart; maksimumbeløb fastlagt)",
    "ibrugtagning": "Taget i brug",
    "skema_c": "Skema C (endelig anskaffelsessum)",
    "slutregnskab": "Endeligt regnskab",
    "eftersyn_1": "1-års eftersyn",
    "eftersyn_5": "5-års eftersyn",
}
_BUILD = ("skema_a", "skema_b", "ibrugtagning", "skema_c", "eftersyn_1", "eftersyn_5")
MILESTONES_FOR_KIND = {
    "nybyggeri": _BUILD,
    "tilbygning": _BUILD,
    "infrastruktur": _BUILD,
    "renovering_lbf": (
        "lbf_ansoegning",
        "anbefaling",
        "garanti",
        "skema_a",
        "skema_b",
        "ibrugtagning",
        "skema_c",
        "slutregnskab",
        "eftersyn_1",
        "eftersyn_5",
    ),
    "renovering": ("skema_a", "skema_b", "ibrugtagning", "slutregnskab", "eftersyn_1"),
}
# A milestone may be approved only when these are (those that apply to the case's kind).
PREREQUISITES = {
    "anbefaling": ("lbf_ansoegning",),
    "garanti": ("anbefaling",),
    "skema_a": ("garanti",),
    "skema_b": ("skema_a",),
    "ibrugtagning": ("skema_b",),
    "skema_c": ("skema_b", "ibrugtagning"),
    "slutregnskab": ("ibrugtagning",),
    "eftersyn_1": ("ibrugtagning",),
    "eftersyn_5": ("eftersyn_1",),
}


def milestone_blockers(kind: str, milestone: str, approved: set[str] | frozenset[str]) -> list[str]:
    """The milestones that must be approved before ``milestone`` in a case of ``kind`` (empty:
    it may be approved). Raises ``ConstructionError`` for a milestone the kind does not have."""
    applicable = MILESTONES_FOR_KIND.get(kind, ())
    if milestone not in applicable:
        raise ConstructionError(
            f"Milepælen {MILESTONES.get(milestone, milestone)!r} hører ikke til en sag om "
            f"{KINDS.get(kind, kind).lower()}."
        )
    return [m for m in PREREQUISITES.get(milestone, ()) if m in applicable and m not in approved]


def next_milestone(kind: str, approved: set[str] | frozenset[str]) -> str | None:
    """The first milestone of the kind that is not approved and may be approved now."""
    for m in MILESTONES_FOR_KIND.get(kind, ()):
        if m not in approved and not milestone_blockers(kind, m, approved):
            return m
    return None


__all__ = [
    "GUARANTEE_SOURCE",
    "KINDS",
    "MILESTONES",
    "MILESTONES_FOR_KIND",
    "PREREQUISITES",
    "HOUSING_TYPES",
    "PER_DWELLING_FROM",
    "RATE_REGIONS",
    "RULES",
    "SEED_RATES",
    "ConstructionError",
    "Financing",
    "FinancingRules",
    "Guarantee",
    "Maximum",
    "MaximumCheck",
    "Rate",
    "RentComparison",
    "check_against_maximum",
    "compare_rent",
    "financing",
    "grundkapital_pct",
    "guarantee",
    "maksimumbeloeb",
    "milestone_blockers",
    "next_milestone",
    "pick_rate",
    "rent_per_m2",
    "weighted_rent",
]
