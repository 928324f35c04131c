"""A small client for clamd's INSTREAM command (the ClamAV daemon), over a unix socket or TCP.

The file goes in chunks, each preceded by its length as four bytes in network order, ended by a
zero-length chunk; clamd answers `stream: OK`, `stream: <signature> FOUND` or `... ERROR`.
"""

import socket
import struct
from dataclasses import dataclass

from django.conf import settings

CHUNK = 64 * 1024


class ScannerUnavailable(Exception):
    """clamd is configured but could not be reached or did not answer."""


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    signature: str = ""


def address() -> str:
    return str(getattr(settings, "CLAMAV_ADDRESS", "") or "").strip()


def _connect(where: str, timeout: float) -> socket.socket:
    if where.startswith("unix:") or where.startswith("/"):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(where.removeprefix("unix:"))
        return sock
    host, _, port = where.removeprefix("tcp://").rpartition(":")
    return socket.create_connection((host or "127.0.0.1", int(port or 3310)), timeout=timeout)


def scan(stream, *, where: str | None = None) -> ScanResult:
    """Scan a binary file object with clamd at `where` (the CLAMAV_ADDRESS setting by default)."""
    where = where or address()
    timeout = float(getattr(settings, "CLAMAV_TIMEOUT", 30))
    try:
        with _connect(where, timeout) as sock:
            sock.sendall(b"zINSTREAM\0")
            while chunk := stream.read(CHUNK):
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = sock.recv(4096)
                if not part:
                    break
                reply += part
    except (OSError, ValueError) as error:
        raise ScannerUnavailable(f"clamd at {where} could not be reached: {error}") from error
    answer = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    if answer.endswith("OK"):
        return ScanResult(clean=True)
    if answer.endswith("FOUND"):
        signature = answer.removeprefix("stream:").removesuffix("FOUND").strip()
        return ScanResult(clean=False, signature=signature)
    raise ScannerUnavailable(f"clamd at {where} answered {answer!r}")
