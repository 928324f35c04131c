from django.db import migrations

REASONS = ["Workload", "Waiting for information", "Complainant unavailable", "Other"]


def add_reasons(apps, schema_editor):
    DelayReason = apps.get_model("cases", "DelayReason")
    for position, name in enumerate(REASONS):
        DelayReason.objects.get_or_create(name=name, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_escalations_delays_and_action_owners")]
    operations = [migrations.RunPython(add_reasons, migrations.RunPython.noop)]
