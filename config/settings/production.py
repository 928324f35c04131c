"""Production settings: every secret and address comes from the environment and has no default.

Heard refuses to start without them, and refuses a development email backend (which would print
acknowledgements, with people's names and contact details, to the logs). docs/deployment.md lists
the environment.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import env_bool, env_list

DEVELOPMENT_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
}
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in production (see docs/deployment.md).")
    return value


def mailers() -> dict:
    """Email must be configured explicitly: SMTP (with its host) or another production backend."""
    backend = required("EMAIL_BACKEND")
    if backend in DEVELOPMENT_EMAIL_BACKENDS:
        raise ImproperlyConfigured(
            f"EMAIL_BACKEND {backend} is for development: in production it would lose or print "
            "people's email. Use the SMTP backend (or GOV.UK Notify for the public's messages)."
        )
    if backend != SMTP_BACKEND:
        return {"default": {"BACKEND": backend}}
    options = {
        "host": required("EMAIL_HOST"),
        "port": int(os.environ.get("EMAIL_PORT", 587)),
        "use_tls": env_bool("EMAIL_USE_TLS", True),
    }
    if os.environ.get("EMAIL_HOST_USER"):
        options["username"] = os.environ["EMAIL_HOST_USER"]
        options["password"] = os.environ.get("EMAIL_HOST_PASSWORD", "")
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


DEBUG = False
SECRET_KEY = required("SECRET_KEY")
required("DATABASE_URL")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [required("ALLOWED_HOSTS")]
SITE_URL = required("SITE_URL").rstrip("/")
MAILERS = mailers()

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
