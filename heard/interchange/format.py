"""The interchange format, version 1.1: its files, columns, listed values and how cells are read and
written. Import and export both follow these definitions, so that one is the inverse of the other.

A row of any file is held as its *canonical* form: a tuple of strings in the column order below,
exactly as export writes it (dates ``YYYY-MM-DD``, booleans ``true``/``false``, listed values in lower
case, blanks empty). Import turns what it reads into that form; export writes it from the database.

Every column is declared once, in ``SCHEMA``: its name, how import reads a cell of it, the model
field export reads it from, the model field import writes it to, and its limits. Import, its checks,
export and the insertion of rows all follow these declarations, and rows are read by column name
(``row.received_on``): ``ROW[file]`` is the named tuple of a file's canonical row.
"""

import re
from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

CASES = "cases.csv"
INVESTIGATIONS = "investigations.csv"
OMBUDSMAN = "ombudsman.csv"
LEARNING = "learning.csv"
PUBLISHED_FIGURES = "published_figures.csv"
FILES = (CASES, INVESTIGATIONS, OMBUDSMAN, LEARNING, PUBLISHED_FIGURES)

KINDS = ("complaint", "compliment", "comment")
CHANNELS = ("email", "phone", "web", "letter", "in_person", "other")
CONSENTS = ("given", "not_required", "pending", "refused")
PROCEDURES = ("statutory", "corporate")
STATUSES = ("open", "closed", "withdrawn")
STAGES = ("1", "2", "3")
OUTCOMES = ("upheld", "partially_upheld", "not_upheld", "withdrawn", "no_outcome")
DECISIONS = (
    "pending",
    "upheld",
    "not_upheld",
    "closed_after_initial_enquiries",
    "referred_back",
    "withdrawn",
)
LEARNING_KINDS = ("learning", "action")
# The measures of a row of the annual comparison (report metrics ``comparison``): counts are whole
# numbers, the others a number of working days or a percentage.
COUNT_MEASURES = ("beyond_stage_1", "compliments", "investigations")
MEASURES = ("avg_working_days_to_close", "beyond_stage_1", "compliments", "investigations", "upheld_pct")

TRUE_WORDS = frozenset({"true", "yes", "1"})
FALSE_WORDS = frozenset({"false", "no", "0", ""})

THEME_SEPARATOR = ";"

# Dates of things that have happened: one after the day of the import is probably a typo.
HAPPENED_COLUMNS = frozenset(
    {
        "received_on",
        "acknowledged_on",
        "opened_on",
        "closed_on",
        "response_sent_on",
        "decided_on",
        "completed_on",
    }
)

THEME_MAX_LENGTH = 200

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"(\d{4})/(\d{2})")


def parse_date(text: str) -> str | None:
    """The canonical form of a date cell (``YYYY-MM-DD``), or None when it is not a real date."""
    text = text.strip()
    if not _DATE.fullmatch(text):
        return None
    try:
        date.fromisoformat(text)
    except ValueError:
        return None
    return text


def parse_year(text: str) -> int | None:
    """The first calendar year of a reporting year written ``YYYY/YY`` (``2018/19`` -> 2018), or None."""
    match = _YEAR.fullmatch(text.strip())
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        return None
    return int(match[1])


def write_year(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def write_figure(measure: str, value: float) -> str:
    """A published figure as export writes it: counts whole (``40``), others as a decimal (``15.0``)."""
    return str(int(value)) if measure in COUNT_MEASURES else str(float(value))


def write_date(value: date | None) -> str:
    return value.isoformat() if value else ""


def write_bool(value: bool) -> str:
    return "true" if value else "false"


def listed(values: tuple[str, ...]) -> str:
    return ", ".join(values)


# --- The columns of each file ---------------------------------------------------------------------


def _blank_or(value: Any) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Column:
    """One column of one file.

    ``cell`` is how import reads it: ``name`` (trimmed text: names and identifiers), ``text``
    (kept exactly as written, length checked), ``free`` (kept exactly, no limit), ``date``, ``bool``,
    ``choice`` (one of ``choices``, any letter case), ``number`` (a whole number from 1, blank 1),
    ``themes`` (names separated by ``THEME_SEPARATOR``), ``year`` (``YYYY/YY``) or ``figure`` (a
    number checked against the measure). ``source`` is what export reads (a ``values_list`` path
    from the file's model; blank when the file's code supplies the value). ``field`` is the model
    field import writes it to: a plain field, or a ``..._id`` found by name (``by_name``); blank when
    it is written elsewhere (a customer's details go to the customer).
    """

    name: str
    cell: str
    source: str = ""
    field: str = ""
    choices: tuple[str, ...] = ()
    required: bool = False
    max_length: int = 0
    by_name: bool = False
    blank: str = ""  # what export writes when the database holds nothing

    def write(self, value: Any) -> str:
        """The cell as export writes it, from what the database holds."""
        if self.cell == "date":
            return write_date(value)
        if self.cell == "bool":
            return write_bool(value)
        return _blank_or(value) or self.blank


SCHEMA: dict[str, tuple[Column, ...]] = {
    CASES: (
        Column("reference", "name", "reference", "reference", required=True, max_length=50),
        Column("kind", "choice", "kind", "kind", KINDS, required=True),
        Column("received_on", "date", "received_on", "received_on", required=True),
        Column("channel", "choice", "channel", "channel", CHANNELS),
        Column(
            "service_area",
            "name",
            "service_area__name",
            "service_area_id",
            required=True,
            max_length=200,
            by_name=True,
        ),
        Column("team", "name", "team__name", "team_id", max_length=200, by_name=True),
        Column("summary", "free", "summary", "summary"),
        Column("customer_ref", "name", "customer__customer_ref", "customer_id", max_length=100, by_name=True),
        Column("customer_name", "text", "customer__name", max_length=200),
        Column("customer_email", "text", "customer__email", max_length=254),
        Column("customer_phone", "text", "customer__phone", max_length=50),
        Column("on_behalf_of_child", "bool", "on_behalf_of_child", "on_behalf_of_child"),
        Column("consent", "choice", "consent", "consent", CONSENTS),
        Column("advocate_requested", "bool", "advocate_requested", "advocate_requested"),
        Column("made_by_child", "bool", "made_by_child", "made_by_child"),
        Column("looked_after_child", "bool", "looked_after_child", "looked_after_child"),
        Column("procedure", "choice", "procedure", "procedure", PROCEDURES),
        Column("acknowledged_on", "date", "acknowledged_on", "acknowledged_on"),
        Column("status", "choice", "status", "status", STATUSES),
        Column("closed_on", "date", "closed_on", "closed_on"),
    ),
    INVESTIGATIONS: (
        Column("case_reference", "name", "case__reference", "case_id", required=True, by_name=True),
        Column("stage", "choice", "stage", "stage", STAGES, required=True),
        Column("number", "number", "number", "number"),
        Column("team", "name", "team__name", "team_id", max_length=200, by_name=True),
        Column("investigator", "name", "investigator_name", "investigator_name", max_length=200),
        Column("opened_on", "date", "opened_on", "opened_on", required=True),
        Column("due_on", "date", "due_on", "due_on"),
        Column("extended_to", "date", "extended_to", "extended_to"),
        Column("closed_on", "date", "closed_on", "closed_on"),
        Column("outcome", "choice", "outcome", "outcome", OUTCOMES),
        Column(
            "problem_category",
            "name",
            "problem_category__name",
            "problem_category_id",
            max_length=200,
            by_name=True,
        ),
        Column(
            "problem_subcategory",
            "name",
            "problem_subcategory__name",
            "problem_subcategory_id",
            max_length=200,
            by_name=True,
        ),
        Column("themes", "themes"),  # export merges them in; import links them after the rows
    ),
    OMBUDSMAN: (
        Column("case_reference", "name", "case__reference", "case_id", required=True, by_name=True),
        Column("ombudsman_reference", "name", "ombudsman_reference", "ombudsman_reference", max_length=100),
        Column("received_on", "date", "received_on", "received_on", required=True),
        Column("response_due_on", "date", "response_due_on", "response_due_on"),
        Column("response_sent_on", "date", "response_sent_on", "response_sent_on"),
        Column("decision", "choice", "decision", "decision", DECISIONS, blank="pending"),
        Column("decided_on", "date", "decided_on", "decided_on"),
        Column("remedy", "free", "remedy", "remedy"),
    ),
    LEARNING: (
        Column("case_reference", "name", "case__reference", "case_id", required=True, by_name=True),
        Column("kind", "choice", "kind", "kind", LEARNING_KINDS, required=True),
        Column("category", "name", "category", "category", required=True, max_length=200),
        Column("detail", "free", "detail", "detail"),
        Column("due_on", "date", "due_on", "due_on"),
        Column("completed_on", "date", "completed_on", "completed_on"),
    ),
    PUBLISHED_FIGURES: (
        Column("year", "year", "year", "year", required=True),
        Column("measure", "choice", "measure", "measure", MEASURES, required=True),
        Column("value", "figure", "value", "value", required=True),
        Column("source", "text", "source", "source", max_length=300),
    ),
}

COLUMNS: dict[str, tuple[str, ...]] = {
    name: tuple(column.name for column in columns) for name, columns in SCHEMA.items()
}
# Columns that must be present in the header (a blank cell in them is reported row by row).
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    name: tuple(column.name for column in columns if column.required) for name, columns in SCHEMA.items()
}
# The longest text the database keeps in each column (text columns without a limit are not listed).
MAX_LENGTHS: dict[str, dict[str, int]] = {
    name: {column.name: column.max_length for column in columns if column.max_length}
    for name, columns in SCHEMA.items()
}
# The canonical row of each file, read by column name: ``ROW[CASES](*cells).received_on``.
CaseRow = namedtuple("CaseRow", COLUMNS[CASES])  # type: ignore[misc]
InvestigationRow = namedtuple("InvestigationRow", COLUMNS[INVESTIGATIONS])  # type: ignore[misc]
ReferralRow = namedtuple("ReferralRow", COLUMNS[OMBUDSMAN])  # type: ignore[misc]
LearningRow = namedtuple("LearningRow", COLUMNS[LEARNING])  # type: ignore[misc]
PublishedFigureRow = namedtuple("PublishedFigureRow", COLUMNS[PUBLISHED_FIGURES])  # type: ignore[misc]
ROW: dict[str, Callable[..., tuple[str, ...]]] = {
    CASES: CaseRow,
    INVESTIGATIONS: InvestigationRow,
    OMBUDSMAN: ReferralRow,
    LEARNING: LearningRow,
    PUBLISHED_FIGURES: PublishedFigureRow,
}


def column(file: str, name: str) -> Column:
    return next(c for c in SCHEMA[file] if c.name == name)


def exported(file: str) -> tuple[Column, ...]:
    """The columns export reads from the file's model, in order."""
    return tuple(c for c in SCHEMA[file] if c.source)
