"""Small real files of each type, made in memory, for upload tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
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
    """An attachment on a case, stored under MEDIA_ROOT (point it at a temporary folder first)."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from heard.intake.models import Attachment

    attachment = Attachment(
        case=case,
        original_name=name,
        content_type="application/pdf",
        size=len(PDF),
        uploaded_at=timezone.now(),
    )
    attachment.file.save(name, ContentFile(PDF), save=False)
    attachment.save()
    return attachment
