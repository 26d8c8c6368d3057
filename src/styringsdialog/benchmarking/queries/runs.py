"""Scoped reads of runs for the API and the ``export`` command: one run, and the departments
whose results a user may see (optionally of one kommune or organisation)."""

from __future__ import annotations

from typing import Any

from styringsdialog.accounts.permissions import not_found, scope_for
from styringsdialog.benchmarking.models import BenchmarkRun
from styringsdialog.registry.models import Department
from styringsdialog.registry.queries import (
    get_kommune_for_user,
    get_organisation_for_user,
    visible_departments,
)


def get_run_for_user(user: Any, run_id: int) -> BenchmarkRun:
    """A run, for every user with a role (runs are national); 404 otherwise."""
    run = BenchmarkRun.objects.select_related("colour_scale").filter(pk=run_id).first()
    if run is None or not scope_for(user).has_role:
        not_found("Beregningen findes ikke.")
    return run


def latest_run(year: int | None, method: str) -> BenchmarkRun | None:
    """The newest run of ``method`` for ``year`` (None: the newest year with a run)."""
    year = year or BenchmarkRun.objects.latest_year(method)
    return BenchmarkRun.objects.latest_for(year, method) if year else None


def result_departments(user: Any, *, kommune: str = "", organisation: str = "") -> Any:
    """The departments in ``user``'s scope, of ``kommune`` (code) and/or ``organisation``
    (number) when given; an unknown or unseen kommune or organisation is a 404."""
    qs = Department.objects.all()
    if kommune:
        qs = qs.filter(kommune=get_kommune_for_user(user, kommune))
    if organisation:
        qs = qs.filter(organisation=get_organisation_for_user(user, organisation))
    return visible_departments(scope_for(user), qs)
