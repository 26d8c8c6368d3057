"""Every page type as every persona: median and p95 server time on the national demo (issue 17).

The page types are discovered from the URL conf: every named route outside ``admin/`` and
``api/`` whose arguments can be filled from demo objects in the persona's scope (a kommune, an
organisation, a department, a meeting, …), so a new page is crawled without touching this
script. Routes that cannot be filled (a one-time link, an action name only a POST form sends)
are listed as skipped with the reason; a route that answers GET with 405 (POST only) is listed
as skipped too.

The demo world (``demo-data``, national by default) is loaded once into a SQLite file
(``--db``, default ``benchmarks/results/bench_pages/demo.sqlite3``, its stored files in a
``var`` directory beside it) and reused by later runs; ``--fresh`` deletes and reloads it
(about 25 s on a quiet machine, minutes under load). Each persona (anonymous, torben
(Ballerup), karin (København), claus (Almenbo), anna (analyst), admin) requests each page once
as a warm-up (imports, templates, caches of unchanged data) and then ``--runs`` times through
Django's test client in this process; the time is until the response object is returned (the
first byte a server could send; a streamed download's body is not read). Prints per page type
and persona the status, median and p95 in ms of wall time and of this process's CPU time (the
SQLite database runs in-process, so CPU time is the page's own cost and stays meaningful when
other jobs load the machine, which inflates wall time), the number of SQL queries, then the
machine and the load average.

    python benchmarks/bench_pages.py [--runs 10] [--db PATH] [--fresh] [--scale national|small]
        [--personas anonymous,torben,...] [--only SUBSTRING] [--markdown]
"""

from __future__ import annotations

import argparse
import gc
import io
import logging
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from _common import machine_notes

TARGET_MS = 200
PERSONAS = ("anonymous", "torben", "karin", "claus", "anna", "admin")
DEFAULT_DB = Path(__file__).resolve().parent / "results" / "bench_pages" / "demo.sqlite3"
EXCLUDED_PREFIXES = ("admin/", "api/")
# arguments no demo object can give: why the route is not crawled
UNFILLABLE = {
    "uidb64": "engangslink til ny adgangskode (token i en e-mail)",
    "token": "engangslink til ny adgangskode (token i en e-mail)",
    "action": "handling, som kun en POST-formular sender",
}


@dataclass(frozen=True)
class Route:
    """One named route: its name (``namespace:name``), the full pattern and its arguments."""

    name: str
    pattern: str
    params: tuple[str, ...]


def discover_routes(urlconf: str | None = None) -> list[Route]:
    """Every named route of the URL conf, outside ``admin/`` and ``api/``, in URL-conf order."""
    from django.urls import get_resolver
    from django.urls.resolvers import URLPattern, URLResolver

    def walk(patterns: list[Any], prefix: str, namespace: str) -> list[Route]:
        out: list[Route] = []
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = ":".join(x for x in (namespace, p.namespace or "") if x)
                out += walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern) and p.name:
                full = prefix + str(p.pattern)
                if full.startswith(EXCLUDED_PREFIXES):
                    continue
                params = tuple(p.pattern.converters) if hasattr(p.pattern, "converters") else ()
                name = f"{namespace}:{p.name}" if namespace else p.name
                out.append(Route(name, full, params))
        return out

    routes = walk(get_resolver(urlconf).url_patterns, "", "")
    seen: set[str] = set()
    unique = []
    for r in routes:  # a name reused on two patterns (e.g. a version): crawl each pattern
        if (r.name, r.pattern) not in seen:
            seen.add((r.name, r.pattern))  # type: ignore[arg-type]
            unique.append(r)
    return unique


@dataclass
class Scope:
    """Demo objects a persona may see: what route arguments are filled from."""

    kommune: str | None = None
    organisation: str | None = None
    department: str | None = None
    values: dict[str, Any] = field(default_factory=dict)


def fill(route: Route, scope: Scope) -> tuple[dict[str, Any] | None, str]:
    """The route's arguments from ``scope`` (or None and the reason it cannot be filled)."""
    v = scope.values
    args: dict[str, Any] = {}
    for p in route.params:
        if p in UNFILLABLE:
            return None, UNFILLABLE[p]
    prefix = route.pattern.split("/", 1)[0]
    for p in route.params:
        value: Any = None
        if "slug" in route.params and p in ("code", "slug", "number", "fmt"):
            value = {"code": v.get("referat_code"), "slug": v.get("referat_slug"), "number": 1}.get(
                p, "pdf"
            )
        elif p in ("code", "kommune_code"):
            value = scope.kommune
        elif p == "org_number":
            value = scope.organisation
        elif p == "number":
            value = scope.department if "org_number" in route.params else scope.organisation
        elif p == "pk":
            value = {
                "moeder": v.get("meeting"),
                "aftaler": v.get("agreement"),
                "sager": v.get("case"),
                "baggrundsjob": v.get("job"),
                "byggesager": v.get("construction_case"),
            }.get(prefix)
            if prefix == "anvisning":
                kind = "anvisning_agreement" if "/aftaler/" in route.pattern else "anvisning_entry"
                value = v.get(kind)
            if prefix == "organisation" and "dokumentationspakke" in route.pattern:
                value = v.get("package_attachment")
        elif p == "fmt":
            value = "csv" if "skabelon" in route.pattern else "csv"
        else:
            value = v.get(p)
        if value is None:
            return None, f"ingen demoværdi for argumentet {p!r} i personaens område"
        args[p] = value
    return args, ""


def scope_for(persona: str) -> Scope:
    """The persona's kommune, organisation, department and first objects of each kind there."""
    from django.db.models import Count

    from styringsdialog.accounts.models import Membership
    from styringsdialog.intake.models import DocumentationPackage
    from styringsdialog.jobs.models import Job
    from styringsdialog.meetings.models import (
        AgendaItem,
        Agreement,
        Attachment,
        Case,
        Meeting,
        Participant,
        ReferatComment,
    )
    from styringsdialog.publication.models import ImportedReferat, PublishedReferat
    from styringsdialog.registry.models import Department, Organisation

    membership = (
        Membership.objects.filter(user__username=persona).select_related("kommune").first()
        if persona != "anonymous"
        else None
    )
    org = None
    if membership is not None and membership.organisation_id:
        org = Organisation.objects.get(pk=membership.organisation_id)
        kommune = (
            Department.objects.filter(organisation=org)
            .values_list("kommune__code", flat=True)
            .order_by("kommune__code")
            .first()
        )
    else:
        # national personas: København, the largest kommune (805 departments), the worst case
        national = persona in ("anna", "admin")
        kommune = membership.kommune.code if membership and membership.kommune else None
        kommune = kommune or ("101" if national else "151")
    depts = Department.objects.filter(kommune__code=kommune)
    if org is not None:
        depts = depts.filter(organisation=org)
    else:  # the organisation with most departments in the kommune
        top = (
            depts.values("organisation").annotate(n=Count("id")).order_by("-n", "organisation")
        ).first()
        org = Organisation.objects.get(pk=top["organisation"]) if top else None
        depts = depts.filter(organisation=org)
    dept = depts.order_by("number").first()
    scope = Scope(kommune=kommune, organisation=org.number if org else None)
    scope.department = dept.number if dept else None
    v = scope.values
    meetings = Meeting.objects.filter(kommune__code=kommune)
    if membership is not None and membership.organisation_id:
        meetings = meetings.filter(organisation=org)
    meeting = meetings.annotate(n=Count("items")).order_by("-n", "pk").first()
    if meeting is not None:
        v["meeting"] = meeting.pk
        item = AgendaItem.objects.filter(meeting=meeting).order_by("pk").first()
        v["item"] = item.pk if item else None
        att = Attachment.objects.filter(item__meeting=meeting).order_by("pk").first()
        v["attachment"] = att.pk if att else None
        part = Participant.objects.filter(meeting=meeting).order_by("pk").first()
        v["participant"] = part.pk if part else None
        com = ReferatComment.objects.filter(meeting=meeting).order_by("pk").first()
        v["comment"] = com.pk if com else None
    agreements = Agreement.objects.filter(kommune__code=kommune)
    if membership is not None and membership.organisation_id:
        agreements = agreements.filter(organisation=org)
    a = agreements.order_by("pk").first()
    v["agreement"] = a.pk if a else None
    c = Case.objects.filter(department=dept).order_by("pk").first() if dept else None
    c = c or Case.objects.filter(kommune__code=kommune).order_by("pk").first()
    v["case"] = c.pk if c else None
    package = (
        DocumentationPackage.objects.filter(organisation=org).order_by("-styringsaar").first()
        if org
        else None
    )
    v["year"] = package.styringsaar if package else None
    job = Job.objects.order_by("-pk").first()
    v["job"] = job.pk if job and persona in ("admin", "anna") else None
    if persona in ("torben", "karin", "admin"):  # started by the persona, or any for admin
        mine = Job.objects.filter(started_by__username=persona).order_by("-pk").first()
        v["job"] = mine.pk if mine else v["job"]
    v.update(
        _anvisning_and_construction(
            kommune, org if membership and membership.organisation_id else None
        )
    )
    ref = PublishedReferat.objects.order_by("pk").select_related("kommune").first()
    if ref is not None:
        v["referat_code"], v["referat_slug"] = ref.kommune.code, ref.slug
    imported = ImportedReferat.objects.filter(kommune__code=kommune).order_by("pk").first()
    v["sha256"] = getattr(imported, "sha256", None)
    return scope


def _anvisning_and_construction(kommune: str, org: Any) -> dict[str, Any]:
    """The kommune's first anvisning agreement, its ledger row with the longest history and its
    open construction case with most events (the persona's own organisation's where it has one)."""
    from django.db.models import Count

    from styringsdialog.anvisning.models import AnvisningAgreement, LedgerEntry
    from styringsdialog.construction.models import ConstructionCase

    agreements = AnvisningAgreement.objects.filter(kommune__code=kommune)
    entries = LedgerEntry.objects.filter(kommune__code=kommune)
    cases = ConstructionCase.objects.filter(kommune__code=kommune)
    if org is not None:
        agreements = agreements.filter(departments__department__organisation=org).distinct()
        entries = entries.filter(department__organisation=org)
        cases = cases.filter(organisation=org)
    agreement = agreements.order_by("pk").first()
    entry = entries.annotate(n=Count("events")).order_by("-n", "pk").first()
    case = cases.annotate(n=Count("events")).order_by("-n", "pk").first()
    return {
        "anvisning_agreement": agreement.pk if agreement else None,
        "anvisning_entry": entry.pk if entry else None,
        "construction_case": case.pk if case else None,
    }


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def _setup(db: Path, fresh: bool, scale: str) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    var = db.parent / "var"
    if fresh and db.exists():
        import shutil

        db.unlink()
        shutil.rmtree(var, ignore_errors=True)
    load = not db.exists()
    os.environ["STYRINGSDIALOG_VAR_DIR"] = str(var)
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styringsdialog.settings")
    import django

    django.setup()
    from django.core.management import call_command

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    if load:
        call_command("demo_data", scale=scale, verbosity=0, stdout=io.StringIO())
        print(f"demo-data ({scale}) loaded into {db}: {time.perf_counter() - t0:.1f} s")
    else:
        print(f"Reusing {db} (--fresh reloads it)")
    # as the production server does after loading the application (styringsdialog/wsgi.py):
    # what is loaded now lives as long as the process, so full collections skip it
    gc.collect()
    gc.freeze()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--scale", choices=["national", "small"], default="national")
    parser.add_argument("--personas", default=",".join(PERSONAS))
    parser.add_argument("--only", default="", help="only routes whose name contains this")
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown table")
    args = parser.parse_args()
    _setup(args.db, args.fresh, args.scale)

    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client
    from django.urls import reverse

    from styringsdialog.accounts.models import User

    settings.ALLOWED_HOSTS.append("testserver")
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # 403/404/405 are expected
    routes = [r for r in discover_routes() if args.only in r.name]
    personas = args.personas.split(",")
    results: dict[tuple[str, str], tuple[int, float, float, int, str, float, float]] = {}
    skipped: dict[str, set[str]] = {}
    for persona in personas:
        scope = scope_for(persona)
        client = Client()
        if persona != "anonymous":
            client.force_login(User.objects.get(username=persona))
        for route in routes:
            kwargs, why = fill(route, scope)
            if kwargs is None:
                skipped.setdefault(f"{route.name}: {why}", set()).add(persona)
                continue
            url = reverse(route.name, kwargs=kwargs)
            first = client.get(url)  # warm-up
            if first.status_code == 405:
                skipped.setdefault(f"{route.name}: kun POST (GET giver 405)", set()).add(persona)
                continue
            times, cpu = [], []
            for _ in range(args.runs):
                c0, t0 = time.process_time(), time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
            settings.DEBUG = True
            reset_queries()
            client.get(url)
            queries = len(connection.queries)
            settings.DEBUG = False
            results[(route.name, persona)] = (
                response.status_code,
                statistics.median(times) * 1000,
                p95(times) * 1000,
                queries,
                url,
                statistics.median(cpu) * 1000,
                p95(cpu) * 1000,
            )
            status, med, high, _, _, cmed, chigh = results[(route.name, persona)]
            flag = "  SLOW" if high >= TARGET_MS else ""
            flag += " (CPU)" if chigh >= TARGET_MS else ""
            print(
                f"{route.name:<40} {persona:<9} {status} median {med:7.1f} ms "
                f"p95 {high:7.1f} ms (CPU {cmed:6.1f}/{chigh:6.1f}) {queries:4d} q  {url}{flag}",
                flush=True,
            )
    print()
    print(f"Machine: {machine_notes()}; nproc {os.cpu_count()}")
    print(f"Python {platform.python_version()}, DB {connection.vendor} ({args.db})")
    print(f"Load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    slow = sorted(k for k, r in results.items() if r[2] >= TARGET_MS)
    cpu_slow = sorted(k for k, r in results.items() if r[6] >= TARGET_MS)
    print(
        f"{len(results)} page × persona measured, {len(slow)} with p95 ≥ {TARGET_MS} ms, "
        f"{len(cpu_slow)} with a CPU-time p95 ≥ {TARGET_MS} ms"
    )
    for name, persona in slow:
        r = results[(name, persona)]
        print(f"  SLOW {name} as {persona}: p95 {r[2]:.0f} ms (CPU p95 {r[6]:.0f} ms)")
    print("Skipped:")
    for reason, who in sorted(skipped.items()):
        print(f"  {reason} ({', '.join(p for p in personas if p in who)})")
    if args.markdown:
        print()
        print("Cells: [status if not 200:] median / p95 wall ms (p95 CPU ms)")
        print("| Page type | " + " | ".join(personas) + " |")
        print("|---|" + "---|" * len(personas))
        for route in routes:
            cells = []
            for persona in personas:
                r = results.get((route.name, persona))
                status = "" if r is None or r[0] == 200 else f"{r[0]}: "
                cells.append("–" if r is None else f"{status}{r[1]:.0f} / {r[2]:.0f} ({r[6]:.0f})")
            if any(c != "–" for c in cells):
                print(f"| `{route.name}` | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
