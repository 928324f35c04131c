"""Settings shared by every environment. Everything configurable is read from the environment here."""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("HEARD_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_htmx",
    "heard.core",
    "heard.accounts",
    "heard.calendar",
    "heard.procedures",
    "heard.cases",
    "heard.audit",
    "heard.intake",
    "heard.casework",
    "heard.letters",
    "heard.people",
    "heard.interchange",
    "heard.reporting",
    "heard.handling_code",
    "heard.notifications",
    "heard.chasing",
    "heard.retention",
    "heard.conduct",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "heard.core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "heard.accounts.middleware.SignedInSessionRenewalMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "heard.accounts.access.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.csp",
                "heard.core.context_processors.council",
            ],
        },
    },
]


def database_from_env() -> dict[str, Any]:
    """DATABASE_URL selects the database; without it, an SQLite file under var/ in WAL mode."""
    url = os.environ.get("DATABASE_URL")
    if url:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    else:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(VAR_DIR / "heard.sqlite3")}
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"),
        }
    return config


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "heard.accounts.backends.AdministratorBackend",  # administrators' rights in the admin
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/staff/"
LOGOUT_REDIRECT_URL = "/"

# Signed-in sessions end after 30 minutes without a request (renewed on each request by
# heard.accounts.middleware); public form sessions are saved only when their answers change.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", 30 * 60))
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# django-axes: lock an account and address out after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Attachments live outside the web root and are served only through a staff view.
MEDIA_ROOT = Path(os.environ.get("HEARD_MEDIA_ROOT", VAR_DIR / "attachments"))
MEDIA_URL = "/attachments-are-not-served-here/"

# One cache shared by every process and server, so that the public form's rate limits count each
# address once however many workers serve it: Redis when REDIS_URL is set, otherwise a table in
# the database (created by the migration heard.core 0001).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_TABLE = "heard_cache"
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # Room for the kept figures, charts and report PDFs (ADRs 0014, 0018) beside the rate limits:
    # Django's default of 300 entries would cull kept figures after a few reports.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

MAILERS = {
    "default": {"BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")}
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "feedback@council.example")
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_ACKNOWLEDGEMENT_TEMPLATE_ID = os.environ.get("NOTIFY_ACKNOWLEDGEMENT_TEMPLATE_ID", "")
# Messages to staff (reminders, escalations, digests, packs) through one Notify template whose
# subject is ((subject)) and body ((body)), with ((link_to_file)) for a pack.
NOTIFY_STAFF_TEMPLATE_ID = os.environ.get("NOTIFY_STAFF_TEMPLATE_ID", "")
# Where staff reach Heard: links in messages to staff start with this.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Checks on every file sent to Heard (the public form and staff uploads; docs/deployment.md): a Word
# document (a zip) may expand to at most this many bytes and hold at most this many entries; and
# clamd, when CLAMAV_ADDRESS is set ("unix:/run/clamav/clamd.ctl" or "host:3310"), scans each file.
UPLOAD_MAX_EXPANDED_BYTES = int(os.environ.get("UPLOAD_MAX_EXPANDED_BYTES", 50 * 1024 * 1024))
UPLOAD_MAX_ARCHIVE_ENTRIES = int(os.environ.get("UPLOAD_MAX_ARCHIVE_ENTRIES", 1000))
CLAMAV_ADDRESS = os.environ.get("CLAMAV_ADDRESS", "")
CLAMAV_TIMEOUT = float(os.environ.get("CLAMAV_TIMEOUT", "30"))

# The public form: submissions allowed per address ("10/h"; "off" for load tests behind one address).
INTAKE_RATE_LIMIT = os.environ.get("INTAKE_RATE_LIMIT", "10/h")
# How long each process keeps the rule sets and closure days it read (heard.core.kept), in seconds.
REFERENCE_DATA_SECONDS = int(os.environ.get("REFERENCE_DATA_SECONDS", 60))

# The council whose service this is: shown in the header and reports, never the GOV.UK crown.
COUNCIL_NAME = os.environ.get("COUNCIL_NAME", "Exampleshire Council")
COUNCIL_SERVICE_NAME = os.environ.get("COUNCIL_SERVICE_NAME", "Children's Services feedback")
COUNCIL_TEAM_NAME = os.environ.get("COUNCIL_TEAM_NAME", "Feedback and Insight Team")
COUNCIL_LOGO_URL = os.environ.get("COUNCIL_LOGO_URL", "")
COUNCIL_BRAND_COLOUR = os.environ.get("COUNCIL_BRAND_COLOUR", "#1d4f91")
COUNCIL_PHONE = os.environ.get("COUNCIL_PHONE", "01234 567890")
COUNCIL_EMAIL = os.environ.get("COUNCIL_EMAIL", "feedback@council.example")
# The annual report's cover logo (an SVG or PNG file, embedded in the report; Word takes a PNG, so
# an SVG logo needs a PNG of the same name beside it) and the postal address on its back page, its
# lines separated by commas. The defaults are a plain placeholder and an example address.
COUNCIL_LOGO = Path(os.environ.get("COUNCIL_LOGO", BASE_DIR / "heard/reporting/assets/council-logo.svg"))
COUNCIL_ADDRESS = os.environ.get("COUNCIL_ADDRESS", "County Hall, Example Street, Exampletown")
CASE_REFERENCE_PREFIX = os.environ.get("CASE_REFERENCE_PREFIX", "CS")

# Single sign-on through OpenID Connect (e.g. Microsoft Entra ID), on when its client id is set.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "heard.accounts.oidc.StaffOIDCBackend"]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

# Two-factor sign-in (an authenticator app) for every staff role, on every staff and admin URL.
# SINGLE_SIGN_ON_ENFORCES_MFA: sessions signed in through single sign-on count as verified, for an
# identity provider that itself enforces MFA on every sign-in (docs/single-sign-on.md).
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
SINGLE_SIGN_ON_ENFORCES_MFA = env_bool("SINGLE_SIGN_ON_ENFORCES_MFA")


def origin(url: str) -> list[str]:
    """The scheme and host of an absolute URL, for a Content Security Policy source list."""
    scheme, _, rest = url.partition("://")
    return [f"{scheme}://{rest.split('/', 1)[0]}"] if rest else []


# Content Security Policy: everything from Heard itself (nothing from a CDN), inline script and
# style only with the page's nonce, and no framing. The council's logo may come from its website.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", *origin(COUNCIL_LOGO_URL)],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF, *origin(OIDC_OP_AUTHORIZATION_ENDPOINT)],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # pikepdf says at INFO level that it has loaded, in every process that opens a PDF.
    "loggers": {"pikepdf": {"level": "WARNING"}},
}
