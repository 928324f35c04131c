"""A letter on the council's paper: PDF (WeasyPrint) and Word (python-docx), with the logo and the
address the annual report uses (COUNCIL_LOGO, COUNCIL_ADDRESS) and the brand colour."""

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import docx
from django.conf import settings
from django.template.loader import render_to_string
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

from heard.core.formats import long_date
from heard.letters.merge import OMBUDSMAN_DETAILS
from heard.letters.models import Letter, LetterKind
from heard.reporting.document import council_logo
from heard.reporting.renderers import PDF_OPTIONS


@dataclass(frozen=True)
class Page:
    """What goes on the letter's paper, worked out once for both formats."""

    council: str
    council_address: list[str]
    contact: list[str]
    date: str
    to: list[str]
    reference: str
    subject: str
    paragraphs: list["Block"]


@dataclass(frozen=True)
class Block:
    """A paragraph of the letter, with the short heading line it starts with, if it has one
    ("What we found"): a heading is printed bold. The text may hold line breaks (an address)."""

    heading: str
    text: str


def _blocks(paragraphs: list[str]) -> list[Block]:
    blocks, signed = [], False
    for paragraph in paragraphs:
        first, _, rest = paragraph.partition("\n")
        heading = len(first) <= 60 and first[-1:] not in ".,:;!?" and not first.startswith("- ")  # not a list
        if rest and not signed and heading:
            blocks.append(Block(first, rest))
        else:
            blocks.append(Block("", paragraph))
        signed = signed or paragraph.startswith("Yours")  # the name and title after it are not headings
    return blocks


def recipient(customer) -> list[str]:
    """The lines of the address a letter goes to: the person's name, then their address."""
    if customer is None:
        return []
    to = [customer.name] if customer.name else []
    return to + [line.strip() for line in customer.address.replace(",", "\n").splitlines() if line.strip()]


def paper(*, reference: str, to: list[str], subject: str, paragraphs: list[str], on: date) -> Page:
    """Any letter about a case on the council's paper: response letters, and the letter telling a
    person of an unreasonable behaviour designation."""
    return Page(
        council=settings.COUNCIL_NAME,
        council_address=[line.strip() for line in settings.COUNCIL_ADDRESS.split(",") if line.strip()],
        contact=[
            settings.COUNCIL_TEAM_NAME,
            f"Telephone: {settings.COUNCIL_PHONE}",
            f"Email: {settings.COUNCIL_EMAIL}",
        ],
        date=long_date(on),
        to=to,
        reference=reference,
        subject=subject,
        paragraphs=_blocks(paragraphs),
    )


def page_of(letter: Letter, *, on: date) -> Page:
    to = (
        OMBUDSMAN_DETAILS.splitlines()[:3]
        if letter.kind == LetterKind.OMBUDSMAN_COVER
        else recipient(letter.case.customer)
    )
    return paper(
        reference=letter.case.reference, to=to, subject=letter.subject, paragraphs=letter.paragraphs, on=on
    )


def page_pdf(page: Page) -> bytes:
    from weasyprint import HTML

    logo = council_logo(Path(settings.COUNCIL_LOGO))
    html = render_to_string(
        "letters/letter_pdf.html", {"page": page, "logo": logo, "colour": settings.COUNCIL_BRAND_COLOUR}
    )
    return HTML(string=html).write_pdf(**PDF_OPTIONS)


def letter_pdf(letter: Letter, *, on: date) -> bytes:
    return page_pdf(page_of(letter, on=on))


def _rgb(colour: str) -> RGBColor:
    try:
        return RGBColor.from_string(colour.lstrip("#")[:6].upper())
    except ValueError:
        return RGBColor(0x1D, 0x4F, 0x91)


def letter_docx(letter: Letter, *, on: date) -> bytes:
    page = page_of(letter, on=on)
    document = docx.Document()
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2.2)
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    document.core_properties.title = page.subject
    document.core_properties.author = page.council

    logo = council_logo(Path(settings.COUNCIL_LOGO))
    document.add_picture(io.BytesIO(logo.png), width=Cm(5))
    for doc_pr in document.paragraphs[-1]._p.xpath(".//wp:docPr"):
        doc_pr.set("descr", page.council)
    sender = document.add_paragraph("\n".join([page.council, *page.council_address, *page.contact]))
    sender.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if page.to:
        document.add_paragraph("\n".join(page.to))
    document.add_paragraph(f"{page.date}\nOur reference: {page.reference}")
    heading = document.add_paragraph()
    run = heading.add_run(page.subject)
    run.bold = True
    run.font.size = Pt(13)
    run.font.color.rgb = _rgb(settings.COUNCIL_BRAND_COLOUR)
    for block in page.paragraphs:
        if block.heading:
            document.add_paragraph().add_run(block.heading).bold = True
        document.add_paragraph(block.text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
