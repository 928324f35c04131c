"""The annual report's figures: one definition of each, read by the JSON report, the HTML, PDF and Word
report and the dashboards.

The contract is ``report-metrics.md`` (``heard.annual-report/1``). Every figure is
computed in the database (``values``/``annotate`` queries that return at most a few hundred rows) or,
for working days to close, in one pass over (opened_on, closed_on, procedure, count) groups that the
database has already counted, so the cost does not depend on loading model objects.

Entry points, each returning frozen records (below) that the dashboards, the documents and the
JSON read; no figure is worked out anywhere else:

- ``annual_report(year)``: ``AnnualFigures`` for reporting year ``year`` (1 April to 31 March);
  its ``as_json()`` is the contract's JSON object.
- ``period_figures(start=, end=, service_area_id=)``: ``PeriodFigures``, the same sections for any
  period and optionally one service area, so that a quarter's dashboard and the annual report share
  each definition.

Both keep what they counted (``kept``, ADR 0014): in the shared cache, under a fingerprint of the
data the figures read (``data_version``), so that the next call reads them back until a write
changes the fingerprint. Counting a year at a million cases takes seconds; reading it back, a few
milliseconds.
"""

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from typing import Any, cast

from django.core.cache import cache
from django.db import connection, connections
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from heard.calendar.models import ClosureDay
from heard.calendar.periods import reporting_year_period
from heard.calendar.selectors import council_calendar
from heard.calendar.workdays import WorkingCalendar
from heard.cases.models import (
    Case,
    CaseEvent,
    Decision,
    DelayReason,
    DelayReport,
    Escalation,
    Investigation,
    Kind,
    Learning,
    LearningKind,
    OmbudsmanReferral,
    Outcome,
    ProblemCategory,
    ServiceArea,
    Team,
    Theme,
)
from heard.conduct.models import Decision as DesignationDecision
from heard.conduct.models import Designation, DesignationReview
from heard.letters.models import CheckDecision, QualityCheck
from heard.procedures.models import Procedure

SCHEMA = "heard.annual-report/1"
NOT_RECORDED = "Not recorded"
KINDS = [Kind.COMPLAINT.value, Kind.COMPLIMENT.value, Kind.COMMENT.value]
PROCEDURES = [Procedure.STATUTORY.value, Procedure.CORPORATE.value]
OUTCOMES = [o.value for o in Outcome]
DECISIONS = [d.value for d in Decision if d != Decision.PENDING]
UPHELD_OR_PARTIAL = [Outcome.UPHELD.value, Outcome.PARTIALLY_UPHELD.value]
QUARTER_OF_MONTH = {4: "Q1", 5: "Q1", 6: "Q1", 7: "Q2", 8: "Q2", 9: "Q2"} | {
    10: "Q3",
    11: "Q3",
    12: "Q3",
    1: "Q4",
    2: "Q4",
    3: "Q4",
}


# --- Small shared rules --------------------------------------------------------------------------


def pct(part: int | float, whole: int | float) -> float:
    """100 × part / whole, rounded to one decimal place; 0.0 when whole is 0."""
    if not whole:
        return 0.0
    return round(100 * part / whole, 1)


def mean(total: int | float, count: int) -> float:
    """total / count rounded to one decimal place; 0.0 over nothing."""
    if not count:
        return 0.0
    return round(total / count, 1)


def reporting_year_label(year: int) -> str:
    """2021 -> '2021/22'."""
    return f"{year}/{(year + 1) % 100:02d}"


def months_between(start: date, end: date) -> list[str]:
    """The calendar months a period touches, as YYYY-MM, in order."""
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def is_reporting_year(start: date, end: date) -> bool:
    return start.month == 4 and start.day == 1 and end == date(start.year + 1, 3, 31)


# --- The scope of a set of figures ---------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """A period (both ends included) and optionally one service area."""

    start: date
    end: date
    service_area_id: int | None = None
    # Grouped rows that several figures read, fetched once per scope.
    memo: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def cases(self) -> QuerySet[Case]:
        cases = Case.objects.all()
        if self.service_area_id is not None:
            cases = cases.filter(service_area_id=self.service_area_id)
        return cases.order_by()

    def received(self) -> QuerySet[Case]:
        return self.cases().filter(received_on__gte=self.start, received_on__lte=self.end)

    def investigations(self, **filters) -> QuerySet[Investigation]:
        investigations = Investigation.objects.filter(**filters)
        if self.service_area_id is not None:
            investigations = investigations.filter(case__service_area_id=self.service_area_id)
        return investigations.order_by()

    def stage_1_opened(self) -> QuerySet[Investigation]:
        return self.investigations(stage=1, opened_on__gte=self.start, opened_on__lte=self.end)

    def stage_1_closed(self) -> QuerySet[Investigation]:
        return self.investigations(stage=1, closed_on__gte=self.start, closed_on__lte=self.end)

    def referrals(self, **filters) -> QuerySet[OmbudsmanReferral]:
        referrals = OmbudsmanReferral.objects.filter(**filters)
        if self.service_area_id is not None:
            referrals = referrals.filter(case__service_area_id=self.service_area_id)
        return referrals.order_by()


def _names(model, ids: Iterable[int | None]) -> dict[int | None, str]:
    """Names of reference rows by id; a missing one (None) is 'Not recorded'."""
    wanted = {i for i in ids if i is not None}
    names: dict[int | None, str] = dict(model.objects.filter(pk__in=wanted).values_list("pk", "name"))
    names[None] = NOT_RECORDED
    return {key: (value or NOT_RECORDED) for key, value in names.items()}


def _raw_rows(queryset: QuerySet) -> list[tuple]:
    """The rows of a values_list query as the database driver returns them, without Django's
    per-value converters (a grouped query can return tens of thousands of rows). Dates may come
    back as text (SQLite): read them with ``_day``."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


_DAYS: dict[str, date] = {}


def _day(value: date | str) -> date:
    if isinstance(value, date):
        return value
    day = _DAYS.get(value)
    if day is None:
        day = _DAYS[value] = date.fromisoformat(value[:10])
    return day


def _sorted_mapping(counts: dict[str, int]) -> dict[str, int]:
    """A name -> count mapping, largest first, then by name, so that the JSON reads like a table."""
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


# --- The figures, as records ---------------------------------------------------------------------
#
# Each section of report-metrics.md is a frozen record whose fields are the contract's keys, in the
# contract's order: ``as_json()`` writes them as they are. A figure that the contract does not carry
# but a table or a sentence shows (a share, a total, the largest of a mapping) is a property of its
# record, so that it is computed here and nowhere else, and never reaches the JSON.

# A field that the JSON leaves out when it is None (``feedback.by_quarter`` outside a reporting year).
OMITTED_WHEN_NONE = {"omitted_when_none": True}


def _json(value: object) -> object:
    """A record as the contract's JSON object: fields in order, dates as ISO text."""
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _json(getattr(value, f.name))
            for f in fields(value)
            if not (f.metadata.get("omitted_when_none") and getattr(value, f.name) is None)
        }
    if isinstance(value, Mapping):
        return {key: _json(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [_json(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _recorded(mapping: Mapping[str, int]) -> list[str]:
    """The names of a name -> count mapping (largest first), "Not recorded" aside."""
    return [name for name in mapping if name != NOT_RECORDED]


@dataclass(frozen=True, slots=True)
class PeriodDates:
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class KindCounts:
    """Cases by kind (``feedback.by_service_area`` and ``.by_team`` have one per name)."""

    complaint: int
    compliment: int
    comment: int

    def of(self, kind: str) -> int:
        counts: dict[str, int] = {
            Kind.COMPLAINT: self.complaint,
            Kind.COMPLIMENT: self.compliment,
            Kind.COMMENT: self.comment,
        }
        return counts[kind]

    @property
    def total(self) -> int:
        return self.complaint + self.compliment + self.comment


@dataclass(frozen=True, slots=True)
class FeedbackFigures:
    total: int
    complaints: int
    compliments: int
    comments: int
    complaint_share_pct: float
    monthly_average: float
    by_month: Mapping[str, int]
    busiest_month: str
    quietest_month: str
    by_quarter: Mapping[str, int] | None = field(metadata=OMITTED_WHEN_NONE)  # a reporting year only
    by_service_area: Mapping[str, KindCounts]
    by_team: Mapping[str, KindCounts]

    @property
    def by_kind(self) -> KindCounts:
        return KindCounts(complaint=self.complaints, compliment=self.compliments, comment=self.comments)

    @property
    def months_above_average(self) -> list[str]:
        return [month for month, n in self.by_month.items() if n > self.monthly_average]

    @property
    def busiest_quarter(self) -> str | None:
        """On a tie, the earliest; None outside a reporting year."""
        if self.by_quarter is None:
            return None
        by_quarter = self.by_quarter
        return max(by_quarter, key=lambda quarter: by_quarter[quarter])


@dataclass(frozen=True, slots=True)
class ComplaintFigures:
    cases: int
    investigations: int
    by_procedure: Mapping[str, int]
    by_procedure_pct: Mapping[str, float]
    by_problem_category: Mapping[str, int]
    by_theme: Mapping[str, int]
    looked_after_child: int
    made_by_child: int
    repeat_customer_cases: int
    repeat_customers: int

    @property
    def investigations_pct(self) -> float:
        """All the investigations as a share of themselves: 100.0, or 0.0 when there were none."""
        return pct(self.investigations, self.investigations)

    @property
    def top_problem_category(self) -> str | None:
        """The problem category of the most investigations ("Not recorded" aside)."""
        return next(iter(_recorded(self.by_problem_category)), None)

    @property
    def top_problem_category_pct(self) -> float:
        """The top problem category's share of the investigations."""
        top = self.top_problem_category
        return pct(self.by_problem_category[top], self.investigations) if top is not None else 0.0

    @property
    def main_themes(self) -> list[str]:
        """The themes recorded, the most frequent first ("Not recorded" aside)."""
        return _recorded(self.by_theme)


@dataclass(frozen=True, slots=True)
class TimelinessFigures:
    closed: int
    avg_working_days_to_close: float
    avg_working_days_to_close_by_procedure: Mapping[str, float]
    within_timescale_pct: float


@dataclass(frozen=True, slots=True)
class OutcomeFigures:
    closed: int
    counts: Mapping[str, int]
    pct: Mapping[str, float]

    @property
    def closed_pct(self) -> float:
        """All the closed investigations as a share of themselves: 100.0, or 0.0 when none closed."""
        return pct(self.closed, self.closed)

    @property
    def upheld_or_partially_upheld(self) -> int:
        return self.counts[Outcome.UPHELD] + self.counts[Outcome.PARTIALLY_UPHELD]

    @property
    def other_pct(self) -> float:
        """The share withdrawn or with no outcome recorded."""
        return pct(self.counts[Outcome.WITHDRAWN] + self.counts[Outcome.NO_OUTCOME], self.closed)


@dataclass(frozen=True, slots=True)
class EscalationFigures:
    beyond_stage_1: int
    stage_2: int
    stage_3: int
    ombudsman: int


@dataclass(frozen=True, slots=True)
class OmbudsmanFigures:
    decided: int
    decisions: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class LearningFigures:
    closed_cases: int
    upheld_or_partial_cases: int
    cases_with_learning: int
    cases_with_learning_pct: float
    learning_by_category: Mapping[str, int]
    actions_by_category: Mapping[str, int]

    @property
    def learning_pct_by_category(self) -> dict[str, float]:
        """Each category's share of all the learning points, largest first."""
        return _shares(self.learning_by_category)

    @property
    def actions_pct_by_category(self) -> dict[str, float]:
        """Each category's share of all the actions, largest first."""
        return _shares(self.actions_by_category)


def _shares(counts: Mapping[str, int]) -> dict[str, float]:
    total = sum(counts.values())
    return {name: pct(n, total) for name, n in counts.items()}


@dataclass(frozen=True, slots=True)
class PeriodFigures:
    """The report's sections for any period and optionally one service area (``period_figures``)."""

    period: PeriodDates
    feedback: FeedbackFigures
    complaints: ComplaintFigures
    timeliness: TimelinessFigures
    outcomes: OutcomeFigures
    escalation: EscalationFigures
    ombudsman: OmbudsmanFigures
    learning: LearningFigures

    def as_json(self) -> dict[str, Any]:
        return cast(dict[str, Any], _json(self))


@dataclass(frozen=True, slots=True)
class ComparisonYear:
    """One year of the annual comparison. A figure neither counted nor published is None."""

    year: str
    source: str  # "published", "data" or "none"
    compliments: int | None
    investigations: int | None
    avg_working_days_to_close: float | None
    upheld_pct: float | None
    beyond_stage_1: int | None

    def measure(self, key: str) -> float | None:
        """A measure by its name in COMPARISON_MEASURES."""
        if key not in COMPARISON_MEASURES:
            raise KeyError(key)
        return cast(float | None, getattr(self, key))


@dataclass(frozen=True, slots=True)
class AnnualFigures:
    """The figures of the annual report (``annual_report``): the contract ``heard.annual-report/1``."""

    schema: str
    year: str  # its label, 2021/22
    period: PeriodDates
    feedback: FeedbackFigures
    complaints: ComplaintFigures
    timeliness: TimelinessFigures
    outcomes: OutcomeFigures
    escalation: EscalationFigures
    ombudsman: OmbudsmanFigures
    learning: LearningFigures
    comparison: tuple[ComparisonYear, ...]  # two years before, the year before, this year

    def as_json(self) -> dict[str, Any]:
        return cast(dict[str, Any], _json(self))

    @property
    def previous_year(self) -> ComparisonYear:
        return self.comparison[-2]


# The figures a dashboard panel reads: a period's or a year's.
Figures = PeriodFigures | AnnualFigures

# --- Sections ------------------------------------------------------------------------------------


def kind_counts(scope: Scope) -> dict[str, int]:
    """Cases received in the period, by kind (every kind listed)."""
    counts = dict.fromkeys(KINDS, 0)
    # Grouped by day as well: read in the order of ``case_received_cover``, so the database does
    # not sort; a year gives about a thousand rows.
    for _day_received, kind, n in _raw_rows(
        scope.received().values_list("received_on", "kind").annotate(n=Count("id"))
    ):
        counts[kind] = counts.get(kind, 0) + n
    return counts


def received_groups(scope: Scope) -> list[tuple[date, str, int | None, int | None, int]]:
    """Cases received in the period, counted by (received_on, kind, service area, team): one scan of
    the index that covers them (``case_received_cover``), read in its order, so the database neither
    reads the table nor sorts. A year gives some thousands of rows; Python adds them up."""
    rows = _raw_rows(
        scope.received()
        .values_list("received_on", "kind", "service_area_id", "team_id")
        .annotate(n=Count("id"))
    )
    return [(_day(day), kind, area, team, n) for day, kind, area, team, n in rows]


def feedback_figures(scope: Scope) -> FeedbackFigures:
    months = months_between(scope.start, scope.end)
    by_month = dict.fromkeys(months, 0)
    counts = dict.fromkeys(KINDS, 0)
    by_area_team: Counter[tuple[int | None, int | None, str]] = Counter()
    for day, kind, area, team, n in received_groups(scope):
        by_month[f"{day.year:04d}-{day.month:02d}"] += n
        counts[kind] = counts.get(kind, 0) + n
        by_area_team[(area, team, kind)] += n
    total = sum(counts.values())
    by_quarter = None
    if is_reporting_year(scope.start, scope.end):
        by_quarter = dict.fromkeys(["Q1", "Q2", "Q3", "Q4"], 0)
        for month, n in by_month.items():
            by_quarter[QUARTER_OF_MONTH[int(month[5:])]] += n
    by_service_area, by_team = _by_area_and_team(by_area_team)
    return FeedbackFigures(
        total=total,
        complaints=counts[Kind.COMPLAINT],
        compliments=counts[Kind.COMPLIMENT],
        comments=counts[Kind.COMMENT],
        complaint_share_pct=pct(counts[Kind.COMPLAINT], total),
        monthly_average=mean(total, len(months)),
        by_month=by_month,
        # max/min return the first of equals, and the months are in order: ties go to the earliest.
        busiest_month=max(months, key=lambda m: by_month[m]),
        quietest_month=min(months, key=lambda m: by_month[m]),
        by_quarter=by_quarter,
        by_service_area=by_service_area,
        by_team=by_team,
    )


def _by_area_and_team(
    counted: Mapping[tuple[int | None, int | None, str], int],
) -> tuple[dict[str, KindCounts], dict[str, KindCounts]]:
    """Cases received by kind, per service area and per team, from their (area, team, kind) counts."""
    area_names = _names(ServiceArea, (area for area, _, _ in counted))
    team_names = _names(Team, (team for _, team, _ in counted))
    areas: dict[str, dict[str, int]] = {}
    teams: dict[str, dict[str, int]] = {}
    for (area, team, kind), n in counted.items():
        for table, name in (
            (areas, area_names.get(area, NOT_RECORDED)),
            (teams, team_names.get(team, NOT_RECORDED)),
        ):
            counts = table.setdefault(name, dict.fromkeys(KINDS, 0))
            counts[kind] = counts.get(kind, 0) + n

    def ordered(table: dict[str, dict[str, int]]) -> dict[str, KindCounts]:
        return {
            name: KindCounts(**counts)
            for name, counts in sorted(table.items(), key=lambda item: (-sum(item[1].values()), item[0]))
        }

    return ordered(areas), ordered(teams)


def investigation_count(scope: Scope) -> int:
    """Stage 1 investigations opened in the period."""
    return scope.stage_1_opened().count()


def complaint_figures(scope: Scope) -> ComplaintFigures:
    complaints = scope.received().filter(kind=Kind.COMPLAINT)
    flags = complaints.aggregate(
        cases=Count("id"),
        looked_after_child=Count("id", filter=Q(looked_after_child=True)),
        made_by_child=Count("id", filter=Q(made_by_child=True)),
    )
    investigations = scope.stage_1_opened()
    # By procedure and problem category together: one scan of ``investigation_opened_cover``.
    rows = list(investigations.values_list("case__procedure", "problem_category_id").annotate(n=Count("id")))
    by_procedure = dict.fromkeys(PROCEDURES, 0)
    category_names = _names(ProblemCategory, (ref for _, ref, _ in rows))
    by_category: Counter[str] = Counter()
    for procedure, ref, n in rows:
        by_procedure[procedure] = by_procedure.get(procedure, 0) + n
        by_category[category_names.get(ref, NOT_RECORDED)] += n
    total = sum(by_procedure.values())

    through = Investigation.themes.through
    theme_rows = list(
        through.objects.filter(investigation__in=investigations.values("id"))
        .order_by()
        .values_list("theme_id")
        .annotate(n=Count("id"))
    )
    theme_names = _names(Theme, (ref for ref, _ in theme_rows))
    by_theme: Counter[str] = Counter()
    for ref, n in theme_rows:
        by_theme[theme_names.get(ref, NOT_RECORDED)] += n

    # Repeat complainants are people: matching puts a person's new feedback on the record they
    # already have, and a merge moves every case of a duplicate record to the person kept
    # (heard.people), so the customer of a case is the person (and the exported customer_ref, the
    # person's reference after merges, gives the same figure in the spec's terms).
    repeat = (
        complaints.filter(customer__isnull=False)
        .values("customer_id")
        .annotate(n=Count("id"))
        .filter(n__gte=2)
        .aggregate(cases=Coalesce(Sum("n"), 0), customers=Count("customer_id"))
    )
    return ComplaintFigures(
        cases=flags["cases"],
        investigations=total,
        by_procedure=by_procedure,
        by_procedure_pct={procedure: pct(n, total) for procedure, n in by_procedure.items()},
        by_problem_category=_sorted_mapping(dict(by_category)),
        by_theme=_sorted_mapping(dict(by_theme)),
        looked_after_child=flags["looked_after_child"],
        made_by_child=flags["made_by_child"],
        repeat_customer_cases=repeat["cases"],
        repeat_customers=repeat["customers"],
    )


ALL_PROCEDURES = ""  # the key of every closed investigation, whatever its procedure, in _days_to_close


def closed_stage_1_groups(scope: Scope, *, by_procedure: bool = True) -> list[tuple]:
    """Stage 1 investigations closed in the period, counted by (opened_on, closed_on, outcome): one
    scan that the timeliness and outcome figures both read. Each row is (opened_on, closed_on,
    outcome, count, count closed by the due date, counts by procedure), the last a tuple in the
    order of PROCEDURES (empty when not ``by_procedure``, which spares the database a join to the
    cases).

    The counts by procedure are conditional counts in the same groups: grouped by columns of
    ``investigation_closed_cover`` alone, the database reads the groups in the index's order and
    does not sort them, and returns a third fewer rows than with the procedure in the group."""
    key = ("closed_stage_1", by_procedure)
    if key not in scope.memo:
        on_time = Count("id", filter=Q(closed_on__lte=Coalesce(F("extended_to"), F("due_on"))))
        procedures = PROCEDURES if by_procedure else []
        by_procedure_counts = {
            f"n_{procedure}": Count("id", filter=Q(case__procedure=procedure)) for procedure in procedures
        }
        rows = _raw_rows(
            scope.stage_1_closed()
            .values_list("opened_on", "closed_on", "outcome")
            .annotate(n=Count("id"), on_time=on_time, **by_procedure_counts)
        )
        scope.memo[key] = [
            (_day(opened), _day(closed), outcome, n, n_on_time, tuple(counts))
            for opened, closed, outcome, n, n_on_time, *counts in rows
        ]
    return scope.memo[key]


def _days_to_close(
    scope: Scope, calendar: WorkingCalendar | None, *, by_procedure: bool
) -> tuple[Counter[str], Counter[str], int]:
    """Stage 1 investigations closed in the period, other than withdrawn ones: their working days to
    close (the working days d with opened_on < d <= closed_on) summed and their count, for all of
    them (key ALL_PROCEDURES) and by procedure when ``by_procedure``, and how many closed by their
    due date (the extended date where there is one)."""
    counting = calendar or council_calendar()
    groups = closed_stage_1_groups(scope, by_procedure=by_procedure)
    # The working days between two dates are the difference of their ordinals: each of the few
    # hundred distinct dates is looked up once.
    ordinal = {day: counting.ordinal(day) for row in groups for day in row[:2]}
    procedures = PROCEDURES if by_procedure else []
    days_by_procedure = [0] * len(procedures)
    closed_by_procedure = [0] * len(procedures)
    days = closed = within = 0
    for opened_on, closed_on, outcome, n, n_on_time, counts in groups:
        if outcome == Outcome.WITHDRAWN:
            continue
        working_days = ordinal[closed_on] - ordinal[opened_on]
        days += n * working_days
        closed += n
        within += n_on_time
        for i, k in enumerate(counts):
            days_by_procedure[i] += k * working_days
            closed_by_procedure[i] += k
    totals = Counter({ALL_PROCEDURES: days, **dict(zip(procedures, days_by_procedure, strict=True))})
    numbers = Counter({ALL_PROCEDURES: closed, **dict(zip(procedures, closed_by_procedure, strict=True))})
    return totals, numbers, within


def timeliness_figures(scope: Scope, *, calendar: WorkingCalendar | None = None) -> TimelinessFigures:
    """Their mean working days to close, overall and by procedure, and the share closed in time."""
    totals, counts, within = _days_to_close(scope, calendar, by_procedure=True)
    n_closed = counts[ALL_PROCEDURES]
    return TimelinessFigures(
        closed=n_closed,
        avg_working_days_to_close=mean(totals[ALL_PROCEDURES], n_closed),
        avg_working_days_to_close_by_procedure={
            procedure: mean(totals[procedure], counts[procedure]) for procedure in PROCEDURES
        },
        within_timescale_pct=pct(within, n_closed),
    )


def avg_working_days_to_close(scope: Scope, *, calendar: WorkingCalendar | None = None) -> float:
    """``timeliness.avg_working_days_to_close`` alone, for the comparison table: without the split by
    procedure, which spares the database a join to the cases."""
    totals, counts, _ = _days_to_close(scope, calendar, by_procedure=False)
    return mean(totals[ALL_PROCEDURES], counts[ALL_PROCEDURES])


def outcome_figures(scope: Scope, *, by_procedure: bool = True) -> OutcomeFigures:
    """Stage 1 investigations closed in the period, all outcomes and by outcome."""
    counts = dict.fromkeys(OUTCOMES, 0)
    closed = 0
    for _opened, _closed, outcome, n, _on_time, _by_procedure in closed_stage_1_groups(
        scope, by_procedure=by_procedure
    ):
        closed += n
        if outcome:
            counts[outcome] = counts.get(outcome, 0) + n
    return OutcomeFigures(
        closed=closed, counts=counts, pct={outcome: pct(n, closed) for outcome, n in counts.items()}
    )


def escalation_figures(scope: Scope) -> EscalationFigures:
    def cases_with_investigation_at(stage: int) -> set[int]:
        return set(
            scope.investigations(stage=stage, opened_on__gte=scope.start, opened_on__lte=scope.end)
            .values_list("case_id", flat=True)
            .distinct()
        )

    stage_2 = cases_with_investigation_at(2)
    stage_3 = cases_with_investigation_at(3)
    ombudsman = set(
        scope.referrals(received_on__gte=scope.start, received_on__lte=scope.end)
        .values_list("case_id", flat=True)
        .distinct()
    )
    return EscalationFigures(
        beyond_stage_1=len(stage_2 | stage_3 | ombudsman),
        stage_2=len(stage_2),
        stage_3=len(stage_3),
        ombudsman=len(ombudsman),
    )


def ombudsman_figures(scope: Scope) -> OmbudsmanFigures:
    decisions = dict.fromkeys(DECISIONS, 0)
    decided = scope.referrals(decided_on__gte=scope.start, decided_on__lte=scope.end).exclude(
        decision=Decision.PENDING
    )
    for decision, n in decided.values_list("decision").annotate(n=Count("id")):
        decisions[decision] = decisions.get(decision, 0) + n
    return OmbudsmanFigures(decided=sum(decisions.values()), decisions=decisions)


def learning_figures(scope: Scope) -> LearningFigures:
    closed = scope.stage_1_closed()
    upheld = Q(outcome__in=UPHELD_OR_PARTIAL)
    has_learning = Exists(Learning.objects.filter(case_id=OuterRef("case_id")))
    counts = closed.annotate(has_learning=has_learning).aggregate(
        closed_cases=Count("case_id", distinct=True),
        upheld_or_partial_cases=Count("case_id", distinct=True, filter=upheld),
        cases_with_learning=Count("case_id", distinct=True, filter=upheld & Q(has_learning=True)),
    )
    by_category: dict[str, Counter[str]] = {LearningKind.LEARNING: Counter(), LearningKind.ACTION: Counter()}
    for kind, category, n in (
        Learning.objects.filter(case_id__in=closed.values("case_id"))
        .order_by()
        .values_list("kind", "category")
        .annotate(n=Count("id"))
    ):
        by_category.setdefault(kind, Counter())[category.strip() or NOT_RECORDED] += n
    return LearningFigures(
        closed_cases=counts["closed_cases"],
        upheld_or_partial_cases=counts["upheld_or_partial_cases"],
        cases_with_learning=counts["cases_with_learning"],
        cases_with_learning_pct=pct(counts["cases_with_learning"], counts["upheld_or_partial_cases"]),
        learning_by_category=_sorted_mapping(dict(by_category[LearningKind.LEARNING])),
        actions_by_category=_sorted_mapping(dict(by_category[LearningKind.ACTION])),
    )


# --- Figures kept until the data changes ---------------------------------------------------------

# How long what the reports keep (figures, and the charts and PDFs of ADR 0018) stays in the cache
# when nothing changes (a changed fingerprint or digest makes it unreachable at once; the cache
# drops it in time).
KEPT_SECONDS = 7 * 24 * 60 * 60


def data_version() -> str:
    """A fingerprint of everything the report's figures read, which changes with every write that
    can change a figure, and costs a handful of indexed lookups (not a scan of the cases).

    - Every write to a case, its investigations, referrals, learning and themes appends an event to
      the case's timeline (the services and the import do; ADR 0002): the last event's id moves.
    - A case deleted (with its events) changes the number of cases; the last ids of the tables the
      figures count move when rows are added or replaced.
    - The names the figures are grouped by, the published figures of earlier years and the
      council's closure days (working days) are small tables, read whole.
    """
    from heard.reporting.models import PublishedFigure

    cases = Case.objects.aggregate(n=Count("id"), last=Max("id"))
    parts: list[object] = [
        cases["n"],
        cases["last"],
        *(
            model.objects.aggregate(last=Max("id"))["last"]
            for model in (CaseEvent, Investigation, OmbudsmanReferral, Learning, Investigation.themes.through)
        ),
    ]
    for model in (ServiceArea, Team, ProblemCategory, Theme):
        parts.append(list(model.objects.order_by("id").values_list("id", "name")))
    parts.append(list(PublishedFigure.objects.order_by("id").values_list("year", "measure", "value")))
    parts.append(list(ClosureDay.objects.order_by("date").values_list("date", flat=True)))
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def kept[T](key: str, count: Callable[[], T]) -> T:
    """The figures ``count()`` returns, kept in the shared cache under ``key`` and the data's
    fingerprint: counted once after each change to the data, read back after that.

    Inside a transaction the figures are counted and not kept: they may read rows that are never
    committed (and the tests, each in a transaction of its own, always count)."""
    if connection.in_atomic_block:
        return count()
    return cast(T, cache.get_or_set(f"reporting:kept:{key}:{data_version()}", count, KEPT_SECONDS))


# --- Entry points --------------------------------------------------------------------------------


def _run(tasks: dict[str, Callable[[], object]]) -> dict[str, object]:
    """Run independent figure functions, two at a time on their own database connections when
    that is safe (outside a transaction, whose rows another connection could not see); one after
    the other otherwise. The database does the work of each, so two run in about the time of one
    on a machine with two cores."""
    serial = connection.in_atomic_block or len(tasks) < 2 or connection.vendor not in ("sqlite", "postgresql")
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()  # type: ignore[attr-defined]
    if serial or in_memory:
        return {name: task() for name, task in tasks.items()}

    def on_own_connection(task: Callable[[], object]) -> object:
        try:
            return task()
        finally:
            connections.close_all()  # this thread's connections only

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(on_own_connection, task) for name, task in tasks.items()}
        return {name: future.result() for name, future in futures.items()}


def _period_tasks(scope: Scope, calendar: WorkingCalendar) -> dict[str, Callable[[], object]]:
    def closed_stage_1() -> tuple[TimelinessFigures, OutcomeFigures]:
        # Timeliness and outcomes share one scan (memoised on the scope): one task for both.
        return timeliness_figures(scope, calendar=calendar), outcome_figures(scope)

    def escalation_and_ombudsman() -> tuple[EscalationFigures, OmbudsmanFigures]:
        return escalation_figures(scope), ombudsman_figures(scope)

    return {
        "closed_stage_1": closed_stage_1,
        "learning": lambda: learning_figures(scope),
        "complaints": lambda: complaint_figures(scope),
        "feedback": lambda: feedback_figures(scope),
        "escalation_and_ombudsman": escalation_and_ombudsman,
    }


def _period_result(scope: Scope, results: dict[str, Any]) -> PeriodFigures:
    timeliness, outcomes = results["closed_stage_1"]
    escalation, ombudsman = results["escalation_and_ombudsman"]
    return PeriodFigures(
        period=PeriodDates(start=scope.start, end=scope.end),
        feedback=results["feedback"],
        complaints=results["complaints"],
        timeliness=timeliness,
        outcomes=outcomes,
        escalation=escalation,
        ombudsman=ombudsman,
        learning=results["learning"],
    )


def period_figures(
    *,
    start: date,
    end: date,
    service_area_id: int | None = None,
    calendar: WorkingCalendar | None = None,
) -> PeriodFigures:
    """The report's sections for any period (both ends included) and optionally one service area.

    ``by_month`` lists every calendar month the period touches; ``by_quarter`` is given only when the
    period is a reporting year (1 April to 31 March).
    """
    if end < start:
        raise ValueError("The period must not end before it starts.")

    def count() -> PeriodFigures:
        scope = Scope(start=start, end=end, service_area_id=service_area_id)
        counting = calendar or council_calendar()
        counting.working_days_between(start, end)  # build the calendar's index once, before any thread
        return _period_result(scope, _run(_period_tasks(scope, counting)))

    if calendar is not None:  # a calendar of the caller's own, not the council's: count with it
        return count()
    return kept(f"period:{start.isoformat()}:{end.isoformat()}:{service_area_id}", count)


@dataclass(frozen=True, slots=True)
class ChasingFigures:
    """How work was chased in a period: delays investigators reported (by reason, every reason the
    council uses listed), and overdue work escalated (first escalations only, not their repeats).
    For the dashboards; not part of the annual report's figures."""

    delays: int
    delays_by_reason: Mapping[str, int]
    escalations: int
    escalations_acknowledged: int

    @property
    def escalations_acknowledged_pct(self) -> float:
        return pct(self.escalations_acknowledged, self.escalations)


def chasing_figures(*, start: date, end: date, service_area_id: int | None = None) -> ChasingFigures:
    delays = DelayReport.objects.filter(reported_on__gte=start, reported_on__lte=end).order_by()
    escalations = Escalation.objects.filter(
        escalated_on__gte=start, escalated_on__lte=end, repeat=0
    ).order_by()
    if service_area_id is not None:
        delays = delays.filter(investigation__case__service_area_id=service_area_id)
        escalations = escalations.filter(case__service_area_id=service_area_id)
    by_reason = dict(delays.values("reason__name").annotate(n=Count("id")).values_list("reason__name", "n"))
    reasons = list(DelayReason.objects.filter(active=True).values_list("name", flat=True))
    counted = escalations.aggregate(
        total=Count("id"), acknowledged=Count("id", filter=Q(acknowledged_at__isnull=False))
    )
    return ChasingFigures(
        delays=sum(by_reason.values()),
        delays_by_reason={name: by_reason.get(name, 0) for name in reasons}
        | {name: n for name, n in by_reason.items() if name not in reasons},
        escalations=counted["total"],
        escalations_acknowledged=counted["acknowledged"],
    )


@dataclass(frozen=True, slots=True)
class DesignationYear:
    """Unreasonable behaviour designations in one reporting year, for the whole council (a person's
    cases span service areas). `in_force` and `reviews_overdue` are counted at the year's end, or
    today while the year is running. For the dashboards; not part of the annual report's figures."""

    year: int
    in_force: int
    started: int
    ended: int
    reviews_overdue: int

    @property
    def label(self) -> str:
        return reporting_year_label(self.year)


def _review_due_at(designation: Designation, reviews: list[DesignationReview], day: date) -> date | None:
    """The review date that applied to a designation on a day: the next review set by the last
    review done by then, or the date the first review answered, or the one set at the decision."""
    done = [review for review in reviews if review.reviewed_on <= day]
    if done:
        return done[-1].next_review_on
    return reviews[0].due_on if reviews else designation.review_due_on


def designation_years(last_year: int, *, count: int = 3, today: date) -> tuple[DesignationYear, ...]:
    """Designations in force, started, ended and reviews overdue, for each of `count` reporting
    years up to `last_year`. A council has a handful of designations: they are read once."""
    designations = list(
        Designation.objects.filter(decision=DesignationDecision.AGREED).prefetch_related(
            Prefetch("reviews", queryset=DesignationReview.objects.order_by("reviewed_on", "id"))
        )
    )
    years = []
    for year in range(last_year - count + 1, last_year + 1):
        start, end = reporting_year_period(year)
        at = min(end, today)
        in_force = [d for d in designations if d.in_force_on(at)]
        years.append(
            DesignationYear(
                year=year,
                in_force=len(in_force),
                started=sum(1 for d in designations if d.decided_on and start <= d.decided_on <= end),
                ended=sum(1 for d in designations if d.ended_on and start <= d.ended_on <= end),
                reviews_overdue=sum(
                    1
                    for d in in_force
                    if (due := _review_due_at(d, list(d.reviews.all()), at)) is not None and due < at
                ),
            )
        )
    return tuple(years)


@dataclass(frozen=True, slots=True)
class TeamChecks:
    checks: int
    returned: int

    @property
    def returned_pct(self) -> float:
        return pct(self.returned, self.checks)


@dataclass(frozen=True, slots=True)
class QualityCheckFigures:
    """Letters quality-checked in a period (by the day of the check): how many the feedback team
    returned for correction, overall and by the team of the stage (or case) the letter is about,
    and the working days each spent in checking, from being sent for the check to the decision.
    For the dashboards; not part of the annual report's figures."""

    checks: int
    returned: int
    by_team: Mapping[str, TeamChecks]
    median_working_days: float
    mean_working_days: float

    @property
    def returned_pct(self) -> float:
        return pct(self.returned, self.checks)


NO_TEAM = "No team"


def _median(counts: Counter[int]) -> float:
    """The median of values given as value -> how many times it occurs; 0.0 over nothing."""
    total = sum(counts.values())
    if not total:
        return 0.0
    ordered = sorted(counts.items())

    def nth(k: int) -> int:  # the k-th value, from 0
        for value, n in ordered:
            if k < n:
                return value
            k -= n
        raise IndexError(k)

    middle = (total - 1) // 2
    return round((nth(middle) + nth(total // 2)) / 2, 1)


def quality_check_figures(
    *, start: date, end: date, service_area_id: int | None = None, calendar: WorkingCalendar | None = None
) -> QualityCheckFigures:
    calendar = calendar or council_calendar()
    checks = QualityCheck.objects.filter(checked_on__gte=start, checked_on__lte=end).order_by()
    if service_area_id is not None:
        checks = checks.filter(letter__case__service_area_id=service_area_id)
    # Grouped by team, decision and the days sent and checked: a few thousand rows at most.
    groups = (
        checks.annotate(
            team_name=Coalesce(F("letter__investigation__team__name"), F("letter__case__team__name"))
        )
        .values_list("team_name", "decision", "submitted_on", "checked_on")
        .annotate(n=Count("id"))
    )
    teams: dict[str, list[int]] = {}
    days: Counter[int] = Counter()
    for team, decision, sent_on, checked_on, n in groups:
        counts = teams.setdefault(team or NO_TEAM, [0, 0])
        counts[0] += n
        counts[1] += n if decision == CheckDecision.RETURNED else 0
        days[calendar.working_days_between(_day(sent_on), _day(checked_on))] += n
    total = sum(days.values())
    return QualityCheckFigures(
        checks=total,
        returned=sum(returned for _, returned in teams.values()),
        by_team={name: TeamChecks(*teams[name]) for name in sorted(teams)},
        median_working_days=_median(days),
        mean_working_days=mean(sum(d * n for d, n in days.items()), total),
    )


COMPARISON_MEASURES = (
    "compliments",
    "investigations",
    "avg_working_days_to_close",
    "upheld_pct",
    "beyond_stage_1",
)


def published_figures() -> dict[tuple[int, str], float]:
    """The figures a council published for years before its data: (year, measure) -> value."""
    from heard.reporting.models import PublishedFigure

    return {
        (year, measure): value
        for year, measure, value in PublishedFigure.objects.values_list("year", "measure", "value")
    }


def comparison_entry(
    year: int, counted: ComparisonYear | None, published: dict[tuple[int, str], float]
) -> ComparisonYear:
    """One year of the annual comparison: each measure as published where the council published it,
    else as counted (``counted`` is None for a year in which no case was received), else None."""

    def value(measure: str) -> float | None:
        if (year, measure) in published:
            return published[(year, measure)]
        return counted.measure(measure) if counted is not None else None

    def whole(measure: str) -> int | None:
        n = value(measure)
        return None if n is None else int(n)

    if any((year, measure) in published for measure in COMPARISON_MEASURES):
        source = "published"
    else:
        source = "data" if counted is not None else "none"
    return ComparisonYear(
        year=reporting_year_label(year),
        source=source,
        compliments=whole("compliments"),
        investigations=whole("investigations"),
        avg_working_days_to_close=value("avg_working_days_to_close"),
        upheld_pct=value("upheld_pct"),
        beyond_stage_1=whole("beyond_stage_1"),
    )


def comparison_row(year: int, *, calendar: WorkingCalendar | None = None) -> ComparisonYear | None:
    """One year's comparison figures counted from the data, by the same definitions as the report's
    sections; None when no case was received in the year (nothing was counted)."""
    start, end = reporting_year_period(year)
    scope = Scope(start=start, end=end)
    kinds = kind_counts(scope)
    if not any(kinds.values()):
        return None
    return ComparisonYear(
        year=reporting_year_label(year),
        source="data",
        compliments=kinds[Kind.COMPLIMENT],
        investigations=investigation_count(scope),
        avg_working_days_to_close=avg_working_days_to_close(scope, calendar=calendar),
        upheld_pct=outcome_figures(scope, by_procedure=False).pct[Outcome.UPHELD],
        beyond_stage_1=escalation_figures(scope).beyond_stage_1,
    )


def annual_report(year: int) -> AnnualFigures:
    """The figures of the annual report for reporting year ``year`` (``heard.annual-report/1``),
    kept until the data changes."""
    return kept(f"annual:{year}", lambda: count_annual_report(year))


def count_annual_report(year: int) -> AnnualFigures:
    """The figures of the annual report for reporting year ``year``, counted from the data."""
    start, end = reporting_year_period(year)
    calendar = council_calendar()
    calendar.working_days_between(start, end)  # build the calendar's index once, before any thread
    scope = Scope(start=start, end=end)
    tasks = _period_tasks(scope, calendar)
    tasks["comparison_1"] = lambda: comparison_row(year - 1, calendar=calendar)
    tasks["comparison_2"] = lambda: comparison_row(year - 2, calendar=calendar)
    results = _run(tasks)
    figures = _period_result(scope, results)
    published = published_figures()
    this_year = ComparisonYear(
        year=reporting_year_label(year),
        source="data",
        compliments=figures.feedback.compliments,
        investigations=figures.complaints.investigations,
        avg_working_days_to_close=figures.timeliness.avg_working_days_to_close,
        upheld_pct=figures.outcomes.pct[Outcome.UPHELD],
        beyond_stage_1=figures.escalation.beyond_stage_1,
    )
    return AnnualFigures(
        schema=SCHEMA,
        year=reporting_year_label(year),
        period=figures.period,
        feedback=figures.feedback,
        complaints=figures.complaints,
        timeliness=figures.timeliness,
        outcomes=figures.outcomes,
        escalation=figures.escalation,
        ombudsman=figures.ombudsman,
        learning=figures.learning,
        comparison=(
            comparison_entry(year - 2, cast(ComparisonYear | None, results["comparison_2"]), published),
            comparison_entry(year - 1, cast(ComparisonYear | None, results["comparison_1"]), published),
            comparison_entry(year, this_year if figures.feedback.total else None, published),
        ),
    )


# --- The Complaint Handling Code's annual report -------------------------------------------------
# Typed records for the annual complaints performance and service improvement report that the
# Ombudsman's Complaint Handling Code asks for (heard.handling_code). Not part of the annual
# report's JSON contract.

CODE_STAGES = [
    (Procedure.CORPORATE.value, 1),
    (Procedure.CORPORATE.value, 2),
    (Procedure.STATUTORY.value, 1),
    (Procedure.STATUTORY.value, 2),
]


@dataclass(frozen=True)
class StagePerformance:
    """One stage of one procedure in a period. `received`: investigations at the stage whose clock
    started in the period. `responded`: those answered in the period (closed with any outcome but
    withdrawn); every other figure counts among them. `within_timescale`: answered by the due date
    in force (the extended date where there is one). `extended`: given an extension."""

    procedure: str
    stage: int
    received: int
    responded: int
    within_timescale: int
    extended: int
    upheld: int
    partly_upheld: int
    not_upheld: int

    @property
    def within_timescale_pct(self) -> float:
        return pct(self.within_timescale, self.responded)

    @property
    def extended_pct(self) -> float:
        return pct(self.extended, self.responded)

    @property
    def upheld_pct(self) -> float:
        return pct(self.upheld, self.responded)

    @property
    def partly_upheld_pct(self) -> float:
        return pct(self.partly_upheld, self.responded)

    @property
    def not_upheld_pct(self) -> float:
        return pct(self.not_upheld, self.responded)


@dataclass(frozen=True)
class OmbudsmanRemedies:
    """The Ombudsman's decisions in a period (by decision, every decision listed) and the remedies
    it asked for in them: how many were completed, and how many by the date it set."""

    decided: int
    decisions: dict[str, int]
    with_remedy: int
    remedies_completed: int
    remedies_completed_by_due_date: int

    @property
    def upheld_pct(self) -> float:
        return pct(self.decisions.get(Decision.UPHELD, 0), self.decided)

    @property
    def with_remedy_pct(self) -> float:
        return pct(self.with_remedy, self.decided)

    @property
    def remedies_outstanding(self) -> int:
        return self.with_remedy - self.remedies_completed

    @property
    def remedies_completed_by_due_date_pct(self) -> float:
        return pct(self.remedies_completed_by_due_date, self.with_remedy)


@dataclass(frozen=True)
class CodeFigures:
    year: str
    stages: tuple[StagePerformance, ...]
    ombudsman: OmbudsmanRemedies


def stage_performance(scope: Scope) -> tuple[StagePerformance, ...]:
    """Each of CODE_STAGES in the period (every one listed, with zeros): one grouped query."""
    opened = Q(opened_on__gte=scope.start, opened_on__lte=scope.end)
    responded = Q(closed_on__gte=scope.start, closed_on__lte=scope.end) & ~Q(outcome=Outcome.WITHDRAWN)
    rows = (
        scope.investigations(stage__in=[1, 2])
        .filter(opened | responded)
        .values_list("case__procedure", "stage")
        .annotate(
            received=Count("id", filter=opened),
            responded=Count("id", filter=responded),
            within_timescale=Count(
                "id", filter=responded & Q(closed_on__lte=Coalesce(F("extended_to"), F("due_on")))
            ),
            extended=Count("id", filter=responded & Q(extended_to__isnull=False)),
            upheld=Count("id", filter=responded & Q(outcome=Outcome.UPHELD)),
            partly_upheld=Count("id", filter=responded & Q(outcome=Outcome.PARTIALLY_UPHELD)),
            not_upheld=Count("id", filter=responded & Q(outcome=Outcome.NOT_UPHELD)),
        )
    )
    counted = {(procedure, stage): counts for procedure, stage, *counts in rows}
    return tuple(
        StagePerformance(procedure, stage, *counted.get((procedure, stage), [0] * 7))
        for procedure, stage in CODE_STAGES
    )


def ombudsman_remedies(scope: Scope) -> OmbudsmanRemedies:
    """Decisions made in the period; a remedy is a decision with the remedy described."""
    decided = scope.referrals(decided_on__gte=scope.start, decided_on__lte=scope.end).exclude(
        decision=Decision.PENDING
    )
    decisions = dict.fromkeys(DECISIONS, 0)
    for decision, n in decided.values_list("decision").annotate(n=Count("id")):
        decisions[decision] = decisions.get(decision, 0) + n
    remedies = decided.exclude(remedy="").aggregate(
        with_remedy=Count("id"),
        completed=Count("id", filter=Q(remedy_completed_on__isnull=False)),
        by_due_date=Count("id", filter=Q(remedy_completed_on__lte=F("remedy_due_on"))),
    )
    return OmbudsmanRemedies(
        decided=sum(decisions.values()),
        decisions=decisions,
        with_remedy=remedies["with_remedy"],
        remedies_completed=remedies["completed"],
        remedies_completed_by_due_date=remedies["by_due_date"],
    )


def code_report_figures(year: int) -> CodeFigures:
    """The figures of the Complaint Handling Code report for reporting year ``year``."""
    start, end = reporting_year_period(year)
    scope = Scope(start=start, end=end)
    return CodeFigures(
        year=reporting_year_label(year),
        stages=stage_performance(scope),
        ombudsman=ombudsman_remedies(scope),
    )
