"""The ladder Heard ships: on the first working day overdue, the service's head; at 10 working days
overdue, the director. Councils change it in the admin, for every area or for one."""

from django.db import migrations


def add_defaults(apps, schema_editor):
    ChasePolicy = apps.get_model("chasing", "ChasePolicy")
    EscalationStep = apps.get_model("chasing", "EscalationStep")
    ChasePolicy.objects.get_or_create(pk=1)
    if not EscalationStep.objects.exists():
        EscalationStep.objects.create(service_area=None, after_working_days=1, recipient="head")
        EscalationStep.objects.create(service_area=None, after_working_days=10, recipient="director")


class Migration(migrations.Migration):
    dependencies = [("chasing", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
