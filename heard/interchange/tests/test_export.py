"""Export writes every file and column in the format's order, sorted, and round-trips exactly."""

import datetime
import zipfile

import pytest
from django.db.models import Model

from heard.cases.models import (
    Case,
    CaseEvent,
    Customer,
    Investigation,
    Learning,
    OmbudsmanReferral,
    ProblemCategory,
    ProblemSubcategory,
    ServiceArea,
    Team,
    Theme,
)
from heard.cases.tests.factories import (
    CaseFactory,
    ClosedInvestigationFactory,
    ComplimentFactory,
    OmbudsmanReferralFactory,
    ThemeFactory,
)
from heard.interchange import format as fmt
from heard.interchange.exporter import interchange_export
from heard.interchange.generator import generate
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
    read_csv,
    write_set,
)

pytestmark = pytest.mark.django_db
d = datetime.date
MODELS: list[type[Model]] = [
    Case,
    Customer,
    Investigation,
    Investigation.themes.through,
    OmbudsmanReferral,
    Learning,
    CaseEvent,
]
REFERENCE_MODELS: list[type[Model]] = [ServiceArea, Team, ProblemCategory, ProblemSubcategory, Theme]


def empty_the_database() -> None:
    for model in [*MODELS, *REFERENCE_MODELS]:
        model._default_manager.all()._raw_delete(model._default_manager.db)


def row_counts() -> dict[str, int]:
    return {model._meta.db_table: model._default_manager.count() for model in [*MODELS, *REFERENCE_MODELS]}


def files_of(folder) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in fmt.FILES}


def test_every_file_and_column_in_order_with_the_formats_of_the_spec(tmp_path):
    case = CaseFactory(
        reference="CS-2025-00001",
        team__name="Fostering Team",
        customer__customer_ref="P-1",
        customer__name="Alex Parent",
        customer__email="alex@example.com",
        looked_after_child=True,
        acknowledged_on=d(2025, 6, 3),
    )
    investigation = ClosedInvestigationFactory(case=case, investigator_name="Jo Manager")
    investigation.themes.add(ThemeFactory(name="Transport"), ThemeFactory(name="EHC plans"))
    OmbudsmanReferralFactory(case=case, ombudsman_reference="25 001 123")
    Learning.objects.create(case=case, kind="action", category="Apology", due_on=d(2025, 7, 1))
    ComplimentFactory(reference="CS-2025-00002", team=None, customer=None, channel="")

    interchange_export(path=tmp_path)

    assert (tmp_path / fmt.CASES).read_bytes().decode("utf-8") == lines(
        CASE_HEADER,
        "CS-2025-00001,complaint,2025-06-02,email,Children's Social Care,Fostering Team,"
        "Not told about the change of social worker,P-1,Alex Parent,alex@example.com,,"
        "false,,false,false,true,statutory,2025-06-03,open,",
        "CS-2025-00002,compliment,2025-06-02,,Children's Social Care,,Thank you to the fostering team,"
        ",,,,false,,false,false,false,,,open,",
    )
    assert read_csv(tmp_path / fmt.INVESTIGATIONS) == [
        list(fmt.COLUMNS[fmt.INVESTIGATIONS]),
        [
            "CS-2025-00001",
            "1",
            "1",
            "Fostering Team",
            "Jo Manager",
            "2025-06-02",
            "2025-06-16",
            "",
            "2025-06-12",
            "partially_upheld",
            "",
            "",
            "EHC plans;Transport",
        ],
    ]
    assert read_csv(tmp_path / fmt.OMBUDSMAN) == [
        list(fmt.COLUMNS[fmt.OMBUDSMAN]),
        ["CS-2025-00001", "25 001 123", "2025-09-01", "2025-09-29", "", "pending", "", ""],
    ]
    assert read_csv(tmp_path / fmt.LEARNING) == [
        list(fmt.COLUMNS[fmt.LEARNING]),
        ["CS-2025-00001", "action", "Apology", "", "2025-07-01", ""],
    ]


def test_rows_are_sorted_by_reference_in_code_point_order_then_stage_then_number(tmp_path):
    for reference in ["CS-9", "cs-1", "CS-10", "CS-1"]:
        case = CaseFactory(reference=reference)
        for stage, number in [(2, 1), (1, 10), (1, 2)]:
            ClosedInvestigationFactory(case=case, stage=stage, number=number)
        Learning.objects.create(case=case, kind="learning", category="Second")
        Learning.objects.create(case=case, kind="action", category="First")
    interchange_export(path=tmp_path)
    assert [row[0] for row in read_csv(tmp_path / fmt.CASES)[1:]] == ["CS-1", "CS-10", "CS-9", "cs-1"]
    investigations = [tuple(row[:3]) for row in read_csv(tmp_path / fmt.INVESTIGATIONS)[1:]]
    assert investigations[:3] == [("CS-1", "1", "2"), ("CS-1", "1", "10"), ("CS-1", "2", "1")]
    assert [row[0] for row in investigations] == ["CS-1"] * 3 + ["CS-10"] * 3 + ["CS-9"] * 3 + ["cs-1"] * 3
    # Learning of one case stays in the order it was recorded.
    assert [row[2] for row in read_csv(tmp_path / fmt.LEARNING)[1:3]] == ["Second", "First"]


def test_an_empty_database_exports_headers_only(tmp_path):
    counts = interchange_export(path=tmp_path)
    assert counts == dict.fromkeys(fmt.FILES, 0)
    for name in fmt.FILES:
        assert (tmp_path / name).read_bytes().decode("utf-8") == ",".join(fmt.COLUMNS[name]) + "\r\n"


def test_a_zip_holds_the_same_files_as_a_folder(tmp_path):
    ClosedInvestigationFactory()
    interchange_export(path=tmp_path / "folder")
    interchange_export(path=tmp_path / "out.zip")
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        assert sorted(archive.namelist()) == sorted(fmt.FILES)
        for name in fmt.FILES:
            assert archive.read(name) == (tmp_path / "folder" / name).read_bytes()


def test_awkward_text_round_trips_byte_for_byte(tmp_path):
    awkward = 'Said "no", then\r\nwrote again; café ✓  '
    write_set(
        tmp_path / "in",
        {
            fmt.CASES: lines(
                CASE_HEADER,
                case_line("CS-1", summary=awkward, customer_name="Zoë O'Brien, Jr", on_behalf_of_child="yes"),
                case_line("CS-2", kind="comment", procedure="", customer_ref="", customer_name=""),
            ),
            fmt.INVESTIGATIONS: lines(
                INVESTIGATION_HEADER,
                investigation_line(
                    themes="Ünïcode theme;A, with comma", closed_on="2021-06-18", outcome="upheld"
                ),
            ),
            fmt.OMBUDSMAN: lines(OMBUDSMAN_HEADER, ombudsman_line(remedy=awkward)),
            fmt.LEARNING: lines(LEARNING_HEADER, learning_line(detail=awkward)),
        },
    )
    import_set(tmp_path / "in")
    interchange_export(path=tmp_path / "first")
    empty_the_database()
    import_set(tmp_path / "first")
    interchange_export(path=tmp_path / "second")
    assert files_of(tmp_path / "first") == files_of(tmp_path / "second")
    assert Case.objects.get(reference="CS-1").summary == awkward


@pytest.fixture(scope="module")
def generated(tmp_path_factory, django_db_setup, django_db_blocker):
    folder = tmp_path_factory.mktemp("generated")
    with django_db_blocker.unblock():  # the generator reads the rule sets and closure days
        generate(cases=400, seed=7, out=folder, first_year=2019, years=2)
    return folder


def test_import_then_export_then_import_into_an_empty_database_gives_identical_files(generated, tmp_path):
    import_set(generated)
    interchange_export(path=tmp_path / "first")
    empty_the_database()
    import_set(tmp_path / "first")
    interchange_export(path=tmp_path / "second.zip")
    with zipfile.ZipFile(tmp_path / "second.zip") as archive:
        second = {name: archive.read(name) for name in fmt.FILES}
    assert files_of(tmp_path / "first") == second
    assert second[fmt.CASES].count(b"\r\n") == 401


def test_importing_the_same_files_twice_is_the_same_as_once(generated, tmp_path):
    import_set(generated)
    interchange_export(path=tmp_path / "once")
    counts = row_counts()
    result = import_set(generated)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 400)
    interchange_export(path=tmp_path / "twice")
    assert files_of(tmp_path / "once") == files_of(tmp_path / "twice")
    assert row_counts() == counts
