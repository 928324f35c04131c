"""A cell met again is not checked again, but what the check says is said on every row it applies
to: a wrong value on each row it is on, a date after the day of the import on each row."""

import datetime

import pytest
import time_machine

from heard.cases.models import Case
from heard.interchange import format as fmt
from heard.interchange import importer
from heard.interchange.tests.helpers import CASE_HEADER, case_line, errors_of, import_set, lines, write_set

pytestmark = pytest.mark.django_db


def test_a_wrong_value_repeated_is_reported_on_every_row(tmp_path):
    folder = write_set(
        tmp_path / "set",
        {
            fmt.CASES: lines(
                CASE_HEADER,
                case_line("CS-1", channel="fax"),
                case_line("CS-2", channel="email"),
                case_line("CS-3", channel="fax"),
                case_line("CS-4", received_on="2021-02-30"),
                case_line("CS-5", received_on="2021-02-30"),
            )
        },
    )
    assert errors_of(folder) == [
        "cases.csv:2: channel: 'fax' is not one of: email, phone, web, letter, in_person, other",
        "cases.csv:4: channel: 'fax' is not one of: email, phone, web, letter, in_person, other",
        "cases.csv:5: received_on: '2021-02-30' is not a date written as YYYY-MM-DD",
        "cases.csv:6: received_on: '2021-02-30' is not a date written as YYYY-MM-DD",
    ]
    assert not Case.objects.exists()


@time_machine.travel(datetime.datetime(2026, 12, 6, 10, tzinfo=datetime.UTC), tick=False)
def test_a_date_after_the_day_of_the_import_is_listed_on_every_row(tmp_path):
    folder = write_set(
        tmp_path / "set",
        {
            fmt.CASES: lines(
                CASE_HEADER,
                case_line("CS-1", kind="comment", procedure="", received_on="2026-12-07"),
                case_line("CS-2", kind="comment", procedure="", received_on="2026-12-07"),
            )
        },
    )
    result = import_set(folder)
    assert result.warnings == [
        "cases.csv:2: received_on: 2026-12-07 is after the day of the import (2026-12-06)",
        "cases.csv:3: received_on: 2026-12-07 is after the day of the import (2026-12-06)",
    ]


def test_columns_of_values_that_do_not_repeat_are_still_checked_once_many_are_known(tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "KNOWN_PER_COLUMN", 2)
    rows = [case_line(f"CS-{i}", team=f"Team {i}") for i in range(1, 6)]
    folder = write_set(tmp_path / "good", {fmt.CASES: lines(CASE_HEADER, *rows)})
    assert import_set(folder).created == 5
    assert sorted(Case.objects.values_list("team__name", flat=True)) == [f"Team {i}" for i in range(1, 6)]
    bad = write_set(
        tmp_path / "bad",
        {fmt.CASES: lines(CASE_HEADER, *rows, case_line("CS-6", team="x" * 201, channel="fax"))},
    )
    assert errors_of(bad) == [
        "cases.csv:7: channel: 'fax' is not one of: email, phone, web, letter, in_person, other",
        "cases.csv:7: team: is longer than 200 characters",
    ]
