"""Benchmark: unreasonable behaviour designations at scale: proposing and agreeing them (each writes
an event on every case of the person), the dashboard's figures, and the case page of a designated
person.

    .venv/bin/python -m bench.conduct [--cases 100000] [--designations 1000] [--database-url URL]

Without --database-url it runs on SQLite (var/bench/conduct-<cases>.sqlite3) and PostgreSQL
(heard_bench_conduct_<cases> on 127.0.0.1). A database holding fewer cases than asked is filled
first, not timed (as bench.workspace does). Designations already there from an earlier run are
removed first. The people designated are those with the most cases.

Targets: proposing and agreeing under 50 ms a person; the figures for three years under 1 s at a
thousand designations; the case page's time unchanged by a designation (compared with the same page
before it).
"""

import argparse
import datetime
import json
import time

from bench._shared import child, databases, make_room, write_results
from bench.workspace import client_for, ensure_cases, measure, setup_django, users

TODAY = datetime.date(2026, 12, 1)


def run_once(designations: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from heard.accounts.models import Role
    from heard.cases.models import Case, Customer
    from heard.conduct import services
    from heard.conduct.models import Designation
    from heard.reporting import metrics

    Designation.objects.all().delete()
    officer, _ = users()
    senior, _ = get_user_model().objects.get_or_create(
        username="bench-senior", defaults={"role": Role.SENIOR_MANAGER, "first_name": "Bench"}
    )
    people = list(
        Customer.objects.annotate(n=Count("cases")).filter(n__gt=0).order_by("-n", "pk")[:designations]
    )
    busiest = people[0]
    page = f"/staff/cases/{Case.objects.filter(customer=busiest).order_by('-received_on').first().reference}/"
    client = client_for(officer)
    before = measure(client, [page], 20)

    started = time.perf_counter()
    cases_touched = 0
    for i, person in enumerate(people):
        cases = list(Case.objects.filter(customer=person))
        cases_touched += len(cases)
        designation = services.designation_propose(
            case=cases[0],
            behaviours=["excessive_contact"],
            details="Bench",
            evidence_cases=cases[:3],
            actor=officer,
        )
        services.designation_decide(
            designation=designation,
            decision="agreed",
            reasons="Bench",
            today=TODAY - datetime.timedelta(days=i % 700),
            actor=senior,
            channels=["email"],
            review_due_on=TODAY + datetime.timedelta(days=30 - i % 60),
        )
    written = time.perf_counter() - started

    started = time.perf_counter()
    years = metrics.designation_years(2026, today=TODAY)
    figures_seconds = time.perf_counter() - started
    after = measure(client, [page], 20)
    return {
        "designations": len(people),
        "cases_of_those_people": cases_touched,
        "busiest_person_cases": Case.objects.filter(customer=busiest).count(),
        "propose_and_agree_ms_each": round(written / len(people) * 1000, 1),
        "figures_seconds": round(figures_seconds, 3),
        "in_force_2026": years[-1].in_force,
        "case_page_before_p50_ms": round(before["p50"], 1),
        "case_page_after_p50_ms": round(after["p50"], 1),
        "case_page_after_p95_ms": round(after["p95"], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--designations", type=int, default=1000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--run", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.run:
        setup_django(args.database_url)
        ensure_cases(args.cases)
        print(json.dumps(run_once(args.designations)))
        return

    results = []
    for url in databases("conduct", args.cases, args.database_url):
        print(f"== {url}: {args.cases:,} cases, {args.designations:,} designations", flush=True)
        make_room(url)
        result = child(
            "bench.conduct",
            url,
            "--cases",
            str(args.cases),
            "--designations",
            str(args.designations),
            "--run",
        )
        print(f"  {result}", flush=True)
        results.append({"database": url.split(":")[0], **result})
    write_results("conduct", args.cases, results)


if __name__ == "__main__":
    main()
