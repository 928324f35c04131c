"""Pages and downloads that show personal data are never stored by a browser or proxy; every page
carries a Content Security Policy; the shared cache is the database unless Redis is configured."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from heard.cases.tests.factories import CaseFactory
from heard.intake.tests.files import stored_pdf

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def case(db):
    return CaseFactory(summary="Pat Parent's complaint")


@pytest.fixture
def attachment(case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return stored_pdf(case, "a.pdf")


def test_staff_pages_and_downloads_are_never_stored(officer_client, case, attachment):
    pages = [
        reverse("cases:my_work"),
        reverse("cases:list"),
        reverse("cases:export"),
        reverse("cases:detail", args=[case.reference]),
        reverse("cases:access_log", args=[case.reference]),
        reverse("casework:document_download", args=[attachment.pk]),
        reverse("reporting:dashboard"),
        reverse("reporting:dashboard_download", args=["all", "xlsx"]),
        reverse("reporting:download", args=[2025, "html"]),
    ]
    for page in pages:
        response = officer_client.get(page)
        assert response.status_code == 200, page
        assert "no-store" in response["Cache-Control"], page


def test_public_pages_are_never_stored(client):
    for page in ("/", "/feedback/"):
        assert "no-store" in client.get(page)["Cache-Control"]


def test_static_files_keep_their_own_caching(client):
    response = client.get("/static/frontend/heard.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_every_page_has_a_policy_allowing_only_its_own_nonce_inline(client):
    response = client.get("/feedback/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    page = response.content.decode()
    assert page.count(f'nonce="{nonce}"') == 2  # the brand colour and the js-enabled class
    assert "<style>" not in page and "<script>" not in page


def test_the_report_document_runs_nothing_and_loads_nothing(officer_client):
    response = officer_client.get(reverse("reporting:download", args=[2025, "html"]))
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    assert "img-src data:" in policy


def cache_settings(**env: str) -> dict:
    environment = {k: v for k, v in os.environ.items() if k != "REDIS_URL"} | env
    script = "import json; from config.settings import base; print(json.dumps(base.CACHES['default']))"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_the_shared_cache_is_a_database_table_unless_redis_is_configured():
    assert cache_settings() == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "heard_cache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
    assert cache_settings(REDIS_URL="redis://127.0.0.1:6379/0")["BACKEND"].endswith("RedisCache")
