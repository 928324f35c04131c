"""Files sent with feedback: checked by their content, not their name, against an allowed list,
limited in size and number, and stored under MEDIA_ROOT with random names."""

import secrets
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.files.storage import default_storage

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


class UploadRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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
    return CheckedFile(content_type=kind.mime, extension=ALLOWED_TYPES[kind.mime])


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
