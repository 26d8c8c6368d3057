"""The production server under load: gunicorn (``styringsdialog serve --production``) and wrk.

Starts the real production path — production settings, PostgreSQL, WhiteNoise's collected static
files, gunicorn with its workers — against a database with the national demo data, logs in as the
København caseworker ``karin`` through the login form, and loads three pages with ``wrk``:

* København's kommune overview (logged in): goal ≥ 100 req/s with p95 < 250 ms at 20 connections;
* the public search (``/offentlig/?q=…``) and the published seed referat: goal ≥ 300 req/s.

Each page gets a 5 s warm-up, then ``--runs`` runs of ``--duration`` seconds; the figures are the
medians over the runs. wrk runs on the same machine as the server, so it takes CPU from the
workers; the load average is printed with each run, and so is the CPU time per request spent by
the gunicorn workers and the PostgreSQL backends (read from /proc), from which the summary
estimates what the machine's cores would serve with the server to themselves. ``--queries`` adds each page's SQL query count
and in-process render time (Django's test client, median of 20) as a cross-check.

Needs ``wrk`` (``apt-get install wrk``) and PostgreSQL; without either it says so and exits 0.
The database (default ``postgres://postgres@127.0.0.1:5432/bench_server``, never ``test``) is
created when missing, migrated and loaded with ``styringsdialog demo-data`` once; ``--fresh`` drops
and recreates it first. Static files are collected into ``benchmarks/results/bench_server/`` when it has no manifest yet
(``--collectstatic`` collects again, e.g. after a new static file).

    python benchmarks/bench_server.py [--runs 3] [--duration 30] [--connections 20] [--workers N]
        [--database-url URL] [--fresh] [--collectstatic] [--queries] [--pages overview,search,referat]
        [--cache-url redis://127.0.0.1:6379/5]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import requests

sys.path.insert(0, str(Path(__file__).parent))
from _common import machine_notes

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_server"
CASEWORKER = ("karin", "styringsdialog")  # København, src/styringsdialog/demo/users.py
SEARCH_TERM = "henlæggelser"  # in the seed referat
CORES = len(os.sched_getaffinity(0))

# Lua for wrk: count responses that are not 200 (wrk itself only counts >= 400) and print the
# summary with the 95th percentile, which wrk's own --latency table lacks.
WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) not_ok = 0 end
function response(status, headers, body) if status ~= 200 then not_ok = not_ok + 1 end end
function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("not_ok") end
  io.write(string.format(
    'JSON {"requests": %d, "duration_us": %d, "not_ok": %d, "errors": %d, '
    .. '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\\n',
    summary.requests, summary.duration, bad,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    path: str
    logged_in: bool
    marker: str  # text the page must contain, checked once before loading it
    min_rps: float
    max_p95_ms: float | None


# --- the environment --------------------------------------------------------------------------


def production_env(database_url: str, var_dir: Path) -> dict[str, str]:
    """The documented production settings, except plain HTTP on the loopback (TLS is nginx's)."""
    inherited = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("STYRINGSDIALOG_") and k not in {"DATABASE_URL", "WEB_CONCURRENCY"}
    }
    return inherited | {
        "DJANGO_SETTINGS_MODULE": "styringsdialog.settings",
        "STYRINGSDIALOG_MODE": "production",
        "STYRINGSDIALOG_SECRET_KEY": secrets.token_urlsafe(50),
        "STYRINGSDIALOG_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STYRINGSDIALOG_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "STYRINGSDIALOG_CONN_MAX_AGE": "60",
        "STYRINGSDIALOG_VAR_DIR": str(var_dir),
        "STYRINGSDIALOG_LOG_LEVEL": "WARNING",
    }


def cli(env: dict[str, str], *args: str, quiet: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "styringsdialog.cli", *args],
        env=env,
        capture_output=quiet,
        text=True,
    )
    if proc.returncode != 0:
        sys.exit(f"styringsdialog {' '.join(args)} failed:\n{proc.stderr or ''}{proc.stdout or ''}")
    return proc


def prepare_database(database_url: str, *, fresh: bool) -> str | None:
    """Create (or recreate) the benchmark database; a reason string when PostgreSQL is missing."""
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if name in {"", "test", "postgres", "template0", "template1"}:
        sys.exit(f"Refusing to use the database {name!r}: give bench_server its own database.")
    admin_url = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://")
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if exists and fresh:
                conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                exists = None
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        return f"PostgreSQL is not reachable at {parts.hostname}:{parts.port or 5432} ({exc})"
    return None


def load_demo_data(env: dict[str, str]) -> dict[str, Any]:
    cli(env, "migrate", "--noinput", "-v", "0")
    t0 = time.perf_counter()
    out = cli(env, "demo-data", "--if-empty").stdout
    loaded_s = time.perf_counter() - t0
    shell_out = (
        cli(
            env,
            "shell",
            "-c",
            "import json; from django.db import connection; "
            "from styringsdialog.registry.models import Department; "
            "from styringsdialog.publication.models import PublishedReferat; "
            "from styringsdialog.accounts.models import User; "
            "c = connection.cursor(); c.execute('ANALYZE'); "
            "print(json.dumps({'departments': Department.objects.count(), "
            "'kbh_departments': Department.objects.filter(kommune__code='101').count(), "
            "'referater': PublishedReferat.objects.count(), "
            "'karin': User.objects.filter(username='karin').exists(), "
            "'server': connection.cursor().connection.info.server_version}))",
        )
        .stdout.strip()
        .splitlines()
    )
    facts = json.loads(next(line for line in reversed(shell_out) if line.startswith("{")))
    if not (facts["departments"] and facts["referater"] and facts["karin"]):
        sys.exit(
            f"The database has no complete demo data ({facts}); an earlier load may have failed "
            "half-way. Run again with --fresh."
        )
    facts["already_loaded"] = "allerede indlæst" in out
    facts["load_s"] = loaded_s
    return facts


# --- the server -------------------------------------------------------------------------------


class Server:
    def __init__(self, env: dict[str, str], port: int, workers: int, log: Path) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.log = log.open("w")
        args = ["serve", "--production", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "styringsdialog.cli", *args],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.log.flush()
                sys.exit(f"The server stopped (exit {self.proc.returncode}); see {self.log.name}")
            try:
                if requests.get(self.base + "/", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        sys.exit(f"The server did not answer within {timeout:.0f} s; see {self.log.name}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # gunicorn's master: graceful shutdown
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


def login(base: str, username: str, password: str) -> str:
    """The ``Cookie`` header of a session logged in through the login form."""
    page = requests.get(base + "/log-ind/", timeout=10)
    csrf_cookie = page.cookies["csrftoken"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token, "no CSRF token in the login form"
    # By hand: the cookies are Secure (production), so a cookie jar would not send them over http.
    response = requests.post(
        base + "/log-ind/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token[1]},
        headers={"Cookie": f"csrftoken={csrf_cookie}", "Referer": base + "/log-ind/"},
        allow_redirects=False,
        timeout=10,
    )
    session = response.cookies.get("sessionid")
    if response.status_code != 302 or not session:
        sys.exit(f"Login as {username} failed (HTTP {response.status_code}).")
    return f"sessionid={session}; csrftoken={csrf_cookie}"


def find_referat_path(base: str) -> str:
    portal = requests.get(base + "/offentlig/", timeout=10).text
    match = re.search(r'href="(/offentlig/referat/[^/"]+/[^/"]+/)"', portal)
    if not match:
        sys.exit("No published referat linked from /offentlig/.")
    return match[1]


def check_page(base: str, page: Page, cookie: str) -> None:
    headers = {"Cookie": cookie} if page.logged_in else {}
    response = requests.get(base + page.path, headers=headers, allow_redirects=False, timeout=30)
    if response.status_code != 200 or page.marker not in response.text:
        sys.exit(f"{page.path}: HTTP {response.status_code}, or '{page.marker}' not in the page.")


# --- wrk --------------------------------------------------------------------------------------


# --- CPU accounting: what one request costs, whatever else runs on the machine -------------------

TICK = os.sysconf("SC_CLK_TCK")


def _proc_stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2 :].split()  # fields from "state" on (the name may hold spaces)


def _cpu_seconds(fields: list[str], *, children: bool = False) -> float:
    # utime, stime (and cutime, cstime: reaped children, e.g. recycled gunicorn workers)
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / TICK


class CpuMeter:
    """CPU seconds used by gunicorn (master, workers, recycled workers) and by the PostgreSQL
    backends serving ``database``, read from /proc; backends that end mid-run are not counted."""

    def __init__(self, master_pid: int, database: str) -> None:
        self.master_pid = master_pid
        self.database = database

    def _processes(self) -> tuple[float, dict[int, float]]:
        server = 0.0
        backends: dict[int, float] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            pid = int(entry.name)
            fields = _proc_stat(pid)
            if fields is None:
                continue
            if pid == self.master_pid:
                server += _cpu_seconds(fields, children=True)
            elif int(fields[1]) == self.master_pid:  # a live worker
                server += _cpu_seconds(fields)
            else:
                try:
                    title = (entry / "cmdline").read_bytes().decode(errors="replace")
                except OSError:
                    continue
                if title.startswith("postgres: ") and f" {self.database} " in title:
                    backends[pid] = _cpu_seconds(fields)
        return server, backends

    def start(self) -> None:
        self._server, self._backends = self._processes()

    def stop(self) -> tuple[float, float]:
        """(server CPU s, PostgreSQL CPU s) since ``start``."""
        server, backends = self._processes()
        database = sum(v - self._backends.get(pid, 0.0) for pid, v in backends.items())
        return server - self._server, database


def run_wrk(
    url: str,
    *,
    cookie: str | None,
    connections: int,
    duration: int,
    script: Path,
    meter: CpuMeter,
) -> dict[str, Any]:
    cmd = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
    ]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    meter.start()
    proc = subprocess.run([*cmd, url], capture_output=True, text=True, check=True)
    server_s, database_s = meter.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    wrk_s = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    line = next(x for x in proc.stdout.splitlines() if x.startswith("JSON "))
    raw = json.loads(line[5:])
    n = max(raw["requests"], 1)
    return {
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        # CPU milliseconds per request: the server's workers, PostgreSQL, and wrk itself
        "cpu_server_ms": server_s * 1000 / n,
        "cpu_db_ms": database_s * 1000 / n,
        "cpu_wrk_ms": wrk_s * 1000 / n,
        "requests": raw["requests"],
        "not_ok": raw["not_ok"],
        "errors": raw["errors"],
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "load_1min": os.getloadavg()[0],
    }


def measure(
    base: str, page: Page, cookie: str, args: argparse.Namespace, script: Path, meter: CpuMeter
) -> dict[str, Any]:
    url = base + quote(page.path, safe="/?=&")
    kwargs: dict[str, Any] = {
        "cookie": cookie if page.logged_in else None,
        "script": script,
        "meter": meter,
    }
    run_wrk(url, connections=args.connections, duration=5, **kwargs)  # warm-up
    runs = []
    for n in range(1, args.runs + 1):
        r = run_wrk(url, connections=args.connections, duration=args.duration, **kwargs)
        runs.append(r)
        print(
            f"  run {n}: {r['rps']:7.1f} req/s  p50 {r['p50_ms']:6.1f} ms  p95 {r['p95_ms']:6.1f} ms"
            f"  p99 {r['p99_ms']:6.1f} ms  non-200 {r['not_ok']}  errors {r['errors']}"
            f"  CPU/request: server {r['cpu_server_ms']:.1f} ms, PostgreSQL {r['cpu_db_ms']:.1f} ms,"
            f" wrk {r['cpu_wrk_ms']:.2f} ms  (load {r['load_1min']:.1f})",
            flush=True,
        )
    rps = statistics.median(r["rps"] for r in runs)
    p95 = statistics.median(r["p95_ms"] for r in runs)
    cpu = statistics.median(r["cpu_server_ms"] + r["cpu_db_ms"] for r in runs)
    wrk_cpu = statistics.median(r["cpu_wrk_ms"] for r in runs)
    ok = rps >= page.min_rps and (page.max_p95_ms is None or p95 < page.max_p95_ms)
    ok = ok and all(r["not_ok"] == 0 and r["errors"] == 0 for r in runs)
    return {
        "page": page.key,
        "path": page.path,
        "rps": rps,
        "p95_ms": p95,
        "ok": ok,
        "cpu_ms": cpu,
        # what the machine's cores could serve if the server had them to itself (wrk elsewhere)
        "capacity_rps": CORES * 1000 / cpu if cpu else None,
        "capacity_with_wrk_rps": CORES * 1000 / (cpu + wrk_cpu) if cpu else None,
        "runs": runs,
    }


# --- in-process cross-check: queries and render time ----------------------------------------------


def count_queries(paths: dict[str, str]) -> None:
    """Child process (production settings): SQL queries and render time of each page."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client, override_settings

    from styringsdialog.accounts.models import User

    settings.ALLOWED_HOSTS.append("testserver")
    client = Client()
    out = {}
    for key, path in paths.items():
        if key == "overview":
            # A test-client login has no client address, which django-axes cannot log.
            with override_settings(AXES_ENABLED=False):
                client.force_login(User.objects.get(username=CASEWORKER[0]))
        else:
            client.logout()
        assert client.get(path).status_code == 200
        times = []
        for _ in range(20):
            t0 = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - t0) * 1000)
        settings.DEBUG = True
        reset_queries()
        client.get(path)
        settings.DEBUG = False
        out[key] = {"queries": len(connection.queries), "render_ms": statistics.median(times)}
    print("JSON " + json.dumps(out))


# --- main -------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_SERVER_URL", DEFAULT_URL))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: 2 × cores + 1)")
    parser.add_argument("--port", type=int, default=8771)
    parser.add_argument("--pages", default="overview,search,referat")
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database")
    parser.add_argument("--queries", action="store_true", help="also count each page's queries")
    parser.add_argument(
        "--cache-url",
        default="",
        help="STYRINGSDIALOG_CACHE_URL for the server, e.g. redis://127.0.0.1:6379/5 "
        "(default: Django's local-memory cache, one per worker)",
    )
    parser.add_argument(
        "--collectstatic",
        action="store_true",
        help="run collectstatic even when benchmarks/results/bench_server/static has a manifest",
    )
    parser.add_argument("--count-queries-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.count_queries_child:
        count_queries(json.loads(args.count_queries_child))
        return

    if not shutil.which("wrk"):
        print("bench_server: skipped, wrk is not installed (apt-get install wrk).")
        return
    problem = prepare_database(args.database_url, fresh=args.fresh)
    if problem:
        print(f"bench_server: skipped, {problem}.")
        return
    var_dir = RESULTS / "bench_server"
    var_dir.mkdir(parents=True, exist_ok=True)
    env = production_env(args.database_url, var_dir)
    if args.cache_url:
        env["STYRINGSDIALOG_CACHE_URL"] = args.cache_url
    workers = args.workers or 2 * CORES + 1

    print(f"Machine: {machine_notes()}; load average {os.getloadavg()[0]:.1f}", flush=True)
    facts = load_demo_data(env)
    print(
        f"Database: PostgreSQL {facts['server'] // 10000}.{facts['server'] % 10000}, {facts['departments']:,} departments "
        f"(København {facts['kbh_departments']:,}), {facts['referater']} published referat(er); "
        + ("demo data already loaded" if facts["already_loaded"] else "demo data loaded")
        + f" ({facts['load_s']:.0f} s)",
        flush=True,
    )
    if args.collectstatic or not (var_dir / "static" / "staticfiles.json").exists():
        t0 = time.perf_counter()
        cli(env, "collectstatic", "--noinput", "-v", "0")
        print(f"collectstatic: {time.perf_counter() - t0:.1f} s", flush=True)

    server = Server(env, args.port, workers, var_dir / "server.log")
    results = []
    try:
        t0 = time.perf_counter()
        server.wait_ready()
        print(
            f"gunicorn: {workers} workers, ready after {time.perf_counter() - t0:.1f} s; cache: "
            + (args.cache_url or "local memory per worker")
        )
        cookie = login(server.base, *CASEWORKER)
        meter = CpuMeter(server.proc.pid, urlsplit(args.database_url).path.lstrip("/"))
        pages = {
            p.key: p
            for p in [
                Page(
                    "overview",
                    "Kommune overview, København (karin)",
                    "/kommune/101/",
                    True,
                    "Københavns Kommune",
                    100,
                    250,
                ),
                Page(
                    "search",
                    f"Public search '{SEARCH_TERM}'",
                    f"/offentlig/?q={SEARCH_TERM}",
                    False,
                    "Referat",
                    300,
                    None,
                ),
                Page(
                    "referat",
                    "Public referat (seed)",
                    find_referat_path(server.base),
                    False,
                    "Referat",
                    300,
                    None,
                ),
            ]
        }
        selected = [pages[k] for k in args.pages.split(",")]
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
            fh.write(WRK_SCRIPT)
        script = Path(fh.name)
        for page in selected:
            check_page(server.base, page, cookie)
            print(
                f"\n{page.label}: {page.path}, {args.connections} connections, {args.runs} × {args.duration} s"
            )
            results.append(measure(server.base, page, cookie, args, script, meter))
        script.unlink()
    finally:
        server.stop()

    queries: dict[str, Any] = {}
    if args.queries:
        child = subprocess.run(
            [
                sys.executable,
                __file__,
                "--count-queries-child",
                json.dumps({p.key: p.path for p in selected}),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        queries = json.loads(
            next(x for x in child.stdout.splitlines() if x.startswith("JSON "))[5:]
        )

    print(
        f"\nSummary (median of {args.runs} runs × {args.duration} s, {args.connections} connections, {workers} workers):"
    )
    for r in results:
        page = pages[r["page"]]
        goal = f"≥ {page.min_rps:.0f} req/s" + (
            f", p95 < {page.max_p95_ms:.0f} ms" if page.max_p95_ms else ""
        )
        extra = ""
        if r["page"] in queries:
            q = queries[r["page"]]
            extra = f"; {q['queries']} queries, {q['render_ms']:.1f} ms in-process"
        print(
            f"  {page.label:<40} {r['rps']:7.1f} req/s  p95 {r['p95_ms']:6.1f} ms  "
            f"goal {goal}: {'OK' if r['ok'] else 'MISSED'}{extra}"
        )
        if r["cpu_ms"]:
            print(
                f"  {'':<40} {r['cpu_ms']:.1f} ms CPU per request (server + PostgreSQL): "
                f"{CORES} dedicated cores serve ≈ {r['capacity_rps']:.0f} req/s, "
                f"≈ {r['capacity_with_wrk_rps']:.0f} req/s with wrk on the same cores"
            )
    (RESULTS / "bench_server.json").write_text(
        json.dumps(
            {
                "machine": machine_notes(),
                "workers": workers,
                "results": results,
                "queries": queries,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
