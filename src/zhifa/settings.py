"""Django settings for zhifa.

The embedded default is SQLite under ``./var/`` (override with ``ZHIFA_SQLITE_PATH`` or
``ZHIFA_DATA_DIR``); PostgreSQL is used when ``ZHIFA_DATABASE_URL`` is set
(``postgresql://user@host:port/dbname``, psycopg 3).
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("ZHIFA_DATA_DIR", Path.cwd() / "var")).resolve()

SECRET_KEY = os.environ.get("ZHIFA_SECRET_KEY", "dev-insecure-zhifa-change-me-in-production-0123456789")
DEBUG = os.environ.get("ZHIFA_DEBUG", "0") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("ZHIFA_ALLOWED_HOSTS", "localhost,127.0.0.1,testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "zhifa.core",
    "zhifa.org",
    "zhifa.powers",
    "zhifa.enforcement",
    "zhifa.supervision",
    "zhifa.reports",
    "zhifa.web",
    "zhifa.portal",
    "zhifa.exchange",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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
LOGIN_URL = "/staff/login/"
LOGIN_REDIRECT_URL = "/staff/"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
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
