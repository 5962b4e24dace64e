"""MedSite settings: one file, every deploy-specific value read from the environment.

DJANGO_DEBUG          "1"/"true"/"yes"/"on" or "0"/"false"/"no"/"off" (default off)
DJANGO_SECRET_KEY     required when debug is off
DJANGO_ALLOWED_HOSTS  comma-separated host names (default: localhost only)
DATABASE_URL          e.g. postgres://user@host:5432/medsite (default: SQLite file db.sqlite3)
DJANGO_SECURE_SSL     "0" turns off HTTPS-only cookies and redirects when debug is off,
                      for a plain-HTTP server on loopback (default on)
MEDSITE_REVIEW_INTERVAL_DAYS
                      a published monograph is due for medical review this many days
                      after its last sign-off (default 365)
MEDSITE_LOGIN_FAILURE_LIMIT
                      failed admin sign-ins, per user name and address, before that pair
                      is locked out for an hour (default 5)
MEDSITE_PAGE_CACHE    "0" turns off the cache of public pages (default on; monographs/caching.py)
MEDSITE_PAGE_MAX_AGE  seconds a browser or CDN may reuse a public page without asking again
                      (default 0: it revalidates with the ETag, so a publish shows at once)
MEDSITE_CACHE_URL     redis://host:6379/0 for a cache shared by several app servers
                      (default: each process keeps its own, in memory)
PORT                  the port `make run` and `make serve` listen on (default 8000), which
                      create_admin's sign-in address names
MEDSITE_PROXY_COUNT   how many reverse proxies (load balancer, nginx) in front of the app
                      append to X-Forwarded-For; the lockout and the API's rate limit then
                      take the client address from that header (default none: the
                      connection's own address)
MEDSITE_API_RATE_LIMIT  requests per client address to the content API, e.g. 600/min
                      (default none)
"""

import os
import re
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name, default):
    """Read a boolean from the environment, refusing anything ambiguous."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean; use 1/0, true/false, yes/no or on/off."
    )


def env_list(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name, default, minimum=0):
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = minimum - 1
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number of at least {minimum}.")
    return value


def development_secret_key():
    """A random key kept in a git-ignored file, so a developer's sessions survive restarts."""
    key_file = BASE_DIR / ".secret-key"
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(50)
        key_file.write_text(key)
        key_file.chmod(0o600)
        return key


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for development).")
    SECRET_KEY = development_secret_key()

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "monographs.apps.MedSiteAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "markdownx",
    "monographs",
    "corpus",  # synthetic monographs for benchmarks and tests: a command, no models
    "axes",
    "ninja",  # the content API's Swagger UI, from its own static files (no CDN)
    "csp",  # django-csp's system checks (the header itself comes from its middleware)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before the methods are checked: answers the content API's CORS preflights.
    "monographs.api.cors.ApiCorsMiddleware",
    # Before anything reads the request: TRACE and methods a page does not answer get 405.
    "monographs.serving.methods.AllowedMethodsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the page cache, so every response gets the policy of the running settings,
    # cached pages too, and the policy is never stored with a page (MEDSITE_CSP below).
    # django-csp's, with the header built once (monographs/serving/csp.py).
    "monographs.serving.csp.CSPMiddleware",
    # Early, so that a cached public page skips the rest (monographs/caching.py).
    "monographs.serving.middleware.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it turns the lockout flagged during authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "medsite.urls"

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
                "monographs.public.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "medsite.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Readers never wait for a writer (WAL), writers queue instead of failing
    # (timeout), and a write transaction takes its lock up front (IMMEDIATE), so an
    # import running beside the site gives nobody "database is locked". Reading the
    # file through a memory map, with a 64 MB page cache per connection instead of 2 MB,
    # halves the time of the queries that visit thousands of drugs (bench/README.md).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
            " PRAGMA mmap_size=1073741824; PRAGMA cache_size=-65536;"
        ),
    }

# Public pages are cached under keys that change when their data does (generations in
# the database), so a cache private to each process is never stale; several app
# servers share one through Redis to save rendering, not for correctness.
MEDSITE_PAGE_CACHE = env_bool("MEDSITE_PAGE_CACHE", True)
MEDSITE_PAGE_CACHE_SECONDS = 24 * 3600
MEDSITE_PAGE_MAX_AGE = env_int("MEDSITE_PAGE_MAX_AGE", 0)
if os.environ.get("MEDSITE_CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["MEDSITE_CACHE_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 3000},  # about 30 KB a page: under 100 MB a worker
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Admin sign-in lockout (django-axes). The standalone backend only refuses locked-out
# sign-ins; ModelBackend still checks passwords and permissions.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("MEDSITE_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(hours=1)
# User name and address together: guessing an editor's name from one place must not lock
# her out everywhere else.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"  # answered with 429 Too Many Requests
# X-Forwarded-For is trusted only when proxies are declared, since any client can send it.
# ipware counts only the proxies listed in the header, all but the nearest one.
_proxy_count = env_int("MEDSITE_PROXY_COUNT", 0)
if _proxy_count:
    AXES_IPWARE_PROXY_COUNT = _proxy_count - 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Editors' Markdown goes through the same sanitizing renderer for the admin's live
# preview as for public pages; image uploads are not offered.
# The port the site is served on (Makefile, gunicorn.conf.py): create_admin prints it.
# A limit on the content API's requests per client address, e.g. "600/min" (django-
# ninja's throttling: "<count>/<s|min|hour|day>"). Counted in the cache: set
# MEDSITE_CACHE_URL so that every worker counts together. Empty: no limit.
MEDSITE_API_RATE_LIMIT = os.environ.get("MEDSITE_API_RATE_LIMIT", "").strip()
if MEDSITE_API_RATE_LIMIT and not re.fullmatch(
    r"[1-9]\d*/(s|sec|m|min|h|hour|d|day)", MEDSITE_API_RATE_LIMIT
):
    raise ImproperlyConfigured(
        f"MEDSITE_API_RATE_LIMIT={MEDSITE_API_RATE_LIMIT!r} is not a rate such as "
        "600/min (a count, then s, min, hour or day)."
    )
# The client's address as for the lockout: X-Forwarded-For only behind declared proxies
# (ninja's default, None, would believe the header from anyone).
NINJA_NUM_PROXIES = _proxy_count

MEDSITE_PORT = env_int("PORT", 8000, minimum=1)

# Editorial workflow: the "due for review" worklist on the admin index.
MEDSITE_REVIEW_INTERVAL_DAYS = env_int("MEDSITE_REVIEW_INTERVAL_DAYS", 365, minimum=1)

MARKDOWNX_MARKDOWNIFY_FUNCTION = "monographs.rendering.render_markdown"
MARKDOWNX_URLS_PATH = "/admin/markdown-preview/"
MARKDOWNX_UPLOAD_URLS_PATH = "/admin/markdown-preview/no-upload/"

SITE_NAME = "MedSite"
MEDICAL_DISCLAIMER = (
    "This information is for general knowledge and does not constitute medical advice. "
    "Always consult a healthcare professional before starting, stopping or changing any "
    "medication. They can assess your individual health and decide the right treatment."
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

if not DEBUG and env_bool("DJANGO_SECURE_SSL", True):
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp). Pages load scripts, styles and images from this
# site only, and have no inline script, no inline <style> and no style="" attribute, so
# no 'unsafe-inline' and no nonce is needed (a nonce would clash with the page cache,
# which serves one rendering to many visitors). JSON-LD (<script type="application/ld+json">)
# is data, which CSP does not govern. The admin and markdownx need nothing more: their
# scripts and styles are files, their scripts set styles through the DOM (which CSP allows)
# and the live preview posts to this site (connect-src falls back to default-src).
# Development reports violations in the browser console without blocking (report-only);
# with debug off the policy is enforced.
MEDSITE_CSP = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
CONTENT_SECURITY_POLICY = None if DEBUG else MEDSITE_CSP
CONTENT_SECURITY_POLICY_REPORT_ONLY = MEDSITE_CSP if DEBUG else None
