"""Structure rules that import-linter cannot express (ADR 0002). The dependency direction
itself is in pyproject.toml's import-linter contracts."""

from __future__ import annotations

import importlib.util
import pkgutil
from pathlib import Path

import pytest
from django.apps import apps

import styringsdialog

APP_ROOT = Path(styringsdialog.__file__).parent
OUR_APPS = sorted(a.name for a in apps.get_app_configs() if a.name.startswith("styringsdialog."))


def test_every_app_api_module_is_mounted() -> None:
    """``styringsdialog.api`` mounts routers explicitly; an app that grows an api module must
    be added there, or its endpoints would silently be missing from the API and OpenAPI."""
    from styringsdialog.api import api

    mounted = {id(router) for _, router in api._routers}
    with_api = [a for a in OUR_APPS if importlib.util.find_spec(f"{a}.api") is not None]
    assert len(with_api) >= 5
    for app in with_api:
        router = importlib.import_module(f"{app}.api").router
        assert id(router) in mounted, f"{app}.api.router is not mounted in styringsdialog.api"


@pytest.mark.parametrize("app", OUR_APPS)
def test_reads_and_writes_have_one_home(app: str) -> None:
    """Reads in ``queries`` (module or package), writes in ``services``: no ``queries_*`` or
    ``services_*`` siblings, and QuerySet classes in ``querysets.py`` rather than ``queries``."""
    folder = APP_ROOT / app.split(".")[1]
    modules = {m.name for m in pkgutil.iter_modules([str(folder)])}
    strays = sorted(m for m in modules if m.startswith(("queries_", "services_", "bulk")))
    assert not strays, f"{app}: move {strays} into queries/, services/ or styringsdialog.lib"
    if "queries" in modules and (folder / "queries.py").exists():
        text = (folder / "queries.py").read_text(encoding="utf-8")
        assert "(models.QuerySet)" not in text, f"{app}: QuerySet classes belong in querysets.py"


def test_the_structure_checks_can_fail(tmp_path: Path) -> None:
    """The stray-module rule reports a module it should (so the test above is not vacuous)."""
    (tmp_path / "services_extra.py").write_text("")
    (tmp_path / "queries.py").write_text("")
    modules = {m.name for m in pkgutil.iter_modules([str(tmp_path)])}
    assert [m for m in modules if m.startswith(("queries_", "services_", "bulk"))] == [
        "services_extra"
    ]
