import io
import json

import docx
import pytest
from django.core.management import call_command

from heard.reporting import metrics
from heard.reporting.tests.text import html_text


@pytest.mark.django_db
def test_report_writes_each_format_to_a_file(year_2025, tmp_path):
    for extension, signature in (("pdf", b"%PDF"), ("docx", b"PK"), ("html", b"<!DOCTYPE html>")):
        out = tmp_path / f"report.{extension}"
        call_command("report", "--year", "2025", "--format", extension, "--out", str(out))
        assert out.read_bytes().startswith(signature), extension
    html = (tmp_path / "report.html").read_text()
    assert f"there were {metrics.annual_report(2025).feedback.total} cases of feedback" in html_text(html)
    document = docx.Document(str(tmp_path / "report.docx"))
    titles = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Title"]
    assert titles == ["Customer Feedback Annual Report"]
    assert document.inline_shapes, "the Word report has its charts"


@pytest.mark.django_db
def test_json_is_still_the_metrics_contract(year_2025):
    out = io.StringIO()
    call_command("report", "--year", "2025", "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == json.loads(json.dumps(metrics.annual_report(2025).as_json()))


# What `heard report` loads, run as its own process (this test's database, seen empty from there):
# the names of the drawing libraries it imported, the report's first line, and whether the garbage
# collector, paused while Django starts (heard.core.startup), is on again.
LOADED = """
import contextlib, gc, io, json, sys
from heard.manage import main
out = io.StringIO()
sys.argv = ["heard", "report", "--year", "2025", "--format", sys.argv[1]]
with contextlib.redirect_stdout(out):
    main()
heavy = ("weasyprint", "matplotlib", "docx", "openpyxl", "holidays", "phonenumbers")
print(json.dumps({
    "loaded": [m for m in heavy if m in sys.modules],
    "first": out.getvalue()[:20],
    "collector": gc.isenabled(),
}))
"""


def report_process(format: str) -> dict:
    import os
    import subprocess
    import sys
    from pathlib import Path

    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{settings['NAME']}"
    else:
        host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
        url = f"postgres://{settings['USER']}:{settings['PASSWORD']}@{host}/{settings['NAME']}"
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="config.settings.local", DEBUG="0")
    result = subprocess.run(
        [sys.executable, "-c", LOADED, format],
        cwd=Path(__file__).resolve().parents[3],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.django_db
def test_the_json_report_loads_no_document_or_chart_library():
    json_report = report_process("json")
    assert json_report["first"].startswith('{\n  "schema"')
    assert json_report["loaded"] == []
    assert json_report["collector"] is True
    # The same check sees a document's libraries when they are loaded.
    assert "matplotlib" in report_process("html")["loaded"]
