"""``styringsdialog serve --production``: what it refuses, and the gunicorn it then becomes.

``os.execv`` (where the command replaces itself with gunicorn) is recorded instead of run. The
static-file cases collect a one-file static tree with Django's real ``collectstatic`` into a
temporary STATIC_ROOT, so the manifest check sees what an install would have.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from styringsdialog.web.management.commands import serve


class Exec:
    def __init__(self) -> None:
        self.argv: list[str] | None = None

    def __call__(self, path: str, argv: list[str]) -> None:
        self.argv = argv


@pytest.fixture
def execv(monkeypatch) -> Exec:
    recorder = Exec()
    monkeypatch.setattr(serve.os, "execv", recorder)
    # serve closes the database connections before exec; in a test that would close the test's
    # own transaction (on PostgreSQL; SQLite's in-memory database ignores it)
    monkeypatch.setattr(serve.connections, "close_all", lambda: None)
    return recorder


@pytest.fixture
def production(settings, tmp_path):
    """Production mode with a one-file static tree and a manifest storage; nothing collected yet."""
    source = tmp_path / "static-src"
    (source / "css").mkdir(parents=True)
    (source / "css" / "app.css").write_text("body { color: #1a1a1a; }\n")
    settings.PRODUCTION = True
    settings.STATICFILES_DIRS = [source]
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    return settings


def test_serve_production_refuses_in_danish_outside_production_mode(execv):
    with pytest.raises(CommandError, match="Produktionsindstillingerne mangler"):
        call_command("serve", "--production")
    assert execv.argv is None


def test_bind_and_workers_belong_to_production(execv):
    with pytest.raises(CommandError, match="--bind og --workers hører til --production"):
        call_command("serve", "--workers", "3")
    assert execv.argv is None


@pytest.mark.django_db
def test_serve_production_refuses_until_collectstatic_has_run(production, execv):
    with pytest.raises(CommandError, match="statiske filer er ikke samlet.*collectstatic"):
        call_command("serve", "--production")
    assert execv.argv is None

    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("serve", "--production")
    assert execv.argv is not None


@pytest.mark.django_db
def test_serve_production_refuses_a_static_file_added_after_collectstatic(production, execv):
    call_command("collectstatic", "--noinput", verbosity=0)
    (production.STATICFILES_DIRS[0] / "css" / "new.css").write_text("p { margin: 0; }\n")
    with pytest.raises(CommandError, match=r"1 mangler, fx css/new\.css"):
        call_command("serve", "--production")
    assert execv.argv is None


@pytest.mark.django_db
def test_serve_production_refuses_when_migrations_are_missing(production, execv, monkeypatch):
    call_command("collectstatic", "--noinput", verbosity=0)
    assert serve.pending_migrations() == []  # the test database is fully migrated
    monkeypatch.setattr(serve, "pending_migrations", lambda: ["registry.0099_future"])
    with pytest.raises(CommandError, match="1 migrering.*registry.0099_future.*migrate --noinput"):
        call_command("serve", "--production")
    assert execv.argv is None


@pytest.mark.django_db
def test_serve_production_becomes_gunicorn_with_the_given_bind_and_workers(production, execv):
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("serve", "--production", "--bind", "127.0.0.1:9000", "--workers", "3")
    assert execv.argv is not None
    assert execv.argv[:4] == [sys.executable, "-m", "gunicorn", "styringsdialog.wsgi:application"]
    argv = execv.argv
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:9000"
    assert argv[argv.index("--workers") + 1] == "3"
    assert argv[argv.index("--access-logfile") + 1] == "-"
    assert "--no-control-socket" in argv
    # Loaded once in the master: recycled workers fork ready, spread out by the jitter.
    assert "--preload" in argv
    assert int(argv[argv.index("--max-requests-jitter") + 1]) >= 500


@pytest.mark.django_db
def test_serve_production_takes_the_address_as_argument_too(production, execv):
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("serve", "0.0.0.0:8080", "--production")
    assert execv.argv is not None
    assert execv.argv[execv.argv.index("--bind") + 1] == "0.0.0.0:8080"


def test_workers_default_to_twice_the_cores_plus_one(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.setattr(serve.os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    assert serve.default_workers() == 7


def test_web_concurrency_sets_the_default_workers(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    assert serve.default_workers() == 4
    monkeypatch.setenv("WEB_CONCURRENCY", "mange")
    with pytest.raises(CommandError, match="WEB_CONCURRENCY skal være et helt tal"):
        serve.default_workers()


def test_zero_workers_is_refused(production, execv):
    with pytest.raises(CommandError, match="--workers skal være mindst 1"):
        call_command("serve", "--production", "--workers", "0")
    assert execv.argv is None


def test_the_cli_reports_missing_production_settings_in_danish_without_a_traceback(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("STYRINGSDIALOG_")
        and k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env |= {"STYRINGSDIALOG_MODE": "production", "STYRINGSDIALOG_VAR_DIR": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "styringsdialog.cli", "serve", "--production"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "STYRINGSDIALOG_SECRET_KEY skal være sat" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.django_db
def test_serve_production_creates_the_database_cache_table(production, execv):
    from django.db import connection

    production.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "styringsdialog_cache_test",
        }
    }
    assert "styringsdialog_cache_test" not in connection.introspection.table_names()
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("serve", "--production")
    assert execv.argv is not None
    assert "styringsdialog_cache_test" in connection.introspection.table_names()
