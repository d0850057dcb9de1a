"""Settings shared by every environment; each value is read through django-environ."""

from pathlib import Path
from typing import Any

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    environ.Env.read_env(str(env_file))

SECRET_KEY = env("SECRET_KEY", default="insecure-local-development-key-change-me-0123456789")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# A kept connection is checked before each request reuses it: after PostgreSQL restarts,
# the first request gets a new connection instead of an error (issue 22, "Faults survived").
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The zero-setup demo serves the web and the worker on one SQLite file: a transaction
    # takes the write lock when it begins and a writer waits up to 20 s for another's,
    # instead of "database is locked" when a read in a save turns into a write while the
    # worker or another user writes (sessions and the cache write on every request too).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )

# How long one SQL statement may run, in milliseconds (PostgreSQL's statement_timeout; 0:
# no limit). A web request's statement is cancelled after DB_STATEMENT_TIMEOUT_WEB, before
# gunicorn's 30 s kill of the request would leave it running in the database; the user
# gets a 503 page (core.middleware.StatementTimeoutMiddleware). The worker and management
# commands (migrate, imports, the daily jobs) get DB_STATEMENT_TIMEOUT_OTHER, no limit by
# default. The web process is the one started through config/wsgi.py or config/asgi.py,
# which set DJANGO_PROCESS=web (docs/operations.md).
DJANGO_PROCESS = env("DJANGO_PROCESS", default="command")
STATEMENT_TIMEOUT_MS = (
    env.int("DB_STATEMENT_TIMEOUT_WEB", default=25_000)
    if DJANGO_PROCESS == "web"
    else env.int("DB_STATEMENT_TIMEOUT_OTHER", default=0)
)


def with_statement_timeout(database: dict[str, Any], milliseconds: int) -> dict[str, Any]:
    """``database`` (a DATABASES entry) whose connections start with that statement_timeout
    (PostgreSQL only; 0 leaves it alone). Options already given are kept."""
    if milliseconds <= 0 or "postgresql" not in database.get("ENGINE", ""):
        return database
    options = dict(database.get("OPTIONS", {}))
    given = options.get("options", "")
    options["options"] = f"{given} -c statement_timeout={int(milliseconds)}".strip()
    return {**database, "OPTIONS": options}


DATABASES["default"] = with_statement_timeout(DATABASES["default"], STATEMENT_TIMEOUT_MS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "simple_history",
    "core.axes_app.AxesConfig",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "core.tasks_app.TasksConfig",
    "core",
    "districts",
    "evaluations",
    "grievances",
    "rankings",
    "publication",
    "api",
    "dashboard",
    "tools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.RejectNulBytesMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "core.security.RefusedRequestLogMiddleware",
    "core.middleware.StatementTimeoutMiddleware",
]

# Response headers (README, "Security headers"). A strict Content-Security-Policy: every
# script and style comes from our own static files, none is inline (the SVG charts use
# presentation attributes, not style attributes); nothing may frame the site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
# Browser features the site never uses, refused to every page and frame.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "dashboard.navigation.navigation",
            ],
        },
    },
]

AUTH_USER_MODEL = "districts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2id first (core/hashers.py says why); the others only read passwords stored before.
PASSWORD_HASHERS = [
    "core.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after a working day of inactivity and when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# django-axes: failed logins are counted per username (from any address) and per address
# (on any username) within the cool-off period; either limit reached refuses the login
# until the cool-off has passed (core/throttling.py).
AXES_HANDLER = "core.throttling.ThrottlingHandler"
AXES_USERNAME_CALLABLE = "core.throttling.client_username"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)  # per username
AXES_IP_FAILURE_LIMIT = env.int("AXES_IP_FAILURE_LIMIT", default=20)  # per address
AXES_FAILURE_LIMITS = {"username": AXES_FAILURE_LIMIT, "ip_address": AXES_IP_FAILURE_LIMIT}
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client's address, for every limit (login lockout, API rate limit, the verdict page):
# core.clientip.client_address. X-Forwarded-For is believed only behind this many reverse
# proxies of our own (nginx in front: 1); 0, the header is ignored (AXES_PROXY_COUNT: its
# former name).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=env.int("AXES_PROXY_COUNT", default=0))
AXES_CLIENT_IP_CALLABLE = "core.clientip.client_network"
# The resident's verdict page (/v/): code checks refused or under way, per client address
# (any reference) and per reference from one address, within the window
# (grievances/services/verdict_limits.py).
VERDICT_ATTEMPTS_PER_ADDRESS = env.int("VERDICT_ATTEMPTS_PER_ADDRESS", default=10)
VERDICT_ATTEMPTS_PER_REFERENCE = env.int("VERDICT_ATTEMPTS_PER_REFERENCE", default=5)
VERDICT_ATTEMPT_WINDOW_MINUTES = env.int("VERDICT_ATTEMPT_WINDOW_MINUTES", default=60)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]

# An empty filter choice reads "Any" (django-filter says "---------").
FILTERS_EMPTY_CHOICE_LABEL = _("Any")
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table"}

# Shared state lives in PostgreSQL, so any number of app servers behind a balancer see the
# same: sessions, django-axes' failed logins (AxesDatabaseHandler), and the cache (rate
# limits, cached figures) in the table core/migrations/0001 creates. Nothing is kept in
# one process's memory between requests.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
        "OPTIONS": {"MAX_ENTRIES": env.int("CACHE_MAX_ENTRIES", default=5000)},
    }
}
# How long a computed figure (a year's assessment) is kept for its data version
# (core/dataversion.py); 0: computed on every request.
DATA_CACHE_SECONDS = env.int("DATA_CACHE_SECONDS", default=24 * 60 * 60)
# How far behind meetings being entered a dashboard's standing of the year may be (it says
# when it was computed); the ranking pages, exports and the API are always exact.
HOME_STANDING_MAX_AGE = env.int("HOME_STANDING_MAX_AGE", default=30)

# Largest CSV accepted by the admin upload (bytes).
IMPORT_MAX_UPLOAD_BYTES = env.int("IMPORT_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_UPLOAD_BYTES + 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # refused requests (403/404, the admin's "not found"): who, where, why
        "security.refused": {"level": "INFO"},
    },
}

# The read-only JSON API (api/, README "The API"): Django REST framework with
# drf-spectacular for the OpenAPI 3 schema; Swagger UI from drf-spectacular-sidecar's
# static files (no CDN), its start script served apart so the CSP needs no inline script.
REST_FRAMEWORK = {
    # personal tokens only: a program's access is its token's, never a browser session's
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.DatabaseRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Community safety evaluation API",
    "DESCRIPTION": (
        "Read-only. Without a token: what is published (rankings, publications). With a "
        "personal token (Authorization: Bearer ...): everything in its user's scope. Errors "
        "are application/problem+json."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "StreetKindEnum": "districts.models.Street.Kind",
        "CommunityKindEnum": "districts.models.Community.Kind",
        "GrievanceKindEnum": "grievances.models.Grievance.Kind",
        "PublicationKindEnum": "publication.models.Publication.Kind",
    },
}
# Requests per minute, counted in the database (shared by every worker).
API_RATE_LIMIT_PER_MINUTE = env.int("API_RATE_LIMIT_PER_MINUTE", default=600)
API_ANONYMOUS_RATE_LIMIT_PER_MINUTE = env.int("API_ANONYMOUS_RATE_LIMIT_PER_MINUTE", default=120)

# The task queue (issue 11): jobs are rows in the project's own database (django-tasks with
# django-tasks-db's backend), run by `manage.py db_worker`; `manage.py scheduler` enqueues
# the periodic ones (core/jobs.py). No broker to run: SQLite for the demo, PostgreSQL in
# production.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Mail (the daily digest): EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.org:587
# or consolemail:// (printed, the demo's default).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="community-safety@localhost")
# A mail server that does not answer must not hold the worker: seconds per SMTP operation.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# Digests the mail server refused are tried again after these many minutes (dashboard.tasks)
DIGEST_RETRY_MINUTES = [int(m) for m in env.list("DIGEST_RETRY_MINUTES", default=[5, 15, 60, 180])]
# the digest's language, and the address its links start with
DIGEST_LANGUAGE = env("DIGEST_LANGUAGE", default="zh-hans")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# The worker's lease (core/worker.py): `manage.py worker` beats every
# TASK_WORKER_BEAT_SECONDS; a task left running by a worker silent for
# TASK_WORKER_LEASE_SECONDS (killed, machine lost) is queued again, until it has been
# claimed TASK_MAX_ATTEMPTS times, then failed with a message on its page.
TASK_WORKER_BEAT_SECONDS = env.float("TASK_WORKER_BEAT_SECONDS", default=10.0)
TASK_WORKER_LEASE_SECONDS = env.float("TASK_WORKER_LEASE_SECONDS", default=60.0)
TASK_MAX_ATTEMPTS = env.int("TASK_MAX_ATTEMPTS", default=2)

# Uploads larger than FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) are spooled to a temporary file
# in UPLOAD_TEMP_DIR (default: the system's temporary folder) before the import page stores
# them in the database; a full disk there is refused with a message, not a 500
# (core/uploadhandlers.py).
FILE_UPLOAD_TEMP_DIR = env("UPLOAD_TEMP_DIR", default=None)
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "core.uploadhandlers.DiskFullSafeUploadHandler",
]
