"""Settings for Redressal, read from environment variables (see .env.example)."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from redressal.core.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = env_str("SECRET_KEY", DEV_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
SITE_NAME = env_str("SITE_NAME", "Redressal")

if not DEBUG:
    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured("Set SECRET_KEY to a random string of 32+ characters.")
    if not env_list("ALLOWED_HOSTS"):
        raise ImproperlyConfigured("Set ALLOWED_HOSTS to the host names the site answers to.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "django_tasks_db",
    "redressal.core",
    "redressal.accounts",
    "redressal.companies",
    "redressal.insights",
    "redressal.complaints",
    "redressal.discussion",
    "redressal.moderation",
    "redressal.notifications",
    "redressal.search",
    "redressal.api",
]

MIDDLEWARE = [
    "redressal.core.logs.RequestIdMiddleware",
    "redressal.core.db_router.PrimaryAfterWriteMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "redressal.urls"
WSGI_APPLICATION = "redressal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "redressal" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "redressal.core.context_processors.site",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# An optional read replica (PostgreSQL streaming replication): reads go there, except in
# transactions, in requests that write, and for a few seconds after a write by the same browser.
if DATABASE_REPLICA_URL := env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = {
        **dj_database_url.parse(
            DATABASE_REPLICA_URL,
            conn_max_age=env_int("CONN_MAX_AGE", 60),
            conn_health_checks=True,
        ),
        "TEST": {"MIRROR": "default"},
    }
READ_REPLICA = "replica" in DATABASES
DATABASE_ROUTERS = ["redressal.core.db_router.ReplicaRouter"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at BEGIN so
    # two writers wait instead of failing with "database is locked", and the engine has
    # transactions queue for it without SQLite's growing sleeps (core/queued_sqlite).
    # synchronous=FULL syncs the log at every commit: a complaint the site acknowledged
    # survives a power cut, not only a crash of the process.
    DATABASES["default"]["ENGINE"] = "redressal.core.queued_sqlite"
    # Tests use an in-memory database, as Django's own engine does by default (pytest-django
    # would otherwise name a test database file after this one).
    DATABASES["default"].setdefault("TEST", {}).setdefault("NAME", ":memory:")
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=FULL;"
            # 32 MB of page cache per connection and no memory-mapped reads: a mapped database
            # counts in each process's resident memory as it is read, and the operating
            # system's file cache already keeps the hot pages for every process.
            "PRAGMA cache_size=-32768;"
            "PRAGMA mmap_size=0;"
            "PRAGMA temp_store=MEMORY;"
        ),
    }

for database in DATABASES.values():
    if database["ENGINE"] != "django.db.backends.postgresql":
        continue
    options = database.setdefault("OPTIONS", {})
    # The planner's default weighs a random page read as four sequential ones, as on a
    # spinning disk; with the data on SSD or in memory it then prefers walking the newest
    # posts of every company to a company's own index, and a company page reads hundreds of
    # rows for its twenty. Starting a parallel worker costs a few milliseconds, more than
    # a page's whole query: with the default setup cost the planner gave a search ranking
    # 500 matches (1 ms of work) a worker, and the search took 4 ms more. Ten times that
    # cost keeps workers for the large reads (a million posts' numbers). A server set
    # otherwise can say so in DATABASE_URL's `options`.
    options.setdefault("options", "-c random_page_cost=1.1 -c parallel_setup_cost=10000")
    # The hot reads of core.stored_sql become prepared statements after a few runs on a
    # connection (Django's own queries never are). Off behind a pooler that cannot keep them.
    if env_bool("DATABASE_PREPARED_READS", default=True):
        options["prepare_threshold"] = 5

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Cache --------------------------------------------------------------------------------
# One process (runserver) needs nothing more; several app servers share Redis through
# CACHE_URL=redis://host:6379/0, so rate limits and view de-duplication hold across them.
CACHE_URL = env_str("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "redressal",
        }
    }
elif CACHE_URL:
    raise ImproperlyConfigured("CACHE_URL must be a redis:// address (or unset for memory).")
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "redressal",
        }
    }

# Anonymous copies of company pages (companies.page_cache): in each process's memory. They
# are keyed by a generation stored with the company, so a copy is never stale, only missing.
CACHES["pages"] = {
    "BACKEND": "redressal.core.object_cache.ObjectCache",
    "LOCATION": "pages",
    "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_ENTRIES", 500)},
}

# Rendered complaint cards (complaints.cards), in each process's memory: keyed by what can
# change them, so a card is never stale, only missing. About 2 kB each.
CACHES["cards"] = {
    "BACKEND": "redressal.core.object_cache.ObjectCache",
    "LOCATION": "cards",
    "OPTIONS": {"MAX_ENTRIES": env_int("CARD_CACHE_ENTRIES", 5000)},
}

# A company's header and numbers as its listing shows them (companies.page_parts), in each
# process's memory: keyed by the company's page generation, so never stale, only missing.
CACHES["parts"] = {
    "BACKEND": "redressal.core.object_cache.ObjectCache",
    "LOCATION": "parts",
    "OPTIONS": {"MAX_ENTRIES": 1000},
}

# --- Auth ---------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2 hashes new passwords; the others still check passwords stored before the switch
# and are upgraded to Argon2 on the next log-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
# A password reset link stays valid for three days, like an e-mail verification link.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60

# --- E-mail -------------------------------------------------------------------------------
# EMAIL_HOST set: SMTP. Otherwise e-mails are written to files in EMAIL_FILE_PATH when it is
# set, or printed to the console. (Django's test runner swaps every mailer for its outbox.)
_email_host = env_str("EMAIL_HOST")
_email_file_path = env_str("EMAIL_FILE_PATH")
if _email_host:
    _mailer = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": _email_host,
            "port": env_int("EMAIL_PORT", 587),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_str("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", default=True),
            "timeout": env_int("EMAIL_TIMEOUT", 20),
        },
    }
elif _email_file_path:
    _mailer = {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": _email_file_path},
    }
else:
    _mailer = {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
# MAILERS replaces Django's EMAIL_* settings, which must not be set beside it.
MAILERS = {"default": _mailer}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <noreply@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# The address e-mailed links point to, e.g. https://complaints.example.org (no trailing /).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Background tasks ---------------------------------------------------------------------
# Tasks wait in the database for `manage.py db_worker` (started beside the site by `make run`).
# "immediate" runs each task in the request that enqueues it, after its transaction commits,
# and cannot run a task later: scheduled ones (follow-up e-mails) are then skipped.
TASKS = {
    "default": {
        "BACKEND": env_choice(
            "TASKS_BACKEND",
            {
                "database": "django_tasks_db.DatabaseBackend",
                "immediate": "django.tasks.backends.immediate.ImmediateBackend",
            },
            default="database",
        )
    }
}

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = env_str("TIME_ZONE", "Asia/Kolkata")
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "redressal" / "static"]
WHITENOISE_USE_FINDERS = DEBUG
# Photos may be served from another origin (a CDN or a cookieless domain), e.g.
# MEDIA_URL=https://media.example.org/ : the Content Security Policy allows it for images.
MEDIA_URL = env_str("MEDIA_URL", "/media/")
_MEDIA = urlsplit(MEDIA_URL)
MEDIA_ORIGIN = f"{_MEDIA.scheme}://{_MEDIA.netloc}" if _MEDIA.netloc else ""
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Photos as people sent them, until a task has re-encoded them: never served, so never inside
# MEDIA_ROOT (which the web server, or SERVE_MEDIA, publishes).
UPLOADS_ROOT = Path(env_str("UPLOADS_ROOT", str(BASE_DIR / "uploads")))
if UPLOADS_ROOT.resolve().is_relative_to(MEDIA_ROOT.resolve()):
    raise ImproperlyConfigured("UPLOADS_ROOT must not be inside MEDIA_ROOT: it is never served.")
# Photos on the local disk (MEDIA_ROOT), or in an S3-compatible bucket under media/. An upload
# waits for whichever worker runs its task, so with several machines it goes to the bucket's
# private uploads/ prefix (the default with MEDIA_STORAGE=s3) or UPLOADS_ROOT is a shared volume.
_WHERE = {"filesystem": "filesystem", "s3": "s3"}
MEDIA_STORAGE = env_choice("MEDIA_STORAGE", _WHERE, default="filesystem")
UPLOADS_STORAGE = env_choice("UPLOADS_STORAGE", _WHERE, default=MEDIA_STORAGE)
_media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
_uploads_storage = {
    "BACKEND": "redressal.complaints.images.UnservedStorage",
    "OPTIONS": {"location": UPLOADS_ROOT},
}
if "s3" in (MEDIA_STORAGE, UPLOADS_STORAGE):
    _s3 = {
        "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
        "region_name": env_str("S3_REGION") or None,
        "addressing_style": env_choice(
            "S3_ADDRESSING_STYLE", {s: s for s in ("auto", "path", "virtual")}, default="auto"
        ),
        # Unset, boto3 finds credentials itself (an instance or pod role, AWS_* variables).
        "access_key": env_str("S3_ACCESS_KEY_ID") or None,
        "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
        # Like the disk: a name already taken gets another, nothing is overwritten.
        "file_overwrite": False,
        # No object ACLs (buckets with ACLs disabled, AWS's default, refuse them): the bucket
        # policy makes media/ public, and anything it does not name stays private.
        "default_acl": None,
    }
    _bucket = env_str("S3_BUCKET")
    if MEDIA_STORAGE == "s3":
        if not _bucket:
            raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs S3_BUCKET, the bucket's name.")
        if not MEDIA_ORIGIN:
            raise ImproperlyConfigured(
                "MEDIA_STORAGE=s3 needs MEDIA_URL, the public address of the bucket's media/ "
                "prefix, e.g. https://media.example.org/ (.env.example)."
            )
        _media_storage = {
            "BACKEND": "redressal.complaints.s3.PublicS3Storage",
            "OPTIONS": {
                **_s3,
                "bucket_name": _bucket,
                "location": "media",
                "base_url": MEDIA_URL,
                # Plain addresses, the same in every stored page; no signature to expire.
                "querystring_auth": False,
                # A photo's name is never reused, so any copy of it stays right for good.
                "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
            },
        }
    if UPLOADS_STORAGE == "s3":
        _uploads_bucket = env_str("S3_UPLOADS_BUCKET") or _bucket
        if not _uploads_bucket:
            raise ImproperlyConfigured("UPLOADS_STORAGE=s3 needs S3_UPLOADS_BUCKET or S3_BUCKET.")
        _uploads_storage = {
            "BACKEND": "redressal.complaints.s3.UnservedS3Storage",
            "OPTIONS": {
                **_s3,
                "bucket_name": _uploads_bucket,
                # Outside media/, so the public-read policy never reaches it.
                "location": "uploads",
                "querystring_auth": True,
            },
        }
STORAGES = {
    "default": _media_storage,
    "uploads": _uploads_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Django serves MEDIA_ROOT itself (development, or a site small enough not to mind).
SERVE_MEDIA = env_bool("SERVE_MEDIA", default=DEBUG and MEDIA_STORAGE == "filesystem")
if SERVE_MEDIA and MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured("SERVE_MEDIA serves MEDIA_ROOT; with MEDIA_STORAGE=s3 leave it off.")

# --- Security -----------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Served over HTTPS (SECURE_COOKIES, on unless DEBUG): redirect plain HTTP and ask browsers
# to remember it. A load balancer's health checks (/-/…) may stay on plain HTTP.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=SESSION_COOKIE_SECURE)
SECURE_REDIRECT_EXEMPT = [r"^-/"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if SESSION_COOKIE_SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
if env_bool("BEHIND_PROXY", default=False):
    # Only behind a proxy that sets this header itself (and strips it from clients).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Scripts only from the site itself (an inline one would need the request's nonce); no
# plugins, no framing, forms post only here. Style attributes (avatar colours) are allowed,
# <style> blocks are not.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# --- Logging ------------------------------------------------------------------------------
# LOG_FORMAT=json (the default without DEBUG): one JSON object per line with the request's id.
LOG_FORMAT = env_choice(
    "LOG_FORMAT", {"json": "json", "text": "text"}, default="text" if DEBUG else "json"
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "redressal.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "redressal.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Encryption at rest -----------------------------------------------------------------
# Private details and the original text of posts are stored encrypted with Fernet keys:
# the first key encrypts, every key decrypts (put a new key first, then rotate_encryption).
ENCRYPTION_KEYS = env_list("ENCRYPTION_KEYS")
if not ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set ENCRYPTION_KEYS: private details are never stored unencrypted (.env.example)."
        )
    # Development only: a stable key derived from the development secret.
    ENCRYPTION_KEYS = [
        base64.urlsafe_b64encode(hashlib.sha256(f"encryption:{SECRET_KEY}".encode()).digest())
    ]

# --- Product ------------------------------------------------------------------------------
COMPLAINTS_PER_PAGE = env_int("COMPLAINTS_PER_PAGE", 20)
# Views for "Most Popular" are written in batches: this many, or after this many seconds.
VIEW_COUNT_BATCH = env_int("VIEW_COUNT_BATCH", 50)
VIEW_COUNT_SECONDS = env_int("VIEW_COUNT_SECONDS", 10)
# When an API token was last used (a hint on the token page) is written in batches too.
TOKEN_USE_BATCH = env_int("TOKEN_USE_BATCH", 50)
TOKEN_USE_SECONDS = env_int("TOKEN_USE_SECONDS", 10)
# Anonymous visitors get a stored copy of a company's pages until something on them changes.
COMPANY_PAGE_CACHE = env_bool("COMPANY_PAGE_CACHE", default=True)
# ...and a process reuses a company's page generation for anonymous visits this long, so a
# popular page costs no query: anonymous visitors see a change up to this much later.
PAGE_STAMP_SECONDS = env_int("PAGE_STAMP_SECONDS", 1)
