"""Public referat search: 10,000 synthetic published referater, ``search_referater`` timed server-side.

Target: < 200 ms per search (median) on SQLite (FTS5) and on PostgreSQL (Danish tsvector + GIN).
Each backend runs in its own subprocess against a throwaway database: a SQLite file in a temporary
directory, and a PostgreSQL database ``styringsdialog_bench`` created on the local server and
dropped afterwards. ``var/`` and the ``test`` database are never touched.

The corpus is deterministic (seeded) Danish text built from the seed referat's vocabulary
(henlæggelser, effektiviseringstal, altaner, Lundebjerg …), about 4 KB per referat like the seed.

    python benchmarks/bench_search.py [--n 10000] [--runs 7] [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
from _common import machine_notes

PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_BENCH_DB = "styringsdialog_bench"
QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("henlæggelse", {}),  # in most referater: the worst case for ranking
    ("altaner Kirstinelund", {}),
    ("fusion effektivisering", {}),
    ("Lundebjerg kompensation", {}),
    ("Geodatastyrelsen", {}),  # rare
    ("henlæggelse", {"kommune": "151"}),
    ("kvarterprofiler", {"year": 2021}),
    ("zebrafinke", {}),  # no hits
]

# --- the synthetic corpus ------------------------------------------------------------------------

DEPARTMENTS = [
    "Lundebjerg",
    "Kirstinelund",
    "Søndergården",
    "Hedegården",
    "Lindevangen",
    "Baltorphøj",
    "Egebjerghus",
    "Magleparken",
    "Skovhusene",
    "Rosenhøj",
    "Engparken",
    "Toftegården",
    "Præstemarken",
    "Bøgeløkken",
    "Kærgården",
    "Vesterhave",
    "Solbakken",
    "Møllevangen",
    "Grønnehave",
    "Enghøj",
]
PEOPLE = [
    "Torben",
    "Claus",
    "Lisbet",
    "Karin",
    "Mette",
    "Søren",
    "Henrik",
    "Anne",
    "Jens",
    "Birgitte",
]
ITEMS = [
    "Velkomst",
    "Opfølgning på sidste års aftaler",
    "Årets temaer",
    "Gennemgang af styringsrapport for {r}",
    "Status for aktuelle sager om boligafdelingerne",
    "Gennemgang af kvarterprofiler",
    "Anvisning – samarbejde med boligkontoret",
    "Eventuelt",
]
SENTENCES = [
    "{p} orienterede om Covid-19, der lige nu ligger på et acceptabelt niveau og fordeler sig jævnt i hele kommunen.",
    "Kontaktpersonerne i boligselskaberne mødes jævnligt og koordinerer evt. indsatser.",
    "Der er stort politisk fokus på ældre og handicappede borgere og et mål om, at alle kan blive boende i eget hjem.",
    "{p} oplyste, at der er udført belægningsarbejde i flere boligafdelinger, hvor der samtidig er etableret ramper.",
    "Der er lavet en LAR-løsning med en grøft med store sten i afd. {d}, hvor regnvand kan opsamles.",
    "Styringsrapporterne blev gennemgået.",
    "Fusionen mellem boligorganisationerne krævede mange ressourcer, men der er besparelser hele vejen rundt.",
    "Der arbejdes løbende med effektivisering, og eget rengøringsteam har medført besparelser.",
    "Effektiviseringstallene ligger fra {a} (gul) til {b} (grøn).",
    "Der blev drøftet henlæggelser til vedligeholdelse og fornyelse.",
    "De opsparede henlæggelser er lavere end benchmarktallene.",
    "{p} oplyste, at henlæggelserne gerne skal være på {n} kr. pr. m2 pr. år.",
    "Enkelte afdelinger har en høj husleje, hvor der bør være opmærksomhed på yderligere forhøjelser.",
    "Der er planer om en ny etape med opsætning af altaner i afd. {d}.",
    "Der blev drøftet nye boliger i afd. {d}, hvor der er nogle udfordringer med malerarbejde og varmt vand.",
    "Beboerne har fået en kompensation på tre måneders leje, fordi boligerne ikke var færdige.",
    "Opførelsen blev delt i syv fagentrepriser, så anskaffelsessummen kunne holdes inden for maksimumbeløbet.",
    "Der holdes et nyt møde med beboerne den {day}. {month}.",
    "Kvarterprofilerne for de enkelte boligafdelinger blev gennemgået uden bemærkninger.",
    "Samarbejdet med boligkontoret om anvisning fungerer fint.",
    "Der er ikke overensstemmelse mellem antallet af m2 i Landsbyggefondens stamdata og BBR for afd. {d}.",
]
RARE = "Sagen om de nye matrikler er sendt til Geodatastyrelsen."
MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "august",
    "september",
    "oktober",
    "november",
]


def synthetic_referat(rng: random.Random, year: int) -> tuple[str, str]:
    """(title of the first item, ~4 KB of minutes) for one meeting; deterministic given ``rng``."""
    parts = []
    for n, title in enumerate(ITEMS, start=1):
        parts.append(f"{n}. {title.format(r=year - 1)}")
        for _ in range(rng.randint(3, 7)):
            s = rng.choice(SENTENCES)
            parts.append(
                s.format(
                    p=rng.choice(PEOPLE),
                    d=rng.choice(DEPARTMENTS),
                    a=rng.randint(60, 80),
                    b=rng.randint(85, 100),
                    n=rng.choice([150, 175, 200, 225]),
                    day=rng.randint(1, 28),
                    month=rng.choice(MONTHS),
                )
            )
    if rng.random() < 0.02:
        parts.append(RARE)
    return ITEMS[0], "\n\n".join(parts)


# --- the child process: build the database and time the searches ----------------------------------


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styringsdialog.settings")
    import django

    django.setup()


def build_corpus(n: int, seed: int = 2021) -> dict[str, float]:
    from django.core.management import call_command
    from django.db import connection, transaction

    from styringsdialog.accounts.models import User
    from styringsdialog.meetings.models import Meeting, MeetingType
    from styringsdialog.publication.models import PublishedReferat, ReferatVersion
    from styringsdialog.publication.search import rebuild_index
    from styringsdialog.registry.models import Kommune, Organisation
    from styringsdialog.registry.services import ensure_kommuner

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    rng = random.Random(seed)
    with transaction.atomic():
        ensure_kommuner()
        kommuner = list(Kommune.objects.order_by("code"))
        orgs = Organisation.objects.bulk_create(
            Organisation(
                number=f"{i:04d}",
                name=f"Boligselskabet {rng.choice(DEPARTMENTS)} {i}",
                home_kommune=rng.choice(kommuner),
            )
            for i in range(1, 401)
        )
        types = {k.pk: MeetingType.objects.create(kommune=k, name="Dialogmøde") for k in kommuner}
        user = User.objects.create(username="bench", first_name="Bench")
        meetings, referater, versions = [], [], []
        for _ in range(n):
            org = rng.choice(orgs)
            year = rng.randint(2015, 2025)
            on = date(year, 1, 1) + timedelta(days=rng.randint(0, 360))
            meetings.append(
                Meeting(
                    kommune_id=org.home_kommune_id,
                    meeting_type=types[org.home_kommune_id],
                    styringsaar=year,
                    date=on,
                    organisation=org,
                    status="held",
                    referat_status="published",
                )
            )
        meetings = Meeting.objects.bulk_create(meetings, batch_size=1000)
        stamp = datetime(2025, 1, 1, 12, 0).astimezone()
        names = {k.pk: k.official_name for k in kommuner}
        for i, m in enumerate(meetings):
            title = f"Referat af dialogmøde mellem {m.organisation.name} og {names[m.kommune_id]}"
            referater.append(
                PublishedReferat(
                    meeting=m,
                    kommune_id=m.kommune_id,
                    organisation=m.organisation,
                    slug=f"bench-{i}",
                    meeting_date=m.date,
                    styringsaar=m.styringsaar,
                    title=title,
                    first_published_at=stamp,
                    updated_at=stamp,
                )
            )
        referater = PublishedReferat.objects.bulk_create(referater, batch_size=1000)
        for r in referater:
            _, text = synthetic_referat(rng, r.styringsaar)
            versions.append(
                ReferatVersion(
                    referat=r,
                    meeting_id=r.meeting_id,
                    number=1,
                    published_at=stamp,
                    published_by=user,
                    published_by_name="Bench",
                    title=r.title,
                    text=text,
                    snapshot={"schema": 1},
                    html="",
                    html_sha256="",
                    pdf=b"",
                    pdf_sha256="",
                    docx=b"",
                    docx_sha256="",
                )
            )
        ReferatVersion.objects.bulk_create(versions, batch_size=500)
        with connection.cursor() as cur:
            cur.execute(
                "UPDATE publication_publishedreferat SET current_id = (SELECT v.id FROM publication_referatversion v "
                "WHERE v.referat_id = publication_publishedreferat.id)"
            )
    load_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    with transaction.atomic():
        rebuild_index()
    index_s = time.perf_counter() - t1
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return {"load_s": load_s, "index_s": index_s}


def time_searches(runs: int) -> list[dict[str, Any]]:
    from styringsdialog.publication.search import SearchFilters, search_referater

    out = []
    for q, filters in QUERIES:
        f = SearchFilters(**filters)
        page = search_referater(q, f)  # warm-up (and the hit count)
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            search_referater(q, f)
            times.append((time.perf_counter() - t0) * 1000)
        label = q + (f" [{', '.join(f'{k}={v}' for k, v in filters.items())}]" if filters else "")
        out.append(
            {
                "query": label,
                "hits": page.total,
                "median_ms": statistics.median(times),
                "max_ms": max(times),
            }
        )
    return out


def child(n: int, runs: int) -> None:
    _setup_django()
    from django.db import connection

    build = build_corpus(n)
    results = time_searches(runs)
    version = (
        connection.Database.sqlite_version
        if connection.vendor == "sqlite"
        else connection.cursor().connection.info.server_version
    )
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "version": str(version),
                "build": build,
                "results": results,
            }
        )
    )


# --- the parent: one subprocess per backend ------------------------------------------------------


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(
        PG_ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True
    ) as conn:
        conn.execute(sql)


def run_backend(backend: str, n: int, runs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "STYRINGSDIALOG_VAR_DIR": tmp, "STYRINGSDIALOG_LOG_LEVEL": "ERROR"}
        if backend == "postgresql":
            _pg_admin(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
            _pg_admin(f"CREATE DATABASE {PG_BENCH_DB}")
            env["DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_BENCH_DB}"
        else:
            env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        try:
            proc = subprocess.run(
                [sys.executable, __file__, "--child", "--n", str(n), "--runs", str(runs)],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
        finally:
            if backend == "postgresql":
                _pg_admin(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def report(data: dict[str, Any], n: int, runs: int) -> None:
    b = data["build"]
    print(
        f"\n{data['vendor']} {data['version']}: {n:,} referater loaded in {b['load_s']:.1f} s, indexed in {b['index_s']:.1f} s"
    )
    print(f"  {'query':<42} {'hits':>6} {'median':>9} {'max':>9}   (median of {runs} runs)")
    for r in data["results"]:
        print(f"  {r['query']:<42} {r['hits']:>6} {r['median_ms']:>7.1f}ms {r['max_ms']:>7.1f}ms")
    worst = max(r["median_ms"] for r in data["results"])
    print(f"  worst median {worst:.1f} ms – {'OK' if worst < 200 else 'OVER'} (target < 200 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.n, args.runs)
        return
    print(f"Machine: {machine_notes()}; load average {os.getloadavg()[0]:.1f}")
    for backend in args.backends.split(","):
        try:
            report(run_backend(backend, args.n, args.runs), args.n, args.runs)
        except Exception as exc:  # e.g. no PostgreSQL server: report and go on
            detail = getattr(exc, "stderr", "") or str(exc)
            print(
                f"\n{backend}: skipped ({detail.strip().splitlines()[-1] if detail.strip() else exc})"
            )


if __name__ == "__main__":
    main()
