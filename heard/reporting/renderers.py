"""The annual report in each format: HTML, PDF (WeasyPrint) and Word (python-docx).

Each renderer takes the year's figures (from `metrics.annual_report`) and draws the one document
that `document.build_report` builds from them, so that every format states the same figures in
the same words. Registered by name in `heard report`'s RENDERERS. `render_report` draws any
`document.Report` (the Complaint Handling Code report too) in each of REPORT_FORMATS.
"""

import base64
import hashlib
import logging
from collections.abc import Callable
from functools import lru_cache
from importlib.metadata import version
from typing import cast

from django.core.cache import cache
from django.template.loader import render_to_string

from heard.reporting import charts
from heard.reporting.document import Figure, Report, build_report
from heard.reporting.metrics import KEPT_SECONDS, AnnualFigures

logging.getLogger("fontTools").setLevel(logging.WARNING)
logging.getLogger("weasyprint").setLevel(logging.ERROR)


def _figures(report: Report):
    for section in report.sections:
        for block in section.blocks:
            if isinstance(block, Figure):
                yield block


def _html(report: Report, *, mode: str) -> str:
    for n, figure in enumerate(_figures(report), start=1):
        chart = figure.chart
        if chart is None:
            continue
        if mode == "pdf":
            data = base64.b64encode(charts.png(chart)).decode("ascii")
            figure.png_data_uri = f"data:image/png;base64,{data}"
        else:
            figure.svg = charts.svg(chart, prefix=f"figure-{n}")
    return render_to_string("reporting/report/document.html", {"report": report, "mode": mode})


def render_html(*, figures: AnnualFigures, year: int) -> str:
    """A single self-contained HTML file: styles inline, charts as inline SVG."""
    return _html(build_report(year, figures=figures), mode="html")


# A tagged PDF (PDF/UA-1) that screen readers can follow: the structure of the HTML (headings,
# tables with their header cells, figures with their alternative text), its language and title.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}


def render_pdf(*, figures: AnnualFigures, year: int) -> bytes:
    return render_report(build_report(year, figures=figures), "pdf")


def laid_out_pdf(report: Report):
    """The laid-out WeasyPrint document of any report, which render_report writes as the PDF (and
    tests read the pages of)."""
    from weasyprint import HTML

    return HTML(string=_html(report, mode="pdf")).render(**PDF_OPTIONS)


def pdf_document(*, figures: AnnualFigures, year: int):
    """The laid-out WeasyPrint document that render_pdf writes, for reading its pages' text."""
    return laid_out_pdf(build_report(year, figures=figures))


@lru_cache(maxsize=1)
def _layout_version() -> str:
    return f"weasyprint {version('weasyprint')} pydyf {version('pydyf')} {sorted(PDF_OPTIONS.items())}"


def _kept_pdf(html: str) -> bytes:
    """The PDF of a report's HTML, laid out once and kept in the shared cache under a digest of that
    HTML (its words, figures, charts, logo and styles) and WeasyPrint's version: a report drawn again
    unchanged is read back, not laid out again (ADR 0018). Any change to what the report says or
    shows changes the HTML, and so lays it out afresh."""
    digest = hashlib.sha256(f"{_layout_version()}\n{html}".encode()).hexdigest()
    return cast(bytes, cache.get_or_set(f"reporting:pdf:{digest}", lambda: _laid_out(html), KEPT_SECONDS))


def _laid_out(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).render(**PDF_OPTIONS).write_pdf(**PDF_OPTIONS)


def render_docx(*, figures: AnnualFigures, year: int) -> bytes:
    return render_report(build_report(year, figures=figures), "docx")


# The formats any Report is drawn in (the annual report adds its tables in Excel, render_xlsx).
REPORT_FORMATS = ("html", "pdf", "docx")


def render_report(report: Report, format: str) -> bytes:
    """Any report built from document.py's blocks (the annual report, the Complaint Handling Code
    report) as one of REPORT_FORMATS."""
    if format == "html":
        return _html(report, mode="html").encode("utf-8")
    if format == "pdf":
        return _kept_pdf(_html(report, mode="pdf"))
    if format == "docx":
        from heard.reporting.word import write_docx

        return write_docx(report)
    raise ValueError(f"No such format: {format}")


def render_xlsx(*, figures: AnnualFigures, year: int) -> bytes:
    """Every table of the report (and the annual comparisons) as an Excel workbook, a sheet each."""
    from heard.reporting.document import NOT_RECORDED, Comparison
    from heard.reporting.panels import Cell, Panel, Row
    from heard.reporting.spreadsheets import panels_workbook

    report = build_report(year, figures=figures)
    tables: list[Panel] = []
    for section in report.sections:
        for block in section.blocks:
            if isinstance(block, Figure):
                tables.append(block.panel)
            elif isinstance(block, Comparison):
                rows = [
                    Row(
                        row.measure,
                        [
                            Cell(NOT_RECORDED if c.measure(row.key) is None else c.measure(row.key))
                            for c in figures.comparison
                        ]
                        + [Cell(row.direction)],
                    )
                    for row in block.rows
                ]
                tables.append(
                    Panel("comparison", "Annual comparisons", ["Measure", *block.years, "Direction"], rows)
                )
    return panels_workbook(tables, title=f"{report.title} {report.label}, {report.council}")


RENDERERS: dict[str, Callable[..., str | bytes]] = {
    "html": render_html,
    "pdf": render_pdf,
    "docx": render_docx,
    "xlsx": render_xlsx,
}
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def report_bytes(*, figures: AnnualFigures, year: int, format: str) -> bytes:
    document = RENDERERS[format](figures=figures, year=year)
    return document.encode("utf-8") if isinstance(document, str) else document
