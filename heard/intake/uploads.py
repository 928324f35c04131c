"""Files sent to Heard, by the public with their feedback and by staff to a case: checked by their
content, not their name, against an allowed list, limited in size and number, opened to prove they
are what they claim (a Word package whose expansion is bounded, a PDF that parses and ends at its
last %%EOF, an image that decodes), scanned by ClamAV when it is configured, and stored under
MEDIA_ROOT with random names."""

import io
import logging
import secrets
import struct
import threading
import warnings
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.files.storage import default_storage
from PIL import Image, ImageFile

from heard.intake import clamav

logger = logging.getLogger(__name__)

# What people send us: documents and photos from phones. Types are found from the file's content.
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/heic": "heic",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}
ALLOWED_DESCRIPTION = "a PDF, a Word document (DOCX) or a photo (JPG, PNG or HEIC)"


def max_bytes() -> int:
    return int(getattr(settings, "INTAKE_MAX_FILE_BYTES", 10 * 1024 * 1024))


def max_files() -> int:
    return int(getattr(settings, "INTAKE_MAX_FILES", 5))


def max_expanded_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_EXPANDED_BYTES", 50 * 1024 * 1024))


def max_archive_entries() -> int:
    return int(getattr(settings, "UPLOAD_MAX_ARCHIVE_ENTRIES", 1000))


class UploadRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ScanUnavailable(UploadRefused):
    """The virus scanner is configured but could not be reached: the file is refused for now."""


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str


def _display_name(name: str) -> str:
    """The file's own name, as something safe to show and keep: no folders, no control characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:150] or "file"


def check(upload) -> CheckedFile:
    name = _display_name(upload.name or "")
    limit_mb = max_bytes() // (1024 * 1024)
    if upload.size == 0:
        raise UploadRefused(f"{name} is empty: choose a file that has something in it")
    if upload.size > max_bytes():
        raise UploadRefused(f"{name} must be smaller than {limit_mb}MB")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise UploadRefused(f"{name} is not a type of file we can accept: it must be {ALLOWED_DESCRIPTION}")
    CONTENT_CHECKS[kind.mime](upload, name)
    upload.seek(0)
    _scan(upload, name)
    upload.seek(0)
    return CheckedFile(content_type=kind.mime, extension=ALLOWED_TYPES[kind.mime])


def _check_docx(upload, name: str) -> None:
    """A Word document is a zip: refuse one that is not a Word package, or that expands beyond the
    limits (a "zip bomb"). Entries are decompressed and counted as they stream, so a false size in
    the zip's own headers does not help."""
    broken = UploadRefused(f"{name} is not a Word document we can open: save it again as DOCX or as a PDF")
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if len(entries) > max_archive_entries():
                raise UploadRefused(f"{name} holds too many parts to be a Word document we can accept")
            names = {entry.filename for entry in entries}
            if not {"[Content_Types].xml", "word/document.xml"} <= names:
                raise broken
            budget = max_expanded_bytes()
            for entry in entries:
                with archive.open(entry) as member:
                    while chunk := member.read(1024 * 1024):
                        budget -= len(chunk)
                        if budget < 0:
                            raise UploadRefused(
                                f"{name} is too large once opened: it must expand to less than "
                                f"{max_expanded_bytes() // (1024 * 1024)}MB"
                            )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
        raise broken from None


def _check_pdf(upload, name: str) -> None:
    """A PDF must parse, and nothing but whitespace may follow its final %%EOF (a PDF with a web
    page or a script appended is a polyglot, readable as something else)."""
    upload.seek(0)
    data = upload.read()
    end = data.rfind(b"%%EOF")
    if end < 0 or data[end + 5 :].strip(b" \t\r\n\f\x00"):
        raise UploadRefused(f"{name} has something other than a PDF after its end: save it again as a PDF")
    import pikepdf  # a large library, loaded only when a PDF is checked

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) == 0:
                raise UploadRefused(f"{name} has no pages")
    except pikepdf.PasswordError:
        raise UploadRefused(f"{name} is protected by a password: send it without the password") from None
    except pikepdf.PdfError:
        raise UploadRefused(f"{name} is not a PDF we can open: save it again as a PDF") from None


# WeasyPrint, once imported, tells Pillow to accept truncated images (a process-wide flag): the check
# turns it off while it decodes, one check at a time.
_STRICT_IMAGES = threading.Lock()


def _check_image(upload, name: str) -> None:
    """A photo must decode, whole, and not be a "decompression bomb" (a small file of huge
    dimensions)."""
    upload.seek(0)
    try:
        with _STRICT_IMAGES, warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
            try:
                with Image.open(upload) as image:
                    image.load()
            finally:
                ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise UploadRefused(f"{name} is too large a picture: send a smaller photo") from None
    except (OSError, SyntaxError, ValueError):
        raise UploadRefused(f"{name} is not a picture we can open: send it again as a JPG or PNG") from None


def _check_heic(upload, name: str) -> None:
    """HEIC (iPhone photos) cannot be decoded here: check its boxes (the ISO media file structure)
    run exactly to the end of the file, beginning with its file type box."""
    upload.seek(0)
    data = upload.read()
    at, first = 0, True
    while at < len(data):
        if len(data) - at < 8:
            break
        size, box = struct.unpack(">I4s", data[at : at + 8])
        if size == 1 and len(data) - at >= 16:
            size = struct.unpack(">Q", data[at + 8 : at + 16])[0]
        elif size == 0:
            size = len(data) - at
        if size < 8 or (first and box != b"ftyp"):
            break
        at, first = at + size, False
    if at != len(data) or first:
        raise UploadRefused(f"{name} is not a photo we can open: send it again as a JPG or PNG")


CONTENT_CHECKS = {
    "application/pdf": _check_pdf,
    "image/jpeg": _check_image,
    "image/png": _check_image,
    "image/heic": _check_heic,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _check_docx,
}


def _scan(upload, name: str) -> None:
    if not clamav.address():
        return
    try:
        result = clamav.scan(upload)
    except clamav.ScannerUnavailable:
        logger.exception("The virus scanner could not be reached")
        raise ScanUnavailable(
            f"We cannot check files for viruses at the moment, so {name} was not added: try again later"
        ) from None
    if not result.clean:
        logger.warning("clamd found %s in an upload", result.signature)
        raise UploadRefused(f"{name} contains a virus or other harmful content, so it was not accepted")


def store(upload, checked: CheckedFile) -> dict:
    """Save a checked file under a random name; returns what the session keeps about it."""
    stored = default_storage.save(f"uploads/{secrets.token_hex(16)}.{checked.extension}", upload)
    return {
        "id": secrets.token_hex(8),
        "name": _display_name(upload.name or ""),
        "stored": stored,
        "size": upload.size,
        "content_type": checked.content_type,
    }


def discard(file: dict) -> None:
    default_storage.delete(file["stored"])
