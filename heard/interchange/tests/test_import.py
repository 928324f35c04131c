"""What import accepts and what it writes: the variations the format allows, the blanks it fills
in, customers matched by reference, reference rows by name, zip files, dry runs and re-imports."""

import datetime
import zipfile

import pytest

from heard.calendar.models import ClosureDay
from heard.cases.models import (
    Case,
    CaseEvent,
    Customer,
    EventKind,
    Investigation,
    Learning,
    OmbudsmanReferral,
    ProblemSubcategory,
    ServiceArea,
    Team,
    Theme,
)
from heard.interchange import format as fmt
from heard.interchange.importer import interchange_import
from heard.interchange.tests.helpers import (
    CASE_HEADER,
    INVESTIGATION_HEADER,
    LEARNING_HEADER,
    OMBUDSMAN_HEADER,
    case_line,
    import_set,
    investigation_line,
    learning_line,
    lines,
    ombudsman_line,
    write_set,
)

pytestmark = pytest.mark.django_db
d = datetime.date


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "set"


def test_a_leading_bom_is_accepted(folder):
    write_set(folder, {fmt.CASES: b"\xef\xbb\xbf" + lines(CASE_HEADER, case_line()).encode()})
    import_set(folder)
    assert Case.objects.get().reference == "CS-1"


def test_listed_values_in_any_case_and_with_spaces(folder):
    write_set(
        folder,
        {
            fmt.CASES: lines(
                CASE_HEADER,
                case_line(
                    kind=" Complaint ",
                    channel="IN_PERSON",
                    consent=" Given",
                    procedure="STATUTORY ",
                    status="Open",
                ),
            ),
            fmt.INVESTIGATIONS: lines(
                INVESTIGATION_HEADER,
                investigation_line(stage=" 1 ", closed_on="2021-06-18", outcome=" Partially_Upheld "),
            ),
        },
    )
    import_set(folder)
    case = Case.objects.get()
    assert (case.kind, case.channel, case.consent, case.procedure, case.status) == (
        "complaint",
        "in_person",
        "given",
        "statutory",
        "open",
    )
    assert Investigation.objects.get().outcome == "partially_upheld"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("true", True), ("TRUE", True), ("yes", True), (" Yes ", True), ("1", True)]
    + [("false", False), ("No", False), ("0", False), ("", False)],
)
def test_booleans_accept_yes_no_and_one_zero(folder, text, expected):
    write_set(folder, {fmt.CASES: lines(CASE_HEADER, case_line(looked_after_child=text, made_by_child=text))})
    import_set(folder)
    case = Case.objects.get()
    assert case.looked_after_child is expected
    assert case.made_by_child is expected


def test_columns_in_any_order_and_optional_ones_left_out(folder):
    write_set(
        folder,
        {fmt.CASES: lines("service_area,received_on,kind,reference", "Early Help,2021-05-04,comment,CS-7")},
    )
    import_set(folder)
    case = Case.objects.get()
    assert (case.reference, case.kind, case.received_on, case.service_area.name) == (
        "CS-7",
        "comment",
        d(2021, 5, 4),
        "Early Help",
    )
    assert (case.status, case.channel, case.customer, case.team) == ("open", "", None, None)


def test_status_left_blank_is_closed_when_there_is_a_closing_date(folder):
    write_set(
        folder,
        {fmt.CASES: lines(CASE_HEADER, case_line("CS-1"), case_line("CS-2", closed_on="2021-07-01"))},
    )
    import_set(folder)
    assert dict(Case.objects.values_list("reference", "status")) == {"CS-1": "open", "CS-2": "closed"}


def test_blank_lines_are_skipped(folder):
    write_set(
        folder, {fmt.CASES: lines(CASE_HEADER, case_line("CS-1"), "", case_line("CS-2"), ",,, ,", "," * 19)}
    )
    import_set(folder)
    assert Case.objects.count() == 2


def test_due_dates_left_blank_follow_the_procedure_in_force_and_the_working_calendar(folder):
    # Monday 7 June 2021. Statutory stage 1: 10 working days; corporate: 30, over the August bank
    # holiday for CS-3; the Complaint Handling Code's corporate stage 1 from 1 April 2026: 10 after
    # the acknowledgement, or after the last day it was due (5 working days) while none is recorded.
    ClosureDay.objects.create(date=d(2021, 6, 14), description="Staff training day")
    write_set(
        folder,
        {
            fmt.CASES: lines(
                CASE_HEADER,
                case_line("CS-1"),
                case_line("CS-2", procedure="corporate"),
                case_line("CS-3", procedure="corporate", received_on="2021-08-02"),
                case_line("CS-4", procedure="corporate", received_on="2026-06-01"),
                case_line("CS-5"),
                case_line(
                    "CS-6", procedure="corporate", received_on="2026-06-01", acknowledged_on="2026-06-03"
                ),
            ),
            fmt.INVESTIGATIONS: lines(
                INVESTIGATION_HEADER,
                investigation_line("CS-1"),
                investigation_line("CS-2"),
                investigation_line("CS-3", opened_on="2021-08-02"),
                investigation_line("CS-4", opened_on="2026-06-01"),
                investigation_line("CS-1", stage="2", opened_on="2021-07-01"),
                investigation_line("CS-5", due_on="2021-06-30", extended_to="2021-07-05"),
                investigation_line("CS-6", opened_on="2026-06-01"),
            ),
        },
    )
    import_set(folder)
    due = {
        (i.case.reference, i.stage): (i.due_on, i.extended_to)
        for i in Investigation.objects.select_related("case")
    }
    assert due == {
        # 8-11 June (4), 15-18 June (4; the 14th is a closure day), 21-22 June (2).
        ("CS-1", 1): (d(2021, 6, 22), None),
        # 30 working days from 7 June 2021, less the closure day.
        ("CS-2", 1): (d(2021, 7, 20), None),
        # 30 working days from 2 August 2021, with the bank holiday on 30 August.
        ("CS-3", 1): (d(2021, 9, 14), None),
        # Not acknowledged: 5 working days to Monday 8 June 2026, then 10.
        ("CS-4", 1): (d(2026, 6, 22), None),
        # Acknowledged on Wednesday 3 June 2026, then 10.
        ("CS-6", 1): (d(2026, 6, 17), None),
        # Statutory stage 2: 25 working days from 1 July 2021.
        ("CS-1", 2): (d(2021, 8, 5), None),
        ("CS-5", 1): (d(2021, 6, 30), d(2021, 7, 5)),
    }
    acknowledgement = dict(Case.objects.values_list("reference", "acknowledgement_due_on"))
    assert acknowledgement["CS-1"] == d(2021, 6, 10)
    assert acknowledgement["CS-4"] == d(2026, 6, 8)


def test_ombudsman_response_due_and_decision_defaults(folder):
    write_set(
        folder,
        {
            fmt.CASES: lines(CASE_HEADER, case_line()),
            fmt.OMBUDSMAN: lines(
                OMBUDSMAN_HEADER,
                ombudsman_line(received_on="2021-09-01"),
                ombudsman_line(
                    received_on="2021-10-01",
                    response_due_on="2021-10-15",
                    decision=" Upheld",
                    decided_on="2022-01-10",
                    remedy="Apology",
                ),
            ),
        },
    )
    import_set(folder)
    referrals = list(
        OmbudsmanReferral.objects.order_by("received_on").values_list(
            "response_due_on", "decision", "decided_on", "remedy"
        )
    )
    assert referrals == [
        (d(2021, 9, 29), "pending", None, ""),
        (d(2021, 10, 15), "upheld", d(2022, 1, 10), "Apology"),
    ]


def test_people_are_matched_by_customer_ref(folder):
    Customer.objects.create(customer_ref="P-7", name="Sam Known", email="sam@example.com", phone="01234")
    write_set(
        folder,
        {
            fmt.CASES: lines(
                CASE_HEADER,
                case_line("CS-1", customer_ref="P-7", customer_name="", customer_email="new@example.com"),
                case_line("CS-2", customer_ref=" P-7 ", customer_name="", customer_email=""),
                case_line("CS-3", customer_ref="P-8", customer_name="Jo First", customer_email=""),
                case_line(
                    "CS-4", customer_ref="P-8", customer_name="Jo Second", customer_email="jo@example.com"
                ),
                case_line(
                    "CS-5",
                    kind="compliment",
                    procedure="",
                    customer_ref="",
                    customer_name="",
                    customer_email="",
                ),
                case_line(
                    "CS-6", kind="compliment", procedure="", customer_ref="", customer_name="Kim Thanks"
                ),
            ),
        },
    )
    import_set(folder)
    customers = {c.customer_ref: (c.name, c.email, c.phone) for c in Customer.objects.all()}
    assert customers == {
        # Known details are kept unless a row gives new ones.
        "P-7": ("Sam Known", "new@example.com", "01234"),
        # The last details given win.
        "P-8": ("Jo Second", "jo@example.com", ""),
        # Someone named without a reference gets one of their own, made from the case's.
        "P-CS-6": ("Kim Thanks", "alex@example.com", ""),
    }
    cases = dict(Case.objects.values_list("reference", "customer__customer_ref"))
    assert cases == {
        "CS-1": "P-7",
        "CS-2": "P-7",
        "CS-3": "P-8",
        "CS-4": "P-8",
        "CS-5": None,
        "CS-6": "P-CS-6",
    }


def test_reference_rows_are_matched_by_name_and_created_when_missing(folder):
    area = ServiceArea.objects.create(name="Education and SEND")
    team = Team.objects.create(name="SEND Support Services", service_area=area)
    write_set(
        folder,
        {
            fmt.CASES: lines(
                CASE_HEADER,
                case_line("CS-1", service_area=" Education and SEND ", team="SEND Support Services"),
                case_line("CS-2", service_area="Youth Justice", team="Youth Offending Team"),
                case_line("CS-3", service_area="youth justice", team=""),
            ),
            fmt.INVESTIGATIONS: lines(
                INVESTIGATION_HEADER,
                investigation_line(
                    "CS-1",
                    team="Transport Team",
                    investigator="Helen Ward",
                    problem_category="Service standards",
                    problem_subcategory="Delay",
                    themes="EHC plans; Transport ;EHC plans;",
                ),
                investigation_line(
                    "CS-2", problem_category="Policy", problem_subcategory="Delay", themes="Transport"
                ),
            ),
        },
    )
    import_set(folder)
    cases = {c.reference: c for c in Case.objects.select_related("service_area", "team")}
    assert cases["CS-1"].service_area == area and cases["CS-1"].team == team
    assert cases["CS-2"].service_area.name == "Youth Justice"
    # Names are case-sensitive text: a different spelling is a different service area.
    assert cases["CS-3"].service_area.name == "youth justice"
    assert Team.objects.get(name="Youth Offending Team").service_area.name == "Youth Justice"
    assert Team.objects.get(name="Transport Team").service_area is None
    investigation = Investigation.objects.get(case__reference="CS-1")
    assert investigation.investigator_name == "Helen Ward" and investigation.investigator is None
    assert investigation.problem_subcategory.category.name == "Service standards"
    assert sorted(investigation.themes.values_list("name", flat=True)) == ["EHC plans", "Transport"]
    assert sorted(ProblemSubcategory.objects.values_list("category__name", "name")) == [
        ("Policy", "Delay"),
        ("Service standards", "Delay"),
    ]
    assert Theme.objects.count() == 2


def test_a_zip_of_the_files_in_a_folder_or_at_its_root(tmp_path):
    for inner in ("", "export-2026/"):
        path = tmp_path / f"set{len(inner)}.zip"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr(inner + fmt.CASES, lines(CASE_HEADER, case_line(f"CS-{len(inner)}")))
            archive.writestr(inner + fmt.LEARNING, lines(LEARNING_HEADER, learning_line(f"CS-{len(inner)}")))
            archive.writestr(inner + "README.txt", "not part of the set")
        import_set(path)
    assert sorted(Case.objects.values_list("reference", flat=True)) == ["CS-0", "CS-12"]
    assert Learning.objects.count() == 2


def test_a_dry_run_checks_but_writes_nothing(folder):
    write_set(
        folder,
        {
            fmt.CASES: lines(CASE_HEADER, case_line("CS-1", service_area="New area")),
            fmt.INVESTIGATIONS: lines(INVESTIGATION_HEADER, investigation_line(themes="New theme")),
        },
    )
    result = import_set(folder, dry_run=True)
    assert result.dry_run and result.cases == 1
    assert Case.objects.count() == Customer.objects.count() == ServiceArea.objects.count() == 0
    assert Theme.objects.count() == CaseEvent.objects.count() == 0


def test_each_case_added_gets_one_imported_event(folder):
    write_set(folder, {fmt.CASES: lines(CASE_HEADER, case_line("CS-1"), case_line("CS-2"))})
    import_set(folder)
    events = list(CaseEvent.objects.values_list("case__reference", "kind"))
    assert sorted(events) == [("CS-1", EventKind.IMPORTED), ("CS-2", EventKind.IMPORTED)]


def test_re_importing_a_reference_updates_the_case_and_replaces_what_it_had(folder, tmp_path):
    write_set(
        folder,
        {
            fmt.CASES: lines(CASE_HEADER, case_line("CS-1"), case_line("CS-2")),
            fmt.INVESTIGATIONS: lines(
                INVESTIGATION_HEADER,
                investigation_line("CS-1", themes="EHC plans"),
                investigation_line("CS-1", number="2"),
                investigation_line("CS-2"),
            ),
            fmt.OMBUDSMAN: lines(OMBUDSMAN_HEADER, ombudsman_line("CS-1")),
            fmt.LEARNING: lines(LEARNING_HEADER, learning_line("CS-1"), learning_line("CS-2")),
        },
    )
    import_set(folder)
    case_1 = Case.objects.get(reference="CS-1")
    again = tmp_path / "again"
    write_set(
        again,
        {
            fmt.CASES: lines(CASE_HEADER, case_line("CS-1", summary="Changed", closed_on="2021-07-01")),
            fmt.INVESTIGATIONS: lines(
                INVESTIGATION_HEADER,
                investigation_line("CS-1", closed_on="2021-06-30", outcome="upheld", themes="Transport"),
            ),
            fmt.OMBUDSMAN: lines(OMBUDSMAN_HEADER),  # given, with no referral for CS-1
            fmt.LEARNING: lines(LEARNING_HEADER, learning_line("CS-1", kind="action", category="Apology")),
        },
    )
    result = import_set(again)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    case_1.refresh_from_db()
    assert (case_1.summary, case_1.status, case_1.closed_on) == ("Changed", "closed", d(2021, 7, 1))
    assert Case.objects.count() == 2
    investigations = list(Investigation.objects.filter(case=case_1).values_list("number", "outcome"))
    assert investigations == [(1, "upheld")]
    assert list(Investigation.objects.get(case=case_1).themes.values_list("name", flat=True)) == ["Transport"]
    assert not OmbudsmanReferral.objects.filter(case=case_1).exists()
    assert list(Learning.objects.filter(case=case_1).values_list("kind", "category")) == [
        ("action", "Apology")
    ]
    # CS-2 was not in the second set: it keeps what it had.
    assert Investigation.objects.filter(case__reference="CS-2").count() == 1
    assert Learning.objects.filter(case__reference="CS-2").count() == 1
    assert CaseEvent.objects.filter(case=case_1, kind=EventKind.IMPORTED).count() == 2


def test_re_importing_an_unchanged_case_writes_nothing(folder):
    write_set(
        folder,
        {
            fmt.CASES: lines(CASE_HEADER, case_line("CS-1")),
            fmt.INVESTIGATIONS: lines(INVESTIGATION_HEADER, investigation_line(themes="B;A")),
        },
    )
    import_set(folder)
    ids = list(Investigation.objects.values_list("pk", flat=True))
    result = import_set(folder)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert list(Investigation.objects.values_list("pk", flat=True)) == ids
    assert CaseEvent.objects.count() == 1


def test_column_names_ignore_case_and_surrounding_spaces(folder):
    write_set(
        folder,
        {fmt.CASES: lines(" Reference ,KIND,Received_On,service_area", "CS-1,comment,2021-05-04,Early Help")},
    )
    import_set(folder)
    assert Case.objects.get().reference == "CS-1"


def test_progress_bars_do_not_change_what_is_written(folder, capsys):
    write_set(
        folder,
        {
            fmt.CASES: lines(CASE_HEADER, case_line("CS-1"), case_line("CS-2")),
            fmt.INVESTIGATIONS: lines(INVESTIGATION_HEADER, investigation_line("CS-1", themes="Transport")),
        },
    )
    result = interchange_import(path=folder, show_progress=True)
    assert (result.created, result.investigations) == (2, 1)
    assert "Checking" in capsys.readouterr().err


def test_a_file_left_out_of_a_re_import_replaces_nothing_but_an_empty_one_does(folder, tmp_path):
    write_set(
        folder,
        {
            fmt.CASES: lines(CASE_HEADER, case_line("CS-1")),
            fmt.INVESTIGATIONS: lines(INVESTIGATION_HEADER, investigation_line("CS-1")),
            fmt.LEARNING: lines(LEARNING_HEADER, learning_line("CS-1")),
        },
    )
    import_set(folder)
    # cases.csv alone, with a new summary: the case changes, its investigation and learning stay.
    write_set(tmp_path / "cases-only", {fmt.CASES: lines(CASE_HEADER, case_line("CS-1", summary="New"))})
    result = import_set(tmp_path / "cases-only")
    assert (result.updated, result.unchanged) == (1, 0)
    assert Case.objects.get().summary == "New"
    assert Investigation.objects.count() == 1 and Learning.objects.count() == 1
    # The same again changes nothing.
    assert import_set(tmp_path / "cases-only").unchanged == 1
    # An investigations.csv with no rows for the case: its investigations are replaced by none.
    write_set(
        tmp_path / "no-investigations",
        {
            fmt.CASES: lines(CASE_HEADER, case_line("CS-1", summary="New")),
            fmt.INVESTIGATIONS: lines(INVESTIGATION_HEADER),
        },
    )
    assert import_set(tmp_path / "no-investigations").updated == 1
    assert Investigation.objects.count() == 0 and Learning.objects.count() == 1
