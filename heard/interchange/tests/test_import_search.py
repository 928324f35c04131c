"""The import and the search index: the cases an import adds or changes are found by search, in
the list's order, and an import that fails leaves the index (and what keeps it) as it was."""

import datetime

import pytest

from heard.cases.models import Case
from heard.cases.selectors import CaseFilters, case_list
from heard.cases.tests.factories import CaseFactory
from heard.interchange import format as fmt
from heard.interchange import importer
from heard.interchange.tests.helpers import CASE_HEADER, case_line, import_set, lines, write_set

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 20)


def found(user, q: str) -> list[str]:
    return [case.reference for case in case_list(user, CaseFilters(q=q), today=TODAY).cases]


def test_cases_added_and_changed_by_an_import_are_found_in_the_lists_order(officer, tmp_path):
    write_set(
        tmp_path / "first",
        {
            fmt.CASES: lines(
                CASE_HEADER,
                case_line("CS-1", summary="Respite care stopped", received_on="2021-06-07"),
                case_line("CS-2", summary="Respite weekend cancelled", received_on="2021-06-08"),
                case_line("CS-3", summary="Transport late", customer_name="Robin Quayle"),
            )
        },
    )
    import_set(tmp_path / "first")
    assert found(officer, "respite") == ["CS-2", "CS-1"]
    assert found(officer, "Quayle") == ["CS-3"]

    write_set(
        tmp_path / "again",
        {
            fmt.CASES: lines(
                CASE_HEADER,
                # Received later than CS-2 after all, and its summary corrected.
                case_line("CS-1", summary="Respite care withdrawn", received_on="2021-06-09"),
                case_line("CS-3", summary="Transport late", customer_name="Robin Quayle-Hart"),
                case_line("CS-4", summary="Respite care refused", received_on="2021-06-01"),
            )
        },
    )
    import_set(tmp_path / "again")
    assert found(officer, "respite") == ["CS-1", "CS-2", "CS-4"]
    assert found(officer, "withdrawn") == ["CS-1"]
    assert found(officer, "stopped") == []
    assert found(officer, "Hart") == ["CS-3"]
    assert (
        case_list(officer, CaseFilters(q="respite", sort="oldest"), today=TODAY).cases[0].reference == "CS-4"
    )


def test_an_import_that_fails_while_writing_indexes_nothing_and_search_keeps_following_writes(
    officer, tmp_path, monkeypatch
):
    write_set(tmp_path / "set", {fmt.CASES: lines(CASE_HEADER, case_line("CS-1", summary="Respite care"))})
    real_write = importer.write

    def write_then_fail(*args, **kwargs):
        real_write(*args, **kwargs)
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(importer, "write", write_then_fail)
    with pytest.raises(RuntimeError):
        import_set(tmp_path / "set")
    assert not Case.objects.exists()
    assert case_list(officer, CaseFilters(q="respite"), today=TODAY).count == 0

    # The index follows ordinary writes again.
    case = CaseFactory(summary="Respite care was cancelled")
    assert found(officer, "respite") == [case.reference]
    monkeypatch.setattr(importer, "write", real_write)
    import_set(tmp_path / "set")
    assert sorted(found(officer, "respite")) == sorted(["CS-1", case.reference])
