from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reporting", "0004_progress_items_to_notes")]

    operations = [
        migrations.RemoveField(model_name="progressitem", name="edition"),
        migrations.DeleteModel(name="ProgressItem"),
    ]
