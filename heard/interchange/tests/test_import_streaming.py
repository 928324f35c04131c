"""The import in two passes: every row checked before anything is written, however many rows there
are and however late the wrong one comes; the checked rows written from the spool in batches, with
keys the database goes on from; and the one column schema that import and export share."""

import datetime

import pytest
import time_machine

from heard.cases.models import (
    Case,
    CaseEvent,
    Customer,
    Investigation,
    Learning,
    OmbudsmanReferral,
    ServiceArea,
    Team,
    Theme,
)
from heard.cases.tests.factories import CaseFactory, CustomerFactory, OpenInvestigationFactory
from heard.interchange import format as fmt
from heard.interchange import importer
from heard.interchange.exporter import interchange_export
from heard.interchange.tests.helpers import (
    CASE_HEADER,
    INVESTIGATION_HEADER,
    LEARNING_HEADER,
    OMBUDSMAN_HEADER,
    case_line,
    errors_of,
    import_set,
    investigation_line,
    learning_line,
    lines,
    ombudsman_line,
    read_csv,
    write_set,
)
from heard.reporting.models import PublishedFigure

pytestmark = pytest.mark.django_db

CASES = 120


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    """Batches of 7 rows, so that a set of a hundred cases is spooled and written in many; the day
    of the import fixed (dates after it are warned about)."""
    monkeypatch.setattr(importer, "BATCH", 7)
    with time_machine.travel(datetime.datetime(2026, 12, 6, 10, tzinfo=datetime.UTC), tick=False):
        yield


def a_full_set(folder, *, cases: int = CASES, first: int = 1, **extra: str):
    """Complaints CS-first.. with a closed stage 1 investigation each (themed), a learning row each
    and an Ombudsman referral for every tenth; ``extra`` adds rows at the end of a file."""
    references = [f"CS-{n:05d}" for n in range(first, first + cases)]
    files = {
        fmt.CASES: [case_line(ref, status="closed", closed_on="2021-07-01") for ref in references],
        fmt.INVESTIGATIONS: [
            investigation_line(
                ref,
                closed_on="2021-07-01",
                outcome="upheld",
                problem_category="Communication",
                themes="Delay;Staff attitude",
            )
            for ref in references
        ],
        fmt.LEARNING: [learning_line(ref) for ref in references],
        fmt.OMBUDSMAN: [ombudsman_line(ref) for ref in references[::10]],
    }
    headers = {
        fmt.CASES: CASE_HEADER,
        fmt.INVESTIGATIONS: INVESTIGATION_HEADER,
        fmt.LEARNING: LEARNING_HEADER,
        fmt.OMBUDSMAN: OMBUDSMAN_HEADER,
    }
    for name, row in extra.items():
        files[name].append(row)
    return write_set(folder, {name: lines(headers[name], *rows) for name, rows in files.items()})


def nothing_written() -> bool:
    return not any(
        model.objects.exists()
        for model in (
            Case,
            Customer,
            Investigation,
            Learning,
            OmbudsmanReferral,
            CaseEvent,
            ServiceArea,
            Team,
            Theme,
        )
    )


def test_a_wrong_row_at_the_end_of_the_last_file_writes_nothing(tmp_path):
    folder = a_full_set(tmp_path / "set", **{fmt.LEARNING: learning_line("CS-99999")})

    assert errors_of(folder) == [
        f"learning.csv:{CASES + 2}: case_reference: 'CS-99999' is not a reference in cases.csv"
    ]
    assert nothing_written()


def test_a_wrong_row_at_the_end_of_cases_writes_nothing_and_later_files_are_still_checked(tmp_path):
    folder = a_full_set(
        tmp_path / "set",
        **{
            fmt.CASES: case_line("CS-LAST", received_on="2021-02-30"),
            fmt.INVESTIGATIONS: investigation_line("CS-00001", stage="4"),
        },
    )

    assert errors_of(folder) == [
        f"cases.csv:{CASES + 2}: received_on: '2021-02-30' is not a date written as YYYY-MM-DD",
        f"investigations.csv:{CASES + 2}: stage: '4' is not one of: 1, 2, 3",
    ]
    assert nothing_written()


def test_a_set_written_in_many_batches_is_exported_exactly_as_it_was_read(tmp_path):
    folder = a_full_set(tmp_path / "set")

    result = import_set(folder)

    assert (result.created, result.investigations, result.learning, result.referrals) == (
        CASES,
        CASES,
        CASES,
        12,
    )
    assert result.customers_created == CASES
    assert CaseEvent.objects.filter(kind="imported").count() == CASES
    interchange_export(path=tmp_path / "out")
    for name in (fmt.CASES, fmt.LEARNING):
        assert read_csv(tmp_path / "out" / name)[1:] == read_csv(folder / name)[1:]
    referrals = read_csv(tmp_path / "out" / fmt.OMBUDSMAN)[1:]
    assert [row[0] for row in referrals] == [f"CS-{n:05d}" for n in range(1, CASES + 1, 10)]
    assert {(row[3], row[5]) for row in referrals} == {("2021-09-29", "pending")}  # the blanks filled
    exported = read_csv(tmp_path / "out" / fmt.INVESTIGATIONS)[1:]
    assert len(exported) == CASES
    assert {row[-1] for row in exported} == {"Delay;Staff attitude"}
    assert {row[6] for row in exported} == {"2021-06-21"}  # statutory stage 1: 10 working days
    # Every investigation of a case is that case's own, and every theme link its investigation's.
    for investigation in Investigation.objects.select_related("case").prefetch_related("themes")[:20]:
        assert [t.name for t in investigation.themes.all()] == ["Delay", "Staff attitude"]
    assert all(row[0] == f"CS-{n:05d}" for n, row in enumerate(exported, start=1))


def test_rows_added_after_an_import_get_keys_of_their_own(tmp_path):
    CaseFactory.create_batch(3)  # rows already there: the import counts on from their keys
    import_set(a_full_set(tmp_path / "set"))
    import_set(a_full_set(tmp_path / "more", cases=10, first=CASES + 1))

    assert Case.objects.count() == CASES + 10 + 3
    assert len(set(Case.objects.values_list("customer_id", flat=True))) == CASES + 10 + 3
    # The database's own counters go on after the imported keys (PostgreSQL's sequences).
    case = CaseFactory()
    investigation = OpenInvestigationFactory(case=case)
    customer = CustomerFactory()
    assert case.pk > max(Case.objects.exclude(pk=case.pk).values_list("pk", flat=True))
    assert investigation.pk > max(
        Investigation.objects.exclude(pk=investigation.pk).values_list("pk", flat=True)
    )
    assert customer.pk > max(Customer.objects.exclude(pk=customer.pk).values_list("pk", flat=True))
    assert Investigation.objects.filter(case__reference=f"CS-{CASES + 10:05d}").get().themes.count() == 2


def test_re_importing_a_set_written_in_batches_changes_only_what_changed(tmp_path):
    import_set(a_full_set(tmp_path / "set"))
    folder = a_full_set(tmp_path / "again")
    cases = (
        (folder / fmt.CASES)
        .read_text()
        .replace("CS-00050,complaint,2021-06-07", "CS-00050,complaint,2021-06-08")
    )
    (folder / fmt.CASES).write_text(cases)

    result = import_set(folder)

    assert (result.created, result.updated, result.unchanged) == (0, 1, CASES - 1)
    assert Case.objects.get(reference="CS-00050").received_on == datetime.date(2021, 6, 8)
    assert Investigation.objects.count() == CASES
    assert Learning.objects.count() == CASES
    assert CaseEvent.objects.filter(case__reference="CS-00050").count() == 2


def test_a_dry_run_spools_but_writes_nothing(tmp_path):
    result = import_set(a_full_set(tmp_path / "set"), dry_run=True)

    assert result.dry_run and result.cases == CASES
    assert nothing_written()
    assert not PublishedFigure.objects.exists()


def test_every_column_that_import_writes_is_a_field_of_its_model():
    models = {
        fmt.CASES: Case,
        fmt.INVESTIGATIONS: Investigation,
        fmt.OMBUDSMAN: OmbudsmanReferral,
        fmt.LEARNING: Learning,
        fmt.PUBLISHED_FIGURES: PublishedFigure,
    }
    for name, columns in fmt.SCHEMA.items():
        attnames = {f.attname for f in models[name]._meta.concrete_fields}
        for column in columns:
            assert not column.field or column.field in attnames, (name, column.name)
    assert [c.name for c in fmt.SCHEMA[fmt.CASES]] == list(fmt.COLUMNS[fmt.CASES])
    assert fmt.ROW[fmt.INVESTIGATIONS](*fmt.COLUMNS[fmt.INVESTIGATIONS]).opened_on == "opened_on"
