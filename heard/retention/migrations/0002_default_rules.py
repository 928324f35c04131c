"""The retention rules Heard ships, in force from the start. A council reviews them with its records
manager and adds its own from a date in the admin (docs/retention.md)."""

from datetime import date

from django.db import migrations

DEFAULTS = [
    (
        "complaint",
        6,
        "IRMS Retention Guidelines for Local Authorities: complaints, 6 years after the complaint closed",
    ),
    (
        "looked_after_child",
        75,
        "Care Planning, Placement and Case Review (England) Regulations 2010, reg. 50: a looked-after "
        "child's case record is kept until their 75th birthday; counted from closing, which is later",
    ),
    ("compliment", 6, "Heard's default, as for complaints: set the council's own period"),
    ("comment", 6, "Heard's default, as for complaints: set the council's own period"),
]


def add_defaults(apps, schema_editor):
    RetentionRule = apps.get_model("retention", "RetentionRule")
    for record_class, years, source in DEFAULTS:
        RetentionRule.objects.get_or_create(
            record_class=record_class,
            effective_from=date(2000, 1, 1),
            defaults={"keep_years": years, "source": source},
        )


class Migration(migrations.Migration):
    dependencies = [("retention", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
