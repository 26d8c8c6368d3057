"""Writes of the benchmarking app: keyword-only, validated first, one transaction each.

* ``run_benchmark`` computes effektivitetstal (``almen.efficiency``) and key figures
  (``almen.keyfigures``) for an accounting year and stores a new ``BenchmarkRun``.
* ``set_provision_norm`` saves a kommune's provisions norm (optimistic lock, history).
* ``import_official_scores`` loads official effektivitetstal from CSV, all-or-nothing
  (implemented in ``official_import``).
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import math
import subprocess
import time
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

import numpy as np
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from almen.efficiency import Parameters
from almen.keyfigures import KeyFigureParameters, KeyFigures, key_figures
from styringsdialog.accounts.permissions import can_edit_provision_norm, scope_for
from styringsdialog.benchmarking import compute
from styringsdialog.benchmarking.display import peer_name
from styringsdialog.benchmarking.models import (
    BenchmarkRun,
    ColourScaleVersion,
    DepartmentResult,
    KeyFigureResult,
    ProvisionNorm,
    ProvisionNormChange,
)
from styringsdialog.benchmarking.official_import import ImportReport, import_official_scores
from styringsdialog.benchmarking.queries.inputs import YearData, load_year
from styringsdialog.lib.bulk import insert_rows
from styringsdialog.registry.models import Department

Progress = Callable[[str, int, int], None]

__all__ = [
    "BenchmarkError",
    "ImportReport",
    "import_official_scores",
    "run_benchmark",
    "set_provision_norm",
]


class BenchmarkError(Exception):
    """A run could not be made; ``errors`` holds Danish messages. Nothing was stored."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@lru_cache(maxsize=1)
def code_version() -> str:
    """Package version plus ``git describe`` of the checkout when available ("0.1.0+4b818dd-dirty")."""
    try:
        version = importlib.metadata.version("styringsdialog")
    except importlib.metadata.PackageNotFoundError:
        version = "0+unknown"
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--abbrev=12"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return version
    commit = out.stdout.strip()
    return f"{version}+{commit}" if commit else version


def _silent(stage: str, done: int, total: int) -> None:
    return None


def run_benchmark(
    *,
    year: int,
    method: str = "fdh",
    params: Parameters | None = None,
    key_params: KeyFigureParameters | None = None,
    colour_scale: ColourScaleVersion | None = None,
    by: Any = None,
    progress: Progress | None = None,
) -> BenchmarkRun:
    """Compute and store a new run for accounting year ``year``; returns it.

    Raises ``BenchmarkError`` (nothing stored) for an unknown method or a year without
    account lines. ``progress(stage, done, total)`` is called as the work advances.
    """
    if method not in compute.METHODS:
        raise BenchmarkError(
            [f"Ukendt metode '{method}'. Vælg en af: {', '.join(compute.METHODS)}."]
        )
    report = progress or _silent
    started = time.perf_counter()
    report("Indlæser regnskaber", 0, 4)
    data = load_year(year)
    if len(data) == 0:
        raise BenchmarkError([f"Der er ingen regnskabslinjer for {year}; intet er beregnet."])
    params = params or Parameters()
    key_params = key_params or KeyFigureParameters()
    scale = colour_scale or ColourScaleVersion.current()
    report("Beregner effektivitetstal", 1, 4)
    rows = _score(data, method, params)
    report("Beregner nøgletal", 2, 4)
    norms, sources = kommune_norms(data, key_params)
    figures = key_figures(dataclasses.replace(data.key_input, norm_per_m2=norms), key_params)
    report("Gemmer resultater", 3, 4)
    with transaction.atomic():
        run = BenchmarkRun.objects.create(
            method=method,
            data_year=year,
            parameters=_parameters_json(method, params),
            key_figure_parameters=dataclasses.asdict(key_params),
            code_version=code_version(),
            colour_scale=scale,
            created_by=by if getattr(by, "pk", None) else None,
            n_departments=len(rows),
            n_scored=sum(1 for r in rows if not r.excluded_reason),
            n_excluded=sum(1 for r in rows if r.excluded_reason),
        )
        insert_rows(DepartmentResult, RESULT_FIELDS, _result_values(run, rows, scale))
        insert_rows(KeyFigureResult, KEY_FIELDS, _key_values(run, data, figures, sources))
        run.duration_s = round(time.perf_counter() - started, 3)
        run.save(update_fields=["duration_s"])
    report("Gemmer resultater", 4, 4)
    return run


def _parameters_json(method: str, params: Parameters) -> dict[str, Any]:
    out = compute.parameters_to_json(params)
    if compute.METHODS[method]:
        out["dea"] = dict(compute.METHODS[method])
    return out


def _score(data: YearData, method: str, params: Parameters) -> list[compute.Row]:
    rows: list[compute.Row] = []
    if len(data.costs):
        result, descriptions = compute.run_method(data.costs, method, params)
        names = department_names(compute.peer_ids(result))
        if method == "fdh":
            rows = compute.fdh_rows(result, names)  # type: ignore[arg-type]
        else:
            rows = compute.dea_rows(result, data.costs, names, descriptions)  # type: ignore[arg-type]
    rows += [compute.partial_year_row(int(d), data.months_of(int(d))) for d in data.partial_ids]
    minimum = int(settings.BENCHMARK_MIN_COMPARABLE)
    for row in rows:
        if not row.excluded_reason and row.group_size - 1 < minimum:
            compute.mark_too_few(row, minimum)
    return rows


def kommune_norms(data: YearData, params: KeyFigureParameters) -> tuple[np.ndarray, list[str]]:
    """Per department of ``data``: the provisions norm of its kommune (NaN: the default) and the
    norm's source text."""
    by_code = {
        code: (float(norm), source)
        for code, norm, source in ProvisionNorm.objects.values_list(
            "kommune__code", "norm_per_m2", "source"
        )
    }
    norms = np.full(len(data), np.nan)
    sources = []
    for i, code in enumerate(data.key_input.kommune.tolist()):
        found = by_code.get(str(code))
        if found:
            norms[i] = found[0]
            sources.append(found[1])
        else:
            sources.append(params.norm_source)
    return norms, sources


def department_names(ids: Iterable[int]) -> dict[int, str]:
    """Department pk → "afd. 005 Baltorphøj (org 0151 Almenbo)", the name used in explanations."""
    wanted = list(ids)
    names: dict[int, str] = {}
    for start in range(0, len(wanted), 500):
        qs = Department.objects.filter(pk__in=wanted[start : start + 500]).values_list(
            "pk", "number", "name", "organisation__number", "organisation__name"
        )
        names.update(
            {pk: peer_name(num, name, org_num, org_name) for pk, num, name, org_num, org_name in qs}
        )
    return names


RESULT_FIELDS = (
    "run",
    "department",
    "score",
    "effektivitetstal",
    "potential_pct",
    "potential_kr",
    "colour",
    "best_peer",
    "binding_account",
    "per_account",
    "peer_group",
    "peer_group_description",
    "group_size",
    "widened",
    "widening_reason",
    "trimmed",
    "excluded_reason",
    "exclusion_accounts",
    "explanation",
    "dea_peers",
    "dea_lambdas",
)


def _result_values(
    run: BenchmarkRun, rows: list[compute.Row], scale: ColourScaleVersion
) -> Iterable[tuple]:
    colours = scale.as_scale()
    for r in rows:
        yield (
            run.pk,
            r.department_id,
            r.score,
            r.effektivitetstal,
            r.potential_pct,
            None if r.potential_kr is None else round(r.potential_kr),
            colours.classify(r.effektivitetstal) if r.effektivitetstal is not None else "",
            r.best_peer_id,
            r.binding_account,
            r.per_account,
            r.peer_group[:120],
            r.peer_group_description[:200],
            r.group_size,
            r.widened,
            r.widening_reason[:300],
            r.trimmed,
            r.excluded_reason,
            r.exclusion_accounts[:60],
            r.explanation,
            r.dea_peers,
            r.dea_lambdas,
        )


KEY_FIELDS = (
    "run",
    "department",
    "year",
    "provisions",
    "annualised",
    "provisions_per_m2",
    "provisions_per_dwelling",
    "norm_per_m2",
    "below_norm",
    "peer_group",
    "peer_count",
    "peer_lower",
    "peer_upper",
    "critical_low",
    "critical_high",
    "rent_per_m2",
    "kommune_rent",
    "region_rent",
    "rent_vs_kommune_pct",
    "rent_vs_region_pct",
    "region_high_rent",
    "high_rent",
    "flags",
    "norm_source",
    "rent_type",
    "rent_from_fact",
    "accumulated",
    "accumulated_per_m2",
    "accumulated_per_dwelling",
    "accumulated_peer_count",
    "accumulated_peer_lower",
    "accumulated_peer_upper",
    "accumulated_critical_low",
)


def _num(values: np.ndarray) -> list[float | None]:
    """Floats with NaN/inf as None."""
    return [v if math.isfinite(v) else None for v in values.tolist()]


def _nan(values: np.ndarray | None, n: int) -> np.ndarray:
    return np.full(n, np.nan) if values is None else values


def _key_values(
    run: BenchmarkRun, data: YearData, kf: KeyFigures, norm_sources: list[str]
) -> Iterable[tuple]:
    n = len(data)
    cols = [
        _num(c)
        for c in (
            data.key_input.provisions,
            kf.provisions_per_m2,
            kf.provisions_per_dwelling,
            kf.peer_lower,
            kf.peer_upper,
            kf.rent_per_m2,
            kf.kommune_rent,
            kf.region_rent,
            kf.rent_vs_kommune_pct,
            kf.rent_vs_region_pct,
            kf.region_high_rent,
            _nan(kf.norm_per_m2, n),
            _nan(data.key_input.accumulated, n),
            _nan(kf.accumulated_per_m2, n),
            _nan(kf.accumulated_per_dwelling, n),
            _nan(kf.accumulated_peer_lower, n),
            _nan(kf.accumulated_peer_upper, n),
        )
    ]
    prov, per_m2, per_dw, lower, upper, rent, k_rent, r_rent, vs_k, vs_r, high = cols[:11]
    norms, acc, acc_m2, acc_dw, acc_lower, acc_upper = cols[11:]
    default_norm = float(kf.params.provision_norm_per_m2)
    types = (
        data.key_input.housing_type.tolist()
        if data.key_input.housing_type is not None
        else [""] * n
    )
    from_fact = data.rent_from_fact.tolist() if data.rent_from_fact is not None else [False] * n
    acc_count = (
        kf.accumulated_peer_count.tolist() if kf.accumulated_peer_count is not None else [0] * n
    )
    acc_low = (
        kf.accumulated_critical_low.tolist()
        if kf.accumulated_critical_low is not None
        else [False] * n
    )
    for i, dept_id in enumerate(data.department_ids.tolist()):
        yield (
            run.pk,
            dept_id,
            data.year,
            prov[i],
            bool(data.months[i] < 12),
            per_m2[i],
            per_dw[i],
            default_norm if norms[i] is None else norms[i],
            bool(kf.below_norm[i]),
            str(data.key_input.peer_group[i])[:120],
            int(kf.peer_count[i]),
            lower[i],
            upper[i],
            bool(kf.critical_low[i]),
            bool(kf.critical_high[i]),
            rent[i],
            k_rent[i],
            r_rent[i],
            vs_k[i],
            vs_r[i],
            high[i],
            bool(kf.high_rent[i]),
            list(kf.flags[i]),
            norm_sources[i][:300],
            str(types[i])[:10],
            bool(from_fact[i]),
            acc[i],
            acc_m2[i],
            acc_dw[i],
            int(acc_count[i]),
            acc_lower[i],
            acc_upper[i],
            bool(acc_low[i]),
        )


MAX_NORM = Decimal("10000")


def _clean_norm(value: Any) -> Decimal:
    try:
        norm = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError("Normen skal være et tal i kr. pr. m² pr. år.") from None
    if not norm.is_finite() or norm < 0 or norm > MAX_NORM:
        raise ValidationError(f"Normen skal være mellem 0 og {MAX_NORM} kr. pr. m² pr. år.")
    return norm.quantize(Decimal("0.01"))


def set_provision_norm(
    *, kommune: Any, norm_per_m2: Any, source: Any, version: int, by: Any
) -> ProvisionNorm:
    """Save the kommune's norm. ``version`` is the version the editor saw (0 for the default);
    a different stored version means someone else saved in between: nothing is saved."""
    if not can_edit_provision_norm(scope_for(by), kommune.pk):
        raise PermissionDenied("Kun kommunens sagsbehandlere og administratorer kan ændre normen.")
    norm = _clean_norm(norm_per_m2)
    text = str(source or "").strip()
    if not text:
        raise ValidationError(
            "Angiv normens kilde (fx et referat, en politik eller en beslutning)."
        )
    if len(text) > 300:
        raise ValidationError("Kilden må højst være 300 tegn.")
    with transaction.atomic():
        current = ProvisionNorm.objects.select_for_update().filter(kommune=kommune).first()
        seen = current.version if current else 0
        if int(version) != seen:
            raise ValidationError(
                "Normen er ændret af en anden, siden du åbnede den. Genindlæs siden og prøv igen."
            )
        old_norm = current.norm_per_m2 if current else None
        old_source = current.source if current else ""
        if current is None:
            current = ProvisionNorm(kommune=kommune, version=0)
        if old_norm == norm and old_source == text:
            return current
        current.norm_per_m2, current.source = norm, text
        current.version = seen + 1
        current.updated_at, current.updated_by = timezone.now(), by
        current.save()
        ProvisionNormChange.objects.create(
            norm=current,
            version=current.version,
            old_norm_per_m2=old_norm,
            new_norm_per_m2=norm,
            old_source=old_source,
            new_source=text,
            changed_by=by,
        )
    return current
