"""benchmarks/bench_pages.py finds every page type from the URL conf and fills its arguments
(no demo load: the URL conf and a hand-made scope only)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from django.urls import reverse

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_pages.py"


@pytest.fixture(scope="module")
def bench():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(BENCH.parent))
    spec = importlib.util.spec_from_file_location("bench_pages", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_pages"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_every_named_page_outside_admin_and_api_is_discovered(bench):
    routes = {r.name: r for r in bench.discover_routes()}
    for name in (
        "web:home",
        "registry:kommune",
        "registry:department",
        "benchmarking:department",
        "meetings:meeting",
        "publication:referat",
        "registers:kvarterprofil",
        "intake:package",
    ):
        assert name in routes, name
    assert not any(r.pattern.startswith(("admin/", "api/")) for r in routes.values())
    assert routes["registry:department"].params == ("org_number", "number")


def test_arguments_are_filled_from_the_scope_or_the_route_is_skipped_with_a_reason(bench):
    routes = {r.name: r for r in bench.discover_routes()}
    scope = bench.Scope(kommune="151", organisation="0151", department="008")
    scope.values.update(meeting=7, referat_code="151", referat_slug="almenbo-2021-05-27")
    args, why = bench.fill(routes["registry:department"], scope)
    assert args == {"org_number": "0151", "number": "008"} and not why
    assert reverse("registry:department", kwargs=args) == "/organisation/0151/afdeling/008/"
    assert bench.fill(routes["registry:organisation"], scope)[0] == {"number": "0151"}
    assert bench.fill(routes["meetings:meeting"], scope)[0] == {"pk": 7}
    args, _ = bench.fill(routes["publication:referat_version"], scope)
    assert args == {"code": "151", "slug": "almenbo-2021-05-27", "number": 1}
    args, why = bench.fill(routes["accounts:password_reset_confirm"], scope)
    assert args is None and "engangslink" in why
    args, why = bench.fill(routes["meetings:case"], scope)  # no case in this scope
    assert args is None and "'pk'" in why


def test_p95_is_the_value_below_which_95_percent_fall(bench):
    assert bench.p95([5.0, 1.0, 3.0, 2.0, 4.0]) == 5.0
    assert bench.p95([float(i) for i in range(1, 21)]) == 19.0
