"""Benchmark: drawing the month's disposal list and disposing of it, over a hundred thousand cases
due at a million cases.

    .venv/bin/python -m bench.retention [--cases 1000000] [--due 100000] [--database-url URL]

Without --database-url it runs on SQLite (var/bench/retention-<cases>.sqlite3) and PostgreSQL
(heard_bench_retention_<cases> on 127.0.0.1). A database holding fewer cases than asked is filled
first, not timed, with `heard generate` and `heard import` (as bench.workspace does); then the
oldest `--due` closed cases are made to have closed ten years earlier, so that their six-year
retention period has ended. Disposal changes the data, so each run works on a fresh copy of that
database (a file copy on SQLite, `CREATE DATABASE ... TEMPLATE` on PostgreSQL).

The run, in a fresh process, times drawing the list and disposing of everything on it, and
reports the process's peak memory (ru_maxrss). Target: under 5 minutes, memory flat (the same
peak at a tenth of the cases).
"""

import argparse
import json
import resource
import shutil
import time
from datetime import date
from pathlib import Path

from bench._shared import child, databases, make_room, write_results
from bench.workspace import ensure_cases, setup_django

BATCH = 2000
DAY = date(2026, 12, 1)


def prepare(due: int) -> None:
    """Make the oldest `due` closed cases closed ten years earlier than they were."""
    from django.db import transaction

    from heard.cases.models import Case, Status
    from heard.retention.models import years_after

    already = Case.objects.filter(closed_on__lt=date(2020, 1, 1)).count()
    if already >= due:
        print(f"{already:,} cases closed before 2020 already", flush=True)
        return
    started = time.perf_counter()
    oldest = (
        Case.objects.filter(
            status__in=[Status.CLOSED, Status.WITHDRAWN], closed_on__isnull=False, looked_after_child=False
        )
        .order_by("closed_on", "pk")
        .values_list("pk", "closed_on")[:due]
    )
    by_day: dict[date, list[int]] = {}
    for pk, closed_on in oldest.iterator(chunk_size=BATCH):
        if closed_on is None:
            continue
        by_day.setdefault(years_after(closed_on, -10), []).append(pk)
    with transaction.atomic():
        for day, pks in by_day.items():
            for start in range(0, len(pks), BATCH):
                Case.objects.filter(pk__in=pks[start : start + BATCH]).update(closed_on=day)
    made = sum(len(pks) for pks in by_day.values())
    print(f"{made:,} cases made due in {time.perf_counter() - started:.0f} s", flush=True)


def run_once() -> dict:
    from django.contrib.auth import get_user_model

    from heard.accounts.models import Role
    from heard.retention import services

    officer, _ = get_user_model().objects.get_or_create(
        username="bench-officer", defaults={"role": Role.COMPLAINTS_OFFICER, "first_name": "Bench"}
    )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    disposal_list, _ = services.disposal_list_draw(on=DAY)
    drawn = time.perf_counter() - started
    disposal_list.status = "authorised"
    disposal_list.authorised_by = officer
    disposal_list.authorised_by_name = "Bench Officer"
    disposal_list.save()
    started = time.perf_counter()
    disposed = services.disposal_list_dispose(disposal_list.pk)
    return {
        "listed": disposal_list.items.count(),
        "disposed": disposed,
        "draw_seconds": round(drawn, 1),
        "dispose_seconds": round(time.perf_counter() - started, 1),
        "rss_before_mb": round(before / 1024),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def fresh_copy(base_url: str) -> str:
    """A copy of the prepared database for one destructive run."""
    if base_url.startswith("sqlite:///"):
        base = Path(base_url.removeprefix("sqlite:///"))
        work = base.with_name(base.stem + "-run.sqlite3")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{work}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(base, work)
        return f"sqlite:///{work}"
    import psycopg

    name = base_url.rsplit("/", 1)[1]
    admin = base_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}_run"')
        conn.execute(f'CREATE DATABASE "{name}_run" TEMPLATE "{name}"')
    return f"{base_url}_run"


def bench(database_url: str, cases: int, due: int) -> dict:
    make_room(database_url)
    child("bench.retention", database_url, "--cases", str(cases), "--due", str(due), "--prepare")
    result = child("bench.retention", fresh_copy(database_url), "--run")
    print(
        f"  listed {result['listed']:,}, disposed of {result['disposed']:,}: draw {result['draw_seconds']} s, "
        f"dispose {result['dispose_seconds']} s; peak {result['peak_rss_mb']} MB (before {result['rss_before_mb']} MB)",
        flush=True,
    )
    return {"database": database_url.split(":", 1)[0], "cases": cases, "due": due, **result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=100_000, help="how many cases are due for disposal")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--run", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.prepare or args.run:
        setup_django(args.database_url)
        if args.prepare:
            ensure_cases(args.cases)
            prepare(args.due)
            print(json.dumps({}))
        else:
            print(json.dumps(run_once()))
        return

    results = []
    for url in databases("retention", args.cases, args.database_url):
        print(f"== {url}: {args.cases:,} cases, {args.due:,} due", flush=True)
        results.append(bench(url, args.cases, args.due))
    write_results("retention", args.cases, results)


if __name__ == "__main__":
    main()
