"""The annual report as a council publishes it: accessible (PDF/UA), with a contents list that gives
each section's page, laid out without half-empty pages, its charts titled and described, the council's
logo and contact details, and the same in Word."""

import base64
import io
import re

import docx
import pytest
from django.core.exceptions import ImproperlyConfigured
from docx.oxml.ns import qn

from heard.cases.tests.factories import CaseFactory, TeamFactory
from heard.reporting import charts, metrics
from heard.reporting.document import build_report
from heard.reporting.renderers import PDF_OPTIONS, pdf_document, render_docx, render_html
from heard.reporting.tests.text import html_text, pdf_pages, word_text

pytestmark = pytest.mark.django_db

SECTIONS = [
    "Introduction",
    "The complaints procedures and their timescales",
    "Customer feedback 2025/26",
    "Annual comparisons 2023/24 to 2025/26",
    "Example compliments",
    "Example complaints",
    "Learning and actions",
    "Examples of learning and actions",
    "Progress update",
    "Actions and recommendations",
]


def test_the_pdf_is_tagged_with_headings_in_order_and_every_chart_described(year_2025):
    figures = metrics.annual_report(2025)
    document = pdf_document(figures=figures, year=2025)
    assert document.metadata.title == (
        "Customer Feedback Annual Report 2025/26: Children's Services – Exampleshire Council"
    )
    pdf = document.write_pdf(**PDF_OPTIONS, uncompressed_pdf=True)
    assert b"/Lang (en-GB)" in pdf and b"/DisplayDocTitle true" in pdf
    assert b"/Title (Customer Feedback Annual Report Children's Services)" in pdf  # its bookmark
    # One h1 (the title), then no level skipped: a screen reader's list of headings makes sense.
    # (The title's text is tagged H1 inside the H1.) Then the contents, the sections and "Contact us".
    levels = [int(level) for level in re.findall(rb"/S /H([1-6])\b", pdf)]
    assert levels[:2] == [1, 1] and 1 not in levels[2:] and levels.count(2) == len(SECTIONS) + 2
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))
    # Every chart says what it shows, with its figures, in words.
    totals = {name: counts.total for name, counts in figures.feedback.by_service_area.items()}
    ordered = sorted(totals, key=lambda name: -totals[name])
    assert (
        "/Alt (Feedback by service area, a stacked bar chart of complaints, compliments and comments, "
        f"with the total for each: {ordered[0]} {totals[ordered[0]]} and {ordered[1]} {totals[ordered[1]]}.)"
    ).encode() in pdf
    assert rb"A dashed line marks the timescale \(working days\): Statutory 10 and Corporate 30.)" in pdf
    report = build_report(2025, figures=figures)
    described = [b.alt_text for s in report.sections for b in s.blocks if getattr(b, "alt_text", "")]
    assert len(described) == pdf.count(b"/S /Figure") - 2  # and the logo, on the cover and the back


def test_every_table_header_cell_names_its_column_or_row(year_2025):
    html = render_html(figures=metrics.annual_report(2025), year=2025)
    headers = re.findall(r"<th\b([^>]*)>(.*?)</th>", html, flags=re.DOTALL)
    assert len(headers) > 50
    assert [cell for cell in headers if not html_text(cell[1])] == []
    assert [cell for cell in headers if 'scope="' not in cell[0]] == []
    assert '<th scope="col">Stage reached</th>' in html  # the first column of "Cases beyond stage 1"


def test_the_contents_list_links_to_each_section_and_gives_its_page_in_the_pdf(year_2025):
    figures = metrics.annual_report(2025)
    html = render_html(figures=figures, year=2025)
    for number, title in enumerate(SECTIONS, start=1):
        assert f'<li><a href="#section-{number}">{title}</a></li>' in html
        assert f'id="section-{number}"' in html
    pages = pdf_pages(figures=figures, year=2025)
    contents = pages[1].text
    assert contents.startswith("Contents")
    for number, title in enumerate(SECTIONS, start=1):
        page = next(n for n, page in enumerate(pages[2:], start=3) if f"{number}. {title}" in page.text)
        assert re.search(rf"{re.escape(title)}[ .]+{page}\b", contents), title
    # Every page but the cover is numbered, out of the whole.
    assert pages[0].margins == "DRAFT"
    assert [page.margins.endswith(f"Page {n} of {len(pages)}") for n, page in enumerate(pages[1:], 2)] == [
        True
    ] * (len(pages) - 1)


def _a_year_with_many_teams(year_2025) -> None:
    area = year_2025["social_care"]
    for n in range(45):
        team = TeamFactory(name=f"Locality Team {n + 1:02}", service_area=area)
        CaseFactory(received_on=year_2025["cases"][0].received_on, team=team, service_area=area)


def test_no_page_is_left_half_empty_and_a_long_table_runs_on_with_its_header(year_2025):
    _a_year_with_many_teams(year_2025)
    pages = pdf_pages(figures=metrics.annual_report(2025), year=2025)
    # The last page of the sections and the back page may be short, and so the cover and contents.
    middle = pages[2:-2]
    assert [(n, round(page.filled, 2)) for n, page in enumerate(middle, start=3) if page.filled < 0.5] == []
    # The table of complaints by team runs over a page, its header row at the top of each.
    with_teams = [page.text for page in pages if "Locality Team" in page.text]
    assert len(with_teams) >= 2
    assert all(text.count("Team Complaints") >= 1 for text in with_teams[1:2])


def test_charts_title_both_axes_and_keep_the_timescale_inside_the_plot(year_2025):
    report = build_report(2025, figures=metrics.annual_report(2025))
    figures = {b.panel.key: b for s in report.sections for b in s.blocks if getattr(b, "panel", None)}
    month = charts.svg(figures["by_month"].chart)
    assert ">Month<" in month and ">Cases<" in month
    teams = charts.svg(figures["complaints_by_team"].chart)
    assert ">Team<" in teams and ">Complaints<" in teams
    timeliness = figures["timeliness"].chart
    assert timeliness is not None
    drawing = charts._figure(timeliness)
    ax = drawing.axes[0]
    assert ax.get_xlabel() == "Procedure" and ax.get_ylabel() == "Average working days to close"
    highest_mark = max(m for m in timeliness.marks if m is not None)
    assert ax.get_ylim()[1] > highest_mark  # the dashed timescale line is inside the plot
    # Figures in black, on white where they sit on a bar.
    labels = [t for t in ax.texts if t.get_text()]
    assert labels and all(t.get_color() == charts.TEXT for t in labels)
    assert all(t.get_bbox_patch().get_facecolor()[:3] == (1.0, 1.0, 1.0) for t in labels)


def test_the_logo_is_embedded_and_the_contact_details_close_the_report(year_2025, settings, tmp_path):
    figures = metrics.annual_report(2025)
    settings.COUNCIL_ADDRESS = "Shirehall, Abbey Foregate, Shrewsbury, SY2 6ND"
    settings.COUNCIL_PHONE = "0345 678 9000"
    settings.COUNCIL_EMAIL = "customerfeedback@example.gov.uk"
    html = render_html(figures=figures, year=2025)
    svg = (settings.BASE_DIR / "heard/reporting/assets/council-logo.svg").read_bytes()
    logo = f'src="data:image/svg+xml;base64,{base64.b64encode(svg).decode()}" alt="Exampleshire Council logo"'
    assert html.count(logo) == 2  # the cover and the back page
    assert not re.search(r'src="(?!data:)', html), "nothing is fetched to show the report"
    contact = (
        "Contact us Feedback and Insight Team Exampleshire Council Shirehall Abbey Foregate Shrewsbury "
        "SY2 6ND Telephone: 0345 678 9000 Email: customerfeedback@example.gov.uk"
    )
    assert html_text(html).endswith(contact)
    pages = pdf_pages(figures=figures, year=2025)
    assert pages[-1].text == contact
    assert word_text(render_docx(figures=figures, year=2025)).endswith(contact)

    # A council's own PNG logo.
    png = (settings.BASE_DIR / "heard/reporting/assets/council-logo.png").read_bytes()
    (tmp_path / "logo.png").write_bytes(png)
    settings.COUNCIL_LOGO = tmp_path / "logo.png"
    assert f"data:image/png;base64,{base64.b64encode(png).decode()}" in render_html(
        figures=figures, year=2025
    )
    settings.COUNCIL_LOGO = tmp_path / "logo.svg"  # an SVG without the PNG Word needs beside it
    (tmp_path / "logo.png").unlink()
    (tmp_path / "logo.svg").write_bytes(svg)
    with pytest.raises(ImproperlyConfigured, match="COUNCIL_LOGO"):
        render_html(figures=figures, year=2025)


def test_no_product_name_in_the_public_text(year_2025):
    figures = metrics.annual_report(2025)
    for text in (
        html_text(render_html(figures=figures, year=2025)),
        " ".join(page.text + " " + page.margins for page in pdf_pages(figures=figures, year=2025)),
        word_text(render_docx(figures=figures, year=2025)),
    ):
        assert not re.search(r"\bHeard\b", text)


def test_the_word_report_has_a_header_numbered_pages_headings_and_header_rows(year_2025):
    figures = metrics.annual_report(2025)
    document = docx.Document(io.BytesIO(render_docx(figures=figures, year=2025)))
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "Customer Feedback Annual Report 2025/26"
    assert section.different_first_page_header_footer  # not on the cover
    footer = section.footer.paragraphs[0]._p
    assert [i.text.strip() for i in footer.iter(qn("w:instrText"))] == ["PAGE", "NUMPAGES"]
    assert "".join(t.text for t in footer.iter(qn("w:t"))) == "Page 1 of 1"  # until Word lays it out
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == [
        "Contents",
        *(f"{n}. {title}" for n, title in enumerate(SECTIONS, start=1)),
        "Contact us",
    ]
    assert len(document.tables) > 10
    for table in document.tables:
        first_row = table.rows[0]._tr
        assert first_row.trPr is not None and first_row.trPr.find(qn("w:tblHeader")) is not None
        assert all(cell.text.strip() for cell in table.rows[0].cells)
    # The logo opens the cover, before the title; every picture has its alternative text.
    body = document.element.body
    first_picture = next(body.iter(qn("w:drawing")))
    title = next(p for p in document.paragraphs if p.style is not None and p.style.name == "Title")
    assert list(body.iter()).index(first_picture) < list(body.iter()).index(title._p)
    descriptions = [d.get("descr") for d in body.iter(qn("wp:docPr"))]
    assert descriptions[0] == descriptions[-1] == "Exampleshire Council logo"
    assert all(descriptions) and any(d.startswith("Feedback by month, a bar chart: ") for d in descriptions)
