"""ModelRef settings: one module, driven by environment variables (see README)."""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true for local development).")
    # Local development only: a random key kept in the ignored var/ folder.
    from django.core.management.utils import get_random_secret_key

    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(exist_ok=True)
        key_file.write_text(get_random_secret_key())
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, for FORM_RENDERER
    "django_filters",
    "axes",
    "catalog",
    "comparisons",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "modelref.pagecache.CataloguePageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "modelref.urls"
WSGI_APPLICATION = "modelref.wsgi.application"

# Forms render through TEMPLATES, so templates/django/forms/ can override a widget template.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "modelref.context_processors.site_links",
            ],
        },
    },
    {
        # The hot page bodies (directory, profile, comparison, benchmark rows, /pricing/
        # cells) render with Jinja2, about three times faster than Django's engine: jinja2/
        # holds them; django.forms' own Jinja2 widgets (APP_DIRS) render the traffic form.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "modelref.templating.environment"},
    },
]

# Database: DATABASE_URL, or the project's own embedded PostgreSQL under var/postgres.
if os.environ.get("DATABASE_URL"):
    _database_url = os.environ["DATABASE_URL"]
else:
    from modelref.embedded_db import embedded_database_url

    _database_url = embedded_database_url(
        Path(os.environ.get("EMBEDDED_POSTGRES_DIR", VAR_DIR / "postgres"))
    )
DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
DATABASES["default"]["NAME"] = os.environ.get("DATABASE_NAME", DATABASES["default"]["NAME"])
if env_bool("DATABASE_POOL"):
    # Under ASGI (the production server) each request runs in a thread of its own, so
    # persistent per-thread connections would pile up: psycopg's pool shares them instead.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 2,
        "max_size": int(os.environ.get("DATABASE_POOL_SIZE") or 16),
        "timeout": 10,
    }
# Search's trigram index matches names at least this similar (catalog.search).
DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
    "-c pg_trgm.word_similarity_threshold=0.5"
)


def cache_settings(url: str) -> dict:
    """CACHE_URL: unset for each process's own memory, or redis://host:port/db (Valkey too)."""
    if not url:
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_ENTRIES", "500"))},
        }
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured("CACHE_URL must be a redis://, rediss:// or unix:// URL.")


# The page cache (modelref.pagecache): keys carry the catalogue version, so each process's
# own memory is safe across several app servers; CACHE_URL shares one Redis/Valkey instead.
CACHES = {"default": cache_settings(os.environ.get("CACHE_URL", ""))}
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "86400"))
PAGE_MAX_AGE = int(os.environ.get("PAGE_MAX_AGE", "60"))
PAGE_STALE_WHILE_REVALIDATE = int(os.environ.get("PAGE_STALE_WHILE_REVALIDATE", "600"))
PAGE_CACHE_SKIP_PATHS = ["/admin/", "/report/", "/static/", "/healthz"]
# How often each process writes the comparison views it noted (comparisons.visits); 0: never
# on its own (tests call flush_visits).
POPULAR_FLUSH_SECONDS = int(os.environ.get("POPULAR_FLUSH_SECONDS", "60"))
# Part of every ETag and cache key; by default a digest of the code and templates.
CACHE_RELEASE = os.environ.get("CACHE_RELEASE", "")
# Where the open-data CSV files are written, once per catalogue version
# (catalog.opendata_files): each app server's own folder by default; "" streams every
# download from the database instead.
OPEN_DATA_DIR = os.environ.get("OPEN_DATA_DIR", str(VAR_DIR / "opendata"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Serve straight from the apps' static folders when collectstatic has not run (make run).
WHITENOISE_USE_FINDERS = not STATIC_ROOT.exists()

# Content Security Policy (Django's own middleware): scripts and styles only from our own
# static files (the admin's few inline blocks carry the per-request nonce), forms post only
# to this site, no <base> element may move relative URLs elsewhere.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Browser features no page uses are switched off (django-permissions-policy).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None
)
# HTTPS only: redirect plain HTTP (the load balancer's health check excepted) and tell
# browsers to remember it (HSTS). Off by default: switch on once the site is served over TLS.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS") or 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
# How many reverse proxies in front of the site append to X-Forwarded-For (0: none, the
# client is REMOTE_ADDR). See modelref.clients.client_address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT") or 0)

# Request bodies: Django refuses form data over this size (file uploads aside) before
# parsing it, and keeps uploads over FILE_UPLOAD_MAX_MEMORY_SIZE on disk, not in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# The admin's import upload: at most this many bytes.
IMPORT_UPLOAD_MAX_BYTES = 20 * 1024 * 1024
# Under ASGI (production, modelref.bodylimit): a larger body is refused from its
# Content-Length before it is read (413), and a body must arrive within the timeout (408).
REQUEST_BODY_MAX_BYTES = int(os.environ.get("REQUEST_BODY_MAX_BYTES") or 64 * 1024)
ADMIN_REQUEST_BODY_MAX_BYTES = IMPORT_UPLOAD_MAX_BYTES + 1024 * 1024
REQUEST_BODY_TIMEOUT_SECONDS = int(os.environ.get("REQUEST_BODY_TIMEOUT_SECONDS") or 30)

# Admin login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one
# user name from one client, that pair is locked out for AXES_COOLOFF_MINUTES.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT") or 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES") or 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "modelref.clients.client_address"
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LOGIN_URL = "admin:login"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Data older than this many days is flagged as stale to editors and visitors.
STALE_AFTER_DAYS = int(os.environ.get("STALE_AFTER_DAYS", "90"))
# How many "report a wrong value" submissions one client may send per hour.
CORRECTIONS_PER_HOUR = int(os.environ.get("CORRECTIONS_PER_HOUR", "5"))
# The models.dev checkout the admin's "Import data" page offers to import.
MODELSDEV_PATH = Path(os.environ.get("MODELSDEV_PATH", BASE_DIR.parent / "shared/data/models.dev"))

# Without collectstatic (local runs, tests) whitenoise serves from the finders instead.
import warnings  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")
