"""Root conftest: imports nothing from Django, so almen's tests run without it
(``pytest -p no:django tests/almen``, as ``make test`` does).

The Django apps' fixtures (the tiny world, one user per persona, ``client_for``) live in the
plugin ``styringsdialog.testing``, registered here only when pytest-django is active.
"""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    if config.pluginmanager.hasplugin("django"):
        config.pluginmanager.import_plugin("styringsdialog.testing")
