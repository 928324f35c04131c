"""Benchmark: the daily sweep (`heard chase`) over a million cases with a hundred thousand open.

    .venv/bin/python -m bench.chasing [--cases 1000000] [--open 100000] [--database-url URL]

Without --database-url it runs on an SQLite file (var/bench/chasing-<cases>.sqlite3) and on a
PostgreSQL database (heard_bench_chasing_<cases> on 127.0.0.1). A database holding fewer cases than asked
is filled first, not timed, with `heard generate` and `heard import` (as bench.workspace does).

Preparation (not timed) makes the newest `--open` complaints open again, each with its
investigations open and due between 30 days before the sweep's day and 30 days after it, so that
about half are overdue; gives every team a manager and every service area a head and a director
with email addresses; and removes what earlier runs recorded (escalations, their timeline events,
the outbox). The sweep's day is a working Monday (so the weekly digests go too) more than a month
after the data's last quarter ended (so no quarterly pack is due).

Then three runs of the sweep, each in a fresh process that reports its time and peak memory
(ru_maxrss): the first (every reminder and escalation is new), the same day again (nothing new:
it must send nothing), and the next working day (the repeats and the newly overdue). Messages are
queued in the outbox, not sent (`--no-send`): sending is the outbox's own work. Target: under 60 s
with memory flat (the same peak at a tenth of the cases).
"""

import argparse
import json
import resource
import time
from datetime import date, timedelta

from bench._shared import child, databases, make_room, write_results
from bench.workspace import ensure_cases, setup_django

BATCH = 2000
SPREAD_DAYS = 30


def sweep_day() -> date:
    """A working Monday more than a month after the data's last quarter ended."""
    from django.db.models import Max

    from heard.calendar.selectors import council_calendar
    from heard.cases.models import Case

    calendar = council_calendar()
    last = Case.objects.aggregate(last=Max("received_on"))["last"]
    day = last + timedelta(days=35)
    while day.weekday() != 0 or not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day


def prepare(open_cases: int) -> date:
    """Open the newest complaints, give the work people to go to, and clear earlier runs."""
    from django.db import transaction

    from heard.accounts.models import Role, User
    from heard.cases.models import (
        Case,
        CaseEvent,
        Escalation,
        EventKind,
        Investigation,
        Kind,
        ServiceArea,
        Status,
        Team,
    )
    from heard.chasing.models import ChasePolicy
    from heard.notifications.models import Message

    today = sweep_day()
    started = time.perf_counter()
    with transaction.atomic():
        director, _ = User.objects.get_or_create(
            username="bench-director",
            defaults={"role": Role.SENIOR_MANAGER, "email": "director@council.example", "first_name": "Dee"},
        )
        User.objects.get_or_create(
            username="bench-officer",
            defaults={"role": Role.COMPLAINTS_OFFICER, "email": "feedback@council.example"},
        )
        for area in ServiceArea.objects.all():
            head, _ = User.objects.get_or_create(
                username=f"bench-head-{area.pk}",
                defaults={"role": Role.SENIOR_MANAGER, "email": f"head-{area.pk}@council.example"},
            )
            ServiceArea.objects.filter(pk=area.pk).update(head=head, director=director)
        for team in Team.objects.all():
            manager, _ = User.objects.get_or_create(
                username=f"bench-manager-{team.pk}",
                defaults={
                    "role": Role.INVESTIGATING_MANAGER,
                    "email": f"manager-{team.pk}@council.example",
                    "team": team,
                },
            )
            Team.objects.filter(pk=team.pk).update(manager=manager)
        ChasePolicy.objects.update_or_create(pk=1, defaults={"quarterly_packs": False})

    Escalation.objects.all().delete()
    CaseEvent.objects.filter(kind=EventKind.OVERDUE_ESCALATED).delete()
    Message.objects.all().delete()

    already = Case.objects.filter(status=Status.OPEN).count()
    if already < open_cases:
        newest = (
            Case.objects.filter(kind=Kind.COMPLAINT, investigations__isnull=False)
            .distinct()
            .order_by("-received_on", "-pk")
            .values_list("pk", flat=True)[:open_cases]
        )
        ids = list(newest)
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            with transaction.atomic():
                Case.objects.filter(pk__in=batch).update(
                    status=Status.OPEN, closed_on=None, closure_reason=""
                )
                by_offset: dict[int, list[int]] = {}
                for pk in Investigation.objects.filter(case_id__in=batch).values_list("pk", flat=True):
                    by_offset.setdefault(pk % (2 * SPREAD_DAYS + 1) - SPREAD_DAYS, []).append(pk)
                for offset, pks in by_offset.items():
                    Investigation.objects.filter(pk__in=pks).update(
                        closed_on=None, outcome="", extended_to=None, due_on=today + timedelta(days=offset)
                    )
    print(
        f"prepared in {time.perf_counter() - started:.0f} s: "
        f"{Case.objects.count():,} cases, {Case.objects.filter(status=Status.OPEN).count():,} open, "
        f"{Investigation.objects.filter(closed_on__isnull=True, case__status=Status.OPEN).count():,} "
        f"open investigations; the sweep's day is {today:%A %-d %B %Y}",
        flush=True,
    )
    return today


def run_once(today: date) -> dict:
    """One sweep, timed, in this process."""
    from heard.chasing.services import chase

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    report = chase(today=today, send=False)
    seconds = time.perf_counter() - started
    return {
        "today": today.isoformat(),
        "seconds": round(seconds, 1),
        "rss_before_mb": round(before / 1024),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "escalations": report.escalations,
        "messages": sum(report.messages.values()),
        "by_kind": dict(report.messages),
    }


def bench(database_url: str, cases: int, open_cases: int) -> dict:
    make_room(database_url)
    prepared = child(
        "bench.chasing", database_url, "--cases", str(cases), "--open", str(open_cases), "--prepare"
    )
    today = date.fromisoformat(prepared["today"])
    runs = []
    next_day = today + timedelta(days=1)
    for label, day in (("first run", today), ("same day again", today), ("next working day", next_day)):
        result = child("bench.chasing", database_url, "--run", day.isoformat())
        result["run"] = label
        runs.append(result)
        print(
            f"  {label:17} {result['seconds']:6.1f} s  peak {result['peak_rss_mb']} MB "
            f"(before {result['rss_before_mb']} MB)  {result['escalations']:,} escalations, "
            f"{result['messages']:,} messages {result['by_kind']}",
            flush=True,
        )
    return {"database": database_url.split(":", 1)[0], "cases": cases, "open": open_cases, "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, default=100_000, help="how many complaints are open")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--run", metavar="DAY", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.prepare or args.run:
        setup_django(args.database_url)
        if args.prepare:
            ensure_cases(args.cases)
            print(json.dumps({"today": prepare(args.open).isoformat()}))
        else:
            print(json.dumps(run_once(date.fromisoformat(args.run))))
        return

    results = []
    for url in databases("chasing", args.cases, args.database_url):
        print(f"== {url}: {args.cases:,} cases, {args.open:,} open", flush=True)
        results.append(bench(url, args.cases, args.open))
    write_results("chasing", args.cases, results)


if __name__ == "__main__":
    main()
