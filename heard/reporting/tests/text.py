"""The text of each report format, as one line of words, for tests to look for figures in."""

import re
from html import unescape
from typing import NamedTuple

from weasyprint.formatting_structure.boxes import LineBox, MarginBox, ReplacedBox, TableRowBox

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
    return squash(" ".join(page.text for page in laid_out_pages(document)))


class Page(NamedTuple):
    text: str  # what is printed on the page, without its header and footer
    margins: str  # its header and footer
    filled: float  # how far down the page its text and pictures reach, from 0 (empty) to 1 (full)


def pdf_pages(*, figures: AnnualFigures, year: int) -> list[Page]:
    """Each page of the PDF, as laid out for render_pdf."""
    return laid_out_pages(pdf_document(figures=figures, year=year))


def laid_out_pages(document) -> list[Page]:
    """Each page of a laid-out WeasyPrint document."""
    assert document.write_pdf().startswith(b"%PDF")
    return [_page(page._page_box) for page in document.pages]


def _page(page_box) -> Page:
    body: list[str] = []
    margins: list[str] = []
    bottoms: list[float] = [page_box.margin_top]

    def walk(box, in_margin: bool = False) -> None:
        in_margin = in_margin or isinstance(box, MarginBox)
        text = getattr(box, "text", None)
        if isinstance(text, str):
            (margins if in_margin else body).append(text)
        if not in_margin and isinstance(box, LineBox | ReplacedBox | TableRowBox):
            bottoms.append(box.position_y + box.margin_height())
        for child in getattr(box, "children", ()) or ():
            walk(child, in_margin)

    walk(page_box)
    height = page_box.margin_height() - page_box.margin_top - page_box.margin_bottom
    filled = (max(bottoms) - page_box.margin_top) / height
    return Page(squash(" ".join(body)), squash(" ".join(margins)), filled)


def word_text(data: bytes) -> str:
    return squash(docx_text(data))
