"""Benchmark: generate, import, report (JSON) and export at up to a million cases, on SQLite and
PostgreSQL.

    .venv/bin/python -m bench.interchange [--cases 100000 1000000] [--years 5] [--seed 1]
        [--postgres-url postgres://postgres@127.0.0.1:5432/heard_bench | --no-postgres]

For each size it writes a synthetic data set with `heard generate` (into var/bench/), imports it
into a new SQLite file under var/bench/ and, unless --no-postgres, into a new PostgreSQL database
(dropped and created afresh), then times `heard report --year Y --format json` (three runs; Y is the
last reporting year of the data) and `heard export`. Every step runs as its own `heard` process, so
that its wall time and peak memory (maximum resident set size, from the kernel's rusage of that
process) are the command's own. Results are printed as a Markdown table and saved to
var/bench/interchange-results.json; docs/performance.md records them.

Targets: import at least 50,000 cases a second on SQLite and 25,000 on PostgreSQL with peak memory
under 1 GB at a million cases; the report under 2 s with peak memory under 500 MB on SQLite at a
million cases; export memory flat as the number of cases grows.

    .venv/bin/python -m bench.interchange --import-only --data var/bench/interchange-1000000 \
        --runs 3 [--no-postgres]

times only `heard import` of an existing data set (its size read from cases.csv), RUNS times into
a fresh database each time; every step also records the command's CPU time (user + system), which a
busy machine does not inflate as it does the wall time.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "var" / "bench"
HEARD = str(ROOT / ".venv" / "bin" / "heard")


@dataclass
class Run:
    step: str
    database: str
    cases: int
    seconds: float
    peak_mb: float
    note: str = ""
    load: float = 0.0  # the machine's 1-minute load average when the step ended
    cpu_seconds: float = 0.0  # user + system time of the command


def load() -> float:
    return round(os.getloadavg()[0], 1)


LAST_CPU = [0.0]  # the CPU time (user + system) of the last command run


def run(args: list[str], *, database_url: str, stdout=subprocess.DEVNULL) -> tuple[float, float]:
    """Run `heard ARGS` against a database; returns (wall seconds, peak resident memory in MB) and
    leaves its CPU time in LAST_CPU."""
    env = dict(
        os.environ, DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="config.settings.local", DEBUG="0"
    )
    started = time.perf_counter()
    process = subprocess.Popen([HEARD, *args], env=env, stdout=stdout, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode() if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"heard {' '.join(args)} failed ({process.returncode}):\n{errors[-3000:]}")
    LAST_CPU[0] = usage.ru_utime + usage.ru_stime
    return seconds, usage.ru_maxrss / 1024


def fresh_postgres(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def bench_import(label: str, url: str, folder: Path, cases: int, results: list[Run]) -> None:
    run(["migrate", "--no-input", "-v", "0"], database_url=url)
    seconds, peak = run(["import", str(folder), "--no-progress"], database_url=url)
    cpu = LAST_CPU[0]
    results.append(Run("import", label, cases, seconds, peak, f"{cases / seconds:,.0f} cases/s", load(), cpu))
    print(
        f"  {label} import: {seconds:.1f} s (CPU {cpu:.1f} s), {peak:.0f} MB ({cases / seconds:,.0f} cases/s)",
        flush=True,
    )


def bench_database(label: str, url: str, folder: Path, cases: int, year: int, results: list[Run]) -> None:
    bench_import(label, url, folder, cases, results)
    for attempt in range(1, 4):
        out = BENCH / f"report-{label}-{cases}.json"
        with open(out, "w") as f:
            seconds, peak = run(
                ["report", "--year", str(year), "--format", "json"], database_url=url, stdout=f
            )
        results.append(Run("report json", label, cases, seconds, peak, f"run {attempt}", load(), LAST_CPU[0]))
        print(f"  {label} report {year}: {seconds:.2f} s, {peak:.0f} MB", flush=True)
    export = BENCH / f"export-{label}-{cases}"
    seconds, peak = run(["export", str(export), "--no-progress"], database_url=url)
    results.append(
        Run("export", label, cases, seconds, peak, f"{cases / seconds:,.0f} cases/s", load(), LAST_CPU[0])
    )
    print(f"  {label} export: {seconds:.1f} s, {peak:.0f} MB", flush=True)


def generate(folder: Path, cases: int, options: argparse.Namespace, results: list[Run]) -> None:
    seconds, peak = run(
        [
            "generate",
            "--cases",
            str(cases),
            "--seed",
            str(options.seed),
            "--out",
            str(folder),
            "--years",
            str(options.years),
            "--first-year",
            str(options.first_year),
        ],
        database_url=f"sqlite:///{BENCH / 'generate-unused.sqlite3'}",
    )
    results.append(Run("generate", "-", cases, seconds, peak, "", load(), LAST_CPU[0]))
    print(f"  generate: {seconds:.1f} s, {peak:.0f} MB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--years", type=int, default=5, help="reporting years the cases span")
    parser.add_argument("--first-year", type=int, default=2019)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/heard_bench")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument(
        "--reuse-data",
        action="store_true",
        help="use a data set already generated with the same size and seed (it is deterministic)",
    )
    parser.add_argument("--import-only", action="store_true", help="time only the import of --data")
    parser.add_argument("--data", type=Path, help="an existing data set (with --import-only)")
    parser.add_argument("--runs", type=int, default=1, help="imports of --data, each into a fresh database")
    options = parser.parse_args()

    BENCH.mkdir(parents=True, exist_ok=True)
    if options.import_only:
        import_only(options)
        return
    year = options.first_year + options.years - 1
    results: list[Run] = []
    for cases in options.cases:
        folder = BENCH / f"interchange-{cases}-seed{options.seed}"
        print(f"{cases:,} cases over {options.years} reporting years from {options.first_year}", flush=True)
        if options.reuse_data and (folder / "learning.csv").exists():
            print(f"  reusing {folder}", flush=True)
        else:
            generate(folder, cases, options, results)
        sqlite_file = BENCH / f"bench-{cases}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_file}{suffix}").unlink(missing_ok=True)
        bench_database("SQLite", f"sqlite:///{sqlite_file}", folder, cases, year, results)
        if not options.no_postgres:
            fresh_postgres(options.postgres_url)
            bench_database("PostgreSQL", options.postgres_url, folder, cases, year, results)

    report(results, "interchange-results.json")


def import_only(options: argparse.Namespace) -> None:
    folder = options.data
    with open(folder / "cases.csv", encoding="utf-8-sig") as f:
        cases = sum(1 for _ in f) - 1
    print(f"import of {folder} ({cases:,} cases), {options.runs} run(s)", flush=True)
    results: list[Run] = []
    sqlite_file = BENCH / f"bench-import-{cases}.sqlite3"
    for _ in range(options.runs):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_file}{suffix}").unlink(missing_ok=True)
        bench_import("SQLite", f"sqlite:///{sqlite_file}", folder, cases, results)
        if not options.no_postgres:
            fresh_postgres(options.postgres_url)
            bench_import("PostgreSQL", options.postgres_url, folder, cases, results)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{sqlite_file}{suffix}").unlink(missing_ok=True)
    report(results, f"interchange-import-{cases}.json")


def report(results: list[Run], file_name: str) -> None:
    print()
    print(f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print()
    print("| step | database | cases | seconds | CPU seconds | peak memory (MB) | note | load average |")
    print("|---|---|---:|---:|---:|---:|---|---:|")
    for r in results:
        print(
            f"| {r.step} | {r.database} | {r.cases:,} | {r.seconds:.2f} | {r.cpu_seconds:.1f} | {r.peak_mb:.0f} "
            f"| {r.note} | {r.load} |"
        )
    (BENCH / file_name).write_text(json.dumps([asdict(r) for r in results], indent=2))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
