"""Huitong settings, read from the environment with safe laptop defaults.

Every setting that differs between a laptop and production is an environment variable
named ``HUITONG_*``. Secrets may also be read from a file: ``HUITONG_SECRET_KEY_FILE``.
See README.md, section "Production".
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("HUITONG_VAR_DIR", Path.cwd() / "var"))

DEFAULT_SECRET_KEY = "huitong-insecure-laptop-key-do-not-use-in-production"


def env(name: str, default: str = "") -> str:
    """Read ``HUITONG_<name>``, or the content of the file named by ``HUITONG_<name>_FILE``."""
    file_path = os.environ.get(f"HUITONG_{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(f"HUITONG_{name}", default)


def envbool(name: str, default: bool) -> bool:
    value = env(name, "")
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = env(name, "")
    return int(value) if value else default


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


PRODUCTION = envbool("PRODUCTION", False)
DEBUG = envbool("DEBUG", not PRODUCTION)
SECRET_KEY = env("SECRET_KEY", DEFAULT_SECRET_KEY)

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("HUITONG_DEBUG must be off when HUITONG_PRODUCTION is on.")
    if SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "HUITONG_PRODUCTION is on: set HUITONG_SECRET_KEY (or HUITONG_SECRET_KEY_FILE) "
            "to a random value of at least 50 characters."
        )

ALLOWED_HOSTS = envlist(
    "ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1],testserver"
)
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "huitong.core",
    "huitong.accounts",
    "huitong.alliance",
    "huitong.terminology",
    "huitong.certificates",
    "huitong.courses",
    "huitong.training",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Production serves static files from STATIC_ROOT; runserver serves them on a laptop.
    *(["whitenoise.middleware.WhiteNoiseMiddleware"] if PRODUCTION else []),
    "huitong.core.middleware.DataVersionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "huitong.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "huitong.urls"
WSGI_APPLICATION = "huitong.wsgi.application"
ASGI_APPLICATION = "huitong.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "huitong.core.context_processors.platform",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------
# SQLite (WAL) on a laptop; PostgreSQL in production through one variable:
#   HUITONG_DATABASE_URL=postgres://user:password@host:5432/huitong
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'huitong.sqlite3'}")
_database: dict[str, Any] = dict(dj_database_url.parse(DATABASE_URL, conn_max_age=0))
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database["OPTIONS"] = {
        # BEGIN IMMEDIATE takes the write lock at the start of every transaction, so two
        # writers queue up behind busy_timeout instead of failing with "database is locked"
        # when one of them upgrades a read transaction to a write.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA busy_timeout=20000;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA cache_size=-20000;"
        ),
    }
    # A file, not memory, so that tests exercise WAL and concurrent connections; one per
    # test process, so that parallel runs never share it.
    _database["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"huitong-test-{os.getpid()}.sqlite3")
    }
else:
    _database["CONN_MAX_AGE"] = envint("DATABASE_CONN_MAX_AGE", 60)
    _database["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "huitong.core.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "huitong",
        },
        # Entries whose keys carry the data version: kept in each process's memory too
        # (see huitong.core.tiered_cache).
        "versioned": {
            "BACKEND": "huitong.core.tiered_cache.TieredCache",
            "LOCATION": "default",
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 300, "LOCAL_TIMEOUT": 60},
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "huitong",
        },
        # The same memory as "default" (one LOCATION): already in the process.
        "versioned": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "huitong",
        },
    }
# With Redis, every worker reads sessions from the cache (a signed-in request then makes
# no session query); the per-process memory cache would let a session deleted by one
# worker (logging out) live on in another's, so without Redis they stay in the database.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)

# --- Background tasks -----------------------------------------------------------------
# "immediate" runs tasks in the web process after commit (laptop); "database" queues them
# in the database for `huitong db_worker` (production).
TASKS_BACKEND = env("TASKS_BACKEND", "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
            "dummy": "django_tasks.backends.dummy.DummyBackend",
        }[TASKS_BACKEND],
        "QUEUES": ["default"],
    }
}

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed log-ins per e-mail address and per client address before a pause.
LOGIN_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW = envint("LOGIN_FAILURE_WINDOW", 15 * 60)
EMAIL_VERIFICATION_MAX_AGE = 3 * 24 * 3600

# --- E-mail ---------------------------------------------------------------------------
EMAIL_HOST = env("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Huitong <noreply@huitong.example>")

# --- Languages ------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("sr-latn", "Srpski (latinica)"),
    ("pl", "Polski"),
    ("pt-br", "Português (Brasil)"),
]
# Languages whose interface is complete; the others cover navigation, accounts and the
# alliance pages and fall back to English elsewhere.
COMPLETE_LANGUAGES = ["en", "zh-hans"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_COOKIE_NAME = "huitong_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
# Course files (videos, readings, subtitles), served only after an access check; by
# default in "<MEDIA_ROOT>-private" (see courses/media.py).
PRIVATE_MEDIA_ROOT = env("PRIVATE_MEDIA_ROOT") or None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security -------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = (
    []
    if envbool("SECURE_HSTS_PRELOAD", False) or not PRODUCTION
    else [
        # Preloading HSTS is a one-way decision for the domain owner, not a default.
        "security.W021",
    ]
)

# --- API ------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 200

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    # Django's own loggers print through the root handler, once.
    "loggers": {"django": {"handlers": [], "level": "INFO", "propagate": True}},
}

PLATFORM_NAME = _("Huitong")
