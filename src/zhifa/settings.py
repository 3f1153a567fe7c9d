"""Django settings for zhifa.

One data directory whatever the current directory: ``ZHIFA_DATA_DIR``, else the user data dir of the
platform (``~/.local/share/zhifa`` on Linux). The embedded default database is SQLite there (override
the file with ``ZHIFA_SQLITE_PATH``); PostgreSQL is used when ``ZHIFA_DATABASE_URL`` is set
(``postgresql://user@host:port/dbname``, psycopg 3). The production variables are listed in README.md
("Production"); ``zhifa check --deploy`` is clean under them.
"""

import os
from pathlib import Path

import dj_database_url

from zhifa.core.secret import data_dir, installation_key, key_file

BASE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


DATA_DIR = data_dir()

# The key: ZHIFA_SECRET_KEY, else this installation's own key, generated at random by `zhifa migrate` (and
# `zhifa demo`) into the data directory (mode 0600; zhifa.core.secret). Until then the fallback below is
# used, which is public (it is in this file): zhifa.core.checks refuses it, and any key shorter than 50
# characters, whenever DEBUG is off (`zhifa serve`, the WSGI application and so `zhifa runserver`,
# `check --deploy`). Several hosts serving one site must share ZHIFA_SECRET_KEY.
FALLBACK_SECRET_KEY = "dev-insecure-zhifa-change-me-in-production-0123456789"
SECRET_KEY_FILE = key_file(DATA_DIR)
SECRET_KEY = os.environ.get("ZHIFA_SECRET_KEY") or installation_key(SECRET_KEY_FILE) or FALLBACK_SECRET_KEY
DEBUG = _env_bool("ZHIFA_DEBUG", False)
ALLOWED_HOSTS = [h for h in os.environ.get("ZHIFA_ALLOWED_HOSTS", "localhost,127.0.0.1,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("ZHIFA_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# Behind a reverse proxy, REMOTE_ADDR is the proxy's address. Name the header the proxy sets
# (e.g. X-Forwarded-For) and how many proxies append to it; the client address is then read from it
# (zhifa.core.net.client_ip) for the clue rate limit and the login lockout. Unset: REMOTE_ADDR.
TRUSTED_PROXY_HEADER = os.environ.get("ZHIFA_TRUSTED_PROXY_HEADER", "")
TRUSTED_PROXY_COUNT = int(os.environ.get("ZHIFA_TRUSTED_PROXY_COUNT", "1"))

# HTTPS behind a TLS-terminating proxy: the proxy must set X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _env_bool("ZHIFA_BEHIND_TLS_PROXY", False) else None
SECURE_SSL_REDIRECT = _env_bool("ZHIFA_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("ZHIFA_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("ZHIFA_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = _env_bool("ZHIFA_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = _env_bool("ZHIFA_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # its Swagger UI from the package's own static files, not a CDN (intranets have no internet)
    "axes",
    "django_tasks",
    "django_tasks_db",
    "zhifa.core",
    "zhifa.org",
    "zhifa.powers",
    "zhifa.enforcement",
    "zhifa.supervision",
    "zhifa.reports",
    "zhifa.demo",
    "zhifa.web",
    "zhifa.portal",
    "zhifa.exchange",
    "zhifa.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zhifa.urls"
WSGI_APPLICATION = "zhifa.wsgi.application"

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
            ],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("ZHIFA_DATABASE_URL")
    if url:
        db = dj_database_url.parse(url, conn_max_age=60)
        db.setdefault("TEST", {})
        return db
    path = Path(os.environ.get("ZHIFA_SQLITE_PATH", DATA_DIR / "zhifa.sqlite3"))
    path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        # Keep a thread's connection between requests: opening one and running the PRAGMAs below
        # costs ~8 ms, more than a whole portal search (bench/portal.py).
        "CONN_MAX_AGE": 60,
        "OPTIONS": {
            # WAL lets the web server read while a report or an import writes.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        },
    }


DATABASES = {"default": _database()}

# One cache shared by every server process and kept across restarts: Redis when ZHIFA_REDIS_URL is
# set, else a table in the database (created by `zhifa migrate`). The clue rate limit and the portal's
# page cache live there; the login lockout lives in axes' own tables (AccessAttempt).
if os.environ.get("ZHIFA_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["ZHIFA_REDIS_URL"],
            "KEY_PREFIX": "zhifa",
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "zhifa_cache",
            "KEY_PREFIX": "zhifa",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# Background work (zhifa.ops): django-tasks with its database backend, run by `zhifa worker`.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "reports"],
    }
}
# How many report/bulletin jobs run at once (`zhifa worker` starts this many report processes).
REPORT_CONCURRENCY = int(os.environ.get("ZHIFA_REPORT_CONCURRENCY", "1"))
# Supervision checks after writes wait this long so that a burst of writes to one record is checked once.
ALERT_HOOK_DELAY_SECONDS = float(os.environ.get("ZHIFA_ALERT_HOOK_DELAY", "2"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AXES_FAILURE_LIMIT = int(os.environ.get("ZHIFA_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "zhifa.web.views.auth.lockout"  # a Chinese lockout page
# Failures are counted in axes' database tables (shared by every process, kept across restarts),
# keyed on the client address behind the configured trusted proxy.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_CLIENT_IP_CALLABLE = "zhifa.core.net.axes_client_ip"
LOGIN_URL = "/staff/login/"
LOGIN_REDIRECT_URL = "/staff/"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("ZHIFA_STATIC_ROOT", DATA_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise reads it at start-up (empty until collectstatic)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # `zhifa serve` collects into STATIC_ROOT (gzip/brotli copies made once) and whitenoise serves them;
    # without collectstatic (tests, runserver) the urls.py fallback serves the app directories.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("ZHIFA_MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = "/media/"

# Where recordings (音像记录) are stored; files are content-addressed by SHA-256.
RECORDING_ROOT = Path(os.environ.get("ZHIFA_RECORDING_ROOT", DATA_DIR / "recordings"))
REPORT_ROOT = Path(os.environ.get("ZHIFA_REPORT_ROOT", DATA_DIR / "reports"))

DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
# An API batch of 5 000 exchange records (行政处罚 ≈ 2 KB each) must fit: /api/v1/ batches.
DATA_UPLOAD_MAX_MEMORY_SIZE = 32 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ZHIFA_LOG_LEVEL", "WARNING")},
}
