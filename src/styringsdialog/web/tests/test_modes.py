"""The three modes in settings.py (docs/deploy.md): demo (default), developer, production.

Each case loads ``styringsdialog/settings.py`` afresh with a given environment (``runpy``, in this
process) and looks at the settings it produces; the error-page tests then serve requests with the
demo's own DEBUG value, because the test runner otherwise forces DEBUG off whatever the mode says.
"""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

import styringsdialog.settings

SETTINGS_PY = Path(styringsdialog.settings.__file__)
PRODUCTION_KEY = "k3y-" + "x7Qm2vR9" * 7  # 60 characters, not a real key
PRODUCTION = {
    "STYRINGSDIALOG_MODE": "production",
    "STYRINGSDIALOG_SECRET_KEY": PRODUCTION_KEY,
    "STYRINGSDIALOG_ALLOWED_HOSTS": "styringsdialog.example.dk",
    "DATABASE_URL": "postgres://styringsdialog@db.example.invalid:5432/styringsdialog",
}


def load_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str) -> dict[str, Any]:
    """The settings module's names, computed with only ``env`` set among the project's variables."""
    import os

    for name in list(os.environ):
        if name.startswith("STYRINGSDIALOG_") or name == "DATABASE_URL":
            monkeypatch.delenv(name)
    monkeypatch.setenv("STYRINGSDIALOG_VAR_DIR", str(tmp_path))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_PY))


def test_the_demo_is_the_default_mode_and_runs_with_debug_off(monkeypatch, tmp_path):
    demo = load_settings(monkeypatch, tmp_path)
    assert demo["MODE"] == "demo" and demo["PRODUCTION"] is False
    assert demo["DEBUG"] is False
    assert demo["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    # served over plain http on the laptop, so the cookies cannot be HTTPS-only
    assert demo["SESSION_COOKIE_SECURE"] is False and demo["CSRF_COOKIE_SECURE"] is False
    assert demo.get("SECURE_HSTS_SECONDS", 0) == 0


def test_the_demo_serves_static_files_without_collectstatic(monkeypatch, tmp_path):
    demo = load_settings(monkeypatch, tmp_path)
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in demo["MIDDLEWARE"]
    assert demo["WHITENOISE_USE_FINDERS"] is True and demo["WHITENOISE_AUTOREFRESH"] is True
    backend = demo["STORAGES"]["staticfiles"]["BACKEND"]
    assert "Manifest" not in backend


def test_the_demo_serves_the_apps_static_files_with_debug_off(client, settings):
    settings.DEBUG = False
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert b".app-header" in b"".join(response.streaming_content)


def test_developer_mode_turns_on_djangos_debug_pages(monkeypatch, tmp_path):
    dev = load_settings(monkeypatch, tmp_path, STYRINGSDIALOG_DEBUG="1")
    assert dev["DEBUG"] is True and dev["MODE"] == "demo"


def test_an_unknown_mode_is_refused(monkeypatch, tmp_path):
    with pytest.raises(ImproperlyConfigured, match="STYRINGSDIALOG_MODE"):
        load_settings(monkeypatch, tmp_path, STYRINGSDIALOG_MODE="prod")


def test_production_turns_on_https_only_cookies_hsts_and_the_ssl_redirect(monkeypatch, tmp_path):
    prod = load_settings(monkeypatch, tmp_path, **PRODUCTION)
    assert prod["DEBUG"] is False and prod["PRODUCTION"] is True
    assert prod["SESSION_COOKIE_SECURE"] is True and prod["CSRF_COOKIE_SECURE"] is True
    assert prod["SECURE_SSL_REDIRECT"] is True
    assert prod["SECURE_HSTS_SECONDS"] == 31_536_000
    assert prod["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True and prod["SECURE_HSTS_PRELOAD"] is True
    assert prod["ALLOWED_HOSTS"] == ["styringsdialog.example.dk"]
    assert prod["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert prod["WHITENOISE_USE_FINDERS"] is False and prod["WHITENOISE_AUTOREFRESH"] is False
    assert "SECURE_PROXY_SSL_HEADER" not in prod  # opt-in only


def test_production_behind_a_proxy_can_trust_its_header_and_leave_the_redirect_to_it(
    monkeypatch, tmp_path
):
    prod = load_settings(
        monkeypatch,
        tmp_path,
        **PRODUCTION,
        STYRINGSDIALOG_PROXY_SSL_HEADER="1",
        STYRINGSDIALOG_SSL_REDIRECT="0",
        STYRINGSDIALOG_HSTS_SECONDS="3600",
    )
    assert prod["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert prod["SECURE_SSL_REDIRECT"] is False
    assert prod["SECURE_HSTS_SECONDS"] == 3600


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"STYRINGSDIALOG_SECRET_KEY": ""}, "STYRINGSDIALOG_SECRET_KEY skal være sat"),
        ({"STYRINGSDIALOG_SECRET_KEY": "kort-nøgle"}, "mindst 50 tilfældige tegn"),
        ({"STYRINGSDIALOG_ALLOWED_HOSTS": ""}, "STYRINGSDIALOG_ALLOWED_HOSTS skal være sat"),
        ({"STYRINGSDIALOG_ALLOWED_HOSTS": " , "}, "STYRINGSDIALOG_ALLOWED_HOSTS skal være sat"),
        ({"STYRINGSDIALOG_DEBUG": "1"}, "STYRINGSDIALOG_DEBUG=1 er ikke tilladt i produktion"),
        ({"DATABASE_URL": ""}, "Produktion kører på PostgreSQL"),
        ({"DATABASE_URL": "sqlite:////srv/x.sqlite3"}, "Produktion kører på PostgreSQL"),
        ({"DATABASE_URL": "mysql://u@db.example.invalid/x"}, "brug PostgreSQL"),
    ],
    ids=[
        "no-secret-key",
        "short-secret-key",
        "no-hosts",
        "blank-hosts",
        "debug",
        "default-sqlite",
        "sqlite-url",
        "mysql",
    ],
)
def test_production_refuses_to_start_without_its_settings(monkeypatch, tmp_path, override, message):
    env = {**PRODUCTION, **override}
    with pytest.raises(ImproperlyConfigured, match=message):
        load_settings(monkeypatch, tmp_path, **{k: v for k, v in env.items() if v})


def test_production_accepts_sqlite_only_with_the_explicit_override(monkeypatch, tmp_path):
    prod = load_settings(
        monkeypatch,
        tmp_path,
        **{**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
        STYRINGSDIALOG_ALLOW_SQLITE="1",
    )
    assert prod["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"


# --- The error pages visitors of the demo see ---------------------------------------------------


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("an unexpected failure")


def _forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


# The project's URLs plus two views that fail; the pages link to the real ones.
urlpatterns = [
    path("boom/", _boom),
    path("forbudt/", _forbidden),
    path("", include("styringsdialog.urls")),
]
handler403 = "styringsdialog.web.views.permission_denied"
handler404 = "styringsdialog.web.views.page_not_found"
handler500 = "styringsdialog.web.views.server_error"


@pytest.fixture
def demo_debug(monkeypatch, tmp_path, settings):
    """Serve requests with DEBUG as the demo's settings set it."""
    settings.DEBUG = load_settings(monkeypatch, tmp_path)["DEBUG"]
    return settings


@pytest.mark.django_db
def test_the_demo_shows_the_danish_404_page_for_an_unknown_url(demo_debug, client):
    response = client.get("/denne-side-findes-ikke/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Siden findes ikke</h1>" in body and 'lang="da"' in body
    assert "URLconf" not in body and "DEBUG = True" not in body


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_demo_shows_the_danish_500_and_403_pages(demo_debug, client):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "<h1>Der opstod en fejl</h1>" in body
    assert "RuntimeError" not in body and "Traceback" not in body

    response = client.get("/forbudt/")
    assert response.status_code == 403
    assert "<h1>Adgang nægtet</h1>" in response.content.decode()
