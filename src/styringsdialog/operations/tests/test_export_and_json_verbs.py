"""``benchmark --json``, ``reconcile --json`` and ``export``: the summaries scripts read, the
progress bar on stderr (not stdout), and the same files as the pages and the API, as ``--as``."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from styringsdialog.benchmarking.exports import HEADER
from styringsdialog.benchmarking.models import BenchmarkRun
from styringsdialog.benchmarking.tests.conftest import (  # noqa: F401 -- fixtures
    _small_comparable_groups,
    bm_world,
)
from styringsdialog.registers.queries import EXPORT_HEADER
from styringsdialog.registers.tests.factories import load_registers

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_benchmark_json_is_the_runs_summary(bm_world, capsys):  # noqa: F811
    out, _ = run("benchmark", "--year", "2024", "--min-peers", "3", "--json")
    data = json.loads(out)
    stored = BenchmarkRun.objects.get()
    assert data["run"] == stored.pk and data["data_year"] == 2024 and data["method"] == "fdh"
    assert data["n_departments"] == stored.n_departments and "below_norm" in data["key_figures"]
    assert capsys.readouterr().out == ""  # the bar writes to stderr, never stdout


def test_reconcile_json_is_the_runs_summary(world):
    load_registers()
    out, _ = run("reconcile", "--json")
    data = json.loads(out)
    assert data["run"] and data["departments_with_differences"] >= 2 and data["differences"] >= 2


def test_export_efficiency_csv_as_a_caseworker(bm_world, tmp_path):  # noqa: F811
    call_command("benchmark", "--year", "2024", "--min-peers", "3", verbosity=0)
    target = tmp_path / "eff.csv"
    out, _ = run(
        "export", "effektivitet", "--aar", "2024", "--kommune", "151", "-o", str(target),
        "--as", bm_world.users["caseworker_ballerup"].username, "--json",
    )  # fmt: skip
    assert json.loads(out)["name"] == "effektivitet-kommune-151-2024-fdh.csv"
    lines = target.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0] == ";".join(HEADER) and len(lines) > 1
    with pytest.raises(CommandError, match="Kommunen findes ikke"):
        run(
            "export", "effektivitet", "--kommune", "151", "-o", str(target),
            "--as", bm_world.users["caseworker_kbh"].username,
        )  # fmt: skip


def test_export_reconciliation_xlsx(world, tmp_path):
    load_registers()
    target = tmp_path / "afstemning.xlsx"
    out, _ = run("export", "afstemning", "--kommune", "151", "--format", "xlsx", "-o", str(target))
    assert "afstemning-151-" in out
    book = load_workbook(target)
    assert [c.value for c in book["Uoverensstemmelser"][1]] == EXPORT_HEADER


def test_export_errors_are_danish(world, tmp_path):
    target = str(tmp_path / "x.csv")
    with pytest.raises(CommandError, match="Angiv kommunen"):
        run("export", "afstemning", "-o", target)
    with pytest.raises(CommandError, match="ikke kørt en afstemning"):
        run("export", "afstemning", "--kommune", "151", "-o", target)
    with pytest.raises(CommandError, match="ingen beregning"):
        run("export", "effektivitet", "--aar", "2024", "-o", target)
    with pytest.raises(CommandError, match="findes ikke"):
        run("export", "effektivitet", "--as", "nobody", "-o", target)
