"""Reads that shape runs and results for the pages, exports and API (no writes, no rendering)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.http import HttpRequest

from almen import reference
from almen.efficiency import ColourScale
from almen.keyfigures import NORM_SOURCE
from styringsdialog.benchmarking.display import (
    ColourCounts,
    Shown,
    colour_counts,
    peer_name,
    phrase,
    shown,
)
from styringsdialog.benchmarking.models import (
    BenchmarkRun,
    ColourScaleVersion,
    DepartmentResult,
    KeyFigureResult,
)
from styringsdialog.benchmarking.queries.inputs import accounting_years
from styringsdialog.lib.params import bounded_int
from styringsdialog.lib.sorting import Column, apply_sort

METHOD_LABELS = dict(BenchmarkRun.Method.choices)
RESULT_COLUMNS = [
    Column("org", "Org.", "department__organisation__number"),
    Column("number", "Afd.", "department__number"),
    Column("name", "Afdeling", "department__name"),
    Column("official", "Officielt", "official_value", numeric=True),
    Column("score", "Beregnet", "effektivitetstal", numeric=True),
    Column("potential", "Potentiale %", "potential_pct", numeric=True),
    Column("potential_kr", "Potentiale kr.", "potential_kr", numeric=True),
    Column("peer", "Bedste praksis", None),
    Column("flags", "Flag", None),
]


@dataclass(frozen=True)
class Selection:
    """The year and method a page shows, the run behind them (None: no run) and the choices."""

    year: int | None
    method: str
    run: BenchmarkRun | None
    years: list[int]
    scale: ColourScale
    scale_version: ColourScaleVersion
    requested: int | None = None
    """The year asked for with ``?aar=`` (None: none asked)."""
    not_computed: tuple[int, ...] = ()
    """Accounting years with accounts, newer than the shown year (or asked for), without a run."""
    accounting_years: tuple[int, ...] = ()
    """Every accounting year with account lines, newest first (the years a run can be made for)."""

    @property
    def why(self) -> str:
        """Which year the page shows and why, in Danish ("" when it is simply the asked year)."""
        if self.year is None:
            return ""
        missing = list(self.not_computed)
        if self.requested is not None and self.requested != self.year:
            head = f"Viser {self.year}, det nyeste år med beregnede tal; {self.requested} er ikke beregnet"
            missing = [y for y in missing if y != self.requested]
        elif self.requested is None and self.year == (self.years[0] if self.years else None):
            head = f"Viser {self.year}, det nyeste år med beregnede tal"
        else:
            return ""
        if missing:
            head += f"; {_and(missing)} er ikke beregnet endnu"
        elif self.requested is None:
            return head + "."
        return head + "."

    @property
    def methods(self) -> list[tuple[str, str]]:
        return list(METHOD_LABELS.items())

    @property
    def method_label(self) -> str:
        return METHOD_LABELS[self.method]

    def query(self) -> str:
        return f"aar={self.year}&method={self.method}" if self.year else f"method={self.method}"


def select_run(request: HttpRequest) -> Selection:
    """Year and method from ``?aar=&method=`` (invalid values fall back to the newest year and FDH).
    The pages' parameter is Danish (``?aar=``) like every other page; the older ``?year=`` is
    still accepted so bookmarks keep working."""
    method = request.GET.get("method", "fdh")
    if method not in METHOD_LABELS:
        method = "fdh"
    years = BenchmarkRun.objects.years(method)
    raw = bounded_int(request.GET.get("aar") or request.GET.get("year"), minimum=1900, maximum=2200)
    year = raw if raw in years else (years[0] if years else None)
    run = BenchmarkRun.objects.latest_for(year, method) if year else None
    version = run.colour_scale if run else ColourScaleVersion.current()
    with_accounts = accounting_years()
    not_computed = tuple(
        y for y in with_accounts if y not in years and (year is None or y > year or y == raw)
    )
    return Selection(
        year,
        method,
        run,
        years,
        version.as_scale(),
        version,
        raw,
        not_computed,
        tuple(with_accounts),
    )


def _and(years: list[int]) -> str:
    words = [str(y) for y in sorted(years)]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " og " + words[-1]


@dataclass
class OrganisationRange:
    number: str
    name: str
    phrase: str
    counts: ColourCounts


@dataclass
class Summary:
    counts: ColourCounts
    scores: list[int] = field(default_factory=list)
    organisations: list[OrganisationRange] = field(default_factory=list)
    n_official: int = 0


def summary(run: BenchmarkRun, departments: QuerySet, scale: ColourScale) -> Summary:
    """Colour counts, shown scores and the range phrase per organisation (one query)."""
    rows = (
        DepartmentResult.objects.filter(run=run, department__in=departments.values("pk"))
        .with_official_joined(run.data_year)
        .values_list(
            "department__organisation__number",
            "department__organisation__name",
            "effektivitetstal",
            "colour",
            "official_value",
            "official_colour",
        )
    )
    by_org: dict[tuple[str, str], list[Shown]] = defaultdict(list)
    for number, name, ours, colour, official, official_colour in rows:
        by_org[(number, name)].append(shown(ours, colour, official, official_colour, scale))
    everything = [s for values in by_org.values() for s in values]
    orgs = [
        OrganisationRange(number, name, phrase(values, scale), colour_counts(values))
        for (number, name), values in sorted(by_org.items())
    ]
    return Summary(
        counts=colour_counts(everything),
        scores=[s.value for s in everything if s.value is not None],
        organisations=orgs,
        n_official=sum(1 for s in everything if s.official),
    )


def _scale_colour(value: str, stored: str, scale: ColourScale) -> Case:
    """SQL for ``stored or scale.classify(value)`` (effektivitetstal are whole numbers, so
    rounding half up changes nothing)."""
    return Case(
        When(~Q(**{stored: ""}) & Q(**{f"{stored}__isnull": False}), then=F(stored)),
        When(**{f"{value}__gte": scale.green_from}, then=Value("groen")),
        When(**{f"{value}__gte": scale.yellow_from}, then=Value("gul")),
        default=Value("roed"),
        output_field=CharField(),
    )


def colour_summary(run: BenchmarkRun, departments: QuerySet, scale: ColourScale) -> ColourCounts:
    """``summary(...).counts`` counted in the database: the shown colour (``display.shown``) of
    each result grouped and counted in one query of at most four rows."""
    shown_colour = Case(
        When(
            official_value__isnull=False,
            then=_scale_colour("official_value", "official_colour", scale),
        ),
        When(
            effektivitetstal__isnull=False, then=_scale_colour("effektivitetstal", "colour", scale)
        ),
        default=Value("none"),
        output_field=CharField(),
    )
    rows = (
        DepartmentResult.objects.filter(run=run, department__in=departments.values("pk"))
        .with_official_joined(run.data_year)
        .annotate(shown_colour=shown_colour)
        .order_by()
        .values("shown_colour")
        .annotate(n=Count("pk"))
        .values_list("shown_colour", "n")
    )
    counts = {"groen": 0, "gul": 0, "roed": 0, "none": 0}
    for colour, n in rows:
        counts[colour if colour in counts else "none"] += n
    return ColourCounts(**counts)


def result_rows(run: BenchmarkRun, departments: QuerySet) -> QuerySet[DepartmentResult]:
    """The run's results for ``departments``, annotated with the official value, for display."""
    return (
        DepartmentResult.objects.filter(run=run, department__in=departments.values("pk"))
        .with_official(run.data_year)
        .for_display()
        .defer(
            "per_account",
            "explanation",
            "dea_peers",
            "dea_lambdas",
            "department__bbr_property_numbers",
            "department__dar_address_ids",
            "best_peer__bbr_property_numbers",
            "best_peer__dar_address_ids",
        )
    )


def sorted_rows(request: HttpRequest, qs: QuerySet) -> tuple[QuerySet, list[Any]]:
    """Sort by ``?sort=`` (default: lowest score first), with missing values always last."""
    qs, headers = apply_sort(request, qs, RESULT_COLUMNS, "score")
    order = []
    for name in qs.query.order_by:
        key = str(name)
        order.append(
            F(key[1:]).desc(nulls_last=True) if key.startswith("-") else F(key).asc(nulls_last=True)
        )
    return qs.order_by(*order), headers


def flags_for(run: BenchmarkRun, department_ids: Iterable[int] | QuerySet) -> dict[int, list[str]]:
    """Key-figure flag codes per department in a run (ids or a ``values("pk")`` queryset)."""
    return dict(
        KeyFigureResult.objects.filter(run=run, department_id__in=department_ids).values_list(
            "department_id", "flags"
        )
    )


@dataclass
class DepartmentHistory:
    year: int
    ours: int | None
    official: int | None
    shown: Shown
    group_min: int | None = None  # lowest and highest effektivitetstal in the department's
    group_max: int | None = None  # peer group in that year's run (None: no group)
    group_size: int = 0


def latest_runs(method: str) -> dict[int, int]:
    """{accounting year: the pk of the newest run of ``method`` for it}."""
    latest: dict[int, int] = {}
    for pk, year in (
        BenchmarkRun.objects.filter(method=method)
        .order_by("created_at", "pk")
        .values_list("pk", "data_year")
    ):
        latest[year] = pk
    return latest


def history(
    department: Any, method: str, scale: ColourScale, latest: dict[int, int] | None = None
) -> list[DepartmentHistory]:
    """Ours and the official value per accounting year (latest run of ``method`` per year),
    with the range (min–max) of the effektivitetstal in the department's peer group that year
    (subqueries of the same query: no query per year). ``latest`` as from ``latest_runs``."""
    from django.db.models import IntegerField, Max, Min, OuterRef, Subquery

    from styringsdialog.benchmarking.models import OfficialScore

    latest = latest_runs(method) if latest is None else latest
    group = DepartmentResult.objects.filter(
        run_id=OuterRef("run_id"), peer_group=OuterRef("peer_group"), effektivitetstal__isnull=False
    ).exclude(peer_group="")

    def over_group(aggregate: Any) -> Subquery:
        return Subquery(
            group.values("run_id").annotate(v=aggregate).values("v")[:1],
            output_field=IntegerField(),
        )

    mine = list(
        DepartmentResult.objects.filter(department=department, run_id__in=latest.values())
        .annotate(
            low=over_group(Min("effektivitetstal")),
            high=over_group(Max("effektivitetstal")),
            n=over_group(Count("pk")),
        )
        .values_list("run__data_year", "effektivitetstal", "low", "high", "n")
    )
    ours = {year: value for year, value, *_ in mine}
    groups = {year: (low, high, n or 0) for year, _, low, high, n in mine}
    official = {
        y: (v, c)
        for y, v, c in OfficialScore.objects.filter(department=department).values_list(
            "year", "effektivitetstal", "colour"
        )
    }
    out = []
    for year in sorted(set(ours) | set(official), reverse=True):
        value, colour = official.get(year, (None, ""))
        ours_value = ours.get(year)
        low, high, n = groups.get(year, (None, None, 0))
        out.append(
            DepartmentHistory(
                year, ours_value, value, shown(ours_value, "", value, colour, scale), low, high, n
            )
        )
    return out


def provision_history(
    department: Any, method: str, latest: dict[int, int] | None = None
) -> list[KeyFigureResult]:
    """The department's key figures (provisions per m², norm, critical values) per accounting
    year from the latest run of ``method`` for each year, oldest first."""
    latest = latest_runs(method) if latest is None else latest
    return list(
        KeyFigureResult.objects.filter(department=department, run_id__in=latest.values()).order_by(
            "year"
        )
    )


def unit_label(run: BenchmarkRun) -> str:
    """ "kr./bolig" or "kr./m²", after the run's normalisation."""
    return "kr./m²" if run.parameters.get("normalisation") == "m2" else "kr./bolig"


def explanation_parts(result: DepartmentResult) -> tuple[str, str, str]:
    """The stored explanation split around the best-practice name, so a page can link it:
    (before, name, after); (explanation, "", "") when there is no other department to name."""
    peer = result.best_peer
    if peer is None or peer.pk == result.department_id:
        return result.explanation, "", ""
    name = peer_name(peer.number, peer.name, peer.organisation.number, peer.organisation.name)
    before, found, after = result.explanation.partition(name)
    return (before, found, after) if found else (result.explanation, "", "")


NORM_SHORT_LABEL = "Ballerup-referatet 2021"
BUILDING_LABELS = {"etage": "etagebyggeri", "taet-lav": "tæt-lav"}


def describe_key_group(label: str) -> str:
    """ "1084|etage|71-90m2|1960-1979" → "Region Hovedstaden, etagebyggeri, 71–90 m² pr. bolig, opført 1960–1979"."""
    parts = label.split("|")
    if len(parts) != 4:
        return label
    region, building, size, age = parts
    regions = {r.code: r.name for r in reference.regioner()}
    size_text = (
        size.replace("m2", "").replace("-", "–").replace("<", "under ").replace("+", " og derover")
    )
    age_text = age.replace("-", "–").replace("<", "før ").replace("+", " eller senere")
    return ", ".join(
        [
            regions.get(region, f"region {region}"),
            BUILDING_LABELS.get(building, building or "ukendt bebyggelse"),
            f"{size_text} m² pr. bolig" if size != "?" else "ukendt boligstørrelse",
            f"opført {age_text}" if age != "?" else "ukendt opførelsesår",
        ]
    )


RENT_TYPE_LABELS = {
    "familie": "Familieboliger",
    "ungdom": "Ungdomsboliger",
    "aeldre": "Ældre- og plejeboliger",
    "": "Alle almene boliger",
}


def key_context(run: BenchmarkRun, key: KeyFigureResult) -> dict[str, Any]:
    """Labels around a department's key figures: norm source, percentiles and peer group."""
    params = run.key_figure_parameters
    source = key.norm_source or params.get("norm_source", NORM_SOURCE)
    return {
        "norm_label": NORM_SHORT_LABEL if source == NORM_SOURCE else source,
        "rent_type_label": RENT_TYPE_LABELS.get(key.rent_type, key.rent_type),
        "norm_gap": None
        if key.provisions_per_m2 is None
        else key.norm_per_m2 - key.provisions_per_m2,
        "lower_pct": params.get("lower_percentile"),
        "upper_pct": params.get("upper_percentile"),
        "key_group": describe_key_group(key.peer_group),
    }


def describe_peer_group(description: str) -> str:
    """The engine's group description with region codes as names ("region 1084" → "Region Hovedstaden")."""
    regions = {r.code: r.name for r in reference.regioner()}
    return re.sub(r"region (\d{4})", lambda m: regions.get(m.group(1), m.group(0)), description)
