"""Benchmark: the staff workspace's case list and case page at a million cases.

    .venv/bin/python -m bench.workspace [--cases 1000000] [--database-url URL] [--requests 40]

Without --database-url it runs twice, on an SQLite file (var/bench/workspace-<cases>.sqlite3) and
on a PostgreSQL database (heard_bench_workspace on 127.0.0.1), each in its own process. A database
holding fewer cases than asked is filled first, not timed, with `heard generate` (the synthetic
interchange data set, reused from var/bench/interchange-<cases> when it is there) and `heard
import`.

Each row is a number of GET requests through Django's test client, signed in, as a running server
would serve them (middleware, sessions, templates, the access log written on every case page);
a warm-up request comes first. It prints p50, p95 and max per row. Target: p95 under 100 ms.
"""

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = "postgres://postgres@127.0.0.1:5432/heard_bench_workspace"


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ["DEBUG"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def ensure_postgres_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


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
        call_command("generate", cases=n, seed=1, out=str(folder))
    print(f"importing {folder} (not timed) ...", flush=True)
    started = time.perf_counter()
    call_command("import", str(folder))
    print(f"  imported in {time.perf_counter() - started:.0f} s", flush=True)


def users():
    from heard.accounts.models import Role, User
    from heard.cases.models import Investigation

    officer, _ = User.objects.get_or_create(
        username="bench-officer", defaults={"role": Role.COMPLAINTS_OFFICER, "first_name": "Bench"}
    )
    busiest_team = (
        Investigation.objects.exclude(team=None).values_list("team_id", flat=True).order_by("team_id").first()
    )
    manager, _ = User.objects.get_or_create(
        username="bench-manager",
        defaults={"role": Role.INVESTIGATING_MANAGER, "first_name": "Bench", "team_id": busiest_team},
    )
    return officer, manager


def client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def measure(client, urls: list[str], repeat: int) -> dict:
    client.get(urls[0])  # warm-up
    times, cpu = [], []
    for i in range(repeat):
        url = urls[i % len(urls)]
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    cpu.sort()

    def p95(values: list[float]) -> float:
        return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]

    # CPU time of this process (with SQLite, the database's work too; not PostgreSQL's server):
    # what a request costs when other processes share the cores.
    return {
        "n": len(times),
        "p50": statistics.median(times),
        "p95": p95(times),
        "max": times[-1],
        "cpu_p50": statistics.median(cpu),
        "cpu_p95": p95(cpu),
    }


def deep_cursor(user, sort: str, position: int, **filters) -> str:
    """The cursor a user reaches after paging to `position` (found by query, not timed)."""
    from heard.cases import selectors

    f = selectors.CaseFilters(sort=sort, **filters)
    qs = selectors.case_sorted(selectors.case_filter(selectors.case_visible_to(user), f), sort)
    position = min(position, qs.count() // 2)
    case = qs.only("id", "received_on", "reference")[position : position + 1].get()
    return selectors.cursor_encode(case, sort)


def run(database_url: str, cases: int, repeat: int, only: tuple[str, ...] = ()) -> dict:
    setup_django(database_url)
    from django.db import connection

    from heard.cases import selectors
    from heard.cases.models import Case, ServiceArea
    from heard.cases.selectors import PAGE_SIZE

    ensure_cases(cases)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum does after a load (see bench.growth)
    officer, manager = users()
    officer_client, manager_client = client_for(officer), client_for(manager)
    total = Case.objects.count()
    area = ServiceArea.objects.order_by("id").first()
    rng = random.Random(1)
    max_id = Case.objects.order_by("-id").values_list("id", flat=True).first()
    assert max_id is not None and area is not None, "the database holds no cases"
    refs: list[str] = []
    while len(refs) < repeat:
        ref = Case.objects.filter(id=rng.randint(1, max_id)).values_list("reference", flat=True).first()
        if ref:
            refs.append(ref)
    surname = (
        Case.objects.exclude(customer__name="")
        .values_list("customer__name", flat=True)
        .order_by("id")
        .first()
        or "Smith"
    ).split()[-1]
    full_name = (
        Case.objects.filter(id=rng.randint(1, max_id))
        .exclude(customer__name="")
        .values_list("customer__name", flat=True)
        .first()
        or surname
    )
    customer_ref = (
        Case.objects.filter(id=rng.randint(1, max_id))
        .exclude(customer=None)
        .values_list("customer__customer_ref", flat=True)
        .first()
        or "P2023U0000000"
    )
    open_in_area = f"kind=complaint&status=open&service_area={area.pk}"
    deep_open_in_area = deep_cursor(
        officer, "newest", 100 * PAGE_SIZE, kind="complaint", status="open", service_area=area.pk
    )
    search_after = ""
    for _ in range(10):  # the cursor of a search's eleventh page, as a user reaches it (not timed)
        search_after = selectors.case_list(
            officer, selectors.CaseFilters(q=surname), after=search_after
        ).next_cursor
    stage_2 = Case.objects.filter(investigations__stage=2).exclude(investigations__stage=3).distinct().count()
    deep_newest = deep_cursor(officer, "newest", total // 2)
    deep_filtered = deep_cursor(officer, "oldest", total, kind="complaint", service_area=area.pk)
    rows = [
        ("case list, first page (newest first)", officer_client, ["/staff/cases/"]),
        (
            "case list, filtered (kind, status, service area) and sorted oldest first",
            officer_client,
            [f"/staff/cases/?kind=complaint&status=closed&service_area={area.pk}&sort=oldest"],
        ),
        (
            f"case list, deep page (after case {total // 2:,}, newest first)",
            officer_client,
            [f"/staff/cases/?after={deep_newest}"],
        ),
        (
            "case list, filtered and sorted, deep page (half-way through the matches)",
            officer_client,
            [f"/staff/cases/?kind=complaint&service_area={area.pk}&sort=oldest&after={deep_filtered}"],
        ),
        (
            "case list, flags (looked after child, overdue)",
            officer_client,
            ["/staff/cases/?looked_after_child=1&overdue=1"],
        ),
        ("case list, stage 2, oldest first", officer_client, ["/staff/cases/?stage=2&sort=oldest"]),
        (
            "case list, advocate asked for, made by a child",
            officer_client,
            ["/staff/cases/?advocate=1&made_by_child=1"],
        ),
        ("case list, search by reference", officer_client, [f"/staff/cases/?q={ref}" for ref in refs]),
        (f"case list, search by surname ({surname})", officer_client, [f"/staff/cases/?q={surname}"]),
        (
            f"case list, search by surname, 10 pages in ({surname})",
            officer_client,
            [f"/staff/cases/?q={surname}&after={search_after}"],
        ),
        (f"case list, search by a full name ({full_name})", officer_client, [f"/staff/cases/?q={full_name}"]),
        (
            f"case list, one service area, open complaints, first page ({area.name})",
            officer_client,
            [f"/staff/cases/?{open_in_area}"],
        ),
        (
            "case list, one service area, open complaints, 100 pages in",
            officer_client,
            [f"/staff/cases/?{open_in_area}&after={deep_open_in_area}"],
        ),
        ("case list, search by a word no case holds (respite)", officer_client, ["/staff/cases/?q=respite"]),
        (
            f"case list, search by a customer's reference ({customer_ref})",
            officer_client,
            [f"/staff/cases/?q={customer_ref}"],
        ),
        (
            "case list, search by common words of the summary (social worker)",
            officer_client,
            ["/staff/cases/?q=social+worker"],
        ),
        (
            f"case list, search by surname as an investigating manager ({surname})",
            manager_client,
            [f"/staff/cases/?q={surname}"],
        ),
        ("case list as an investigating manager (their team's cases)", manager_client, ["/staff/cases/"]),
        ("case page (random cases)", officer_client, [f"/staff/cases/{ref}/" for ref in refs]),
        (
            f"case list download (CSV), stage 2 cases ({stage_2:,})",
            officer_client,
            ["/staff/cases/download.csv?stage=2"],
        ),
        ("my work (complaints officer)", officer_client, ["/staff/"]),
    ]
    results = []
    for label, client, urls in rows:
        if only and not any(word in label for word in only):
            continue
        times = repeat
        if "download" in label:
            times = min(repeat, 5)
        result = measure(client, urls, times)
        result["what"] = label
        results.append(result)
        print(
            f"  {label}: p50 {result['p50']:.1f} ms, p95 {result['p95']:.1f} ms, max {result['max']:.1f} ms"
            f" (CPU p50 {result['cpu_p50']:.1f} ms, p95 {result['cpu_p95']:.1f} ms; load {os.getloadavg()[0]:.1f})",
            flush=True,
        )
    return {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "database": connection.vendor,
        "cases": total,
        "machine": f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "results": results,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--only", nargs="*", default=[], help="only the rows whose label holds one of these")
    parser.add_argument("--prepare-only", action="store_true", help="fill the database, measure nothing")
    args = parser.parse_args()
    if not args.database_url:
        sqlite = f"sqlite:///{ROOT / 'var' / 'bench' / f'workspace-{args.cases}.sqlite3'}"
        failed = 0
        for url in (sqlite, PG_URL):
            print(f"== {url}", flush=True)
            failed |= subprocess.call(
                [
                    sys.executable,
                    "-m",
                    "bench.workspace",
                    "--cases",
                    str(args.cases),
                    "--requests",
                    str(args.requests),
                    "--database-url",
                    url,
                ],
                cwd=ROOT,
            )
        sys.exit(failed)
    if args.database_url.startswith("postgres"):
        ensure_postgres_database(args.database_url)
    if args.prepare_only:
        setup_django(args.database_url)
        ensure_cases(args.cases)
        return
    result = run(args.database_url, args.cases, args.requests, tuple(args.only))
    out = ROOT / "var" / "bench" / f"workspace-{result['database']}-{args.cases}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    print(f"results written to {out}", flush=True)


if __name__ == "__main__":
    main()
