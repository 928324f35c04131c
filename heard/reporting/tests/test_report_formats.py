"""Each figure of the annual report, in each format, is the metrics module's."""

import datetime

import pytest

from heard.reporting import metrics
from heard.reporting.document import number
from heard.reporting.renderers import render_docx, render_html
from heard.reporting.tests.text import html_text, pdf_text, word_text


def expected_statements(f: dict) -> list[str]:
    """Sentences and table rows the report must contain, written from the metrics dict alone."""
    fb, c, t, o, e, om, lrn = (
        f["feedback"],
        f["complaints"],
        f["timeliness"],
        f["outcomes"],
        f["escalation"],
        f["ombudsman"],
        f["learning"],
    )
    n = number
    statements = [
        f"In {f['year']} there were {n(fb['total'])} cases of feedback recorded",
        f"{n(fb['compliments'])} compliments",
        f"{n(fb['complaints'])} complaints",
        f"Of all the customer feedback recorded, {n(fb['complaint_share_pct'])}% of cases were complaints.",
        f"per month during {f['year']} was {n(fb['monthly_average'])}.",
        f"There were {n(c['cases'])} complaint cases and {n(c['investigations'])} stage 1 complaint investigations",
        f"{n(c['by_procedure']['corporate'])} were corporate complaints ({n(c['by_procedure_pct']['corporate'])}% of all",
        f"{n(c['by_procedure']['statutory'])} were statutory complaints ({n(c['by_procedure_pct']['statutory'])}%)",
        f"took an average of {n(t['avg_working_days_to_close'])} working days to close stage 1 complaints",
        f"Statutory complaints took an average of {n(t['avg_working_days_to_close_by_procedure']['statutory'])} working days",
        f"{n(t['within_timescale_pct'])}% of stage 1 investigations were closed within their timescale",
        f"{n(o['pct']['upheld'])}% were upheld, {n(o['pct']['partially_upheld'])}% were partially upheld and "
        f"{n(o['pct']['not_upheld'])}% were not upheld",
        f"there were {n(c['looked_after_child'])} complaint",
        f"In total {n(e['beyond_stage_1'])} case",
        f"The Ombudsman decided {n(om['decided'])} complaint",
        f"against {n(lrn['cases_with_learning'])} case",
        f"({n(lrn['cases_with_learning_pct'])}%)",
        f"Children's Services received {n(fb['compliments'])} compliment",
        # Table rows: a label followed by its figures.
        f"Upheld {n(o['counts']['upheld'])} {n(o['pct']['upheld'])}",
        f"Statutory {n(c['by_procedure']['statutory'])} {n(c['by_procedure_pct']['statutory'])}",
        f"Stage 2 investigation opened {n(e['stage_2'])}",
        f"Ombudsman enquiry received {n(e['ombudsman'])}",
    ]
    for month, count in fb["by_month"].items():
        statements.append(f"{metrics_month(month)} {n(count)}")
    for name, count in c["by_problem_category"].items():
        statements.append(f"{name} {n(count)}")
    for name, counts in fb["by_service_area"].items():
        statements.append(f"{name} {n(counts['complaint'])} {n(counts['compliment'])} {n(counts['comment'])}")
    for name, count in lrn["learning_by_category"].items():
        statements.append(f"{name} {n(count)}")
    for name, count in lrn["actions_by_category"].items():
        statements.append(f"{name} {n(count)}")
    years = [row["year"] for row in f["comparison"]]
    statements.append(" ".join(years))
    statements.append(" ".join(n(row["compliments"]) for row in f["comparison"]))
    statements.append(" ".join(f"{n(row['upheld_pct'])}%" for row in f["comparison"]))
    statements.append(
        " ".join(f"{n(row['avg_working_days_to_close'])} working days" for row in f["comparison"])
    )
    return statements


def metrics_month(key: str) -> str:
    import calendar

    return f"{calendar.month_name[int(key[5:])]} {key[:4]}"


def missing(text: str, statements: list[str]) -> list[str]:
    return [s for s in statements if s not in text]


@pytest.mark.django_db
def test_html_states_every_figure(year_2025):
    figures = metrics.annual_report(2025)
    text = html_text(render_html(figures=figures, year=2025))
    assert missing(text, expected_statements(figures.as_json())) == []


@pytest.mark.django_db
def test_word_states_every_figure(year_2025):
    figures = metrics.annual_report(2025)
    text = word_text(render_docx(figures=figures, year=2025))
    assert missing(text, expected_statements(figures.as_json())) == []


@pytest.mark.django_db
def test_pdf_states_every_figure(year_2025):
    figures = metrics.annual_report(2025)
    text = pdf_text(figures=figures, year=2025)
    assert missing(text, expected_statements(figures.as_json())) == []


@pytest.mark.django_db
def test_the_pdf_is_tagged_for_screen_readers(year_2025):
    """PDF/UA: the document's structure (headings, tables with header cells, charts with their
    alternative text), language and title are in the file. Written uncompressed to read them."""
    from heard.reporting.renderers import PDF_OPTIONS, pdf_document

    document = pdf_document(figures=metrics.annual_report(2025), year=2025)
    pdf = document.write_pdf(**PDF_OPTIONS, uncompressed_pdf=True)
    assert b"/StructTreeRoot" in pdf and b"/Marked true" in pdf
    assert b"/Lang (en-GB)" in pdf and b"/DisplayDocTitle true" in pdf
    assert b"/S /H2" in pdf and b"/S /Table" in pdf and b"/S /TH" in pdf
    assert (
        b"/Alt (Feedback by service area, a stacked bar chart of complaints, compliments and comments" in pdf
    )


@pytest.mark.django_db
def test_the_procedures_section_states_the_rule_sets_in_force(year_2025):
    from heard.procedures.models import RuleSet

    text = html_text(render_html(figures=metrics.annual_report(2025), year=2025))
    section_2 = text.split("2. The complaints procedures and their timescales")[-1].split(
        "3. Customer feedback"
    )[0]
    # In 2025/26 the corporate procedure changed on 1 April 2026 only after the year: one version.
    assert "Corporate procedure (council policy)" in section_2
    assert "Corporate procedure (Ombudsman's Complaint Handling Code)" not in section_2
    assert "Stage 1 – local resolution: A written response is due within 10 working days" in section_2
    assert "extended to at most 20 working days" in section_2
    assert "Stage 2 – investigation: An independent Investigating Officer" in section_2
    assert "within 25 working days" in section_2 and "at most 65 working days" in section_2
    assert "within 28 calendar days" in section_2
    # A council that changes its timescale sees the change in the next report.
    stage = RuleSet.objects.get(procedure="statutory").stages.get(stage=1)
    stage.response_days, stage.extension_limit_days = 12, 24
    stage.save()
    text = html_text(render_html(figures=metrics.annual_report(2025), year=2025))
    assert "Stage 1 – local resolution: A written response is due within 12 working days" in text


@pytest.mark.django_db
def test_a_draft_says_so_in_every_format(year_2025):
    figures = metrics.annual_report(2025)
    notice = "Draft – not for publication. Waiting for text: sections 5, 6, 8 and 10."
    assert notice in html_text(render_html(figures=figures, year=2025))
    assert notice in word_text(render_docx(figures=figures, year=2025))


@pytest.mark.django_db
def test_the_reports_tables_in_excel_are_the_metrics_figures(year_2025):
    import io

    import openpyxl

    from heard.reporting.renderers import render_xlsx

    figures = metrics.annual_report(2025)
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(figures=figures, year=2025)))
    f = figures.as_json()

    def sheet(title: str) -> list[tuple]:
        """A sheet by the title in its first cell (sheet names are cut to 31 characters)."""
        found = [ws for ws in book.worksheets if ws["A1"].value == title]
        assert len(found) == 1, title
        return list(found[0].iter_rows(values_only=True))

    comparison = sheet("Annual comparisons")
    assert comparison[3] == ("Measure", *[row["year"] for row in f["comparison"]], "Direction")
    assert comparison[4] == (
        "Number of compliments",
        *[row["compliments"] for row in f["comparison"]],
        "increased",  # one compliment in 2024/25, two in 2025/26
    )
    outcomes = sheet("Outcomes of stage 1 investigations closed")
    assert (
        "Upheld",
        f["outcomes"]["counts"]["upheld"],
        f["outcomes"]["pct"]["upheld"],
    ) in outcomes
    months = sheet("Feedback by month")
    assert [row[1] for row in months[4:16]] == list(f["feedback"]["by_month"].values())


@pytest.mark.django_db
def test_the_procedures_section_speaks_of_the_year_only_and_not_of_the_software(year_2025):
    from heard.procedures.models import RuleSet

    section_2 = (
        html_text(render_html(figures=metrics.annual_report(2025), year=2025))
        .split("2. The complaints procedures and their timescales")[-1]
        .split("3. Customer feedback")[0]
    )
    assert "Heard" not in section_2
    assert "Complaint Handling Code" not in section_2 and "2026" not in section_2  # the Code came after

    # A rule set that changes during the year is shown with the days it applied.
    council_policy = RuleSet.objects.get(procedure="corporate", effective_from__lt=datetime.date(2026, 4, 1))
    RuleSet.objects.filter(procedure="corporate", effective_from=datetime.date(2026, 4, 1)).update(
        effective_from=datetime.date(2025, 10, 1)
    )
    text = html_text(render_html(figures=metrics.annual_report(2025), year=2025))
    assert f"{council_policy.name} (until 30 September 2025)" in text
    assert "Corporate procedure (Ombudsman's Complaint Handling Code) (from 1 October 2025)" in text


def _alternative_texts(pdf: bytes) -> list[str]:
    """The alternative text of each chart in a PDF (its tagged structure), in the file's order."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        return [
            str(obj.Alt)
            for obj in document.objects
            if isinstance(obj, pikepdf.Dictionary) and "/Alt" in obj and obj.get("/S") == "/Figure"
        ]


@pytest.mark.django_db
def test_a_pdf_drawn_again_unchanged_is_the_kept_file_and_a_change_draws_it_afresh(year_2025, monkeypatch):
    import weasyprint

    from heard.cases.tests.factories import ComplimentFactory
    from heard.reporting.renderers import PDF_OPTIONS, pdf_document, render_pdf

    first = render_pdf(figures=metrics.annual_report(2025), year=2025)

    def no_layout(*args, **kwargs):
        raise AssertionError("laid out again although nothing it shows changed")

    with monkeypatch.context() as patched:
        patched.setattr(weasyprint, "HTML", no_layout)
        assert render_pdf(figures=metrics.annual_report(2025), year=2025) == first

    ComplimentFactory(received_on=datetime.date(2025, 6, 2))
    figures = metrics.annual_report(2025)
    second = render_pdf(figures=figures, year=2025)
    fresh = pdf_document(figures=figures, year=2025).write_pdf(**PDF_OPTIONS)
    assert _alternative_texts(second) == _alternative_texts(fresh)
    assert _alternative_texts(second) != _alternative_texts(first)
    # The new compliment is in June's bar.
    assert "Feedback by month, a bar chart: Apr 3, May 1, Jun 0," in " ".join(_alternative_texts(first))
    assert "Feedback by month, a bar chart: Apr 3, May 1, Jun 1," in " ".join(_alternative_texts(second))


def test_a_chart_for_the_pdf_is_drawn_once_opaque_and_kept(monkeypatch):
    import io

    from PIL import Image

    from heard.reporting import charts

    chart = charts.Chart("Complaints by month", ("April", "May"), (("Complaints", (3.0, 5.0)),))
    first = charts.png(chart)
    assert Image.open(io.BytesIO(first)).mode == "RGB"  # on white, no transparency to mask
    charts.png.cache_clear()  # a new process: the drawing is read from the shared cache

    def no_drawing(*args, **kwargs):
        raise AssertionError("drawn again although the chart is unchanged")

    monkeypatch.setattr(charts, "_figure", no_drawing)
    assert charts.png(chart) == first
