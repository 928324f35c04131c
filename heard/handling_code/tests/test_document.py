"""The Code report's sections and words, and each format drawing them (the PDF tagged)."""

import datetime
import re

import pytest

from heard.handling_code import services
from heard.handling_code.document import build_code_report
from heard.handling_code.models import Requirement
from heard.reporting.renderers import PDF_OPTIONS, laid_out_pdf, render_report
from heard.reporting.tests.text import html_text, laid_out_text, word_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_the_year")]

FIGURES = [
    # Corporate stage 1 and 2, statutory stage 1 and 2 (conftest.code_year).
    "At stage 1, 6 complaints were received and 5 were answered: 4 (80%) within the timescale, 1 (20%) "
    "after an extension. Of the answers, 1 (20%) upheld the complaint, 1 (20%) partly upheld it and "
    "3 (60%) did not uphold it.",
    "At stage 2, 1 complaint was received and 1 was answered: 0 (0%) within the timescale",
    "At stage 2, no complaint was received or answered.",
    "Answered within the timescale 4 (80%) 0 (0%)",
    "Corporate stage 1 5 4 80",
    "The Ombudsman made 4 decisions on complaints about Children's Services in 2026/27: 3 upheld and 1 not "
    "upheld. It upheld 75% of the complaints it decided.",
    "In 3 decisions (75% of its decisions) the Ombudsman asked the council to put things right. 1 (33.3%) of "
    "these remedies were completed by the date the Ombudsman set, 1 later and 1 is not completed yet.",
    "Completed by the date the Ombudsman set 1 (33.3%)",
    "Area Actions completed Communication 1",
]


def _record_the_year(officer):
    edition = services.code_edition_get_or_create(year=2026)
    services.assessments_save(
        edition=edition,
        answers=[
            services.Answer(
                r, "partly" if r.reference == "6.2" else "complies", f"Evidence {r.reference}", ""
            )
            if r.reference != "6.2"
            else services.Answer(
                r, "partly", "Stage 1 on time: 80%.", "A second investigator by September 2027."
            )
            for r in Requirement.objects.all()
        ],
    )
    services.code_edition_update(
        edition=edition,
        introduction="",
        improvements="Families now hear within a week when their social worker changes.",
        governing_body_response="The Cabinet welcomed the report.\n\nIt asked for a review in six months.",
        governing_body_response_on=datetime.date(2027, 6, 10),
    )
    services.code_edition_publish(edition=edition, actor=officer)


def test_a_draft_gives_the_figures_and_says_plainly_what_is_waiting(code_year):
    report = build_code_report(2026)
    assert [s.title for s in report.sections] == [
        "Introduction",
        "Self-assessment against the Complaint Handling Code",
        "Complaint handling performance",
        "The Ombudsman's decisions and remedies",
        "Service improvements from complaints",
        "The governing body's response",
    ]
    assert report.is_draft and report.title == "Annual Complaints Performance and Service Improvement Report"
    text = html_text(render_report(report, "html").decode())
    assert [s for s in FIGURES if s not in text] == []
    count = Requirement.objects.count()
    assert (
        f"it complies with 0, partly complies with 0 and does not comply with 0. {count} requirements are not "
        in text
    )
    assert "1.1 A complaint is any expression of dissatisfaction" in text and "Not assessed yet" in text
    assert (
        "The account of the service improvements made from complaints this year is not written yet." in text
    )
    assert "The governing body's response is not recorded yet" in text
    assert "Before the year." not in text  # an action completed in 2025/26
    assert "Heard" not in text and "Kim Lowe" not in text
    assert "Wrote to" not in text  # what was done on a case is counted, not printed


def test_a_published_report_gives_the_assessment_the_improvements_and_the_response(code_year, officer):
    _record_the_year(officer)
    count = Requirement.objects.count()
    report = build_code_report(2026)
    assert not report.is_draft and report.published_on == datetime.date(2027, 4, 20)
    text = html_text(render_report(report, "html").decode())
    assert "Draft" not in text
    assert f"it complies with {count - 1}, partly complies with 1 and does not comply with 0." in text
    assert (
        "6.2 The stage 1 response is sent within 10 working days of the acknowledgement. Partly complies "
        "Stage 1 on time: 80%. A second investigator by September 2027." in text
    )
    assert "Families now hear within a week when their social worker changes." in text
    assert (
        "The Cabinet welcomed the report. It asked for a review in six months. The governing body gave this "
        "response on 10 June 2027." in text
    )


def test_word_and_pdf_say_the_same(code_year, officer):
    _record_the_year(officer)
    report = build_code_report(2026)
    word = word_text(render_report(report, "docx"))
    pdf = laid_out_text(laid_out_pdf(build_code_report(2026)))
    statements = [
        *FIGURES,
        "6.2 The stage 1 response is sent",
        "The governing body gave this response on 10 June 2027.",
    ]
    assert [s for s in statements if s not in word] == []
    assert [s for s in statements if s not in pdf] == []


def test_the_pdf_is_tagged_for_screen_readers(code_year):
    pdf = laid_out_pdf(build_code_report(2026)).write_pdf(**PDF_OPTIONS, uncompressed_pdf=True)
    assert b"/StructTreeRoot" in pdf and b"/Lang (en-GB)" in pdf and b"/DisplayDocTitle true" in pdf
    assert b"/S /Table" in pdf and b"/S /TH" in pdf
    assert b"/Alt (Complaints answered within the timescale" in pdf


def test_every_table_header_cell_names_its_column_or_row(code_year, officer):
    _record_the_year(officer)
    html = render_report(build_code_report(2026), "html")
    html = html.decode() if isinstance(html, bytes) else html
    headers = re.findall(r"<th\b[^>]*>(.*?)</th>", html, flags=re.DOTALL)
    assert "Measure" in headers
    assert [h for h in headers if not h.strip()] == []
