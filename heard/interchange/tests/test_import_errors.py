"""Every error import reports, with its exact message, and that nothing is written when any occurs."""

import pytest

from heard.cases.models import Case, Customer, Investigation, ServiceArea
from heard.interchange import format as fmt
from heard.interchange.tests.helpers import (
    CASE_HEADER,
    INVESTIGATION_HEADER,
    LEARNING_HEADER,
    OMBUDSMAN_HEADER,
    case_line,
    errors_of,
    investigation_line,
    learning_line,
    lines,
    ombudsman_line,
    write_set,
)
from heard.reporting.models import PublishedFigure

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "set"


def test_cases_csv_is_required(folder):
    write_set(folder, {fmt.INVESTIGATIONS: lines(INVESTIGATION_HEADER)})
    assert errors_of(folder) == ["cases.csv:1: (file): is missing: cases.csv is required"]


def test_an_empty_cases_csv_is_an_error_but_other_files_may_be_empty(folder):
    write_set(folder, {fmt.CASES: "", fmt.OMBUDSMAN: "", fmt.LEARNING: lines(LEARNING_HEADER)})
    assert errors_of(folder) == ["cases.csv:1: (file): is empty: it needs a header row"]


def test_unknown_columns_are_named_and_missing_required_ones_too(folder):
    header = CASE_HEADER.replace("reference", "refrence", 1) + ",notes"
    write_set(folder, {fmt.CASES: lines(header, case_line() + ",x")})
    assert errors_of(folder) == [
        "cases.csv:1: refrence: unknown column",
        "cases.csv:1: notes: unknown column",
        "cases.csv:1: reference: required column is missing",
    ]


def test_a_column_given_twice(folder):
    write_set(folder, {fmt.CASES: lines(CASE_HEADER + ",kind", case_line() + ",complaint")})
    assert errors_of(folder) == ["cases.csv:1: kind: column appears more than once"]


@pytest.mark.parametrize(
    ("name", "header", "missing"),
    [
        (fmt.CASES, "reference,kind,received_on", "service_area"),
        (fmt.INVESTIGATIONS, "case_reference,stage", "opened_on"),
        (fmt.OMBUDSMAN, "case_reference", "received_on"),
        (fmt.LEARNING, "case_reference,kind", "category"),
    ],
)
def test_every_file_names_its_missing_required_column(folder, name, header, missing):
    files = {fmt.CASES: lines(CASE_HEADER, case_line())}
    files[name] = lines(header)
    write_set(folder, files)
    assert errors_of(folder) == [f"{name}:1: {missing}: required column is missing"]


def test_a_row_with_the_wrong_number_of_cells(folder):
    write_set(folder, {fmt.CASES: lines(CASE_HEADER, case_line("CS-1"), "CS-2,complaint")})
    assert errors_of(folder) == ["cases.csv:3: (row): has 2 cells but the header has 20 columns"]


def test_text_that_is_not_utf8(folder):
    write_set(folder, {fmt.CASES: lines(CASE_HEADER, case_line(summary="caf\u00e9")).encode("latin-1")})
    assert errors_of(folder) == ["cases.csv:1: (file): is not UTF-8 text"]


def test_malformed_csv(folder):
    write_set(folder, {fmt.CASES: lines(CASE_HEADER, case_line(), 'CS-2,"complaint"x')})
    (error,) = errors_of(folder)
    assert error.startswith("cases.csv:3: (row): not valid CSV: ")


@pytest.mark.parametrize("column", ["reference", "kind", "received_on", "service_area"])
def test_required_case_cells(folder, column):
    write_set(folder, {fmt.CASES: lines(CASE_HEADER, case_line(**{column: "  "}))})
    assert errors_of(folder) == [f"cases.csv:2: {column}: is required"]


@pytest.mark.parametrize(
    ("column", "value", "allowed"),
    [
        ("kind", "complain", "complaint, compliment, comment"),
        ("channel", "fax", "email, phone, web, letter, in_person, other"),
        ("consent", "yes", "given, not_required, pending, refused"),
        ("procedure", "children's", "statutory, corporate"),
        ("status", "closed-ish", "open, closed, withdrawn"),
    ],
)
def test_values_from_a_list(folder, column, value, allowed):
    write_set(folder, {fmt.CASES: lines(CASE_HEADER, case_line(**{column: value}))})
    assert errors_of(folder) == [f"cases.csv:2: {column}: {value!r} is not one of: {allowed}"]


@pytest.mark.parametrize("value", ["01/06/2021", "2021-6-7", "2021-02-30", "20210607", "2021-06-07T00:00"])
@pytest.mark.parametrize("column", ["received_on", "acknowledged_on", "closed_on"])
def test_dates_must_be_real_and_written_yyyy_mm_dd(folder, column, value):
    write_set(folder, {fmt.CASES: lines(CASE_HEADER, case_line(**{column: value}))})
    assert errors_of(folder) == [f"cases.csv:2: {column}: {value!r} is not a date written as YYYY-MM-DD"]


@pytest.mark.parametrize(
    "column", ["on_behalf_of_child", "advocate_requested", "made_by_child", "looked_after_child"]
)
def test_booleans(folder, column):
    write_set(folder, {fmt.CASES: lines(CASE_HEADER, case_line(**{column: "maybe"}))})
    assert errors_of(folder) == [
        f"cases.csv:2: {column}: 'maybe' is not true or false (yes/no and 1/0 also do)"
    ]


def test_a_complaint_needs_a_customer_ref_and_a_procedure(folder):
    write_set(folder, {fmt.CASES: lines(CASE_HEADER, case_line(customer_ref="", procedure=""))})
    assert errors_of(folder) == [
        "cases.csv:2: customer_ref: is required for complaints",
        "cases.csv:2: procedure: is required for complaints",
    ]


def test_only_complaints_follow_a_procedure(folder):
    write_set(folder, {fmt.CASES: lines(CASE_HEADER, case_line(kind="compliment"))})
    assert errors_of(folder) == [
        "cases.csv:2: procedure: only complaints follow a procedure (this is a compliment)"
    ]


def test_a_reference_appears_once(folder):
    write_set(
        folder, {fmt.CASES: lines(CASE_HEADER, case_line("CS-1"), case_line("CS-2"), case_line(" CS-1 "))}
    )
    assert errors_of(folder) == ["cases.csv:4: reference: 'CS-1' appears more than once (also on row 2)"]


def test_text_longer_than_the_database_keeps(folder):
    write_set(folder, {fmt.CASES: lines(CASE_HEADER, case_line("C" * 51, customer_phone="0" * 51))})
    assert errors_of(folder) == [
        "cases.csv:2: reference: is longer than 50 characters",
        "cases.csv:2: customer_phone: is longer than 50 characters",
    ]


def test_investigations_belong_to_complaints_in_cases_csv(folder):
    write_set(
        folder,
        {
            fmt.CASES: lines(CASE_HEADER, case_line("CS-1"), case_line("CS-2", kind="comment", procedure="")),
            fmt.INVESTIGATIONS: lines(
                INVESTIGATION_HEADER,
                investigation_line("CS-9"),
                investigation_line("CS-2"),
                investigation_line(""),
            ),
        },
    )
    assert errors_of(folder) == [
        "investigations.csv:2: case_reference: 'CS-9' is not a reference in cases.csv",
        "investigations.csv:3: case_reference: 'CS-2' is a comment, not a complaint",
        "investigations.csv:4: case_reference: is required",
    ]


def test_investigation_cells(folder):
    write_set(
        folder,
        {
            fmt.CASES: lines(CASE_HEADER, case_line("CS-1")),
            fmt.INVESTIGATIONS: lines(
                INVESTIGATION_HEADER,
                investigation_line(stage="4"),
                investigation_line(stage="1", number="0"),
                investigation_line(stage="1", number="two"),
                investigation_line(stage="2", opened_on=""),
                investigation_line(stage="2", number="3", closed_on="2021-06-20"),
                investigation_line(stage="2", number="4", closed_on="2021-06-20", outcome="resolved"),
                investigation_line(stage="2", number="5", problem_subcategory="Delay"),
                investigation_line(stage="2", number="6", due_on="soon", extended_to="2021-13-01"),
            ),
        },
    )
    assert errors_of(folder) == [
        "investigations.csv:2: stage: '4' is not one of: 1, 2, 3",
        "investigations.csv:3: number: '0' is not a whole number from 1",
        "investigations.csv:4: number: 'two' is not a whole number from 1",
        "investigations.csv:5: opened_on: is required",
        "investigations.csv:6: outcome: is required when closed_on is given",
        "investigations.csv:7: outcome: 'resolved' is not one of: upheld, partially_upheld, not_upheld, "
        "withdrawn, no_outcome",
        "investigations.csv:8: problem_subcategory: needs a problem_category",
        "investigations.csv:9: due_on: 'soon' is not a date written as YYYY-MM-DD",
        "investigations.csv:9: extended_to: '2021-13-01' is not a date written as YYYY-MM-DD",
    ]


def test_an_investigation_appears_once_per_stage_and_number(folder):
    write_set(
        folder,
        {
            fmt.CASES: lines(CASE_HEADER, case_line("CS-1")),
            fmt.INVESTIGATIONS: lines(
                INVESTIGATION_HEADER,
                investigation_line(),
                investigation_line(number="2"),
                investigation_line(number="1"),
            ),
        },
    )
    assert errors_of(folder) == [
        "investigations.csv:4: number: stage 1 investigation 1 of 'CS-1' appears more than once (also on row 2)"
    ]


def test_a_due_date_that_cannot_be_worked_out_must_be_given(folder):
    write_set(
        folder,
        {
            fmt.CASES: lines(
                CASE_HEADER,
                case_line("CS-1", procedure="corporate"),
                case_line("CS-2", procedure="corporate", received_on="1999-12-31"),
            ),
            fmt.INVESTIGATIONS: lines(
                INVESTIGATION_HEADER,
                investigation_line("CS-1", stage="3", opened_on="2021-09-01"),
                investigation_line("CS-2", opened_on="1999-12-31"),
                investigation_line(
                    "CS-1", stage="3", number="2", opened_on="2021-09-01", due_on="2021-10-13"
                ),
            ),
        },
    )
    assert errors_of(folder) == [
        "investigations.csv:2: due_on: is needed: the corporate procedure has no stage 3",
        "investigations.csv:3: due_on: is needed: no corporate procedure was in force on 1999-12-31",
    ]


def test_ombudsman_rows(folder):
    write_set(
        folder,
        {
            fmt.CASES: lines(CASE_HEADER, case_line("CS-1")),
            fmt.OMBUDSMAN: lines(
                OMBUDSMAN_HEADER,
                ombudsman_line("CS-404"),
                ombudsman_line(received_on=""),
                ombudsman_line(decision="upheld in part"),
                ombudsman_line(decided_on="last week", response_sent_on="2021-9-1", response_due_on="x"),
            ),
        },
    )
    assert errors_of(folder) == [
        "ombudsman.csv:2: case_reference: 'CS-404' is not a reference in cases.csv",
        "ombudsman.csv:3: received_on: is required",
        "ombudsman.csv:4: decision: 'upheld in part' is not one of: pending, upheld, not_upheld, "
        "closed_after_initial_enquiries, referred_back, withdrawn",
        "ombudsman.csv:5: response_due_on: 'x' is not a date written as YYYY-MM-DD",
        "ombudsman.csv:5: response_sent_on: '2021-9-1' is not a date written as YYYY-MM-DD",
        "ombudsman.csv:5: decided_on: 'last week' is not a date written as YYYY-MM-DD",
    ]


def test_learning_rows(folder):
    write_set(
        folder,
        {
            fmt.CASES: lines(
                CASE_HEADER, case_line("CS-1"), case_line("CS-2", kind="compliment", procedure="")
            ),
            fmt.LEARNING: lines(
                LEARNING_HEADER,
                learning_line("CS-2"),
                learning_line(kind="lesson"),
                learning_line(category=" "),
                learning_line(due_on="2021-07-01", completed_on="2021-07-02"),
                learning_line(kind="action", category="Apology", due_on="July"),
            ),
        },
    )
    assert errors_of(folder) == [
        "learning.csv:2: case_reference: 'CS-2' is a compliment, not a complaint",
        "learning.csv:3: kind: 'lesson' is not one of: learning, action",
        "learning.csv:4: category: is required",
        "learning.csv:5: due_on: is for actions only",
        "learning.csv:5: completed_on: is for actions only",
        "learning.csv:6: due_on: 'July' is not a date written as YYYY-MM-DD",
    ]


def test_every_error_in_every_file_is_listed_and_nothing_is_written(folder):
    ServiceArea.objects.create(name="Early Help")
    write_set(
        folder,
        {
            fmt.CASES: lines(CASE_HEADER, case_line("CS-1"), case_line("CS-2", received_on="yesterday")),
            fmt.INVESTIGATIONS: lines(INVESTIGATION_HEADER, investigation_line("CS-1", stage="9")),
            fmt.LEARNING: lines(LEARNING_HEADER, learning_line("CS-3")),
        },
    )
    assert errors_of(folder) == [
        "cases.csv:3: received_on: 'yesterday' is not a date written as YYYY-MM-DD",
        "investigations.csv:2: stage: '9' is not one of: 1, 2, 3",
        "learning.csv:2: case_reference: 'CS-3' is not a reference in cases.csv",
    ]
    assert Case.objects.count() == 0
    assert Investigation.objects.count() == 0
    assert Customer.objects.count() == 0
    assert list(ServiceArea.objects.values_list("name", flat=True)) == ["Early Help"]


def test_when_cases_csv_cannot_be_read_other_files_do_not_repeat_it_row_by_row(folder):
    write_set(
        folder,
        {
            fmt.CASES: lines("reference,kind", "CS-1,complaint"),
            fmt.INVESTIGATIONS: lines(INVESTIGATION_HEADER, investigation_line("CS-1", stage="5")),
        },
    )
    assert errors_of(folder) == [
        "cases.csv:1: received_on: required column is missing",
        "cases.csv:1: service_area: required column is missing",
        "investigations.csv:2: stage: '5' is not one of: 1, 2, 3",
    ]


def test_control_characters_are_refused_with_where_they_are(folder):
    write_set(
        folder,
        {
            fmt.CASES: lines(
                CASE_HEADER,
                case_line("CS-1", summary="No reply\x00 to emails"),
                case_line("CS-2", customer_name="Alex\x1bParent", summary="A tab\tis fine"),
            )
        },
    )
    assert errors_of(folder) == [
        "cases.csv:2: summary: contains a control character (U+0000); remove it",
        "cases.csv:3: customer_name: contains a control character (U+001B); remove it",
    ]
    assert not Case.objects.exists()


def test_published_figures_are_checked_like_every_other_file(folder):
    write_set(
        folder,
        {
            fmt.CASES: lines(CASE_HEADER, case_line()),
            fmt.PUBLISHED_FIGURES: lines(
                "year,measure,value,source",
                "2018/19,compliments,40,Annual report 2018/19",
                "2018/2019,compliments,40,",
                "2018/20,investigations,153,",
                "2018/19,complements,40,",
                "2018/19,upheld_pct,13%,",
                "2018/19,investigations,15.5,",
                "2018/19,upheld_pct,113,",
                "2018/19,Compliments,41,",
                ",,,",
                "2019/20,beyond_stage_1,,",
            ),
        },
    )
    assert errors_of(folder) == [
        "published_figures.csv:3: year: '2018/2019' is not a reporting year written as YYYY/YY, e.g. 2018/19",
        "published_figures.csv:4: year: '2018/20' is not a reporting year written as YYYY/YY, e.g. 2018/19",
        "published_figures.csv:5: measure: 'complements' is not one of: "
        "avg_working_days_to_close, beyond_stage_1, compliments, investigations, upheld_pct",
        "published_figures.csv:6: value: '13%' is not a number (write it without units, e.g. 13 or 27.8)",
        "published_figures.csv:7: value: '15.5' is not a whole number: investigations is a count",
        "published_figures.csv:8: value: '113' is more than 100: upheld_pct is a percentage",
        "published_figures.csv:9: measure: a second compliments for 2018/19 (the first is on row 2)",
        "published_figures.csv:11: value: is required",
    ]
    assert not Case.objects.exists() and not PublishedFigure.objects.exists()
