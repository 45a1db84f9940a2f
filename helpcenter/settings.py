"""Settings for Help Center, configured by environment variables; the
portal's own are in helpcenter/settings_portal.py, read in below.

Every variable is listed with its default in README.md and .env.example.
A local `.env` file fills in what the environment leaves unset (see
helpcenter/env.py); variables set in the environment always win.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from helpcenter.env import env, env_bool, env_int, env_list, load_env_file

BASE_DIR = Path(__file__).resolve().parent.parent


load_env_file(BASE_DIR)
DEBUG = env_bool("DJANGO_DEBUG")

INSECURE_SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105
SECRET_KEY = env("DJANGO_SECRET_KEY") or INSECURE_SECRET_KEY
if not DEBUG and SECRET_KEY == INSECURE_SECRET_KEY:
    raise ImproperlyConfigured(
        "Set DJANGO_SECRET_KEY: the built-in key is for local development only "
        "(DJANGO_DEBUG=1; `make run` writes both to .env)."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "Set DJANGO_ALLOWED_HOSTS to the host names the portal is served at."
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before the admin, so that its admin classes are available to ours.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_countries",
    "helpcenter.apps.OutboxConfig",  # django-post-office
    "helpcenter",
    "users",
    "articles",
    "support",
    "zendesk",
]

MIDDLEWARE = [
    "helpcenter.production.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "helpcenter.production.SecurityHeadersMiddleware",
    "helpcenter.production.RequestSizeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Authentication first: the language middleware reads the profile.
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "helpcenter.middleware.LanguageMiddleware",
    # Visitors' pages from the cache: the short path runs only what is above.
    "helpcenter.pagecache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: the view's writes, and the middleware's after it, in one
    # transaction per POST.
    "helpcenter.production.AtomicWritesMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "users.middleware.StaffSecondFactorMiddleware",
]

ROOT_URLCONF = "helpcenter.urls"
WSGI_APPLICATION = "helpcenter.wsgi.application"

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
                "helpcenter.context_processors.portal",
                "support.context_processors.support",
            ],
        },
    },
]

# Databases: SQLite by default so the demo needs no server; PostgreSQL with
# DATABASE_URL=postgres://user@host:5432/name.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite only: a busy timeout avoids "database is locked" under the dev
    # server. Connections are kept too: a new one reads the schema again on
    # its first query, which costs more than a cached page.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "users.User"

# A read replica, when there is one, serves the reads of GET requests
# (helpcenter.routers); writes, and every read in a POST, go to the primary.
if replica_url := env("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        replica_url,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    # Tests see the primary through the replica alias.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["helpcenter.routers.PrimaryReplicaRouter"]

# The cache in Redis when REDIS_URL is set, so that any number of app
# servers share it; otherwise in the process. Sessions live in the database
# either way. Pages and fragments (helpcenter.pagecache) have a cache of
# their own, in each process's memory: they never push rate-limit counters
# or sessions out of the shared cache, and, keyed by the content version,
# each process's copy is as fresh as any.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": env_int("DJANGO_PAGE_CACHE_ENTRIES", 500)},
    },
    "searches": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "searches",
        "OPTIONS": {"MAX_ENTRIES": env_int("DJANGO_PAGE_CACHE_ENTRIES", 500)},
    },
}
# Django's database sessions, read with one statement written once
# (helpcenter.sessions).
SESSION_ENGINE = "helpcenter.sessions.db"
if REDIS_URL := env("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        # A Redis that does not answer fails the request within a second
        # (the branded 503) instead of holding a worker until gunicorn
        # gives up on it.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    # Read through the shared cache, written to the database as well: a
    # Redis restart or flush signs nobody out. (Not with the per-process
    # cache: a sign-out in one process would not reach the others' copies.)
    SESSION_ENGINE = "helpcenter.sessions.cached_db"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-allauth: email is the login; usernames are not used.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Mandatory verification also keeps sign-up from telling whether an address
# has an account (allauth lets uniqueness win over enumeration prevention
# otherwise). Clicking the link signs the new user in.
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_FORMS = {"signup": "users.forms.SignupForm"}
# allauth's rate limits are on by default; they are spelled out here so a
# reader sees them and an operator can tighten them.
# A second factor (an authenticator app, with recovery codes) through
# allauth's MFA; DJANGO_STAFF_REQUIRE_MFA=1 makes staff set one up before
# they can use the admin or the moderation queue.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("PORTAL_NAME", "Publisher Help Center")
STAFF_REQUIRE_MFA = env_bool("DJANGO_STAFF_REQUIRE_MFA")

# Behind a reverse proxy, the number of proxies whose X-Forwarded-For entry
# allauth may trust for per-address limits (0: use the connection's address).
if proxy_count := env_int("DJANGO_TRUSTED_PROXY_COUNT", 0):
    ALLAUTH_TRUSTED_PROXY_COUNT = proxy_count
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

# Every email goes through the outbox (django-post-office): a row written in
# the transaction that caused it, sent by `manage.py send_mail_worker` and
# retried with growing waits (helpcenter.outbox). DJANGO_EMAIL_BACKEND is the
# backend the worker delivers with. With EMAIL_QUEUE off (the default with
# DJANGO_DEBUG=1, so `make run` needs no worker) mail is still recorded in
# the outbox but delivered at once, inside the request.
EMAIL_BACKEND = "helpcenter.outbox.OutboxBackend"
EMAIL_QUEUE = env_bool("EMAIL_QUEUE", not DEBUG)
POST_OFFICE = {
    "BACKENDS": {
        "default": env(
            "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
        )
    },
    "DEFAULT_PRIORITY": "medium" if EMAIL_QUEUE else "now",
    # A failed message waits RETRY_INTERVAL, then twice as long each time,
    # at most an hour: 10 tries take about five hours, then it is "failed".
    "MAX_RETRIES": 10,
    "RETRY_INTERVAL": timedelta(minutes=1),
    # One Message-ID from the start, kept by every retry: a message sent
    # again after a worker crash is recognisably the same message.
    "MESSAGE_ID_ENABLED": True,
    "BATCH_SIZE": 100,
}
# Seconds before an unresponsive mail server counts as a failure.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# /healthz reports the outbox failing when mail has waited longer than this.
OUTBOX_MAX_WAIT_MINUTES = env_int("OUTBOX_MAX_WAIT_MINUTES", 30)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Help Center <help@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("de", _("German")),
    ("pt-br", _("Brazilian Portuguese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Category, section and region texts fall back to English where a language
# has none (django-modeltranslation).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# The reader's choice of language, for visitors; signed-in users keep theirs
# on their profile.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# /favicon.ico, which browsers and crawlers ask for at the root, served by
# whitenoise like the static files.
WHITENOISE_ROOT = BASE_DIR / "public"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names; tests use the plain backend so they need
        # no collectstatic run.
        "BACKEND": env(
            "DJANGO_STATICFILES_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# Media on S3-compatible storage (django-storages) when a bucket is set:
# private objects, which the portal's own views serve after checking who may
# see them (article images through visible_to(), screenshots to staff only).
# Credentials come from the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
if bucket := env("DJANGO_STORAGE_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env("DJANGO_STORAGE_ENDPOINT_URL") or None,
            "region_name": env("DJANGO_STORAGE_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# With nginx in front: the `internal` location that maps to the media folder,
# e.g. "/protected-media/"; the views then answer with X-Accel-Redirect once
# they have checked access, instead of streaming the file themselves.
MEDIA_ACCEL_PREFIX = env("DJANGO_MEDIA_ACCEL_PREFIX")

# The portal's own settings (limits, identity, support, comments, page cache,
# rate limits): helpcenter/settings_portal.py.
from helpcenter.settings_portal import *  # noqa: E402, F403

# Production hardening: on whenever DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
if proxy_header := env("DJANGO_SECURE_PROXY_SSL_HEADER"):
    # e.g. "HTTP_X_FORWARDED_PROTO,https" when a trusted proxy terminates TLS.
    SECURE_PROXY_SSL_HEADER = tuple(proxy_header.split(",", 1))

# One line per request and per event, with the request id; JSON in
# production (DJANGO_LOG_FORMAT=text or json to choose).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "helpcenter.production.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "helpcenter.production.JsonFormatter"},
        "text": {
            "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": env("DJANGO_LOG_FORMAT", "text" if DEBUG else "json"),
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # The request log replaces Django's own lines for 4xx and 5xx.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        # django-post-office adds a handler of its own unless one is set.
        "post_office": {"handlers": ["console"], "propagate": False},
    },
}
