"""End to end: a fact imported through the documentation package (the intake's file import) is
the source of that year's key figure. Lives in tests/ because it crosses two sibling apps
(intake writes, benchmarking reads), which the apps' own tests may not import."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from almen.efficiency import Parameters
from styringsdialog.benchmarking.models import KeyFigureResult
from styringsdialog.benchmarking.services import run_benchmark
from styringsdialog.intake.catalogue import ensure_demo_catalogue
from styringsdialog.intake.services import create_package
from styringsdialog.intake.services.imports import import_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BENCHMARK_MIN_COMPARABLE = 0


def test_an_imported_rent_is_the_key_figure_of_its_year(world):
    lundebjerg = world.lundebjerg  # master rent 950 (today's)
    before = run_benchmark(year=2024, params=Parameters(min_peers=1))
    assert KeyFigureResult.objects.get(run=before, department=lundebjerg).rent_per_m2 == 950.0
    ensure_demo_catalogue()
    package = create_package(
        organisation=world.almenbo, styringsaar=2025, by=world.users["almenbo_staff"]
    )
    body = "afdeling;år;nøgle;værdi;enhed\n008;2024;rent_per_m2;1450;kr./m²/år\n".encode()
    outcome = import_file(
        package=package,
        kind="facts",
        uploaded_file=SimpleUploadedFile("oplysninger.csv", body, content_type="text/csv"),
        by=None,
    )
    assert not outcome.errors
    after = run_benchmark(year=2024, params=Parameters(min_peers=1))
    key = KeyFigureResult.objects.get(run=after, department=lundebjerg)
    assert key.rent_per_m2 == 1450.0 and key.rent_from_fact


def test_imported_dwellings_by_type_decide_the_rent_comparison_type(world):
    """An afdeling that reports its dwellings as ældreboliger for the year is compared with
    ældreboliger, whatever its master data says (the per-type fact codes import)."""
    lundebjerg = world.lundebjerg
    ensure_demo_catalogue()
    package = create_package(
        organisation=world.almenbo, styringsaar=2025, by=world.users["almenbo_staff"]
    )
    body = (
        "afdeling;år;nøgle;værdi;enhed\n"
        "008;2024;dwellings_familie;0;stk.\n"
        "008;2024;dwellings_aeldre;40;stk.\n"
        "008;2024;area_familie;0;m²\n"
        "008;2024;area_aeldre;3000;m²\n"
    ).encode()
    outcome = import_file(
        package=package,
        kind="facts",
        uploaded_file=SimpleUploadedFile("oplysninger.csv", body, content_type="text/csv"),
        by=None,
    )
    assert not outcome.errors
    run = run_benchmark(year=2024, params=Parameters(min_peers=1))
    assert KeyFigureResult.objects.get(run=run, department=lundebjerg).rent_type == "aeldre"
