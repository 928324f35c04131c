"""Benchmark: producing the Ombudsman bundle of a case with 200 documents totalling 2,000 pages.

    .venv/bin/python -m bench.bundle [--documents 200] [--pages 2000] [--photos 20] [--contacts 50]
        [--database-url URL]

On a fresh SQLite file (var/bench/bundle.sqlite3, migrated first; or the database given) with its
files under var/bench/bundle-media/, one case gets an Ombudsman enquiry, `--contacts` contacts and
`--documents` documents: `--photos` JPG photos (2000 x 1500, a page each) and PDFs sharing the
remaining pages (10-page letters and reports laid out by WeasyPrint, text and fonts, each its own
file). Setting up is not timed. Then `bundle_produce` runs three times, in this process: wall time
of each, and the process's peak memory (ru_maxrss). Target: under 10 s.
"""

import argparse
import io
import json
import os
import random
import resource
import shutil
import sys
import time
from pathlib import Path

from bench.workspace import ROOT, setup_django

LETTER = """<html><head><style>@page {{ size: A4; margin: 20mm }} body {{ font-family: serif; font-size: 11pt }}</style></head>
<body>{pages}</body></html>"""
PARAGRAPH = (
    "<p>I am writing about the care of my son and the way the council has dealt with my complaint. "
    "The social worker changed three times in six months, nobody told us, and the review meeting "
    "planned for March was cancelled the day before without a new date. {n}</p>"
)


def letter_pdf(pages: int) -> bytes:
    from weasyprint import HTML

    body = "".join(
        f"<h1>Page {page}</h1>{''.join(PARAGRAPH.format(n=n) for n in range(9))}"
        + ('<p style="break-after: page"></p>' if page < pages else "")
        for page in range(1, pages + 1)
    )
    return HTML(string=LETTER.format(pages=body)).write_pdf()


def photo_jpeg(seed: int) -> bytes:
    from PIL import Image

    rng = random.Random(seed)
    small = Image.frombytes("RGB", (200, 150), bytes(rng.getrandbits(8) for _ in range(200 * 150 * 3)))
    buffer = io.BytesIO()
    small.resize((2000, 1500)).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def prepare(documents: int, pages: int, photos: int, contacts: int):
    import pikepdf
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.utils import timezone

    from heard.accounts.models import Role, User
    from heard.cases.models import Case, Kind, OmbudsmanReferral, ServiceArea
    from heard.casework.models import ContactRecord, Document, DocumentKind

    call_command("migrate", verbosity=0)
    officer, _ = User.objects.get_or_create(
        username="bench-officer", defaults={"role": Role.COMPLAINTS_OFFICER, "first_name": "Bench"}
    )
    area, _ = ServiceArea.objects.get_or_create(name="Children's Social Care")
    today = timezone.localdate()
    case = Case.objects.create(
        reference="CS-2026-99999",
        kind=Kind.COMPLAINT,
        procedure="statutory",
        received_on=today,
        service_area=area,
    )
    OmbudsmanReferral.objects.create(
        case=case, ombudsman_reference="26 000 001", received_on=today, response_due_on=today
    )
    letters = documents - photos
    per_letter, extra = divmod(pages - photos, letters)
    made = {n: letter_pdf(n) for n in {per_letter, per_letter + 1}}
    now = timezone.now()
    total_pages = 0
    for n in range(documents):
        if n < photos:
            content, name, content_type = photo_jpeg(n), f"photo-{n}.jpg", "image/jpeg"
            total_pages += 1
        else:
            size = per_letter + (1 if n - photos < extra else 0)
            content, name, content_type = made[size], f"letter-{n}.pdf", "application/pdf"
            total_pages += len(pikepdf.open(io.BytesIO(content)).pages)
        document = Document(
            case=case,
            kind=DocumentKind.EVIDENCE if n < photos else DocumentKind.LETTER_RECEIVED,
            original_name=name,
            content_type=content_type,
            size=len(content),
            from_whom="The complainant",
            added_at=now,
            added_by=officer,
        )
        document.file.save(f"documents/{n}-{name}", ContentFile(content), save=False)
        document.save()
    ContactRecord.objects.bulk_create(
        ContactRecord(
            case=case,
            happened_at=now,
            channel="phone",
            direction="in",
            with_whom="The complainant",
            summary="Called to ask how the investigation is going; Kim Neighbour was mentioned again.",
            recorded_by=officer,
        )
        for _ in range(contacts)
    )
    return case, officer, total_pages


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--photos", type=int, default=20)
    parser.add_argument("--contacts", type=int, default=50)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    bench_dir = ROOT / "var" / "bench"
    media = bench_dir / "bundle-media"
    shutil.rmtree(media, ignore_errors=True)
    bench_dir.mkdir(parents=True, exist_ok=True)
    database = bench_dir / "bundle.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    os.environ["HEARD_MEDIA_ROOT"] = str(media)
    setup_django(args.database_url or f"sqlite:///{database}")

    from heard.casework import services

    started = time.perf_counter()
    case, officer, pages = prepare(args.documents, args.pages, args.photos, args.contacts)
    print(
        f"set up {args.documents} documents ({pages:,} pages, {args.photos} photos), "
        f"{args.contacts} contacts in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    runs = []
    redactions = services.Redactions(names=["Kim Neighbour"], dates_of_birth=[])
    cpu = []
    for _ in range(3):
        started, used = time.perf_counter(), time.process_time()
        produced = services.bundle_produce(case=case, redactions=redactions, actor=officer)
        seconds = time.perf_counter() - started
        runs.append(round(seconds, 2))
        cpu.append(round(time.process_time() - used, 2))
        print(
            f"bundle: {produced.pages:,} pages, PDF {produced.pdf.size / 1e6:.1f} MB, "
            f"zip {produced.zip.size / 1e6:.1f} MB in {seconds:.2f} s ({cpu[-1]:.2f} s of CPU)",
            flush=True,
        )
    result = {
        "documents": args.documents,
        "pages": produced.pages,
        "seconds": runs,
        "cpu_seconds": cpu,
        "pdf_mb": round(produced.pdf.size / 1e6, 1),
        "zip_mb": round(produced.zip.size / 1e6, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    (bench_dir / "bundle.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
