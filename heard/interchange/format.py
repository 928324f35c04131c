"""The interchange format, version 1.1: its files, columns, listed values and how cells are read and
written. Import and export both follow these definitions, so that one is the inverse of the other.

A row of any file is held as its *canonical* form: a tuple of strings in the column order below,
exactly as export writes it (dates ``YYYY-MM-DD``, booleans ``true``/``false``, listed values in lower
case, blanks empty). Import turns what it reads into that form; export writes it from the database.
"""

import re
from datetime import date

CASES = "cases.csv"
INVESTIGATIONS = "investigations.csv"
OMBUDSMAN = "ombudsman.csv"
LEARNING = "learning.csv"
PUBLISHED_FIGURES = "published_figures.csv"
FILES = (CASES, INVESTIGATIONS, OMBUDSMAN, LEARNING, PUBLISHED_FIGURES)

COLUMNS: dict[str, tuple[str, ...]] = {
    CASES: (
        "reference",
        "kind",
        "received_on",
        "channel",
        "service_area",
        "team",
        "summary",
        "customer_ref",
        "customer_name",
        "customer_email",
        "customer_phone",
        "on_behalf_of_child",
        "consent",
        "advocate_requested",
        "made_by_child",
        "looked_after_child",
        "procedure",
        "acknowledged_on",
        "status",
        "closed_on",
    ),
    INVESTIGATIONS: (
        "case_reference",
        "stage",
        "number",
        "team",
        "investigator",
        "opened_on",
        "due_on",
        "extended_to",
        "closed_on",
        "outcome",
        "problem_category",
        "problem_subcategory",
        "themes",
    ),
    OMBUDSMAN: (
        "case_reference",
        "ombudsman_reference",
        "received_on",
        "response_due_on",
        "response_sent_on",
        "decision",
        "decided_on",
        "remedy",
    ),
    LEARNING: ("case_reference", "kind", "category", "detail", "due_on", "completed_on"),
    PUBLISHED_FIGURES: ("year", "measure", "value", "source"),
}

# Columns that must be present in the header (a blank cell in them is reported row by row).
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    CASES: ("reference", "kind", "received_on", "service_area"),
    INVESTIGATIONS: ("case_reference", "stage", "opened_on"),
    OMBUDSMAN: ("case_reference", "received_on"),
    LEARNING: ("case_reference", "kind", "category"),
    PUBLISHED_FIGURES: ("year", "measure", "value"),
}

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

# The longest text the database keeps in each column (text columns without a limit are not listed).
MAX_LENGTHS: dict[str, dict[str, int]] = {
    CASES: {
        "reference": 50,
        "service_area": 200,
        "team": 200,
        "customer_ref": 100,
        "customer_name": 200,
        "customer_email": 254,
        "customer_phone": 50,
    },
    INVESTIGATIONS: {
        "team": 200,
        "investigator": 200,
        "problem_category": 200,
        "problem_subcategory": 200,
        "themes": 0,  # each theme: see THEME_MAX_LENGTH
    },
    OMBUDSMAN: {"ombudsman_reference": 100},
    LEARNING: {"category": 200},
    PUBLISHED_FIGURES: {"source": 300},
}
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
