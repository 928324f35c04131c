from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
        ("casework", "0002_move_public_attachments_into_documents"),
    ]

    operations = [migrations.DeleteModel(name="Attachment")]
