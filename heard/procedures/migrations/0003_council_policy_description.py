"""The shipped council policy's description no longer names the rule that replaced it: a report for
a year before 2026 printed a rule from years after it."""

from django.db import migrations

OLD = (
    "The council's own corporate complaints policy, in force until the "
    "Ombudsman's Complaint Handling Code applied from 1 April 2026."
)
NEW = "The council's own corporate complaints policy."


def forwards(apps, schema_editor):
    RuleSet = apps.get_model("procedures", "RuleSet")
    RuleSet.objects.filter(description=OLD).update(description=NEW)


def backwards(apps, schema_editor):
    RuleSet = apps.get_model("procedures", "RuleSet")
    RuleSet.objects.filter(description=NEW).update(description=OLD)


class Migration(migrations.Migration):
    dependencies = [("procedures", "0002_shipped_rule_sets")]

    operations = [migrations.RunPython(forwards, backwards)]
