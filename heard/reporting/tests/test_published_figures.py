"""Years before a council's data: the annual comparison shows the figures it published then (from the
interchange file published_figures.csv), and "not recorded", never a 0 nobody counted, for a year
with neither data nor published figures, in every format."""

import datetime
import io

import openpyxl
import pytest

from heard.cases.tests.factories import (
    ClosedInvestigationFactory,
    ComplimentFactory,
    CorporateComplaintFactory,
)
from heard.interchange import format as fmt
from heard.interchange.tests.helpers import CASE_HEADER, case_line, import_set, lines, write_set
from heard.reporting import metrics
from heard.reporting.renderers import render_docx, render_html, render_xlsx
from heard.reporting.tests.text import html_text, pdf_text, word_text

pytestmark = pytest.mark.django_db

# The 2018/19 figures as the council's 2020/21 report published them.
PUBLISHED_2018_19 = """year,measure,value,source
2018/19,compliments,40,Children's Services feedback annual report 2018/19
2018/19,investigations,153,Children's Services feedback annual report 2018/19
2018/19,avg_working_days_to_close,15,Children's Services feedback annual report 2018/19
2018/19,upheld_pct,13,Children's Services feedback annual report 2018/19
2018/19,beyond_stage_1,4,Children's Services feedback annual report 2018/19
"""


@pytest.fixture
def figures(tmp_path):
    """2018/19 published, 2019/20 neither counted nor published, 2020/21 in Heard: a comment, a
    compliment and a complaint closed upheld in 10 working days."""
    write_set(
        tmp_path,
        {
            fmt.CASES: lines(
                CASE_HEADER, case_line("CS-1", kind="comment", received_on="2021-03-01", procedure="")
            ),
            fmt.PUBLISHED_FIGURES: PUBLISHED_2018_19,
        },
    )
    import_set(tmp_path)
    ComplimentFactory(received_on=datetime.date(2020, 6, 1))
    complaint = CorporateComplaintFactory(received_on=datetime.date(2020, 6, 1))
    ClosedInvestigationFactory(
        case=complaint,
        opened_on=datetime.date(2020, 6, 1),
        closed_on=datetime.date(2020, 6, 15),
        outcome="upheld",
    )
    return metrics.annual_report(2020)


def test_the_json_says_where_each_years_figures_come_from(figures):
    published, missing, counted = figures.as_json()["comparison"]
    assert published == {
        "year": "2018/19",
        "source": "published",
        "compliments": 40,
        "investigations": 153,
        "avg_working_days_to_close": 15.0,
        "upheld_pct": 13.0,
        "beyond_stage_1": 4,
    }
    assert missing == {
        "year": "2019/20",
        "source": "none",
        "compliments": None,
        "investigations": None,
        "avg_working_days_to_close": None,
        "upheld_pct": None,
        "beyond_stage_1": None,
    }
    assert counted["source"] == "data"
    assert (counted["compliments"], counted["investigations"], counted["upheld_pct"]) == (1, 1, 100.0)


STATEMENTS = [
    # The table: measure, then 2018/19, 2019/20 and 2020/21.
    "Number of compliments – not compared",
    "Number of complaint investigations – not compared",
    "40 not recorded 1",
    "153 not recorded 1",
    "15 working days not recorded 10 working days",
    "13% not recorded 100%",
    "4 not recorded 0",
    # The sentences.
    "In 2020/21 the council received 1 compliments for Children's Services, compared with no recorded "
    "figure in 2019/20 and 40 in 2018/19.",
    "In 2020/21 100% of stage 1 complaints closed were upheld, compared with no recorded figure in 2019/20 "
    "and 13% in 2018/19.",
    "Not compared: the figure for 2019/20 was not recorded.",
    "The figures for 2018/19 are those the council published at the time; the others are counted from the "
    "case records.",
]


def test_the_html_report_shows_the_published_year_and_not_recorded(figures):
    text = html_text(render_html(figures=figures, year=2020))
    assert [s for s in STATEMENTS if s not in text] == []
    assert "In 2019/20 the average was" not in text  # no sentence about a year nobody counted


def test_the_word_report_shows_them_too(figures):
    text = word_text(render_docx(figures=figures, year=2020))
    assert [s for s in STATEMENTS if s not in text] == []


def test_the_pdf_report_shows_them_too(figures):
    text = pdf_text(figures=figures, year=2020)
    assert [s for s in STATEMENTS if s not in text] == []


def test_the_workbook_says_not_recorded_rather_than_zero(figures):
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(figures=figures, year=2020)))
    sheet = next(ws for ws in book.worksheets if ws["A1"].value == "Annual comparisons")
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[4] == ("Number of compliments", 40, "not recorded", 1, "not compared")
    assert rows[7] == ("Outcome of complaints (upheld)", 13, "not recorded", 100, "not compared")
