"""Profile one submission of the public form, end to end, in one process (not a load test).

    .venv/bin/python -m bench.intake_profile [--database-url URL] [--runs 30] [--top 25]

Makes a fresh database (var/bench/intake-profile.sqlite3 unless a URL is given), then walks the
adult form with Django's test client as a browser would (CSRF checked): GET and POST each
question, "Check your answers", Send and the confirmation page, with the acknowledgement job run
after commit as in production. For each kind of request it prints the SQL statements, the write
transactions and the time; then cProfile of `--runs` whole journeys, the functions that cost most.
"""

import argparse
import cProfile
import io
import os
import pstats
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN = re.compile(r'name="token" value="([^"]+)"')

ANSWERS = [
    ("what-kind", {"kind": "complaint"}),
    ("who-are-you", {"relationship": "parent_or_carer"}),
    ("their-agreement", {"consent": "given"}),
    ("about-the-child", {"child_name": "Sam Jones", "dob_day": "3", "dob_month": "4", "dob_year": "2014"}),
    ("service", {"service_area": "{area}"}),
    ("what-happened", {"details": "Nobody told us the social worker had changed."}),
    ("when", {"happened_on": "March 2026"}),
    ("put-it-right", {"desired_outcome": "An apology."}),
    ("advocate", {"advocate": "yes"}),
    ("contact", {"name": "Alex Jones", "email": "alex@example.com", "phone": "", "address": ""}),
    ("files", {"action": "continue"}),
]


SENDING = ("Send (POST)", "confirmation page")


def setup(database_url: str) -> None:
    if not database_url:
        path = ROOT / "var" / "bench" / "intake-profile.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        database_url = f"sqlite:///{path}"
    elif database_url.startswith("postgres"):
        from bench.workspace import ensure_postgres_database

        ensure_postgres_database(database_url)
    os.environ.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DEBUG="0",
        INTAKE_RATE_LIMIT="10000/m",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        HEARD_MEDIA_ROOT=str(ROOT / "var" / "bench" / "attachments"),
        LOG_LEVEL="WARNING",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from heard.cases.services import reference_data_load

    call_command("migrate", verbosity=0)
    reference_data_load()


class Counter:
    """Counts the statements and write transactions of each kind of request."""

    def __init__(self) -> None:
        self.current = ""
        self.queries: dict[str, list[str]] = defaultdict(list)

    def __call__(self, execute, sql, params, many, context):
        self.queries[self.current].append(sql)
        return execute(sql, params, many, context)


def journey(
    client,
    area: int,
    counter: Counter | None = None,
    timings: dict | None = None,
    profiler: cProfile.Profile | None = None,
) -> str:
    def request(name: str, method: str, path: str, data=None):
        if counter is not None:
            counter.current = name
        sending = profiler is not None and name in SENDING
        if sending:
            profiler.enable()  # type: ignore[union-attr]
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(path) if method == "GET" else client.post(path, data)
        if timings is not None:
            timings[name].append((time.perf_counter() - started, time.process_time() - cpu))
        if sending:
            profiler.disable()  # type: ignore[union-attr]
        return response

    csrf = ""
    for slug, answer in ANSWERS:
        page = request("question page (GET)", "GET", f"/feedback/{slug}/")
        assert page.status_code == 200, (slug, page.status_code)
        csrf = CSRF_FIELD.search(page.content.decode()).group(1)  # type: ignore[union-attr]
        data = {key: str(area) if value == "{area}" else value for key, value in answer.items()}
        response = request(
            "question page (POST)", "POST", f"/feedback/{slug}/", {**data, "csrfmiddlewaretoken": csrf}
        )
        assert response.status_code == 302, (slug, response.status_code, response.content[:2000])
    check = request("check your answers (GET)", "GET", "/feedback/check-your-answers/")
    text = check.content.decode()
    data = {
        "token": TOKEN.search(text).group(1),  # type: ignore[union-attr]
        "website": "",
        "csrfmiddlewaretoken": CSRF_FIELD.search(text).group(1),  # type: ignore[union-attr]
    }
    sent = request("Send (POST)", "POST", "/feedback/check-your-answers/", data)
    assert sent.status_code == 302 and sent["Location"].endswith("/confirmation/"), sent.status_code
    done = request("confirmation page", "GET", "/feedback/confirmation/")
    return re.search(r'<strong id="reference">([^<]+)</strong>', done.content.decode()).group(1)  # type: ignore[union-attr]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    setup(args.database_url)
    from django.db import connection
    from django.test import Client

    from heard.cases.models import ServiceArea

    area = ServiceArea.objects.values_list("pk", flat=True).first()
    assert area is not None

    def client() -> Client:
        return Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1")

    journey(client(), area)  # warm: templates, caches, connections
    counter, timings = Counter(), defaultdict(list)
    with connection.execute_wrapper(counter):
        journey(client(), area, counter)
    print(f"database: {connection.vendor}; one adult journey (11 questions), statements per request:")
    print(f"{'request':<28} {'statements':>10} {'writes':>7}")
    for name, statements in counter.queries.items():
        writes = sum(
            1 for sql in statements if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        )
        print(f"{name:<28} {len(statements):>10} {writes:>7}")
    print(f"{'whole journey':<28} {sum(len(s) for s in counter.queries.values()):>10}")

    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(args.runs):
        journey(client(), area, timings=timings)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"\n{args.runs} journeys: {wall / args.runs * 1000:.1f} ms each, CPU {cpu / args.runs * 1000:.1f} ms"
    )
    print(f"{'request':<28} {'wall median':>12} {'CPU median':>11}")
    for name, values in timings.items():
        walls, cpus = sorted(v[0] for v in values), sorted(v[1] for v in values)
        middle = len(values) // 2
        print(f"{name:<28} {walls[middle] * 1000:>9.1f} ms {cpus[middle] * 1000:>8.1f} ms")
    # The profile: Send and the confirmation page only, the requests the load test times.
    profiler = cProfile.Profile()
    for _ in range(args.runs):
        journey(client(), area, profiler=profiler)
    print(f"\ncProfile of Send and the confirmation page, {args.runs} times:")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.top)
    print(out.getvalue())
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.top)
    print(out.getvalue())
    print(f"load average: {Path('/proc/loadavg').read_text().strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
