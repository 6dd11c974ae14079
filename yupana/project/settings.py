"""Django settings for Yupana, read from the environment.

Production sets YUPANA_ENV=production and must provide SECRET_KEY, YUPANA_ENCRYPTION_KEY,
DATABASE_URL and ALLOWED_HOSTS (see docs/deploy.md). Anywhere else the missing secrets are generated
once into the var/ folder, so `make run` works on a fresh clone and keeps its data between runs.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("YUPANA_VAR_DIR", BASE_DIR / "var")).resolve()

YUPANA_ENV = os.environ.get("YUPANA_ENV", "development")
PRODUCTION = YUPANA_ENV == "production"


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "si", "sí"}


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _dev_secret(name: str, env_var: str, make) -> str:
    """The value of env_var; outside production, a value generated once into var/<name>."""
    value = os.environ.get(env_var)
    if value:
        return value
    if PRODUCTION:
        raise ImproperlyConfigured(f"Falta la variable de entorno {env_var} (obligatoria en producción).")
    path = VAR_DIR / name
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


def _fernet_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


DEBUG = _env_bool("YUPANA_DEBUG", False)
SECRET_KEY = _dev_secret("secret.key", "SECRET_KEY", lambda: secrets.token_urlsafe(50))
# Comma-separated Fernet keys: the first encrypts, all decrypt (key rotation).
YUPANA_ENCRYPTION_KEY = _dev_secret("encryption.key", "YUPANA_ENCRYPTION_KEY", _fernet_key)

ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "yupana.web",
    "yupana.companies",
    "yupana.accounts",
    "yupana.audit",
    "yupana.tasks",
]
# Apps of later layers join when they have an apps.py, so each team adds its app without editing
# this file and a half-built tree still starts.
# An app with models joins once it has its first migration (a half-built app cannot break the rest).
for _apps_py in sorted((BASE_DIR / "yupana").glob("*/apps.py")):
    _dir = _apps_py.parent
    _app = f"yupana.{_dir.name}"
    _ready = any((_dir / "migrations").glob("0001_*.py")) or not (_dir / "models.py").exists()
    if _ready and _app not in INSTALLED_APPS:
        INSTALLED_APPS.append(_app)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "yupana.accounts.middleware.SessionLimitMiddleware",
    "yupana.companies.middleware.CompanyMiddleware",
]

ROOT_URLCONF = "yupana.project.urls"
WSGI_APPLICATION = "yupana.project.wsgi.application"

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
                "yupana.web.context_processors.shell",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'yupana.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions + WAL let the web server and the task worker write the same file without
    # "database is locked" errors; the timeout makes a writer wait instead of failing.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: rate limits (public pages, API keys) count in it, so several web processes must share one.
# YUPANA_CACHE=db uses a table of the database (`yupana createcachetable`); the default is one
# in-memory cache per process, right for `make run` and tests.
if os.environ.get("YUPANA_CACHE", "").strip().lower() == "db":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "yupana_cache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions live in the database so that one user can close another's session (plan limits).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A signed-in session without activity for this long stops counting against the plan and is closed.
YUPANA_SESSION_IDLE_MINUTES = int(os.environ.get("YUPANA_SESSION_IDLE_MINUTES", "30"))
# Failed logins before an account is locked, and for how long.
YUPANA_LOCKOUT_ATTEMPTS = int(os.environ.get("YUPANA_LOCKOUT_ATTEMPTS", "5"))
YUPANA_LOCKOUT_MINUTES = int(os.environ.get("YUPANA_LOCKOUT_MINUTES", "15"))

LANGUAGE_CODE = "es-pe"
LANGUAGES = [("es-pe", "Español (Perú)")]
TIME_ZONE = "America/Lima"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["yupana.project.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("YUPANA_STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("YUPANA_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "yupana.web.storage.YupanaStaticFilesStorage"
        if _env_bool("YUPANA_STATIC_MANIFEST", PRODUCTION)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Without a collectstatic run (development, tests), whitenoise serves straight from the apps.
WHITENOISE_USE_FINDERS = not _env_bool("YUPANA_STATIC_MANIFEST", PRODUCTION)
if WHITENOISE_USE_FINDERS:
    import warnings

    # Serving from the app folders, an empty STATIC_ROOT is expected.
    warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# Background tasks: django-tasks with its database backend (no broker; see docs/architecture.md).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "sunat"],
    }
}

# E-mail: SMTP when EMAIL_HOST is set; otherwise files under var/mail (read them to reset a password).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Yupana <no-responder@yupana.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = _env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

# SUNAT: where the built-in simulator listens (the company's "simulador" environment).
YUPANA_SIMULATOR_URL = os.environ.get("YUPANA_SIMULATOR_URL", "http://127.0.0.1:8765")

if PRODUCTION:
    SESSION_COOKIE_SECURE = _env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", False)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
    SECURE_CONTENT_TYPE_NOSNIFF = True
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Falta la variable de entorno ALLOWED_HOSTS (obligatoria en producción).")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # httpx logs every SOAP call at INFO; the dispatcher already logs one line per verdict.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "httpx": {"level": "WARNING"},
                "httpcore": {"level": "WARNING"}},
}
CSRF_FAILURE_VIEW = "yupana.web.views.csrf_failure"
