"""Intake fixtures: media in a temporary directory and a package for Almenbo."""

from __future__ import annotations

import pytest

from styringsdialog.intake.catalogue import ensure_demo_catalogue
from styringsdialog.intake.models import DocumentationPackage
from styringsdialog.intake.services import create_package
from styringsdialog.intake.tests.helpers import answer_all


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def package(world) -> DocumentationPackage:
    """Almenbo's package for styringsår 2025 (regnskabsår 2024), status oprettet."""
    ensure_demo_catalogue()
    return create_package(
        organisation=world.almenbo, styringsaar=2025, by=world.users["almenbo_staff"]
    )


@pytest.fixture
def complete_package(package) -> DocumentationPackage:
    """``package`` with every styringsrapport question answered (so it can be submitted)."""
    answer_all(package)
    return package
