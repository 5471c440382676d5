"""Django settings, read from the environment. A bad or missing value stops start-up with a
message that names the variable and says what is expected (see docs/operations.md)."""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parents[1]
VAR_DIR = Path(os.environ.get("VENDEPUNKT_VAR_DIR", PROJECT_DIR / "var"))


def _fail(name: str, found: str, expected: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(
        f"{name}: {found} — forventet / expected: {expected}. Se / see docs/operations.md."
    )


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise _fail(name, f"ugyldig værdi / invalid value {raw!r}", "true eller/or false")


def env_int(name: str, default: int, *, minimum: int = 1) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < minimum:
        raise _fail(
            name,
            f"ugyldig værdi / invalid value {raw!r}",
            f"et helt tal / a whole number >= {minimum}",
        )
    return int(raw)


def env_str(name: str, *, min_length: int = 1) -> str:
    raw = os.environ.get(name, "")
    if len(raw) < min_length:
        found = "mangler / missing" if not raw else f"for kort / too short ({len(raw)} tegn/chars)"
        raise _fail(name, found, f"mindst / at least {min_length} tegn/chars")
    return raw


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    items = [item.strip() for item in raw.split(",")]
    if any(not item for item in items):
        raise _fail(
            name,
            f"tomt element i / empty item in {raw!r}",
            "kommasepareret liste / comma-separated list",
        )
    return items


def env_fernet_key(name: str) -> str:
    raw = env_str(name)
    try:
        ok = len(base64.urlsafe_b64decode(raw.encode("ascii"))) == 32
    except (binascii.Error, ValueError, UnicodeEncodeError):
        ok = False
    if not ok:
        raise _fail(
            name,
            "ikke en gyldig nøgle / not a valid key",
            "32 bytes i URL-sikker base64 (Fernet) / 32 bytes url-safe base64 (Fernet)",
        )
    return raw


# SQLite for a centre's staff at once (issue 10 § 5, D41): write-ahead logging, so readers never
# wait for the writer nor the writer for readers; a busy timeout, so a writer waits its turn
# instead of failing with "database is locked"; and BEGIN IMMEDIATE for Django's transactions, so
# a transaction that reads and then writes takes the write lock at its start (a deferred one that
# meets another writer when it first writes fails at once: SQLite cannot wait there without a
# deadlock). `timeout` is the seconds sqlite3 waits for a lock (PRAGMA busy_timeout).
SQLITE_BUSY_TIMEOUT = env_int("VENDEPUNKT_SQLITE_BUSY_TIMEOUT", 30)
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": SQLITE_BUSY_TIMEOUT,
    "init_command": "PRAGMA journal_mode=WAL",
}


def env_database(name: str) -> dict:
    raw = os.environ.get(name, "").strip()
    if not raw:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "vendepunkt.sqlite3"),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    scheme = raw.split(":", 1)[0]
    if scheme not in {"postgres", "postgresql", "sqlite"}:
        raise _fail(
            name,
            f"ukendt databasetype / unsupported scheme {scheme!r}",
            "postgres://… eller/or sqlite:///…",
        )
    try:
        config = dj_database_url.parse(raw, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise _fail(
            name, f"kan ikke læses / cannot be parsed ({exc})", "postgres://user@host:5432/db"
        ) from None
    if config["ENGINE"].endswith("postgresql"):
        config.setdefault("OPTIONS", {})
    else:  # sqlite:///path: the same settings for concurrent use as the default file
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", min_length=32)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"] if DEBUG else [])
if not ALLOWED_HOSTS:
    raise _fail(
        "ALLOWED_HOSTS",
        "mangler / missing",
        "værtsnavne, fx / host names, e.g. vendepunkt.kommune.dk",
    )
# The key for the encrypted course records (CPR numbers and other fields). Kept out of the DB.
VENDEPUNKT_ENCRYPTION_KEY = env_fernet_key("VENDEPUNKT_ENCRYPTION_KEY")
DATABASES = {"default": env_database("DATABASE_URL")}
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "vendepunkt.accounts",
    "vendepunkt.audit",
    "vendepunkt.standards",
    "vendepunkt.citizens",
    "vendepunkt.providers",
    "vendepunkt.courses",
    "vendepunkt.complaints",
    "vendepunkt.journal",
    "vendepunkt.groups",
    "vendepunkt.filing",
    "vendepunkt.reminders",
    "vendepunkt.rights",
    "vendepunkt.registers",
    "vendepunkt.web",
    "vendepunkt.api",
]

MIDDLEWARE = [
    "vendepunkt.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "vendepunkt.web.middleware.SessionTimeoutMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "vendepunkt.web.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
    "vendepunkt.web.middleware.SecurityEventMiddleware",
]

ROOT_URLCONF = "vendepunkt.urls"
WSGI_APPLICATION = "vendepunkt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/arbejdsliste/"

# Lockout after repeated failures (django-axes): per user name, released after a cool-off.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
# Staff of a municipality share one outgoing IP address: locking an address would lock out the
# whole centre after five mistyped passwords by different people. The account is locked instead,
# whatever the address (D25), so django-axes' advice to add the IP address is set aside.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"

# Sessions: an absolute lifetime, and an inactivity timeout checked by SessionTimeoutMiddleware.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_INACTIVITY_SECONDS = 30 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# OpenID Connect login for a municipal identity provider, switched on by settings. New users get
# no role, and so no rights, until an administrator gives them one.
OIDC_ENABLED = env_bool("OIDC_ENABLED", False)
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("vendepunkt.accounts.oidc.MunicipalOIDCBackend")
    OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_MUNICIPALITY_CODE = env_str("OIDC_MUNICIPALITY_CODE")
    LOGIN_REDIRECT_URL_FAILURE = "/login/"

OTP_TOTP_ISSUER = "Vendepunkt"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English mode keeps the Danish date format, day before month (vendepunkt/formats/en, D80).
FORMAT_MODULE_PATH = ["vendepunkt.formats"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Front-end packages from npm (make setup), served from node_modules, never copied into the repo.
# They are needed at run time: a missing one stops start-up (system check web.E001, D46c).
NODE_MODULES = Path(os.environ.get("VENDEPUNKT_NODE_MODULES", PROJECT_DIR / "node_modules"))
FRONTEND_PACKAGES = (
    ("dkfds", "dkfds/dist"),
    ("htmx", "htmx.org/dist"),
    ("chartjs", "chart.js/dist"),
)
STATICFILES_DIRS = [
    (prefix, NODE_MODULES / path)
    for prefix, path in FRONTEND_PACKAGES
    if (NODE_MODULES / path).is_dir()
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}


def env_filing_storage() -> dict:
    """The filed documents' storage (issue 13 § 2, D89): always encrypted (filing/storage.py),
    around the files under VENDEPUNKT_FILING_DIR (default var/filing) or, with
    VENDEPUNKT_FILING_STORAGE=s3, an S3-compatible bucket through django-storages
    (VENDEPUNKT_S3_BUCKET, VENDEPUNKT_S3_ENDPOINT_URL, VENDEPUNKT_S3_REGION; the credentials by
    boto3's own environment variables, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)."""
    kind = os.environ.get("VENDEPUNKT_FILING_STORAGE", "filesystem")
    if kind == "filesystem":
        inner = {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {
                "location": os.environ.get("VENDEPUNKT_FILING_DIR", str(VAR_DIR / "filing")),
                "directory_permissions_mode": 0o700,
                "file_permissions_mode": 0o600,
            },
        }
    elif kind == "s3":
        options = {
            "bucket_name": env_str("VENDEPUNKT_S3_BUCKET"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        }
        if os.environ.get("VENDEPUNKT_S3_ENDPOINT_URL"):
            options["endpoint_url"] = os.environ["VENDEPUNKT_S3_ENDPOINT_URL"]
        if os.environ.get("VENDEPUNKT_S3_REGION"):
            options["region_name"] = os.environ["VENDEPUNKT_S3_REGION"]
        inner = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    else:
        raise _fail("VENDEPUNKT_FILING_STORAGE", kind, "filesystem or s3")
    return {"BACKEND": "vendepunkt.filing.storage.EncryptedStorage", "OPTIONS": {"inner": inner}}


STORAGES["filing"] = env_filing_storage()
# The largest document that may be uploaded (MB). Uploads up to it are kept in memory, never in
# a temporary file in plain text (D90).
VENDEPUNKT_UPLOAD_MAX_BYTES = env_int("VENDEPUNKT_UPLOAD_MAX_MB", 20) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = VENDEPUNKT_UPLOAD_MAX_BYTES
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # the fields beside a file (Django's default)

SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
# Served over HTTPS only (the default unless DEBUG; the local demo sets SECURE_COOKIES=false):
# plain HTTP is redirected and browsers are told to use HTTPS for a year (HSTS).
SECURE_SSL_REDIRECT = SECURE_COOKIES
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60 if SECURE_COOKIES else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_COOKIES
SECURE_HSTS_PRELOAD = SECURE_COOKIES
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    # Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto (docs/operations.md).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# The REST API (docs/api.md): requests per token (or signed-in user) per fixed window, counted
# in the default cache (across all workers with Redis, per process with the local-memory cache).
# A journal note locks this many hours after it was written, if its author has not signed it
# (then it is corrected only by an amendment; issue 13 § 1, docs/decisions.md).
VENDEPUNKT_JOURNAL_LOCK_HOURS = env_int("VENDEPUNKT_JOURNAL_LOCK_HOURS", 24)
# The job queue (D96): django-tasks with its database backend, in the application's database
# (SQLite or PostgreSQL); `manage.py worker` runs the tasks and the reminder scan (make run starts
# it beside gunicorn; in production one or more on one or more machines, docs/operations.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Reminders to citizens (issue 13 § 3): queued this many hours before an appointment, scanned for
# every VENDEPUNKT_REMINDER_SCAN_SECONDS by each worker, tried at most MAX_ATTEMPTS times with a
# backoff that doubles from RETRY_SECONDS. The sender's name is the municipality's choice, else
# the name in its standard file.
VENDEPUNKT_REMINDER_LEAD_HOURS = env_int("VENDEPUNKT_REMINDER_LEAD_HOURS", 24)
VENDEPUNKT_REMINDER_SCAN_SECONDS = env_int("VENDEPUNKT_REMINDER_SCAN_SECONDS", 60)
VENDEPUNKT_REMINDER_MAX_ATTEMPTS = env_int("VENDEPUNKT_REMINDER_MAX_ATTEMPTS", 5)
VENDEPUNKT_REMINDER_RETRY_SECONDS = env_int("VENDEPUNKT_REMINDER_RETRY_SECONDS", 60)
VENDEPUNKT_REMINDER_SENDER = os.environ.get("VENDEPUNKT_REMINDER_SENDER", "").strip()
VENDEPUNKT_REMINDER_FROM_EMAIL = os.environ.get(
    "VENDEPUNKT_REMINDER_FROM_EMAIL", "vendepunkt@localhost"
).strip()
# E-mail: SMTP through Django's backend (EMAIL_BACKEND may name another, e.g. the console's).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = VENDEPUNKT_REMINDER_FROM_EMAIL
# SMS: an HTTP gateway taking a JSON POST {"to", "from", "text"} with a bearer token.
VENDEPUNKT_SMS_URL = os.environ.get("VENDEPUNKT_SMS_URL", "").strip()
VENDEPUNKT_SMS_TOKEN = os.environ.get("VENDEPUNKT_SMS_TOKEN", "")
VENDEPUNKT_SMS_SENDER = os.environ.get("VENDEPUNKT_SMS_SENDER", "Vendepunkt").strip()[:11]
VENDEPUNKT_SMS_TIMEOUT = env_int("VENDEPUNKT_SMS_TIMEOUT", 10)
VENDEPUNKT_API_RATE_LIMIT = env_int("VENDEPUNKT_API_RATE_LIMIT", 120)
VENDEPUNKT_API_RATE_WINDOW = env_int("VENDEPUNKT_API_RATE_WINDOW", 60)
NINJA_PAGINATION_MAX_LIMIT = 100


# Caches (D41a, D46b). "default" holds the rate-limit counters: shared by every worker in Redis
# when CACHE_URL (or REDIS_URL) names one, as in production and the PostgreSQL test tier, else each
# process's memory (the embedded SQLite default). Its keys carry VENDEPUNKT_CACHE_KEY_PREFIX, and
# clearing it removes only keys with that prefix. "documents" holds the public standard documents
# as PDF, rendered once per standard version, annex year, language, database and day, in files
# shared by every gunicorn worker and kept across restarts; Django removes expired entries and
# keeps at most MAX_ENTRIES.
def env_cache(*names: str) -> dict:
    raw = next((os.environ[n].strip() for n in names if os.environ.get(n, "").strip()), "")
    if not raw:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    scheme = raw.split(":", 1)[0]
    if scheme not in {"redis", "rediss", "unix"}:
        raise _fail(
            " / ".join(names),
            f"ukendt cachetype / unsupported scheme {scheme!r}",
            "redis://host:6379/0",
        )
    return {
        "BACKEND": "vendepunkt.cache.PrefixedRedisCache",
        "LOCATION": raw,
        "KEY_PREFIX": os.environ.get("VENDEPUNKT_CACHE_KEY_PREFIX", "vendepunkt"),
    }


CACHES = {
    "default": env_cache("CACHE_URL", "REDIS_URL"),
    "documents": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("VENDEPUNKT_DOCUMENT_CACHE_DIR", str(VAR_DIR / "documents")),
        "TIMEOUT": 2 * 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
}
# The public pages (start page, standard document, its PDF): requests per client address per
# fixed window for visitors who are not signed in (D41b); staff are not limited.
VENDEPUNKT_PUBLIC_RATE_LIMIT = env_int("VENDEPUNKT_PUBLIC_RATE_LIMIT", 60)
VENDEPUNKT_PUBLIC_RATE_WINDOW = env_int("VENDEPUNKT_PUBLIC_RATE_WINDOW", 60)
# Behind a reverse proxy that appends the client's address to X-Forwarded-For: count per that
# address (the last one in the header), not per the proxy's.
VENDEPUNKT_TRUST_X_FORWARDED_FOR = env_bool("VENDEPUNKT_TRUST_X_FORWARDED_FOR", False)

# The security log (issue 10 § 2): a notice to the centre leaders when one user is refused this
# many times within the window (seconds).
VENDEPUNKT_REFUSAL_NOTICE_LIMIT = env_int("VENDEPUNKT_REFUSAL_NOTICE_LIMIT", 10)
VENDEPUNKT_REFUSAL_NOTICE_WINDOW = env_int("VENDEPUNKT_REFUSAL_NOTICE_WINDOW", 600)

# Application log (issue 11 § 5, D46a): one JSON object a line on standard error (python-json-
# logger), the event in "message" and its facts as fields. Never personal data: users by id,
# URL patterns instead of paths, no query strings, names, e-mail addresses nor CPR numbers.
# LOG_FORMAT=text gives plain lines for a developer's terminal.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json").strip().lower()
if LOG_FORMAT not in {"json", "text"}:
    raise _fail("LOG_FORMAT", f"ugyldig værdi / invalid value {LOG_FORMAT!r}", "json eller/or text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "filters": {"without_request": {"()": "vendepunkt.logs.WithoutRequest"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["without_request"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every rendering step at INFO: keep their warnings only.
    # django-axes writes the user name and the address of each failed sign-in at WARNING: its
    # errors only (our `sign_in_failed` names the user by id).
    "loggers": {
        **{name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
        "axes": {"level": "ERROR"},
    },
}
