"""Benchmark: letters. Drafting a letter from its template (the merge), drawing it as PDF and as
Word, and counting the dashboard's quality check figures over many checks.

    .venv/bin/python -m bench.letters [--checks 100000] [--letters 200] [--database-url URL]

Without --database-url it runs on a new SQLite file (var/bench/letters.sqlite3) and PostgreSQL
database (heard_bench_letters), each emptied and migrated first. It drafts `--letters` stage 1
responses on one complaint and draws the PDF and the Word file of one of them ten times each
(times per letter), then bulk-creates `--checks` quality checks spread over a reporting year
and counts the year's figures three times (the best is reported). Prints a Markdown table.

Targets: a draft under 50 ms; a PDF under 1 s; the year's figures under 1 s at 100,000 checks.
"""

import argparse
import datetime
import json
import resource
import sys
import time
from pathlib import Path

from bench._shared import ROOT, child, make_room
from bench.workspace import setup_django

YEAR_START = datetime.date(2025, 4, 1)


def _fresh(database_url: str) -> None:
    if database_url.startswith("sqlite"):
        path = database_url.removeprefix("sqlite:///")
        for suffix in ("", "-wal", "-shm"):
            Path(path + suffix).unlink(missing_ok=True)
    else:
        import psycopg

        name = database_url.rsplit("/", 1)[1]
        admin = database_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def run(database_url: str, checks: int, letters: int) -> dict:
    setup_django(database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from heard.accounts.models import Role, User
    from heard.cases import services as cases
    from heard.cases.models import Kind, ServiceArea, Team
    from heard.letters import services
    from heard.letters.documents import letter_docx, letter_pdf
    from heard.letters.models import CheckDecision, Letter, LetterKind, QualityCheck
    from heard.reporting import metrics

    cases.reference_data_load()
    officer = User.objects.create(username="bench-officer", role=Role.COMPLAINTS_OFFICER)
    area = ServiceArea.objects.get(name="Children's Social Care")
    team = Team.objects.get(name="Looked After Children Team")
    customer = cases.customer_for(
        customer_ref="BENCH-1",
        name="Alex Parent",
        email="alex@example.com",
        address="1 High Street\nExampletown",
    )
    case = cases.case_log(
        kind=Kind.COMPLAINT,
        received_on=YEAR_START,
        service_area=area,
        team=team,
        channel="email",
        summary="Missed contact visits",
        customer=customer,
        procedure="statutory",
        actor=officer,
    )
    stage = cases.investigation_open(case=case, team=team, investigator=officer, actor=officer)

    started = time.perf_counter()
    for _ in range(letters):
        letter = services.letter_draft(
            case=case, kind=LetterKind.STAGE_1_RESPONSE, investigation=stage, actor=officer
        )
    draft_ms = (time.perf_counter() - started) * 1000 / letters
    on = datetime.date(2025, 4, 10)
    pdf_s = _best(lambda: letter_pdf(letter, on=on), 10)
    docx_s = _best(lambda: letter_docx(letter, on=on), 10)

    first = Letter.objects.filter(case=case).first()
    base = datetime.datetime(2025, 4, 1, 9, tzinfo=datetime.UTC)
    rows = []
    for n in range(checks):
        submitted = base + datetime.timedelta(hours=(n * 7) % (360 * 24))
        checked = submitted + datetime.timedelta(hours=n % 120)
        rows.append(
            QualityCheck(
                letter=first,
                submitted_at=submitted,
                checked_at=checked,
                submitted_on=submitted.date(),
                checked_on=checked.date(),
                decision=CheckDecision.RETURNED if n % 4 == 0 else CheckDecision.APPROVED,
            )
        )
    QualityCheck.objects.bulk_create(rows, batch_size=5000)
    del rows
    end = datetime.date(2026, 3, 31)
    figures = None

    def count():
        nonlocal figures
        figures = metrics.quality_check_figures(start=YEAR_START, end=end)

    figures_s = _best(count, 3)
    assert figures is not None
    return {
        "database": "PostgreSQL" if database_url.startswith("postgres") else "SQLite",
        "draft_ms": round(draft_ms, 1),
        "pdf_ms": round(pdf_s * 1000),
        "docx_ms": round(docx_s * 1000),
        "checks": figures.checks,
        "figures_ms": round(figures_s * 1000),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--checks", type=int, default=100_000)
    parser.add_argument("--letters", type=int, default=200)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        print(json.dumps(run(options.database_url, options.checks, options.letters)))
        return 0
    urls = (
        [options.database_url]
        if options.database_url
        else [
            f"sqlite:///{ROOT / 'var' / 'bench' / 'letters.sqlite3'}",
            "postgres://postgres@127.0.0.1:5432/heard_bench_letters",
        ]
    )
    results = []
    for url in urls:
        make_room(url)
        _fresh(url)
        results.append(
            child(
                "bench.letters",
                url,
                "--child",
                "--checks",
                str(options.checks),
                "--letters",
                str(options.letters),
            )
        )
    print("\n| database | draft a letter | PDF | Word | quality check figures (checks) | peak memory |")
    print("|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['database']} | {r['draft_ms']} ms | {r['pdf_ms']} ms | {r['docx_ms']} ms | "
            f"{r['figures_ms']} ms ({r['checks']:,}) | {r['peak_mb']} MB |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
