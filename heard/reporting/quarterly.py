"""The quarterly pack: for one service area and one quarter, the quarter's figures (the dashboard's
tables, from the metrics module) and the cases behind them, as an Excel workbook. The daily sweep
emails it on the first working day after a quarter; the reports pages give any past quarter's."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from heard.calendar.periods import reporting_year_of
from heard.calendar.selectors import council_calendar
from heard.cases.models import Case, Investigation, Learning, LearningKind, ServiceArea, Status
from heard.core.formats import long_date
from heard.reporting import metrics, panels, selectors
from heard.reporting.selectors import Period
from heard.reporting.spreadsheets import Book

QUARTERS = ("Q1", "Q2", "Q3", "Q4")


@dataclass(frozen=True)
class QuarterlyPack:
    filename: str
    content: bytes
    summary: list[str]  # the main figures, a line each, for the email


def quarters_ended(*, years: list[int], today: date) -> list[Period]:
    """The quarters of the given reporting years that have ended by `today`, newest first."""
    return [
        period
        for year in sorted(years, reverse=True)
        for period in (Period(year, quarter) for quarter in reversed(QUARTERS))
        if period.end < today
    ]


def quarter_ended_before(day: date) -> Period:
    """The last reporting quarter that ended before `day`."""
    year = reporting_year_of(day)
    return quarters_ended(years=[year, year - 1], today=day)[0]


def _due(investigation: Investigation) -> date:
    return investigation.extended_to or investigation.due_on


def quarterly_pack(*, service_area: ServiceArea, period: Period, today: date) -> QuarterlyPack:
    start, end = period.start, period.end
    calendar = council_calendar()
    figures = metrics.period_figures(start=start, end=end, service_area_id=service_area.pk)
    chasing = metrics.chasing_figures(start=start, end=end, service_area_id=service_area.pk)
    ctx = panels.Context(start=start, end=end, service_area_id=service_area.pk)
    found = panels.dashboard_panels(figures, ctx, selectors.stage_1_timescales(on=end), chasing)
    subtitle = f"{service_area.name}, {period.label}"
    book = Book()
    cases = Case.objects.filter(service_area=service_area)
    investigations = Investigation.objects.filter(case__service_area=service_area).select_related(
        "case", "team"
    )
    overdue_at_end = (
        investigations.filter(opened_on__lte=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))
        .filter(Q(extended_to__isnull=True, due_on__lt=end) | Q(extended_to__lt=end))
        .order_by("due_on", "case__reference")
    )
    open_now = cases.filter(status=Status.OPEN).order_by("received_on", "reference")
    open_investigations: dict[int, list[Investigation]] = {}
    for inv in investigations.filter(closed_on__isnull=True, case__status=Status.OPEN).iterator():
        open_investigations.setdefault(inv.case_id, []).append(inv)
    actions = (
        Learning.objects.filter(
            case__service_area=service_area, kind=LearningKind.ACTION, completed_on__isnull=True
        )
        .select_related("case", "owner")
        .order_by("due_on", "case__reference")
    )

    book.table(
        "About",
        title=f"Complaints and feedback: {service_area.name}",
        subtitle=period.label,
        header=["", ""],
        rows=[
            ["Service area", service_area.name],
            ["Quarter", period.label],
            ["Produced", f"{long_date(today)}, from the cases in Heard at {timezone.localtime():%H:%M}"],
            ["Figures", "One sheet for each table of the dashboard, for this area and quarter."],
            ["Open", f"The area's open cases on {long_date(today)}, and what each is waiting for."],
            ["Overdue", f"Investigations that were open and past their due date on {long_date(end)}."],
            ["Closed", "Investigations whose response was sent in the quarter."],
            ["Actions", f"Actions agreed from complaints and not done by {long_date(today)}."],
            ["Confidential", "This workbook names children and families: keep it within the council."],
        ],
    )
    book.panels(found, subtitle=subtitle)

    def open_rows():
        for case in open_now.select_related("team").iterator():
            invs = open_investigations.get(case.pk, [])
            due = min((_due(inv) for inv in invs), default=None)
            yield [
                case.reference,
                case.get_kind_display(),
                case.received_on,
                ", ".join(str(inv).removeprefix(case.reference + " ") for inv in invs) or "",
                case.team.name if case.team else "",
                ", ".join(inv.investigator_name for inv in invs if inv.investigator_name),
                due,
                (calendar.working_days_between(due, today) if due and due < today else 0),
                case.summary,
            ]

    book.table(
        "Open",
        title=f"Open cases on {long_date(today)}",
        subtitle=subtitle,
        header=[
            "Reference",
            "Kind",
            "Received",
            "Open investigations",
            "Team",
            "Investigator",
            "Next due",
            "Working days overdue",
            "Summary",
        ],
        rows=open_rows(),
    )
    book.table(
        "Overdue",
        title=f"Investigations overdue at the end of the quarter ({long_date(end)})",
        subtitle=subtitle,
        header=[
            "Reference",
            "Stage",
            "Team",
            "Investigator",
            "Due",
            "Working days overdue on " + long_date(end),
            "Responded",
        ],
        rows=(
            [
                inv.case.reference,
                inv.stage,
                inv.team.name if inv.team else "",
                inv.investigator_name,
                _due(inv),
                calendar.working_days_between(_due(inv), end),
                inv.closed_on or "not yet",
            ]
            for inv in overdue_at_end.iterator()
        ),
    )

    def closed_rows():
        closed = investigations.filter(closed_on__gte=start, closed_on__lte=end).select_related(
            "problem_category"
        )
        for inv in closed.order_by("closed_on", "case__reference").iterator():
            closed_on: date = inv.closed_on  # type: ignore[assignment]  # the filter gives one
            yield [
                inv.case.reference,
                inv.stage,
                inv.team.name if inv.team else "",
                inv.investigator_name,
                inv.opened_on,
                _due(inv),
                closed_on,
                calendar.working_days_between(inv.opened_on, closed_on),
                "yes" if closed_on <= _due(inv) else "no",
                inv.get_outcome_display(),
                inv.problem_category.name if inv.problem_category else "",
            ]

    book.table(
        "Closed",
        title="Investigations closed in the quarter",
        subtitle=subtitle,
        header=[
            "Reference",
            "Stage",
            "Team",
            "Investigator",
            "Opened",
            "Due",
            "Responded",
            "Working days to close",
            "Within timescale",
            "Outcome",
            "Problem category",
        ],
        rows=closed_rows(),
    )
    book.table(
        "Actions",
        title=f"Actions outstanding on {long_date(today)}",
        subtitle=subtitle,
        header=["Reference", "Action", "Detail", "Owner", "Due", "Overdue"],
        rows=(
            [
                item.case.reference,
                item.category,
                item.detail,
                item.owner.display_name if item.owner else "",
                item.due_on,
                "yes" if item.due_on and item.due_on < today else "",
            ]
            for item in actions.iterator()
        ),
    )

    feedback, timeliness = figures.feedback, figures.timeliness
    summary = [
        f"Complaints received: {feedback.complaints}; compliments: {feedback.compliments}; "
        f"comments: {feedback.comments}",
        f"Stage 1 investigations closed: {timeliness.closed} ({timeliness.within_timescale_pct}% within "
        f"their timescale; {timeliness.avg_working_days_to_close} working days on average)",
        f"Upheld or partially upheld: {figures.outcomes.upheld_or_partially_upheld}",
        f"Investigations overdue at the end of the quarter: {overdue_at_end.count()}",
        f"Delays reported by investigators: {chasing.delays}; escalations of overdue work: {chasing.escalations}",
        f"Actions outstanding: {actions.count()}",
    ]
    label = metrics.reporting_year_label(period.year).replace("/", "-")
    return QuarterlyPack(
        filename=f"quarterly-pack-{slugify(service_area.name)}-{label}-{period.quarter.lower()}.xlsx",
        content=book.bytes(),
        summary=summary,
    )
