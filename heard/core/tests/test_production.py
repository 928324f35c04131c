"""Production settings refuse to start without what a council must configure, and never print
people's email to the logs."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
ENVIRONMENT = {
    "SECRET_KEY": "a-long-random-secret-for-this-test-only-0123456789",
    "DATABASE_URL": "postgres://heard@db.council.example/heard",
    "ALLOWED_HOSTS": "heard.council.example",
    "SITE_URL": "https://heard.council.example/",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "smtp.council.example",
}
SHOW = (
    "import json; from config.settings import production as s; "
    "print(json.dumps({'mailers': s.MAILERS, 'hosts': s.ALLOWED_HOSTS, 'site': s.SITE_URL, "
    "'debug': s.DEBUG, 'hsts': [s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS]}))"
)


def load(**changes: str | None) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ENVIRONMENT and key != "DEBUG"}
    env.update(ENVIRONMENT)
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run([sys.executable, "-c", SHOW], cwd=ROOT, env=env, capture_output=True, text=True)


def test_the_documented_environment_gives_secure_settings_with_smtp_email():
    result = load(EMAIL_HOST_USER="heard", EMAIL_HOST_PASSWORD="app-password")
    assert result.returncode == 0, result.stderr
    settings = json.loads(result.stdout)
    assert settings["debug"] is False
    assert settings["hosts"] == ["heard.council.example"]
    assert settings["site"] == "https://heard.council.example"
    assert settings["hsts"] == [31536000, True]
    assert settings["mailers"]["default"] == {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": "smtp.council.example",
            "port": 587,
            "use_tls": True,
            "username": "heard",
            "password": "app-password",
        },
    }


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "SITE_URL", "EMAIL_BACKEND", "EMAIL_HOST"]
)
def test_production_refuses_to_start_without_each_setting_and_names_it(missing):
    result = load(**{missing: None})
    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


@pytest.mark.parametrize("backend", ["console", "locmem", "filebased", "dummy"])
def test_a_development_email_backend_is_refused(backend):
    result = load(EMAIL_BACKEND=f"django.core.mail.backends.{backend}.EmailBackend")
    assert result.returncode != 0
    assert "is for development" in result.stderr
