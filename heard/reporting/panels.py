"""The tables and charts of the dashboards and the report, built from one set of figures.

Every value here is read from the records that `heard.reporting.metrics` returns (`annual_report` or
`period_figures`); this module only arranges those values into tables (with a link to the cases
behind each figure, where the case list can filter to them) and describes the chart for each.
"""

import calendar
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from heard.reporting.charts import Chart
from heard.reporting.metrics import ChasingFigures, DesignationYear, Figures, KindCounts, QualityCheckFigures

NOT_RECORDED = "Not recorded"
KINDS = [("complaint", "Complaints"), ("compliment", "Compliments"), ("comment", "Comments")]
PROCEDURES = [("statutory", "Statutory"), ("corporate", "Corporate")]
OUTCOMES = [
    ("upheld", "Upheld"),
    ("partially_upheld", "Partially upheld"),
    ("not_upheld", "Not upheld"),
    ("withdrawn", "Withdrawn"),
    ("no_outcome", "No outcome recorded"),
]
DECISIONS = [
    ("upheld", "Upheld"),
    ("not_upheld", "Not upheld"),
    ("closed_after_initial_enquiries", "Closed after initial enquiries"),
    ("referred_back", "Referred back for local resolution"),
    ("withdrawn", "Withdrawn"),
]
QUARTERS = {
    "Q1": "Quarter 1 (April to June)",
    "Q2": "Quarter 2 (July to September)",
    "Q3": "Quarter 3 (October to December)",
    "Q4": "Quarter 4 (January to March)",
}

# A link maker takes case-list filters and gives a URL, or None where figures are not linked.
LinkMaker = Callable[..., str | None]


def no_links(**filters) -> None:
    return None


@dataclass
class Cell:
    value: Any
    link: str | None = None


@dataclass
class Row:
    label: str
    cells: list[Cell]
    link: str | None = None


@dataclass
class Panel:
    key: str
    title: str
    columns: list[str]  # the first names the row labels
    rows: list[Row]
    chart: Chart | None = None
    notes: list[str] = field(default_factory=list)

    def as_lists(self) -> list[list[Any]]:
        """Header and rows as plain values, for CSV and Excel."""
        return [self.columns] + [[row.label] + [cell.value for cell in row.cells] for row in self.rows]


@dataclass
class Context:
    """What links need besides the figures: the period and the ids behind names."""

    start: date
    end: date
    service_area_id: int | None = None
    service_area_ids: dict[str, int] = field(default_factory=dict)
    team_ids: dict[str, int] = field(default_factory=dict)
    link: LinkMaker = no_links

    def cases(self, **filters) -> str | None:
        base: dict[str, Any] = {"received_from": self.start.isoformat(), "received_to": self.end.isoformat()}
        if self.service_area_id is not None and "service_area" not in filters:
            base["service_area"] = self.service_area_id
        base.update(filters)
        return self.link(**base)


def month_label(key: str) -> str:
    year, month = (int(part) for part in key.split("-"))
    return f"{calendar.month_name[month]} {year}"


def _sorted_counts(mapping: Mapping[str, int]) -> list[tuple[str, int]]:
    """Largest first, then by name; "Not recorded" last."""
    return sorted(mapping.items(), key=lambda item: (item[0] == NOT_RECORDED, -item[1], item[0]))


def feedback_by_kind(figures: Figures, ctx: Context) -> Panel:
    feedback = figures.feedback
    rows = [Row(label, [Cell(feedback.by_kind.of(kind), ctx.cases(kind=kind))]) for kind, label in KINDS]
    rows.append(Row("All feedback", [Cell(feedback.total, ctx.cases())]))
    chart = Chart(
        "Feedback by kind",
        tuple(label for _, label in KINDS),
        (("Cases", tuple(feedback.by_kind.of(kind) for kind, _ in KINDS)),),
        kind="bar",
    )
    return Panel(
        "by_kind",
        "Feedback by kind",
        ["Kind", "Cases"],
        rows,
        chart,
        notes=[f"Complaints were {feedback.complaint_share_pct}% of all feedback."],
    )


def feedback_by_month(figures: Figures, ctx: Context) -> Panel:
    feedback = figures.feedback
    rows = []
    for key, count in feedback.by_month.items():
        year, month = (int(part) for part in key.split("-"))
        first = max(date(year, month, 1), ctx.start)
        last = min(date(year, month, calendar.monthrange(year, month)[1]), ctx.end)
        rows.append(
            Row(
                month_label(key),
                [Cell(count, ctx.cases(received_from=first.isoformat(), received_to=last.isoformat()))],
            )
        )
    chart = Chart(
        "Feedback by month",
        tuple(calendar.month_abbr[int(key[5:])] for key in feedback.by_month),
        (("Cases", tuple(feedback.by_month.values())),),
        kind="bar",
    )
    notes = [
        f"On average {feedback.monthly_average} cases a month.",
        f"Busiest month: {month_label(feedback.busiest_month)}; quietest: {month_label(feedback.quietest_month)}.",
    ]
    return Panel("by_month", "Feedback by month", ["Month", "Cases"], rows, chart, notes)


QUARTER_MONTHS = {"Q1": (4, 6), "Q2": (7, 9), "Q3": (10, 12), "Q4": (1, 3)}


def feedback_by_quarter(figures: Figures, ctx: Context) -> Panel:
    """Only for a reporting year (metrics give by_quarter then), April to March."""
    by_quarter = figures.feedback.by_quarter or {}
    rows = []
    for key, count in by_quarter.items():
        first, last = QUARTER_MONTHS[key]
        year = ctx.start.year + (1 if first < 4 else 0)
        start = date(year, first, 1)
        end = date(year, last, calendar.monthrange(year, last)[1])
        rows.append(
            Row(
                QUARTERS.get(key, key),
                [Cell(count, ctx.cases(received_from=start.isoformat(), received_to=end.isoformat()))],
            )
        )
    chart = Chart("Feedback by quarter", tuple(by_quarter), (("Cases", tuple(by_quarter.values())),))
    return Panel("by_quarter", "Feedback by quarter", ["Quarter", "Cases"], rows, chart)


def _by_kind_table(mapping: Mapping[str, KindCounts], ids: dict[str, int], param: str, ctx: Context):
    rows = []
    ordered = sorted(mapping.items(), key=lambda item: (item[0] == NOT_RECORDED, -item[1].total, item[0]))
    for name, counts in ordered:
        ident = ids.get(name)
        cells = []
        for kind, _ in KINDS:
            link = ctx.cases(kind=kind, **{param: ident}) if ident is not None else None
            cells.append(Cell(counts.of(kind), link))
        total_link = ctx.cases(**{param: ident}) if ident is not None else None
        cells.append(Cell(counts.total, total_link))
        rows.append(Row(name, cells))
    return rows


def feedback_by_service_area(figures: Figures, ctx: Context) -> Panel:
    mapping = figures.feedback.by_service_area
    rows = _by_kind_table(mapping, ctx.service_area_ids, "service_area", ctx)
    chart = Chart(
        "Feedback by service area",
        tuple(row.label for row in rows),
        tuple((label, tuple(row.cells[i].value for row in rows)) for i, (_, label) in enumerate(KINDS)),
        kind="stacked",
        value_label="Cases",
    )
    return Panel(
        "by_service_area",
        "Feedback by service area",
        ["Service area", "Complaints", "Compliments", "Comments", "All feedback"],
        rows,
        chart,
    )


def feedback_by_team(figures: Figures, ctx: Context, kind: str) -> Panel:
    label = dict(KINDS)[kind]
    counts = {team: values.of(kind) for team, values in figures.feedback.by_team.items()}
    counts = {team: n for team, n in counts.items() if n}
    rows = []
    for team, count in _sorted_counts(counts):
        ident = ctx.team_ids.get(team)
        rows.append(Row(team, [Cell(count, ctx.cases(kind=kind, team=ident) if ident is not None else None)]))
    chart = Chart(
        f"{label} by team",
        tuple(row.label for row in rows),
        ((label, tuple(row.cells[0].value for row in rows)),),
        kind="barh",
    )
    return Panel(f"{kind}s_by_team", f"{label} by team", ["Team", label], rows, chart)


def investigations_by_procedure(figures: Figures, ctx: Context) -> Panel:
    complaints = figures.complaints
    rows = [
        Row(
            label,
            [
                Cell(complaints.by_procedure.get(key, 0), ctx.cases(kind="complaint", procedure=key)),
                Cell(complaints.by_procedure_pct.get(key, 0.0)),
            ],
        )
        for key, label in PROCEDURES
    ]
    rows.append(
        Row(
            "All stage 1 investigations",
            [
                Cell(complaints.investigations, ctx.cases(kind="complaint")),
                Cell(complaints.investigations_pct),
            ],
        )
    )
    chart = Chart(
        "Stage 1 investigations by procedure",
        tuple(label for _, label in PROCEDURES),
        (("Investigations", tuple(complaints.by_procedure.get(key, 0) for key, _ in PROCEDURES)),),
    )
    return Panel(
        "by_procedure",
        "Stage 1 investigations by procedure",
        ["Procedure", "Investigations", "% of investigations"],
        rows,
        chart,
        notes=[
            f"{complaints.cases} complaint cases; {complaints.investigations} stage 1 investigations opened."
        ],
    )


def _count_panel(
    key: str, title: str, rows_are: str, column: str, mapping: Mapping[str, int], ctx: Context, note: str = ""
) -> Panel:
    rows = [Row(name, [Cell(count, ctx.cases(kind="complaint"))]) for name, count in _sorted_counts(mapping)]
    chart = Chart(
        title,
        tuple(row.label for row in rows),
        ((column, tuple(row.cells[0].value for row in rows)),),
        kind="barh",
    )
    return Panel(key, title, [rows_are, column], rows, chart, [note] if note else [])


def problem_categories(figures: Figures, ctx: Context) -> Panel:
    return _count_panel(
        "problem_categories",
        "Stage 1 investigations by problem category",
        "Problem category",
        "Investigations",
        figures.complaints.by_problem_category,
        ctx,
        "The links open all complaints in the period: the case list has no filter by category.",
    )


def themes(figures: Figures, ctx: Context) -> Panel:
    return _count_panel(
        "themes",
        "Complaint themes",
        "Theme",
        "Investigations",
        figures.complaints.by_theme,
        ctx,
        "An investigation can carry several themes. The links open all complaints in the period: "
        "the case list has no filter by theme.",
    )


def timeliness(figures: Figures, ctx: Context, timescales: dict[str, int]) -> Panel:
    t = figures.timeliness
    rows = [
        Row(
            label,
            [
                Cell(
                    t.avg_working_days_to_close_by_procedure.get(key, 0.0),
                    ctx.cases(kind="complaint", procedure=key, status="closed"),
                ),
                Cell(timescales.get(key)),
            ],
        )
        for key, label in PROCEDURES
    ]
    rows.append(
        Row(
            "All stage 1 investigations",
            [Cell(t.avg_working_days_to_close, ctx.cases(kind="complaint", status="closed")), Cell(None)],
        )
    )
    chart = Chart(
        "Average working days to close stage 1 investigations",
        tuple(label for _, label in PROCEDURES),
        (
            (
                "Average working days to close",
                tuple(t.avg_working_days_to_close_by_procedure.get(key, 0.0) for key, _ in PROCEDURES),
            ),
        ),
        kind="bar",
        marks=tuple(timescales.get(key) for key, _ in PROCEDURES),
        marks_label="Timescale (working days)",
    )
    return Panel(
        "timeliness",
        "Average working days to close, against the timescale",
        ["Procedure", "Average working days to close", "Timescale (working days)"],
        rows,
        chart,
        notes=[
            f"{t.closed} stage 1 investigations closed (withdrawn ones aside); "
            f"{t.within_timescale_pct}% were closed within their timescale."
        ],
    )


def outcomes(figures: Figures, ctx: Context) -> Panel:
    o = figures.outcomes
    rows = [Row(label, [Cell(o.counts.get(key, 0)), Cell(o.pct.get(key, 0.0))]) for key, label in OUTCOMES]
    rows.append(
        Row(
            "All closed stage 1 investigations",
            [Cell(o.closed, ctx.cases(kind="complaint", status="closed")), Cell(o.closed_pct)],
        )
    )
    chart = Chart(
        "Outcomes of stage 1 investigations",
        tuple(label for _, label in OUTCOMES),
        (("Investigations", tuple(o.counts.get(key, 0) for key, _ in OUTCOMES)),),
        kind="barh",
    )
    return Panel(
        "outcomes",
        "Outcomes of stage 1 investigations closed",
        ["Outcome", "Investigations", "%"],
        rows,
        chart,
    )


def escalation(figures: Figures, ctx: Context) -> Panel:
    e = figures.escalation
    rows = [
        Row("Stage 2 investigation opened", [Cell(e.stage_2, ctx.cases(kind="complaint", stage=2))]),
        Row("Stage 3 review panel asked for", [Cell(e.stage_3, ctx.cases(kind="complaint", stage=3))]),
        Row("Ombudsman enquiry received", [Cell(e.ombudsman)]),
        Row("Beyond stage 1 (any of these)", [Cell(e.beyond_stage_1)]),
    ]
    chart = Chart(
        "Cases beyond stage 1",
        ("Stage 2", "Stage 3", "Ombudsman"),
        (("Cases", (e.stage_2, e.stage_3, e.ombudsman)),),
    )
    return Panel("escalation", "Cases beyond stage 1", ["Stage reached", "Cases"], rows, chart)


def ombudsman(figures: Figures, ctx: Context) -> Panel:
    o = figures.ombudsman
    rows = [Row(label, [Cell(o.decisions.get(key, 0))]) for key, label in DECISIONS]
    rows.append(Row("All decisions", [Cell(o.decided)]))
    chart = Chart(
        "Ombudsman decisions",
        tuple(label for _, label in DECISIONS),
        (("Decisions", tuple(o.decisions.get(key, 0) for key, _ in DECISIONS)),),
        kind="barh",
    )
    return Panel("ombudsman", "Ombudsman decisions", ["Decision", "Referrals"], rows, chart)


def repeat_complainants(figures: Figures, ctx: Context) -> Panel:
    c = figures.complaints
    rows = [
        Row(
            "Complaints made by customers with more than one complaint",
            [Cell(c.repeat_customer_cases, ctx.cases(kind="complaint", repeat=1))],
        ),
        Row("Customers who made more than one complaint", [Cell(c.repeat_customers)]),
        Row("All complaints", [Cell(c.cases, ctx.cases(kind="complaint"))]),
    ]
    return Panel("repeat", "Repeat complainants", ["Measure", "Number"], rows)


def children(figures: Figures, ctx: Context) -> Panel:
    c = figures.complaints
    rows = [
        Row(
            "Complaints about looked after children",
            [Cell(c.looked_after_child, ctx.cases(kind="complaint", looked_after_child=1))],
        ),
        Row(
            "Complaints made by children or young people",
            [Cell(c.made_by_child, ctx.cases(kind="complaint", made_by_child=1))],
        ),
    ]
    chart = Chart(
        "Looked after children and complaints made by children",
        ("Looked after children", "Made by children"),
        (("Complaints", (c.looked_after_child, c.made_by_child)),),
    )
    return Panel(
        "children",
        "Looked after children and complaints made by children",
        ["Measure", "Complaints"],
        rows,
        chart,
    )


def learning_summary(figures: Figures, ctx: Context) -> Panel:
    lrn = figures.learning
    rows = [
        Row(
            "Complaints with a stage 1 investigation closed",
            [Cell(lrn.closed_cases, ctx.cases(kind="complaint", status="closed"))],
        ),
        Row("of which upheld or partially upheld", [Cell(lrn.upheld_or_partial_cases)]),
        Row("of which with learning or actions recorded", [Cell(lrn.cases_with_learning)]),
        Row("% of upheld or partially upheld with learning or actions", [Cell(lrn.cases_with_learning_pct)]),
    ]
    return Panel("learning", "Learning and actions", ["Measure", "Cases"], rows)


def learning_by_category(figures: Figures, ctx: Context, which: str) -> Panel:
    key, title, column = {
        "learning": ("learning_by_category", "Learning by category", "Learning points"),
        "actions": ("actions_by_category", "Actions by category", "Actions"),
    }[which]
    lrn = figures.learning
    mapping = lrn.learning_by_category if which == "learning" else lrn.actions_by_category
    rows = [Row(name, [Cell(count)]) for name, count in _sorted_counts(mapping)]
    chart = Chart(
        title,
        tuple(row.label for row in rows),
        ((column, tuple(row.cells[0].value for row in rows)),),
        kind="barh",
    )
    return Panel(key, title, ["Category", column], rows, chart)


def delays(chasing: ChasingFigures, ctx: Context) -> Panel:
    rows = [Row(reason, [Cell(count)]) for reason, count in chasing.delays_by_reason.items()]
    rows.append(Row("All delays reported", [Cell(chasing.delays)]))
    chart = Chart(
        "Delays reported by investigators",
        tuple(chasing.delays_by_reason),
        (("Delays", tuple(chasing.delays_by_reason.values())),),
        kind="barh",
    )
    return Panel(
        "delays",
        "Delays reported by investigators",
        ["Reason", "Delays"],
        rows,
        chart,
        notes=[
            "Early warnings from investigators that a response would be late, by the day they were reported."
        ],
    )


def overdue_escalations(chasing: ChasingFigures, ctx: Context) -> Panel:
    rows = [
        Row("Overdue work escalated", [Cell(chasing.escalations, ctx.link(escalated=1))]),
        Row("of which acknowledged", [Cell(chasing.escalations_acknowledged)]),
        Row("% acknowledged", [Cell(chasing.escalations_acknowledged_pct)]),
    ]
    return Panel(
        "overdue_escalations",
        "Overdue work escalated to managers",
        ["Measure", "Escalations"],
        rows,
        notes=["First escalations only: a repeat while the work stays overdue is not counted again."],
    )


def designations(years: tuple[DesignationYear, ...], ctx: Context) -> Panel:
    rows = [
        Row(
            year.label,
            [Cell(year.in_force), Cell(year.started), Cell(year.ended), Cell(year.reviews_overdue)],
        )
        for year in years
    ]
    return Panel(
        "designations",
        "Unreasonable behaviour designations",
        [
            "Reporting year",
            "In force at the year's end",
            "Started",
            "Ended",
            "Reviews overdue at the year's end",
        ],
        rows,
        notes=[
            "People whose contact is restricted under the council's policy on unreasonably persistent and "
            "vexatious behaviour, for the whole council whatever the service area chosen. For the year "
            "still running, in force and overdue are counted today."
        ],
    )


def letters_quality(quality: QualityCheckFigures, ctx: Context) -> Panel:
    rows = [
        Row("Letters checked", [Cell(quality.checks)]),
        Row("of which returned for correction", [Cell(quality.returned)]),
        Row("% returned", [Cell(quality.returned_pct)]),
        Row("Median working days in checking", [Cell(quality.median_working_days)]),
        Row("Mean working days in checking", [Cell(quality.mean_working_days)]),
    ]
    return Panel(
        "letters_quality",
        "Letters at quality check",
        ["Measure", "Letters"],
        rows,
        notes=[
            "Each check of a letter by the feedback team, by the day it was made: a letter returned and "
            "checked again counts twice. Days in checking run from being sent for the check to the decision."
        ],
    )


def letters_returned_by_team(quality: QualityCheckFigures, ctx: Context) -> Panel:
    teams = tuple(quality.by_team)
    rows = [
        Row(team, [Cell(counts.checks), Cell(counts.returned), Cell(counts.returned_pct)])
        for team, counts in quality.by_team.items()
    ]
    chart = Chart(
        "Letters returned at quality check, by team",
        teams,
        (("% returned", tuple(counts.returned_pct for counts in quality.by_team.values())),),
        kind="barh",
        value_label="% of letters checked that were returned",
        category_label="Team",
    )
    return Panel(
        "letters_returned_by_team",
        "Letters returned at quality check, by team",
        ["Team", "Checked", "Returned", "% returned"],
        rows,
        chart,
        notes=["The team of the stage the letter is about (or of the case, for a letter about no stage)."],
    )


def dashboard_panels(
    figures: Figures,
    ctx: Context,
    timescales: dict[str, int],
    chasing: ChasingFigures | None = None,
    quality: QualityCheckFigures | None = None,
    designation_years: tuple[DesignationYear, ...] = (),
) -> list[Panel]:
    """Every dashboard panel, in the order the page shows them."""
    chased = [delays(chasing, ctx), overdue_escalations(chasing, ctx)] if chasing is not None else []
    if quality is not None:
        chased += [letters_quality(quality, ctx), letters_returned_by_team(quality, ctx)]
    if designation_years:
        chased.append(designations(designation_years, ctx))
    by_quarter = [feedback_by_quarter(figures, ctx)] if figures.feedback.by_quarter is not None else []
    return [
        feedback_by_kind(figures, ctx),
        feedback_by_month(figures, ctx),
        *by_quarter,
        feedback_by_service_area(figures, ctx),
        feedback_by_team(figures, ctx, "complaint"),
        feedback_by_team(figures, ctx, "compliment"),
        investigations_by_procedure(figures, ctx),
        problem_categories(figures, ctx),
        themes(figures, ctx),
        timeliness(figures, ctx, timescales),
        outcomes(figures, ctx),
        escalation(figures, ctx),
        ombudsman(figures, ctx),
        repeat_complainants(figures, ctx),
        children(figures, ctx),
        learning_summary(figures, ctx),
        learning_by_category(figures, ctx, "learning"),
        learning_by_category(figures, ctx, "actions"),
        *chased,
    ]
