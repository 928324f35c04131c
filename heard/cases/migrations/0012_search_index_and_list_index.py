"""The case search index, and a covering index for the case list's commonest filters.

SQLite: an FTS5 table `cases_case_search` (rowid = case id) over each case's reference, its
customer's name and reference, and its summary, kept in step by triggers on cases and customers,
so that every writer (services, retention disposal, the import) keeps it right without knowing it
is there. PostgreSQL: the full-text indexes of 0003 stay; trigram indexes (pg_trgm) are added for
parts of names and references, in the `UPPER(...)` form that Django's `icontains` compares.
See docs/adr/0015-search-and-list-indexes.md.
"""

from django.db import migrations, models

SEARCH_TABLE = "cases_case_search"

CUSTOMER_TEXT = "coalesce((SELECT name || ' ' || customer_ref FROM cases_customer WHERE id = new.customer_id), '')"

SQLITE_FORWARD = [
    f"""CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5(
        reference, customer, summary, tokenize = 'unicode61 remove_diacritics 2'
    )""",
    f"""INSERT INTO {SEARCH_TABLE} (rowid, reference, customer, summary)
        SELECT c.id, c.reference, coalesce(p.name || ' ' || p.customer_ref, ''), c.summary
        FROM cases_case c LEFT JOIN cases_customer p ON p.id = c.customer_id""",
    f"""CREATE TRIGGER cases_case_search_insert AFTER INSERT ON cases_case BEGIN
        INSERT INTO {SEARCH_TABLE} (rowid, reference, customer, summary)
        VALUES (new.id, new.reference, {CUSTOMER_TEXT}, new.summary);
    END""",
    f"""CREATE TRIGGER cases_case_search_update AFTER UPDATE OF reference, summary, customer_id ON cases_case
    BEGIN
        DELETE FROM {SEARCH_TABLE} WHERE rowid = old.id;
        INSERT INTO {SEARCH_TABLE} (rowid, reference, customer, summary)
        VALUES (new.id, new.reference, {CUSTOMER_TEXT}, new.summary);
    END""",
    f"""CREATE TRIGGER cases_case_search_delete AFTER DELETE ON cases_case BEGIN
        DELETE FROM {SEARCH_TABLE} WHERE rowid = old.id;
    END""",
    f"""CREATE TRIGGER cases_customer_search_update AFTER UPDATE OF name, customer_ref ON cases_customer
    BEGIN
        DELETE FROM {SEARCH_TABLE} WHERE rowid IN (SELECT id FROM cases_case WHERE customer_id = new.id);
        INSERT INTO {SEARCH_TABLE} (rowid, reference, customer, summary)
        SELECT id, reference, new.name || ' ' || new.customer_ref, summary
        FROM cases_case WHERE customer_id = new.id;
    END""",
]

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS cases_customer_search_update",
    "DROP TRIGGER IF EXISTS cases_case_search_delete",
    "DROP TRIGGER IF EXISTS cases_case_search_update",
    "DROP TRIGGER IF EXISTS cases_case_search_insert",
    f"DROP TABLE IF EXISTS {SEARCH_TABLE}",
]

POSTGRESQL_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS customer_name_trgm ON cases_customer USING gin (UPPER(name) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS customer_ref_trgm ON cases_customer USING gin (UPPER(customer_ref) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS case_reference_trgm ON cases_case USING gin (UPPER(reference) gin_trgm_ops)",
]

POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS case_reference_trgm",
    "DROP INDEX IF EXISTS customer_ref_trgm",
    "DROP INDEX IF EXISTS customer_name_trgm",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_person_match_keys")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["service_area", "kind", "status", "received_on"], name="case_area_kind_status"
            ),
        ),
    ]
