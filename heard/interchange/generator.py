"""A realistic synthetic data set in the interchange format, for demos, tests and benchmarks.

Its proportions follow Children's Services annual reports (2020/21 and 2021/22): about three
complaints in four pieces of feedback, a fifth compliments and the rest comments; stage 1
investigations about two thirds corporate and one third statutory; outcomes about 14% upheld, 37%
partially upheld, 38% not upheld and the rest withdrawn or without an outcome; about one complaint
in six from a customer with more than one complaint that year; about one in twenty going beyond
stage 1; learning on about half of the upheld and partially upheld cases; about 15% concerning
looked after children and a few made by children. Volumes follow the seasons (more in April,
October and the last quarter, fewest in August and November). The same seed gives the same files.
"""

import contextlib
import csv
import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.utils import timezone

from heard.calendar.periods import reporting_year_of
from heard.calendar.selectors import council_calendar
from heard.calendar.workdays import WorkingCalendar
from heard.cases import reference_data
from heard.interchange import format as fmt
from heard.interchange.exporter import LINE_END
from heard.procedures import deadlines
from heard.procedures.deadlines import RuleBook, StageDeadlines
from heard.procedures.selectors import rule_book

# Relative volume of each month of a reporting year, April first.
MONTH_WEIGHTS = {4: 1.2, 5: 1.0, 6: 1.05, 7: 0.95, 8: 0.8, 9: 1.0, 10: 1.15, 11: 0.75, 12: 0.85}
MONTH_WEIGHTS |= {1: 1.1, 2: 1.05, 3: 1.1}

KIND_WEIGHTS = {"complaint": 75, "compliment": 20, "comment": 5}
AREA_WEIGHTS = {"Children's Social Care": 60, "Education and SEND": 30, "Early Help": 10}
CHANNEL_WEIGHTS = {"email": 45, "web": 25, "phone": 18, "letter": 7, "in_person": 3, "other": 2}
OUTCOME_WEIGHTS = {"upheld": 14, "partially_upheld": 37, "not_upheld": 38, "withdrawn": 6, "no_outcome": 5}
CATEGORY_WEIGHTS = {
    "Service standards": 70,
    "Staff conduct": 14,
    "Assessment": 8,
    "Financial": 6,
    "Policy": 2,
}
LEARNING_WEIGHTS = {"Communication/information": 46, "Service delivery": 36, "Quality of service": 12}
LEARNING_WEIGHTS |= {"Policy/procedure": 6}
ACTION_WEIGHTS = {"Apology": 46, "Training/guidance": 27, "Change/review/provide a service": 20}
ACTION_WEIGHTS |= {"Financial remedy": 7}
DECISION_WEIGHTS = {
    "closed_after_initial_enquiries": 40,
    "referred_back": 20,
    "not_upheld": 15,
    "upheld": 20,
    "withdrawn": 5,
}
FIRST_NAMES = ["Alex", "Sam", "Jo", "Chris", "Pat", "Robin", "Jamie", "Kim", "Lee", "Morgan", "Sasha", "Toni"]
LAST_NAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Davies", "Hughes", "Price"]
INVESTIGATORS = [
    f"{first} {last}" for first in ("Helen", "Mark", "Priya", "Owen", "Ruth") for last in ("Ward", "Hall")
]
SUMMARIES = {
    "complaint": [
        "No response to emails from the social worker",
        "Delay in finalising the EHC plan",
        "Contact arrangements changed without notice",
        "Transport to school not arranged",
        "Change of social worker not explained",
        "Assessment did not reflect what the family said",
    ],
    "compliment": [
        "Thank you for the support over the past year",
        "The team helped keep our children safe",
        "Grateful for the care shown to our family",
    ],
    "comment": [
        "Suggestion: publish contact details for the duty team",
        "Question about how placements are chosen",
        "Idea for a parents' information evening",
    ],
}
FULL_WEIGHTS = sum(MONTH_WEIGHTS.values())


def _pick(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@dataclass
class Generated:
    cases: int = 0
    investigations: int = 0
    referrals: int = 0
    learning: int = 0


@dataclass(frozen=True)
class Clock:
    """The council's working calendar and the procedures' rules: due dates come from the deadline
    engine, as for a case logged in Heard."""

    calendar: WorkingCalendar
    book: RuleBook

    def stage(
        self, procedure: str, received_on: date, acknowledged_on: date | None, stage: int, opened_on: date
    ) -> StageDeadlines:
        rules = self.book.in_force(procedure, received_on)
        rule = rules.stage(stage) if rules else None
        if rules is None or rule is None:
            raise ValueError(f"The {procedure} procedure in force on {received_on} has no stage {stage}")
        return deadlines.stage_deadlines(
            rules,
            rule,
            received_on=received_on,
            opened_on=opened_on,
            acknowledged_on=acknowledged_on,
            calendar=self.calendar,
        )

    def ombudsman_response(self, procedure: str, received_on: date, enquiry_on: date) -> date:
        return deadlines.ombudsman_response_due(
            self.book.in_force(procedure, received_on), received_on=enquiry_on
        )


def generate(
    *, cases: int, seed: int, out: Path | str, first_year: int | None = None, years: int = 3
) -> Generated:
    """Write ``cases`` cases over ``years`` reporting years (first_year to first_year + years - 1)
    into the folder ``out`` as the interchange files, with the council's calendar and rules."""
    rng = random.Random(seed)
    if first_year is None:
        last_complete = reporting_year_of(timezone.localdate()) - 1
        first_year = last_complete - years + 1
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    clock = Clock(calendar=council_calendar(), book=rule_book())
    end_of_data = date(first_year + years, 3, 31)
    with contextlib.ExitStack() as stack:
        files = {
            name: stack.enter_context(open(out / name, "w", encoding="utf-8", newline=""))
            for name in fmt.FILES
        }
        writers = {name: csv.writer(f, lineterminator=LINE_END) for name, f in files.items()}
        for name, writer in writers.items():
            writer.writerow(fmt.COLUMNS[name])
        counts = Generated()
        per_year = [cases // years + (1 if i < cases % years else 0) for i in range(years)]
        serial: dict[int, int] = {}
        for offset, n in enumerate(per_year):
            year = first_year + offset
            for row in _year(rng, clock, year, n, serial, end_of_data):
                name, values = row
                writers[name].writerow(values)
                if name == fmt.CASES:
                    counts.cases += 1
                elif name == fmt.INVESTIGATIONS:
                    counts.investigations += 1
                elif name == fmt.OMBUDSMAN:
                    counts.referrals += 1
                else:
                    counts.learning += 1
    return counts


def _received_dates(rng: random.Random, year: int, n: int) -> list[date]:
    """n days in the reporting year, spread over the months by the seasonal weights."""
    dates: list[date] = []
    for month, weight in MONTH_WEIGHTS.items():
        dates_in_month = round(n * weight / FULL_WEIGHTS)
        calendar_year = year if month >= 4 else year + 1
        first = date(calendar_year, month, 1)
        days = ((date(calendar_year + (month == 12), month % 12 + 1, 1)) - first).days
        dates.extend(first + timedelta(days=rng.randrange(days)) for _ in range(dates_in_month))
    while len(dates) < n:
        dates.append(date(year, 4, 1) + timedelta(days=rng.randrange(365)))
    rng.shuffle(dates)
    return sorted(dates[:n])


def _year(
    rng: random.Random,
    clock: Clock,
    year: int,
    n: int,
    serial: dict[int, int],
    end_of_data: date,
) -> Iterator[tuple[str, tuple]]:
    received = _received_dates(rng, year, n)
    kinds = [_pick(rng, KIND_WEIGHTS) for _ in range(n)]
    complaint_indexes = [i for i, kind in enumerate(kinds) if kind == "complaint"]
    # About 17% of complaint cases come from customers with more than one complaint in the year.
    customers: list[str] = [""] * n
    repeat = rng.sample(complaint_indexes, k=int(len(complaint_indexes) * 0.17) // 2 * 2)
    for pair in range(0, len(repeat) - 1, 2):
        ref = f"P{year}R{pair // 2:07d}"
        customers[repeat[pair]] = customers[repeat[pair + 1]] = ref
    for i in range(n):
        if not customers[i] and (kinds[i] == "complaint" or rng.random() < 0.6):
            customers[i] = f"P{year}U{i:07d}"
    for i in range(n):
        yield from _case(rng, clock, received[i], kinds[i], customers[i], serial, end_of_data)


def _case(
    rng: random.Random,
    clock: Clock,
    received_on: date,
    kind: str,
    customer_ref: str,
    serial: dict[int, int],
    end_of_data: date,
) -> Iterator[tuple[str, tuple]]:
    serial[received_on.year] = number = serial.get(received_on.year, 0) + 1
    reference = f"CS-{received_on.year}-{number:06d}"
    area = _pick(rng, AREA_WEIGHTS)
    team = rng.choice(reference_data.TEAMS[area]) if rng.random() < 0.92 else ""
    complaint = kind == "complaint"
    procedure = ""
    if complaint:
        procedure = "statutory" if (area == "Children's Social Care" and rng.random() < 0.53) else "corporate"
    # A customer's details follow from their reference, so that every case of theirs agrees.
    person = sum(ord(ch) * 31**k for k, ch in enumerate(customer_ref[-8:]))
    first, last = FIRST_NAMES[person % len(FIRST_NAMES)], LAST_NAMES[person // 97 % len(LAST_NAMES)]
    name = f"{first} {last}" if customer_ref else ""
    email = f"{first.lower()}.{last.lower()}{customer_ref[-4:]}@example.com" if customer_ref else ""
    phone = f"07700 9{person % 100000:05d}" if customer_ref and person % 2 else ""
    looked_after = complaint and rng.random() < 0.155
    by_child = complaint and rng.random() < 0.013
    on_behalf = not by_child and rng.random() < 0.3
    rows: list[tuple[str, tuple]] = []
    closed_on: date | None = None
    status = "open"
    acknowledged_on = ""
    if complaint:
        acknowledged = clock.calendar.add_working_days(received_on, rng.choice((1, 1, 2, 3)))
        acknowledged_on = acknowledged.isoformat()
        closes = list(
            _complaint(rng, clock, reference, received_on, acknowledged, procedure, area, end_of_data, rows)
        )
        if closes and all(closes):
            closed_on = max(c for c in closes if c)
            status = "closed"
        elif not closes and rng.random() < 0.9:
            closed_on = received_on + timedelta(days=rng.randrange(1, 20))
            status = "withdrawn"
    else:
        closed_on = received_on + timedelta(days=rng.randrange(0, 10))
        status = "closed"
    if closed_on and closed_on > end_of_data:
        closed_on, status = None, "open"
    yield (
        fmt.CASES,
        (
            reference,
            kind,
            received_on.isoformat(),
            _pick(rng, CHANNEL_WEIGHTS),
            area,
            team,
            rng.choice(SUMMARIES[kind]),
            customer_ref,
            name,
            email,
            phone,
            fmt.write_bool(on_behalf),
            ("given" if rng.random() < 0.8 else "pending") if on_behalf else "",
            fmt.write_bool(on_behalf and rng.random() < 0.1),
            fmt.write_bool(by_child),
            fmt.write_bool(looked_after),
            procedure,
            acknowledged_on,
            status,
            closed_on.isoformat() if closed_on else "",
        ),
    )
    yield from rows


def _complaint(
    rng: random.Random,
    clock: Clock,
    reference: str,
    received_on: date,
    acknowledged_on: date,
    procedure: str,
    area: str,
    end_of_data: date,
    rows: list[tuple[str, tuple]],
) -> Iterator[date | None]:
    """Stage 1 (sometimes split between two teams), maybe stage 2, 3 and the Ombudsman; yields the
    closing date of each investigation (None while open)."""
    if rng.random() < 0.035:
        return  # withdrawn or closed before any investigation
    statutory = procedure == "statutory"
    investigations = 2 if rng.random() < 0.02 else 1
    upheld_or_partial = False
    last_close: date | None = None
    escalate = False
    for number in range(1, investigations + 1):
        outcome = _pick(rng, OUTCOME_WEIGHTS)
        dates = clock.stage(procedure, received_on, acknowledged_on, 1, received_on)
        extended = ""
        # Working days to close: corporate about 29 on average, statutory about 25.
        days = max(1, round(rng.gauss(25, 9) if statutory else rng.gauss(29, 8)))
        closed: date | None = clock.calendar.add_working_days(received_on, days)
        if closed and closed > dates.due_on and dates.extension_limit > dates.due_on and rng.random() < 0.5:
            extended = dates.extension_limit.isoformat()
        if closed and closed > end_of_data:
            closed, outcome = None, ""
        rows.append(
            (
                fmt.INVESTIGATIONS,
                (
                    reference,
                    "1",
                    str(number),
                    rng.choice(reference_data.TEAMS[area]),
                    rng.choice(INVESTIGATORS),
                    received_on.isoformat(),
                    dates.due_on.isoformat(),
                    extended,
                    closed.isoformat() if closed else "",
                    outcome,
                    *_problem(rng),
                    ";".join(sorted(rng.sample(reference_data.THEMES, k=rng.choice((0, 1, 1, 2))))),
                ),
            )
        )
        yield closed
        if closed:
            last_close = max(last_close or closed, closed)
            upheld_or_partial |= outcome in ("upheld", "partially_upheld")
            escalate |= outcome != "withdrawn" and rng.random() < 0.05
    if upheld_or_partial and last_close and rng.random() < 0.5:
        for _ in range(rng.choice((1, 1, 2))):
            rows.append((fmt.LEARNING, (reference, "learning", _pick(rng, LEARNING_WEIGHTS), "", "", "")))
        if rng.random() < 0.4:
            due_on = clock.calendar.add_working_days(last_close, 20)
            done = clock.calendar.add_working_days(last_close, rng.randrange(5, 40))
            rows.append(
                (
                    fmt.LEARNING,
                    (
                        reference,
                        "action",
                        _pick(rng, ACTION_WEIGHTS),
                        "",
                        due_on.isoformat(),
                        done.isoformat() if done <= end_of_data else "",
                    ),
                )
            )
    if not (escalate and last_close):
        return
    stage_2 = rng.random() < 0.85
    previous = last_close
    if stage_2:
        opened = clock.calendar.add_working_days(last_close, rng.randrange(1, 20))
        if opened <= end_of_data:
            later = (reference, procedure, received_on, end_of_data)
            yield from _later_stage(rng, clock, rows, later, 2, opened)
            previous = opened
            if statutory and rng.random() < 0.1:
                opened_3 = clock.calendar.add_working_days(opened, 70)
                if opened_3 <= end_of_data:
                    yield from _later_stage(rng, clock, rows, later, 3, opened_3)
    if not stage_2 or rng.random() < 0.15:
        enquiry = previous + timedelta(days=rng.randrange(30, 120))
        if enquiry <= end_of_data:
            decided = enquiry + timedelta(days=rng.randrange(40, 200))
            decision = _pick(rng, DECISION_WEIGHTS)
            sent = enquiry + timedelta(days=rng.randrange(10, 30))
            rows.append(
                (
                    fmt.OMBUDSMAN,
                    (
                        reference,
                        f"{enquiry:%y} {rng.randrange(100, 999)} {rng.randrange(100, 999)}",
                        enquiry.isoformat(),
                        clock.ombudsman_response(procedure, received_on, enquiry).isoformat(),
                        sent.isoformat() if sent <= end_of_data else "",
                        decision if decided <= end_of_data else "pending",
                        decided.isoformat() if decided <= end_of_data else "",
                        "Apology and a review of the case"
                        if decision == "upheld" and decided <= end_of_data
                        else "",
                    ),
                )
            )


def _later_stage(
    rng: random.Random,
    clock: Clock,
    rows: list[tuple[str, tuple]],
    case: tuple[str, str, date, date],
    stage: int,
    opened: date,
) -> Iterator[date | None]:
    reference, procedure, received_on, end_of_data = case
    dates = clock.stage(procedure, received_on, None, stage, opened)
    response_days = clock.calendar.working_days_between(opened, dates.due_on)
    closed: date | None = clock.calendar.add_working_days(opened, max(1, round(rng.gauss(response_days, 6))))
    outcome = _pick(rng, OUTCOME_WEIGHTS)
    if closed and closed > end_of_data:
        closed, outcome = None, ""
    rows.append(
        (
            fmt.INVESTIGATIONS,
            (
                reference,
                str(stage),
                "1",
                "",
                "Independent Investigating Officer" if stage == 2 else "Review panel",
                opened.isoformat(),
                dates.due_on.isoformat(),
                "",
                closed.isoformat() if closed else "",
                outcome,
                "",
                "",
                "",
            ),
        )
    )
    yield closed


def _problem(rng: random.Random) -> tuple[str, str]:
    category = _pick(rng, CATEGORY_WEIGHTS)
    return category, rng.choice(reference_data.PROBLEM_CATEGORIES[category])
