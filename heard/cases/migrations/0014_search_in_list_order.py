"""The case search index in the case list's order.

SQLite: `cases_case_search` is made again with rowid = the case's search key (days received since
1900-01-01 × 2³² + id), so that FTS5 returns a word's newest matches first; its triggers also move
a case's row when the day it was received changes. PostgreSQL: one `tsvector` column per case,
kept by triggers on cases and customers, with a GIN index; the full-text and trigram indexes of
0003 and 0012 go. The SQL lives in `heard.cases.search_index`. See
docs/adr/0017-search-in-list-order.md.
"""

import importlib

from django.db import migrations

from heard.cases import search_index

OLD_SQLITE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS cases_customer_search_update",
    "DROP TRIGGER IF EXISTS cases_case_search_delete",
    "DROP TRIGGER IF EXISTS cases_case_search_update",
    "DROP TRIGGER IF EXISTS cases_case_search_insert",
    f"DROP TABLE IF EXISTS {search_index.SEARCH_TABLE}",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = OLD_SQLITE_TRIGGERS + search_index.SQLITE_FORWARD
    elif vendor == "postgresql":
        statements = search_index.POSTGRESQL_FORWARD
    else:
        return
    for statement in statements:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    previous = importlib.import_module("heard.cases.migrations.0012_search_index_and_list_index")
    if vendor == "sqlite":
        for statement in search_index.SQLITE_BACKWARD + previous.SQLITE_FORWARD:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        for statement in search_index.POSTGRESQL_BACKWARD + previous.POSTGRESQL_FORWARD:
            schema_editor.execute(statement)
        importlib.import_module("heard.cases.migrations.0003_search_indexes_on_postgresql").add(
            apps, schema_editor
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0013_report_covering_indexes")]

    operations = [migrations.RunPython(forward, backward)]
