"""Reads for the reporting pages: periods, rule sets in force, quote candidates, names to ids,
recommendations and their progress, and what a report still waits for.

Figures are not read here: every figure comes from `heard.reporting.metrics`.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Min, QuerySet
from django.utils import timezone

from heard.calendar.periods import reporting_year_of, reporting_year_period
from heard.cases.models import Case, Kind, Learning, ServiceArea, Team
from heard.core.formats import long_date
from heard.procedures.models import RuleSet
from heard.reporting import metrics
from heard.reporting.models import ProgressNote, Quote, QuoteKind, Recommendation, ReportEdition

QUARTER_MONTHS = {"Q1": (4, 6), "Q2": (7, 9), "Q3": (10, 12), "Q4": (1, 3)}


@dataclass(frozen=True)
class Period:
    year: int
    quarter: str = ""  # "" for the whole reporting year

    @property
    def start(self) -> date:
        if not self.quarter:
            return reporting_year_period(self.year)[0]
        first, _ = QUARTER_MONTHS[self.quarter]
        return date(self.year + (1 if first < 4 else 0), first, 1)

    @property
    def end(self) -> date:
        if not self.quarter:
            return reporting_year_period(self.year)[1]
        _, last = QUARTER_MONTHS[self.quarter]
        year = self.year + (1 if last < 4 else 0)
        next_month = date(year + (last == 12), last % 12 + 1, 1)
        return date.fromordinal(next_month.toordinal() - 1)

    @property
    def short_label(self) -> str:
        """Q2 2026/27, or 2026/27 for a whole year."""
        year = metrics.reporting_year_label(self.year)
        return f"{self.quarter} {year}" if self.quarter else year

    @property
    def label(self) -> str:
        year = metrics.reporting_year_label(self.year)
        if not self.quarter:
            return year
        return f"{self.quarter} {year} ({long_date(self.start)} to {long_date(self.end)})"


def reporting_years(*, today: date) -> list[int]:
    """The reporting years that have cases, and the current one, most recent first."""
    current = reporting_year_of(today)
    first = Case.objects.aggregate(first=Min("received_on"))["first"]
    earliest = reporting_year_of(first) if first else current
    return list(range(max(current, earliest), min(current, earliest) - 1, -1))


def rule_sets_in_force(*, start: date, end: date) -> list[RuleSet]:
    """For each procedure, the rule set in force when the period starts and any that took effect
    during it, oldest first."""
    found: list[RuleSet] = []
    for procedure in ("statutory", "corporate"):
        rule_sets = RuleSet.objects.filter(procedure=procedure).prefetch_related("stages")
        at_start = rule_sets.filter(effective_from__lte=start).order_by("-effective_from").first()
        during = rule_sets.filter(effective_from__gt=start, effective_from__lte=end).order_by(
            "effective_from"
        )
        found.extend(([at_start] if at_start else []) + list(during))
    return found


def stage_1_timescales(*, on: date) -> dict[str, int]:
    """Working days to respond at stage 1, by procedure, under the rule sets in force on `on`."""
    timescales: dict[str, int] = {}
    for procedure in ("statutory", "corporate"):
        rule_set = (
            RuleSet.objects.filter(procedure=procedure, effective_from__lte=on)
            .prefetch_related("stages")
            .order_by("-effective_from")
            .first()
        )
        if rule_set is not None:
            for rule in rule_set.stages.all():
                if rule.stage == 1:
                    timescales[procedure] = rule.response_days
    return timescales


def name_ids() -> tuple[dict[str, int], dict[str, int]]:
    """Service area and team ids by name, to link a figure to the case list."""
    return (
        dict(ServiceArea.objects.values_list("name", "id")),
        dict(Team.objects.values_list("name", "id")),
    )


def edition_for(year: int) -> ReportEdition | None:
    return ReportEdition.objects.filter(year=year).first()


def approved_quotes(edition: ReportEdition | None, kind: str) -> list[Quote]:
    """The quotes of one kind that may appear in a report: approved ones only."""
    if edition is None or edition.pk is None:
        return []
    return list(edition.quotes.filter(kind=kind, approved_at__isnull=False).order_by("position", "id"))


def quote_candidates(*, year: int, kind: str, search: str = "") -> QuerySet:
    """What an officer may quote for a year: compliments or complaints received in it, or learning
    recorded on complaints with a stage 1 investigation closed in it."""
    start, end = reporting_year_period(year)
    if kind == QuoteKind.LEARNING:
        learning = (
            Learning.objects.filter(
                case__investigations__stage=1,
                case__investigations__closed_on__gte=start,
                case__investigations__closed_on__lte=end,
            )
            .exclude(detail="")
            .select_related("case", "case__team")
            .distinct()
            .order_by("case__reference", "id")
        )
        if search:
            learning = learning.filter(detail__icontains=search)
        return learning
    cases = (
        Case.objects.filter(kind=Kind(kind).value, received_on__gte=start, received_on__lte=end)
        .select_related("team", "service_area")
        .order_by("received_on", "id")
    )
    if search:
        cases = cases.filter(summary__icontains=search) | cases.filter(details__icontains=search)
    return cases


def progress_update(edition: ReportEdition) -> list[tuple[Recommendation, ProgressNote | None]]:
    """Section 9 of the year's report: last year's recommendations, each with the latest progress
    note written by the time this report was published (or by now, for a draft)."""
    as_at = edition.published_at if edition.is_published and edition.published_at else timezone.now()
    recommendations = Recommendation.objects.filter(edition__year=edition.year - 1).prefetch_related("notes")
    return [
        (r, next((n for n in reversed(r.notes.all()) if n.written_at <= as_at), None))
        for r in recommendations
    ]


EXAMPLES = {5: QuoteKind.COMPLIMENT, 6: QuoteKind.COMPLAINT, 8: QuoteKind.LEARNING}


def sections_waiting(edition: ReportEdition) -> dict[int, str]:
    """The sections of a draft report still waiting for officer-written text, by section number,
    each with what it needs. A report cannot be published while any waits. Examples are needed only
    where there is something to quote from."""
    waiting: dict[int, str] = {}
    approved = set()
    if edition.pk:
        approved = set(edition.quotes.filter(approved_at__isnull=False).values_list("kind", flat=True))
    for number, kind in EXAMPLES.items():
        if kind not in approved and quote_candidates(year=edition.year, kind=kind).exists():
            waiting[number] = f"needs an approved {QuoteKind(kind).label.lower()}"
    unwritten = sum(1 for _, note in progress_update(edition) if note is None)
    if unwritten:
        waiting[9] = (
            f"needs progress on {unwritten} of the {metrics.reporting_year_label(edition.year - 1)} recommendations"
        )
    if not (edition.pk and edition.recommendations.exists()):
        waiting[10] = f"needs the recommendations for {metrics.reporting_year_label(edition.year + 1)}"
    return waiting
