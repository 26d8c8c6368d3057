"""Area classification under almenboligloven §§ 61 a–61 b as versioned rule sets (DOMAIN.md §6.2).

Public API::

    from almen.areas import AreaIndicators, classify, classify_series, ruleset_for, suppressed

    c = classify(AreaIndicators(residents=2400, households=1100, non_western_pct=55.0,
                                unemployed_pct=42.0, convicted_ratio=3.1, low_education_pct=58.0,
                                income_pct=52.0), list_year=2024)
    c.category        # "parallelsamfund"
    c.criteria        # each criterion with its value, threshold, comparator and whether it is met

Category codes are the 2021 names (``udsat``, ``parallelsamfund``, ``omdannelse``,
``forebyggelse``); each rule set gives them the labels of its time (2018: "ghettoområde",
"hårdt ghettoområde"). An area gets the most severe category it meets:
omdannelse > parallelsamfund > udsat > forebyggelse.

Values are the statutory measures as published (LBF Beboerdata "parallelsamfundskriterier"):
where the law says "2-year average" the caller passes that average (``two_year_average``).
Comparators follow the text of the law: "over 40 %" is ``>``, "mindst 3 gange" is ``>=``,
"under 55 %" is ``<``; a value exactly at a ``>`` or ``<`` threshold does not meet it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from almen.formatting import format_number

Comparator = Literal[">", ">=", "<", "<="]
CATEGORIES = ("omdannelse", "parallelsamfund", "udsat", "forebyggelse")
MIN_AREA_RESIDENTS = 1000  # § 61 a stk. 3: a boligområde has at least 1,000 residents
DISCRETION_MIN_RESIDENTS = 100  # LBF Beboerdata: full data only from 100 residents …
DISCRETION_MIN_HOUSEHOLDS = 50  # … and 50 households (DOMAIN.md §6.1)


@dataclass(frozen=True, slots=True)
class AreaIndicators:
    """The measured values for one area (or department) in one list year. None = not available."""

    residents: int
    households: int | None = None
    non_western_pct: float | None = None  # immigrants and descendants from non-Western countries
    unemployed_pct: float | None = None  # 18–64 without work or education (2-year average)
    convicted_ratio: float | None = (
        None  # convictions as a multiple of the national rate (2-year average)
    )
    convicted_pct: float | None = (
        None  # convicted as % of residents aged 18 and over (the 2010–2017 measure)
    )
    low_education_pct: float | None = None  # 30–59 with only grundskole
    income_pct: float | None = None  # gross income of 15–64 (excl. students) as % of the region


@dataclass(frozen=True, slots=True)
class Criterion:
    key: str  # the AreaIndicators field it reads
    label: str  # Danish
    comparator: Comparator
    threshold: float
    unit: str  # "%" or "× landsgennemsnittet"

    def is_met(self, value: float | None) -> bool | None:
        """True/False, or None when the value is missing."""
        if value is None:
            return None
        return {
            ">": value > self.threshold,
            ">=": value >= self.threshold,
            "<": value < self.threshold,
            "<=": value <= self.threshold,
        }[self.comparator]

    def describe(self) -> str:
        """ "over 40 %" / "mindst 3 × landsgennemsnittet" / "under 55 %"."""
        words = {">": "over", ">=": "mindst", "<": "under", "<=": "højst"}[self.comparator]
        number = format_number(self.threshold, 3, trim=True)
        return f"{words} {number} {self.unit}"


def _c(
    key: str, label: str, comparator: Comparator, threshold: float, unit: str = "%"
) -> Criterion:
    return Criterion(key, label, comparator, threshold, unit)


UNEMPLOYED = "Andel 18–64-årige uden tilknytning til arbejdsmarked eller uddannelse"
CONVICTED = "Dømte for overtrædelse af straffeloven, våbenloven eller lov om euforiserende stoffer"
EDUCATION = "Andel 30–59-årige med alene grundskoleuddannelse"
INCOME = "Gennemsnitlig bruttoindkomst for 15–64-årige i forhold til regionen"
NON_WESTERN = "Andel indvandrere og efterkommere fra ikke-vestlige lande"
TIMES = "× landsgennemsnittet"


@dataclass(frozen=True, slots=True)
class RuleSet:
    """One version of the criteria. ``valid_from`` is the first list (1 December) it applies to."""

    version: str
    valid_from: date
    title: str
    source_urls: tuple[str, ...]
    criteria: tuple[Criterion, ...]
    criteria_needed: int
    non_western: Criterion | None  # the extra condition of the parallelsamfund category
    labels: Mapping[str, str]
    persistence_years: int | None = None  # omdannelse: parallelsamfund this many years running
    prevention_criteria: tuple[Criterion, ...] = ()
    prevention_non_western: Criterion | None = None
    prevention_needed: int = 2
    non_western_is_criterion: bool = False  # pre-2018: non-Western share is one of the criteria
    notes: tuple[str, ...] = field(default_factory=tuple)


CONVICTED_ADULTS = CONVICTED + " pr. beboer på 18 år og derover"

RULESET_2010 = RuleSet(
    version="2010",
    valid_from=date(2010, 10, 1),
    title="Ghettolisten 2010–2012 (2 af 3 kriterier)",
    source_urls=(
        "https://www.plesner.com/insights/artikler/2023/12/nye-lister-over-udsatte-boligomraader-der-er-fortsat-behov-for-indsatser",
        "https://jyllands-posten.dk/politik/ECE10161417/fakta-her-er-regeringens-liste-over-ghettoomraader/",
    ),
    criteria=(
        _c("non_western_pct", NON_WESTERN, ">", 50),
        _c("unemployed_pct", UNEMPLOYED, ">", 40),
        _c("convicted_pct", CONVICTED_ADULTS + " (andel)", ">", 2.7),
    ),
    criteria_needed=2,
    non_western=None,
    non_western_is_criterion=True,
    labels={"parallelsamfund": "Ghettoområde"},
    notes=(
        "Listerne 2010–2012: mindst 2 af 3 kriterier (ikke-vestlig andel over 50 %, over 40 % af "
        "de 18–64-årige uden arbejde eller uddannelse, over 270 dømte pr. 10.000 beboere på 18 år "
        "og derover = 2,7 %).",
        "Grundlaget for dømte-kriteriet er beboerne på 18 år og derover, ikke alle beboere.",
        "[U] Perioden for gennemsnittene (regeringens 2010-udspil nævner 4 år) og "
        "sammenligningerne (over/under) er ikke bekræftet i lovtekst; de er konfiguration.",
    ),
)

RULESET_2013 = RuleSet(
    version="2013",
    valid_from=date(2013, 12, 1),
    title="Ghettolisten 2013–2017 (3 af 5 kriterier)",
    source_urls=RULESET_2010.source_urls,
    criteria=(
        *RULESET_2010.criteria,
        _c("low_education_pct", EDUCATION, ">", 50),
        _c("income_pct", INCOME, "<", 55),
    ),
    criteria_needed=3,
    non_western=None,
    non_western_is_criterion=True,
    labels={"parallelsamfund": "Ghettoområde"},
    notes=(
        "Listerne 2013–2017 som DOMAIN.md §6.2 beskriver dem (3 af 5 kriterier, 2,7 % dømte "
        "blandt beboerne på 18 år og derover, 50 % kun grundskole).",
        "[I] Første liste med fem kriterier antages at være 1. december 2013; "
        "sammenligningerne (over/under) er udledt; lovteksten før 2018 er ikke læst.",
    ),
)

_CRITERIA_2018 = (
    _c("unemployed_pct", UNEMPLOYED, ">", 40),
    _c("convicted_ratio", CONVICTED, ">=", 3, TIMES),
    _c("low_education_pct", EDUCATION, ">", 60),
    _c("income_pct", INCOME, "<", 55),
)

RULESET_2018 = RuleSet(
    version="2018",
    valid_from=date(2018, 12, 1),
    title="Parallelsamfundspakken 2018 (2 af 4 kriterier)",
    source_urls=("https://danskelove.dk/almenboligloven/61a",),
    criteria=_CRITERIA_2018,
    criteria_needed=2,
    non_western=_c("non_western_pct", NON_WESTERN, ">", 50),
    labels={
        "udsat": "Udsat boligområde",
        "parallelsamfund": "Ghettoområde",
        "omdannelse": "Hårdt ghettoområde",
    },
    persistence_years=4,
    notes=(
        "'Hårdt ghettoområde' = ghettoområde de seneste 4 år (udledt; 2021-reglerne siger 5 år).",
    ),
)

RULESET_2021 = RuleSet(
    version="2021",
    valid_from=date(2021, 11, 30),
    title="L 23 (2021/22): parallelsamfund, omdannelses- og forebyggelsesområder",
    source_urls=(
        "https://danskelove.dk/almenboligloven/61a",
        "https://www.lovguiden.dk/loven/almenboligloven/61b",
    ),
    criteria=_CRITERIA_2018,
    criteria_needed=2,
    non_western=_c("non_western_pct", NON_WESTERN, ">", 50),
    labels={
        "udsat": "Udsat boligområde",
        "parallelsamfund": "Parallelsamfund",
        "omdannelse": "Omdannelsesområde",
        "forebyggelse": "Forebyggelsesområde",
    },
    persistence_years=5,
    prevention_criteria=(
        _c("unemployed_pct", UNEMPLOYED, ">", 30),
        _c("convicted_ratio", CONVICTED, ">=", 2, TIMES),
        _c("low_education_pct", EDUCATION, ">", 60),
        _c("income_pct", INCOME, "<", 65),
    ),
    prevention_non_western=_c("non_western_pct", NON_WESTERN, ">", 30),
)

RULESETS: dict[str, RuleSet] = {
    r.version: r for r in (RULESET_2010, RULESET_2013, RULESET_2018, RULESET_2021)
}


def ruleset_for(list_year: int) -> RuleSet:
    """The rule set of the list published on 1 December ``list_year``."""
    published = date(list_year, 12, 1)
    candidates = [r for r in RULESETS.values() if r.valid_from <= published]
    if not candidates:
        raise ValueError(
            f"ingen regelsæt gælder for listen {list_year} (de første kriterier er fra 2010)"
        )
    return max(candidates, key=lambda r: r.valid_from)


@dataclass(frozen=True, slots=True)
class CriterionResult:
    key: str
    label: str
    value: float | None
    threshold: float
    comparator: Comparator
    unit: str
    met: bool | None  # None: no value
    requirement: str  # "over 40 %"


@dataclass(frozen=True, slots=True)
class Classification:
    """The outcome for one area and list year. ``category`` is None when no category applies
    (or the area has fewer than 1,000 residents: ``eligible`` False)."""

    list_year: int
    ruleset: str
    category: str | None
    label: str
    eligible: bool
    criteria: tuple[CriterionResult, ...]
    criteria_met: int
    non_western: CriterionResult | None
    prevention: tuple[CriterionResult, ...]
    prevention_non_western: CriterionResult | None
    prevention_met: int
    years_running: (
        int  # consecutive lists (up to this one) in the parallelsamfund category or worse
    )
    incomplete: bool  # some values were missing, so a category might have been missed
    notes: tuple[str, ...] = ()


def _evaluate(criteria: Sequence[Criterion], ind: AreaIndicators) -> tuple[CriterionResult, ...]:
    out = []
    for c in criteria:
        value = getattr(ind, c.key)
        out.append(
            CriterionResult(
                c.key,
                c.label,
                value,
                c.threshold,
                c.comparator,
                c.unit,
                c.is_met(value),
                c.describe(),
            )
        )
    return tuple(out)


def _count(results: Sequence[CriterionResult]) -> int:
    return sum(1 for r in results if r.met)


def classify(
    indicators: AreaIndicators,
    *,
    list_year: int,
    ruleset: RuleSet | str | None = None,
    previous: Sequence[str | None] = (),
) -> Classification:
    """Classify one area for one list year.

    ``ruleset``: a ``RuleSet``, a version ("2010", "2013", "2018", "2021") or None for the rule set in
    force for ``list_year``. ``previous``: the categories of the preceding list years, oldest
    first and without gaps, for the omdannelse (5 years; 2018: 4 years) persistence rule.
    """
    rules = RULESETS[ruleset] if isinstance(ruleset, str) else ruleset or ruleset_for(list_year)
    criteria = _evaluate(rules.criteria, indicators)
    non_western = _evaluate((rules.non_western,), indicators)[0] if rules.non_western else None
    prevention = _evaluate(rules.prevention_criteria, indicators)
    prevention_nw = (
        _evaluate((rules.prevention_non_western,), indicators)[0]
        if rules.prevention_non_western
        else None
    )
    met, prevention_met = _count(criteria), _count(prevention)
    eligible = indicators.residents >= MIN_AREA_RESIDENTS
    category: str | None = None
    if eligible and met >= rules.criteria_needed:
        if rules.non_western_is_criterion:
            category = "parallelsamfund"
        else:
            category = "parallelsamfund" if non_western and non_western.met else "udsat"
    if (
        eligible
        and category is None
        and prevention
        and prevention_nw
        and prevention_nw.met
        and prevention_met >= rules.prevention_needed
    ):
        category = "forebyggelse"
    running = 0
    if category == "parallelsamfund":
        running = 1
        for earlier in reversed(previous):
            if earlier not in ("parallelsamfund", "omdannelse"):
                break
            running += 1
        if rules.persistence_years and running >= rules.persistence_years:
            category = "omdannelse"
    missing = [
        r
        for r in (*criteria, *prevention, *(x for x in (non_western, prevention_nw) if x))
        if r.met is None
    ]
    notes = list(rules.notes)
    if not eligible:
        notes.append(
            f"Området har {indicators.residents} beboere; et boligområde skal have mindst {MIN_AREA_RESIDENTS}."
        )
    return Classification(
        list_year=list_year,
        ruleset=rules.version,
        category=category,
        label=rules.labels.get(category, "Ingen kategori") if category else "Ingen kategori",
        eligible=eligible,
        criteria=criteria,
        criteria_met=met,
        non_western=non_western,
        prevention=prevention,
        prevention_non_western=prevention_nw,
        prevention_met=prevention_met,
        years_running=running,
        incomplete=bool(missing),
        notes=tuple(notes),
    )


def classify_series(
    series: Mapping[int, AreaIndicators], *, ruleset: RuleSet | str | None = None
) -> list[Classification]:
    """Classify every year of ``series`` (list year → indicators) in order, each under the rule
    set in force that year (or ``ruleset`` for all), carrying the persistence count across
    consecutive years. A missing year breaks the run."""
    out: list[Classification] = []
    history: list[str | None] = []
    last_year: int | None = None
    for year in sorted(series):
        if last_year is not None and year != last_year + 1:
            history = []
        result = classify(series[year], list_year=year, ruleset=ruleset, previous=history)
        out.append(result)
        history.append(result.category)
        last_year = year
    return out


@dataclass(frozen=True, slots=True)
class TrendPoint:
    list_year: int
    value: float | None
    met: bool | None


def trend(classifications: Sequence[Classification]) -> dict[str, list[TrendPoint]]:
    """Per criterion key, its value and whether it was met, year by year."""
    out: dict[str, list[TrendPoint]] = {}
    for c in classifications:
        for r in (*c.criteria, *([c.non_western] if c.non_western else [])):
            out.setdefault(r.key, []).append(TrendPoint(c.list_year, r.value, r.met))
    return out


def two_year_average(values: Mapping[int, float | None], year: int) -> float | None:
    """The mean of ``year`` and ``year - 1`` (the law's "gennemsnit over de seneste 2 år");
    None if either year is missing."""
    a, b = values.get(year), values.get(year - 1)
    if a is None or b is None:
        return None
    return (a + b) / 2


def suppressed(residents: int | None, households: int | None) -> bool:
    """Diskretionering: True when figures must not be shown (fewer than 100 residents or fewer
    than 50 households, or either unknown)."""
    if residents is None or households is None:
        return True
    return residents < DISCRETION_MIN_RESIDENTS or households < DISCRETION_MIN_HOUSEHOLDS


def apply_discretion(
    values: Mapping[str, float | None], *, residents: int | None, households: int | None
) -> dict[str, float | None]:
    """``values`` with every figure replaced by None when ``suppressed`` says so."""
    if suppressed(residents, households):
        return dict.fromkeys(values)
    return dict(values)
