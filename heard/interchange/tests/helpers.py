"""Helpers for the interchange tests: write small file sets, import them, read exports."""

import csv
import io
from pathlib import Path

from heard.interchange import format as fmt
from heard.interchange.importer import ImportResult, InterchangeInvalid, interchange_import

CASE_HEADER = ",".join(fmt.COLUMNS[fmt.CASES])
INVESTIGATION_HEADER = ",".join(fmt.COLUMNS[fmt.INVESTIGATIONS])
OMBUDSMAN_HEADER = ",".join(fmt.COLUMNS[fmt.OMBUDSMAN])
LEARNING_HEADER = ",".join(fmt.COLUMNS[fmt.LEARNING])


def case_line(reference: str = "CS-1", **cells: str) -> str:
    """A cases.csv row: a closed statutory complaint received on Monday 7 June 2021 unless told."""
    values = {
        "reference": reference,
        "kind": "complaint",
        "received_on": "2021-06-07",
        "channel": "email",
        "service_area": "Children's Social Care",
        "team": "Fostering Team",
        "summary": "No reply to emails",
        "customer_ref": f"P-{reference}",
        "customer_name": "Alex Parent",
        "customer_email": "alex@example.com",
        "customer_phone": "",
        "on_behalf_of_child": "false",
        "consent": "",
        "advocate_requested": "false",
        "made_by_child": "false",
        "looked_after_child": "false",
        "procedure": "statutory",
        "acknowledged_on": "",
        "status": "",
        "closed_on": "",
    }
    values.update(cells)
    return _line(fmt.CASES, values)


def investigation_line(case_reference: str = "CS-1", **cells: str) -> str:
    values = dict.fromkeys(fmt.COLUMNS[fmt.INVESTIGATIONS], "")
    values.update(case_reference=case_reference, stage="1", opened_on="2021-06-07")
    values.update(cells)
    return _line(fmt.INVESTIGATIONS, values)


def ombudsman_line(case_reference: str = "CS-1", **cells: str) -> str:
    values = dict.fromkeys(fmt.COLUMNS[fmt.OMBUDSMAN], "")
    values.update(case_reference=case_reference, received_on="2021-09-01")
    values.update(cells)
    return _line(fmt.OMBUDSMAN, values)


def learning_line(case_reference: str = "CS-1", **cells: str) -> str:
    values = dict.fromkeys(fmt.COLUMNS[fmt.LEARNING], "")
    values.update(case_reference=case_reference, kind="learning", category="Communication/information")
    values.update(cells)
    return _line(fmt.LEARNING, values)


def _line(name: str, values: dict[str, str]) -> str:
    unknown = set(values) - set(fmt.COLUMNS[name])
    assert not unknown, f"not columns of {name}: {unknown}"
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([values[c] for c in fmt.COLUMNS[name]])
    return out.getvalue()


def write_set(folder: Path, files: dict[str, str | bytes]) -> Path:
    """Write files (text as UTF-8) into a folder; the header is up to the caller."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    return folder


def lines(header: str, *rows: str) -> str:
    return "\r\n".join([header, *rows]) + "\r\n"


def import_set(folder: Path, *, dry_run: bool = False) -> ImportResult:
    return interchange_import(path=folder, dry_run=dry_run)


def errors_of(folder: Path) -> list[str]:
    """The errors an import of the folder reports (it must fail)."""
    try:
        interchange_import(path=folder)
    except InterchangeInvalid as invalid:
        return [str(error) for error in invalid.errors]
    raise AssertionError("the import succeeded, but errors were expected")


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))
