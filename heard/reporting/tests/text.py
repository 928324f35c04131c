"""The text of each report format, as one line of words, for tests to look for figures in."""

import re
from html import unescape

from weasyprint.formatting_structure.boxes import MarginBox

from heard.reporting.metrics import AnnualFigures
from heard.reporting.renderers import pdf_document
from heard.reporting.word import docx_text


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def html_text(html: str) -> str:
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.DOTALL)
    html = re.sub(r"<svg\b.*?</svg>", " ", html, flags=re.DOTALL)  # chart labels are not the text
    return squash(unescape(re.sub(r"<[^>]+>", " ", html)))


def pdf_text(*, figures: AnnualFigures, year: int) -> str:
    """The text WeasyPrint lays out on the PDF's pages (the same document render_pdf writes), without
    the running header and footer, which would otherwise split a sentence that runs over a page."""
    return laid_out_text(pdf_document(figures=figures, year=year))


def laid_out_text(document) -> str:
    """The text of a laid-out WeasyPrint document's pages, without their running header and footer."""
    assert document.write_pdf().startswith(b"%PDF")
    parts: list[str] = []

    def walk(box) -> None:
        if isinstance(box, MarginBox):
            return
        text = getattr(box, "text", None)
        if isinstance(text, str):
            parts.append(text)
        for child in getattr(box, "children", ()) or ():
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return squash(" ".join(parts))


def word_text(data: bytes) -> str:
    return squash(docx_text(data))
