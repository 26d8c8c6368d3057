"""The e-mail settings read from ``STYRINGSDIALOG_EMAIL_*`` (settings.py run afresh)."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from styringsdialog import settings as project_settings

SETTINGS_PY = project_settings.__file__
EMAIL_VARS = ("HOST", "PORT", "USER", "PASSWORD", "SECURITY", "FROM", "TIMEOUT")


@pytest.fixture
def load(monkeypatch, tmp_path: Path):
    """load(**env) → the settings module's names, with only the given e-mail variables set."""
    monkeypatch.setenv("STYRINGSDIALOG_VAR_DIR", str(tmp_path))
    for name in EMAIL_VARS:
        monkeypatch.delenv(f"STYRINGSDIALOG_EMAIL_{name}", raising=False)

    def _load(**env: str) -> dict:
        for name, value in env.items():
            monkeypatch.setenv(f"STYRINGSDIALOG_EMAIL_{name}", value)
        return runpy.run_path(SETTINGS_PY)

    return _load


def test_without_a_host_mail_is_written_to_files_under_var_mail(load, tmp_path):
    s = load()
    assert s["EMAIL_BACKEND"] == "styringsdialog.jobs.mail.QueuedEmailBackend"
    assert s["EMAIL_DELIVERY_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert s["EMAIL_FILE_PATH"] == tmp_path / "mail"
    assert (s["EMAIL_PORT"], s["EMAIL_USE_TLS"], s["EMAIL_USE_SSL"]) == (587, True, False)
    assert (
        s["DEFAULT_FROM_EMAIL"]
        == s["SERVER_EMAIL"]
        == "Styringsdialog <noreply@styringsdialog.invalid>"
    )
    assert s["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def test_a_host_turns_on_smtp_with_the_given_account(load):
    s = load(
        HOST="smtp.kommune.dk",
        USER="styring",
        PASSWORD="hemmelig",
        FROM="Styringsdialog <styring@kommune.dk>",
        TIMEOUT="10",
    )
    assert s["EMAIL_DELIVERY_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (s["EMAIL_HOST"], s["EMAIL_HOST_USER"], s["EMAIL_HOST_PASSWORD"]) == (
        "smtp.kommune.dk",
        "styring",
        "hemmelig",
    )
    assert (
        s["DEFAULT_FROM_EMAIL"] == "Styringsdialog <styring@kommune.dk>"
        and s["EMAIL_TIMEOUT"] == 10
    )


@pytest.mark.parametrize(
    ("security", "port", "tls", "ssl"),
    [
        ("starttls", 587, True, False),
        ("ssl", 465, False, True),
        ("none", 25, False, False),
        ("SSL", 465, False, True),
    ],
)
def test_the_security_mode_sets_tls_ssl_and_the_default_port(load, security, port, tls, ssl):
    s = load(HOST="smtp.kommune.dk", SECURITY=security)
    assert (s["EMAIL_PORT"], s["EMAIL_USE_TLS"], s["EMAIL_USE_SSL"]) == (port, tls, ssl)


def test_an_explicit_port_wins(load):
    assert load(HOST="smtp.kommune.dk", SECURITY="ssl", PORT="2465")["EMAIL_PORT"] == 2465


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECURITY": "tls"}, "STYRINGSDIALOG_EMAIL_SECURITY must be one of starttls/ssl/none"),
        ({"PORT": "smtp"}, "STYRINGSDIALOG_EMAIL_PORT must be an integer"),
        ({"PORT": "70000"}, "STYRINGSDIALOG_EMAIL_PORT skal være et portnummer"),
        ({"TIMEOUT": "0"}, "STYRINGSDIALOG_EMAIL_TIMEOUT skal være et positivt antal sekunder"),
        ({"FROM": "Styringsdialog"}, "STYRINGSDIALOG_EMAIL_FROM skal være en e-mailadresse"),
    ],
)
def test_bad_values_stop_the_start_up_with_a_clear_message(load, env, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        load(**env)
