"""Helpers shared by the benchmarks that measure each run in a fresh process."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(module: str, database_url: str, *args: str) -> dict:
    """Run `python -m <module> --database-url URL ARGS` and return the JSON of its last line; the
    lines before it are echoed, indented."""
    out = subprocess.run(
        [sys.executable, "-m", module, "--database-url", database_url, *args],
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    *said, result = out.stdout.strip().splitlines()
    for line in said:
        print(f"  {line}", flush=True)
    return json.loads(result)


def databases(name: str, cases: int, database_url: str = "") -> list[str]:
    """The database a run was given, or else this benchmark's SQLite file and PostgreSQL database
    for that many cases (var/bench/<name>-<cases>.sqlite3, heard_bench_<name>_<cases>)."""
    if database_url:
        return [database_url]
    return [
        f"sqlite:///{ROOT / 'var' / 'bench' / f'{name}-{cases}.sqlite3'}",
        f"postgres://postgres@127.0.0.1:5432/heard_bench_{name}_{cases}",
    ]


def make_room(database_url: str) -> None:
    """Create the PostgreSQL database, or the folder of the SQLite file, if it is not there."""
    from bench.workspace import ensure_postgres_database

    if database_url.startswith("postgres"):
        ensure_postgres_database(database_url)
    else:
        (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)


def write_results(name: str, cases: int, results: list[dict]) -> None:
    out = ROOT / "var" / "bench" / f"{name}-{cases}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"results written to {out}", flush=True)
