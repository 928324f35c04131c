"""Where a command that writes a document (a report) sends it: a file, or standard output."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand


def write_document(command: BaseCommand, document: str | bytes, output: str) -> None:
    """Write `document` to the file `output`, or to standard output when it is "-" (bytes as they
    are, text as UTF-8)."""
    if output != "-":
        if isinstance(document, bytes):
            Path(output).write_bytes(document)
        else:
            Path(output).write_text(document, encoding="utf-8")
    elif isinstance(document, bytes):
        command.stdout.flush()
        sys.stdout.buffer.write(document)
    else:
        command.stdout.write(document, ending="")
