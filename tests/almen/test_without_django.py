"""almen is Django-free at run time too: import every module, then check Django never loaded.

Meaningful when pytest-django is off (``make test`` runs ``pytest -p no:django tests/almen``);
with pytest-django active Django is loaded by the plugin itself, so the check is skipped."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import pytest

import almen


def test_every_almen_module_imports_without_django(pytestconfig: pytest.Config) -> None:
    if pytestconfig.pluginmanager.hasplugin("django"):
        pytest.skip("pytest-django is active; `make test` runs tests/almen with -p no:django")
    names = [m.name for m in pkgutil.walk_packages(almen.__path__, "almen.")]
    for name in names:
        importlib.import_module(name)
    assert len(names) > 10
    assert "django" not in sys.modules
    assert not [m for m in sys.modules if m.startswith("styringsdialog")]
