"""One settings module for every environment, driven by environment variables."""

import os
import secrets
from pathlib import Path

import dj_database_url
import environ

BASE_DIR = Path(__file__).resolve().parent.parent


class Env(environ.Env):
    """django-environ's reader, with the CACHE_URL schemes this project has always documented.

    redis:// is Django's own RedisCache (django-environ would pick django-redis if it were
    installed) through send_inspections.cache, which answers a Redis that is down with cache
    misses rather than errors; memcached://, locmem:// and dummy:// are the short names of
    docs/deployment.md beside django-environ's own (pymemcache://, locmemcache://, ...).
    """

    CACHE_SCHEMES = {
        **environ.Env.CACHE_SCHEMES,
        "redis": "send_inspections.cache.RedisCache",
        "rediss": "send_inspections.cache.RedisCache",
        "memcached": "django.core.cache.backends.memcached.PyMemcacheCache",
        "locmem": "django.core.cache.backends.locmem.LocMemCache",
        "dummy": "django.core.cache.backends.dummy.DummyCache",
    }


env = Env()
DEBUG = env.bool("DJANGO_DEBUG", default=False)


def secret_key() -> str:
    """DJANGO_SECRET_KEY, else a key generated once into an ignored file beside the project.

    Never printed: it lives in the environment or in a file only its owner can read. Read
    with os.environ, not django-environ, which takes a value starting with "$" for the name of
    another variable.
    """
    if key := os.environ.get("DJANGO_SECRET_KEY", "").strip():
        return key
    path = BASE_DIR / ".secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(50)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process wrote it first
            return path.read_text().strip()
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        return key


SECRET_KEY = secret_key()
ALLOWED_HOSTS = [
    host.strip()
    for host in env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "send_inspections.apps.StaticFilesConfig",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django_filters",
    "areas",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",  # HTTPS redirect first, its headers on all
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the rest, so a cached page or a 304 costs one query and nothing else: a cached
    # page keeps the headers the middleware below gave it when it was rendered.
    "send_inspections.middleware.DataVersionCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "send_inspections.middleware.SecurityHeadersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so its 503 page passes back through every header middleware above.
    "send_inspections.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "send_inspections.urls"
WSGI_APPLICATION = "send_inspections.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "send_inspections.context_processors.site",
            ],
        },
    },
]

# dj-database-url rather than django-environ's db_url: it is what the README's and
# scripts/with-postgres.sh's socket addresses (postgresql://user@/name?host=/dir) were written for.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
# A database that hangs must not hold a worker: fail in seconds and show the 503 page.
DATABASE_TIMEOUT = env.int("DJANGO_DATABASE_TIMEOUT", default=3)
# The web server's processes (wsgi.py sets DJANGO_WEB_PROCESS) answer within seconds or give
# up. Commands (loads, migrations) and tests may run longer statements and compute for minutes
# inside a transaction, so they keep the looser statement limit and no idle limits.
WEB_PROCESS = env.bool("DJANGO_WEB_PROCESS", default=False)
# send_inspections.postgresql gives up on a statement or fetch that the server has not
# answered within this many seconds: a stopped server, whose kernel still acknowledges every
# packet, trips none of the timeouts below. None: no limit.
DATABASE_DEADLINE = DATABASE_TIMEOUT + 1 if WEB_PROCESS else None
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["ENGINE"] = "send_inspections.postgresql"
    server_limits = [f"-c statement_timeout={DATABASE_TIMEOUT * (1000 if WEB_PROCESS else 2000)}"]
    if WEB_PROCESS:
        # A transaction left open is ended after a minute, and a connection idle for longer
        # than Django keeps one (CONN_MAX_AGE, 60 s) is closed: a client that gave up while the
        # server was stopped leaves no backend behind.
        server_limits += [
            "-c idle_in_transaction_session_timeout=60000",
            "-c idle_session_timeout=120000",
        ]
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": DATABASE_TIMEOUT,
            # A host that vanishes: keepalive probes after 5 s idle, and data left
            # unacknowledged given up after DATABASE_TIMEOUT (libpq's TCP options; a unix socket
            # ignores them).
            "keepalives": 1,
            "keepalives_idle": 5,
            "keepalives_interval": 1,
            "keepalives_count": 3,
            "tcp_user_timeout": DATABASE_TIMEOUT * 1000,
            "options": " ".join(server_limits),
        }
    )
elif DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = DATABASE_TIMEOUT
    # The site only reads: open the file read-write but never create it, so a database that
    # went missing is a 503, not an empty site. Commands that build it set DJANGO_SQLITE_CREATE.
    name = str(DATABASES["default"]["NAME"])
    if (
        not env.bool("DJANGO_SQLITE_CREATE", default=False)
        and name != ":memory:"
        and "mode=" not in name
    ):
        DATABASES["default"]["NAME"] = f"file:{name}?mode=rw"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# The curated source documents and the national table live beside the fixtures.
SOURCES_DIR = BASE_DIR / "fixtures" / "sources"

# Caching on the data version: pages and exports carry an ETag and Last-Modified from the
# data version, and rendered pages are kept in this cache (a file cache shared by the workers
# unless CACHE_URL names Redis or Memcached), keyed by release, data version and address.
# In development (DEBUG) templates change under a running server, so nothing is kept by default.
# An empty CACHE_URL counts as unset.
DEFAULT_CACHE_URL = (
    "dummy://" if DEBUG else f"filecache://{BASE_DIR / 'var' / 'cache'}?max_entries=5000"
)
CACHES = {"default": Env.cache_url_config(env.str("CACHE_URL", default="") or DEFAULT_CACHE_URL)}
# What every page computes over all of England is kept per data version (reports/precomputed.py).
KEEP_PRECOMPUTED = True
PAGE_CACHE_SECONDS = env.int("DJANGO_PAGE_CACHE_SECONDS", default=300)
# What identifies this build of the code in cache keys and ETags (set it in deployment). Empty:
# send_inspections.release fingerprints the checkout, once, when the first page is served.
RELEASE = env.str("DJANGO_RELEASE", default="")

# Baked pages (reports/baking.py, send_inspections/baked.py): the pages whose addresses the data
# fixes, rendered to files under BAKED_ROOT when data loads and served from there while they are
# of the database's data version. On unless DEBUG (templates change under a running server).
BAKE = env.bool("DJANGO_BAKE", default=not DEBUG)
BAKED_ROOT = Path(env.str("DJANGO_BAKED_ROOT", default=str(BASE_DIR / "var" / "baked")))
# The host (and port) the pages are baked for: their JSON and the API page name it, so only
# requests for this host get baked files (others are rendered). `make run` and `make serve` bind
# 127.0.0.1:8000; behind a proxy, the public host name.
BAKE_HOST = env.str("DJANGO_BAKE_HOST", default="127.0.0.1:8000")
# What names the code release in a bake, by dotted path: the reports app never imports this
# package.
BAKE_RELEASE = "send_inspections.release.release"

# Security headers. Behind HTTPS (DJANGO_HTTPS=1): HSTS and redirects to https.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
HTTPS = env.bool("DJANGO_HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Every view answers GET and HEAD only and nothing changes state, so there is nothing for CSRF
# protection to guard (and no cookies are set).
SILENCED_SYSTEM_CHECKS = ["security.W003"]
if not HTTPS:
    # Served over plain HTTP (locally, or behind a proxy that adds HTTPS itself): no HSTS.
    SILENCED_SYSTEM_CHECKS += ["security.W004", "security.W008"]
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Expected refusals (400, 404, bad Host) are one line each; real errors keep their traceback.
    "formatters": {"one_line": {"()": "send_inspections.logs.OneLineForExpected"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "one_line"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# In development, serve static files straight from the finders (no collectstatic needed).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

SERVICE_NAME = "Area SEND inspection findings"
# Where the beta banner, the feedback page and the accessibility statement send feedback (an
# https or mailto address); when unset, the banner links the feedback page, which says plainly
# that this copy takes no messages and what still works (checking a fact at its source).
FEEDBACK_URL = env.str("DJANGO_FEEDBACK_URL", default="")
