"""Import: a set of interchange files read, checked in full, then written in bulk in one transaction.

Reading turns each row into its canonical form (``heard.interchange.format``): the row exactly as
export would write it, with the blanks the format fills in filled (status, number, decision, due
dates). Nothing is written unless every row of every file is right; otherwise every error is
returned as ``FILE:ROW: COLUMN: message``.

Writing compares each imported case with what the database already holds under its reference (as
export sees it). A new reference adds a case; a changed one is updated and its investigations,
referrals and learning replaced; an unchanged one is left alone. So importing the same files twice
leaves the database exactly as one import does, events included. Rows are written with
``executemany`` (SQLite) or ``COPY`` (PostgreSQL) in batches, without building model objects, and
every case added or changed gets one ``imported`` event.
"""

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Max, Model
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
from heard.interchange import exporter
from heard.interchange import format as fmt
from heard.people import keys as people_keys
from heard.procedures import deadlines
from heard.procedures.deadlines import Rules
from heard.procedures.selectors import rule_book
from heard.reporting.models import PublishedFigure

BATCH = 10000

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


# --- The checked data ----------------------------------------------------------------------------


@dataclass
class ImportData:
    """Canonical rows by case reference, in file order, ready to compare and write."""

    cases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    investigations: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    referrals: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    learning: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    acknowledgement_due: dict[str, str] = field(default_factory=dict)
    team_areas: dict[str, str] = field(default_factory=dict)
    customers: dict[str, list[str]] = field(default_factory=dict)
    # (year, measure) -> (year, measure, value, source), canonical as export writes them.
    published: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    # What the format allows but is probably a mistake (a date in the future, an email address
    # that is not one), as FILE:ROW: COLUMN: message: imported as it is, and listed.
    warnings: list[ImportError_] = field(default_factory=list)
    # The files of the set that were read (had a header): only these replace what a case had.
    given: set[str] = field(default_factory=set)

    def record(self, reference: str, current: exporter.CaseRecord | None = None) -> exporter.CaseRecord:
        """The case as the files give it. For a file that is not in the set, what the case has now
        (``current``) stands: a file left out does not replace anything."""
        kept = current or exporter.CaseRecord(case=())
        return exporter.CaseRecord(
            case=self.cases[reference],
            investigations=sorted(
                self.investigations.get(reference, []), key=lambda row: (int(row[1]), int(row[2]))
            )
            if fmt.INVESTIGATIONS in self.given
            else kept.investigations,
            referrals=self.referrals.get(reference, []) if fmt.OMBUDSMAN in self.given else kept.referrals,
            learning=self.learning.get(reference, []) if fmt.LEARNING in self.given else kept.learning,
        )


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


@dataclass
class Context:
    """What the checks of later files need to know of cases.csv."""

    due: DueDates
    cases_read: bool = False
    kinds: dict[str, str] = field(default_factory=dict)
    # procedure, received_on, acknowledged_on
    case_facts: dict[str, tuple[str, str, str]] = field(default_factory=dict)


def read_file_set(files: FileSet, *, progress=None) -> tuple[ImportData, list[ImportError_]]:
    """Read and check every file; the errors list is empty when the whole set can be imported."""
    errors: list[ImportError_] = []
    data = ImportData()
    cells = Cells(errors, data.warnings)
    ctx = Context(due=DueDates(council_calendar()))

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
            data.given.add(name)
            if name == fmt.CASES:
                ctx.cases_read = True
            read = _row_reader(name, positions)
            width = len(header)
            checker = {
                fmt.CASES: _check_case,
                fmt.INVESTIGATIONS: _check_investigation,
                fmt.OMBUDSMAN: _check_referral,
                fmt.LEARNING: _check_learning,
                fmt.PUBLISHED_FIGURES: _check_published_figure,
            }[name]
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
                checker(cells, row, read(record), data, ctx, seen)
    _resolve_customers(data)
    return data, errors


def _check_case(cells, row, c, data: ImportData, ctx: "Context", seen: dict) -> None:
    f = fmt.CASES
    reference = cells.name(f, row, "reference", c[0], required=True)
    kind = cells.choice(f, row, "kind", c[1], fmt.KINDS, required=True)
    received_on = cells.date(f, row, "received_on", c[2], required=True)
    channel = cells.choice(f, row, "channel", c[3], fmt.CHANNELS)
    service_area = cells.name(f, row, "service_area", c[4], required=True)
    team = cells.name(f, row, "team", c[5])
    summary = c[6]
    customer_ref = cells.name(f, row, "customer_ref", c[7])
    customer_name = cells.text(f, row, "customer_name", c[8])
    customer_email = cells.text(f, row, "customer_email", c[9])
    customer_phone = cells.text(f, row, "customer_phone", c[10])
    if customer_email.strip() and not _looks_like_email(customer_email.strip()):
        cells.warn(f, row, "customer_email", f"{customer_email.strip()!r} is not an email address")
    if customer_phone.strip() and not _looks_like_phone(customer_phone):
        cells.warn(f, row, "customer_phone", f"{customer_phone.strip()!r} is not a phone number")
    on_behalf = cells.boolean(f, row, "on_behalf_of_child", c[11])
    consent = cells.choice(f, row, "consent", c[12], fmt.CONSENTS)
    advocate = cells.boolean(f, row, "advocate_requested", c[13])
    by_child = cells.boolean(f, row, "made_by_child", c[14])
    looked_after = cells.boolean(f, row, "looked_after_child", c[15])
    procedure = cells.choice(f, row, "procedure", c[16], fmt.PROCEDURES)
    acknowledged_on = cells.date(f, row, "acknowledged_on", c[17])
    status = cells.choice(f, row, "status", c[18], fmt.STATUSES)
    closed_on = cells.date(f, row, "closed_on", c[19])
    if kind == "complaint":
        if not customer_ref:
            cells.error(f, row, "customer_ref", "is required for complaints")
        if not procedure and not c[16].strip():
            cells.error(f, row, "procedure", "is required for complaints")
    elif kind and procedure:
        cells.error(f, row, "procedure", f"only complaints follow a procedure (this is a {kind})")
    if not customer_ref and reference and (customer_name or customer_email or customer_phone):
        # The person is recorded but has no identifier: they get one of their own, made from the case.
        customer_ref = f"P-{reference}"
    if not status and not c[18].strip():
        status = "closed" if closed_on else "open"
    if reference:
        if reference in seen:
            cells.error(
                f, row, "reference", f"{reference!r} appears more than once (also on row {seen[reference]})"
            )
            return
        seen[reference] = row
        if kind:
            ctx.kinds[reference] = kind
            ctx.case_facts[reference] = (procedure, received_on, acknowledged_on)
    if not (reference and kind and received_on):
        return
    data.cases[reference] = (
        reference,
        kind,
        received_on,
        channel,
        service_area,
        team,
        summary,
        customer_ref,
        customer_name,
        customer_email,
        customer_phone,
        on_behalf,
        consent,
        advocate,
        by_child,
        looked_after,
        procedure,
        acknowledged_on,
        status,
        closed_on,
    )
    if kind == "complaint" and procedure:
        ack_due = ctx.due.acknowledgement(procedure, received_on)
        if ack_due:
            data.acknowledgement_due[reference] = ack_due
    if team and service_area and team not in data.team_areas:
        data.team_areas[team] = service_area


def _case_reference(cells, file, row, text, ctx: "Context", *, complaint: bool) -> str:
    reference = cells.name(file, row, "case_reference", text, required=True)
    if not reference or not ctx.cases_read:
        return ""  # when cases.csv cannot be read, its errors say so: no error for every row here
    kind = ctx.kinds.get(reference)
    if kind is None:
        cells.error(file, row, "case_reference", f"{reference!r} is not a reference in cases.csv")
        return ""
    if complaint and kind != "complaint":
        cells.error(file, row, "case_reference", f"{reference!r} is a {kind}, not a complaint")
        return ""
    return reference


def _check_investigation(cells, row, c, data: ImportData, ctx: "Context", seen: dict) -> None:
    f = fmt.INVESTIGATIONS
    reference = _case_reference(cells, f, row, c[0], ctx, complaint=True)
    stage = cells.choice(f, row, "stage", c[1], fmt.STAGES, required=True)
    number_text = c[2].strip()
    number = "1"
    if number_text:
        if number_text.isdigit() and int(number_text) >= 1 and int(number_text) <= 32767:
            number = str(int(number_text))
        else:
            cells.error(f, row, "number", f"{number_text!r} is not a whole number from 1")
            number = ""
    team = cells.name(f, row, "team", c[3])
    investigator = cells.name(f, row, "investigator", c[4])
    opened_on = cells.date(f, row, "opened_on", c[5], required=True)
    due_on = cells.date(f, row, "due_on", c[6])
    extended_to = cells.date(f, row, "extended_to", c[7])
    closed_on = cells.date(f, row, "closed_on", c[8])
    outcome = cells.choice(f, row, "outcome", c[9], fmt.OUTCOMES)
    category = cells.name(f, row, "problem_category", c[10])
    subcategory = cells.name(f, row, "problem_subcategory", c[11])
    themes = sorted({theme.strip() for theme in c[12].split(fmt.THEME_SEPARATOR) if theme.strip()})
    for theme in themes:
        if len(theme) > fmt.THEME_MAX_LENGTH:
            cells.error(
                f, row, "themes", f"{theme[:40]!r}... is longer than {fmt.THEME_MAX_LENGTH} characters"
            )
    if closed_on and not outcome and not c[9].strip():
        cells.error(f, row, "outcome", "is required when closed_on is given")
    if subcategory and not category:
        cells.error(f, row, "problem_subcategory", "needs a problem_category")
    if reference and stage and number:
        key = (reference, stage, number)
        if key in seen:
            cells.error(
                f,
                row,
                "number",
                f"stage {stage} investigation {number} of {reference!r} appears more than once "
                f"(also on row {seen[key]})",
            )
            return
        seen[key] = row
    if reference and stage and opened_on and not due_on and c[6].strip() == "":
        procedure, received_on, acknowledged_on = ctx.case_facts[reference]
        if procedure and received_on:
            due_on, problem = ctx.due.stage(procedure, received_on, acknowledged_on, int(stage), opened_on)
            if problem:
                cells.error(f, row, "due_on", problem)
                return
    if not (reference and stage and number and opened_on and due_on):
        return
    data.investigations.setdefault(reference, []).append(
        (
            reference,
            stage,
            number,
            team,
            investigator,
            opened_on,
            due_on,
            extended_to,
            closed_on,
            outcome,
            category,
            subcategory,
            fmt.THEME_SEPARATOR.join(themes),
        )
    )


def _check_referral(cells, row, c, data: ImportData, ctx: "Context", seen: dict) -> None:
    f = fmt.OMBUDSMAN
    reference = _case_reference(cells, f, row, c[0], ctx, complaint=False)
    ombudsman_reference = cells.name(f, row, "ombudsman_reference", c[1])
    received_on = cells.date(f, row, "received_on", c[2], required=True)
    response_due_on = cells.date(f, row, "response_due_on", c[3])
    response_sent_on = cells.date(f, row, "response_sent_on", c[4])
    decision = cells.choice(f, row, "decision", c[5], fmt.DECISIONS) or (
        "pending" if not c[5].strip() else ""
    )
    decided_on = cells.date(f, row, "decided_on", c[6])
    remedy = c[7]
    if reference and received_on and not response_due_on and not c[3].strip():
        procedure, case_received_on, _ = ctx.case_facts[reference]
        response_due_on = ctx.due.ombudsman_response(procedure, case_received_on, received_on)
    if not (reference and received_on and decision and response_due_on):
        return
    data.referrals.setdefault(reference, []).append(
        (
            reference,
            ombudsman_reference,
            received_on,
            response_due_on,
            response_sent_on,
            decision,
            decided_on,
            remedy,
        )
    )


def _check_learning(cells, row, c, data: ImportData, ctx: "Context", seen: dict) -> None:
    f = fmt.LEARNING
    reference = _case_reference(cells, f, row, c[0], ctx, complaint=True)
    kind = cells.choice(f, row, "kind", c[1], fmt.LEARNING_KINDS, required=True)
    category = cells.name(f, row, "category", c[2], required=True)
    detail = c[3]
    due_on = cells.date(f, row, "due_on", c[4])
    completed_on = cells.date(f, row, "completed_on", c[5])
    if kind == "learning":
        if c[4].strip():
            cells.error(f, row, "due_on", "is for actions only")
        if c[5].strip():
            cells.error(f, row, "completed_on", "is for actions only")
    if not (reference and kind and category):
        return
    data.learning.setdefault(reference, []).append((reference, kind, category, detail, due_on, completed_on))


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
    return bool(_PHONE.fullmatch(text.strip())) and 10 <= sum(ch.isdigit() for ch in text) <= 15


def _check_published_figure(cells, row, c, data: ImportData, ctx: "Context", seen: dict) -> None:
    f = fmt.PUBLISHED_FIGURES
    year = fmt.parse_year(c[0])
    if year is None:
        if c[0].strip():
            cells.error(
                f, row, "year", f"{c[0].strip()!r} is not a reporting year written as YYYY/YY, e.g. 2018/19"
            )
        else:
            cells.error(f, row, "year", "is required")
    measure = cells.choice(f, row, "measure", c[1], fmt.MEASURES, required=True)
    text = c[2].strip()
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
    source = cells.text(f, row, "source", c[3])
    if year is None or not measure or not value:
        return
    key = (fmt.write_year(year), measure)
    if key in seen:
        cells.error(f, row, "measure", f"a second {measure} for {key[0]} (the first is on row {seen[key]})")
        return
    seen[key] = row
    data.published[key] = (*key, value, source)


def _resolve_customers(data: ImportData) -> None:
    """One customer per customer_ref: its details are the last given on any of its rows (a blank
    cell keeps what is known), and every row of that customer carries them, as export will."""
    details: dict[str, list[str]] = {}
    for row in data.cases.values():
        customer_ref = row[7]
        if not customer_ref:
            continue
        known = details.get(customer_ref)
        if known is None:
            details[customer_ref] = [row[8], row[9], row[10]]
        else:
            for i in range(3):
                if row[8 + i]:
                    known[i] = row[8 + i]
    existing = _existing_customers(details)
    for customer_ref, (_pk, name, email, phone) in existing.items():
        incoming = details[customer_ref]
        details[customer_ref] = [incoming[0] or name, incoming[1] or email, incoming[2] or phone]
    for reference, row in data.cases.items():
        customer_ref = row[7]
        if customer_ref:
            name, email, phone = details[customer_ref]
            if (name, email, phone) != row[8:11]:
                data.cases[reference] = (*row[:8], name, email, phone, *row[11:])
    data.customers = details


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
    """INSERT rows of a model without model objects: the given columns from each row, every other
    column its default. PostgreSQL takes them through COPY, other databases through executemany."""

    def __init__(self, model: type[Model], columns: list[str], now) -> None:
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        by_attname = {f.attname: f for f in fields}
        self.table = model._meta.db_table
        self.columns: list[str] = [str(by_attname[name].column) for name in columns]
        extras = []
        for f in fields:
            if f.attname in columns:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now
            else:
                value = f.get_db_prep_save(f.get_default(), connection)
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
                sql = f"INSERT INTO {quote(self.table)} ({names}) VALUES ({', '.join(['%s'] * len(self.columns))})"
                batch: list[tuple] = []
                for row in rows:
                    batch.append(row + extras)
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


def _ids_by_name(model: type[Model], names: set[str], create: Callable[[str], Model]) -> dict[str, int]:
    names.discard("")
    manager = model._default_manager
    found = dict(manager.filter(name__in=names).values_list("name", "pk")) if names else {}
    missing = sorted(names - set(found))
    if missing:
        manager.bulk_create([create(name) for name in missing])
        found.update(manager.filter(name__in=missing).values_list("name", "pk"))
    return found


def _t(value: str) -> bool:
    return value == "true"


def _n(value: str) -> str | None:
    return value or None


def write(data: ImportData, *, progress_factory=None) -> ImportResult:
    """Write checked data in one transaction (the caller holds it)."""
    result = ImportResult(cases=len(data.cases))

    def progress(total: int, desc: str):
        if progress_factory is None:
            return None
        bar = progress_factory(total=total, desc=desc)
        bars.append(bar)
        return bar

    bars: list = []

    now = connection.ops.adapt_datetimefield_value(timezone.now())

    if fmt.PUBLISHED_FIGURES in data.given:  # the file replaces every published figure
        PublishedFigure.objects.all().delete()
        PublishedFigure.objects.bulk_create(
            PublishedFigure(year=int(year[:4]), measure=measure, value=float(value), source=source)
            for year, measure, value, source in data.published.values()
        )
        result.published_figures = len(data.published)

    # Which cases are new, changed or unchanged.
    existing: dict[str, int] = {}
    if Case.objects.exists():
        references = list(data.cases)
        for i in range(0, len(references), 900):
            existing.update(
                Case.objects.filter(reference__in=references[i : i + 900]).values_list("reference", "pk")
            )
    current = exporter.case_records(existing.values()) if existing else {}
    changed = [
        ref
        for ref, pk in existing.items()
        if current.get(ref) is None or current[ref].key() != data.record(ref, current[ref]).key()
    ]
    new = [ref for ref in data.cases if ref not in existing]
    result.created, result.updated = len(new), len(changed)
    result.unchanged = len(existing) - len(changed)
    touched = new + changed
    if not touched:
        return result

    # Reference rows, matched by name and created where missing.
    cases = data.cases
    area_ids = _ids_by_name(ServiceArea, {cases[r][4] for r in touched}, lambda n: ServiceArea(name=n))
    team_names = {cases[r][5] for r in touched}
    inv_rows = [row for r in touched for row in data.investigations.get(r, [])]
    team_names |= {row[3] for row in inv_rows}
    team_ids = _ids_by_name(
        Team,
        team_names,
        lambda n: Team(name=n, service_area_id=area_ids.get(data.team_areas.get(n, ""))),
    )
    category_ids = _ids_by_name(
        ProblemCategory, {row[10] for row in inv_rows}, lambda n: ProblemCategory(name=n)
    )
    theme_ids = _ids_by_name(
        Theme,
        {t for row in inv_rows if row[12] for t in row[12].split(fmt.THEME_SEPARATOR)},
        lambda n: Theme(name=n),
    )
    subcategory_ids: dict[tuple[str, str], int] = {}
    wanted_subs = {(row[10], row[11]) for row in inv_rows if row[11]}
    if wanted_subs:
        for pk, category, name in ProblemSubcategory.objects.filter(
            category_id__in=[category_ids[c] for c, _ in wanted_subs]
        ).values_list("pk", "category__name", "name"):
            subcategory_ids[(category, name)] = pk
        missing = sorted(wanted_subs - set(subcategory_ids))
        if missing:
            ProblemSubcategory.objects.bulk_create(
                [ProblemSubcategory(category_id=category_ids[c], name=n) for c, n in missing]
            )
            for pk, category, name in ProblemSubcategory.objects.filter(
                category_id__in=[category_ids[c] for c, _ in missing]
            ).values_list("pk", "category__name", "name"):
                subcategory_ids[(category, name)] = pk

    # Customers: the new ones added, the known ones given any new details.
    customers = data.customers
    wanted_refs = {cases[r][7] for r in touched if cases[r][7]}
    known = _existing_customers(wanted_refs)
    customer_ids = {ref: values[0] for ref, values in known.items()}

    # The match keys (heard.people.keys) are written with the details, as Customer.save() would.
    def match_keys(ref: str) -> tuple[str, ...]:
        name, email, phone = customers[ref]
        found = people_keys.all_keys(name=name, email=email, phone=phone, address="")
        return tuple(found[field] for field in people_keys.KEY_FIELDS)

    # The format has no address, so a known person's postcode key (from their address) stays.
    key_columns = ", ".join(f"{field} = %s" for field in people_keys.KEY_FIELDS[:-1])
    to_update = [
        (customers[ref][0], customers[ref][1], customers[ref][2], *match_keys(ref)[:-1], now, values[0])
        for ref, values in known.items()
        if list(values[1:]) != customers[ref]
    ]
    if to_update:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {Customer._meta.db_table} SET name = %s, email = %s, phone = %s, {key_columns}, "
                "updated_at = %s WHERE id = %s",
                to_update,
            )
    new_refs = sorted(wanted_refs - set(known))
    if new_refs:
        before = Customer.objects.aggregate(m=Max("pk"))["m"] or 0
        Inserter(
            Customer,
            ["customer_ref", "name", "email", "phone", *people_keys.KEY_FIELDS, "created_at", "updated_at"],
            now,
        ).insert((ref, *customers[ref], *match_keys(ref), now, now) for ref in new_refs)
        customer_ids.update(
            Customer.objects.filter(pk__gt=before)
            .values_list("customer_ref", "pk")
            .iterator(chunk_size=BATCH)
        )
        result.customers_created = len(new_refs)

    def case_values(reference: str) -> tuple:
        row = cases[reference]
        return (
            row[1],
            row[2],
            row[3],
            area_ids[row[4]],
            team_ids.get(row[5]),
            row[6],
            customer_ids.get(row[7]),
            _t(row[11]),
            row[12],
            _t(row[13]),
            _t(row[14]),
            _t(row[15]),
            row[16],
            _n(data.acknowledgement_due.get(reference, "")),
            _n(row[17]),
            row[18],
            _n(row[19]),
            now,
        )

    case_columns = [
        "kind",
        "received_on",
        "channel",
        "service_area_id",
        "team_id",
        "summary",
        "customer_id",
        "on_behalf_of_child",
        "consent",
        "advocate_requested",
        "made_by_child",
        "looked_after_child",
        "procedure",
        "acknowledgement_due_on",
        "acknowledged_on",
        "status",
        "closed_on",
        "updated_at",
    ]
    case_ids = {ref: existing[ref] for ref in changed}
    if changed:
        by_attname = {f.attname: f for f in Case._meta.concrete_fields}
        assignments = ", ".join(
            f"{connection.ops.quote_name(str(by_attname[c].column))} = %s" for c in case_columns
        )
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {Case._meta.db_table} SET {assignments} WHERE id = %s",
                [(*case_values(ref), existing[ref]) for ref in changed],
            )
        ids = list(case_ids.values())
        through = Investigation.themes.through
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            if fmt.INVESTIGATIONS in data.given:
                through.objects.filter(investigation__case_id__in=chunk).delete()
                Investigation.objects.filter(case_id__in=chunk).delete()
            if fmt.OMBUDSMAN in data.given:
                OmbudsmanReferral.objects.filter(case_id__in=chunk).delete()
            if fmt.LEARNING in data.given:
                Learning.objects.filter(case_id__in=chunk).delete()
    if new:
        before = Case.objects.aggregate(m=Max("pk"))["m"] or 0
        Inserter(Case, ["reference", *case_columns, "created_at"], now).insert(
            ((ref, *case_values(ref), now) for ref in new), progress(len(new), "Writing cases")
        )
        new_set = set(new)
        for ref, pk in (
            Case.objects.filter(pk__gt=before).values_list("reference", "pk").iterator(chunk_size=BATCH)
        ):
            if ref in new_set:
                case_ids[ref] = pk

    # Investigations, then their themes.
    before = Investigation.objects.aggregate(m=Max("pk"))["m"] or 0
    result.investigations = Inserter(
        Investigation,
        [
            "case_id",
            "stage",
            "number",
            "team_id",
            "investigator_name",
            "opened_on",
            "due_on",
            "extended_to",
            "closed_on",
            "outcome",
            "problem_category_id",
            "problem_subcategory_id",
            "created_at",
            "updated_at",
        ],
        now,
    ).insert(
        (
            (
                case_ids[row[0]],
                int(row[1]),
                int(row[2]),
                team_ids.get(row[3]),
                row[4],
                row[5],
                row[6],
                _n(row[7]),
                _n(row[8]),
                row[9],
                category_ids.get(row[10]),
                subcategory_ids.get((row[10], row[11])),
                now,
                now,
            )
            for row in inv_rows
        ),
        progress(len(inv_rows), "Writing investigations"),
    )
    themed = {(case_ids[row[0]], int(row[1]), int(row[2])): row[12] for row in inv_rows if row[12]}
    if themed:
        through = Investigation.themes.through

        def theme_links() -> Iterator[tuple]:
            for pk, case_id, stage, number in (
                Investigation.objects.filter(pk__gt=before)
                .values_list("pk", "case_id", "stage", "number")
                .iterator(chunk_size=BATCH)
            ):
                names = themed.get((case_id, stage, number))
                if names:
                    for name in names.split(fmt.THEME_SEPARATOR):
                        yield (pk, theme_ids[name])

        links = list(theme_links())
        Inserter(through, ["investigation_id", "theme_id"], now).insert(iter(links))

    referral_rows = [row for r in touched for row in data.referrals.get(r, [])]
    result.referrals = Inserter(
        OmbudsmanReferral,
        [
            "case_id",
            "ombudsman_reference",
            "received_on",
            "response_due_on",
            "response_sent_on",
            "decision",
            "decided_on",
            "remedy",
            "created_at",
            "updated_at",
        ],
        now,
    ).insert(
        (case_ids[row[0]], row[1], row[2], row[3], _n(row[4]), row[5], _n(row[6]), row[7], now, now)
        for row in referral_rows
    )
    learning_rows = [row for r in touched for row in data.learning.get(r, [])]
    result.learning = Inserter(
        Learning,
        ["case_id", "kind", "category", "detail", "due_on", "completed_on", "created_at", "updated_at"],
        now,
    ).insert(
        (case_ids[row[0]], row[1], row[2], row[3], _n(row[4]), _n(row[5]), now, now) for row in learning_rows
    )

    # One event per case added or changed.
    empty = json.dumps({})
    Inserter(CaseEvent, ["case_id", "at", "kind", "description", "before", "after"], now).insert(
        (
            (case_ids[ref], now, EventKind.IMPORTED.value, description, empty, empty)
            for refs, description in (
                (new, "Imported from the interchange files"),
                (
                    changed,
                    "Imported from the interchange files: details, investigations, referrals "
                    "and learning replaced",
                ),
            )
            for ref in refs
        ),
        progress(len(touched), "Recording events"),
    )
    for bar in bars:
        bar.close()
    return result


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
            data, errors = read_file_set(files, progress=progress)
    finally:
        files.close()
    if errors:
        raise InterchangeInvalid(errors)
    new_service_areas, new_teams, name_warnings = _new_names(data)
    warnings = [str(warning) for warning in data.warnings] + name_warnings
    if dry_run:
        return ImportResult(
            cases=len(data.cases),
            published_figures=len(data.published),
            dry_run=True,
            new_service_areas=new_service_areas,
            new_teams=new_teams,
            warnings=warnings,
        )

    def bar(*, total: int, desc: str):
        return tqdm(total=total, desc=desc, unit=" rows", disable=not show_progress, leave=True)

    with transaction.atomic():
        result = write(data, progress_factory=bar if show_progress else None)
    result.new_service_areas, result.new_teams, result.warnings = new_service_areas, new_teams, warnings
    return result


def _new_names(data: ImportData) -> tuple[list[str], list[str], list[str]]:
    """The service areas and teams the files name that Heard does not have, to be listed before
    they are created (a misspelt name would otherwise become a new area without a word), and a
    warning for each that differs from another name only in letter case, spacing or punctuation."""
    areas = {row[4] for row in data.cases.values()} - {""}
    teams = {row[5] for row in data.cases.values()}
    teams |= {row[3] for rows in data.investigations.values() for row in rows}
    teams.discard("")
    warnings: list[str] = []
    new: dict[str, list[str]] = {}
    for label, model, names in (("service area", ServiceArea, areas), ("team", Team, teams)):
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
