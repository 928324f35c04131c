"""Cases that reproduce the figures of the published 2021/22 report (and its three-year comparison).

Built with bulk inserts so that a test can afford three years of cases. Where the published
report's own figures disagree with each other (98 corporate + 60 statutory investigations is not
144), the builder keeps the percentages the report prints (68% corporate, 32% statutory).
"""

import datetime
from dataclasses import dataclass

from heard.calendar.selectors import council_calendar
from heard.cases.models import (
    Case,
    Customer,
    Investigation,
    Kind,
    Learning,
    OmbudsmanReferral,
    ProblemCategory,
    ServiceArea,
    Status,
    Team,
    Theme,
)

# Feedback received in 2021/22 by month, April first: 198 cases, busiest April, quietest November.
MONTHS_2021 = [24, 16, 16, 16, 16, 16, 22, 10, 16, 16, 16, 14]


@dataclass
class YearSpec:
    year: int
    compliments: int
    comments: int
    complaints: int
    corporate: int  # stage 1 investigations opened, by procedure
    statutory: int
    closed_corporate: int  # of those, closed in the year (not withdrawn)
    closed_statutory: int
    days_corporate: int  # working days to close, each
    days_statutory: int
    upheld: int
    partially_upheld: int
    not_upheld: int
    stage_2: int
    ombudsman: int
    looked_after: int = 0
    made_by_child: int = 0
    repeat_customers: int = 0  # each with two complaints
    months: list[int] | None = None


REFERENCE_YEARS = [
    # 2019/20: 25 compliments, 119 investigations, 26 working days, 16% upheld, 4 beyond stage 1.
    YearSpec(2019, 25, 10, 119, 80, 39, 80, 39, 26, 26, 19, 52, 40, 3, 1),
    # 2020/21: 46 compliments, 152 investigations, 33 working days, 10% upheld, 7 beyond stage 1.
    YearSpec(2020, 46, 16, 152, 92, 60, 92, 60, 34, 31, 15, 62, 59, 5, 2),
    # 2021/22, as published: 198 cases, 39 compliments, 10 comments, 149 complaints (75%), 144
    # investigations (68% corporate, 32% statutory), 143 closed: 14% upheld, 37% partially, 38% not;
    # 28 working days on average (corporate 29, statutory 25); 8 beyond stage 1 (7 at stage 2,
    # 1 Ombudsman); 23 about looked after children, 2 made by children; 26 complaints from repeat
    # complainants; learning on 34 (47%) of the upheld or partially upheld cases.
    YearSpec(
        2021,
        39,
        10,
        149,
        98,
        46,
        98,
        45,
        29,
        25,
        20,
        53,
        54,
        7,
        1,
        looked_after=23,
        made_by_child=2,
        repeat_customers=13,
        months=MONTHS_2021,
    ),
]

LEARNING_2021 = {"Communication/information": 13, "Service delivery": 10, "Quality of service": 5}
ACTIONS_2021 = {"Apology": 5, "Training/guidance": 3, "Change/review/provide a service": 3}
CATEGORIES_2021 = {"Service standards": 110, "Staff conduct": 20, "Assessment": 4, "Financial": 10}
THEMES_2021 = {
    "EHC plans": 30,
    "Child Protection Plans": 20,
    "Supervised/unsupervised contact": 15,
    "Disabled children's social work": 12,
}


def _received_days(spec: YearSpec, total: int) -> list[datetime.date]:
    months = spec.months or [total // 12 + (1 if i < total % 12 else 0) for i in range(12)]
    assert sum(months) == total, (sum(months), total)
    days = []
    for i, count in enumerate(months):
        month = (4 + i - 1) % 12 + 1
        year = spec.year + (1 if month < 4 else 0)
        for n in range(count):
            days.append(datetime.date(year, month, 1 + n % 28))
    return days


def build_year(spec: YearSpec, *, area: ServiceArea, teams: list[Team]) -> None:
    calendar = council_calendar()
    total = spec.compliments + spec.comments + spec.complaints
    days = _received_days(spec, total)
    # Complaints first in each month's share of days: interleave kinds so every month has some of each.
    kinds = (
        [Kind.COMPLAINT] * spec.complaints
        + [Kind.COMPLIMENT] * spec.compliments
        + [Kind.COMMENT] * spec.comments
    )
    order = sorted(range(total), key=lambda i: (i * 7919) % total)
    customers = Customer.objects.bulk_create(
        Customer(customer_ref=f"R{spec.year}-{n:04d}", name=f"Reference Person {spec.year}-{n}")
        for n in range(spec.complaints)
    )
    cases = []
    complaint_no = 0
    for n, index in enumerate(order):
        kind = kinds[n]
        received = days[index]
        case = Case(
            reference=f"REF-{spec.year}-{n + 1:04d}",
            kind=kind,
            received_on=received,
            service_area=area,
            team=teams[n % len(teams)],
            summary=f"Reference {kind} {n + 1}",
            status=Status.CLOSED,
            closed_on=received,
        )
        if kind == Kind.COMPLAINT:
            # The first 2 × repeat_customers complaints come in pairs from the same customer.
            if complaint_no < 2 * spec.repeat_customers:
                customer = customers[complaint_no // 2]
            else:
                customer = customers[complaint_no]
            case.customer = customer
            case.procedure = "corporate" if complaint_no < spec.corporate else "statutory"
            case.looked_after_child = complaint_no < spec.looked_after
            case.made_by_child = complaint_no < spec.made_by_child
            complaint_no += 1
        cases.append(case)
    Case.objects.bulk_create(cases)
    complaints = list(
        Case.objects.filter(reference__startswith=f"REF-{spec.year}-", kind=Kind.COMPLAINT).order_by(
            "reference"
        )
    )
    corporate = [c for c in complaints if c.procedure == "corporate"][: spec.corporate]
    statutory = [c for c in complaints if c.procedure == "statutory"][: spec.statutory]
    outcomes = (
        ["upheld"] * spec.upheld
        + ["partially_upheld"] * spec.partially_upheld
        + ["not_upheld"] * spec.not_upheld
    )
    closed_total = spec.closed_corporate + spec.closed_statutory
    outcomes += ["no_outcome"] * (closed_total - len(outcomes))
    investigations = []
    n_closed = 0
    for cases_, closed_count, working_days in (
        (corporate, spec.closed_corporate, spec.days_corporate),
        (statutory, spec.closed_statutory, spec.days_statutory),
    ):
        for i, case in enumerate(cases_):
            # Opened early enough in the year for the response to fall within it.
            opened = min(case.received_on, datetime.date(spec.year + 1, 1, 4))
            inv = Investigation(
                case=case,
                stage=1,
                number=1,
                team=case.team,
                opened_on=opened,
                due_on=calendar.add_working_days(opened, 30),
            )
            if i < closed_count:
                inv.closed_on = calendar.add_working_days(opened, working_days)
                inv.outcome = outcomes[n_closed]
                n_closed += 1
            investigations.append(inv)
    Investigation.objects.bulk_create(investigations)
    escalated = complaints[-(spec.stage_2 + spec.ombudsman) :]
    stage_2 = [
        Investigation(
            case=case,
            stage=2,
            number=1,
            opened_on=datetime.date(spec.year + 1, 2, 1),
            due_on=datetime.date(spec.year + 1, 3, 8),
        )
        for case in escalated[: spec.stage_2]
    ]
    Investigation.objects.bulk_create(stage_2)
    OmbudsmanReferral.objects.bulk_create(
        OmbudsmanReferral(
            case=case,
            received_on=datetime.date(spec.year + 1, 2, 1),
            response_due_on=datetime.date(spec.year + 1, 3, 1),
        )
        for case in escalated[spec.stage_2 :]
    )


def build_reference_years() -> dict:
    """The three years of the 2021/22 report's comparison, with 2021/22 in full detail."""
    area = ServiceArea.objects.get_or_create(name="Children's Social Care")[0]
    teams = [
        Team.objects.get_or_create(name=name, service_area=area)[0]
        for name in (
            "Assessment Team",
            "Looked After Children Team",
            "Disabled Children's Team",
            "Fostering Team",
        )
    ]
    for spec in REFERENCE_YEARS:
        build_year(spec, area=area, teams=teams)
    _detail_2021()
    _ombudsman_2021()
    return {"area": area, "teams": teams}


def _detail_2021() -> None:
    """Problem categories, themes, learning and actions of 2021/22."""
    investigations = list(
        Investigation.objects.filter(stage=1, case__reference__startswith="REF-2021-").order_by(
            "case__reference"
        )
    )
    categories = {name: ProblemCategory.objects.get_or_create(name=name)[0] for name in CATEGORIES_2021}
    i = 0
    for name, count in CATEGORIES_2021.items():
        for inv in investigations[i : i + count]:
            inv.problem_category = categories[name]
        i += count
    Investigation.objects.bulk_update(investigations, ["problem_category"])
    through = Investigation.themes.through
    rows = []
    for name, count in THEMES_2021.items():
        theme = Theme.objects.get_or_create(name=name)[0]
        rows += [through(investigation=inv, theme=theme) for inv in investigations[:count]]
    through.objects.bulk_create(rows)
    upheld_cases = [inv.case for inv in investigations if inv.outcome in ("upheld", "partially_upheld")]
    assert len(upheld_cases) == 73
    learning = []
    cases = iter(upheld_cases[:34])
    flat = [(k, cat) for cat, n in LEARNING_2021.items() for k in ["learning"] * n] + [
        (k, cat) for cat, n in ACTIONS_2021.items() for k in ["action"] * n
    ]
    # 39 rows over 34 cases: every case gets one, the first five get a second.
    targets = list(cases) + upheld_cases[:5]
    for (kind, category), case in zip(flat, targets, strict=True):
        learning.append(
            Learning(
                case=case, kind=kind, category=category, detail=f"{category} learning on {case.reference}"
            )
        )
    Learning.objects.bulk_create(learning)


OMBUDSMAN_DECISIONS_2021 = {
    "upheld": 3,
    "not_upheld": 1,
    "referred_back": 6,
    "closed_after_initial_enquiries": 4,
}


def _ombudsman_2021() -> None:
    """14 Ombudsman decisions in 2021/22 (3 upheld, 1 not upheld, the rest referred back or closed
    after initial enquiries), on enquiries received before the three years compared."""
    cases = list(
        Case.objects.filter(reference__startswith="REF-2019-", kind=Kind.COMPLAINT).order_by("reference")[:14]
    )
    decisions = [d for d, n in OMBUDSMAN_DECISIONS_2021.items() for _ in range(n)]
    OmbudsmanReferral.objects.bulk_create(
        OmbudsmanReferral(
            case=case,
            received_on=datetime.date(2019, 3, 1),
            response_due_on=datetime.date(2019, 3, 29),
            decision=decision,
            decided_on=datetime.date(2021, 9, 1),
        )
        for case, decision in zip(cases, decisions, strict=True)
    )
