"""The import, export and generate commands as a user runs them."""

import datetime
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command

from heard.cases.models import Case
from heard.interchange import format as fmt
from heard.interchange.tests.helpers import (
    CASE_HEADER,
    INVESTIGATION_HEADER,
    case_line,
    investigation_line,
    lines,
    write_set,
)
from heard.reporting.models import PublishedFigure

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_prints_every_error_and_fails(tmp_path):
    write_set(
        tmp_path,
        {fmt.CASES: lines(CASE_HEADER, case_line("CS-1", kind="x"), case_line("CS-2", received_on=""))},
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 errors: nothing was imported"):
        call_command("import", str(tmp_path), stdout=io.StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        "cases.csv:2: kind: 'x' is not one of: complaint, compliment, comment",
        "cases.csv:3: received_on: is required",
    ]
    assert not Case.objects.exists()


def test_import_dry_run_and_import(tmp_path):
    write_set(tmp_path, {fmt.CASES: lines(CASE_HEADER, case_line("CS-1"))})
    out, _ = run("import", str(tmp_path), "--dry-run")
    assert out.startswith("No errors in 1 cases: nothing written (dry run).\n")
    assert not Case.objects.exists()
    out, _ = run("import", str(tmp_path))
    assert out.startswith("Imported 1 cases: 1 new, 0 updated, 0 unchanged;")
    assert Case.objects.count() == 1


def test_import_of_a_path_that_is_not_there(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        run("import", str(tmp_path / "nowhere"))


def test_generate_then_import_then_export(tmp_path):
    out, _ = run(
        "generate", "--cases", "50", "--seed", "1", "--out", str(tmp_path / "set"), "--first-year", "2020"
    )
    assert out.startswith("Wrote 50 cases")
    run("import", str(tmp_path / "set"))
    out, _ = run("export", str(tmp_path / "out.zip"))
    assert out.startswith(f"Exported to {tmp_path / 'out.zip'}: cases.csv 50 rows")


def test_new_service_areas_and_teams_are_listed_by_a_dry_run_and_by_the_import(tmp_path):
    from heard.cases.tests.factories import ServiceAreaFactory

    ServiceAreaFactory(name="Children's Social Care")
    write_set(
        tmp_path,
        {
            fmt.CASES: lines(
                CASE_HEADER,
                case_line("CS-1", service_area="Children's Social Care", team="Fostering Team"),
                case_line("CS-2", service_area="Childrens Social Care", team="Fostering Team"),
            )
        },
    )
    out, _ = run("import", str(tmp_path), "--dry-run")
    assert "New service area (would create, not in Heard before): Childrens Social Care" in out
    assert "New team (would create, not in Heard before): Fostering Team" in out
    assert not Case.objects.exists()
    out, _ = run("import", str(tmp_path))
    assert "New service area (created, not in Heard before): Childrens Social Care" in out
    assert Case.objects.count() == 2
    out, _ = run("import", str(tmp_path))
    assert "New service area" not in out and "New team" not in out


def test_published_figures_are_counted_kept_when_left_out_and_replaced_when_given(tmp_path):
    figures = "year,measure,value,source\n2018/19,compliments,40,\n2018/19,upheld_pct,13,\n"
    write_set(
        tmp_path / "first", {fmt.CASES: lines(CASE_HEADER, case_line("CS-1")), fmt.PUBLISHED_FIGURES: figures}
    )
    out, _ = run("import", str(tmp_path / "first"), "--dry-run")
    assert out.startswith("No errors in 1 cases and 2 published figures: nothing written (dry run).")
    out, _ = run("import", str(tmp_path / "first"))
    assert "learning and action rows and 2 published figures; 1 new customers." in out

    # A re-import without the file keeps them; with it, the file replaces them all.
    write_set(tmp_path / "second", {fmt.CASES: lines(CASE_HEADER, case_line("CS-1"))})
    run("import", str(tmp_path / "second"))
    assert PublishedFigure.objects.count() == 2
    write_set(
        tmp_path / "second", {fmt.PUBLISHED_FIGURES: "year,measure,value,source\n2017/18,compliments,35,\n"}
    )
    run("import", str(tmp_path / "second"))
    assert list(PublishedFigure.objects.values_list("year", "measure", "value")) == [
        (2017, "compliments", 35.0)
    ]


@time_machine.travel(datetime.datetime(2026, 12, 6, 10, tzinfo=datetime.UTC), tick=False)
def test_values_that_look_like_mistakes_are_listed_with_where_they_are(tmp_path):
    from heard.cases.tests.factories import ServiceAreaFactory, TeamFactory

    area = ServiceAreaFactory(name="Children's Social Care")
    TeamFactory(name="Fostering Team", service_area=area)
    write_set(
        tmp_path,
        {
            fmt.CASES: lines(
                CASE_HEADER,
                case_line("CS-1", received_on="2099-01-01", customer_email="alex.example.com"),
                case_line("CS-2", customer_phone="ask at reception", team="fostering  team"),
                case_line("CS-3", customer_phone="+44 (0)1743 252 000", service_area="childrens social care"),
                case_line("CS-4", received_on="2026-12-06", closed_on="2026-12-07", status="closed"),
            ),
            fmt.INVESTIGATIONS: lines(
                INVESTIGATION_HEADER, investigation_line("CS-4", opened_on="2026-12-06", due_on="2026-12-20")
            ),
        },
    )
    expected = [
        "  cases.csv:2: received_on: 2099-01-01 is after the day of the import (2026-12-06)",
        "  cases.csv:2: customer_email: 'alex.example.com' is not an email address",
        "  cases.csv:3: customer_phone: 'ask at reception' is not a phone number",
        "  cases.csv:5: closed_on: 2026-12-07 is after the day of the import (2026-12-06)",
        "  New service area 'childrens social care' differs from \"Children's Social Care\" only in letter "
        "case, spacing or punctuation",
        "  New team 'fostering  team' differs from 'Fostering Team' only in letter case, spacing or punctuation",
    ]
    out, _ = run("import", str(tmp_path), "--dry-run")
    assert "Check these 6 values: they would be imported as they are" in out
    assert out.splitlines()[-6:] == expected  # a due date in the future is not one of them
    out, _ = run("import", str(tmp_path))
    assert "Check these 6 values: they were imported as they are" in out
    assert out.splitlines()[-6:] == expected
    assert Case.objects.count() == 4
