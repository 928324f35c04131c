"""Benchmark: the dashboards and each annual report format at a million cases.

    .venv/bin/python -m bench.reporting [--cases 1000000] [--database-url URL] [--repeat 3]

Uses the database in HEARD_BENCH_DATABASE_URL (or --database-url; default an SQLite file
var/bench/reporting-<cases>.sqlite3). When it holds fewer cases than asked, it is filled first with
`heard generate` (the synthetic interchange data set) and `heard import` (not timed). Then it times,
for the last complete reporting year in the data:

- the dashboard page for the whole year: figures counted (cold), and again within the minutes its
  figures are kept; the page and its chart images one after another; one quarter; one quarter and
  one service area;
- `metrics.annual_report(year)` alone;
- each report format (html, pdf, docx) as `heard report --format F` makes it: figures and document.

Targets: dashboard under 1 s, PDF report under 10 s. Results go in docs/performance.md.
"""

import argparse
import json
import os
import platform
import re
import statistics
import sys
import time
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ["DEBUG"] = "0"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def ensure_cases(n: int) -> None:
    from django.core.management import call_command

    from heard.cases.models import Case

    call_command("migrate", verbosity=0)
    have = Case.objects.count()
    if have >= n:
        print(f"{have:,} cases already in the database", flush=True)
        return
    folder = ROOT / "var" / "bench" / f"interchange-{n}"
    if not (folder / "cases.csv").exists():
        print(f"generating {n:,} cases into {folder} ...", flush=True)
        started = time.perf_counter()
        call_command("generate", cases=n, seed=1, out=str(folder))
        print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)
    print(f"importing {folder} ...", flush=True)
    started = time.perf_counter()
    call_command("import", str(folder))
    print(f"  imported in {time.perf_counter() - started:.0f} s", flush=True)


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=os.environ.get("HEARD_BENCH_DATABASE_URL", ""))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    url = args.database_url
    if not url:
        (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{ROOT / 'var' / 'bench' / f'reporting-{args.cases}.sqlite3'}"
    setup_django(url)
    ensure_cases(args.cases)

    from django.core.cache import cache
    from django.db import connection
    from django.db.models import Max
    from django.test import Client

    from heard.accounts.models import Role, User
    from heard.calendar.periods import reporting_year_of, reporting_year_period
    from heard.cases.models import Case, ServiceArea
    from heard.reporting import charts, metrics
    from heard.reporting.renderers import report_bytes

    last = Case.objects.aggregate(last=Max("received_on"))["last"]
    year = reporting_year_of(last)
    if last < reporting_year_period(year)[1]:
        year -= 1  # the last complete reporting year
    cases = Case.objects.count()
    in_year = Case.objects.filter(received_on__range=reporting_year_period(year)).count()
    officer, _ = User.objects.get_or_create(
        username="bench-officer", defaults={"role": Role.COMPLAINTS_OFFICER}
    )
    client = Client(SERVER_NAME="localhost")
    client.force_login(officer)
    area = ServiceArea.objects.order_by("name").first()

    results: dict[str, list[float]] = {}

    def dashboard(**query):
        response = client.get("/staff/reports/dashboard/", {"year": year} | query)
        assert response.status_code == 200, response.status_code
        return response.content.decode()

    def chart_images(page: str):
        for src in re.findall(r'<img src="(/staff/reports/dashboard/[^"]+\.svg[^"]*)"', page):
            response = client.get(unescape(src))
            assert response.status_code == 200, response.status_code

    def page_and_charts(**query):
        chart_images(dashboard(**query))

    def cold():
        charts.svg.cache_clear()
        cache.clear()

    # Warm up as a running server is: imports, templates, the working-day calendar, fonts. Another
    # year, so that nothing timed below is cached.
    chart_images(dashboard(year=year - 1))
    report_bytes(figures=metrics.annual_report(year - 1), year=year - 1, format="pdf")
    report_bytes(figures=metrics.annual_report(year - 1), year=year - 1, format="docx")
    cold()
    results["dashboard page, year (figures counted, every table)"] = timed(dashboard, 1)
    results["dashboard page, year, again (figures counted under 5 minutes before)"] = timed(
        dashboard, args.repeat
    )
    cold()
    results["dashboard page and its chart images one after another, year"] = timed(page_and_charts, 1)
    page = dashboard()
    charts.svg.cache_clear()
    charts.png.cache_clear()
    results["the chart images alone, drawn (figures from the page's cache)"] = timed(
        lambda: chart_images(page), 1
    )
    cold()
    results["dashboard page, one quarter"] = timed(lambda: dashboard(quarter="Q3"), 1)
    cold()
    results["dashboard page, one quarter and one service area"] = timed(
        lambda: dashboard(quarter="Q3", service_area=area.pk if area else ""), 1
    )
    results["metrics.annual_report(year)"] = timed(lambda: metrics.annual_report(year), args.repeat)
    sizes = {}
    for fmt in ("html", "pdf", "docx"):
        charts.svg.cache_clear()
        charts.png.cache_clear()

        def report(fmt=fmt):
            data = report_bytes(figures=metrics.annual_report(year), year=year, format=fmt)
            sizes[fmt] = len(data)

        results[f"report --format {fmt} (figures and document)"] = timed(report, args.repeat)

    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {connection.vendor}"
    print()
    print(
        f"{cases:,} cases in the database; reporting year {metrics.reporting_year_label(year)} has {in_year:,}."
    )
    print(f"Machine: {machine}")
    print()
    print("| what | median (s) | fastest (s) | runs |")
    print("|---|---:|---:|---:|")
    for name, times in results.items():
        print(f"| {name} | {statistics.median(times):.2f} | {min(times):.2f} | {len(times)} |")
    print()
    print("Report sizes: " + ", ".join(f"{fmt} {size / 1024:.0f} KiB" for fmt, size in sizes.items()))
    out = ROOT / "var" / "bench" / f"reporting-{connection.vendor}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "cases": cases,
                "year": year,
                "in_year": in_year,
                "machine": machine,
                "results": results,
                "sizes": sizes,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
