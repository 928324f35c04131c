"""A small file set with the variations the format allows (data/sample: a BOM, headers and listed
values in other cases and with spaces, yes/no and 1/0 booleans, blank status, number, due dates
and decision, a quoted newline) and its export, checked by hand (data/sample-export): the due
dates are the procedures' timescales over Easter and the spring bank holiday of 2021, the second
case of customer P-100 carries the details given on the first, rows are in reference order, and
published figures (a whole count written 40.0, a percentage 13) come out sorted by year and measure."""

from pathlib import Path

import pytest

from heard.interchange import format as fmt
from heard.interchange.exporter import interchange_export
from heard.interchange.tests.helpers import import_set

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


def test_the_sample_set_exports_as_checked_by_hand(tmp_path):
    import_set(DATA / "sample")
    interchange_export(path=tmp_path)
    for name in fmt.FILES:
        assert (tmp_path / name).read_bytes() == (DATA / "sample-export" / name).read_bytes(), name


def test_the_checked_export_imports_and_exports_unchanged(tmp_path):
    import_set(DATA / "sample-export")
    interchange_export(path=tmp_path)
    for name in fmt.FILES:
        assert (tmp_path / name).read_bytes() == (DATA / "sample-export" / name).read_bytes(), name
