"""The checks every file goes through, from the public and from staff: zip bombs, polyglot PDFs,
pictures that do not decode, and ClamAV (against a small fake clamd speaking its INSTREAM protocol)."""

import io
import socket
import struct
import threading
import zipfile

import pytest

from heard.intake import clamav, uploads
from heard.intake.tests.files import PDF, PNG, docx, png, upload

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def zip_bomb(expanded: int = 200 * 1024 * 1024) -> bytes:
    """A zip that looks like a Word document, with one entry of zeros that expands to `expanded`
    bytes, written in chunks so the test never holds it in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", "<w:document/>")
        chunk = bytes(1024 * 1024)
        with archive.open("word/media/padding.bin", "w", force_zip64=True) as entry:
            for _ in range(expanded // len(chunk)):
                entry.write(chunk)
    return buffer.getvalue()


def test_a_zip_bomb_named_docx_is_refused():
    bomb = zip_bomb()
    assert len(bomb) < 400 * 1024, "a small file on the way in"
    with pytest.raises(uploads.UploadRefused, match="bomb.docx is too large once opened"):
        uploads.check(upload("bomb.docx", bomb))


def test_a_real_word_document_is_accepted():
    assert uploads.check(upload("notes.docx", docx())).content_type == DOCX


def test_an_archive_with_too_many_entries_is_refused(settings):
    settings.UPLOAD_MAX_ARCHIVE_ENTRIES = 5
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for n in range(10):
            archive.writestr(f"word/part{n}.xml", "<x/>")
    with pytest.raises(uploads.UploadRefused, match="too many parts"):
        uploads.check(upload("many.docx", buffer.getvalue()))


def test_a_zip_that_is_not_a_word_package_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/other.xml", "<x/>")
    with pytest.raises(uploads.UploadRefused, match="not a Word document we can open"):
        uploads.check(upload("fake.docx", buffer.getvalue()))


def test_a_pdf_with_a_web_page_appended_is_refused():
    polyglot = PDF + b"<html><script>alert(1)</script></html>\n"
    with pytest.raises(uploads.UploadRefused, match="has something other than a PDF after its end"):
        uploads.check(upload("letter.pdf", polyglot))


def test_a_pdf_with_only_whitespace_after_its_end_is_accepted():
    assert uploads.check(upload("letter.pdf", PDF + b"\r\n  \n")).content_type == "application/pdf"


def test_a_pdf_that_does_not_parse_is_refused():
    broken = b"%PDF-1.7\n" + b"\x00garbage" * 200 + b"\n%%EOF\n"
    with pytest.raises(uploads.UploadRefused, match="not a PDF we can open"):
        uploads.check(upload("broken.pdf", broken))


@pytest.mark.parametrize("format", ["PNG", "JPEG"])
def test_a_picture_cut_short_is_refused_even_after_weasyprint_is_loaded(format):
    import weasyprint  # noqa: F401 - it makes Pillow accept truncated images, process-wide
    from PIL import Image, ImageFile

    buffer = io.BytesIO()
    Image.effect_noise((300, 300), 60).convert("RGB").save(buffer, format)
    whole = buffer.getvalue()
    name = f"photo.{format.lower()}"
    assert uploads.check(upload(name, whole)).content_type == f"image/{format.lower()}"
    with pytest.raises(uploads.UploadRefused, match="not a picture we can open"):
        uploads.check(upload(name, whole[: len(whole) // 2]))
    assert ImageFile.LOAD_TRUNCATED_IMAGES, "WeasyPrint's setting is left as it was"


def test_a_picture_of_enormous_dimensions_is_refused(settings):
    from PIL import Image

    huge = png(4000, 4000)
    limit = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = 1000 * 1000
    try:
        with pytest.raises(uploads.UploadRefused, match="too large a picture"):
            uploads.check(upload("huge.png", huge))
    finally:
        Image.MAX_IMAGE_PIXELS = limit


def test_a_heic_photo_must_have_whole_boxes():
    ftyp = struct.pack(">I4s", 24, b"ftyp") + b"heic" + b"\x00\x00\x00\x00" + b"mif1heic"
    mdat = struct.pack(">I4s", 16, b"mdat") + b"\x01" * 8
    assert uploads.check(upload("photo.heic", ftyp + mdat)).content_type == "image/heic"
    with pytest.raises(uploads.UploadRefused, match="not a photo we can open"):
        uploads.check(upload("photo.heic", ftyp + mdat[:12]))


# --- ClamAV --------------------------------------------------------------------------------


EICAR_MARK = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE"


class FakeClamd:
    """A clamd on a unix socket that answers INSTREAM: FOUND when the file holds the EICAR mark."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.received: list[bytes] = []
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(path)
        self.server.listen()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                stream = conn.makefile("rb")
                assert stream.read(10) == b"zINSTREAM\0"
                data = b""
                while (size := struct.unpack("!L", stream.read(4))[0]) != 0:
                    data += stream.read(size)
                self.received.append(data)
                answer = b"stream: Eicar-Test-Signature FOUND\0" if EICAR_MARK in data else b"stream: OK\0"
                conn.sendall(answer)

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def clamd(settings, tmp_path):
    fake = FakeClamd(str(tmp_path / "clamd.ctl"))
    settings.CLAMAV_ADDRESS = f"unix:{fake.path}"
    yield fake
    fake.close()


def test_the_client_streams_the_whole_file_to_clamd(clamd):
    big = bytes(range(256)) * 1024  # 256 KB: several chunks
    assert clamav.scan(io.BytesIO(big)) == clamav.ScanResult(clean=True)
    assert clamd.received == [big]


def test_a_file_clamd_flags_is_refused(clamd):
    infected = PDF.replace(b"%%EOF", b"% " + EICAR_MARK + b"\n%%EOF")
    with pytest.raises(uploads.UploadRefused, match="contains a virus or other harmful content"):
        uploads.check(upload("letter.pdf", infected))
    assert uploads.check(upload("photo.png", PNG)).content_type == "image/png"


def test_clamd_configured_but_unreachable_refuses_the_file_for_now(settings, tmp_path):
    settings.CLAMAV_ADDRESS = f"unix:{tmp_path / 'nobody-here.ctl'}"
    with pytest.raises(uploads.ScanUnavailable, match="try again later"):
        uploads.check(upload("letter.pdf", PDF))


def test_clamd_over_tcp(settings):
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def answer():
        conn, _ = server.accept()
        with conn:
            stream = conn.makefile("rb")
            stream.read(10)
            while struct.unpack("!L", stream.read(4))[0] != 0:
                pass
            conn.sendall(b"stream: OK\0")

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    settings.CLAMAV_ADDRESS = f"127.0.0.1:{port}"
    # An empty file: only the closing zero-length chunk goes.
    assert clamav.scan(io.BytesIO(b"")).clean
    server.close()
