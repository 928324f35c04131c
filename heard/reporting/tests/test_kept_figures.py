"""Figures are kept until the data changes (ADR 0014): read back while nothing changed, and always
the same as counting afresh, whatever was written in between."""

import datetime
import random

import pytest

from heard.calendar.models import ClosureDay
from heard.cases import services
from heard.cases.models import Case, Investigation, Kind, Outcome, Team
from heard.cases.tests.factories import CustomerFactory
from heard.reporting import metrics
from heard.reporting.models import PublishedFigure

pytestmark = [
    # Kept only outside a transaction, as in a running server.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.time_machine(datetime.datetime(2026, 12, 6, 9, 0, tzinfo=datetime.UTC), tick=False),
]

Q3_START, Q3_END = datetime.date(2025, 10, 1), datetime.date(2025, 12, 31)


def counted_afresh() -> tuple[metrics.AnnualFigures, metrics.PeriodFigures]:
    calendar = metrics.council_calendar()
    return metrics.count_annual_report(2025), metrics.period_figures(
        start=Q3_START, end=Q3_END, calendar=calendar
    )


def test_figures_are_read_back_until_the_data_changes(year_2025, monkeypatch):
    counts = []
    count = metrics.count_annual_report
    monkeypatch.setattr(metrics, "count_annual_report", lambda year: counts.append(year) or count(year))
    first = metrics.annual_report(2025)
    assert metrics.annual_report(2025) == first
    assert counts == [2025], "the second report read the kept figures"

    services.case_log(
        kind=Kind.COMPLIMENT,
        received_on=datetime.date(2025, 8, 1),
        service_area=year_2025["social_care"],
        summary="Thank you",
    )
    again = metrics.annual_report(2025)
    assert counts == [2025, 2025], "a new case is counted"
    assert again.feedback.compliments == first.feedback.compliments + 1


def test_kept_figures_agree_with_a_full_recount_after_random_changes(year_2025):
    rng = random.Random(14)
    areas = [year_2025["social_care"], year_2025["send"]]
    day = lambda: datetime.date(2025, 4, 1) + datetime.timedelta(days=rng.randrange(365))  # noqa: E731

    def log_case():
        kind = rng.choice([Kind.COMPLAINT, Kind.COMPLIMENT, Kind.COMMENT])
        services.case_log(
            kind=kind,
            received_on=day(),
            service_area=rng.choice(areas),
            customer=CustomerFactory() if kind == Kind.COMPLAINT else None,
            summary="A new case",
        )

    def close_an_investigation():
        investigation = Investigation.objects.filter(closed_on=None).order_by("?").first()
        if investigation is not None:
            services.investigation_close(
                investigation=investigation,
                closed_on=max(investigation.opened_on, datetime.date(2025, 11, 20)),
                outcome=rng.choice([Outcome.UPHELD, Outcome.NOT_UPHELD]),
            )

    def record_learning():
        case = Case.objects.filter(kind=Kind.COMPLAINT).order_by("?").first()
        services.learning_record(case=case, kind="learning", category=rng.choice(["Training", "Apology"]))

    def move_a_case():
        case = Case.objects.order_by("?").first()
        services.case_update(case=case, changes={"service_area": rng.choice(areas)})

    def rename_a_team():
        team = Team.objects.order_by("?").first()
        team.name = f"Team {rng.randrange(1000)}"
        team.save()

    def publish_a_figure():
        PublishedFigure.objects.update_or_create(
            year=2023, measure="compliments", defaults={"value": rng.randrange(50)}
        )

    def close_the_council_for_a_day():
        ClosureDay.objects.get_or_create(date=datetime.date(2025, 12, 29), defaults={"description": "Closed"})

    def delete_a_case():
        Case.objects.order_by("?").first().delete()

    changes = [
        log_case,
        close_an_investigation,
        record_learning,
        move_a_case,
        rename_a_team,
        publish_a_figure,
        close_the_council_for_a_day,
        delete_a_case,
    ]
    assert (
        metrics.annual_report(2025),
        metrics.period_figures(start=Q3_START, end=Q3_END),
    ) == counted_afresh()
    for _ in range(12):
        change = rng.choice(changes)
        change()
        kept = metrics.annual_report(2025), metrics.period_figures(start=Q3_START, end=Q3_END)
        assert kept == counted_afresh(), change.__name__
