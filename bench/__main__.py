"""Run every benchmark: `python -m bench` (or `make bench`) runs each module of this package in turn,
as `python -m bench.<name>` with its default arguments. Benchmarks are not tests: they measure and
print; the results are recorded by hand in docs/performance.md.

Run one alone with `python -m bench.<name> --help` for its options.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    names = sorted(p.stem for p in HERE.glob("*.py") if not p.stem.startswith("_"))
    if len(sys.argv) > 1:
        names = [name for name in names if name in sys.argv[1:]]
    failed = []
    for name in names:
        print(f"== bench.{name} ==", flush=True)
        if subprocess.call([sys.executable, "-m", f"bench.{name}"], cwd=HERE.parent) != 0:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
