"""Small real files of each type, made in memory, for upload tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile


def pdf(pages: int = 1) -> bytes:
    """A real PDF of blank A4 pages."""
    import pikepdf

    document = pikepdf.new()
    for _ in range(pages):
        document.add_blank_page(page_size=(595, 842))
    buffer = io.BytesIO()
    document.save(buffer, static_id=True)
    return buffer.getvalue()


PDF = pdf()


def png(width: int = 4, height: int = 4) -> bytes:
    """A real PNG picture."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (29, 112, 184)).save(buffer, "PNG")
    return buffer.getvalue()


PNG = png()
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"PE\x00\x00"
    + b"\x00" * 200
)


def docx() -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph("Notes from the meeting")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_pdf(case, name: str = "letter.pdf"):
    """A document sent with the feedback on a case, stored under MEDIA_ROOT (point it at a temporary
    folder first)."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from heard.casework.models import Document, DocumentKind

    document = Document(
        case=case,
        kind=DocumentKind.SENT_WITH_FEEDBACK,
        original_name=name,
        content_type="application/pdf",
        size=len(PDF),
        from_whom="The person who gave the feedback",
        added_at=timezone.now(),
    )
    document.file.save(name, ContentFile(PDF), save=False)
    document.save()
    return document
