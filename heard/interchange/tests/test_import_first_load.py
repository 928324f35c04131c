"""A first load, into tables that hold nothing yet, builds the tables' indexes after the rows are in:
afterwards the database has every index it had, and an import that fails on the way leaves it as
it was, indexes included."""

import pytest
from django.db import connection

from heard.cases.models import Case, CaseEvent, Customer, Investigation, Learning
from heard.interchange import format as fmt
from heard.interchange import importer
from heard.interchange.tests.helpers import (
    CASE_HEADER,
    INVESTIGATION_HEADER,
    LEARNING_HEADER,
    case_line,
    import_set,
    investigation_line,
    learning_line,
    lines,
    write_set,
)

pytestmark = pytest.mark.django_db


def indexes() -> set[tuple[str, str]]:
    """(table, index) of every index of the tables the import writes (and, on PostgreSQL, of
    every foreign key)."""
    tables = [model._meta.db_table for model in importer.WRITTEN]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'index'")
            return {(table, name) for table, name in cursor.fetchall() if table in tables}
        cursor.execute("SELECT tablename, indexname FROM pg_indexes")
        found = {(table, name) for table, name in cursor.fetchall() if table in tables}
        # PostgreSQL's foreign keys are dropped and added again too.
        cursor.execute("SELECT conrelid::regclass::text, conname FROM pg_constraint WHERE contype = 'f'")
        return found | {(table, name) for table, name in cursor.fetchall() if table in tables}


def a_set(folder, cases: int = 3):
    return write_set(
        folder,
        {
            fmt.CASES: lines(CASE_HEADER, *(case_line(f"CS-{i}") for i in range(1, cases + 1))),
            fmt.INVESTIGATIONS: lines(
                INVESTIGATION_HEADER,
                *(
                    investigation_line(f"CS-{i}", team="Fostering Team", themes="Delay")
                    for i in range(1, cases + 1)
                ),
            ),
            fmt.LEARNING: lines(LEARNING_HEADER, learning_line("CS-1")),
        },
    )


def test_a_first_load_leaves_every_index_in_place(tmp_path):
    before = indexes()
    assert ("cases_case", "case_area_kind_status") in before
    result = import_set(a_set(tmp_path / "set"))
    assert result.created == 3
    assert indexes() == before
    assert Case.objects.filter(service_area__name="Children's Social Care", kind="complaint").count() == 3
    assert Investigation.objects.filter(case__reference="CS-2", themes__name="Delay").count() == 1


def test_a_first_load_that_fails_while_writing_leaves_nothing_and_every_index(tmp_path, monkeypatch):
    before = indexes()
    folder = a_set(tmp_path / "set")
    seen_during_write: list[set] = []
    insert = importer.Inserter.insert

    def failing(self, rows, progress=None):
        if self.table == CaseEvent._meta.db_table:  # the last table written
            seen_during_write.append(indexes())
            raise RuntimeError("the disk is full")
        return insert(self, rows, progress)

    monkeypatch.setattr(importer.Inserter, "insert", failing)
    with pytest.raises(RuntimeError):
        import_set(folder)
    assert seen_during_write and ("cases_case", "case_area_kind_status") not in seen_during_write[0]
    assert indexes() == before
    assert not Case.objects.exists()
    assert not Customer.objects.exists()
    assert not Investigation.objects.exists()
    assert not Learning.objects.exists()


def test_an_import_into_tables_with_rows_keeps_the_indexes_while_it_writes(tmp_path, monkeypatch):
    import_set(write_set(tmp_path / "first", {fmt.CASES: lines(CASE_HEADER, case_line("CS-100"))}))
    before = indexes()
    seen_during_write: list[set] = []
    insert = importer.Inserter.insert

    def watching(self, rows, progress=None):
        seen_during_write.append(indexes())
        return insert(self, rows, progress)

    monkeypatch.setattr(importer.Inserter, "insert", watching)
    result = import_set(a_set(tmp_path / "set"))
    assert result.created == 3
    assert all(seen == before for seen in seen_during_write)
    assert indexes() == before
    assert Case.objects.count() == 4
