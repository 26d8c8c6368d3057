"""styringsdialog serve: the demo/developer server, or with ``--production`` the real one (gunicorn).

Without ``--production`` this is Django's ``runserver`` (all its options work; default
127.0.0.1:8000). With ``--production`` it refuses, in Danish and without starting anything, unless
the production settings are in force (``STYRINGSDIALOG_MODE=production``), the deployment checks
report no errors, every migration is applied and ``collectstatic`` has collected every static file;
then it replaces itself with gunicorn (same process id, so systemd supervises gunicorn directly).
See ``docs/deploy.md``.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.contrib.staticfiles.management.commands.runserver import (
    Command as RunserverCommand,
)
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

DEFAULT_BIND = "127.0.0.1:8000"
WSGI_APP = "styringsdialog.wsgi:application"
# collectstatic's default ignore patterns: what it would not copy is not expected in the manifest.
STATIC_IGNORE = ["CVS", ".*", "*~"]


def default_workers() -> int:
    """gunicorn's rule of thumb, 2 × cores + 1; ``WEB_CONCURRENCY`` (gunicorn's variable) wins."""
    raw = os.environ.get("WEB_CONCURRENCY", "")
    if raw:
        try:
            return _positive(int(raw), "WEB_CONCURRENCY")
        except ValueError as exc:
            raise CommandError(f"WEB_CONCURRENCY skal være et helt tal, ikke {raw!r}.") from exc
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 2 * (cores or 1) + 1


def _positive(n: int, what: str) -> int:
    if n < 1:
        raise CommandError(f"{what} skal være mindst 1, ikke {n}.")
    return n


def gunicorn_argv(*, bind: str, workers: int) -> list[str]:
    """The gunicorn command line; more options can be given in ``GUNICORN_CMD_ARGS``."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        WSGI_APP,
        "--bind",
        bind,
        "--workers",
        str(workers),
        # Imports of large spreadsheets and PDF rendering take seconds, never minutes.
        "--timeout",
        "120",
        # Recycle workers now and then so that memory held by matplotlib/WeasyPrint is returned.
        # The application is loaded once in the master (--preload), so a recycled worker is a
        # fork that serves at once; without it every new worker imported Django and the apps
        # again (seconds of CPU), and workers that had started together were recycled together
        # — a measured 20 s without any answer under load (docs/benchmarks.md). The wide jitter
        # spreads the recycling out.
        "--preload",
        "--max-requests",
        "1000",
        "--max-requests-jitter",
        "500",
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
        # systemd (or the shell) controls the server with signals; no socket in $HOME.
        "--no-control-socket",
    ]


def pending_migrations() -> list[str]:
    """``app.migration`` names that are not applied to the default database, in order."""
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def uncollected_static_files() -> list[str]:
    """Static files the apps provide that are missing from collectstatic's manifest.

    Everything when ``collectstatic`` never ran; nothing when the storage keeps no manifest
    (the demo), because then files are served straight from the apps.
    """
    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return []
    paths, _manifest_hash = staticfiles_storage.load_manifest()  # read afresh from STATIC_ROOT
    collected = set(paths)
    found = {path for finder in get_finders() for path, _storage in finder.list(STATIC_IGNORE)}
    return sorted(found - collected)


class Command(RunserverCommand):
    help = (
        "Start webserveren. Uden --production: demo- og udviklingsserveren (Djangos runserver, "
        "standard 127.0.0.1:8000). Med --production: gunicorn med flere workers og "
        "produktionsindstillingerne (se docs/deploy.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--production",
            action="store_true",
            help="Start produktionsserveren (gunicorn); kræver STYRINGSDIALOG_MODE=production",
        )
        parser.add_argument(
            "--bind",
            help=f"Adresse:port for produktionsserveren (standard {DEFAULT_BIND})",
        )
        parser.add_argument(
            "--workers",
            type=int,
            help="Antal gunicorn-workers (standard WEB_CONCURRENCY eller 2 × kerner + 1)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["production"]:
            if options["bind"] or options["workers"]:
                raise CommandError("--bind og --workers hører til --production.")
            super().handle(*args, **options)
            return
        if options["addrport"] and options["bind"] and options["addrport"] != options["bind"]:
            raise CommandError("Angiv adressen én gang: enten som argument eller med --bind.")
        bind = options["bind"] or options["addrport"] or DEFAULT_BIND
        workers = (
            _positive(options["workers"], "--workers")
            if options["workers"] is not None
            else default_workers()
        )
        if importlib.util.find_spec("gunicorn") is None:
            raise CommandError("gunicorn er ikke installeret: kør 'pip install -e .' i projektet.")
        self.prepare_production()
        argv = gunicorn_argv(bind=bind, workers=workers)
        self.stdout.write(
            f"Starter produktionsserveren (gunicorn) på {bind} med {workers} workers."
        )
        self.stdout.flush()
        sys.stderr.flush()
        os.execv(argv[0], argv)

    def prepare_production(self) -> None:
        """Refuse to start unless the settings, the database and the static files are ready."""
        if not getattr(settings, "PRODUCTION", False):
            raise CommandError(
                "Produktionsindstillingerne mangler: sæt STYRINGSDIALOG_MODE=production sammen med "
                "STYRINGSDIALOG_SECRET_KEY, STYRINGSDIALOG_ALLOWED_HOSTS og DATABASE_URL "
                "(se docs/deploy.md). Til en demo på egen maskine: styringsdialog serve."
            )
        # Errors stop the start (as SystemCheckError); warnings are printed and do not.
        self.check(include_deployment_checks=True, display_num_errors=True)
        try:
            pending = pending_migrations()
            if not pending:  # the shared cache's table (STYRINGSDIALOG_CACHE_URL=db://)
                call_command("createcachetable", verbosity=0)
        except DatabaseError as exc:
            raise CommandError(f"Kan ikke få forbindelse til databasen: {exc}".strip()) from exc
        finally:
            connections.close_all()  # the workers open their own connections
        if pending:
            raise CommandError(
                f"Databasen er ikke opdateret: {len(pending)} migrering(er) mangler "
                f"({', '.join(pending[:3])}{' …' if len(pending) > 3 else ''}). "
                "Kør 'styringsdialog migrate --noinput' først."
            )
        missing = uncollected_static_files()
        if missing:
            raise CommandError(
                f"De statiske filer er ikke samlet i {settings.STATIC_ROOT} ({len(missing)} mangler, "
                f"fx {missing[0]}). Kør 'styringsdialog collectstatic --noinput' først."
            )
