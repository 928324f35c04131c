"""Benchmark: the same operations at two sizes side by side, and how much each grew.

    .venv/bin/python -m bench.growth [--cases 100000 1000000] [--database sqlite postgresql]
        [--runs 3] [--reuse]

For each database and each size: a fresh SQLite file var/bench/growth-<cases>.sqlite3 or PostgreSQL
database heard_bench_growth_<cases> (HEARD_BENCH_POSTGRES_URL, then _<cases>) is migrated and filled with `heard import` of the synthetic data
set var/bench/interchange-<cases>/ (made with `heard generate --seed 1` when it is not there). Then,
for the last complete reporting year of the data, it times:

- `import` (the whole process, once; with --reuse a database already filled is kept and the import
  is not timed);
- `heard report --format json` and `--format pdf`, each the whole process (`--runs` times): with
  the figures counted, with them kept, and for the PDF with the figures kept but the PDF drawn
  afresh (its kept charts and PDF dropped, ADR 0018), as after a change to the data;
- in one process, through Django's test client as a running server serves them: the dashboard for a
  year counted cold, the case list for one service area's open complaints (first page, and 100
  pages in), and a search for a word that matches nothing.

It prints a Markdown table with the median of each operation at each size and the growth from the
first size to the last (the ratio of the medians). An operation that grows with the page should
stay near 1x; one that grows with the data grows about as the data does (10x from 100,000 to
1,000,000). Each run records the load average and the CPU time (user + system) as well as the wall
time, so a busy machine can be told apart from a slow operation. Results go to
var/bench/growth-<databases>.json.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "var" / "bench"
HEARD = str(ROOT / ".venv" / "bin" / "heard")
NO_MATCH = "Xylophonist"  # a word that is in no reference, summary or name of the synthetic data


POSTGRES = "postgres://postgres@127.0.0.1:5432/heard_bench_growth"


def database_url(database: str, cases: int) -> str:
    if database == "sqlite":
        return f"sqlite:///{BENCH / f'growth-{cases}.sqlite3'}"
    return f"{os.environ.get('HEARD_BENCH_POSTGRES_URL', POSTGRES)}_{cases}"


def heard(args: list[str], url: str, stdout=subprocess.DEVNULL) -> dict:
    """Run `heard ARGS` as its own process: wall seconds, CPU seconds (user + system), peak memory
    (MB) and the load average when it ended."""
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="config.settings.local", DEBUG="0")
    started = time.perf_counter()
    process = subprocess.Popen([HEARD, *args], env=env, stdout=stdout, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        errors = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"heard {' '.join(args)} failed:\n{errors[-3000:]}")
    return {
        "wall": seconds,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,  # kilobytes on Linux
        "load": os.getloadavg()[0],
    }


def fill(database: str, cases: int, reuse: bool) -> tuple[str, dict | None]:
    """The database for a size, migrated and filled; the import's timing unless it was kept."""
    url = database_url(database, cases)
    BENCH.mkdir(parents=True, exist_ok=True)
    if reuse and _count_cases(url) >= cases:
        heard(["migrate", "--no-input", "-v", "0"], url)  # the indexes of newer migrations
        return url, None
    if database == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{BENCH / f'growth-{cases}.sqlite3'}{suffix}").unlink(missing_ok=True)
    else:
        from bench.interchange import fresh_postgres

        fresh_postgres(url)
    heard(["migrate", "--no-input", "-v", "0"], url)
    folder = BENCH / f"interchange-{cases}"
    if not (folder / "cases.csv").exists():
        print(f"  generating {cases:,} cases into {folder} ...", flush=True)
        heard(["generate", "--cases", str(cases), "--seed", "1", "--out", str(folder)], url)
    timing = heard(["import", str(folder), "--no-progress"], url)
    if database == "postgresql":
        import psycopg

        # What autovacuum does after a large load: statistics, and the visibility map that lets
        # index-only scans skip the table.
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")
    return url, timing


def _count_cases(url: str) -> int:
    try:
        if url.startswith("sqlite"):
            import sqlite3

            path = url.removeprefix("sqlite:///")
            if not Path(path).exists():
                return 0
            with sqlite3.connect(path) as connection:
                return connection.execute("SELECT count(*) FROM cases_case").fetchone()[0]
        import psycopg

        with psycopg.connect(url) as connection:
            return connection.execute("SELECT count(*) FROM cases_case").fetchone()[0]
    except Exception:
        return 0


def clear_cache(url: str) -> None:
    """Empty the shared cache, where the figures are kept (ADR 0014)."""
    heard(["shell", "-c", "from django.core.cache import cache; cache.clear()"], url)


FORGET_DRAWINGS = """
from django.core.cache import cache
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute(
        f"DELETE FROM {connection.ops.quote_name(cache._table)} "
        "WHERE cache_key LIKE '%:reporting:pdf:%' OR cache_key LIKE '%:reporting:chart:%'"
    )
"""


def forget_drawings(url: str) -> None:
    """Drop the kept charts and PDFs (ADR 0018) but not the kept figures: the PDF as drawn first
    after a change to the data, once the figures have been counted (by the JSON report, say)."""
    heard(["shell", "-c", FORGET_DRAWINGS], url)


def in_process(url: str, runs: int) -> dict:
    """The pages, timed in a child process of their own (`--pages`): its JSON."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.growth", "--pages", url, "--runs", str(runs)],
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def pages(url: str, runs: int) -> dict:
    """Time the dashboard (cold), the case list (first page, 100 pages in) and a search."""
    from bench.workspace import client_for, deep_cursor, setup_django, users

    setup_django(url)
    from django.core.cache import cache
    from django.db.models import Max

    from heard.calendar.periods import reporting_year_of, reporting_year_period
    from heard.cases import selectors
    from heard.cases.models import Case, ServiceArea, Status
    from heard.reporting import charts

    last = Case.objects.aggregate(last=Max("received_on"))["last"]
    year = reporting_year_of(last)
    if last < reporting_year_period(year)[1]:
        year -= 1
    officer, _ = users()
    client = client_for(officer)
    area = ServiceArea.objects.order_by("id").first()
    assert area is not None
    list_filter = f"kind=complaint&status={Status.OPEN}&service_area={area.pk}"
    deep = deep_cursor(
        officer,
        "newest",
        100 * selectors.PAGE_SIZE,
        kind="complaint",
        status=Status.OPEN,
        service_area=area.pk,
    )

    def get(path: str) -> None:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)

    def cold_dashboard() -> None:
        charts.svg.cache_clear()
        cache.clear()
        get(f"/staff/reports/dashboard/?year={year}")

    def kept_dashboard() -> None:
        # The dashboard's own five-minute copy gone (a restart, or five minutes later): the
        # figures are read back from where metrics keeps them until the data changes.
        charts.svg.cache_clear()
        cache.delete_many([key for key in _keys(cache) if "dashboard" in key])
        get(f"/staff/reports/dashboard/?year={year}")

    get(f"/staff/reports/dashboard/?year={year - 1}")  # warm up: imports, templates, calendar
    operations = {
        "dashboard for a year, counted cold": cold_dashboard,
        "dashboard for a year, figures kept": kept_dashboard,
        "case list, one area's open complaints, first page": lambda: get(f"/staff/cases/?{list_filter}"),
        "case list, the same, 100 pages in": lambda: get(f"/staff/cases/?{list_filter}&after={deep}"),
        "search for a word that matches nothing": lambda: get(f"/staff/cases/?q={NO_MATCH}"),
    }
    results = {}
    for name, operation in operations.items():
        operation()  # warm-up (the dashboard's is for another year above; this one is cleared)
        timings = []
        for _ in range(runs):
            cpu = time.process_time()
            started = time.perf_counter()
            operation()
            timings.append(
                {
                    "wall": time.perf_counter() - started,
                    "cpu": time.process_time() - cpu,
                    "load": os.getloadavg()[0],
                }
            )
        results[name] = timings
    return {"year": year, "results": results}


def _keys(cache) -> list[str]:
    """The keys in the shared cache (a database table: read it; else none)."""
    from django.db import connection

    table = getattr(cache, "_table", None)
    if table is None:
        return []
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {connection.ops.quote_name(table)}")
        return [row[0].split(":", 2)[-1] for row in cursor]  # stored as "prefix:version:key"


def measure(database: str, cases: int, runs: int, reuse: bool) -> dict[str, list[dict]]:
    print(f"== {database}, {cases:,} cases", flush=True)
    url, imported = fill(database, cases, reuse)
    results: dict[str, list[dict]] = {}
    if imported:
        results["import (whole process)"] = [imported]
        print(
            f"  import: {imported['wall']:.1f} s ({cases / imported['wall']:,.0f} cases/s), "
            f"cpu {imported['cpu']:.1f} s, peak {imported['peak_mb']:,.0f} MB, load {imported['load']:.2f}",
            flush=True,
        )
    paged = in_process(url, runs)
    year = paged["year"]
    for fmt in ("json", "pdf"):
        out = ["-o", str(BENCH / f"growth.{fmt}")]
        report = ["report", "--year", str(year), "--format", fmt, *out]
        counted = []
        for _ in range(runs if fmt == "json" else 1):
            clear_cache(url)  # the figures counted afresh, as after a change to the data
            counted.append(heard(report, url))
        results[f"heard report --format {fmt}, figures counted (whole process)"] = counted
        results[f"heard report --format {fmt}, figures kept (whole process)"] = [
            heard(report, url) for _ in range(runs)
        ]
        if fmt == "pdf":  # the row above reads the kept PDF too (ADR 0018); this one lays it out
            drawn = []
            for _ in range(runs):
                forget_drawings(url)
                drawn.append(heard(report, url))
            results["heard report --format pdf, figures kept, PDF drawn afresh (whole process)"] = drawn
    results |= paged["results"]
    for name, timings in results.items():
        print(f"  {name}: {_median(timings, 'wall'):.3f} s (cpu {_median(timings, 'cpu'):.3f} s)", flush=True)
    return results


def _median(timings: list[dict], key: str) -> float:
    return statistics.median(t[key] for t in timings)


def table(database: str, sizes: list[int], by_size: dict[int, dict[str, list[dict]]]) -> str:
    first, last = sizes[0], sizes[-1]
    lines = [
        f"| {database}: operation | "
        + " | ".join(f"{n:,} wall (cpu)" for n in sizes)
        + f" | growth {first:,} → {last:,} |",
        "|---|" + "---:|" * (len(sizes) + 1),
    ]
    for name in by_size[last]:
        cells = []
        for n in sizes:
            timings = by_size[n].get(name)
            cells.append(
                f"{_seconds(_median(timings, 'wall'))} ({_seconds(_median(timings, 'cpu'))})"
                if timings
                else "-"
            )
        a, b = by_size[first].get(name), by_size[last].get(name)
        growth = f"{_median(b, 'wall') / _median(a, 'wall'):.1f}x" if a and b else "-"
        lines.append(f"| {name} | {' | '.join(cells)} | {growth} |")
    return "\n".join(lines)


def _seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument(
        "--database", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"]
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--reuse", action="store_true", help="keep a database already filled (import not timed)"
    )
    parser.add_argument("--pages", metavar="URL", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.pages:
        print(json.dumps(pages(args.pages, args.runs)))
        return
    sizes = sorted(args.cases)
    everything: dict[str, dict[int, dict[str, list[dict]]]] = {}
    for database in args.database:
        everything[database] = {n: measure(database, n, args.runs, args.reuse) for n in sizes}
    print()
    print(f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, load average {os.getloadavg()}")
    for database, by_size in everything.items():
        print()
        print(table(database, sizes, by_size))
    out = BENCH / f"growth-{'-'.join(args.database)}.json"
    out.write_text(json.dumps({str(k): v for k, v in everything.items()}, indent=2))
    print(f"\nresults written to {out}", flush=True)


if __name__ == "__main__":
    main()
