"""Each figure of report-metrics.md on a small data set whose figures are worked out by hand here.

Reporting year 2024 runs from 1 April 2024 to 31 March 2025. Dates are chosen so that working days
are easy to count: 1 April 2024 is a Monday, Easter Monday was 1 April 2024 (a bank holiday) and
the early May bank holiday was Monday 6 May 2024.
"""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from heard.calendar.models import ClosureDay
from heard.cases.models import Learning
from heard.cases.tests.factories import (
    CaseFactory,
    ClosedInvestigationFactory,
    CommentFactory,
    ComplimentFactory,
    CorporateComplaintFactory,
    CustomerFactory,
    OmbudsmanReferralFactory,
    OpenInvestigationFactory,
    ProblemCategoryFactory,
    ServiceAreaFactory,
    TeamFactory,
    ThemeFactory,
)
from heard.reporting import metrics
from heard.reporting.models import PublishedFigure

pytestmark = pytest.mark.django_db
d = datetime.date
YEAR = 2024


def report() -> dict:
    return metrics.annual_report(YEAR).as_json()


def test_an_empty_year_has_every_key_and_zeros():
    figures = report()
    assert list(figures) == [
        "schema",
        "year",
        "period",
        "feedback",
        "complaints",
        "timeliness",
        "outcomes",
        "escalation",
        "ombudsman",
        "learning",
        "comparison",
    ]
    assert figures["schema"] == "heard.annual-report/1"
    assert figures["year"] == "2024/25"
    assert figures["period"] == {"start": "2024-04-01", "end": "2025-03-31"}
    feedback = figures["feedback"]
    assert (
        feedback["total"] == 0
        and feedback["complaint_share_pct"] == 0.0
        and feedback["monthly_average"] == 0.0
    )
    assert list(feedback["by_month"]) == [f"2024-{m:02d}" for m in range(4, 13)] + [
        "2025-01",
        "2025-02",
        "2025-03",
    ]
    assert set(feedback["by_month"].values()) == {0}
    # Every month ties at zero: the earliest wins both ways.
    assert feedback["busiest_month"] == feedback["quietest_month"] == "2024-04"
    assert feedback["by_quarter"] == {"Q1": 0, "Q2": 0, "Q3": 0, "Q4": 0}
    assert feedback["by_service_area"] == {} and feedback["by_team"] == {}
    assert figures["complaints"]["by_procedure"] == {"statutory": 0, "corporate": 0}
    assert figures["complaints"]["by_procedure_pct"] == {"statutory": 0.0, "corporate": 0.0}
    assert figures["timeliness"] == {
        "closed": 0,
        "avg_working_days_to_close": 0.0,
        "avg_working_days_to_close_by_procedure": {"statutory": 0.0, "corporate": 0.0},
        "within_timescale_pct": 0.0,
    }
    assert figures["outcomes"]["counts"] == dict.fromkeys(
        ["upheld", "partially_upheld", "not_upheld", "withdrawn", "no_outcome"], 0
    )
    assert figures["escalation"] == {"beyond_stage_1": 0, "stage_2": 0, "stage_3": 0, "ombudsman": 0}
    assert figures["ombudsman"]["decisions"] == dict.fromkeys(
        ["upheld", "not_upheld", "closed_after_initial_enquiries", "referred_back", "withdrawn"], 0
    )
    assert figures["learning"]["cases_with_learning_pct"] == 0.0
    assert [row["year"] for row in figures["comparison"]] == ["2022/23", "2023/24", "2024/25"]


def test_feedback_counts_cases_received_in_the_year_by_kind_month_quarter_area_and_team():
    education = ServiceAreaFactory(name="Education and SEND")
    fostering = TeamFactory(name="Fostering Team")
    # Both ends of the year are in it; the days either side are not.
    CaseFactory(received_on=d(2024, 4, 1), team=fostering)
    CaseFactory(received_on=d(2025, 3, 31), team=fostering)
    CaseFactory(received_on=d(2024, 3, 31))
    CaseFactory(received_on=d(2025, 4, 1))
    CaseFactory(received_on=d(2024, 10, 15), team=None, service_area=education)
    ComplimentFactory(received_on=d(2024, 10, 20), team=fostering)
    ComplimentFactory(received_on=d(2024, 7, 1), team=None, service_area=education)
    CommentFactory(received_on=d(2024, 12, 24), team=fostering)

    feedback = report()["feedback"]
    assert (feedback["total"], feedback["complaints"], feedback["compliments"], feedback["comments"]) == (
        6,
        3,
        2,
        1,
    )
    assert feedback["complaint_share_pct"] == 50.0
    assert feedback["monthly_average"] == 0.5
    assert feedback["by_month"]["2024-04"] == 1
    assert feedback["by_month"]["2024-10"] == 2
    assert feedback["by_month"]["2025-03"] == 1
    assert sum(feedback["by_month"].values()) == 6
    assert feedback["busiest_month"] == "2024-10"
    # Months with none tie at zero; May is the first of them.
    assert feedback["quietest_month"] == "2024-05"
    assert feedback["by_quarter"] == {"Q1": 1, "Q2": 1, "Q3": 3, "Q4": 1}
    assert feedback["by_service_area"] == {
        "Children's Social Care": {"complaint": 2, "compliment": 1, "comment": 1},
        "Education and SEND": {"complaint": 1, "compliment": 1, "comment": 0},
    }
    assert feedback["by_team"] == {
        "Fostering Team": {"complaint": 2, "compliment": 1, "comment": 1},
        "Not recorded": {"complaint": 1, "compliment": 1, "comment": 0},
    }


def test_busiest_month_tie_goes_to_the_earliest():
    for day in [d(2024, 5, 2), d(2024, 5, 3), d(2025, 1, 6), d(2025, 1, 7)]:
        ComplimentFactory(received_on=day)
    for month in range(4, 13):
        if month != 5:
            ComplimentFactory(received_on=d(2024, month, 1))
    for month in (2, 3):
        ComplimentFactory(received_on=d(2025, month, 3))
    feedback = report()["feedback"]
    assert feedback["busiest_month"] == "2024-05"
    # Every other month has one; April is the earliest of them.
    assert feedback["quietest_month"] == "2024-04"
    assert feedback["monthly_average"] == round(15 / 12, 1)


def test_complaint_figures():
    service = ProblemCategoryFactory(name="Service standards")
    ehc, transport = ThemeFactory(name="EHC plans"), ThemeFactory(name="Transport")
    repeat, other = CustomerFactory(), CustomerFactory()
    a = CaseFactory(received_on=d(2024, 5, 1), customer=repeat, looked_after_child=True)
    b = CorporateComplaintFactory(received_on=d(2024, 9, 1), customer=repeat, made_by_child=True)
    c = CorporateComplaintFactory(received_on=d(2025, 2, 1), customer=repeat)
    e = CaseFactory(received_on=d(2024, 6, 1), customer=other, looked_after_child=True)
    # The same person's complaint from the year before does not make them a repeat customer this year.
    CaseFactory(received_on=d(2024, 3, 1), customer=other)
    # Compliments are not complaints.
    ComplimentFactory(received_on=d(2024, 6, 2), customer=other)
    i1 = OpenInvestigationFactory(case=a, problem_category=service)
    i1.themes.add(ehc, transport)
    i2 = OpenInvestigationFactory(case=a, number=2, problem_category=service)
    i2.themes.add(ehc)
    OpenInvestigationFactory(case=b)
    OpenInvestigationFactory(case=c, opened_on=d(2025, 4, 2))  # opened after the year
    OpenInvestigationFactory(case=e, stage=2)  # not stage 1
    early = CaseFactory(received_on=d(2024, 3, 25))
    OpenInvestigationFactory(case=early, opened_on=d(2024, 4, 2))  # received before, opened in the year

    complaints = report()["complaints"]
    assert complaints["cases"] == 4
    # a (two), b and early: stage 1 opened in the year.
    assert complaints["investigations"] == 4
    assert complaints["by_procedure"] == {"statutory": 3, "corporate": 1}
    assert complaints["by_procedure_pct"] == {"statutory": 75.0, "corporate": 25.0}
    assert complaints["by_problem_category"] == {"Service standards": 2, "Not recorded": 2}
    assert complaints["by_theme"] == {"EHC plans": 2, "Transport": 1}
    assert complaints["looked_after_child"] == 2
    assert complaints["made_by_child"] == 1
    assert complaints["repeat_customer_cases"] == 3
    assert complaints["repeat_customers"] == 1


def test_timeliness_counts_working_days_after_opening_up_to_closing():
    ClosureDay.objects.create(date=d(2024, 12, 27), description="Christmas closure")
    # Corporate: opened Tue 2 Apr 2024, closed Tue 16 Apr: 3-5 Apr (3) and 8-12 and 15-16 (7) = 10;
    # due 15 Apr, so late.
    corporate = CorporateComplaintFactory(received_on=d(2024, 4, 2))
    ClosedInvestigationFactory(case=corporate, closed_on=d(2024, 4, 16), due_on=d(2024, 4, 15))
    # Statutory: opened Fri 3 May 2024, closed Fri 10 May: 7-10 May = 4 (Mon 6 May bank holiday);
    # due 9 May but extended to 17 May, so on time.
    statutory = CaseFactory(received_on=d(2024, 5, 3))
    ClosedInvestigationFactory(
        case=statutory, closed_on=d(2024, 5, 10), due_on=d(2024, 5, 9), extended_to=d(2024, 5, 17)
    )
    # Statutory: opened Mon 23 Dec 2024, closed Thu 2 Jan 2025: 23 Dec is the start, then 24 Dec,
    # (25, 26 Dec bank holidays, 27 Dec closure day), 30, 31 Dec, (1 Jan bank holiday), 2 Jan = 4;
    # closed on its due date: on time.
    winter = CaseFactory(received_on=d(2024, 12, 23))
    ClosedInvestigationFactory(case=winter, closed_on=d(2025, 1, 2), due_on=d(2025, 1, 2))
    # Withdrawn, stage 2, and closed outside the year: not counted.
    ClosedInvestigationFactory(case=CaseFactory(received_on=d(2024, 6, 3)), outcome="withdrawn")
    ClosedInvestigationFactory(case=winter, stage=2, closed_on=d(2025, 2, 3))
    ClosedInvestigationFactory(case=CaseFactory(received_on=d(2025, 3, 25)), closed_on=d(2025, 4, 2))

    timeliness = report()["timeliness"]
    assert timeliness["closed"] == 3
    assert timeliness["avg_working_days_to_close"] == 6.0  # (10 + 4 + 4) / 3
    assert timeliness["avg_working_days_to_close_by_procedure"] == {"statutory": 4.0, "corporate": 10.0}
    assert timeliness["within_timescale_pct"] == 66.7


def test_outcomes_of_stage_1_investigations_closed_in_the_year():
    case = CaseFactory(received_on=d(2024, 1, 10))
    for number, outcome, closed_on in [
        (1, "upheld", d(2024, 4, 1)),
        (2, "upheld", d(2024, 6, 1)),
        (3, "partially_upheld", d(2024, 7, 1)),
        (4, "not_upheld", d(2025, 3, 31)),
        (5, "withdrawn", d(2024, 8, 1)),
        (6, "no_outcome", d(2024, 9, 1)),
        (7, "upheld", d(2024, 3, 31)),  # before the year
    ]:
        ClosedInvestigationFactory(
            case=case, number=number, opened_on=d(2024, 1, 10), closed_on=closed_on, outcome=outcome
        )
    ClosedInvestigationFactory(
        case=case, stage=2, opened_on=d(2024, 5, 1), closed_on=d(2024, 6, 1), outcome="upheld"
    )
    outcomes = report()["outcomes"]
    assert outcomes["closed"] == 6
    assert outcomes["counts"] == {
        "upheld": 2,
        "partially_upheld": 1,
        "not_upheld": 1,
        "withdrawn": 1,
        "no_outcome": 1,
    }
    assert outcomes["pct"] == {
        "upheld": 33.3,
        "partially_upheld": 16.7,
        "not_upheld": 16.7,
        "withdrawn": 16.7,
        "no_outcome": 16.7,
    }


def test_escalation_counts_distinct_cases():
    a, b, c, e = (CaseFactory(received_on=d(2024, 1, 5)) for _ in range(4))
    OpenInvestigationFactory(case=a, stage=2, opened_on=d(2024, 5, 1))
    OpenInvestigationFactory(case=a, stage=2, number=2, opened_on=d(2024, 5, 2))
    OpenInvestigationFactory(case=a, stage=3, opened_on=d(2024, 9, 1))
    OmbudsmanReferralFactory(case=a, received_on=d(2024, 12, 1))
    OpenInvestigationFactory(case=b, stage=2, opened_on=d(2024, 3, 29))  # before the year
    OmbudsmanReferralFactory(case=b, received_on=d(2025, 3, 31))
    OmbudsmanReferralFactory(case=b, received_on=d(2025, 1, 31))
    OpenInvestigationFactory(case=c, stage=3, opened_on=d(2025, 4, 1))  # after the year
    OpenInvestigationFactory(case=e, stage=1, opened_on=d(2024, 5, 1))
    assert report()["escalation"] == {"beyond_stage_1": 2, "stage_2": 1, "stage_3": 1, "ombudsman": 2}


def test_ombudsman_decisions_made_in_the_year():
    OmbudsmanReferralFactory(decision="upheld", decided_on=d(2024, 6, 1))
    OmbudsmanReferralFactory(decision="upheld", decided_on=d(2025, 3, 31))
    OmbudsmanReferralFactory(decision="referred_back", decided_on=d(2024, 4, 1))
    OmbudsmanReferralFactory(decision="not_upheld", decided_on=d(2024, 3, 31))  # before the year
    OmbudsmanReferralFactory(decision="pending", decided_on=d(2024, 7, 1))  # not a decision
    OmbudsmanReferralFactory(decision="pending")
    assert report()["ombudsman"] == {
        "decided": 3,
        "decisions": {
            "upheld": 2,
            "not_upheld": 0,
            "closed_after_initial_enquiries": 0,
            "referred_back": 1,
            "withdrawn": 0,
        },
    }


def test_learning_on_closed_cases():
    def closed_case(*outcomes, closed_on=None):
        closed_on = closed_on or d(2024, 6, 3)
        case = CaseFactory(received_on=d(2024, 5, 1))
        for number, outcome in enumerate(outcomes, start=1):
            ClosedInvestigationFactory(case=case, number=number, closed_on=closed_on, outcome=outcome)
        return case

    upheld_with_learning = closed_case("upheld", "not_upheld")
    partial_with_action = closed_case("partially_upheld")
    closed_case("partially_upheld", "upheld")  # upheld, no learning
    not_upheld_with_learning = closed_case("not_upheld")
    last_year = closed_case("upheld", closed_on=d(2024, 3, 1))
    open_case = CaseFactory(received_on=d(2024, 5, 1))
    OpenInvestigationFactory(case=open_case)
    for case, kind, category in [
        (upheld_with_learning, "learning", "Communication/information"),
        (upheld_with_learning, "learning", "Communication/information"),
        (upheld_with_learning, "action", "Apology"),
        (partial_with_action, "action", "Training/guidance"),
        (not_upheld_with_learning, "learning", "Service delivery"),
        (last_year, "learning", "Quality of service"),  # not a case closed in the year
        (open_case, "action", "Apology"),  # nor this one
    ]:
        Learning.objects.create(case=case, kind=kind, category=category)

    learning = report()["learning"]
    assert learning["closed_cases"] == 4
    assert learning["upheld_or_partial_cases"] == 3
    assert learning["cases_with_learning"] == 2
    assert learning["cases_with_learning_pct"] == 66.7
    assert learning["learning_by_category"] == {"Communication/information": 2, "Service delivery": 1}
    assert learning["actions_by_category"] == {"Apology": 1, "Training/guidance": 1}


def test_comparison_gives_three_years_by_the_same_definitions():
    # 2022/23: one compliment. 2023/24: a corporate complaint closed in 5 working days, upheld, then
    # escalated. 2024/25: nothing, so nothing was counted: no figure, not zeros.
    ComplimentFactory(received_on=d(2022, 4, 1))
    case = CorporateComplaintFactory(received_on=d(2023, 6, 5))
    ClosedInvestigationFactory(case=case, closed_on=d(2023, 6, 12), outcome="upheld")
    OpenInvestigationFactory(case=case, stage=2, opened_on=d(2023, 7, 3))
    assert report()["comparison"] == [
        {
            "year": "2022/23",
            "source": "data",
            "compliments": 1,
            "investigations": 0,
            "avg_working_days_to_close": 0.0,
            "upheld_pct": 0.0,
            "beyond_stage_1": 0,
        },
        {
            "year": "2023/24",
            "source": "data",
            "compliments": 0,
            "investigations": 1,
            "avg_working_days_to_close": 5.0,
            "upheld_pct": 100.0,
            "beyond_stage_1": 1,
        },
        {
            "year": "2024/25",
            "source": "none",
            "compliments": None,
            "investigations": None,
            "avg_working_days_to_close": None,
            "upheld_pct": None,
            "beyond_stage_1": None,
        },
    ]


def test_a_published_figure_takes_the_place_of_the_count_and_the_rest_of_a_year_without_data_is_null():
    ComplimentFactory(received_on=d(2023, 5, 1))
    ComplimentFactory(received_on=d(2024, 5, 1))
    PublishedFigure.objects.create(year=2022, measure="compliments", value=40, source="Annual report 2022/23")
    PublishedFigure.objects.create(year=2022, measure="upheld_pct", value=13)
    PublishedFigure.objects.create(year=2023, measure="avg_working_days_to_close", value=15)
    first, middle, last = report()["comparison"]
    # 2022/23 has no cases: what was published, and nothing else.
    assert first == {
        "year": "2022/23",
        "source": "published",
        "compliments": 40,
        "investigations": None,
        "avg_working_days_to_close": None,
        "upheld_pct": 13.0,
        "beyond_stage_1": None,
    }
    # 2023/24 has a case: the published figure wins, the others are counted.
    assert middle["source"] == "published"
    assert middle["avg_working_days_to_close"] == 15.0 and middle["compliments"] == 1
    assert last["source"] == "data" and last["compliments"] == 1


def test_period_figures_for_a_quarter_and_one_service_area():
    education = ServiceAreaFactory(name="Education and SEND")
    CaseFactory(received_on=d(2024, 7, 1))
    mine = CaseFactory(received_on=d(2024, 8, 1), service_area=education, team=None)
    ClosedInvestigationFactory(case=mine, closed_on=d(2024, 8, 2), outcome="upheld")
    CaseFactory(received_on=d(2024, 10, 1), service_area=education)

    figures = metrics.period_figures(
        start=d(2024, 7, 1), end=d(2024, 9, 30), service_area_id=education.pk
    ).as_json()
    assert figures["period"] == {"start": "2024-07-01", "end": "2024-09-30"}
    assert figures["feedback"]["by_month"] == {"2024-07": 0, "2024-08": 1, "2024-09": 0}
    assert figures["feedback"]["monthly_average"] == 0.3
    assert "by_quarter" not in figures["feedback"]
    assert figures["feedback"]["by_team"] == {"Not recorded": {"complaint": 1, "compliment": 0, "comment": 0}}
    assert figures["complaints"]["investigations"] == 1
    assert figures["outcomes"]["counts"]["upheld"] == 1
    assert figures["timeliness"]["avg_working_days_to_close"] == 1.0
    everyone = metrics.period_figures(start=d(2024, 7, 1), end=d(2024, 9, 30)).as_json()
    assert everyone["feedback"]["total"] == 2


def test_the_report_command_prints_the_json():
    ComplimentFactory(received_on=d(2024, 4, 1))
    out = io.StringIO()
    call_command("report", "--year", str(YEAR), "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == report()


def test_the_report_command_refuses_an_unknown_format():
    with pytest.raises(CommandError, match="Unknown format 'odt'"):
        call_command("report", "--year", str(YEAR), "--format", "odt", stdout=io.StringIO())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_figures_read_on_several_connections_equal_those_read_on_one(monkeypatch):
    # Outside a transaction the sections are read two at a time on their own connections (where
    # the database allows it); the figures must not depend on that.
    case = CorporateComplaintFactory(received_on=d(2024, 6, 3))
    ClosedInvestigationFactory(case=case, closed_on=d(2024, 6, 12), outcome="upheld")
    ComplimentFactory(received_on=d(2023, 5, 1))
    in_parallel = report()
    monkeypatch.setattr(metrics, "ThreadPoolExecutor", None)  # any use of threads would now fail
    monkeypatch.setattr(type(metrics.connection), "in_atomic_block", True, raising=False)
    assert report() == in_parallel
    assert in_parallel["outcomes"]["counts"]["upheld"] == 1
    assert in_parallel["comparison"][1]["compliments"] == 1
