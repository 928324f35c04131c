"""The case search index, in the case list's order, kept by the database itself.

SQLite: the FTS5 table `cases_case_search`, one row per case holding its reference, its customer's
name and reference and its summary, whose rowid is the case's *search key*: the days from
1900-01-01 to the day it was received × 2³² + the case's id. Rowids then sort as the list does
(newest first is rowid descending), so FTS5 gives a word's newest matches first, a page at a time.
PostgreSQL: the `tsvector` column `cases_case.search` over the same text, with a GIN index.

Triggers on cases and customers keep both in step with every writer (services, retention
disposal, the bulk import). The SQL is written once here and used by migration cases 0014 and by
`search_index_deferred`, which the import wraps around its writes. See
docs/adr/0017-search-in-list-order.md.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

SEARCH_TABLE = "cases_case_search"
KEY_EPOCH = datetime.date(1900, 1, 1)
KEY_SHIFT = 2**32  # case ids stay below 2³²
ID_MASK = KEY_SHIFT - 1


def search_key(received_on: datetime.date, case_id: int) -> int:
    """A case's rowid in SQLite's search index: sorts as (received_on, id)."""
    return (received_on - KEY_EPOCH).days * KEY_SHIFT + case_id


def case_id_of(key: int) -> int:
    return key & ID_MASK


def _key(row: str) -> str:
    """SQL for the search key of a row of cases_case (`new`, `old` or an alias)."""
    return f"(CAST(julianday({row}.received_on) - 2415020.5 AS INTEGER) * {KEY_SHIFT} + {row}.id)"


_CUSTOMER_TEXT = (
    "coalesce((SELECT name || ' ' || customer_ref FROM cases_customer WHERE id = {row}.customer_id), '')"
)
_CHANGED = (
    "old.reference IS NOT new.reference OR old.summary IS NOT new.summary "
    "OR old.customer_id IS NOT new.customer_id OR old.received_on IS NOT new.received_on"
)
_CUSTOMER_CHANGED = "old.name IS NOT new.name OR old.customer_ref IS NOT new.customer_ref"


def _sqlite_insert_row(row: str) -> str:
    return (
        f"INSERT INTO {SEARCH_TABLE} (rowid, reference, customer, summary) "
        f"VALUES ({_key(row)}, {row}.reference, {_CUSTOMER_TEXT.format(row=row)}, {row}.summary)"
    )


def sqlite_index_cases(where: str = "") -> str:
    """One INSERT ... SELECT that indexes the cases matching `where` (all of them without)."""
    return (
        f"INSERT INTO {SEARCH_TABLE} (rowid, reference, customer, summary) "
        f"SELECT {_key('c')}, c.reference, coalesce(p.name || ' ' || p.customer_ref, ''), c.summary "
        f"FROM cases_case c LEFT JOIN cases_customer p ON p.id = c.customer_id {where}"
    )


SQLITE_TABLE = f"""CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5(
    reference, customer, summary, tokenize = 'unicode61 remove_diacritics 2'
)"""

# The triggers the import suspends (the delete trigger stays: it is cheap and rare).
SQLITE_WRITE_TRIGGERS = {
    "cases_case_search_insert": f"""CREATE TRIGGER cases_case_search_insert AFTER INSERT ON cases_case
    BEGIN
        {_sqlite_insert_row("new")};
    END""",
    "cases_case_search_update": f"""CREATE TRIGGER cases_case_search_update
    AFTER UPDATE OF reference, summary, customer_id, received_on ON cases_case WHEN {_CHANGED}
    BEGIN
        DELETE FROM {SEARCH_TABLE} WHERE rowid = {_key("old")};
        {_sqlite_insert_row("new")};
    END""",
    "cases_customer_search_update": f"""CREATE TRIGGER cases_customer_search_update
    AFTER UPDATE OF name, customer_ref ON cases_customer WHEN {_CUSTOMER_CHANGED}
    BEGIN
        DELETE FROM {SEARCH_TABLE} WHERE rowid IN (SELECT {_key("c")} FROM cases_case c WHERE c.customer_id = new.id);
        INSERT INTO {SEARCH_TABLE} (rowid, reference, customer, summary)
        SELECT {_key("c")}, c.reference, new.name || ' ' || new.customer_ref, c.summary
        FROM cases_case c WHERE c.customer_id = new.id;
    END""",
}
SQLITE_DELETE_TRIGGER = f"""CREATE TRIGGER cases_case_search_delete AFTER DELETE ON cases_case BEGIN
    DELETE FROM {SEARCH_TABLE} WHERE rowid = {_key("old")};
END"""

SQLITE_FORWARD = [
    SQLITE_TABLE,
    sqlite_index_cases(),
    *SQLITE_WRITE_TRIGGERS.values(),
    SQLITE_DELETE_TRIGGER,
]
SQLITE_BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_WRITE_TRIGGERS),
    "DROP TRIGGER IF EXISTS cases_case_search_delete",
    f"DROP TABLE IF EXISTS {SEARCH_TABLE}",
]

# While the import writes, these temporary triggers only note which cases to index (and the key
# of the row to remove first); the index is brought up to date in two statements at the end.
_PENDING = "temp.cases_search_pending"
_SQLITE_DEFER = [
    "CREATE TEMP TABLE cases_search_pending (id INTEGER PRIMARY KEY, old_key INTEGER)",
    *(f"DROP TRIGGER {name}" for name in SQLITE_WRITE_TRIGGERS),
    """CREATE TEMP TRIGGER cases_search_pending_insert AFTER INSERT ON main.cases_case BEGIN
        INSERT OR IGNORE INTO cases_search_pending (id, old_key) VALUES (new.id, NULL);
    END""",
    f"""CREATE TEMP TRIGGER cases_search_pending_update
    AFTER UPDATE OF reference, summary, customer_id, received_on ON main.cases_case WHEN {_CHANGED}
    BEGIN
        INSERT OR IGNORE INTO cases_search_pending (id, old_key) VALUES (new.id, {_key("old")});
    END""",
    f"""CREATE TEMP TRIGGER cases_search_pending_customer
    AFTER UPDATE OF name, customer_ref ON main.cases_customer WHEN {_CUSTOMER_CHANGED}
    BEGIN
        INSERT OR IGNORE INTO cases_search_pending (id, old_key)
        SELECT c.id, {_key("c")} FROM main.cases_case c WHERE c.customer_id = new.id;
    END""",
]
_SQLITE_CATCH_UP = [
    f"DELETE FROM {SEARCH_TABLE} WHERE rowid IN (SELECT old_key FROM {_PENDING} WHERE old_key IS NOT NULL)",
    sqlite_index_cases(f"WHERE c.id IN (SELECT id FROM {_PENDING})"),
    "DROP TRIGGER temp.cases_search_pending_customer",
    "DROP TRIGGER temp.cases_search_pending_update",
    "DROP TRIGGER temp.cases_search_pending_insert",
    f"DROP TABLE {_PENDING}",
    *SQLITE_WRITE_TRIGGERS.values(),
]

# PostgreSQL: the same text, split into words at anything but a letter or digit (as SQLite's
# unicode61 tokenizer does), without stemming, so that prefix queries match as on SQLite.
POSTGRESQL_FORWARD = [
    "ALTER TABLE cases_case ADD COLUMN search tsvector",
    """CREATE FUNCTION cases_search_document(reference text, customer text, summary text)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT to_tsvector('simple', regexp_replace(
            coalesce(reference, '') || ' ' || coalesce(customer, '') || ' ' || coalesce(summary, ''),
            '[^[:alnum:]]+', ' ', 'g'))
    $$""",
    """CREATE FUNCTION cases_case_search_fill() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        new.search := cases_search_document(
            new.reference,
            (SELECT name || ' ' || customer_ref FROM cases_customer WHERE id = new.customer_id),
            new.summary);
        RETURN new;
    END $$""",
    """CREATE TRIGGER cases_case_search BEFORE INSERT OR UPDATE OF reference, summary, customer_id
    ON cases_case FOR EACH ROW EXECUTE FUNCTION cases_case_search_fill()""",
    """CREATE FUNCTION cases_customer_search_fill() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF new.name IS DISTINCT FROM old.name OR new.customer_ref IS DISTINCT FROM old.customer_ref THEN
            UPDATE cases_case SET search = cases_search_document(
                reference, new.name || ' ' || new.customer_ref, summary)
            WHERE customer_id = new.id;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER cases_customer_search AFTER UPDATE OF name, customer_ref
    ON cases_customer FOR EACH ROW EXECUTE FUNCTION cases_customer_search_fill()""",
    """UPDATE cases_case c SET search = cases_search_document(
        c.reference, (SELECT name || ' ' || customer_ref FROM cases_customer WHERE id = c.customer_id), c.summary)""",
    "CREATE INDEX case_search ON cases_case USING gin (search)",
    # The indexes of the search this replaces (migrations 0003 and 0012); nothing else reads them.
    "DROP INDEX IF EXISTS case_search_text",
    "DROP INDEX IF EXISTS customer_search_name",
    "DROP INDEX IF EXISTS case_reference_trgm",
    "DROP INDEX IF EXISTS customer_ref_trgm",
    "DROP INDEX IF EXISTS customer_name_trgm",
]
POSTGRESQL_BACKWARD = [
    "DROP TRIGGER IF EXISTS cases_customer_search ON cases_customer",
    "DROP TRIGGER IF EXISTS cases_case_search ON cases_case",
    "DROP FUNCTION IF EXISTS cases_customer_search_fill()",
    "DROP FUNCTION IF EXISTS cases_case_search_fill()",
    "DROP INDEX IF EXISTS case_search",
    "ALTER TABLE cases_case DROP COLUMN IF EXISTS search",
    "DROP FUNCTION IF EXISTS cases_search_document(text, text, text)",
]


@contextmanager
def search_index_deferred() -> Iterator[None]:
    """Inside a transaction: while the block writes cases and customers, only note which cases
    the search index must take up, then index them all at once (SQLite: one INSERT ... SELECT).
    If the block fails, the transaction's rollback puts the triggers back as they were.

    PostgreSQL keeps its trigger: it computes the column in the same row write as the insert
    (`COPY`), where filling it afterwards would write every new row twice."""
    if connection.vendor != "sqlite":
        yield
        return
    assert connection.in_atomic_block, "search_index_deferred must run inside a transaction"
    with connection.cursor() as cursor:
        for statement in _SQLITE_DEFER:
            cursor.execute(statement)
    yield
    with connection.cursor() as cursor:
        for statement in _SQLITE_CATCH_UP:
            cursor.execute(statement)
