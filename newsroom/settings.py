"""
Settings for Newsroom, read from the environment and nowhere else.

Every variable has a safe default so that ``make run`` works with no
configuration; production sets ``SECRET_KEY``, ``ALLOWED_HOSTS``,
``DATABASE_URL``, ``REDIS_URL`` and an ``https://`` ``SITE_URL``. The README's
configuration table lists them all.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NEWSROOM_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}.")


def env_int(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def local_secret_key():
    """Return the key kept in var/secret_key, creating it once.

    Lets ``make run`` and the tests work without configuration while every
    process (all gunicorn workers) shares one key. Production sets SECRET_KEY.
    """
    path = VAR_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race
        return path.read_text().strip()
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or local_secret_key()

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
_site = urlsplit(SITE_URL)
if _site.scheme not in {"http", "https"} or not _site.hostname:
    raise ImproperlyConfigured(f"SITE_URL must be an absolute http(s) URL; got {SITE_URL!r}.")
SITE_NAME = os.environ.get("SITE_NAME", "The Newsroom Ledger")
SITE_DESCRIPTION = os.environ.get(
    "SITE_DESCRIPTION", "Independent reporting on the cities, the coast and the economy."
)
HTTPS = _site.scheme == "https"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [_site.hostname, "localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [f"{_site.scheme}://{_site.netloc}"])

INSTALLED_APPS = [
    "accounts.apps.NewsroomAdminConfig",  # django.contrib.admin with the two-factor admin site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "taggit",
    "django_prose_editor",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "newsroom",
    "accounts",
    "topics",
    "authors",
    "photos",
    "articles",
]

MIDDLEWARE = [
    "newsroom.middleware.RequestLogMiddleware",  # first: times and logs every response
    "django.middleware.security.SecurityMiddleware",
    # Above everything that can refuse a request (a bad Host, a CSRF failure),
    # so that refusals and errors carry frame denial and the CSP too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "newsroom.middleware.HealthCheckMiddleware",  # answers /healthz before host checks and sessions
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # 304 for a matching ETag/Last-Modified, also on a page-cache miss (the ETag
    # the page cache gives every public page) and on feeds and sitemaps.
    "django.middleware.http.ConditionalGetMiddleware",
    # Cached public pages are served from here, before sessions/CSRF/auth run.
    "newsroom.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.IdleSessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the lockout page
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        # Readers' pages: compiled Jinja2 (newsroom/jinja2.py), tried first.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "environment": "newsroom.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.csp",
                "newsroom.context_processors.site",
            ],
        },
    },
    {
        # The editorial admin, its apps and templates/admin/.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "newsroom.context_processors.site",
            ],
        },
    },
]

# SQLite is the zero-configuration default; DATABASE_URL selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'newsroom.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets readers and one writer work at once; IMMEDIATE avoids "database
    # is locked" errors when two gunicorn workers start a write together.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DB_PREPARED_STATEMENTS", True
):
    # Parameters travel apart from the SQL and psycopg prepares a statement on
    # its second run in a connection: PostgreSQL then skips parsing and, once
    # it finds a generic plan as good, planning. The public pages' statements
    # are long and their answers small, so this roughly halves their time in
    # the database (docs/PERFORMANCE.md). Off for a pooler in transaction
    # mode that cannot carry prepared statements across server connections.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=env_int("DB_PREPARE_THRESHOLD", 1)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Axes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Twelve characters at least, not like the username, not a common password,
# not all digits. A passphrase of four words passes; "Summer2024!" does not.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en")
# Languages an article may be written in (used for search stemming and <html lang>).
LANGUAGES = [
    ("en", "English"),
    ("ko", "Korean"),
    ("ja", "Japanese"),
    ("zh-hans", "Chinese (Simplified)"),
    ("fr", "French"),
    ("de", "German"),
    ("es", "Spanish"),
]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Seoul")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Serve MEDIA_ROOT from Django when no proxy or object storage does it (make run).
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploads larger than this are refused before Pillow sees them.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGIN_URL = "admin:login"

# Security. Secure cookies, HSTS and the HTTPS redirect follow SITE_URL's
# scheme; each can be overridden, e.g. when TLS ends at a proxy. Behind a proxy
# that terminates TLS, set SECURE_PROXY_SSL_HEADER=1 so Django sees the
# request as HTTPS (and does not redirect forever), and TRUSTED_PROXY_COUNT to
# the number of proxies so logs and login throttling see the reader's address.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # container health checks speak plain HTTP
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", HTTPS)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 0 or more; got {TRUSTED_PROXY_COUNT}.")
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no script reads the token from the cookie; forms carry it
# A login lasts at most SESSION_COOKIE_AGE; a session left alone for
# SESSION_IDLE_TIMEOUT seconds ends sooner (0 turns the idle limit off). Four
# hours: long enough that a reporter writing a long piece is not logged out
# mid-story, short enough that a desk left logged in is closed by the next shift.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 60 * 60)
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 4 * 60 * 60)

# Content-Security-Policy: scripts and styles only from this site, inline ones
# only with the per-response nonce (Django 6.1's admin and the prose editor's
# import map carry it). Public pages use no inline script or style, so cached
# public pages never hold a stale nonce. Violations are reported to /csp-report.
# The rich-text editor (Tiptap, inside django-prose-editor) injects one <style>
# of base CSS and offers no way to give it the nonce; its hash allows exactly
# that stylesheet. tests/test_security_headers.py recomputes it from the
# installed editor, so an upgrade that changes the CSS fails a test, not a page.
PROSE_EDITOR_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE, PROSE_EDITOR_STYLE_HASH],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
    "report-uri": os.environ.get("CSP_REPORT_URI", "/csp-report") or None,  # empty: no reports
}
if MEDIA_URL.startswith(("http://", "https://")):
    SECURE_CSP["img-src"].append(MEDIA_URL)  # photos served from object storage

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT failed logins for
# one username from one address, that pair is locked out for
# LOGIN_LOCKOUT_MINUTES (an Admin can unlock it sooner from the users list).
# Counting by username *and* address means a stranger cannot lock a reporter
# out of the desk from elsewhere, and one mistyped password does not lock a
# whole newsroom sharing an office address.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "newsroom.clientip.client_ip"
if AXES_FAILURE_LIMIT < 1:
    raise ImproperlyConfigured(f"LOGIN_FAILURE_LIMIT must be 1 or more; got {AXES_FAILURE_LIMIT}.")

# Two-factor authentication (TOTP apps such as Aegis, Google Authenticator,
# 1Password). Anyone may turn it on for themselves; members of
# OTP_REQUIRED_ROLES must, before they can use the admin. Off by default so the
# demo logins of `make run` work at once; production sets e.g. "Editor,Admin".
OTP_REQUIRED_ROLES = env_list("OTP_REQUIRED_ROLES", [])
_unknown_roles = set(OTP_REQUIRED_ROLES) - {"Writer", "Editor", "Admin"}
if _unknown_roles:
    raise ImproperlyConfigured(
        "OTP_REQUIRED_ROLES takes Writer, Editor and Admin; "
        f"got {', '.join(sorted(_unknown_roles))}."
    )
OTP_TOTP_ISSUER = SITE_NAME
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# The rich-text body: the elements a news story needs, nothing more. The
# editor and the server-side sanitizer (nh3) are both derived from this list.
PROSE_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "Blockquote": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "History": True,
}

PAGINATE_BY = env_int("PAGINATE_BY", 20)
# Public search: time the wider, older windows of the archive may take (the newest
# ten thousand stories are always searched); the page says how far back it looked.
SEARCH_TIME_BUDGET_MS = env_int("SEARCH_TIME_BUDGET_MS", 250)
# How long a shared preview link works unless the desk picks another time.
PREVIEW_LINK_HOURS = env_int("PREVIEW_LINK_HOURS", 48)

# Public page cache (newsroom/pagecache.py): pages are served from the cache
# while the content they show is unchanged, for at most PAGE_CACHE_SECONDS
# (blocks that list other stories may be that stale).
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# Each process keeps the pages it served, up to this many MiB of page bodies, in front of the
# shared cache. Its readers' working set should fit: an LRU smaller than the pages readers
# rotate over misses on nearly every request (16 MiB held half of 2,000 articles).
PAGE_CACHE_LOCAL_MB = env_int("PAGE_CACHE_LOCAL_MB", 64)

# Logs go to standard output, one JSON object a line (LOG_FORMAT=json, the
# default) or as readable text with key=value fields (LOG_FORMAT=plain).
# newsroom.request logs every response; newsroom.audit logs editorial and
# account events (logins, lockouts, two-factor changes, workflow steps).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or plain; got {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "newsroom.logging.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "newsroom.logging.JSONFormatter"},
        "plain": {"()": "newsroom.logging.PlainFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},  # newsroom.audit tells logins and lockouts with our fields
        # The request log says the same, with timing and the request id.
        "django.server": {"level": "WARNING"},
    },
}
