"""Benchmark: the public form under concurrent submissions, on SQLite and PostgreSQL.

    .venv/bin/python -m bench.intake [--database sqlite|postgres|both] [--seconds 30] [--users 16]

For each database it makes a fresh database (an SQLite file in var/bench/, or the PostgreSQL
database heard_bench_intake, or the name in HEARD_BENCH_INTAKE_DATABASE, on the server in
HEARD_BENCH_POSTGRES, default postgres://postgres@127.0.0.1:5432/postgres), migrates it, serves
Heard on 127.0.0.1 with bench/_wsgi_server.py (2 processes x 4 threads, the rate limit off unless
--rate-limit gives one, email to Django's dummy backend), and runs locust headless on loopback,
bounded in time, twice:

1. submissions: each user takes a prepared session (every question answered, as a person arriving
   at "Check your answers") and presses Send; one in ten is sent twice at the same moment, as a
   double click. This measures the submission itself: the one transaction that writes the case.
2. journeys: each user goes through every page of the form (GET and POST each question, check
   your answers, send, confirmation), half the young people's version, half the adult's.

Afterwards it checks the database: every submission the client saw accepted is there, under the
reference the client was shown; no reference twice; one case per submission token (double clicks
included); and reports cases the clients did not see accepted.

It also reads the server processes' CPU time before and after each run, and prints the server CPU
per submission: what a submission costs, whatever else the machine is doing.

Target: at least 150 submissions per second with a 95th percentile under 200 ms, none lost.
Results go in docs/performance.md.
"""

import argparse
import csv
import json
import os
import platform
import resource
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"
PORT = 8765
POSTGRES = os.environ.get("HEARD_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
PG_NAME = os.environ.get("HEARD_BENCH_INTAKE_DATABASE", "heard_bench_intake")


def database_url(kind: str) -> str:
    if kind == "sqlite":
        path = BENCH_VAR / "intake.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    with psycopg.connect(POSTGRES, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {PG_NAME}")
    return POSTGRES.rsplit("/", 1)[0] + f"/{PG_NAME}"


def environment(url: str, rate_limit: str = "off") -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DEBUG="0",
        SECRET_KEY="bench-" + "x" * 50,
        INTAKE_RATE_LIMIT=rate_limit,
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        HEARD_MEDIA_ROOT=str(BENCH_VAR / "attachments"),
        LOG_LEVEL="WARNING",
    )
    return env


def prepare(sessions: int) -> tuple[list[dict], list[int]]:
    """Migrate, load the reference data and make `sessions` sessions ready to submit."""
    import django

    django.setup()
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.utils import timezone

    from heard.cases.models import ServiceArea
    from heard.cases.services import reference_data_load

    call_command("migrate", verbosity=0)
    reference_data_load()
    areas = list(ServiceArea.objects.values_list("pk", flat=True))
    store = SessionStore()
    expires = timezone.now() + timedelta(hours=2)
    rows, prepared = [], []
    for n in range(sessions):
        audience = "young" if n % 3 == 0 else "adult"
        kind = ["complaint", "complaint", "compliment", "comment"][n % 4]
        area = areas[n % len(areas)]
        token = secrets.token_urlsafe(32)
        if audience == "young":
            answers = {
                "what-kind": {"kind": kind},
                "service": {"service_area": area},
                "what-happened": {"details": f"Benchmark message {n}: my social worker changed again."},
                "when": {"happened_on": "Last week"},
                "put-it-right": {"desired_outcome": "Keep the same social worker."},
                "advocate": {"advocate": "yes"},
                "contact": {
                    "name": "Jamie",
                    "age": "12",
                    "email": "",
                    "phone": "07700 900982",
                    "address": "",
                },
                "files": {},
            }
        else:
            answers = {
                "what-kind": {"kind": kind},
                "who-are-you": {"relationship": "parent_or_carer"},
                "their-agreement": {"consent": "given"},
                "about-the-child": {
                    "child_name": "Sam Jones",
                    "date_of_birth": "2014-04-03",
                    "dob_day": "3",
                    "dob_month": "4",
                    "dob_year": "2014",
                },
                "service": {"service_area": area},
                "what-happened": {
                    "details": f"Benchmark message {n}: nobody told us the social worker had changed."
                },
                "when": {"happened_on": "March 2026"},
                "put-it-right": {"desired_outcome": "An apology."},
                "advocate": {"advocate": "no"},
                "contact": {
                    "name": "Alex Jones",
                    "email": f"parent{n}@example.com",
                    "phone": "",
                    "address": "",
                },
                "files": {},
            }
        key = secrets.token_hex(16)
        data = {"intake": {audience: {"answers": answers, "files": [], "token": token}}}
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
        prepared.append({"key": key, "token": token, "audience": audience})
    Session.objects.bulk_create(rows, batch_size=500)
    return prepared, areas


def wait_for_server(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the server at {url} did not start")


def _server_cpu(server_pid: int) -> float:
    """CPU seconds used so far by the server's worker processes (and the parent)."""
    import psutil

    parent = psutil.Process(server_pid)
    total = 0.0
    for process in [parent, *parent.children(recursive=True)]:
        times = process.cpu_times()
        total += times.user + times.system
    return total


def run_locust(env: dict, user_class: str, users: int, seconds: int, label: str, server_pid: int) -> dict:
    out = BENCH_VAR / f"locust-{label}"
    command = [
        str(Path(sys.executable).parent / "locust"),
        "-f",
        str(ROOT / "bench" / "_intake_locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "10",
        "--host",
        f"http://127.0.0.1:{PORT}",
        "--csv",
        str(out),
        "--only-summary",
        "--loglevel",
        "ERROR",
        user_class,
    ]
    started, cpu_before, load_before = time.monotonic(), _children_cpu(), os.getloadavg()[0]
    server_before = _server_cpu(server_pid)
    subprocess.run(command, env=env, cwd=ROOT, check=False, stdout=subprocess.DEVNULL)
    elapsed = time.monotonic() - started
    client_cpu = _children_cpu() - cpu_before
    time.sleep(1)  # let the last after-commit jobs finish
    server_cpu = _server_cpu(server_pid) - server_before
    stats = {}
    with open(f"{out}_stats.csv") as handle:
        for row in csv.DictReader(handle):
            stats[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50_ms": float(row["50%"] or 0),
                "p95_ms": float(row["95%"] or 0),
                "p99_ms": float(row["99%"] or 0),
                "max_ms": float(row["Max Response Time"] or 0),
            }
    return {
        "elapsed_s": round(elapsed, 1),
        "load_average_before": load_before,
        "load_average_after": os.getloadavg()[0],
        "locust_cpu_s": round(client_cpu, 1),
        "server_cpu_s": round(server_cpu, 1),
        "stats": stats,
    }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def verify(accepted_file: Path, since) -> dict:
    """Every submission a client saw accepted is in the database under the reference it was shown;
    no reference twice; one case per token."""
    from django.db.models import Count, Max, Min

    from heard.cases.models import Case
    from heard.intake.models import Submission

    seen: dict[str, set[str]] = {}
    for line in accepted_file.read_text().splitlines():
        if line.strip():
            token, reference = line.split()
            seen.setdefault(token, set()).add(reference)
    submissions = dict(
        Submission.objects.filter(submitted_at__gte=since, case__isnull=False).values_list(
            "token", "case__reference"
        )
    )
    lost = [token for token, refs in seen.items() if submissions.get(token) not in refs]
    shown_two_references = [token for token, refs in seen.items() if len(refs) > 1]
    cases = Case.objects.filter(created_at__gte=since)
    window = cases.aggregate(first=Min("created_at"), last=Max("created_at"))
    duplicate_references = Case.objects.values("reference").annotate(n=Count("id")).filter(n__gt=1).count()
    span = (window["last"] - window["first"]).total_seconds() if window["first"] else 0
    count = cases.count()
    return {
        "accepted_by_clients": len(seen),
        "cases_written": count,
        "submission_records": len(submissions),
        "lost": len(lost),
        "token_shown_two_references": len(shown_two_references),
        "duplicate_references": duplicate_references,
        "cases_not_seen_by_a_client": count - len(set(seen) & set(submissions)),
        "cases_per_second_while_writing": round(count / span, 1) if span else None,
    }


def bench(
    kind: str, *, seconds: int, users: int, workers: int, threads: int, rate_limit: str = "off"
) -> dict:
    url = database_url(kind)
    env = environment(url, rate_limit)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    rate = 400  # generous: more prepared sessions than the run can use
    prepared, areas = prepare(sessions=rate * seconds)
    sessions_file = BENCH_VAR / "intake-sessions.json"
    sessions_file.write_text(json.dumps(prepared))
    from django.db import connections
    from django.utils import timezone

    connections.close_all()
    cpu_at_start = _children_cpu()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bench._wsgi_server",
            "--port",
            str(PORT),
            "--workers",
            str(workers),
            "--threads",
            str(threads),
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    results: dict = {
        "database": kind,
        "users": users,
        "seconds": seconds,
        "workers": workers,
        "threads": threads,
        "rate_limit": rate_limit,
    }
    try:
        wait_for_server(f"http://127.0.0.1:{PORT}/feedback/")
        for label, user_class in (("submissions", "SubmitUser"), ("journeys", "JourneyUser")):
            accepted = BENCH_VAR / f"intake-accepted-{label}.txt"
            accepted.unlink(missing_ok=True)
            run_env = dict(
                env,
                HEARD_BENCH_SESSIONS=str(sessions_file) if label == "submissions" else "",
                HEARD_BENCH_AREAS=json.dumps(areas),
                HEARD_BENCH_ACCEPTED=str(accepted),
            )
            since = timezone.now()
            outcome = run_locust(run_env, user_class, users, seconds, f"{kind}-{label}", server.pid)
            outcome["checks"] = verify(accepted, since)
            connections.close_all()
            results[label] = outcome
    finally:
        server.terminate()
        server.wait(timeout=20)
    locust_cpu = sum(
        results[label]["locust_cpu_s"] for label in ("submissions", "journeys") if label in results
    )
    results["server_cpu_s"] = round(_children_cpu() - cpu_at_start - locust_cpu, 1)

    from heard.notifications.models import Message

    results["acknowledgements"] = dict(
        Message.objects.values_list("status").annotate(
            n=__import__("django.db.models", fromlist=["Count"]).Count("id")
        )
    )
    connections.close_all()
    return results


def summary(results: dict) -> str:
    lines = [f"== {results['database']} =="]
    sub = results["submissions"]
    submit = sub["stats"].get("submit", {})
    double = sub["stats"].get("submit (double click)", {})
    checks = sub["checks"]
    lines.append(
        f"submissions: {checks['cases_written']} cases in {sub['elapsed_s']} s; "
        f"{submit.get('rps', 0) + double.get('rps', 0) / 2:.1f} submissions/s; submit p50 {submit.get('p50_ms')} ms, "
        f"p95 {submit.get('p95_ms')} ms, p99 {submit.get('p99_ms')} ms; double-click p95 {double.get('p95_ms')} ms; "
        f"failures {submit.get('failures', 0) + double.get('failures', 0)}"
    )
    lines.append(f"  checks: {json.dumps(checks)}")
    if checks["cases_written"]:
        lines.append(
            f"  server CPU {sub['server_cpu_s']} s: {sub['server_cpu_s'] * 1000 / checks['cases_written']:.1f} ms "
            "per submission (Send, confirmation page and acknowledgement)"
        )
    jour = results["journeys"]
    agg = jour["stats"].get("Aggregated", {})
    jsubmit = jour["stats"].get("submit", {})
    lines.append(
        f"journeys: {jour['checks']['cases_written']} complete journeys in {jour['elapsed_s']} s "
        f"({jsubmit.get('rps', 0):.1f}/s); all pages p95 {agg.get('p95_ms')} ms at {agg.get('rps', 0):.0f} requests/s; "
        f"submit p95 {jsubmit.get('p95_ms')} ms; failures {agg.get('failures', 0)}"
    )
    lines.append(f"  checks: {json.dumps(jour['checks'])}")
    lines.append(f"acknowledgements: {results['acknowledgements']}")
    lines.append(
        f"CPU: server {results['server_cpu_s']} s over both runs; locust {sub['locust_cpu_s']} s + "
        f"{jour['locust_cpu_s']} s; load average {sub['load_average_before']:.1f} before, "
        f"{jour['load_average_after']:.1f} after"
    )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--rate-limit",
        default="off",
        help='INTAKE_RATE_LIMIT for the server: "off", or a rate no run reaches ("1000000/h") to time the '
        "rate limit's own cost (every request comes from one address)",
    )
    args = parser.parse_args()
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(BENCH_VAR / "attachments", ignore_errors=True)
    kinds = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    ok = True
    for kind in kinds:
        if kind != kinds[0]:
            # One Django set-up per process: run the next database in a fresh interpreter.
            code = subprocess.call(
                [
                    sys.executable,
                    "-m",
                    "bench.intake",
                    "--database",
                    kind,
                    "--seconds",
                    str(args.seconds),
                    "--users",
                    str(args.users),
                    "--workers",
                    str(args.workers),
                    "--threads",
                    str(args.threads),
                    "--rate-limit",
                    args.rate_limit,
                ],
                cwd=ROOT,
            )
            ok = ok and code == 0
            continue
        results = bench(
            kind,
            seconds=args.seconds,
            users=args.users,
            workers=args.workers,
            threads=args.threads,
            rate_limit=args.rate_limit,
        )
        (BENCH_VAR / f"intake-{kind}.json").write_text(json.dumps(results, indent=2, default=str))
        print(summary(results), flush=True)
        for label in ("submissions", "journeys"):
            checks = results[label]["checks"]
            if checks["lost"] or checks["duplicate_references"] or checks["token_shown_two_references"]:
                print(f"FAILED: {label} lost or duplicated submissions", file=sys.stderr)
                ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
