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
