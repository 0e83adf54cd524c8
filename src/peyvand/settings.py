"""Django settings, read from the environment through typed parsers (see README, Configuration)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from peyvand.audit.anchor_key import anchor_key_from_env
from peyvand.core.crypto import field_keys_from_env
from peyvand.core.env import (
    SettingError,
    env_bool,
    env_choice,
    env_float,
    env_int,
    env_list,
    env_networks,
    env_secret,
    env_str,
    parse_cache_url,
    parse_database_url,
    sqlite_database,
)

PACKAGE_DIR = Path(__file__).resolve().parent

PEYVAND_ENV = env_choice("PEYVAND_ENV", ("dev", "production"), "dev")
PRODUCTION = PEYVAND_ENV == "production"
DATA_DIR = Path(env_str("PEYVAND_DATA_DIR", str(Path.cwd() / "var"))).resolve()
DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise SettingError("DEBUG must be off when PEYVAND_ENV=production")


def _secret_key() -> str:
    key = env_secret("SECRET_KEY")
    if key:
        if PRODUCTION and len(key) < 50:
            raise SettingError("SECRET_KEY must be at least 50 characters in production")
        return key
    if PRODUCTION:
        raise SettingError("SECRET_KEY or SECRET_KEY_FILE must be set when PEYVAND_ENV=production")
    # Development: one random key per data directory, kept across restarts.
    key_file = DATA_DIR / "dev-secret-key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(64), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise SettingError("ALLOWED_HOSTS must be set when PEYVAND_ENV=production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "peyvand.core",
    "peyvand.accounts",
    "peyvand.audit",
    "peyvand.people",
    "peyvand.tracing",
    "peyvand.matching",
    "peyvand.consent",
    "peyvand.messaging",
    "peyvand.visits",
    "peyvand.appeals",
    "peyvand.letters",
    "peyvand.reports",
    "peyvand.intake",
    "peyvand.interop",
    "peyvand.api",
    "peyvand.demo",
    # The operator's commands (serve, backup, restore, keys), above audit: they audit what they do.
    "peyvand.operations",
    # Erasure, retention and subject access over every app's declarations: the top layer.
    "peyvand.privacy",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    # First: answers /healthz and /metrics itself (no host check, redirect or session), times
    # every other request, and drops forwarded headers that no trusted proxy set.
    "peyvand.core.operations.middleware.OperationsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy with a per-request nonce (django-csp, CONTENT_SECURITY_POLICY below)
    "csp.middleware.CSPMiddleware",
    # Permissions-Policy, CORP, no-store: peyvand/core/security.py
    "peyvand.core.security.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "peyvand.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "peyvand.accounts.middleware.IdleSessionMiddleware",
    "peyvand.accounts.middleware.StaffTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "peyvand.urls"
WSGI_APPLICATION = "peyvand.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite (the default) runs in WAL mode with immediate write transactions; a writer waits up to
# this many seconds for another to finish instead of failing (peyvand.core.env.sqlite_database).
_SQLITE_BUSY_SECONDS = env_float("PEYVAND_SQLITE_BUSY_SECONDS", 20.0, minimum=1, maximum=600)
_database_url = env_str("DATABASE_URL", "")
if _database_url:
    DATABASES = {"default": parse_database_url(_database_url, _SQLITE_BUSY_SECONDS)}
else:
    DATABASES = {"default": sqlite_database(DATA_DIR / "peyvand.sqlite3", _SQLITE_BUSY_SECONDS)}

# Rate limits and one-time export links live in a cache every process shares: Redis when
# CACHE_URL=redis://... is set, otherwise a table in the database (no other service to run).
# Sign-in lockouts (django-axes) and sessions are database rows already.
CACHES = {
    "default": parse_cache_url(
        env_str("CACHE_URL", ""), env_str("PEYVAND_CACHE_KEY_PREFIX", "peyvand")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "peyvand.accounts.passwords.MinimumLength",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Accounts: lockout after failed sign-ins (django-axes), TOTP for staff (django-otp), idle expiry.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("PEYVAND_LOGIN_FAILURE_LIMIT", 5, minimum=1, maximum=100)
AXES_COOLOFF_TIME = timedelta(
    minutes=env_int("PEYVAND_LOGIN_LOCKOUT_MINUTES", 30, minimum=1, maximum=7 * 24 * 60)
)
# Per username typed and client address, so one attacker cannot lock a colleague out from afar;
# unknown usernames are counted exactly like known ones (no enumeration through the lockout).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "peyvand.core.ratelimit.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "Peyvand"
# Staff are signed out after this long without a request; a seeker's track session sooner.
PEYVAND_STAFF_IDLE_MINUTES = env_int("PEYVAND_STAFF_IDLE_MINUTES", 30, minimum=1, maximum=24 * 60)
PEYVAND_SEEKER_IDLE_MINUTES = env_int("PEYVAND_SEEKER_IDLE_MINUTES", 15, minimum=1, maximum=24 * 60)

LANGUAGE_CODE = env_choice("PEYVAND_DEFAULT_LANGUAGE", ("en", "fa", "sq"), "en")
LANGUAGES = [("fa", _("Persian")), ("en", _("English")), ("sq", _("Albanian"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "UTC")

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# In development WhiteNoise serves straight from the apps; production runs collectstatic first.
WHITENOISE_USE_FINDERS = DEBUG
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "peyvand@localhost")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
elif PRODUCTION:
    raise SettingError("EMAIL_HOST must be set when PEYVAND_ENV=production")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Background work (matching a new request, e-mail notices) goes through Django's task API. The
# database backend needs `peyvand db_worker` running (`peyvand serve` starts one unless told
# not to); `immediate` runs each task inline, for tests and one-off scripts.
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {
    "default": {
        "BACKEND": _TASK_BACKENDS[
            env_choice("PEYVAND_TASKS", ("database", "immediate"), "database")
        ]
    }
}

# Exchange with partners: the domain that names this installation's PFIF records
# (`<domain>/person.<id>`), and requests per minute allowed to one API token.
PEYVAND_PFIF_DOMAIN = env_str("PEYVAND_PFIF_DOMAIN", "peyvand.example.org")
PEYVAND_API_RATE_LIMIT = env_int("PEYVAND_API_RATE_LIMIT", 120, minimum=1, maximum=100_000)

# Matching: pairs the engine scores below this probability need a second reviewer to confirm.
PEYVAND_SECOND_REVIEW_BELOW = env_float("PEYVAND_SECOND_REVIEW_BELOW", 0.5, minimum=0, maximum=1)
# The engine keeps this many best candidates per record, plus every pair above the floor.
PEYVAND_CANDIDATES_PER_RECORD = env_int("PEYVAND_CANDIDATES_PER_RECORD", 10, minimum=1, maximum=100)
PEYVAND_CANDIDATE_FLOOR = env_float("PEYVAND_CANDIDATE_FLOOR", 0.05, minimum=0, maximum=1)
# The live candidate index (matching.candidate_index): how many registered persons one new
# record is scored against at most, which blocks are always read however full the budget, and
# the largest block read at all (a very common name and year says little on its own).
PEYVAND_CANDIDATE_BUDGET = env_int("PEYVAND_CANDIDATE_BUDGET", 300, minimum=100, maximum=100000)
PEYVAND_BLOCK_ALWAYS = env_int("PEYVAND_BLOCK_ALWAYS", 5, minimum=0, maximum=100000)
PEYVAND_BLOCK_MAX = env_int("PEYVAND_BLOCK_MAX", 5000, minimum=1, maximum=1000000)

# Visits: `peyvand visits remind` e-mails the assigned caseworker this many days before a visa or
# travel-document deadline (once per deadline).
PEYVAND_VISIT_REMINDER_DAYS = env_int("PEYVAND_VISIT_REMINDER_DAYS", 7, minimum=0, maximum=365)

# Field encryption: contact details, places, message bodies and notes are stored encrypted
# (AES-256-GCM, peyvand/core/crypto.py). PEYVAND_FIELD_KEYS or PEYVAND_FIELD_KEYS_FILE holds
# {"id": "base64 key"} or "id:base64key,id:base64key"; new values use PEYVAND_FIELD_KEY_CURRENT
# (default: the first id); `peyvand keys rotate` moves older values over. Required in production;
# in development a key is generated in DATA_DIR (0600).
PEYVAND_FIELD_KEYS, PEYVAND_FIELD_KEY_CURRENT = field_keys_from_env(DATA_DIR, PRODUCTION)

# Audit anchor: signed checkpoints of the audit chain's head, appended to a file outside the
# database (peyvand/audit/anchor.py), that `peyvand audit verify` checks the chain against.
# PEYVAND_AUDIT_ANCHOR_KEY / _FILE: the Ed25519 signing key (base64 of 32 bytes, `peyvand audit
# new-anchor-key`); unset, one is made on first use in DATA_DIR/audit-anchor-key (0600).
PEYVAND_AUDIT_ANCHOR = Path(
    env_str("PEYVAND_AUDIT_ANCHOR", str(DATA_DIR / "audit-checkpoints.jsonl"))
).resolve()
PEYVAND_AUDIT_ANCHOR_KEY = anchor_key_from_env()

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=300)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Web hardening (docs/security.md): headers beyond Django's own come from django-csp and
# peyvand.core.security.SecurityHeadersMiddleware; uploads go through peyvand.core.uploads.
# The policy: only this origin's scripts, styles, images and fonts; inline <script> and <style>
# only with the per-response nonce ({{ request.csp_nonce }}), inline style="" never; no plugins;
# no framing; forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "upgrade-insecure-requests": PRODUCTION and SECURE_SSL_REDIRECT,
    }
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    # The __Host- prefix pins the cookies to this exact host, over HTTPS, for the whole site.
    SESSION_COOKIE_NAME = "__Host-peyvand-session"
    CSRF_COOKIE_NAME = "__Host-peyvand-csrf"
PEYVAND_UPLOAD_MAX_BYTES = env_int(
    "PEYVAND_UPLOAD_MAX_BYTES", 5 * 1024 * 1024, minimum=1024, maximum=100 * 1024 * 1024
)
# Family lists and PFIF files are read as streams within these caps, checked before any row is
# imported (peyvand.intake.limits; docs/security.md "Uploads and imports").
PEYVAND_IMPORT_MAX_ROWS = env_int("PEYVAND_IMPORT_MAX_ROWS", 100_000, minimum=1, maximum=10_000_000)
PEYVAND_IMPORT_MAX_COLUMNS = env_int("PEYVAND_IMPORT_MAX_COLUMNS", 100, minimum=1, maximum=16_384)
# below the csv module's own field limit (131,072), so this cap is the one that speaks
PEYVAND_IMPORT_MAX_CELL_CHARS = env_int(
    "PEYVAND_IMPORT_MAX_CELL_CHARS", 2_000, minimum=100, maximum=100_000
)
PEYVAND_IMPORT_MAX_UNCOMPRESSED_BYTES = env_int(
    "PEYVAND_IMPORT_MAX_UNCOMPRESSED_BYTES",
    256 * 1024 * 1024,
    minimum=1024 * 1024,
    maximum=4 * 1024 * 1024 * 1024,
)
PEYVAND_IMPORT_MAX_COMPRESSION_RATIO = env_int(
    "PEYVAND_IMPORT_MAX_COMPRESSION_RATIO", 100, minimum=10, maximum=10_000
)
PEYVAND_PFIF_MAX_BYTES = env_int(
    "PEYVAND_PFIF_MAX_BYTES", 50 * 1024 * 1024, minimum=1024, maximum=1024 * 1024 * 1024
)
PEYVAND_PFIF_MAX_RECORDS = env_int(
    "PEYVAND_PFIF_MAX_RECORDS", 10_000, minimum=1, maximum=10_000_000
)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger uploads spool to a private temporary file
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every PDF step at INFO, sqlglot (under Splink) every SQL
    # rewrite it skips; only their warnings matter.
    "loggers": {
        name: {"level": "WARNING"}
        for name in ("weasyprint", "fontTools", "weasyprint.progress", "sqlglot")
    },
}

# Retention: days after a case closes with one of these outcomes before the seeker's contact
# details, the case's relayed messages and the message for the sought person are deleted
# (`peyvand retention run`). The case shell, its timeline and the audit trail stay.
PEYVAND_RETENTION_DAYS = {
    "declined": env_int("PEYVAND_RETENTION_DECLINED_DAYS", 30, minimum=0, maximum=3650),
    "withdrawn": env_int("PEYVAND_RETENTION_WITHDRAWN_DAYS", 30, minimum=0, maximum=3650),
    "not_found": env_int("PEYVAND_RETENTION_NOT_FOUND_DAYS", 365, minimum=0, maximum=3650),
}

# Serving and operations (`peyvand serve`, /healthz, /metrics, logs; README "Running in
# production"). A reverse proxy is believed about the client's address (X-Forwarded-For) and the
# scheme (X-Forwarded-Proto) only when the connection comes from one of PEYVAND_TRUSTED_PROXIES
# (addresses or networks); from anyone else those headers are dropped before Django reads them.
PEYVAND_TRUSTED_PROXIES = env_networks("PEYVAND_TRUSTED_PROXIES", [])
if PEYVAND_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /metrics answers a request bearing this token (Authorization: Bearer ...) or coming from one of
# PEYVAND_METRICS_ALLOW; nobody by default.
PEYVAND_METRICS_TOKEN = env_secret("PEYVAND_METRICS_TOKEN") or ""
PEYVAND_METRICS_ALLOW = env_networks("PEYVAND_METRICS_ALLOW", [])
# /healthz fails when a queued task has waited longer than this (no worker, or a stuck one).
PEYVAND_HEALTH_QUEUE_SECONDS = env_int("PEYVAND_HEALTH_QUEUE_SECONDS", 300, minimum=10)
# LOG_FORMAT=json: one JSON object per line, and one line per request (method, view, status,
# duration) with no path, query string, address or exception message (peyvand/core/operations).
PEYVAND_LOG_REQUESTS = env_choice("LOG_FORMAT", ("text", "json"), "text") == "json"
if PEYVAND_LOG_REQUESTS:
    LOGGING["formatters"] = {"json": {"()": "peyvand.core.operations.logs.JsonFormatter"}}
    LOGGING["handlers"]["console"]["formatter"] = "json"  # type: ignore[index]
    # Django's own console handler (development) would print "Not Found: <path>" in plain text.
    LOGGING["loggers"]["django"] = {"handlers": ["console"], "level": "INFO", "propagate": False}  # type: ignore[index]
