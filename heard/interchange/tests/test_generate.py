"""The synthetic data set: deterministic, valid, and shaped like a Children's Services year."""

import csv
from collections import Counter

import pytest

from heard.interchange import format as fmt
from heard.interchange.generator import generate
from heard.interchange.importer import FileSet, read_file_set

# The generator reads the council's rule sets and closure days.
pytestmark = pytest.mark.django_db


def rows(folder, name):
    with open(folder / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def data_set(tmp_path_factory, django_db_setup, django_db_blocker):
    folder = tmp_path_factory.mktemp("generated")
    with django_db_blocker.unblock():  # the generator reads the rule sets and closure days
        generate(cases=6000, seed=3, out=folder, first_year=2019, years=3)
    return folder


def test_the_same_seed_gives_the_same_files_and_another_seed_others(tmp_path):
    for name, seed in [("a", 5), ("b", 5), ("c", 6)]:
        generate(cases=300, seed=seed, out=tmp_path / name, first_year=2020, years=2)
    for name in fmt.FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert (tmp_path / "a" / fmt.CASES).read_bytes() != (tmp_path / "c" / fmt.CASES).read_bytes()


def test_it_imports_without_an_error(data_set):
    files = FileSet(data_set)
    data, errors = read_file_set(files)
    assert errors == []
    assert len(data.cases) == 6000


def test_proportions_follow_the_annual_reports(data_set):
    cases = rows(data_set, fmt.CASES)
    assert len(cases) == 6000
    kinds = Counter(case["kind"] for case in cases)
    assert 0.72 < kinds["complaint"] / 6000 < 0.78
    assert 0.17 < kinds["compliment"] / 6000 < 0.23
    assert 0.03 < kinds["comment"] / 6000 < 0.07
    complaints = [case for case in cases if case["kind"] == "complaint"]
    assert all(case["customer_ref"] and case["procedure"] for case in complaints)
    assert 0.12 < sum(case["looked_after_child"] == "true" for case in complaints) / len(complaints) < 0.19
    assert 0 < sum(case["made_by_child"] == "true" for case in complaints) < 0.03 * len(complaints)

    stage_1 = [row for row in rows(data_set, fmt.INVESTIGATIONS) if row["stage"] == "1"]
    procedure = {case["reference"]: case["procedure"] for case in complaints}
    corporate = sum(procedure[row["case_reference"]] == "corporate" for row in stage_1) / len(stage_1)
    assert 0.63 < corporate < 0.73
    outcomes = Counter(row["outcome"] for row in stage_1 if row["closed_on"])
    closed = sum(outcomes.values())
    assert 0.11 < outcomes["upheld"] / closed < 0.17
    assert 0.33 < outcomes["partially_upheld"] / closed < 0.41
    assert 0.34 < outcomes["not_upheld"] / closed < 0.42

    beyond = {row["case_reference"] for row in rows(data_set, fmt.INVESTIGATIONS) if row["stage"] != "1"}
    beyond |= {row["case_reference"] for row in rows(data_set, fmt.OMBUDSMAN)}
    assert 0.02 < len(beyond) / len(complaints) < 0.08


def test_volumes_follow_the_seasons(data_set):
    months = Counter(case["received_on"][5:7] for case in rows(data_set, fmt.CASES))
    assert months["04"] > months["11"] and months["10"] > months["08"]
