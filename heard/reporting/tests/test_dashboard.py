import csv
import datetime
import io
import re
from html import unescape
from urllib.parse import parse_qs, urlparse

import openpyxl
import pytest
from django.urls import reverse

from heard.reporting import metrics
from heard.reporting.document import number

DASHBOARD = reverse("reporting:dashboard")


def found(pattern: str, text: str) -> str:
    match = re.search(pattern, text, re.DOTALL)
    assert match is not None, pattern
    return match.group(0)


def table_of(html: str, key: str) -> list[list[str]]:
    """The rows of one panel's table, each as its cells' text (the label first)."""
    section = found(rf'<section class="heard-report-panel" id="{key}".*?</section>', html)
    body = found(r"<tbody.*?</tbody>", section)
    rows = []
    for row in re.findall(r"<tr.*?</tr>", body, re.DOTALL):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL)
        rows.append(
            [
                unescape(re.sub(r"<span class=\"govuk-visually-hidden\">.*?</span>|<[^>]+>", "", c)).strip()
                for c in cells
            ]
        )
    return rows


def links_of(html: str, key: str) -> list[str]:
    section = found(rf'<section class="heard-report-panel" id="{key}".*?</section>', html)
    return [unescape(href) for href in re.findall(r'href="(/staff/cases/[^"]*)"', section)]


@pytest.mark.django_db
def test_every_figure_on_the_dashboard_is_the_metrics_modules(officer_client, year_2025):
    response = officer_client.get(DASHBOARD, {"year": 2025})
    assert response.status_code == 200
    html = response.content.decode()
    f = metrics.period_figures(start=datetime.date(2025, 4, 1), end=datetime.date(2026, 3, 31)).as_json()
    assert table_of(html, "by_kind") == [
        ["Complaints", number(f["feedback"]["complaints"])],
        ["Compliments", number(f["feedback"]["compliments"])],
        ["Comments", number(f["feedback"]["comments"])],
        ["All feedback", number(f["feedback"]["total"])],
    ]
    assert [row[1] for row in table_of(html, "by_month")] == [
        number(n) for n in f["feedback"]["by_month"].values()
    ]
    assert [row[1] for row in table_of(html, "by_quarter")] == [
        number(n) for n in f["feedback"]["by_quarter"].values()
    ]
    assert [row[0] for row in table_of(html, "by_quarter")][0] == "Quarter 1 (April to June)"
    areas = {row[0]: row[1:] for row in table_of(html, "by_service_area")}
    for name, counts in f["feedback"]["by_service_area"].items():
        assert areas[name][:3] == [
            number(counts["complaint"]),
            number(counts["compliment"]),
            number(counts["comment"]),
        ]
    teams = dict(table_of(html, "complaints_by_team"))
    assert teams == {t: number(c["complaint"]) for t, c in f["feedback"]["by_team"].items() if c["complaint"]}
    compliments = dict(table_of(html, "compliments_by_team"))
    assert compliments == {
        t: number(c["compliment"]) for t, c in f["feedback"]["by_team"].items() if c["compliment"]
    }
    procedures = {row[0]: row[1:] for row in table_of(html, "by_procedure")}
    assert procedures["Statutory"] == [
        number(f["complaints"]["by_procedure"]["statutory"]),
        number(f["complaints"]["by_procedure_pct"]["statutory"]),
    ]
    assert dict(table_of(html, "problem_categories")) == {
        k: number(v) for k, v in f["complaints"]["by_problem_category"].items()
    }
    assert dict(table_of(html, "themes")) == {k: number(v) for k, v in f["complaints"]["by_theme"].items()}
    timeliness = {row[0]: row[1:] for row in table_of(html, "timeliness")}
    assert timeliness["Statutory"] == [
        number(f["timeliness"]["avg_working_days_to_close_by_procedure"]["statutory"]),
        "10",
    ]
    assert timeliness["Corporate"][1] == "30"
    assert timeliness["All stage 1 investigations"][0] == number(f["timeliness"]["avg_working_days_to_close"])
    outcomes = {row[0]: row[1:] for row in table_of(html, "outcomes")}
    assert outcomes["Upheld"] == [
        number(f["outcomes"]["counts"]["upheld"]),
        number(f["outcomes"]["pct"]["upheld"]),
    ]
    escalation = dict(table_of(html, "escalation"))
    assert escalation["Stage 2 investigation opened"] == number(f["escalation"]["stage_2"])
    assert escalation["Beyond stage 1 (any of these)"] == number(f["escalation"]["beyond_stage_1"])
    assert dict(table_of(html, "ombudsman"))["Upheld"] == number(f["ombudsman"]["decisions"]["upheld"])
    repeat = dict(table_of(html, "repeat"))
    assert repeat["Complaints made by customers with more than one complaint"] == number(
        f["complaints"]["repeat_customer_cases"]
    )
    children = dict(table_of(html, "children"))
    assert children["Complaints about looked after children"] == number(f["complaints"]["looked_after_child"])
    assert children["Complaints made by children or young people"] == number(f["complaints"]["made_by_child"])
    learning = dict(table_of(html, "learning"))
    assert learning["of which with learning or actions recorded"] == number(
        f["learning"]["cases_with_learning"]
    )
    assert dict(table_of(html, "learning_by_category")) == {
        k: number(v) for k, v in f["learning"]["learning_by_category"].items()
    }
    assert dict(table_of(html, "actions_by_category")) == {
        k: number(v) for k, v in f["learning"]["actions_by_category"].items()
    }
    # Sanity: the data set is not empty, so the comparisons above compare something.
    assert f["feedback"]["total"] == 9 and f["complaints"]["investigations"] == 6


@pytest.mark.django_db
def test_each_chart_is_an_svg_image_with_its_table_beside_it(officer_client, year_2025):
    html = officer_client.get(DASHBOARD, {"year": 2025}).content.decode()
    images = re.findall(
        r'<img src="([^"]+)" alt="Chart: ([^"]+)\. The table beside it gives the same figures\."', html
    )
    titles = [title for _, title in images]
    assert "Feedback by month" in titles and "Complaints by team" in titles
    src = unescape({t: s for s, t in images}["Complaints by team"])
    assert src.startswith(reverse("reporting:dashboard_chart", args=["complaints_by_team"]))
    response = officer_client.get(src)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert svg.startswith("<svg") and "Fostering Team" in svg and "SEND Support Services" in svg
    assert "max-age" in response["Cache-Control"]
    # Without the page's token the chart is still drawn, from fresh figures.
    assert officer_client.get(src.split("&v=")[0]).status_code == 200
    assert (
        officer_client.get(reverse("reporting:dashboard_chart", args=["repeat"]), {"year": 2025}).status_code
        == 404
    )


@pytest.mark.django_db
def test_a_chart_draws_the_figures_its_page_showed(officer_client, year_2025):
    from heard.cases.tests.factories import ComplimentFactory

    html = officer_client.get(DASHBOARD, {"year": 2025}).content.decode()
    src = unescape(re.search(r'<img src="([^"]*by_kind\.svg[^"]*)"', html).group(1))
    before = officer_client.get(src).content
    ComplimentFactory(received_on=datetime.date(2025, 6, 2))
    assert officer_client.get(src).content == before
    # Within a few minutes the page shows the figures it counted; "Count them again now" counts.
    again = officer_client.get(DASHBOARD, {"year": 2025}).content.decode()
    assert unescape(re.search(r'<img src="([^"]*by_kind\.svg[^"]*)"', again).group(1)) == src
    assert "Count them again now" in again
    fresh = officer_client.get(DASHBOARD, {"year": 2025, "fresh": 1}).content.decode()
    assert unescape(re.search(r'<img src="([^"]*by_kind\.svg[^"]*)"', fresh).group(1)) != src
    assert table_of(fresh, "by_kind")[1] == ["Compliments", "3"]


@pytest.mark.django_db
def test_figures_link_to_the_cases_behind_them(officer_client, year_2025):
    html = officer_client.get(DASHBOARD, {"year": 2025}).content.decode()
    by_kind = [parse_qs(urlparse(link).query) for link in links_of(html, "by_kind")]
    assert {"kind": ["complaint"], "received_from": ["2025-04-01"], "received_to": ["2026-03-31"]} in by_kind
    month = [parse_qs(urlparse(link).query) for link in links_of(html, "by_month")][0]
    assert month == {"received_from": ["2025-04-01"], "received_to": ["2025-04-30"]}
    team = year_2025["fostering"]
    team_links = [parse_qs(urlparse(link).query) for link in links_of(html, "complaints_by_team")]
    assert {
        "kind": ["complaint"],
        "team": [str(team.pk)],
        "received_from": ["2025-04-01"],
        "received_to": ["2026-03-31"],
    } in team_links
    children = [parse_qs(urlparse(link).query) for link in links_of(html, "children")]
    assert children[0]["looked_after_child"] == ["1"] and children[1]["made_by_child"] == ["1"]
    repeat = parse_qs(urlparse(links_of(html, "repeat")[0]).query)
    assert repeat["repeat"] == ["1"]


@pytest.mark.django_db
def test_a_quarter_and_a_service_area(officer_client, year_2025):
    area = year_2025["send"]
    response = officer_client.get(DASHBOARD, {"year": 2025, "quarter": "Q1", "service_area": area.pk})
    html = response.content.decode()
    f = metrics.period_figures(
        start=datetime.date(2025, 4, 1), end=datetime.date(2025, 6, 30), service_area_id=area.pk
    ).as_json()
    assert [row[0] for row in table_of(html, "by_month")] == ["April 2025", "May 2025", "June 2025"]
    assert 'id="by_quarter"' not in html  # a quarter has no quarters table
    assert dict(table_of(html, "by_kind"))["All feedback"] == number(f["feedback"]["total"]) == "1"
    links = [parse_qs(urlparse(link).query) for link in links_of(html, "by_kind")]
    assert all(
        link["service_area"] == [str(area.pk)] and link["received_to"] == ["2025-06-30"] for link in links
    )


@pytest.mark.django_db
def test_an_unknown_period_is_not_found(officer_client, year_2025):
    assert officer_client.get(DASHBOARD, {"year": 1066}).status_code == 404
    assert officer_client.get(DASHBOARD, {"year": 2025, "quarter": "Q9"}).status_code == 404


@pytest.mark.django_db
def test_csv_download_is_the_panels_table(officer_client, year_2025):
    url = reverse("reporting:dashboard_download", args=["by_kind", "csv"])
    response = officer_client.get(url, {"year": 2025})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert (
        "attachment" in response["Content-Disposition"] and "by-kind.csv" in response["Content-Disposition"]
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    f = metrics.period_figures(start=datetime.date(2025, 4, 1), end=datetime.date(2026, 3, 31)).as_json()
    assert rows == [
        ["Kind", "Cases"],
        ["Complaints", number(f["feedback"]["complaints"])],
        ["Compliments", number(f["feedback"]["compliments"])],
        ["Comments", number(f["feedback"]["comments"])],
        ["All feedback", number(f["feedback"]["total"])],
    ]


@pytest.mark.django_db
def test_excel_download_of_one_table_and_of_all(officer_client, year_2025):
    f = metrics.period_figures(start=datetime.date(2025, 4, 1), end=datetime.date(2026, 3, 31)).as_json()
    response = officer_client.get(
        reverse("reporting:dashboard_download", args=["outcomes", "xlsx"]), {"year": 2025}
    )
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[3] == ("Outcome", "Investigations", "%")
    assert ("Upheld", f["outcomes"]["counts"]["upheld"], f["outcomes"]["pct"]["upheld"]) in values
    everything = officer_client.get(
        reverse("reporting:dashboard_download", args=["all", "xlsx"]), {"year": 2025}
    )
    book = openpyxl.load_workbook(io.BytesIO(everything.content))
    assert len(book.worksheets) == 23  # 22 tables, and quarters for a whole year
    assert (
        officer_client.get(
            reverse("reporting:dashboard_download", args=["all", "csv"]), {"year": 2025}
        ).status_code
        == 404
    )
    assert (
        officer_client.get(
            reverse("reporting:dashboard_download", args=["nothing", "csv"]), {"year": 2025}
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_the_dashboard_counts_delays_reported_and_overdue_work_escalated(officer_client):
    from heard.cases.models import DelayReason, DelayReport
    from heard.cases.tests.factories import (
        CaseFactory,
        EscalationFactory,
        OpenInvestigationFactory,
        ServiceAreaFactory,
    )

    investigation = OpenInvestigationFactory()
    waiting = DelayReason.objects.get(name="Waiting for information")
    for reported_on in (datetime.date(2025, 6, 10), datetime.date(2025, 6, 11), datetime.date(2025, 7, 1)):
        DelayReport.objects.create(
            investigation=investigation, reason=waiting, expected_on=reported_on, reported_on=reported_on
        )
    EscalationFactory(
        escalated_on=datetime.date(2025, 6, 17),
        acknowledged_at=datetime.datetime(2025, 6, 18, tzinfo=datetime.UTC),
    )
    EscalationFactory(escalated_on=datetime.date(2025, 6, 18))
    EscalationFactory(escalated_on=datetime.date(2025, 6, 25), repeat=1)  # a repeat is not counted again
    early_help = CaseFactory(service_area=ServiceAreaFactory(name="Early Help"))
    EscalationFactory(
        escalated_on=datetime.date(2025, 6, 19), investigation=OpenInvestigationFactory(case=early_help)
    )
    html = officer_client.get(DASHBOARD, {"year": 2025, "quarter": "Q1"}).content.decode()
    assert table_of(html, "delays") == [
        ["Workload", "0"],
        ["Waiting for information", "2"],
        ["Complainant unavailable", "0"],
        ["Other", "0"],
        ["All delays reported", "2"],
    ]
    assert table_of(html, "overdue_escalations") == [
        ["Overdue work escalated", "3"],
        ["of which acknowledged", "1"],
        ["% acknowledged", "33.3"],
    ]
    area = investigation.case.service_area
    html = officer_client.get(
        DASHBOARD, {"year": 2025, "quarter": "Q1", "service_area": area.pk}
    ).content.decode()
    assert table_of(html, "overdue_escalations")[0] == ["Overdue work escalated", "2"]
