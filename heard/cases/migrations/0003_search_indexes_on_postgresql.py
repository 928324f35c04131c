"""Full-text search indexes for the staff case list, on PostgreSQL only (SQLite has no GIN indexes
and searches word by word instead). Their names are the ones `cases.selectors.case_search` looks
for."""

from django.db import migrations


def search_indexes():
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    return [
        ("case", GinIndex(SearchVector("reference", "summary", config="english"), name="case_search_text")),
        ("customer", GinIndex(SearchVector("name", config="english"), name="customer_search_name")),
    ]


def add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in search_indexes():
        schema_editor.add_index(apps.get_model("cases", model_name), index)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in search_indexes():
        schema_editor.remove_index(apps.get_model("cases", model_name), index)


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_leaner_indexes")]
    operations = [migrations.RunPython(add, remove)]
