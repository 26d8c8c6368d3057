"""demo.load_demo and the two management commands."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from almen import synth
from styringsdialog.benchmarking import demo
from styringsdialog.benchmarking.models import BenchmarkRun, DepartmentResult, OfficialScore
from styringsdialog.benchmarking.queries import pages
from styringsdialog.benchmarking.tests.conftest import YEAR
from styringsdialog.registry.models import Organisation
from styringsdialog.registry.services import load_world

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures" / "official"


def test_demo_loads_official_scores_and_a_run_per_year_with_the_seed_phrase():
    world = synth.generate(seed=2021, scale="small")
    load_world(world, source_name="Syntetiske demodata (test)")
    stages: list[str] = []
    demo.load_demo(world=world, progress=lambda stage, done, total: stages.append(stage))
    assert OfficialScore.objects.count() == len(world.official_scores)
    assert sorted(BenchmarkRun.objects.values_list("data_year", flat=True)) == list(world.years)
    assert {"Officielle effektivitetstal", "Effektivitetstal og nøgletal"} <= set(stages)
    run = BenchmarkRun.objects.latest_for(2020, "fdh")
    almenbo = Organisation.objects.get(number=synth.ALMENBO_NUMBER)
    summary = pages.summary(run, almenbo.departments.all(), run.colour_scale.as_scale())
    assert (
        summary.organisations[0].phrase == "fra 75 (gul) til 98 (grøn)"
    )  # the seed referat, item 3
    lundebjerg = DepartmentResult.objects.get(
        run=run, department__organisation=almenbo, department__number="008"
    )
    assert lundebjerg.excluded_reason == "partial_year"
    # past years carry that year's rent (the demo writes it as an imported fact), so the seed
    # referat's "enkelte afdelinger, der har en høj husleje" still holds for 2020
    from styringsdialog.benchmarking.models import KeyFigureResult

    key = KeyFigureResult.objects.get(run=run, department=lundebjerg.department)
    newest = max(world.years)
    assert key.rent_from_fact and key.rent_per_m2 == round(1395 / 1.019 ** (newest - 2020))
    assert key.annualised and key.provisions_per_m2 == pytest.approx(95, abs=0.5)
    assert KeyFigureResult.objects.filter(
        run=run, department__organisation=almenbo, high_rent=True
    ).exists()


def test_benchmark_command_prints_a_summary(bm_world):
    out = StringIO()
    call_command("benchmark", "--year", str(YEAR), "--min-peers", "3", stdout=out, verbosity=0)
    text = out.getvalue()
    assert "13 afdelinger, 13 med effektivitetstal, 0 udeladt" in text
    assert "Nøgletal: " in text and "under normen for henlæggelser" in text
    assert BenchmarkRun.objects.get().parameters["min_peers"] == 3


def test_benchmark_command_refuses_a_year_without_data(bm_world):
    with pytest.raises(CommandError, match="ingen regnskabslinjer for 1999"):
        call_command("benchmark", "--year", "1999", verbosity=0)


def test_import_command_reports_every_error_and_changes_nothing(bm_world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(CommandError) as exc:
        call_command("import_effektivitetstal", str(FIXTURES / "bad_number.csv"))
    assert "Filen blev ikke indlæst (2 fejl, intet er ændret)" in str(exc.value)
    assert (
        "bad_number.csv, række 3, kolonne effektivitetstal: '101' er ikke et helt tal mellem 0 og 100."
        in str(exc.value)
    )
    assert not OfficialScore.objects.exists()


def test_import_command_loads_and_is_idempotent(bm_world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = StringIO()
    call_command("import_effektivitetstal", str(FIXTURES / "valid.csv"), stdout=out)
    assert "3 rækker – 3 nye, 0 ændrede, 0 uændrede" in out.getvalue()
    call_command("import_effektivitetstal", str(FIXTURES / "valid.csv"), stdout=out)
    assert "er allerede indlæst" in out.getvalue()
    assert OfficialScore.objects.count() == 3
