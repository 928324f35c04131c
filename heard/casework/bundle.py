"""The Ombudsman bundle as files: one PDF (an index, the case's timeline and contact log, then every
document that can be shown as PDF pages), each page stamped "<reference> – page N of M" and each
item bookmarked; and a zip of the original files, named by their number in the index.

WeasyPrint lays out the pages Heard writes (index, timeline, contact log); pikepdf joins the PDFs
and stamps the pages (fast enough for thousands of pages). PDFs go in as they are; JPG and PNG
photos become a page each; Word documents and HEIC photos are listed as "original in the zip".
"""

import contextlib
import io
import logging
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pikepdf
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import get_valid_filename
from PIL import Image

logger = logging.getLogger(__name__)

A4 = (595.0, 842.0)  # points
AS_PAGES = {"application/pdf", "image/jpeg", "image/png"}


@dataclass
class Item:
    """One entry of the index."""

    number: int
    on: date | None
    kind: str
    description: str
    pdf: pikepdf.Pdf | None = None
    first_page: int | None = None
    note: str = ""
    zip_name: str = ""
    document: Any = None  # the Document, when its file was found


@dataclass(frozen=True)
class Made:
    pdf: bytes
    zip: bytes
    pages: int


def page_html(template: str, context: dict) -> str:
    return render_to_string(template, context)


def _laid_out(template: str, context: dict):
    """The WeasyPrint document of one of the bundle's templates, laid out into pages."""
    from weasyprint import HTML

    return HTML(string=page_html(template, context)).render()


def _pdf(laid_out) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(laid_out.write_pdf()))


def _first_pages(laid_out) -> list[int]:
    """The page (from 0) each top-level heading of a laid-out document starts on."""
    return [page for _, (page, _x, _y), _children, _state in laid_out.make_bookmark_tree()]


def _image_pdf(data: bytes) -> pikepdf.Pdf:
    """A photo on a page of its own, scaled to fit A4 with a margin."""
    with Image.open(io.BytesIO(data)) as opened:
        image = opened.convert("RGB")
        width, height = image.size
        # Pillow sizes the page from the resolution: choose one that fits the photo on A4.
        resolution = max(72.0, width * 72 / (A4[0] - 72), height * 72 / (A4[1] - 72))
        buffer = io.BytesIO()
        image.save(buffer, "PDF", resolution=resolution)
    return pikepdf.open(io.BytesIO(buffer.getvalue()))


def _as_pdf(document, handle) -> pikepdf.Pdf | None:
    if document.content_type == "application/pdf":
        return pikepdf.open(handle)
    if document.content_type in ("image/jpeg", "image/png"):
        return _image_pdf(handle.read())
    return None


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def stamp(pdf: pikepdf.Pdf, reference: str) -> None:
    """Stamp every page "<reference> – page N of M" at the foot, on a white ground."""
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )
    total = len(pdf.pages)
    opening = pikepdf.Stream(pdf, b"q\n")
    for number, page in enumerate(pdf.pages, start=1):
        x0, y0, x1, _ = (float(v) for v in page.mediabox)
        text = f"{reference} \u2013 page {number} of {total}"
        width = len(text) * 4.6 + 12  # Helvetica 9pt averages about half its size a character
        x = x0 + (x1 - x0 - width) / 2
        page.add_resource(font, pikepdf.Name.Font, pikepdf.Name("/HeardStamp"))
        page.contents_add(opening, prepend=True)
        page.contents_add(
            b"Q q 1 1 1 rg %.1f %.1f %.1f 16 re f 0 0 0 rg BT /HeardStamp 9 Tf %.1f %.1f Td %s Tj ET Q\n"
            % (x, y0 + 6, width, x + 6, y0 + 11, _pdf_string(text))
        )


def build(*, case, documents, contacts, events, redact: Callable[[str], str]) -> Made:
    """The bundle's PDF and zip for a case, its documents (oldest first), contacts and events."""
    with contextlib.ExitStack() as files:  # the documents' files, closed whatever happens
        return _collate(
            case=case, documents=documents, contacts=contacts, events=events, redact=redact, files=files
        )


def _collate(*, case, documents, contacts, events, redact, files: contextlib.ExitStack) -> Made:
    today = timezone.localdate()
    timeline = [
        {"at": timezone.localtime(e.at), "kind": e.get_kind_display(), "description": redact(e.description)}
        for e in events
    ]
    contact_rows = [
        {
            "at": timezone.localtime(c.happened_at),
            "channel": c.get_channel_display(),
            "direction": c.get_direction_display(),
            "with_whom": redact(c.with_whom),
            "summary": redact(c.summary),
            "document": c.document.original_name if c.document_id and c.document else "",
        }
        for c in contacts
    ]
    common = {"case": case, "today": today}
    # The timeline and the contact log are laid out together (one pass of WeasyPrint), then split.
    record = _laid_out(
        "casework/bundle/record.html", {**common, "events": timeline, "contacts": contact_rows}
    )
    _, contacts_from = _first_pages(record)
    record_pdf = _pdf(record)
    timeline_pdf, contacts_pdf = pikepdf.new(), pikepdf.new()
    timeline_pdf.pages.extend(record_pdf.pages[:contacts_from])
    contacts_pdf.pages.extend(record_pdf.pages[contacts_from:])
    items = [
        Item(1, today, "Timeline", f"The case's timeline: {len(timeline)} entries", pdf=timeline_pdf),
        Item(
            2,
            today,
            "Contact log",
            f"Calls, emails, meetings and letters: {len(contact_rows)}",
            pdf=contacts_pdf,
        ),
    ]
    for number, document in enumerate(documents, start=3):
        item = Item(
            number,
            timezone.localtime(document.added_at).date(),
            document.get_kind_display(),
            " – ".join(filter(None, [document.original_name, document.description, document.from_whom])),
            zip_name=f"{number:03d}-{get_valid_filename(document.original_name)}",
        )
        try:
            # A PDF is read from its file as pikepdf needs it (the file stays open until the bundle
            # is written), not held whole in memory.
            handle = document.file.open("rb")
        except FileNotFoundError:
            item.note = "The file is missing"
            items.append(item)
            continue
        files.enter_context(handle)
        item.document = document
        try:
            item.pdf = _as_pdf(document, handle)
        except (pikepdf.PdfError, OSError, ValueError):
            logger.warning("Document %s could not be shown as pages", document.pk)
            item.pdf = None
        if item.pdf is None:
            item.note = f"Original in the zip: {item.zip_name}"
        items.append(item)

    # The index goes first, so the first pages depend on its length: lay it out with a guess at
    # its length (about 30 lines a page), and again only if the guess was wrong.
    index_pages = 1 + (len(items) + sum(1 for item in items if item.note)) // 30
    while True:
        page = index_pages + 1
        for item in items:
            item.first_page = page if item.pdf is not None else None
            page += len(item.pdf.pages) if item.pdf is not None else 0
        laid_out = _laid_out("casework/bundle/index.html", {**common, "items": items})
        if len(laid_out.pages) == index_pages:
            break
        index_pages = len(laid_out.pages)
    index = _pdf(laid_out)

    out = pikepdf.new()
    out.pages.extend(index.pages)
    for item in items:
        if item.pdf is not None:
            out.pages.extend(item.pdf.pages)
    with out.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("Index", 0))
        for item in items:
            if item.first_page is not None:
                title = f"{item.number}. {item.kind}: {item.description}"[:200]
                outline.root.append(pikepdf.OutlineItem(title, item.first_page - 1))
    out.docinfo["/Title"] = f"{case.reference} – Ombudsman bundle"
    stamp(out, case.reference)
    buffer = io.BytesIO()
    out.save(buffer)
    pages = len(out.pages)

    archive_buffer = io.BytesIO()
    with zipfile.ZipFile(archive_buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in items:
            if item.document is not None:
                with item.document.file.open("rb") as source, archive.open(item.zip_name, "w") as target:
                    shutil.copyfileobj(source, target, 1024 * 1024)
        archive.writestr("000-index.pdf", _index_only(index))
    return Made(pdf=buffer.getvalue(), zip=archive_buffer.getvalue(), pages=pages)


def _index_only(index: pikepdf.Pdf) -> bytes:
    buffer = io.BytesIO()
    index.save(buffer)
    return buffer.getvalue()
