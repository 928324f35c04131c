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
