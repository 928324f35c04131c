"""Import: a set of interchange files read and checked in full, then written in bulk in one
transaction, in two passes so that memory does not grow with the number of rows.

The first pass reads every row of every file, turns it into its canonical form
(``heard.interchange.format``: the row exactly as export would write it, with the blanks the format
fills in filled: status, number, decision, due dates) and checks it, cell by cell as the schema
declares and then by the rules of its file. It keeps only what later rows and the writing need (each
case's reference, kind and dates for the due dates of its investigations; each customer's details;
the names of areas, teams, categories and themes) and spools the checked rows to a temporary file.
Nothing is written unless every row of every file is right; otherwise every error is returned as
``FILE:ROW: COLUMN: message``.

The second pass reads the spooled rows back and writes them. It compares each imported case with
what the database already holds under its reference (as export sees it). A new reference adds a
case; a changed one is updated and its investigations, referrals and learning replaced; an unchanged
one is left alone. So importing the same files twice leaves the database exactly as one import does,
events included. New rows are given their keys by the import (counted on from the largest), so that
children refer to their parents without reading them back, and are written with ``executemany``
(SQLite) or ``COPY`` (PostgreSQL) in batches, without building model objects; every case added or
changed gets one ``imported`` event. Into empty tables (a first load), the tables' secondary indexes,
and PostgreSQL's foreign keys, are created again after the rows are in (ADR 0020).
"""

import csv
import io
import json
import marshal
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import NOT_PROVIDED, Max, Model
from django.utils import timezone

from heard.calendar.selectors import council_calendar
from heard.calendar.workdays import WorkingCalendar
from heard.cases.models import (
    Case,
    CaseEvent,
    Customer,
    EventKind,
    Investigation,
    Learning,
    OmbudsmanReferral,
    ProblemCategory,
    ProblemSubcategory,
    ServiceArea,
    Team,
    Theme,
)
from heard.cases.search_index import search_index_deferred
from heard.interchange import exporter
from heard.interchange import format as fmt
from heard.people import keys as people_keys
from heard.procedures import deadlines
from heard.procedures.deadlines import Rules
from heard.procedures.selectors import rule_book
from heard.reporting.models import PublishedFigure

BATCH = 10000
# SQLite's page cache while the import writes, in KiB (its default is 2 MB).
SQLITE_CACHE_KIB = 200_000

# --- Errors -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportError_:
    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}: {self.column}: {self.message}"


class InterchangeInvalid(Exception):
    """The file set has errors; nothing was written."""

    def __init__(self, errors: list[ImportError_]) -> None:
        super().__init__(f"{len(errors)} error{'s' if len(errors) != 1 else ''}: nothing was imported")
        self.errors = errors


# --- Reading the files ----------------------------------------------------------------------------


class FileSet:
    """The interchange files in a folder or a .zip, each opened as text (a leading BOM is dropped)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._zip: zipfile.ZipFile | None = None
        self.members: dict[str, str] = {}
        if self.path.is_dir():
            for name in fmt.FILES:
                if (self.path / name).is_file():
                    self.members[name] = str(self.path / name)
        elif self.path.is_file() and zipfile.is_zipfile(self.path):
            self._zip = zipfile.ZipFile(self.path)
            for info in self._zip.infolist():
                base = info.filename.rsplit("/", 1)[-1]
                if base in fmt.FILES and not info.is_dir() and base not in self.members:
                    self.members[base] = info.filename
        elif not self.path.exists():
            raise FileNotFoundError(f"{self.path} does not exist")
        else:
            raise ValueError(f"{self.path} is neither a folder nor a .zip file")

    def open(self, name: str) -> io.TextIOBase:
        if self._zip is not None:
            return io.TextIOWrapper(self._zip.open(self.members[name]), encoding="utf-8-sig", newline="")
        return open(self.members[name], encoding="utf-8-sig", newline="")

    def size(self, name: str) -> int:
        if self._zip is not None:
            return self._zip.getinfo(self.members[name]).file_size
        return Path(self.members[name]).stat().st_size

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()


def _records(stream: io.TextIOBase, name: str, errors: list[ImportError_]) -> Iterator[tuple[int, list[str]]]:
    """(row number as a spreadsheet shows it, cells) for each record after the header."""
    reader = csv.reader(stream, strict=True)
    row = 0
    while True:
        row += 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            errors.append(ImportError_(name, row, "(row)", f"not valid CSV: {error}"))
            return
        except UnicodeDecodeError:
            errors.append(ImportError_(name, 1, "(file)", "is not UTF-8 text"))
            return
        yield row, record


# --- Checking cells -------------------------------------------------------------------------------

# Characters no text column may hold: C0 controls other than tab and line breaks, and DEL. A NUL
# cannot even be stored by PostgreSQL; the others are corruption from the system the file came from.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _control_characters(name: str, row: int, header: list[str], record: list[str]) -> list[ImportError_]:
    if not _CONTROL.search("".join(record)):
        return []
    return [
        ImportError_(
            name,
            row,
            header[i].strip(),
            f"contains a control character (U+{ord(found.group()):04X}); remove it",
        )
        for i, cell in enumerate(record)
        if (found := _CONTROL.search(cell))
    ]


class Cells:
    """Checks of single cells, with caches: a million rows repeat a few thousand dates and values."""

    def __init__(self, errors: list[ImportError_], warnings: list[ImportError_] | None = None) -> None:
        self.errors = errors
        self.warnings: list[ImportError_] = [] if warnings is None else warnings
        self.today = timezone.localdate().isoformat()
        self._dates: dict[str, str | None] = {}
        self._choices: dict[tuple[str, ...], dict[str, str]] = {}

    def error(self, file: str, row: int, column: str, message: str) -> None:
        self.errors.append(ImportError_(file, row, column, message))

    def date(self, file: str, row: int, column: str, text: str, *, required: bool = False) -> str:
        if not text:
            if required:
                self.error(file, row, column, "is required")
            return ""
        try:
            value = self._dates[text]
        except KeyError:
            value = self._dates[text] = fmt.parse_date(text)
        if value is None:
            if not text.strip():
                if required:
                    self.error(file, row, column, "is required")
                return ""
            self.error(file, row, column, f"{text.strip()!r} is not a date written as YYYY-MM-DD")
            return ""
        if value > self.today and column in fmt.HAPPENED_COLUMNS:
            self.warn(file, row, column, f"{value} is after the day of the import ({self.today})")
        return value

    def warn(self, file: str, row: int, column: str, message: str) -> None:
        """Something the format allows but that is probably a mistake: imported, and listed."""
        self.warnings.append(ImportError_(file, row, column, message))

    def choice(
        self, file: str, row: int, column: str, text: str, allowed: tuple[str, ...], *, required: bool = False
    ) -> str:
        lookup = self._choices.get(allowed)
        if lookup is None:
            lookup = self._choices[allowed] = {value: value for value in allowed}
        value = lookup.get(text)
        if value is not None:
            return value
        cleaned = text.strip().lower()
        if cleaned in lookup:
            return lookup[cleaned]
        if not cleaned:
            if required:
                self.error(file, row, column, "is required")
            return ""
        self.error(file, row, column, f"{text.strip()!r} is not one of: {fmt.listed(allowed)}")
        return ""

    def boolean(self, file: str, row: int, column: str, text: str) -> str:
        if text == "false" or text == "":
            return "false"
        if text == "true":
            return "true"
        cleaned = text.strip().lower()
        if cleaned in fmt.TRUE_WORDS:
            return "true"
        if cleaned in fmt.FALSE_WORDS:
            return "false"
        self.error(file, row, column, f"{text.strip()!r} is not true or false (yes/no and 1/0 also do)")
        return "false"

    def name(self, file: str, row: int, column: str, text: str, *, required: bool = False) -> str:
        """A reference name (service area, team, category...) or an identifier: trimmed text."""
        value = text.strip()
        if not value:
            if required:
                self.error(file, row, column, "is required")
            return value
        if len(value) > _SHORTEST_LIMIT:  # most values are shorter than any limit: no look-up
            limit = _LIMITS.get((file, column))
            if limit and len(value) > limit:
                self.error(file, row, column, f"is longer than {limit} characters")
        return value

    def text(self, file: str, row: int, column: str, text: str) -> str:
        """Free text, kept exactly as written."""
        if len(text) > _SHORTEST_LIMIT:
            limit = _LIMITS.get((file, column))
            if limit and len(text) > limit:
                self.error(file, row, column, f"is longer than {limit} characters")
        return text

    def number(self, file: str, row: int, column: str, text: str) -> str:
        """A whole number from 1 (a blank is 1), as export writes it; "" when it is not one."""
        text = text.strip()
        if not text:
            return "1"
        if text.isdigit() and 1 <= int(text) <= 32767:
            return str(int(text))
        self.error(file, row, column, f"{text!r} is not a whole number from 1")
        return ""

    def themes(self, file: str, row: int, column: str, text: str) -> str:
        """Theme names, trimmed, without repeats, in order and joined as export writes them."""
        if not text:
            return ""
        themes = sorted({theme.strip() for theme in text.split(fmt.THEME_SEPARATOR) if theme.strip()})
        for theme in themes:
            if len(theme) > fmt.THEME_MAX_LENGTH:
                self.error(
                    file, row, column, f"{theme[:40]!r}... is longer than {fmt.THEME_MAX_LENGTH} characters"
                )
        return fmt.THEME_SEPARATOR.join(themes)


_LIMITS = {
    (file, column): limit for file, limits in fmt.MAX_LENGTHS.items() for column, limit in limits.items()
}
_SHORTEST_LIMIT = min(limit for limit in _LIMITS.values() if limit)


def _header(name: str, header: list[str] | None, errors: list[ImportError_]) -> dict[str, int] | None:
    """The position of each known column, or None when the header is wrong (errors recorded)."""
    if header is None:
        return None
    positions: dict[str, int] = {}
    ok = True
    known = fmt.COLUMNS[name]
    for index, raw in enumerate(header):
        column = raw.strip().lstrip("\ufeff").strip().lower()
        if column not in known:
            errors.append(ImportError_(name, 1, raw.strip() or f"(column {index + 1})", "unknown column"))
            ok = False
        elif column in positions:
            errors.append(ImportError_(name, 1, column, "column appears more than once"))
            ok = False
        else:
            positions[column] = index
    for column in fmt.REQUIRED_COLUMNS[name]:
        if column not in positions:
            errors.append(ImportError_(name, 1, column, "required column is missing"))
            ok = False
    return positions if ok else None


def _row_reader(name: str, positions: dict[str, int]) -> Callable[[list[str]], list[str]]:
    """Turn a record into the cells of the format's columns, in order ("" for absent columns)."""
    order = [positions.get(column) for column in fmt.COLUMNS[name]]

    def read(record: list[str]) -> list[str]:
        return [record[i] if i is not None else "" for i in order]

    return read


# --- The result ---------------------------------------------------------------------------------


@dataclass
class ImportResult:
    cases: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    investigations: int = 0
    referrals: int = 0
    learning: int = 0
    published_figures: int = 0
    customers_created: int = 0
    # Service areas and teams the files name that Heard does not have yet: created by the import.
    new_service_areas: list[str] = field(default_factory=list)
    new_teams: list[str] = field(default_factory=list)
    # What the format allows but is probably a mistake (ImportData.warnings, and new names that
    # differ from another only in letter case, spacing or punctuation): imported, and listed.
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False
    errors: list[ImportError_] = field(default_factory=list)


class DueDates:
    """Due dates the files leave blank, from the deadline engine: the rule set in force on the day a
    case was received and the council's working calendar. Answers are kept, as dates repeat."""

    def __init__(self, calendar: WorkingCalendar) -> None:
        self.calendar = calendar
        self.book = rule_book()
        self._rules: dict[tuple[str, str], Rules | None] = {}
        self._answers: dict[tuple, str] = {}

    def rules(self, procedure: str, received_on: str) -> Rules | None:
        key = (procedure, received_on)
        if key not in self._rules:
            self._rules[key] = self.book.in_force(procedure, date.fromisoformat(received_on))
        return self._rules[key]

    def acknowledgement(self, procedure: str, received_on: str) -> str:
        key = ("acknowledgement", procedure, received_on)
        if key not in self._answers:
            rules = self.rules(procedure, received_on)
            self._answers[key] = (
                deadlines.acknowledgement_due(
                    rules, received_on=date.fromisoformat(received_on), calendar=self.calendar
                ).isoformat()
                if rules
                else ""
            )
        return self._answers[key]

    def stage(
        self, procedure: str, received_on: str, acknowledged_on: str, stage: int, opened_on: str
    ) -> tuple[str, str]:
        """(the due date before any extension, "") or ("", why it cannot be worked out). The clock
        starts where the rules say: at stage 1 on the complaint's acknowledgement (or the last day
        it was due) where they name it; the files record no acknowledgement of a later stage's
        request, so there the last day it was due."""
        rules = self.rules(procedure, received_on)
        if rules is None:
            return "", f"is needed: no {procedure} procedure was in force on {received_on}"
        rule = rules.stage(stage)
        if rule is None:
            return "", f"is needed: the {procedure} procedure has no stage {stage}"
        acknowledged = acknowledged_on if stage == 1 else ""
        key = ("stage", procedure, received_on, acknowledged, stage, opened_on)
        if key not in self._answers:
            self._answers[key] = deadlines.stage_deadlines(
                rules,
                rule,
                received_on=date.fromisoformat(received_on),
                opened_on=date.fromisoformat(opened_on),
                acknowledged_on=date.fromisoformat(acknowledged) if acknowledged else None,
                calendar=self.calendar,
            ).due_on.isoformat()
        return self._answers[key], ""

    def ombudsman_response(self, procedure: str, received_on: str, enquiry_on: str) -> str:
        rules = self.rules(procedure, received_on) if procedure and received_on else None
        return deadlines.ombudsman_response_due(rules, received_on=date.fromisoformat(enquiry_on)).isoformat()


# --- The first pass: every row checked, only keys kept ------------------------------------------


class Spool:
    """The checked rows of each file, kept on disk between the two passes (a temporary file per
    file, written in batches of ``BATCH`` rows with ``marshal``, each after its length in bytes), so
    that memory does not grow with the rows."""

    def __init__(self) -> None:
        self._files: dict[str, IO[bytes]] = {}
        self._pending: dict[str, list[tuple[str, ...]]] = {}
        self.counts: dict[str, int] = {}

    def add(self, name: str, row: tuple[str, ...]) -> None:
        pending = self._pending.get(name)
        if pending is None:
            pending = self._pending[name] = []
        pending.append(tuple(row))
        if len(pending) >= BATCH:
            self._flush(name)

    def _flush(self, name: str) -> None:
        pending = self._pending.get(name)
        if not pending:
            return
        if name not in self._files:
            self._files[name] = tempfile.TemporaryFile(prefix="heard-import-")  # noqa: SIM115 (closed by close())
        blob = marshal.dumps(pending)
        spooled = self._files[name]
        spooled.write(len(blob).to_bytes(8, "little"))
        spooled.write(blob)
        self.counts[name] = self.counts.get(name, 0) + len(pending)
        self._pending[name] = []

    def rows(self, name: str) -> Iterator[Any]:
        """The checked rows of a file in file order, as the format's named rows."""
        self._flush(name)
        spooled = self._files.get(name)
        if spooled is None:
            return
        make = fmt.ROW[name]
        spooled.seek(0)
        while size := spooled.read(8):
            # One read per batch: marshal.load() on a file reads it a few bytes at a time.
            for row in marshal.loads(spooled.read(int.from_bytes(size, "little"))):
                yield make(*row)

    def close(self) -> None:
        for spooled in self._files.values():
            spooled.close()
        self._files.clear()


@dataclass
class Checked:
    """What the first pass keeps: the keys later rows and the writing need, not the rows."""

    due: DueDates
    spool: Spool = field(default_factory=Spool)
    # reference -> (kind, procedure, received_on, acknowledged_on) of each case in cases.csv; while
    # the second pass writes, the case's key instead (one dict, not two, at a million cases).
    cases: dict[str, Any] = field(default_factory=dict)
    cases_read: bool = False
    # customer_ref -> None when one row names the customer (its details are on that row), or the
    # (name, email, phone) the later rows give, the last given of each (see ``merged``); while the
    # second pass writes, the customer's key instead.
    customers: dict[str, Any] = field(default_factory=dict)
    team_areas: dict[str, str] = field(default_factory=dict)
    service_areas: set[str] = field(default_factory=set)
    teams: set[str] = field(default_factory=set)
    categories: set[str] = field(default_factory=set)
    subcategories: set[tuple[str, str]] = field(default_factory=set)
    themes: set[str] = field(default_factory=set)
    # (year, measure) -> (year, measure, value, source), canonical as export writes them.
    published: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    # What the format allows but is probably a mistake (a date in the future, an email address
    # that is not one), as FILE:ROW: COLUMN: message: imported as it is, and listed.
    warnings: list[ImportError_] = field(default_factory=list)
    # The files of the set that were read (had a header): only these replace what a case had.
    given: set[str] = field(default_factory=set)

    def close(self) -> None:
        self.spool.close()


def _parsers(cells: Cells, name: str) -> list[Callable[[int, str], str]]:
    """One reader per column of the file, as the schema declares it."""

    def reader(column: fmt.Column) -> Callable[[int, str], str]:
        c, required = column.name, column.required
        match column.cell:
            case "name":
                return lambda row, text: cells.name(name, row, c, text, required=required)
            case "text":
                return lambda row, text: cells.text(name, row, c, text)
            case "date":
                return lambda row, text: cells.date(name, row, c, text, required=required)
            case "bool":
                return lambda row, text: cells.boolean(name, row, c, text)
            case "choice":
                choices = column.choices
                return lambda row, text: cells.choice(name, row, c, text, choices, required=required)
            case "number":
                return lambda row, text: cells.number(name, row, c, text)
            case "themes":
                return lambda row, text: cells.themes(name, row, c, text)
            case _:  # free text, and cells whose check needs another cell (year, figure)
                return lambda row, text: text

    return [reader(column) for column in fmt.SCHEMA[name]]


# The most values of one column whose canonical form is remembered (see ``_cell_readers``).
KNOWN_PER_COLUMN = 4096


def _cell_readers(cells: Cells, name: str) -> list[list]:
    """Per column of the file, [known, parse]: ``known`` maps cells already read without an error
    or a warning to their canonical form (a check's answer depends only on the cell), so that the
    common cell (a listed value, a date, a team's name) costs a look-up, not a call; None for a
    column whose cells are kept as they are. ``parse`` checks a cell not known yet and remembers
    its answer, until the column has ``KNOWN_PER_COLUMN`` known cells (a column of references or
    email addresses, which do not repeat): from then on it only checks."""
    errors, warnings = cells.errors, cells.warnings

    def remembering(entry: list, parse: Callable[[int, str], str]) -> Callable[[int, str], str]:
        known = entry[0]

        def read(row: int, text: str) -> str:
            before = len(errors) + len(warnings)
            value = parse(row, text)
            if len(errors) + len(warnings) == before:
                known[text] = value
                if len(known) >= KNOWN_PER_COLUMN:
                    entry[1] = parse
            return value

        return read

    readers: list[list] = []
    for column, parse in zip(fmt.SCHEMA[name], _parsers(cells, name), strict=True):
        if column.cell in ("free", "year", "figure"):
            readers.append([None, parse])
        else:
            entry: list = [{}, parse]
            entry[1] = remembering(entry, parse)
            readers.append(entry)
    return readers


def read_file_set(files: FileSet, *, progress=None) -> tuple[Checked, list[ImportError_]]:
    """The first pass: read and check every row of every file, spooling the checked rows and
    keeping only keys. The errors list is empty when the whole set can be imported."""
    errors: list[ImportError_] = []
    checked = Checked(due=DueDates(council_calendar()))
    cells = Cells(errors, checked.warnings)

    if fmt.CASES not in files.members:
        errors.append(ImportError_(fmt.CASES, 1, "(file)", "is missing: cases.csv is required"))
    for name in fmt.FILES:
        if name not in files.members:
            continue
        with files.open(name) as stream:
            records = _records(stream, name, errors)
            before = len(errors)
            first = next(records, None)
            if len(errors) > before:
                continue  # not UTF-8 or not CSV: already said
            header = first[1] if first is not None else None
            if header is None or not any(cell.strip() for cell in header):
                if name == fmt.CASES:
                    errors.append(ImportError_(name, 1, "(file)", "is empty: it needs a header row"))
                continue
            positions = _header(name, header, errors)
            if positions is None:
                continue
            checked.given.add(name)
            if name == fmt.CASES:
                checked.cases_read = True
            read = _row_reader(name, positions)
            width = len(header)
            rule = RULES[name]
            make = fmt.ROW[name]
            readers = _cell_readers(cells, name)
            spool = checked.spool
            seen: dict = {}
            for row, record in records:
                if progress is not None:
                    progress.update(1)
                if (not record or not record[0].strip()) and not "".join(record).strip():
                    continue  # a blank line, or a row of empty cells (as spreadsheets leave)
                if len(record) != width:
                    errors.append(
                        ImportError_(
                            name, row, "(row)", f"has {len(record)} cells but the header has {width} columns"
                        )
                    )
                    continue
                if bad := _control_characters(name, row, header, record):
                    errors.extend(bad)
                    continue
                raw = make(*read(record))
                parsed = make(
                    *[
                        text
                        if known is None
                        else value
                        if (value := known.get(text)) is not None
                        else parse(row, text)
                        for (known, parse), text in zip(readers, raw, strict=True)
                    ]
                )
                canonical = rule(cells, row, raw, parsed, checked, seen)
                if canonical is not None and not errors:
                    spool.add(name, canonical)
    return checked, errors


# --- The rules of each file that go beyond one cell -----------------------------------------------


def _case(cells: Cells, row: int, raw: Any, c: Any, checked: Checked, seen: dict) -> Any:
    f = fmt.CASES
    if c.customer_email.strip() and not _looks_like_email(c.customer_email.strip()):
        cells.warn(f, row, "customer_email", f"{c.customer_email.strip()!r} is not an email address")
    if c.customer_phone.strip() and not _looks_like_phone(c.customer_phone):
        cells.warn(f, row, "customer_phone", f"{c.customer_phone.strip()!r} is not a phone number")
    reference, kind, procedure = c.reference, c.kind, c.procedure
    if kind == "complaint":
        if not c.customer_ref:
            cells.error(f, row, "customer_ref", "is required for complaints")
        if not procedure and not raw.procedure.strip():
            cells.error(f, row, "procedure", "is required for complaints")
    elif kind and procedure:
        cells.error(f, row, "procedure", f"only complaints follow a procedure (this is a {kind})")
    if not c.customer_ref and reference and (c.customer_name or c.customer_email or c.customer_phone):
        # The person is recorded but has no identifier: they get one of their own, made from the case.
        c = c._replace(customer_ref=f"P-{reference}")
    if not c.status and not raw.status.strip():
        c = c._replace(status="closed" if c.closed_on else "open")
    if reference:
        if reference in seen:
            cells.error(
                f, row, "reference", f"{reference!r} appears more than once (also on row {seen[reference]})"
            )
            return None
        seen[reference] = row
        if kind:
            checked.cases[reference] = (kind, procedure, c.received_on, c.acknowledged_on)
    if not (reference and kind and c.received_on):
        return None
    if c.customer_ref:
        if c.customer_ref not in checked.customers:
            checked.customers[c.customer_ref] = None
        else:  # a later row: what it gives replaces what earlier ones gave
            later = checked.customers[c.customer_ref] or ("", "", "")
            given = (c.customer_name, c.customer_email, c.customer_phone)
            checked.customers[c.customer_ref] = tuple(
                new or old for new, old in zip(given, later, strict=True)
            )
    checked.service_areas.add(c.service_area)
    if c.team:
        checked.teams.add(c.team)
        if c.service_area and c.team not in checked.team_areas:
            checked.team_areas[c.team] = c.service_area
    return c


def _case_reference(
    cells: Cells, file: str, row: int, reference: str, checked: Checked, *, complaint: bool
) -> str:
    if not reference or not checked.cases_read:
        return ""  # when cases.csv cannot be read, its errors say so: no error for every row here
    facts = checked.cases.get(reference)
    if facts is None:
        cells.error(file, row, "case_reference", f"{reference!r} is not a reference in cases.csv")
        return ""
    if complaint and facts[0] != "complaint":
        cells.error(file, row, "case_reference", f"{reference!r} is a {facts[0]}, not a complaint")
        return ""
    return reference


def _investigation(cells: Cells, row: int, raw: Any, c: Any, checked: Checked, seen: dict) -> Any:
    f = fmt.INVESTIGATIONS
    reference = _case_reference(cells, f, row, c.case_reference, checked, complaint=True)
    stage, number = c.stage, c.number
    if c.closed_on and not c.outcome and not raw.outcome.strip():
        cells.error(f, row, "outcome", "is required when closed_on is given")
    if c.problem_subcategory and not c.problem_category:
        cells.error(f, row, "problem_subcategory", "needs a problem_category")
    if reference and stage and number:
        key = f"{reference}\x00{stage}\x00{number}"  # one string: a third of a tuple's memory
        if key in seen:
            cells.error(
                f,
                row,
                "number",
                f"stage {stage} investigation {number} of {reference!r} appears more than once "
                f"(also on row {seen[key]})",
            )
            return None
        seen[key] = row
    due_on = c.due_on
    if reference and stage and c.opened_on and not due_on and raw.due_on.strip() == "":
        _kind, procedure, received_on, acknowledged_on = checked.cases[reference]
        if procedure and received_on:
            due_on, problem = checked.due.stage(
                procedure, received_on, acknowledged_on, int(stage), c.opened_on
            )
            if problem:
                cells.error(f, row, "due_on", problem)
                return None
    if not (reference and stage and number and c.opened_on and due_on):
        return None
    if c.team:
        checked.teams.add(c.team)
    if c.problem_category:
        checked.categories.add(c.problem_category)
        if c.problem_subcategory:
            checked.subcategories.add((c.problem_category, c.problem_subcategory))
    if c.themes:
        checked.themes.update(c.themes.split(fmt.THEME_SEPARATOR))
    return c if due_on == c.due_on else c._replace(due_on=due_on)  # c.case_reference is reference


def _referral(cells: Cells, row: int, raw: Any, c: Any, checked: Checked, seen: dict) -> Any:
    reference = _case_reference(cells, fmt.OMBUDSMAN, row, c.case_reference, checked, complaint=False)
    decision = c.decision or ("pending" if not raw.decision.strip() else "")
    response_due_on = c.response_due_on
    if reference and c.received_on and not response_due_on and not raw.response_due_on.strip():
        _kind, procedure, case_received_on, _ = checked.cases[reference]
        response_due_on = checked.due.ombudsman_response(procedure, case_received_on, c.received_on)
    if not (reference and c.received_on and decision and response_due_on):
        return None
    return c._replace(case_reference=reference, decision=decision, response_due_on=response_due_on)


def _learning(cells: Cells, row: int, raw: Any, c: Any, checked: Checked, seen: dict) -> Any:
    f = fmt.LEARNING
    reference = _case_reference(cells, f, row, c.case_reference, checked, complaint=True)
    if c.kind == "learning":
        if raw.due_on.strip():
            cells.error(f, row, "due_on", "is for actions only")
        if raw.completed_on.strip():
            cells.error(f, row, "completed_on", "is for actions only")
    if not (reference and c.kind and c.category):
        return None
    return c._replace(case_reference=reference)


def _published_figure(cells: Cells, row: int, raw: Any, c: Any, checked: Checked, seen: dict) -> Any:
    f = fmt.PUBLISHED_FIGURES
    year = fmt.parse_year(raw.year)
    if year is None:
        if raw.year.strip():
            cells.error(
                f,
                row,
                "year",
                f"{raw.year.strip()!r} is not a reporting year written as YYYY/YY, e.g. 2018/19",
            )
        else:
            cells.error(f, row, "year", "is required")
    measure = c.measure
    text = raw.value.strip()
    value = ""
    if not text:
        cells.error(f, row, "value", "is required")
    elif not _NUMBER.fullmatch(text):
        cells.error(f, row, "value", f"{text!r} is not a number (write it without units, e.g. 13 or 27.8)")
    elif measure in fmt.COUNT_MEASURES and float(text) != int(float(text)):
        cells.error(f, row, "value", f"{text!r} is not a whole number: {measure} is a count")
    elif measure == "upheld_pct" and float(text) > 100:
        cells.error(f, row, "value", f"{text!r} is more than 100: upheld_pct is a percentage")
    elif measure:
        value = fmt.write_figure(measure, float(text))
    if year is None or not measure or not value:
        return None
    key = (fmt.write_year(year), measure)
    if key in seen:
        cells.error(f, row, "measure", f"a second {measure} for {key[0]} (the first is on row {seen[key]})")
        return None
    seen[key] = row
    checked.published[key] = (*key, value, c.source)
    return None  # published figures are few: kept in ``checked.published``, not spooled


RULES = {
    fmt.CASES: _case,
    fmt.INVESTIGATIONS: _investigation,
    fmt.OMBUDSMAN: _referral,
    fmt.LEARNING: _learning,
    fmt.PUBLISHED_FIGURES: _published_figure,
}


def merged(first: Any, later: tuple[str, str, str] | None, kept: Iterable[str] = ("", "", "")) -> tuple:
    """One customer per customer_ref: its (name, email, phone) are the last given on any of its
    rows (``first`` the first row, ``later`` what later rows gave); a blank keeps what Heard
    already knows of them (``kept``)."""
    given: tuple = (first.customer_name, first.customer_email, first.customer_phone)
    if later is not None:
        given = tuple(new or old for new, old in zip(later, given, strict=True))
    return tuple(new or old for new, old in zip(given, kept, strict=True))


def _customer_details(checked: Checked, refs: set[str]) -> dict[str, tuple]:
    """The details some customers will have after the import (as export will write them)."""
    details: dict[str, tuple] = {}
    for row in checked.spool.rows(fmt.CASES):
        if row.customer_ref in refs and row.customer_ref not in details:
            details[row.customer_ref] = merged(row, checked.customers[row.customer_ref])
    for ref, (_pk, *kept) in _existing_customers(details).items():
        details[ref] = tuple(new or old for new, old in zip(details[ref], kept, strict=True))
    return details


_NUMBER = re.compile(r"\d+(\.\d+)?")
_PHONE = re.compile(r"\+?[\d\s().-]+")


# Something@somewhere.tld, no spaces: enough to catch a missing @ or domain (Django's full
# validator costs a tenth of the time import spends on a row).
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


def _looks_like_email(text: str) -> bool:
    return bool(_EMAIL.fullmatch(text))


def _looks_like_phone(text: str) -> bool:
    """Digits with the usual spaces, brackets, dashes and a leading +: 10 to 15 digits (a UK
    number with its area code has 10 or 11; an international one at most 15)."""
    return bool(_PHONE.fullmatch(text.strip())) and 10 <= sum(map(str.isdigit, text)) <= 15


def _existing_customers(refs: Iterable[str]) -> dict[str, tuple[int, str, str, str]]:
    wanted = list(refs)
    found: dict[str, tuple[int, str, str, str]] = {}
    if not Customer.objects.exists():
        return found
    for i in range(0, len(wanted), 900):
        for pk, ref, name, email, phone in Customer.objects.filter(
            customer_ref__in=wanted[i : i + 900]
        ).values_list("pk", "customer_ref", "name", "email", "phone"):
            found[ref] = (pk, name, email, phone)
    return found


# --- Writing ------------------------------------------------------------------------------------


class Inserter:
    """INSERT rows of a model without model objects: the given columns from each row (the primary
    key too, when it is named), every other column its default. PostgreSQL takes them through COPY, other databases through executemany."""

    def __init__(self, model: type[Model], columns: list[str], now) -> None:
        fields = [f for f in model._meta.concrete_fields if not f.primary_key or f.attname in columns]
        by_attname = {f.attname: f for f in fields}
        self.table = model._meta.db_table
        self.columns: list[str] = [str(by_attname[name].column) for name in columns]
        self.width = len(columns)
        extras = []
        for f in fields:
            if f.attname in columns:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now
            else:
                value = f.get_db_prep_save(f.get_default(), connection)
            if value is None and f.db_default is NOT_PROVIDED:
                continue  # a column left out of an INSERT or a COPY is NULL
            self.columns.append(str(f.column))
            extras.append(value)
        self.extras = tuple(extras)

    def insert(self, rows: Iterable[tuple], progress=None) -> int:
        quote = connection.ops.quote_name
        names = ", ".join(quote(c) for c in self.columns)
        extras = self.extras
        count = 0
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(self.table)} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row + extras)
                        count += 1
                        if progress is not None and count % BATCH == 0:
                            progress.update(BATCH)
            else:
                # The same value on every row is written in the statement, not bound row by row.
                literals = [_sql_literal(value) for value in extras]
                if all(literal is not None for literal in literals):
                    values = ["%s"] * self.width + [str(literal) for literal in literals]
                    extras = ()
                else:
                    values = ["%s"] * len(self.columns)
                sql = f"INSERT INTO {quote(self.table)} ({names}) VALUES ({', '.join(values)})"
                batch: list[tuple] = []
                for row in rows:
                    batch.append(row + extras if extras else row)
                    if len(batch) == BATCH:
                        cursor.executemany(sql, batch)
                        count += len(batch)
                        batch = []
                        if progress is not None:
                            progress.update(BATCH)
                if batch:
                    cursor.executemany(sql, batch)
                    count += len(batch)
        if progress is not None:
            progress.update(count % BATCH)
        return count


def _sql_literal(value: Any) -> str | None:
    """A constant as SQLite reads it in a statement (``%`` doubled: the statement goes through the
    driver's placeholders), or None when it is not a plain string, number or NULL."""
    if value is None:
        return "NULL"
    if type(value) is bool:
        return "1" if value else "0"
    if type(value) in (int, float):
        return repr(value)
    if type(value) is str:
        return "'" + value.replace("'", "''").replace("%", "%%") + "'"
    return None


# --- The second pass: the spooled rows written in large batches -----------------------------------


def _ids_by_name(model: type[Model], names: set[str], create: Callable[[str], Model]) -> dict[str, int]:
    names = names - {""}
    manager = model._default_manager
    found: dict[str, int] = {}
    wanted = sorted(names)
    for i in range(0, len(wanted), 900):
        found.update(manager.filter(name__in=wanted[i : i + 900]).values_list("name", "pk"))
    missing = sorted(names - set(found))
    if missing:
        manager.bulk_create([create(name) for name in missing], batch_size=500)
        for i in range(0, len(missing), 900):
            found.update(manager.filter(name__in=missing[i : i + 900]).values_list("name", "pk"))
    return found


def _n(value: str) -> str | None:
    return value or None


def _plain(file: str, skip: tuple[str, ...] = ()) -> tuple[list[str], Callable[[Any], tuple]]:
    """The model fields a file's plain columns go to, and a function from a row to their values
    (dates blank become NULL, booleans True or False); columns found by name are not plain."""
    columns = [c for c in fmt.SCHEMA[file] if c.field and not c.by_name and c.name not in skip]
    # How each value is converted, by code, so that a row costs no call per value: 0 as it is,
    # 1 a date (blank is NULL), 2 a boolean, 3 a whole number.
    kinds: list[int] = []
    for column in columns:
        if column.cell == "date":
            kinds.append(1)
        elif column.cell == "bool":
            kinds.append(2)
        elif column.cell in ("number",) or column.name == "stage":
            kinds.append(3)
        else:
            kinds.append(0)
    indexes = [fmt.COLUMNS[file].index(column.name) for column in columns]
    pairs = list(zip(indexes, kinds, strict=True))

    def values(row: Any) -> tuple:
        return tuple(
            [
                value
                if kind == 0
                else (value or None)
                if kind == 1
                else value == "true"
                if kind == 2
                else int(value)
                for i, kind in pairs
                for value in (row[i],)
            ]
        )

    return [column.field for column in columns], values


class Ids:
    """Explicit primary keys for the rows import adds, counted on from the largest in the table:
    children refer to their parents without reading the new rows back."""

    def __init__(self, model: type[Model]) -> None:
        self.model = model
        self.next = (model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1

    def take(self) -> int:
        value = self.next
        self.next += 1
        return value


@dataclass
class Names:
    """The primary keys of the rows found by name (created where missing)."""

    service_areas: dict[str, int]
    teams: dict[str, int]
    categories: dict[str, int]
    subcategories: dict[tuple[str, str], int]
    themes: dict[str, int]
    customers: dict[str, int]


def _names(checked: Checked) -> Names:
    area_ids = _ids_by_name(ServiceArea, checked.service_areas, lambda n: ServiceArea(name=n))
    team_ids = _ids_by_name(
        Team,
        checked.teams,
        lambda n: Team(name=n, service_area_id=area_ids.get(checked.team_areas.get(n, ""))),
    )
    category_ids = _ids_by_name(ProblemCategory, checked.categories, lambda n: ProblemCategory(name=n))
    theme_ids = _ids_by_name(Theme, checked.themes, lambda n: Theme(name=n))
    subcategory_ids: dict[tuple[str, str], int] = {}
    if checked.subcategories:

        def found(categories: set[str]) -> None:
            for pk, category, name in ProblemSubcategory.objects.filter(
                category_id__in=[category_ids[c] for c in categories]
            ).values_list("pk", "category__name", "name"):
                subcategory_ids[(category, name)] = pk

        found({c for c, _ in checked.subcategories})
        missing = sorted(checked.subcategories - set(subcategory_ids))
        if missing:
            ProblemSubcategory.objects.bulk_create(
                [ProblemSubcategory(category_id=category_ids[c], name=n) for c, n in missing]
            )
            found({c for c, _ in missing})
    return Names(area_ids, team_ids, category_ids, subcategory_ids, theme_ids, {})


# The insertion of each table: its columns, and the values of one checked row. What a model gains
# (a search index, a match key) is one more column here.
CASE_PLAIN, _case_plain = _plain(fmt.CASES)
CASE_COLUMNS = [
    *CASE_PLAIN,
    "service_area_id",
    "team_id",
    "customer_id",
    "acknowledgement_due_on",
    "updated_at",
]


def _case_values(row: Any, names: Names, due: DueDates, now: Any) -> tuple:
    acknowledgement_due = (
        due.acknowledgement(row.procedure, row.received_on)
        if row.kind == "complaint" and row.procedure
        else ""
    )
    return (
        *_case_plain(row),
        names.service_areas[row.service_area],
        names.teams.get(row.team),
        names.customers.get(row.customer_ref),
        _n(acknowledgement_due),
        now,
    )


INVESTIGATION_PLAIN, _investigation_plain = _plain(fmt.INVESTIGATIONS)
INVESTIGATION_COLUMNS = [
    "id",
    "case_id",
    *INVESTIGATION_PLAIN,
    "team_id",
    "problem_category_id",
    "problem_subcategory_id",
    "created_at",
    "updated_at",
]


def _investigation_values(pk: int, case_id: int, row: Any, names: Names, now: Any) -> tuple:
    return (
        pk,
        case_id,
        *_investigation_plain(row),
        names.teams.get(row.team),
        names.categories.get(row.problem_category),
        names.subcategories.get((row.problem_category, row.problem_subcategory)),
        now,
        now,
    )


REFERRAL_PLAIN, _referral_plain = _plain(fmt.OMBUDSMAN)
REFERRAL_COLUMNS = ["case_id", *REFERRAL_PLAIN, "created_at", "updated_at"]
LEARNING_PLAIN, _learning_plain = _plain(fmt.LEARNING)
LEARNING_COLUMNS = ["case_id", *LEARNING_PLAIN, "created_at", "updated_at"]
CUSTOMER_COLUMNS = [
    "id",
    "customer_ref",
    "name",
    "email",
    "phone",
    *people_keys.KEY_FIELDS,
    "created_at",
    "updated_at",
]


def _match_keys(name: str, email: str, phone: str) -> tuple[str, ...]:
    """A person's match keys (heard.people.keys), written with their details as Customer.save() would."""
    found = people_keys.all_keys(name=name, email=email, phone=phone, address="")
    return tuple(found[field] for field in people_keys.KEY_FIELDS)


def _stage_and_number(row: Any) -> tuple[int, int]:
    return int(row.stage), int(row.number)


def _changed_cases(checked: Checked, existing: dict[str, int]) -> list[str]:
    """The references of the cases Heard has that the files change (as export would see them)."""
    incoming: dict[str, exporter.CaseRecord] = {}
    for row in checked.spool.rows(fmt.CASES):
        if row.reference in existing:
            incoming[row.reference] = exporter.CaseRecord(case=row)
    cases: list[Any] = [record.case for record in incoming.values()]
    details = _customer_details(checked, {case.customer_ref for case in cases} - {""})
    for case in cases:
        if case.customer_ref:
            name, email, phone = details[case.customer_ref]
            incoming[case.reference].case = case._replace(
                customer_name=name, customer_email=email, customer_phone=phone
            )
    for name, attribute in (
        (fmt.INVESTIGATIONS, "investigations"),
        (fmt.OMBUDSMAN, "referrals"),
        (fmt.LEARNING, "learning"),
    ):
        for row in checked.spool.rows(name):
            if row.case_reference in existing:
                getattr(incoming[row.case_reference], attribute).append(row)
    current = exporter.case_records(existing.values())
    changed = []
    for reference in existing:
        record, now = incoming[reference], current.get(reference)
        if now is None:
            changed.append(reference)
            continue
        record.investigations.sort(key=_stage_and_number)
        for name, attribute in (
            (fmt.INVESTIGATIONS, "investigations"),
            (fmt.OMBUDSMAN, "referrals"),
            (fmt.LEARNING, "learning"),
        ):
            if name not in checked.given:  # a file left out does not replace anything
                setattr(record, attribute, getattr(now, attribute))
        if record.key() != now.key():
            changed.append(reference)
    return changed


# The tables the import writes rows to.
WRITTEN = (
    Customer,
    Case,
    Investigation,
    Investigation.themes.through,
    OmbudsmanReferral,
    Learning,
    CaseEvent,
)


def write(checked: Checked, *, progress_factory=None) -> ImportResult:
    """The second pass: write the checked rows in one transaction (the caller holds it). Into
    empty tables (a first load), their indexes are built after the rows are in."""
    first_load = connection.in_atomic_block and not any(model._base_manager.exists() for model in WRITTEN)
    with _indexes_built_after(WRITTEN) if first_load else nullcontext():
        return _write(checked, progress_factory=progress_factory)


@contextmanager
def _indexes_built_after(models: Iterable[type[Model]]) -> Iterator[None]:
    """Drop the secondary indexes of the tables (not those that keep values unique) and create them
    again on leaving: one sort per index once the rows are in, instead of every row inserted into
    every index. On PostgreSQL their foreign keys too, added again (and so checked) with one query
    each instead of one check per row. SQLite and PostgreSQL both undo DDL with the transaction, so
    an import that fails leaves the tables as they were; the caller must hold a transaction."""
    tables = [model._meta.db_table for model in models]
    quote = connection.ops.quote_name
    # (dropping, creating again) statements, in the order of dropping.
    statements: list[tuple[str, str]] = []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND tbl_name IN ({', '.join(['%s'] * len(tables))})",
                tables,
            )
            statements = [
                (f"DROP INDEX {quote(name)}", sql)
                for name, sql in cursor.fetchall()
                if not sql.upper().startswith("CREATE UNIQUE")
            ]
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
                [tables],
            )
            statements = [
                (
                    f"ALTER TABLE {table} DROP CONSTRAINT {name}",
                    f"ALTER TABLE {table} ADD CONSTRAINT {name} {sql}",
                )
                for table, name, sql in cursor.fetchall()
            ]
            cursor.execute(
                "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
                "WHERE indrelid = ANY(%s::regclass[]) AND NOT indisunique AND NOT indisprimary",
                [tables],
            )
            statements += [(f"DROP INDEX {name}", sql) for name, sql in cursor.fetchall()]
        pending = connection.vendor == "postgresql" and statements
        if pending:
            # No table can be altered with foreign key checks of the transaction still queued
            # for the commit: run them now (rows written before the import), and defer again.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for drop, _create in statements:
            cursor.execute(drop)
        if pending:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    yield
    with connection.cursor() as cursor:
        if pending:  # teams or areas the import added have their checks queued
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for _drop, create in reversed(statements):
            cursor.execute(create)
        if pending:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _write(checked: Checked, *, progress_factory=None) -> ImportResult:
    spool = checked.spool
    result = ImportResult(cases=len(checked.cases))
    bars: list = []

    def progress(total: int, desc: str):
        if progress_factory is None:
            return None
        bar = progress_factory(total=total, desc=desc)
        bars.append(bar)
        return bar

    now = connection.ops.adapt_datetimefield_value(timezone.now())

    if fmt.PUBLISHED_FIGURES in checked.given:  # the file replaces every published figure
        PublishedFigure.objects.all().delete()
        PublishedFigure.objects.bulk_create(
            PublishedFigure(year=int(year[:4]), measure=measure, value=float(value), source=source)
            for year, measure, value, source in checked.published.values()
        )
        result.published_figures = len(checked.published)

    # Which cases are new, changed or unchanged.
    existing: dict[str, int] = {}
    if Case.objects.exists():
        references = list(checked.cases)
        for i in range(0, len(references), 900):
            existing.update(
                Case.objects.filter(reference__in=references[i : i + 900]).values_list("reference", "pk")
            )
    changed = _changed_cases(checked, existing) if existing else []
    changed_set = set(changed)
    result.created = len(checked.cases) - len(existing)
    result.updated = len(changed)
    result.unchanged = len(existing) - len(changed)
    if not result.created and not changed:
        return result

    names = _names(checked)

    # Customers: the new ones added, in the order the cases name them; the known ones given any
    # new details. Each customer's entry in ``checked.customers`` becomes its key once it is met.
    customers = checked.customers
    touched_refs: set[str] | None = None  # None: every customer the files name
    if existing:
        touched_refs = {
            row.customer_ref
            for row in spool.rows(fmt.CASES)
            if row.customer_ref and (row.reference not in existing or row.reference in changed_set)
        }
    known = _existing_customers(customers if touched_refs is None else touched_refs)
    customer_ids = Ids(Customer)
    to_update: list[tuple] = []

    def new_customers() -> Iterator[tuple]:
        for row in spool.rows(fmt.CASES):
            ref = row.customer_ref
            if not ref or (touched_refs is not None and ref not in touched_refs):
                continue
            later = customers[ref]
            if type(later) is int:  # met on an earlier row
                continue
            current = known.get(ref)
            if current is None:
                customers[ref] = pk = customer_ids.take()
                details = merged(row, later)
                yield (pk, ref, *details, *_match_keys(*details), now, now)
            else:
                pk, *kept = current
                details = merged(row, later, kept)
                if list(details) != kept:
                    # The format has no address, so a known person's postcode key (the last) stays.
                    to_update.append((*details, *_match_keys(*details)[:-1], now, pk))
                customers[ref] = pk

    result.customers_created = Inserter(Customer, CUSTOMER_COLUMNS, now).insert(new_customers())
    if to_update:
        key_columns = ", ".join(f"{field} = %s" for field in people_keys.KEY_FIELDS[:-1])
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {Customer._meta.db_table} SET name = %s, email = %s, phone = %s, {key_columns}, "
                "updated_at = %s WHERE id = %s",
                to_update,
            )
    names.customers = customers

    # Cases: the changed ones updated and their investigations, referrals and learning removed
    # (the files' rows replace them), the new ones added. ``case_ids`` is ``checked.cases`` with each
    # written case's key in place of its facts; the unchanged ones are left out.
    case_ids = checked.cases
    for ref, pk in existing.items():
        if ref in changed_set:
            case_ids[ref] = pk
        else:
            del case_ids[ref]
    if changed:
        by_attname = {f.attname: f for f in Case._meta.concrete_fields}
        assignments = ", ".join(
            f"{connection.ops.quote_name(str(by_attname[c].column))} = %s" for c in CASE_COLUMNS
        )
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {Case._meta.db_table} SET {assignments} WHERE id = %s",
                [
                    (*_case_values(row, names, checked.due, now), existing[row.reference])
                    for row in spool.rows(fmt.CASES)
                    if row.reference in changed_set
                ],
            )
        ids = [existing[ref] for ref in changed]
        through = Investigation.themes.through
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            if fmt.INVESTIGATIONS in checked.given:
                through.objects.filter(investigation__case_id__in=chunk).delete()
                Investigation.objects.filter(case_id__in=chunk).delete()
            if fmt.OMBUDSMAN in checked.given:
                OmbudsmanReferral.objects.filter(case_id__in=chunk).delete()
            if fmt.LEARNING in checked.given:
                Learning.objects.filter(case_id__in=chunk).delete()
    new: list[int] = []
    case_pks = Ids(Case)

    def new_cases() -> Iterator[tuple]:
        for row in spool.rows(fmt.CASES):
            if row.reference not in existing:
                pk = case_ids[row.reference] = case_pks.take()
                new.append(pk)
                yield (pk, *_case_values(row, names, checked.due, now), now)

    Inserter(Case, ["id", *CASE_COLUMNS, "created_at"], now).insert(
        new_cases(), progress(result.created, "Writing cases")
    )

    # Investigations, then their themes (the same rows read again, given the same keys).
    first_investigation = Ids(Investigation).next

    def investigations() -> Iterator[tuple[int, int, Any]]:
        pk = first_investigation
        for row in spool.rows(fmt.INVESTIGATIONS):
            case_id = case_ids.get(row.case_reference)
            if case_id is not None:  # a case added or changed
                yield pk, case_id, row
                pk += 1

    result.investigations = Inserter(Investigation, INVESTIGATION_COLUMNS, now).insert(
        (_investigation_values(pk, case_id, row, names, now) for pk, case_id, row in investigations()),
        progress(spool.counts.get(fmt.INVESTIGATIONS, 0), "Writing investigations"),
    )
    Inserter(Investigation.themes.through, ["investigation_id", "theme_id"], now).insert(
        (pk, names.themes[theme])
        for pk, _case_id, row in investigations()
        if row.themes
        for theme in row.themes.split(fmt.THEME_SEPARATOR)
    )

    result.referrals = Inserter(OmbudsmanReferral, REFERRAL_COLUMNS, now).insert(
        (case_ids[row.case_reference], *_referral_plain(row), now, now)
        for row in spool.rows(fmt.OMBUDSMAN)
        if row.case_reference in case_ids
    )
    result.learning = Inserter(Learning, LEARNING_COLUMNS, now).insert(
        (case_ids[row.case_reference], *_learning_plain(row), now, now)
        for row in spool.rows(fmt.LEARNING)
        if row.case_reference in case_ids
    )

    # One event per case added or changed.
    empty = json.dumps({})
    Inserter(CaseEvent, ["case_id", "at", "kind", "description", "before", "after"], now).insert(
        (
            (pk, now, EventKind.IMPORTED.value, description, empty, empty)
            for pks, description in (
                (new, "Imported from the interchange files"),
                (
                    [case_ids[ref] for ref in changed],
                    "Imported from the interchange files: details, investigations, referrals "
                    "and learning replaced",
                ),
            )
            for pk in pks
        ),
        progress(len(new) + len(changed), "Recording events"),
    )
    _reset_sequences([Customer, Case, Investigation])
    for bar in bars:
        bar.close()
    return result


def _reset_sequences(models: list[type[Model]]) -> None:
    """After rows were added with explicit keys, PostgreSQL's sequences are moved past them."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


@contextmanager
def _sqlite_tuned():
    """A larger page cache for SQLite while the import writes (the indexes of a million rows are
    updated in place); the connection's own setting is put back afterwards. Safe inside the
    transaction: it changes no durability guarantee."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {-SQLITE_CACHE_KIB}")
        try:
            yield
        finally:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def interchange_import(
    *, path: Path | str, dry_run: bool = False, show_progress: bool = False
) -> ImportResult:
    """Check a file set and, when it has no errors and this is not a dry run, write it.

    Raises InterchangeInvalid (with every error) when any row is wrong; nothing is written then.
    """
    from tqdm import tqdm

    files = FileSet(path)
    try:
        with tqdm(unit=" rows", desc="Checking", disable=not show_progress) as progress:
            checked, errors = read_file_set(files, progress=progress)
    finally:
        files.close()
    try:
        if errors:
            raise InterchangeInvalid(errors)
        new_service_areas, new_teams, name_warnings = _new_names(checked)
        warnings = [str(warning) for warning in checked.warnings] + name_warnings
        if dry_run:
            return ImportResult(
                cases=len(checked.cases),
                published_figures=len(checked.published),
                dry_run=True,
                new_service_areas=new_service_areas,
                new_teams=new_teams,
                warnings=warnings,
            )

        def bar(*, total: int, desc: str):
            return tqdm(total=total, desc=desc, unit=" rows", disable=not show_progress, leave=True)

        with transaction.atomic(), _sqlite_tuned(), search_index_deferred():
            result = write(checked, progress_factory=bar if show_progress else None)
    finally:
        checked.close()
    result.new_service_areas, result.new_teams, result.warnings = new_service_areas, new_teams, warnings
    return result


def _new_names(checked: Checked) -> tuple[list[str], list[str], list[str]]:
    """The service areas and teams the files name that Heard does not have, to be listed before
    they are created (a misspelt name would otherwise become a new area without a word), and a
    warning for each that differs from another name only in letter case, spacing or punctuation."""
    warnings: list[str] = []
    new: dict[str, list[str]] = {}
    for label, model, names in (
        ("service area", ServiceArea, checked.service_areas - {""}),
        ("team", Team, checked.teams - {""}),
    ):
        known = list(model.objects.values_list("name", flat=True))
        new[label] = sorted(names - set(known))
        seen = {_squashed(name): name for name in known}
        for name in new[label]:
            twin = seen.setdefault(_squashed(name), name)
            if twin != name:
                warnings.append(
                    f"New {label} {name!r} differs from {twin!r} only in letter case, spacing or punctuation"
                )
    return new["service area"], new["team"], warnings


def _squashed(name: str) -> str:
    return "".join(ch for ch in name.casefold() if ch.isalnum())
