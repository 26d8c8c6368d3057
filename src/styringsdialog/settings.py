"""Django settings, read from the environment.

Every setting is documented in ``docs/reference/settings.md``. The defaults run a local demo
out of the box (SQLite under ``var/``, DEBUG off so visitors see the Danish error pages);
``STYRINGSDIALOG_DEBUG=1`` is the developer mode with Django's debug pages, and
``STYRINGSDIALOG_MODE=production`` requires its secret key, host names and PostgreSQL and turns on
HTTPS-only cookies and HSTS (``docs/deploy.md``). Bad values fail loudly at start-up.
"""

from __future__ import annotations

import os
from datetime import date as _date
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("STYRINGSDIALOG_VAR_DIR", PROJECT_DIR / "var"))


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 0/1/true/false, got {raw!r}")


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def _env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = os.environ.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {'/'.join(choices)}, got {raw!r}")
    return raw


# Modes (docs/deploy.md): the demo (default) and the developer mode (STYRINGSDIALOG_DEBUG=1) run
# on a laptop; production is the shared install behind HTTPS. The demo keeps DEBUG off so that
# visitors meet the Danish 404/403/500 pages, never Django's technical pages.
MODE = _env_choice("STYRINGSDIALOG_MODE", "demo", ("demo", "production"))
PRODUCTION = MODE == "production"
DEBUG = _env_bool("STYRINGSDIALOG_DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured(
        "STYRINGSDIALOG_DEBUG=1 er ikke tilladt i produktion (STYRINGSDIALOG_MODE=production): "
        "Djangos fejlsider viser kode og indstillinger til alle besøgende."
    )
SECRET_KEY = os.environ.get("STYRINGSDIALOG_SECRET_KEY", "")
if PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "STYRINGSDIALOG_SECRET_KEY skal være sat til mindst 50 tilfældige tegn i produktion "
        "(lav en med: python3 -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )
if not SECRET_KEY:
    SECRET_KEY = "dev-only-insecure-key-change-me"  # demo and developer mode only, refused above

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get(
        "STYRINGSDIALOG_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver"
    ).split(",")
    if h.strip()
]
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "STYRINGSDIALOG_ALLOWED_HOSTS skal være sat i produktion: serverens værtsnavne, "
        "kommasepareret (fx styringsdialog.example.dk)."
    )
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("STYRINGSDIALOG_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]
PUBLIC_BASE_URL = os.environ.get("STYRINGSDIALOG_PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip(
    "/"
)

INSTALLED_APPS = [
    "styringsdialog.accounts.apps.StyringsdialogAdminConfig",  # django.contrib.admin
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # Swagger UI assets served locally (/api/v1/docs)
    "axes",  # login lockout; settings at the end of this file
    "django_tasks",
    "django_tasks_db",  # the job queue; settings at the end of this file
    "styringsdialog.web",
    "styringsdialog.accounts",
    "styringsdialog.audit",  # h16b: the append-only audit log (docs/reference/audit.md)
    "styringsdialog.jobs",
    "styringsdialog.registry",
    "styringsdialog.intake",
    "styringsdialog.benchmarking",
    "styringsdialog.registers",
    "styringsdialog.meetings",
    "styringsdialog.anvisning",
    "styringsdialog.construction",  # C15 byggesager (ADR 0006)
    "styringsdialog.records",  # journal number, KLE, parties (issue 16)
    "styringsdialog.publication",
    "styringsdialog.users",  # h16a: user administration and SSO (settings at the end)
    "styringsdialog.demo",
    "styringsdialog.operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, before everything else
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy header; policy at the end
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "styringsdialog.lib.idempotency.IdempotencyMiddleware",  # Idempotency-Key on API writes
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a lockout into the Danish lockout page
    "styringsdialog.audit.middleware.AuditMiddleware",  # h16b: who viewed what (non-public pages)
]

# How long an API answer is kept for a retry with the same Idempotency-Key (seconds).
IDEMPOTENCY_TTL = 24 * 60 * 60

ROOT_URLCONF = "styringsdialog.urls"
WSGI_APPLICATION = "styringsdialog.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "styringsdialog.web.context.navigation",
            ],
            "builtins": ["styringsdialog.web.templatetags.dk"],
        },
    }
]

if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # the default SQLite file lives here

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'styringsdialog.sqlite3'}"),
        conn_max_age=_env_int("STYRINGSDIALOG_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20}
    )

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk")]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False  # numbers are formatted explicitly with the |num and |dkk filters

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Static files are served by WhiteNoise (the middleware after SecurityMiddleware). Production
# serves what `collectstatic` put in STATIC_ROOT, under hashed and compressed names that browsers
# cache for a year; the demo and the developer mode serve the apps' static/ folders directly
# (found per request), so they need no collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
MEDIA_ROOT = Path(os.environ.get("STYRINGSDIALOG_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_HTTPONLY = True
# HTTPS-only cookies in production; the demo is served over plain http://127.0.0.1.
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
X_FRAME_OPTIONS = "DENY"

NINJA_PAGINATION_PER_PAGE = _env_int("STYRINGSDIALOG_API_PAGE_SIZE", 50)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("STYRINGSDIALOG_LOG_LEVEL", "WARNING"),
    },
}

# --- Production: PostgreSQL, HTTPS and HSTS (docs/deploy.md) ---
# `manage.py check --deploy` gives no warnings with the settings documented there (tested by
# web/tests/test_deploy_check.py). The cookies' Secure flag is set with the session lines above.
if PRODUCTION:
    _engine = DATABASES["default"]["ENGINE"]
    if _engine == "django.db.backends.sqlite3":
        if not _env_bool("STYRINGSDIALOG_ALLOW_SQLITE", False):
            raise ImproperlyConfigured(
                "Produktion kører på PostgreSQL: sæt DATABASE_URL=postgres://bruger@vært:5432/database "
                "(SQLite er til demo på én maskine; STYRINGSDIALOG_ALLOW_SQLITE=1 tillader det alligevel)."
            )
    elif _engine != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            f"DATABASE_URL peger på en database, som Styringsdialog ikke understøtter ({_engine}): "
            "brug PostgreSQL."
        )
    SECURE_SSL_REDIRECT = _env_bool("STYRINGSDIALOG_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = _env_int("STYRINGSDIALOG_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients).
if _env_bool("STYRINGSDIALOG_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Login lockout (django-axes) and API token throttling (docs/reference/settings.md) ---
# A username is locked out from one client address after STYRINGSDIALOG_LOGIN_FAILURE_LIMIT
# wrong passwords, for STYRINGSDIALOG_LOGIN_COOLOFF_MINUTES (attempts are stored in the database).
# Failed bearer tokens are counted per client address in Django's cache (styringsdialog.api;
# CACHES at the end of this file: shared between processes with Redis or the database).
_trusted_proxies = _env_int("STYRINGSDIALOG_TRUSTED_PROXIES", 0)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = _env_int("STYRINGSDIALOG_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = _env_int("STYRINGSDIALOG_LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "styringsdialog.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "styringsdialog.lib.client_ip.client_ip"
NINJA_NUM_PROXIES = _trusted_proxies
API_TOKEN_FAILURE_LIMIT = _env_int("STYRINGSDIALOG_API_TOKEN_FAILURE_LIMIT", 20)
API_TOKEN_FAILURE_WINDOW = _env_int("STYRINGSDIALOG_API_TOKEN_FAILURE_WINDOW", 300)
for _name, _value in (
    ("STYRINGSDIALOG_LOGIN_FAILURE_LIMIT", AXES_FAILURE_LIMIT),
    ("STYRINGSDIALOG_LOGIN_COOLOFF_MINUTES", AXES_COOLOFF_TIME),
    ("STYRINGSDIALOG_API_TOKEN_FAILURE_LIMIT", API_TOKEN_FAILURE_LIMIT),
    ("STYRINGSDIALOG_API_TOKEN_FAILURE_WINDOW", API_TOKEN_FAILURE_WINDOW),
):
    if _value <= 0:
        raise ImproperlyConfigured(f"{_name} skal være et positivt heltal.")
if _trusted_proxies < 0:
    raise ImproperlyConfigured(
        "STYRINGSDIALOG_TRUSTED_PROXIES skal være 0 eller et positivt heltal."
    )

# --- File storage: local MEDIA_ROOT or an S3-compatible bucket (django-storages) ---
# Every stored file goes through Django's storage API (styringsdialog.lib.storage). With
# STYRINGSDIALOG_S3_BUCKET set, files live in that bucket (endpoint, region, keys and addressing
# style from STYRINGSDIALOG_S3_*), so several app processes can share one installation; without
# it they stay under MEDIA_ROOT. Only the "default" entry is set here, any "staticfiles" entry is
# kept.
from styringsdialog.lib.storage import default_storage_config  # noqa: E402

STORAGES = {
    **(
        globals().get("STORAGES")
        or {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    ),
    "default": default_storage_config(
        bucket=os.environ.get("STYRINGSDIALOG_S3_BUCKET", ""),
        prefix=os.environ.get("STYRINGSDIALOG_S3_PREFIX", ""),
        endpoint_url=os.environ.get("STYRINGSDIALOG_S3_ENDPOINT_URL", ""),
        region=os.environ.get("STYRINGSDIALOG_S3_REGION", ""),
        access_key_id=os.environ.get("STYRINGSDIALOG_S3_ACCESS_KEY_ID", ""),
        secret_access_key=os.environ.get("STYRINGSDIALOG_S3_SECRET_ACCESS_KEY", ""),
        addressing_style=os.environ.get("STYRINGSDIALOG_S3_ADDRESSING_STYLE", ""),
    ),
}

# --- Background jobs (django-tasks, database backend) and e-mail (docs/reference/jobs.md) ---
# Long work (benchmark and reconciliation runs, every e-mail) is queued in the database and run
# by `styringsdialog worker` (make run starts one beside the server). EMAIL_BACKEND only queues
# a message; the worker sends it with EMAIL_DELIVERY_BACKEND: SMTP when
# STYRINGSDIALOG_EMAIL_HOST is set, otherwise one file per message under $VAR_DIR/mail/.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
EMAIL_BACKEND = "styringsdialog.jobs.mail.QueuedEmailBackend"
EMAIL_HOST = os.environ.get("STYRINGSDIALOG_EMAIL_HOST", "").strip()
_email_security = _env_choice(
    "STYRINGSDIALOG_EMAIL_SECURITY", "starttls", ("starttls", "ssl", "none")
)
EMAIL_USE_TLS = _email_security == "starttls"
EMAIL_USE_SSL = _email_security == "ssl"
EMAIL_PORT = _env_int(
    "STYRINGSDIALOG_EMAIL_PORT", {"starttls": 587, "ssl": 465, "none": 25}[_email_security]
)
EMAIL_HOST_USER = os.environ.get("STYRINGSDIALOG_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("STYRINGSDIALOG_EMAIL_PASSWORD", "")
EMAIL_TIMEOUT = _env_int("STYRINGSDIALOG_EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get(
    "STYRINGSDIALOG_EMAIL_FROM", "Styringsdialog <noreply@styringsdialog.invalid>"
).strip()
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[Styringsdialog] "
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_DELIVERY_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend"
)
if not 0 < EMAIL_PORT < 65536:
    raise ImproperlyConfigured(
        f"STYRINGSDIALOG_EMAIL_PORT skal være et portnummer, ikke {EMAIL_PORT}."
    )
if EMAIL_TIMEOUT <= 0:
    raise ImproperlyConfigured("STYRINGSDIALOG_EMAIL_TIMEOUT skal være et positivt antal sekunder.")
if "@" not in DEFAULT_FROM_EMAIL:
    raise ImproperlyConfigured(
        f"STYRINGSDIALOG_EMAIL_FROM skal være en e-mailadresse, fx 'Styringsdialog <noreply@kommune.dk>', "
        f"ikke {DEFAULT_FROM_EMAIL!r}."
    )
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60  # the reset e-mail says the link works for 24 hours


# --- Content-Security-Policy (django-csp) ---
# Everything from our own origin, nothing inline: no inline <script> (a script that must be inline
# carries nonce="{{ request.csp_nonce }}"), no <style> elements or style="" attributes (CSS lives
# in static files), no eval (htmx runs with allowEval false). data: images are for the icons in
# the Swagger UI's CSS. Checked by web/tests/test_csp.py and the browser tests.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}


# --- i11-registers ---
# Real register extracts and live fetches (docs/reference/settings.md, "Registers").
# BBR livscyklus codes whose objects are skipped (and counted) on import instead of checked:
# 9 Afsluttet, 10 Slettet, 11 Fejlregistreret, 14 Henlagt, 17 Afvist ([U] which codes end an
# object's life is not stated by the code list; almen.registers.bbr.SKIPPED_STATUSES).
REGISTERS_BBR_SKIP_STATUSES = tuple(
    c.strip()
    for c in os.environ.get("STYRINGSDIALOG_BBR_SKIP_STATUSES", "9,10,11,14,17").split(",")
    if c.strip()
)
DATAFORDELER_API_KEY = os.environ.get("DATAFORDELER_API_KEY", "")
DATAFORDELER_CLIENT_ID = os.environ.get("DATAFORDELER_CLIENT_ID", "")
DATAFORDELER_CLIENT_SECRET = os.environ.get("DATAFORDELER_CLIENT_SECRET", "")
DATAFORDELER_TOKEN_URL = os.environ.get(
    "DATAFORDELER_TOKEN_URL",
    "https://auth.datafordeler.dk/realms/distribution/protocol/openid-connect/token",
)
DATAFORDELER_BBR_GRAPHQL_URL = os.environ.get(
    "DATAFORDELER_BBR_GRAPHQL_URL", "https://graphql.datafordeler.dk/BBR/v2"
)
STATBANK_URL = os.environ.get("STYRINGSDIALOG_STATBANK_URL", "https://api.statbank.dk/v1")
REGISTERS_FETCH_TIMEOUT = _env_int("STYRINGSDIALOG_FETCH_TIMEOUT", 30)
REGISTERS_FETCH_RETRIES = _env_int("STYRINGSDIALOG_FETCH_RETRIES", 3)
REGISTERS_FETCH_BACKOFF = _env_int("STYRINGSDIALOG_FETCH_BACKOFF", 2)
REGISTERS_FETCH_PAGE_SIZE = _env_int("STYRINGSDIALOG_FETCH_PAGE_SIZE", 1000)
# --- i11-figures ---
# Efficiency figures from fewer comparable departments than this are withheld ("for få
# sammenlignelige afdelinger"): not coloured, not in the briefing, not published. Source: the
# Effektiviseringsenheden compares each department with at least 30 peers (DOMAIN.md §3.1).
BENCHMARK_MIN_COMPARABLE = int(os.environ.get("STYRINGSDIALOG_BENCHMARK_MIN_COMPARABLE", "30"))
# --- i9-jobs ---
# A running job's worker writes a heartbeat every JOBS_HEARTBEAT_INTERVAL seconds; a running job
# without one for JOBS_STALE_AFTER seconds lost its worker (killed hard) and is failed by the
# worker's recovery (at start and every JOBS_HEARTBEAT_INTERVAL) or `styringsdialog jobs recover`.
JOBS_STALE_AFTER = _env_int("STYRINGSDIALOG_JOBS_STALE_AFTER", 300)
if JOBS_STALE_AFTER < 10:
    raise ImproperlyConfigured("STYRINGSDIALOG_JOBS_STALE_AFTER skal være mindst 10 sekunder.")
JOBS_HEARTBEAT_INTERVAL = max(2, min(30, JOBS_STALE_AFTER // 5))

# Django's cache: counters shared by every server process (the API's failed-token throttling)
# and whatever else caches. STYRINGSDIALOG_CACHE_URL: redis://[:password@]host:port/db (or
# rediss://) → Redis, recommended for a shared installation; db:// → a table in the database
# (created by migrate and by serve --production); locmem:// → per process (the demo's default).
# Empty: locmem in the demo, the database in production, so several gunicorn workers share one
# counter without extra services.
CACHE_URL = os.environ.get("STYRINGSDIALOG_CACHE_URL", "").strip()
CACHE_TABLE = "styringsdialog_cache"


def _cache_config(url: str, *, production: bool) -> dict:
    scheme = url.split("://", 1)[0].lower() if "://" in url else url.lower()
    if scheme in ("redis", "rediss"):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "styringsdialog",
        }
    if scheme == "db" or (scheme == "" and production):
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": CACHE_TABLE}
    if scheme in ("locmem", ""):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    raise ImproperlyConfigured(
        "STYRINGSDIALOG_CACHE_URL skal begynde med redis://, rediss://, db:// eller locmem://, "
        f"ikke {url.split('://', 1)[0]!r}."
    )


CACHES = {"default": _cache_config(CACHE_URL, production=PRODUCTION)}

# Documentation-package imports of files larger than this many bytes run as a background job
# (stored first, then imported by the worker); smaller files are imported in the request.
INTAKE_ASYNC_IMPORT_BYTES = _env_int("STYRINGSDIALOG_ASYNC_IMPORT_BYTES", 256 * 1024)
if INTAKE_ASYNC_IMPORT_BYTES < 0:
    raise ImproperlyConfigured("STYRINGSDIALOG_ASYNC_IMPORT_BYTES må ikke være negativ.")
# History import (C13): an uploaded referat that is never confirmed is removed from
# referater/import-staging/ by the daily send-reminders run once it is older than this.
REFERAT_IMPORT_STAGING_HOURS = _env_int("STYRINGSDIALOG_REFERAT_IMPORT_STAGING_HOURS", 48)
if REFERAT_IMPORT_STAGING_HOURS < 1:
    raise ImproperlyConfigured("STYRINGSDIALOG_REFERAT_IMPORT_STAGING_HOURS skal være mindst 1.")
# ESDH export (issue 16): the documents of one package together at most this many MB.
ESDH_EXPORT_MAX_BYTES = max(1, _env_int("STYRINGSDIALOG_ESDH_EXPORT_MAX_MB", 500)) * 1024 * 1024
# --- i11-intake ---
# Rows an imported accounts/facts/answers file may have (header included). 50,000 fits the
# largest organisations (about 300 departments × 65 konti); a national file (7,500 departments ×
# 60 konti = 450,000 lines) needs about 460,000. See docs/benchmarks.md ("Stor regnskabsfil").
INTAKE_IMPORT_MAX_ROWS = _env_int("STYRINGSDIALOG_IMPORT_MAX_ROWS", 50_000)
if INTAKE_IMPORT_MAX_ROWS < 2:
    raise ImproperlyConfigured("STYRINGSDIALOG_IMPORT_MAX_ROWS skal være mindst 2.")
# Months after the deadline for provisional accounts to LBF in which corrections are allowed.
# Source: BEK 1238 af 5/11 2010, via LBF orienterer 2010/11 (DOMAIN.md §1.2): "one further month".
INTAKE_CORRECTION_WINDOW_MONTHS = _env_int("STYRINGSDIALOG_CORRECTION_WINDOW_MONTHS", 1)
if not 0 <= INTAKE_CORRECTION_WINDOW_MONTHS <= 12:
    raise ImproperlyConfigured("STYRINGSDIALOG_CORRECTION_WINDOW_MONTHS skal være 0–12 måneder.")
# --- i9-perf2 ---
# Seconds the kommune overview's rendered content stays in the cache (0: not cached). The key
# holds a data fingerprint (registry.queries.overview), so changes show at once; the timeout only
# bounds memory and edits that bypass it.
OVERVIEW_CACHE_SECONDS = _env_int("STYRINGSDIALOG_OVERVIEW_CACHE_SECONDS", 300)
if OVERVIEW_CACHE_SECONDS < 0:
    raise ImproperlyConfigured("STYRINGSDIALOG_OVERVIEW_CACHE_SECONDS må ikke være negativ.")
# With Redis as the shared cache, sessions are read from it and written to both it and the
# database (Django's cached_db engine): one query less on every logged-in request, and a session
# survives a flushed or restarted Redis. With the database cache it would save nothing.
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- h16a: single sign-on (OpenID Connect) and local passwords (docs/reference/settings.md) ---
# SSO is on when STYRINGSDIALOG_OIDC_CLIENT_ID is set (mozilla-django-oidc, ADR 0007). The claim
# rules (JSON list, styringsdialog.users.claims) give roles; ClaimRule rows in admin add to them.
# STYRINGSDIALOG_LOCAL_PASSWORD_LOGIN=0 turns off passwords: the login page shows only the SSO
# button (API tokens still work).
LOCAL_PASSWORD_LOGIN = _env_bool("STYRINGSDIALOG_LOCAL_PASSWORD_LOGIN", True)
OIDC_RP_CLIENT_ID = os.environ.get("STYRINGSDIALOG_OIDC_CLIENT_ID", "").strip()
OIDC_RP_CLIENT_SECRET = os.environ.get("STYRINGSDIALOG_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("STYRINGSDIALOG_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("STYRINGSDIALOG_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("STYRINGSDIALOG_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("STYRINGSDIALOG_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("STYRINGSDIALOG_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("STYRINGSDIALOG_OIDC_SCOPES", "openid email profile")
OIDC_CLAIM_RULES = os.environ.get("STYRINGSDIALOG_OIDC_CLAIM_RULES", "")
OIDC_BUTTON_LABEL = os.environ.get(
    "STYRINGSDIALOG_OIDC_BUTTON_LABEL", "Log ind med din organisations log-ind"
)
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = False
OIDC_AUTHENTICATE_CLASS = "styringsdialog.users.views.SsoStartView"
OIDC_CALLBACK_CLASS = "styringsdialog.users.views.SsoCallbackView"
LOGIN_REDIRECT_URL_FAILURE = "/log-ind/?sso=fejl"
if OIDC_RP_CLIENT_ID:
    for _oidc_name, _url in (
        ("STYRINGSDIALOG_OIDC_AUTHORIZATION_ENDPOINT", OIDC_OP_AUTHORIZATION_ENDPOINT),
        ("STYRINGSDIALOG_OIDC_TOKEN_ENDPOINT", OIDC_OP_TOKEN_ENDPOINT),
        ("STYRINGSDIALOG_OIDC_USERINFO_ENDPOINT", OIDC_OP_USER_ENDPOINT),
        ("STYRINGSDIALOG_OIDC_JWKS_ENDPOINT", OIDC_OP_JWKS_ENDPOINT),
    ):
        if not _url.startswith(("https://", "http://")):
            raise ImproperlyConfigured(f"{_oidc_name} skal være en URL, når SSO er slået til.")
    from styringsdialog.users.claims import RuleError, parse_rules

    try:
        parse_rules(OIDC_CLAIM_RULES)
    except RuleError as _exc:
        raise ImproperlyConfigured(str(_exc)) from None
if not LOCAL_PASSWORD_LOGIN and not OIDC_RP_CLIENT_ID:
    raise ImproperlyConfigured(
        "STYRINGSDIALOG_LOCAL_PASSWORD_LOGIN=0 kræver SSO (STYRINGSDIALOG_OIDC_CLIENT_ID)."
    )
AUTHENTICATION_BACKENDS = [
    b
    for b in AUTHENTICATION_BACKENDS
    if LOCAL_PASSWORD_LOGIN or b != "django.contrib.auth.backends.ModelBackend"
] + ["styringsdialog.users.oidc.SsoBackend"]
# --- h16b: audit log, retention, legal pages (docs/reference/audit.md, settings.md) ---
# Pages whose address begins with one of these are public: never logged, and the audit
# middleware looks at neither session nor user for them (no query).
AUDIT_PUBLIC_PREFIXES = (
    "/offentlig/",
    "/static/",
    "/favicon.ico",
    "/tilgaengelighed/",
    "/privatliv/",
    "/vejledninger/",
    "/log-ind/",
    "/api/v1/docs",
    "/api/v1/openapi.json",
)
AUDIT_LOG_VIEWS = _env_bool("STYRINGSDIALOG_AUDIT_LOG_VIEWS", True)
# The models whose creation, change and deletion is logged (with the changed field names).
AUDIT_MODELS = (
    "meetings.Meeting",
    "meetings.AgendaItem",
    "meetings.Participant",
    "meetings.Attachment",
    "meetings.ReferatComment",
    "meetings.Agreement",
    "meetings.Case",
    "meetings.CaseEntry",
    "meetings.CaseLink",
    "intake.DocumentationPackage",
    "intake.Attachment",
    "intake.Answer",
    "publication.ReferatVersion",
    "accounts.Membership",
    "accounts.User",
    "accounts.ApiToken",
    # The apps of the first wave (issue 16 integration): anvisning, byggesager, user
    # administration and journal facts.
    "anvisning.AnvisningAgreement",
    "anvisning.CoveredDepartment",
    "anvisning.StepReview",
    "anvisning.LedgerEntry",
    "anvisning.VacancyCount",
    "anvisning.AnvisningComment",
    "construction.ConstructionCase",
    "construction.Milestone",
    "construction.Event",
    "construction.MaximumRate",
    "users.GrantRecord",
    "users.OidcIdentity",
    "users.ClaimRule",
    "records.RecordInfo",
)
# Retention in days (styringsdialog retention, run daily by a timer: docs/deploy.md).
AUDIT_RETENTION_DAYS = _env_int("STYRINGSDIALOG_AUDIT_RETENTION_DAYS", 5 * 365)
RETENTION_DRAFT_DAYS = _env_int("STYRINGSDIALOG_RETENTION_DRAFT_DAYS", 3 * 365)
RETENTION_COMMENT_DAYS = _env_int("STYRINGSDIALOG_RETENTION_COMMENT_DAYS", 3 * 365)
# Household references in the anvisning ledger (anvisning/retention.py).
RETENTION_LEDGER_REFERENCE_DAYS = _env_int(
    "STYRINGSDIALOG_RETENTION_LEDGER_REFERENCE_DAYS", 5 * 365
)
for _name, _value in (
    ("STYRINGSDIALOG_AUDIT_RETENTION_DAYS", AUDIT_RETENTION_DAYS),
    ("STYRINGSDIALOG_RETENTION_DRAFT_DAYS", RETENTION_DRAFT_DAYS),
    ("STYRINGSDIALOG_RETENTION_COMMENT_DAYS", RETENTION_COMMENT_DAYS),
    ("STYRINGSDIALOG_RETENTION_LEDGER_REFERENCE_DAYS", RETENTION_LEDGER_REFERENCE_DAYS),
):
    if _value < 30:
        raise ImproperlyConfigured(f"{_name} skal være mindst 30 dage.")
# The installation's part of the accessibility statement and the privacy policy.
LEGAL_ORGANISATION = os.environ.get("STYRINGSDIALOG_LEGAL_ORGANISATION", "Kommunen").strip()
LEGAL_CONTACT_EMAIL = os.environ.get(
    "STYRINGSDIALOG_LEGAL_CONTACT_EMAIL", "tilgaengelighed@kommune.invalid"
).strip()
LEGAL_CONTACT_PHONE = os.environ.get("STYRINGSDIALOG_LEGAL_CONTACT_PHONE", "").strip()
LEGAL_DPO_EMAIL = os.environ.get("STYRINGSDIALOG_LEGAL_DPO_EMAIL", "dpo@kommune.invalid").strip()
LEGAL_ADDRESS = os.environ.get("STYRINGSDIALOG_LEGAL_ADDRESS", "").strip()
ACCESSIBILITY_REVIEWED = os.environ.get("STYRINGSDIALOG_ACCESSIBILITY_REVIEWED", "2026-12-03")
ACCESSIBILITY_STATEMENT_PUBLISHED = os.environ.get(
    "STYRINGSDIALOG_ACCESSIBILITY_PUBLISHED", "2026-12-03"
)
for _date_name, _date_value in (
    ("STYRINGSDIALOG_ACCESSIBILITY_REVIEWED", ACCESSIBILITY_REVIEWED),
    ("STYRINGSDIALOG_ACCESSIBILITY_PUBLISHED", ACCESSIBILITY_STATEMENT_PUBLISHED),
):
    try:
        _date.fromisoformat(_date_value)
    except ValueError as _exc:
        raise ImproperlyConfigured(
            f"{_date_name} skal være en dato (ÅÅÅÅ-MM-DD), ikke {_date_value!r}."
        ) from _exc
# The Danish user guides shown under /vejledninger/ (Markdown files).
USER_GUIDES_DIR = Path(
    os.environ.get("STYRINGSDIALOG_USER_GUIDES_DIR", PROJECT_DIR / "docs" / "user")
)

# w3: construction case documents (byggesager), the largest file accepted (MB)
CONSTRUCTION_DOCUMENT_MAX_BYTES = (
    max(1, _env_int("STYRINGSDIALOG_CONSTRUCTION_DOCUMENT_MAX_MB", 25)) * 1024 * 1024
)
